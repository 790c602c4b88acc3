import { randomUUID } from 'node:crypto';
import { Bus } from '@techcredit/bus';
import type { EventDef } from '@techcredit/contracts';
import { createLogger } from '@techcredit/log';

/** A bus in a platform's namespace, owned by a test (a bank's or the registry's producer). */
export function testBus(namespace: string, clientId = 'int-test'): Bus {
  return new Bus({
    brokers: (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(','),
    clientId,
    namespace,
    logger: createLogger(clientId, process.env.TEST_LOG_LEVEL ?? 'silent'),
  });
}

/** One event a test publishes: its definition, data, and the envelope fields it fixes. */
export interface Item {
  def: EventDef;
  data: unknown;
  id: string;
  occurredAt: string;
  source: string;
}

/** An event at `date` (Asia/Shanghai, `hour`:00), with a fresh id. */
export const item = (def: EventDef, data: unknown, source: string, date: string, hour = 10): Item => ({
  def,
  data,
  id: randomUUID(),
  occurredAt: `${date}T${String(hour).padStart(2, '0')}:00:00+08:00`,
  source,
});

/** Publishes items in order, in batches of 500; envelopes carry the items' own ids and times, so a second call is a redelivery. */
export async function publishAll(bus: Bus, items: readonly Item[]): Promise<void> {
  for (let i = 0; i < items.length; i += 500) {
    await bus.publishEnvelopes(
      items.slice(i, i + 500).map((it) => ({ def: it.def, envelope: bus.envelope(it.def, it.data, { id: it.id, occurredAt: it.occurredAt, source: it.source }) })),
    );
  }
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = Record<string, any>;

export async function getJson<T = Json>(url: string): Promise<{ status: number; body: T }> {
  const res = await fetch(url);
  return { status: res.status, body: (await res.json()) as T };
}

/** Sum of `techcredit_events_total` samples of a consumer group and outcome, from a service's /metrics. */
export async function eventCount(serviceUrl: string, group: string, outcome: string): Promise<number> {
  const text = await (await fetch(`${serviceUrl}/metrics`)).text();
  let total = 0;
  for (const line of text.split('\n')) {
    if (line.startsWith('techcredit_events_total{') && line.includes(`group="${group}"`) && line.includes(`outcome="${outcome}"`)) {
      total += Number(line.slice(line.lastIndexOf(' ') + 1));
    }
  }
  return total;
}

/**
 * Waits until a stats instance answers from an aggregate that has folded in every stored event
 * (`GET /v1/stats/freshness`: no change note and no changelog entry pending).
 */
export async function waitForStatsCurrent(statsUrl: string, timeoutMs = 60_000): Promise<void> {
  const { waitUntil } = await import('./helpers');
  await waitUntil('the statistics aggregate to be current', async () => (await getJson<{ current: boolean }>(`${statsUrl}/v1/stats/freshness`)).body.current, { timeoutMs });
}
