import pMap from 'p-map';
import mongoose, { type Connection, type Model } from 'mongoose';
import type { Logger } from '@techcredit/log';
import { attachGinIndexer, postgresGinIndexer } from './indexes';

export { ensureCollection, ginIndexerOf, type CollectionSpec, type IndexSpec } from './indexes';

export type { Connection, Model } from 'mongoose';
export type { Collection, Document } from 'mongodb';

/**
 * One MongoDB-wire connection per service (its own database: a service never reads another's).
 * Retries with backoff while the database is not yet up. Only the portable subset that both MongoDB and
 * FerretDB v1 serve is used: no transactions, no change streams, aggregation with $match/$group/$sort/
 * $project/$unwind/$limit/$skip only.
 */
export async function connectStore(opts: {
  url: string;
  dbName: string;
  logger: Logger;
  attempts?: number;
  /** The PostgreSQL database behind FerretDB (FERRETDB_POSTGRES_URL): enables the GIN index step. */
  postgresUrl?: string;
}): Promise<Connection> {
  const attempts = opts.attempts ?? 30;
  let lastError: unknown;
  for (let attempt = 1; attempt <= attempts; attempt++) {
    const conn = mongoose.createConnection(opts.url, {
      dbName: opts.dbName,
      serverSelectionTimeoutMS: 5000,
      autoIndex: true,
      maxPoolSize: 20,
    });
    try {
      await conn.asPromise();
      const info = (await conn.db!.admin().command({ buildInfo: 1 })) as { ferretdbVersion?: string; ferretdbFeatures?: unknown };
      const ferret = info.ferretdbVersion !== undefined;
      if (opts.postgresUrl) {
        const indexer = postgresGinIndexer(opts.postgresUrl, opts.logger);
        attachGinIndexer(conn, indexer);
        conn.on('close', () => void indexer.close());
      } else if (ferret) {
        opts.logger.warn('FerretDB without FERRETDB_POSTGRES_URL: equality filters are not indexed, every query scans');
      }
      opts.logger.info({ dbName: opts.dbName, attempt, ferretdb: ferret, ginIndexes: !!opts.postgresUrl }, 'database connected');
      return conn;
    } catch (err) {
      lastError = err;
      await conn.close().catch(() => undefined);
      const wait = Math.min(5000, 200 * 2 ** (attempt - 1));
      opts.logger.warn({ attempt, wait, err: (err as Error).message }, 'database not reachable, retrying');
      await new Promise((r) => setTimeout(r, wait));
    }
  }
  throw new Error(`database unreachable after ${attempts} attempts: ${(lastError as Error)?.message}`);
}

export function isDuplicateKey(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { code?: number }).code === 11000;
}

/**
 * Insert-only ledger write: the document's `_id` derives from an event id, so a second delivery of the
 * same event is a duplicate key and changes nothing.
 */
/** A mongoose model or a native collection: the helpers below only need the native collection. */
type NativeLike = { insertOne: (...a: never[]) => unknown };
export type CollectionLike = NativeLike | { collection: NativeLike };
// eslint-disable-next-line @typescript-eslint/no-explicit-any
function nativeOf(m: CollectionLike): any {
  return 'collection' in m && typeof (m as { collection?: unknown }).collection === 'object' ? (m as { collection: unknown }).collection : m;
}

export async function insertOnce<D extends { _id: string }>(model: CollectionLike, doc: D): Promise<'inserted' | 'duplicate'> {
  try {
    await nativeOf(model).insertOne(doc);
    return 'inserted';
  } catch (err) {
    if (isDuplicateKey(err)) return 'duplicate';
    throw err;
  }
}

/** Unordered bulk insert that treats duplicate keys as already applied. Returns how many were new. */
export async function insertManyOnce<D extends { _id: string }>(model: CollectionLike, docs: D[]): Promise<number> {
  const { duplicates } = await insertManyReportingDuplicates(model, docs);
  return docs.length - (duplicates?.size ?? 0);
}

/**
 * Unordered bulk insert (one round trip) that reports which documents were already there: `duplicates`
 * holds their indexes in `docs`, or is `null` when the server reported a duplicate without saying which
 * (then the caller must look each one up). Any other write error throws.
 */
export async function insertManyReportingDuplicates<D extends { _id: string }>(
  model: CollectionLike,
  docs: D[],
): Promise<{ duplicates: Set<number> | null }> {
  if (docs.length === 0) return { duplicates: new Set() };
  try {
    await nativeOf(model).insertMany(docs, { ordered: false });
    return { duplicates: new Set() };
  } catch (err) {
    const e = err as { code?: number; writeErrors?: { code: number; index?: number }[] | { code: number; index?: number } };
    const writeErrors = Array.isArray(e.writeErrors) ? e.writeErrors : e.writeErrors ? [e.writeErrors] : [];
    if (writeErrors.length === 0 && e.code === 11000) return { duplicates: null };
    if (writeErrors.length === 0 || !writeErrors.every((w) => w.code === 11000)) throw err;
    if (!writeErrors.every((w) => typeof w.index === 'number')) return { duplicates: null };
    return { duplicates: new Set(writeErrors.map((w) => w.index!)) };
  }
}

/** Inbox: ids of events a consumer group has fully applied (a fast path; effects are idempotent anyway). */
export interface InboxDoc {
  _id: string;
  at: Date;
}
export function inboxModel(conn: Connection): Model<InboxDoc> {
  return (conn.models.Inbox as Model<InboxDoc> | undefined) ??
    conn.model<InboxDoc>('Inbox', new mongoose.Schema<InboxDoc>({ _id: String, at: Date }, { versionKey: false }), 'inbox');
}

/** Events parked because a prerequisite has not arrived (a repayment before its disbursement). */
export interface ParkedDoc {
  _id: string;
  group: string;
  topic: string;
  envelope: string;
  reason: string;
  firstParkedAt: Date;
  attempts: number;
  nextAt: Date;
}
export function parkedModel(conn: Connection): Model<ParkedDoc> {
  return (conn.models.Parked as Model<ParkedDoc> | undefined) ??
    conn.model<ParkedDoc>(
      'Parked',
      new mongoose.Schema<ParkedDoc>(
        {
          _id: String,
          group: { type: String, index: true },
          topic: String,
          envelope: String,
          reason: String,
          firstParkedAt: Date,
          attempts: Number,
          nextAt: { type: Date, index: true },
        },
        { versionKey: false },
      ),
      'parked_events',
    );
}

/**
 * `$group` with several accumulators, portable to FerretDB v1: FerretDB v1.24 computes only the FIRST
 * accumulator of a `$group` stage and returns 0 for the others (docs/decisions/0003-ferretdb-one-accumulator.md).
 * So each accumulator runs as its own pipeline and the rows are merged by group key.
 * `by` is a field path expression (`'$bankId'`) or null for one total row; `sums` maps output names to a
 * `$sum` operand (`1` to count, `'$amountFen'` to add a field).
 */
export async function groupSums<K extends string>(
  model: CollectionLike,
  opts: { match?: Record<string, unknown>; by: string | null; sums: Record<K, 1 | string> },
): Promise<({ key: unknown } & Record<K, number>)[]> {
  const rows = new Map<string, { key: unknown } & Record<K, number>>();
  const names = Object.keys(opts.sums) as K[];
  for (const name of names) {
    const pipeline: object[] = [];
    if (opts.match) pipeline.push({ $match: opts.match });
    pipeline.push({ $group: { _id: opts.by, v: { $sum: opts.sums[name] } } });
    const result = (await nativeOf(model).aggregate(pipeline).toArray()) as { _id: unknown; v: number }[];
    for (const r of result) {
      const id = JSON.stringify(r._id ?? null);
      let row = rows.get(id);
      if (!row) {
        row = { key: r._id ?? null } as { key: unknown } & Record<K, number>;
        for (const n of names) (row as Record<string, unknown>)[n] = 0;
        rows.set(id, row);
      }
      (row as Record<string, unknown>)[name] = r.v;
    }
  }
  return [...rows.values()];
}

/**
 * Batch size for reads that drain a cursor (`find(...).batchSize(READ_BATCH).toArray()`). FerretDB v1 on
 * PostgreSQL keeps a pooled PostgreSQL connection for every open cursor until its last getMore (reproduced
 * with a pool of 5: six undrained cursors and the next query waits forever), and the driver's default first
 * batch of 101 documents leaves a cursor open for any larger read. With one large batch the first reply holds
 * the whole answer for nearly every read and closes the cursor; 10,000 documents of this platform stay well
 * under the 16 MB message. docs/decisions/0014.
 */
export const READ_BATCH = 10_000;

/**
 * Replaces (upserting) each document by `_id`: one statement per command, `concurrency` commands at a time.
 * Not one bulkWrite: FerretDB v1.24.2 keeps the pooled PostgreSQL connection of every statement of a
 * multi-statement update that matched an existing document until the whole command ends, so a bulk of N
 * existing documents needs N connections at once. Four concurrent bulks of 400 held all 900 of FerretDB's
 * connections and stalled every service on the machine (reproduced with a pool of 5: a bulk of 20 never
 * returns). docs/decisions/0014.
 */
export async function replaceEach<D extends { _id: string }>(model: CollectionLike, docs: readonly D[], concurrency = 8): Promise<void> {
  const coll = nativeOf(model);
  await pMap(docs, (d) => coll.replaceOne({ _id: d._id }, d, { upsert: true }), { concurrency });
}
