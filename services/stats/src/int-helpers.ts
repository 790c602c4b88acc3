/** Helpers of the stats integration tests (real Kafka + database): publishing, HTTP reads, metrics. */
import { Bus } from '@techcredit/bus';
import type { EventDef } from '@techcredit/contracts';
import { createLogger } from '@techcredit/log';

export function testBus(namespace: string): Bus {
  return new Bus({
    brokers: (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(','),
    clientId: 'stats-int-test',
    namespace,
    logger: createLogger('stats-int-test', process.env.TEST_LOG_LEVEL ?? 'silent'),
  });
}

export interface Item {
  def: EventDef;
  data: unknown;
  id: string;
  occurredAt: string;
  source: string;
}

/** Publishes items in order, in batches of 500 (envelopes carry the items' own ids and times). */
export async function publishAll(bus: Bus, items: readonly Item[]): Promise<void> {
  for (let i = 0; i < items.length; i += 500) {
    await bus.publishEnvelopes(
      items.slice(i, i + 500).map((it) => ({
        def: it.def,
        envelope: bus.envelope(it.def, it.data, { id: it.id, occurredAt: it.occurredAt, source: it.source }),
      })),
    );
  }
}

export async function getJson<T = Record<string, unknown>>(url: string): Promise<{ status: number; body: T }> {
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
