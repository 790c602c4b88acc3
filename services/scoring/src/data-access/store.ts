/**
 * The scoring service's own collections (native driver, plain interfaces: see /tmp/phase2 fact 2).
 *
 * FerretDB v1 cost model (docs/decisions/0006, and measured here with 10,000 score documents): every
 * filter is a full scan that decodes each document, and decoding nested objects dominates. So:
 *  - filings and scores keep their payload as one JSON string field (10,000 scores: insertMany 0.5 s,
 *    a scan 0.7 s, instead of 3 s and 4.8 s with nested breakdowns);
 *  - filings are an insert-only ledger keyed by event id (a redelivery is a duplicate key);
 *  - scores are one document per (enterprise, year) `_id = <enterpriseId>:<year>`: a cohort with few
 *    changed scores replaces them one by one (one scan each); a cohort with many rewrites itself
 *    (one deleteMany scan + one insertMany), see `writeCohortScores`;
 *  - dirty cohort marks and the per-year policy fingerprints are tiny collections (a handful of rows).
 */
import { READ_BATCH } from '@techcredit/store';
import type { Collection, Connection } from '@techcredit/store';
import { insertManyOnce } from '@techcredit/store';
import type { IndicatorFiling, ScoreComputed, Stage } from '@techcredit/contracts';
import type { FilingRecord, StoredScore } from '../recompute/state';

interface FilingDoc {
  _id: string;
  enterpriseId: string;
  year: number;
  filedAt: string;
  /** JSON of IndicatorFiling. */
  filing: string;
}

interface ScoreDoc {
  _id: string;
  enterpriseId: string;
  year: number;
  stage: Stage;
  eventId: string;
  /** JSON of the published `score.computed` data. */
  score: string;
}

/** A (year, stage) cohort waiting for a recompute; `gen` changes at each new mark. */
export interface DirtyMark {
  _id: string;
  year: number;
  stage: Stage;
  gen: string;
  markedAt: Date;
}

interface YearPolicyDoc {
  _id: string;
  fp: string;
  at: Date;
}

/** Above this many changed scores a cohort is rewritten (1 scan + 1 bulk insert) instead of replaced one by one. */
export const REPLACE_ONE_BY_ONE_MAX = 8;

export class ScoringStore {
  private readonly filings: Collection<FilingDoc>;
  private readonly scores: Collection<ScoreDoc>;
  private readonly dirty: Collection<DirtyMark>;
  private readonly yearPolicy: Collection<YearPolicyDoc>;
  private readonly filingInserts: GroupInsert<FilingDoc>;

  constructor(conn: Connection) {
    const db = conn.db!;
    this.filings = db.collection<FilingDoc>('filings');
    this.scores = db.collection<ScoreDoc>('scores');
    this.dirty = db.collection<DirtyMark>('dirty_cohorts');
    this.yearPolicy = db.collection<YearPolicyDoc>('year_policy');
    this.filingInserts = new GroupInsert(this.filings);
  }

  /** Inserts a filing (a duplicate event id is already stored); concurrent calls share one insertMany. */
  async insertFiling(r: FilingRecord): Promise<void> {
    await this.filingInserts.insert({
      _id: r.eventId,
      enterpriseId: r.enterpriseId,
      year: r.filing.year,
      filedAt: r.filedAt,
      filing: JSON.stringify(r.filing),
    });
  }

  async allFilings(): Promise<FilingRecord[]> {
    const docs = await this.filings.find({}).batchSize(READ_BATCH).toArray();
    return docs.map((d) => ({ eventId: d._id, enterpriseId: d.enterpriseId, filedAt: d.filedAt, filing: JSON.parse(d.filing) as IndicatorFiling }));
  }

  async allScores(): Promise<StoredScore[]> {
    const docs = await this.scores.find({}).batchSize(READ_BATCH).toArray();
    return docs.map((d) => ({ eventId: d.eventId, data: JSON.parse(d.score) as ScoreComputed }));
  }

  /**
   * Stores the scores of one recomputed cohort: `all` = every member's score after the recompute (the
   * new one if it changed, else the stored one), `changed` = those that changed. Few changes: replace them.
   * Many: delete the cohort's documents and insert them all; a member that moved in from another stage
   * still has its old document (other stage) → duplicate key → replaced instead.
   */
  async writeCohortScores(year: number, stage: Stage, all: readonly StoredScore[], changed: readonly StoredScore[]): Promise<void> {
    if (changed.length === 0) return;
    if (changed.length <= REPLACE_ONE_BY_ONE_MAX) {
      for (const s of changed) await this.scores.replaceOne({ _id: docId(s) }, toDoc(s), { upsert: true });
      return;
    }
    await this.scores.deleteMany({ year, stage });
    for (let i = 0; i < all.length; i += 1000) {
      const chunk = all.slice(i, i + 1000).map(toDoc);
      try {
        await this.scores.insertMany(chunk, { ordered: false });
      } catch (err) {
        const dups = duplicateIndexes(err);
        if (!dups) throw err;
        for (const j of dups) {
          const doc = chunk[j] as ScoreDoc;
          await this.scores.replaceOne({ _id: doc._id }, doc, { upsert: true });
        }
      }
    }
  }

  async dirtyMarks(): Promise<DirtyMark[]> {
    return this.dirty.find({}).batchSize(READ_BATCH).toArray();
  }

  async mark(m: DirtyMark): Promise<void> {
    await this.dirty.updateOne({ _id: m._id }, { $set: { year: m.year, stage: m.stage, gen: m.gen, markedAt: m.markedAt } }, { upsert: true });
  }

  /** Clears a mark only if it was not marked again since (same `gen`). */
  async clear(key: string, gen: string): Promise<void> {
    await this.dirty.deleteOne({ _id: key, gen });
  }

  async yearPolicies(): Promise<Map<number, string>> {
    const docs = await this.yearPolicy.find({}).batchSize(READ_BATCH).toArray();
    return new Map(docs.map((d) => [Number(d._id), d.fp]));
  }

  async saveYearPolicy(year: number, fp: string): Promise<void> {
    await this.yearPolicy.updateOne({ _id: String(year) }, { $set: { fp, at: new Date() } }, { upsert: true });
  }
}

const docId = (s: StoredScore): string => `${s.data.enterpriseId}:${s.data.year}`;

function toDoc(s: StoredScore): ScoreDoc {
  return { _id: docId(s), enterpriseId: s.data.enterpriseId, year: s.data.year, stage: s.data.stage, eventId: s.eventId, score: JSON.stringify(s.data) };
}

/** Indexes of the documents refused as duplicate keys by an unordered insertMany, or null for another error. */
function duplicateIndexes(err: unknown): number[] | null {
  const e = err as { code?: number; writeErrors?: { code: number; index: number }[] | { code: number; index: number } };
  const list = Array.isArray(e.writeErrors) ? e.writeErrors : e.writeErrors ? [e.writeErrors] : [];
  if (list.length === 0 || !list.every((w) => w.code === 11000)) return null;
  return list.map((w) => w.index);
}

/**
 * Group commit: inserts requested while an insertMany is in flight (handlers of other partitions) are
 * written together by the next one, so N concurrent handlers cost one round trip instead of N. Each
 * caller's promise settles once its document is durable. Duplicate keys count as stored (insertManyOnce).
 */
class GroupInsert<D extends { _id: string }> {
  private queue: { doc: D; settle: (err?: unknown) => void }[] = [];
  private flushing = false;

  constructor(private readonly col: Collection<D>) {}

  insert(doc: D): Promise<void> {
    return new Promise((resolve, reject) => {
      this.queue.push({ doc, settle: (err) => (err === undefined ? resolve() : reject(err)) });
      if (!this.flushing) {
        this.flushing = true;
        void this.flush();
      }
    });
  }

  private async flush(): Promise<void> {
    await new Promise((r) => setImmediate(r)); // let handlers that are ready in this turn join the first batch
    while (this.queue.length > 0) {
      const batch = this.queue.splice(0, 1000);
      try {
        await insertManyOnce(this.col, batch.map((b) => b.doc));
        for (const b of batch) b.settle();
      } catch (err) {
        for (const b of batch) b.settle(err ?? new Error('insert failed'));
      }
    }
    this.flushing = false;
  }
}
