import type { Connection } from '@techcredit/store';
import { insertOnce } from '@techcredit/store';
import type { IdempotencyRecord, StoredAnswer } from '../domain/idempotency';

/**
 * Idempotency keys in the gateway's own database (collection `idempotency_keys`). The `_id` is unique per
 * (principal scope, key), so of two concurrent first requests exactly one inserts and runs; the other
 * sees the record. Answers are stored as JSON text (any response body, whatever its keys). Every change of
 * a record is one conditional update guarded by the holder's `lockedAt` (FerretDB v1: no transactions).
 */
interface KeyDoc {
  _id: string;
  scope: string;
  key: string;
  fingerprint: string;
  state: 'pending' | 'done';
  lockedAt: number;
  answer?: { status: number; problem: boolean; json: string };
  /** The audit record of the accepted write this key ran (docs/decisions/0015); a replay refers to it. */
  auditId?: string;
  createdAt: Date;
  updatedAt: Date;
}

export type Claim = { claimed: true; lockedAt: number } | { claimed: false; record: IdempotencyRecord };

export interface IdempotencyStore {
  /** Inserts a pending record, or returns the existing one. */
  claim(id: string, meta: { scope: string; key: string; fingerprint: string }, nowMs: number): Promise<Claim>;
  /** Takes over a stale pending record (only if it is still held since `lockedAt`). */
  takeOver(id: string, lockedAt: number, nowMs: number): Promise<boolean>;
  /** Records the answer and the write's audit record id, if it was recorded (only while still the holder). */
  complete(id: string, lockedAt: number, answer: StoredAnswer, nowMs: number, auditId?: string): Promise<void>;
  /** Deletes a pending record after a failure that should not be remembered (only while still the holder). */
  release(id: string, lockedAt: number): Promise<void>;
}

function toRecord(doc: KeyDoc): IdempotencyRecord {
  const record: IdempotencyRecord = { fingerprint: doc.fingerprint, state: doc.state, lockedAt: doc.lockedAt };
  if (doc.answer) record.answer = { status: doc.answer.status, problem: doc.answer.problem, body: JSON.parse(doc.answer.json) as unknown };
  if (doc.auditId !== undefined) record.auditId = doc.auditId;
  return record;
}

export function idempotencyStore(conn: Connection): IdempotencyStore {
  const keys = conn.db!.collection<KeyDoc>('idempotency_keys');
  return {
    async claim(id, meta, nowMs) {
      // Bounded: a record can vanish between the insert and the read only when its holder released it.
      for (let attempt = 0; attempt < 5; attempt++) {
        const now = new Date(nowMs);
        const doc: KeyDoc = { _id: id, ...meta, state: 'pending', lockedAt: nowMs, createdAt: now, updatedAt: now };
        if ((await insertOnce(keys, doc)) === 'inserted') return { claimed: true, lockedAt: nowMs };
        const existing = await keys.findOne({ _id: id });
        if (existing) return { claimed: false, record: toRecord(existing) };
      }
      throw new Error('idempotency key claimed and released repeatedly');
    },
    async takeOver(id, lockedAt, nowMs) {
      const r = await keys.updateOne({ _id: id, state: 'pending', lockedAt }, { $set: { lockedAt: nowMs, updatedAt: new Date(nowMs) } });
      return r.modifiedCount === 1;
    },
    async complete(id, lockedAt, answer, nowMs, auditId) {
      await keys.updateOne(
        { _id: id, state: 'pending', lockedAt },
        {
          $set: {
            state: 'done',
            answer: { status: answer.status, problem: answer.problem, json: JSON.stringify(answer.body ?? null) },
            ...(auditId === undefined ? {} : { auditId }),
            updatedAt: new Date(nowMs),
          },
        },
      );
    },
    async release(id, lockedAt) {
      await keys.deleteOne({ _id: id, state: 'pending', lockedAt });
    },
  };
}
