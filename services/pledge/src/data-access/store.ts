/**
 * The pledge service's own records (native collections, plain interfaces): one decision per pledgeId
 * (`pledge_decisions`) and one risk-compensation record per written-off pledged loan
 * (`pledge_compensations`, keyed by loanId). Both are recomputed from the loan ledger; a write happens only
 * when the recomputed value differs (insert first, replace on change), so a replay changes nothing.
 * Reads are served from in-memory mirrors loaded at start (FerretDB v1 scans every query, decision 0006).
 */
import { READ_BATCH } from '@techcredit/store';
import type { Collection, Connection } from '@techcredit/store';
import { insertOnce } from '@techcredit/store';
import type { LoanCompensation, PledgeRecord } from '../domain';

export interface PledgeDecisionDoc extends PledgeRecord {
  _id: string;
}

/** A compensation item's share is null (not undefined) when the write-off is not compensated. */
export interface CompensationDoc extends Omit<LoanCompensation, 'items'> {
  _id: string;
  enterpriseId: string;
  items: { eventId: string; on: string; amountFen: number; shareBp: number | null }[];
}

export type StoredCompensation = Omit<CompensationDoc, '_id'>;

export class PledgeStore {
  private readonly decisions: Collection<PledgeDecisionDoc>;
  private readonly compensations: Collection<CompensationDoc>;

  constructor(conn: Connection) {
    this.decisions = conn.db!.collection<PledgeDecisionDoc>('pledge_decisions');
    this.compensations = conn.db!.collection<CompensationDoc>('pledge_compensations');
  }

  async allDecisions(): Promise<PledgeRecord[]> {
    return (await this.decisions.find({}).batchSize(READ_BATCH).toArray()).map(({ _id: _ignored, ...r }) => r);
  }

  async allCompensations(): Promise<StoredCompensation[]> {
    return (await this.compensations.find({}).batchSize(READ_BATCH).toArray()).map(({ _id: _ignored, ...c }) => c);
  }

  /** `known`: a decision for this pledge is already stored (then replaced, else inserted). */
  async saveDecision(r: PledgeRecord, known: boolean): Promise<void> {
    const doc: PledgeDecisionDoc = { _id: r.pledgeId, ...r };
    if (!known && (await insertOnce(this.decisions, doc)) === 'inserted') return;
    await this.decisions.replaceOne({ _id: doc._id }, doc, { upsert: true });
  }

  async saveCompensation(c: StoredCompensation, known: boolean): Promise<void> {
    const doc: CompensationDoc = { _id: c.loanId, ...c };
    if (!known && (await insertOnce(this.compensations, doc)) === 'inserted') return;
    await this.compensations.replaceOne({ _id: doc._id }, doc, { upsert: true });
  }
}

/** JSON with object keys sorted: the change check does not depend on the key order a store returns. */
export function stableJson(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) =>
    v !== null && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : v,
  );
}
