import { READ_BATCH, isDuplicateKey, type Collection, type CollectionSpec } from '@techcredit/store';
import { chainRecord, type AuditEntry, type AuditRecord, type ChainHead, type StoredRecord } from '../domain/audit';

/**
 * The audit trail in the gateway's own database (collection `audit_records`, docs/decisions/0015). Insert-only:
 * this module has no update and no delete. Two unique indexes keep it a chain while several gateway replicas
 * append at once without transactions:
 * - `_id` (the entry id, derived from the Idempotency-Key for keyed commands): a write is recorded once, even
 *   when it is run again after a crash;
 * - `(day, seq)`: one record per chain position. An appender that loses the race for seq n+1 gets a duplicate
 *   key, reads the record now at n+1 (by seq) and appends after it, with that record's hash as `prevHash`.
 * Within one process appends are serialised (one at a time), so only replicas race.
 */
export const AUDIT_COLLECTION: CollectionSpec = {
  name: 'audit_records',
  indexes: [{ key: { day: 1, seq: 1 }, unique: true }, { key: { subject: 1 } }, { key: { route: 1 } }],
};

type AuditDoc = Omit<AuditRecord, 'id'> & { _id: string };

export interface AuditQuery {
  date: string;
  subject?: string;
  route?: string;
  limit: number;
  offset: number;
}

export interface AuditStore {
  /** Appends the entry to the chain of its day; an entry already recorded (same id) returns the stored record. */
  append(entry: AuditEntry): Promise<{ record: AuditRecord; appended: boolean }>;
  /** One page of a day's records in chain order, and whether more follow. */
  list(q: AuditQuery): Promise<{ items: AuditRecord[]; hasMore: boolean }>;
  /** Every record of a day as stored, in seq order (for `verifyChain`). */
  day(date: string): Promise<StoredRecord[]>;
}

/** The chain operations `appendToChain` needs: a few indexed point reads and one insert. */
export interface ChainStorage {
  /** Inserts; 'duplicate' if the id or the (day, seq) position is taken. */
  insert(record: AuditRecord): Promise<'inserted' | 'duplicate'>;
  byId(id: string): Promise<AuditRecord | undefined>;
  bySeq(day: string, seq: number): Promise<AuditRecord | undefined>;
  last(day: string): Promise<AuditRecord | undefined>;
}

/** Chain positions one appender may lose in a row before giving up (each loss means another record was appended). */
export const MAX_APPEND_ATTEMPTS = 100;

/**
 * Appends with optimistic positions: after the cached head of the entry's day (read once per day with `last`),
 * the insert either takes seq n+1 or finds it taken — by this very entry (recorded already: returned as is)
 * or by another replica's record (which becomes the head; try n+2). `heads` is the caller's per-day cache.
 */
export async function appendToChain(
  storage: ChainStorage,
  heads: Map<string, ChainHead>,
  entry: AuditEntry,
  onRace?: () => void,
): Promise<{ record: AuditRecord; appended: boolean }> {
  const day = chainRecord(entry, undefined).day;
  let head = heads.get(day);
  if (!head) {
    const last = await storage.last(day);
    head = last && { seq: last.seq, hash: last.hash };
  }
  for (let attempt = 0; attempt < MAX_APPEND_ATTEMPTS; attempt++) {
    const record = chainRecord(entry, head);
    if ((await storage.insert(record)) === 'inserted') {
      remember(heads, day, { seq: record.seq, hash: record.hash });
      return { record, appended: true };
    }
    const existing = await storage.byId(entry.id);
    if (existing) return { record: existing, appended: false };
    onRace?.();
    const taken = await storage.bySeq(day, record.seq);
    // Taken by a record we cannot read yet (not expected on one primary): read the day's last instead.
    const next = taken ?? (await storage.last(day));
    head = next && { seq: next.seq, hash: next.hash };
  }
  throw new Error(`audit: no chain position for ${entry.id} on ${day} after ${MAX_APPEND_ATTEMPTS} attempts`);
}

/** Keeps the heads of the two most recent days (a write near midnight may still land on the previous one). */
function remember(heads: Map<string, ChainHead>, day: string, head: ChainHead): void {
  heads.set(day, head);
  if (heads.size > 2) {
    const oldest = [...heads.keys()].sort()[0]!;
    heads.delete(oldest);
  }
}

const toRecord = ({ _id, ...rest }: AuditDoc): AuditRecord => ({ id: _id, ...rest });
const toDoc = ({ id, ...rest }: AuditRecord): AuditDoc => ({ _id: id, ...rest });

export function mongoChainStorage(coll: Collection<AuditDoc>): ChainStorage {
  return {
    async insert(record) {
      try {
        await coll.insertOne(toDoc(record));
        return 'inserted';
      } catch (err) {
        if (isDuplicateKey(err)) return 'duplicate';
        throw err;
      }
    },
    async byId(id) {
      const d = await coll.findOne({ _id: id });
      return d ? toRecord(d) : undefined;
    },
    async bySeq(day, seq) {
      const d = await coll.findOne({ day, seq });
      return d ? toRecord(d) : undefined;
    },
    async last(day) {
      const [d] = await coll.find({ day }).sort({ seq: -1 }).limit(1).toArray();
      return d ? toRecord(d) : undefined;
    },
  };
}

export function auditStore(collection: Collection, opts: { onRace?: () => void } = {}): AuditStore {
  const coll = collection as unknown as Collection<AuditDoc>;
  const storage = mongoChainStorage(coll);
  const heads = new Map<string, ChainHead>();
  let queue: Promise<unknown> = Promise.resolve();
  return {
    append(entry) {
      const run = queue.then(() => appendToChain(storage, heads, entry, opts.onRace));
      queue = run.catch(() => undefined);
      return run;
    },
    async list(q) {
      const filter: Record<string, unknown> = { day: q.date };
      if (q.subject !== undefined) filter.subject = q.subject;
      if (q.route !== undefined) filter.route = q.route;
      const docs = await coll.find(filter).sort({ seq: 1 }).skip(q.offset).limit(q.limit + 1).toArray();
      return { items: docs.slice(0, q.limit).map(toRecord), hasMore: docs.length > q.limit };
    },
    async day(date) {
      const docs = await coll.find({ day: date }).sort({ seq: 1 }).batchSize(READ_BATCH).toArray();
      return docs.map((d) => toRecord(d) as unknown as StoredRecord);
    },
  };
}
