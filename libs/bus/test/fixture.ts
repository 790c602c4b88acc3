import mongoose, { type Connection, type Model } from 'mongoose';
import { z } from 'zod';
import { defineEvent } from '@techcredit/contracts';
import { insertOnce } from '@techcredit/store';
import type { Bus, ConsumeOptions, ConsumerHandle } from '../src';

/** A test-only event on its own topic: one ledger document per event, `_id` = event id. */
export const LEDGER_TOPIC = 'test.ledger.v1';
export const LedgerEntry = defineEvent({
  type: 'test.ledger_entry',
  version: 1,
  topic: LEDGER_TOPIC,
  schema: z.object({ account: z.string(), amountFen: z.number().int().positive() }).strict(),
  key: (d) => d.account,
});

export interface LedgerDoc {
  _id: string;
  account: string;
  amountFen: number;
}

export function ledgerModel(conn: Connection): Model<LedgerDoc> {
  return (conn.models.Ledger as Model<LedgerDoc> | undefined) ??
    conn.model<LedgerDoc>('Ledger', new mongoose.Schema<LedgerDoc>({ _id: String, account: String, amountFen: Number }, { versionKey: false }), 'ledger');
}

export interface LedgerConsumerOptions {
  delayMs?: number;
  /** Called when the single path stored a new document. */
  onApplied?: (id: string) => void;
  /** Called for every event the single path handled. */
  onHandled?: (id: string) => void;
  groupId?: string;
  handleMany?: ConsumeOptions['handleMany'];
  /** The first `hangFirst` events handled never return (a consumer stuck with no fetch, heartbeat or progress). */
  hangFirst?: number;
  stallMs?: number;
}

export function startLedgerConsumer(bus: Bus, conn: Connection, opts: LedgerConsumerOptions = {}): ConsumerHandle {
  const Ledger = ledgerModel(conn);
  let toHang = opts.hangFirst ?? 0;
  return bus.consume({
    stallMs: opts.stallMs,
    groupId: opts.groupId ?? 'ledger-test',
    handleMany: opts.handleMany,
    topics: [LEDGER_TOPIC],
    events: [LedgerEntry],
    store: conn,
    partitionsConsumedConcurrently: 1,
    sessionTimeoutMs: 6000,
    handle: async (ev) => {
      const data = ev.data as z.infer<typeof LedgerEntry.schema>;
      opts.onHandled?.(ev.id);
      if (toHang > 0) {
        toHang--;
        await new Promise<never>(() => undefined);
      }
      if (opts.delayMs) await new Promise((r) => setTimeout(r, opts.delayMs));
      const res = await insertOnce(Ledger, { _id: ev.id, account: data.account, amountFen: data.amountFen });
      if (res === 'inserted') opts.onApplied?.(ev.id);
      return { outcome: 'done' };
    },
  });
}
