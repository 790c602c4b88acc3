import { READ_BATCH, isDuplicateKey, type Collection, type CollectionSpec } from '@techcredit/store';
import { auditDay, chainRecord, type AuditEntry, type AuditRecord, type ChainHead, type StoredRecord } from '../domain/audit';

/**
 * The audit trail in the gateway's own database (collection `audit_records`, docs/decisions/0015). Insert-only:
 * this module has no update and no delete. Two unique indexes keep it a chain while several gateway replicas
 * append at once without transactions:
 * - `_id` (the entry id, derived from the Idempotency-Key for keyed commands): a write is recorded once, even
 *   when it is run again after a crash;
 * - `(day, seq)`: one record per chain position. An appender that loses the race for seq n+1 gets a duplicate
 *   key, reads the record now at n+1 (by seq) and appends after it, with that record's hash as `prevHash`.
 *   Every append probes seq n+1 first, so a busy replica does not keep a slower one from ever winning.
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
/** Records a head is moved on one at a time (by seq) before one read of the day's last record instead. */
export const WALK_STEPS = 8;
/** Upper bound of the random pause after a lost position (it grows 1, 2, 4… ms up to this). */
export const MAX_BACKOFF_MS = 32;

const toHead = (r: AuditRecord | undefined): ChainHead | undefined => r && { seq: r.seq, hash: r.hash };
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Moves `head` to the day's last record: probes seq + 1 (an indexed point read) and steps on while it exists;
 * after `WALK_STEPS` steps (a replica that was idle while others appended) one read of the day's last record.
 */
async function catchUp(storage: ChainStorage, day: string, head: ChainHead | undefined): Promise<ChainHead | undefined> {
  for (let step = 0; step < WALK_STEPS; step++) {
    const next = await storage.bySeq(day, (head?.seq ?? 0) + 1);
    if (!next) return head;
    head = toHead(next);
  }
  const last = toHead(await storage.last(day));
  return last && last.seq > (head?.seq ?? 0) ? last : head;
}

/**
 * Appends with optimistic positions. Every attempt first catches the head up with the stored chain (so an
 * appender that keeps winning pays the same probe as one that just lost, and neither starves the other), then
 * inserts the record for seq + 1. A duplicate key means this very entry is recorded already (found by id:
 * returned as is) or another replica took the position (pause a random moment, catch up, try again).
 * `heads` is the caller's per-day cache of the last record it appended or saw.
 */
export async function appendToChain(
  storage: ChainStorage,
  heads: Map<string, ChainHead>,
  entry: AuditEntry,
  onRace?: () => void,
): Promise<{ record: AuditRecord; appended: boolean }> {
  const day = auditDay(entry.at);
  let head = heads.get(day) ?? toHead(await storage.last(day));
  for (let attempt = 0; attempt < MAX_APPEND_ATTEMPTS; attempt++) {
    head = await catchUp(storage, day, head);
    const record = chainRecord(entry, head);
    if ((await storage.insert(record)) === 'inserted') {
      remember(heads, day, { seq: record.seq, hash: record.hash });
      return { record, appended: true };
    }
    const existing = await storage.byId(entry.id);
    if (existing) return { record: existing, appended: false };
    onRace?.();
    await pause(Math.random() * Math.min(MAX_BACKOFF_MS, 2 ** attempt));
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
