import type { Collection, Connection } from '@techcredit/store';
import {
  Topics,
  foldLoanEvents,
  loanEvents,
  type LoanDisbursed,
  type LoanEventLike,
  type LoanFold,
  type Envelope,
} from '@techcredit/contracts';
import type { HandlerContext, HandlerResult, ConsumerHandle } from '@techcredit/bus';
import type { ServiceContext } from '@techcredit/service';
import { insertOnce } from '@techcredit/store';
import type { RegistryView } from './registry';

/**
 * A service's own ledger of the loan topic (loan and pledge events), insert-only and keyed by event id.
 * Balances, refusals (a repayment above the balance, a second disbursement) and state are derived by
 * folding a loan's events in canonical order (`foldLoanEvents`), so the result does not depend on the
 * order or repetition of arrival. An event whose prerequisite is missing is parked, not refused:
 * a disbursement for a bank or enterprise the registry does not know yet, or any other event for a loan
 * not yet disbursed. A bank's event for another bank's loan is dead-lettered.
 *
 * Loan ids are owned: a loan id belongs to the bank of its first STORED `loan.disbursed` (loan events are
 * keyed by loanId, so every service sees one loan's events in the same partition order). A later
 * `loan.disbursed` for that loanId with another bankId is dead-lettered `NOT_LOAN_OWNER` whatever its
 * event id or dates, and never enters the ledger — so every stored event of a loan carries its owner's
 * bankId, and the fold's canonical order (disbursement, then date, kind, event id) can no longer hand the
 * loan to another bank.
 */
export interface LoanEventDoc {
  _id: string;
  loanId: string;
  enterpriseId: string;
  bankId: string;
  type: LoanEventLike['type'];
  data: LoanEventLike['data'];
  source: string;
  occurredAt: string;
}

export function loanEventCollection(conn: Connection): Collection<LoanEventDoc> {
  return conn.db!.collection<LoanEventDoc>('loan_events');
}

export interface LoanLedger {
  consumer: ConsumerHandle;
  /** The folded loan (undefined loan = not disbursed) with its raw events. */
  loan(loanId: string): Promise<(LoanFold & { events: LoanEventLike[] }) | null>;
  loansOf(enterpriseId: string): Promise<Map<string, LoanFold & { events: LoanEventLike[] }>>;
  loansOfBank(bankId: string): Promise<Map<string, LoanFold & { events: LoanEventLike[] }>>;
  /** Every loan folded (stats, relending, subsidy summaries). */
  allLoans(): Promise<Map<string, LoanFold & { events: LoanEventLike[] }>>;
}

export interface LoanLedgerOptions {
  /** Called after an event is stored (or found already stored): service-specific, idempotent effects. */
  afterStore?: (ev: Envelope, doc: LoanEventDoc, ctx: HandlerContext) => Promise<HandlerResult | void>;
  /** Consumer tuning (tests shorten the bounded wait of parked events). */
  park?: { retryEveryMs?: number; maxWaitMs?: number; inlineWaitMs?: number };
}

function toLike(d: LoanEventDoc): LoanEventLike {
  return { id: d._id, type: d.type, data: d.data } as LoanEventLike;
}

type LoanFoldWithEvents = LoanFold & { events: LoanEventLike[] };

/**
 * Reads are served from an in-memory mirror of the service's `loan_events` (loaded once at start, updated
 * after each durable insert): FerretDB v1 answers every lookup with a collection scan (docs/decisions/0006).
 */
export function loanLedger(ctx: ServiceContext, registry: RegistryView, opts: LoanLedgerOptions = {}): LoanLedger {
  const LoanEvent = loanEventCollection(ctx.db);
  const envNumber = (v: string | undefined): number | undefined => (v ? Number(v) : undefined);
  const parkMax = ctx.config.PARK_MAX_WAIT_MS ?? envNumber(process.env.PARK_MAX_WAIT_MS);
  const inlineWait = ctx.config.PARK_INLINE_WAIT_MS ?? envNumber(process.env.PARK_INLINE_WAIT_MS);
  const byLoan = new Map<string, { bankId: string; enterpriseId: string; events: Map<string, LoanEventDoc> }>();
  /** loanId → owning bank: of the first stored disbursement, or of one being stored right now (set synchronously). */
  const owners = new Map<string, string>();
  const notOwner = (loanId: string, owner: string, bankId: string): HandlerResult => ({
    outcome: 'reject',
    reason: `NOT_LOAN_OWNER: loan ${loanId} belongs to bank ${owner}; a disbursement for bank ${bankId} is refused`,
  });
  const remember = (d: LoanEventDoc) => {
    if (!owners.has(d.loanId)) owners.set(d.loanId, d.bankId);
    let l = byLoan.get(d.loanId);
    if (!l) byLoan.set(d.loanId, (l = { bankId: d.bankId, enterpriseId: d.enterpriseId, events: new Map() }));
    l.events.set(d._id, d);
  };
  const loaded = (async () => {
    const t0 = Date.now();
    const docs = await LoanEvent.find({}).toArray();
    for (const d of docs) remember(d);
    ctx.logger.info({ events: docs.length, loans: byLoan.size, ms: Date.now() - t0 }, 'loan ledger loaded');
  })();

  const handle = async (ev: Envelope, hctx: HandlerContext): Promise<HandlerResult> => {
    await loaded;
    const data = ev.data as { loanId: string };
    let enterpriseId: string;
    let bankId: string;
    if (ev.type === 'loan.disbursed') {
      const d = ev.data as LoanDisbursed;
      if (ev.source.startsWith('bank:') && ev.source !== `bank:${d.bankId}`) {
        return { outcome: 'reject', reason: `NOT_OWN_BANK: ${ev.source} may not disburse for bank ${d.bankId}` };
      }
      const owner = owners.get(d.loanId);
      if (owner !== undefined && owner !== d.bankId) return notOwner(d.loanId, owner, d.bankId);
      if (!(await registry.bank(d.bankId))) return { outcome: 'park', reason: `UNKNOWN_BANK: bank ${d.bankId} is not registered` };
      if (!(await registry.enterprise(d.enterpriseId))) {
        return { outcome: 'park', reason: `UNKNOWN_ENTERPRISE: enterprise ${d.enterpriseId} is not registered` };
      }
      enterpriseId = d.enterpriseId;
      bankId = d.bankId;
    } else {
      const known = byLoan.get(data.loanId);
      const disb = known && [...known.events.values()].some((e) => e.type === 'loan.disbursed') ? known : undefined;
      if (!disb) return { outcome: 'park', reason: `LOAN_NOT_DISBURSED: loan ${data.loanId} is not known yet` };
      if (ev.source.startsWith('bank:') && ev.source !== `bank:${disb.bankId}`) {
        return { outcome: 'reject', reason: `NOT_LOAN_OWNER: ${ev.source} may not post events for loan ${data.loanId} of bank ${disb.bankId}` };
      }
      enterpriseId = disb.enterpriseId;
      bankId = disb.bankId;
    }
    const doc: LoanEventDoc = {
      _id: ev.id,
      loanId: data.loanId,
      enterpriseId,
      bankId,
      type: ev.type as LoanEventDoc['type'],
      data: ev.data as LoanEventDoc['data'],
      source: ev.source,
      occurredAt: ev.occurredAt,
    };
    // Checked again after the awaits above, and claimed synchronously: a parked retry running beside the
    // partition's consumer cannot store a second owner's disbursement in between.
    let claimed = false;
    if (ev.type === 'loan.disbursed') {
      const owner = owners.get(doc.loanId);
      if (owner !== undefined && owner !== bankId) return notOwner(doc.loanId, owner, bankId);
      if (owner === undefined) {
        owners.set(doc.loanId, bankId);
        claimed = true;
      }
    }
    try {
      await insertOnce(LoanEvent, doc);
    } catch (err) {
      if (claimed) owners.delete(doc.loanId);
      throw err;
    }
    remember(doc);
    const after = await opts.afterStore?.(ev, doc, hctx);
    return after ?? { outcome: 'done' };
  };

  const consumer = ctx.consume({
    groupId: `${ctx.name}.loans`,
    topics: [Topics.loan],
    events: loanEvents,
    handle,
    park: {
      retryEveryMs: opts.park?.retryEveryMs ?? 1000,
      maxWaitMs: opts.park?.maxWaitMs ?? parkMax ?? 10 * 60_000,
      inlineWaitMs: opts.park?.inlineWaitMs ?? inlineWait,
    },
  });

  const foldOf = (loanId: string): LoanFoldWithEvents | null => {
    const l = byLoan.get(loanId);
    if (!l) return null;
    const events = [...l.events.values()].map(toLike);
    return { ...foldLoanEvents(events), events };
  };
  const foldWhere = (pred: (l: { bankId: string; enterpriseId: string }) => boolean): Map<string, LoanFoldWithEvents> => {
    const out = new Map<string, LoanFoldWithEvents>();
    for (const [loanId, l] of byLoan) if (pred(l)) out.set(loanId, foldOf(loanId)!);
    return out;
  };
  return {
    consumer,
    async loan(loanId) {
      await loaded;
      return foldOf(loanId);
    },
    async loansOf(enterpriseId) {
      await loaded;
      return foldWhere((l) => l.enterpriseId === enterpriseId);
    },
    async loansOfBank(bankId) {
      await loaded;
      return foldWhere((l) => l.bankId === bankId);
    },
    async allLoans() {
      await loaded;
      return foldWhere(() => true);
    },
  };
}
