import type { Collection, Document, IndexSpecification } from 'mongodb';
import { Pool } from 'pg';
import type { Connection } from 'mongoose';
import type { Logger } from '@techcredit/log';

/**
 * Every collection a service owns is declared once, with its indexes. `ensureCollection` makes the
 * declaration true on whichever MongoDB-wire database answers:
 * - MongoDB (and FerretDB): `createIndexes` with the declared keys (unique ones enforce uniqueness).
 * - FerretDB v1 on PostgreSQL: FerretDB sends every equality filter as `_jsonb->'field' @> value`, which its
 *   own btree indexes cannot serve, so each query scans (docs/decisions/0008). For each declared top-level
 *   field (and `_id`) we add, on FerretDB's own table, `CREATE INDEX … USING gin ((_jsonb->'field')
 *   jsonb_path_ops)`: findOne / updateOne / deleteOne / find by that field then use the index. FerretDB does
 *   not see these indexes; dropping the collection drops them, and this step re-creates them at start-up.
 * Filters must stay equality filters on declared fields (no `$in`, no aggregation `$match` on large
 * collections: FerretDB never pushes those down).
 */
export interface IndexSpec {
  /** Field → direction; only top-level fields get a PostgreSQL GIN index. */
  key: Record<string, 1 | -1>;
  unique?: boolean;
}

export interface CollectionSpec {
  name: string;
  indexes?: readonly IndexSpec[];
}

/** The PostgreSQL database behind FerretDB, for the GIN step (absent on MongoDB). */
export interface GinIndexer {
  ensure(dbName: string, collection: string, fields: readonly string[]): Promise<number>;
  close(): Promise<void>;
}

const indexers = new WeakMap<Connection, GinIndexer>();

/** Called by `connectStore` when FERRETDB_POSTGRES_URL is set. */
export function attachGinIndexer(conn: Connection, indexer: GinIndexer): void {
  indexers.set(conn, indexer);
}

export function ginIndexerOf(conn: Connection): GinIndexer | undefined {
  return indexers.get(conn);
}

const quoteIdent = (s: string): string => `"${s.replace(/"/g, '""')}"`;
const quoteLiteral = (s: string): string => `'${s.replace(/'/g, "''")}'`;

/** A short, stable, valid PostgreSQL index name for (table, field). */
function ginIndexName(table: string, field: string): string {
  let h = 0x811c9dc5;
  for (const ch of `${table}.${field}`) h = Math.imul(h ^ ch.charCodeAt(0), 0x01000193) >>> 0;
  const safe = field.replace(/[^A-Za-z0-9_]/g, '_').toLowerCase().slice(0, 20);
  return `${table.slice(0, 30)}_${safe}_gin_${h.toString(16)}`;
}

export function postgresGinIndexer(url: string, logger: Logger): GinIndexer {
  const pool = new Pool({ connectionString: url, max: 2, idleTimeoutMillis: 10_000 });
  pool.on('error', (err) => logger.warn({ err: err.message }, 'postgres pool error (GIN index step)'));
  return {
    async ensure(dbName, collection, fields) {
      const meta = await pool.query<{ table: string }>(
        `SELECT _jsonb->>'table' AS table FROM ${quoteIdent(dbName)}._ferretdb_database_metadata WHERE _jsonb->>'_id' = $1`,
        [collection],
      );
      const table = meta.rows[0]?.table;
      if (!table) throw new Error(`FerretDB has no table for ${dbName}.${collection} (is FERRETDB_POSTGRES_URL the database behind MONGO_URL?)`);
      let created = 0;
      for (const field of fields) {
        const name = ginIndexName(table, field);
        const sql =
          `CREATE INDEX IF NOT EXISTS ${quoteIdent(name)} ON ${quoteIdent(dbName)}.${quoteIdent(table)} ` +
          `USING gin ((_jsonb->${quoteLiteral(field)}) jsonb_path_ops)`;
        try {
          const before = await pool.query(`SELECT 1 FROM pg_indexes WHERE schemaname = $1 AND indexname = $2`, [dbName, name]);
          if (before.rowCount) continue;
          await pool.query(sql);
          created += 1;
        } catch (err) {
          // Two instances of one service may race to create the same index: the loser's error is harmless.
          const code = (err as { code?: string }).code;
          if (code !== '42P07' && code !== '23505') throw err;
        }
      }
      return created;
    },
    async close() {
      await pool.end().catch(() => undefined);
    },
  };
}

/**
 * Creates the collection (if missing) and its declared indexes, then the GIN step when the database is
 * FerretDB on PostgreSQL. Idempotent; safe when several instances of a service start at once.
 */
export async function ensureCollection<T extends Document = Document>(
  conn: Connection,
  spec: CollectionSpec,
  logger?: Logger,
): Promise<Collection<T>> {
  const db = conn.db!;
  const coll = db.collection<T>(spec.name);
  const exists = (await db.listCollections({ name: spec.name }, { nameOnly: true }).toArray()).length > 0;
  if (!exists) {
    await db.createCollection(spec.name).catch((err: { code?: number; codeName?: string }) => {
      if (err.code !== 48 && err.codeName !== 'NamespaceExists') throw err;
    });
  }
  for (const ix of spec.indexes ?? []) {
    await coll.createIndex(ix.key as IndexSpecification, { unique: ix.unique ?? false });
  }
  const gin = ginIndexerOf(conn);
  if (gin) {
    const fields = new Set<string>(['_id']);
    for (const ix of spec.indexes ?? []) for (const f of Object.keys(ix.key)) if (!f.includes('.')) fields.add(f);
    const created = await gin.ensure(db.databaseName, spec.name, [...fields]);
    if (created) logger?.info({ collection: spec.name, created, fields: [...fields] }, 'GIN expression indexes created');
  }
  return coll;
}
