/**
 * The region's total loan balances (reference input of the spread, DOMAIN.md §7), one document per date.
 * A posting replaces the stored one only if it is later (by `occurredAt`, then event id), with one
 * conditional upsert: redelivery and any arrival order give the same result.
 */
import type { Envelope, TotalLoansPosted } from '@techcredit/contracts';
import { isDuplicateKey, type Collection, type Connection, READ_BATCH } from '@techcredit/store';

export interface TotalLoansDoc {
  _id: string;
  date: string;
  balanceFen: number;
  region: '65';
  eventId: string;
  /** As posted (the envelope's `occurredAt`). */
  postedAt: string;
  /** `<UTC instant>|<event id>`: the order in which postings for one date replace each other. */
  rank: string;
}

export function totalLoansCollection(conn: Connection): Collection<TotalLoansDoc> {
  return conn.db!.collection<TotalLoansDoc>('reference_total_loans');
}

/** Stores the posting unless a later one for the same date is already stored. */
export async function recordTotalLoans(col: Collection<TotalLoansDoc>, ev: Envelope<TotalLoansPosted>): Promise<'stored' | 'superseded'> {
  const d = ev.data;
  const rank = `${new Date(ev.occurredAt).toISOString()}|${ev.id}`;
  const doc = { date: d.date, balanceFen: d.balanceFen, region: d.region, eventId: ev.id, postedAt: ev.occurredAt, rank };
  try {
    // Matches only an older posting; when a later (or the same) one is stored the upsert's insert collides.
    await col.updateOne({ _id: d.date, rank: { $lt: rank } }, { $set: doc }, { upsert: true });
    return 'stored';
  } catch (err) {
    if (isDuplicateKey(err)) return 'superseded';
    throw err;
  }
}

export async function allTotalLoans(col: Collection<TotalLoansDoc>): Promise<TotalLoansDoc[]> {
  return col.find({}).sort({ _id: 1 }).batchSize(READ_BATCH).toArray();
}
