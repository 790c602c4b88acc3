import type { Bus, PublishMeta } from '@techcredit/bus';
import type { Envelope, EventDef } from '@techcredit/contracts';
import { HttpProblem } from '@techcredit/service';

/** What the gateway publishes: one batch of events, all or (on failure) none acknowledged to the caller. */
export interface Publisher {
  publish(items: readonly { def: EventDef; data: unknown; meta: PublishMeta }[]): Promise<Envelope[]>;
}

/**
 * Publishes through the bus (acks=all, one request in flight; decision 0021) in one batch. A broker failure is a 503
 * problem: the caller retries (with its Idempotency-Key or its event ids, so a retry is harmless).
 */
export function busPublisher(bus: Bus): Publisher {
  return {
    async publish(items) {
      // Data was validated against the same schemas: a throw here is a gateway bug (500), not a 4xx.
      const built = items.map(({ def, data, meta }) => ({ def, envelope: bus.envelope(def, data, meta) }));
      try {
        await bus.publishEnvelopes(built);
      } catch (err) {
        bus.logger.warn({ err: (err as Error).message, events: built.length }, 'publishing failed');
        throw new HttpProblem({
          status: 503,
          type: 'bus-unavailable',
          title: 'Service unavailable',
          detail: 'the event bus did not accept the events; retry the request (with the same Idempotency-Key)',
          headers: { 'Retry-After': '2' },
        });
      }
      return built.map((b) => b.envelope);
    },
  };
}
