/**
 * The matching service's own collections (native driver, plain interfaces). Payloads are one JSON string
 * field: FerretDB v1 scans and decodes every document on each query (docs/decisions/0006), and decoding
 * nested objects dominates. Reads are served from in-memory mirrors loaded at start (see matcher.ts).
 *  - `products`: one document per productId, replaced when a newer version arrives (a few hundred rows);
 *  - `scores`: an insert-only ledger of the score events that became an enterprise's latest (keyed by the
 *    event id, so a redelivery is a duplicate key). Inserting beats replacing a per-enterprise document:
 *    a replace is a full scan, and a recompute publishes one event per member of a cohort.
 */
import { READ_BATCH } from '@techcredit/store';
import type { Collection, Connection } from '@techcredit/store';
import { insertOnce } from '@techcredit/store';
import type { CreditProduct, ScoreComputed } from '@techcredit/contracts';

interface ProductDoc {
  _id: string;
  eventId: string;
  occurredAt: string;
  product: string;
}

interface ScoreDoc {
  _id: string;
  enterpriseId: string;
  year: number;
  computedAt: string;
  score: string;
}

export interface StoredProduct {
  eventId: string;
  occurredAt: string;
  product: CreditProduct;
}

export interface StoredScore {
  eventId: string;
  data: ScoreComputed;
}

export class MatchingStore {
  private readonly products: Collection<ProductDoc>;
  private readonly scores: Collection<ScoreDoc>;

  constructor(conn: Connection) {
    this.products = conn.db!.collection<ProductDoc>('products');
    this.scores = conn.db!.collection<ScoreDoc>('score_events');
  }

  async saveProduct(p: StoredProduct): Promise<void> {
    const doc: ProductDoc = { _id: p.product.productId, eventId: p.eventId, occurredAt: p.occurredAt, product: JSON.stringify(p.product) };
    await this.products.replaceOne({ _id: doc._id }, doc, { upsert: true });
  }

  async allProducts(): Promise<StoredProduct[]> {
    const docs = await this.products.find({}).batchSize(READ_BATCH).toArray();
    return docs.map((d) => ({ eventId: d.eventId, occurredAt: d.occurredAt, product: JSON.parse(d.product) as CreditProduct }));
  }

  async saveScore(s: StoredScore): Promise<void> {
    await insertOnce(this.scores, { _id: s.eventId, enterpriseId: s.data.enterpriseId, year: s.data.year, computedAt: s.data.computedAt, score: JSON.stringify(s.data) });
  }

  async allScores(): Promise<StoredScore[]> {
    const docs = await this.scores.find({}).batchSize(READ_BATCH).toArray();
    return docs.map((d) => ({ eventId: d._id, data: JSON.parse(d.score) as ScoreComputed }));
  }
}
