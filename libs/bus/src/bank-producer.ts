import { checkLoanEvents, loanEventDef, Topics, type Envelope, type LoanBatchCheck } from '@techcredit/contracts';
import type { Logger } from '@techcredit/log';
import { Bus } from './bus';

/**
 * A bank's system producing loan and pledge events straight to Kafka (ARCHITECTURE.md "Flow"), under the
 * contract of `POST /v1/loan-events`: a batch of 1..1000 items `{ id, type, occurredAt, data }` is checked
 * whole with the contracts' `checkLoanEvents` (item schemas, the borrower's credit-code check character,
 * an event id once per batch, every `loan.disbursed` for this bank) and refused whole — nothing sent — if
 * any item is bad. A good batch is one send of envelopes on the loan topic: key = loanId, `source: bank:<bankId>`,
 * the bank's event ids (its idempotency keys: a re-send is harmless, consumers apply an id once), acks=all
 * with one request in flight (the bus producer, decision 0021). Consumers validate again and dead-letter what does not pass, so a system
 * that bypasses this client cannot corrupt the ledgers either.
 */
export interface BankProducerOptions {
  brokers: string[];
  bankId: string;
  /** The platform's TECHCREDIT_NAMESPACE (topic prefix), if any. */
  namespace?: string;
  logger: Logger;
  clientId?: string;
}

export class BankBatchRefused extends Error {
  constructor(readonly check: Exclude<LoanBatchCheck, { ok: true }>) {
    super(
      check.reason === 'INVALID'
        ? `loan-event batch refused, nothing sent: ${check.invalidItems.length ? `invalid items at index ${check.invalidItems.join(', ')}` : 'not { events: [1..1000] }'}: ${check.issues
            .slice(0, 5)
            .map((i) => `${i.path.join('.')}: ${i.message}`)
            .join('; ')}`
        : `loan-event batch refused, nothing sent: loan.disbursed for another bank at index ${check.items.join(', ')}`,
    );
    this.name = 'BankBatchRefused';
  }
}


export class BankProducer {
  private readonly bus: Bus;
  readonly source: string;

  constructor(private readonly opts: BankProducerOptions) {
    this.bus = new Bus({ brokers: opts.brokers, clientId: opts.clientId ?? `bank-${opts.bankId}`, namespace: opts.namespace, logger: opts.logger });
    this.source = `bank:${opts.bankId}`;
  }

  /** The physical loan topic this producer writes to. */
  get topic(): string {
    return this.bus.topic(Topics.loan);
  }

  /** Connects to the broker now (optional: `send` connects on first use). */
  async connect(): Promise<void> {
    await this.bus.connectProducer();
  }

  /** Checks the batch, then produces every event in one send; resolves once Kafka acknowledged all of them. */
  async send(events: readonly unknown[], meta: { correlationId?: string } = {}): Promise<Envelope[]> {
    const check = checkLoanEvents({ events }, this.opts.bankId);
    if (!check.ok) throw new BankBatchRefused(check);
    const built = check.items.map((item) => {
      const def = loanEventDef(item);
      return { def, envelope: this.bus.envelope(def, item.data, { id: item.id, occurredAt: item.occurredAt, source: this.source, correlationId: meta.correlationId }) };
    });
    await this.bus.publishEnvelopes(built);
    return built.map((b) => b.envelope);
  }

  async disconnect(): Promise<void> {
    await this.bus.disconnect();
  }
}
