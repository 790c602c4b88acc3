import type { Collection, CollectionSpec, Connection } from '@techcredit/store';
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
import { insertManyOnce, insertManyReportingDuplicates, insertOnce, READ_BATCH } from '@techcredit/store';
import pMap from 'p-map';
import { FactCache } from './cache';
import type { RegistryView } from './registry';

/**
 * A service's own ledger of the loan topic (loan and pledge events), insert-only and keyed by event id.
 * Balances, refusals (a repayment above the balance, a second disbursement) and state are derived by
 * folding a loan's events in canonical order (`foldLoanEvents`), so the result does not depend on the
 * order or repetition of arrival. An event whose prerequisite is missing is parked, not refused:
 * a disbursement for a bank or enterprise the registry does not know yet, or any other event for a loan
 * not yet disbursed. A bank's event for another bank's loan is dead-lettered.
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

/** Who owns a loan id: the bank of the first disbursement seen for it (insert-once, `_id` = loanId). */
interface LoanOwnerDoc {
  _id: string;
  bankId: string;
  eventId: string;
}
export const LOAN_OWNERS_COLLECTION = { name: 'loan_owners' } as const satisfies CollectionSpec;

/** The ledger collection with the indexes its reads use: by loan, by enterprise, by bank. */
export const LOAN_EVENTS_COLLECTION = {
  name: 'loan_events',
  indexes: [{ key: { loanId: 1 } }, { key: { enterpriseId: 1 } }, { key: { bankId: 1 } }],
} as const satisfies CollectionSpec;

export function loanEventCollection(conn: Connection): Collection<LoanEventDoc> {
  return conn.db!.collection<LoanEventDoc>(LOAN_EVENTS_COLLECTION.name);
}

export interface LoanLedger {
  consumer: ConsumerHandle;
  /** The folded loan (undefined loan = not disbursed) with its raw events. */
  loan(loanId: string): Promise<(LoanFold & { events: LoanEventLike[] }) | null>;
  loansOf(enterpriseId: string): Promise<Map<string, LoanFold & { events: LoanEventLike[] }>>;
  loansOfBank(bankId: string): Promise<Map<string, LoanFold & { events: LoanEventLike[] }>>;
  /**
   * Every loan folded: a whole-collection read whose cost grows with history. Only for summaries not yet
   * maintained incrementally (relending, subsidy, pledge); statistics use their aggregates.
   */
  allLoans(): Promise<Map<string, LoanFold & { events: LoanEventLike[] }>>;
}

export interface LoanLedgerOptions {
  /** Called after an event is stored (or found already stored): service-specific, idempotent effects. */
  afterStore?: (ev: Envelope, doc: LoanEventDoc, ctx: HandlerContext) => Promise<HandlerResult | void>;
  /** Awaited before the consumer commits offsets (effects `afterStore` buffered become durable). */
  beforeCommit?: () => Promise<void>;
  /** Consumer tuning (tests shorten the bounded wait of parked events). */
  park?: { retryEveryMs?: number; maxWaitMs?: number; inlineWaitMs?: number };
}

function toDoc(ev: Envelope, owner: Pick<LoanEventDoc, 'bankId' | 'enterpriseId'>): LoanEventDoc {
  return {
    _id: ev.id,
    loanId: (ev.data as { loanId: string }).loanId,
    enterpriseId: owner.enterpriseId,
    bankId: owner.bankId,
    type: ev.type as LoanEventDoc['type'],
    data: ev.data as LoanEventDoc['data'],
    source: ev.source,
    occurredAt: ev.occurredAt,
  };
}

function toLike(d: LoanEventDoc): LoanEventLike {
  return { id: d._id, type: d.type, data: d.data } as LoanEventLike;
}

type LoanFoldWithEvents = LoanFold & { events: LoanEventLike[] };

const foldDocs = (docs: readonly LoanEventDoc[]): Map<string, LoanFoldWithEvents> => {
  const byLoan = new Map<string, LoanEventDoc[]>();
  for (const d of docs) {
    const list = byLoan.get(d.loanId);
    if (list) list.push(d);
    else byLoan.set(d.loanId, [d]);
  }
  const out = new Map<string, LoanFoldWithEvents>();
  for (const [loanId, list] of [...byLoan].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))) {
    const events = list.map(toLike);
    out.set(loanId, { ...foldLoanEvents(events), events });
  }
  return out;
};

/**
 * The ledger lives in the service's database behind indexes (loanId, enterpriseId, bankId): a loan is
 * folded on read from its own events, so memory does not grow with history and any instance of a
 * service answers the same (docs/decisions/0008).
 *
 * Loan identity is owned: a loan's events are keyed by loanId, so every service sees them in the same
 * partition order, and the first disbursement seen for an id claims it (an insert-once owner document,
 * written before any wait for prerequisites, so a parked disbursement keeps its claim and replicas agree).
 * A later `loan.disbursed` for that id from another bank is dead-lettered with `NOT_LOAN_OWNER`, whatever
 * its event id, and never stored, so the fold (which orders by event id) can never pick it.
 */
export function loanLedger(ctx: ServiceContext, registry: RegistryView, opts: LoanLedgerOptions = {}): LoanLedger {
  const LoanEvent = loanEventCollection(ctx.db);
  const Owners = ctx.db.db!.collection<LoanOwnerDoc>(LOAN_OWNERS_COLLECTION.name);
  const ready = Promise.all([ctx.collection(LOAN_EVENTS_COLLECTION), ctx.collection(LOAN_OWNERS_COLLECTION)]);
  const claims = new FactCache<string>();
  /** The owning bank of a loan id, claiming it for `bankId` if nobody has. */
  const claim = async (loanId: string, bankId: string, eventId: string): Promise<string> => {
    const cached = claims.get(loanId);
    if (cached) return cached;
    let owner = bankId;
    if ((await insertOnce(Owners, { _id: loanId, bankId, eventId })) === 'duplicate') {
      owner = (await Owners.findOne({ _id: loanId }))?.bankId ?? bankId;
    }
    claims.set(loanId, owner);
    return owner;
  };
  const envNumber = (v: string | undefined): number | undefined => (v ? Number(v) : undefined);
  const parkMax = ctx.config.PARK_MAX_WAIT_MS ?? envNumber(process.env.PARK_MAX_WAIT_MS);
  const inlineWait = ctx.config.PARK_INLINE_WAIT_MS ?? envNumber(process.env.PARK_INLINE_WAIT_MS);
  /** The stored disbursement of a loan (its owner), if any; cached once stored (ownership never changes). */
  const owners = new FactCache<Pick<LoanEventDoc, '_id' | 'bankId' | 'enterpriseId'>>();
  const disbursementOf = async (loanId: string): Promise<Pick<LoanEventDoc, '_id' | 'bankId' | 'enterpriseId'> | null> => {
    const cached = owners.get(loanId);
    if (cached) return cached;
    const docs = await LoanEvent.find({ loanId, type: 'loan.disbursed' }).batchSize(READ_BATCH).toArray();
    const first = docs.sort((a, b) => (a._id < b._id ? -1 : 1))[0];
    if (!first) return null;
    const owner = { _id: first._id, bankId: first.bankId, enterpriseId: first.enterpriseId };
    owners.set(loanId, owner);
    return owner;
  };

  const handle = async (ev: Envelope, hctx: HandlerContext): Promise<HandlerResult> => {
    await ready;
    const data = ev.data as { loanId: string };
    let enterpriseId: string;
    let bankId: string;
    if (ev.type === 'loan.disbursed') {
      const d = ev.data as LoanDisbursed;
      if (ev.source.startsWith('bank:') && ev.source !== `bank:${d.bankId}`) {
        return { outcome: 'reject', reason: `NOT_OWN_BANK: ${ev.source} may not disburse for bank ${d.bankId}` };
      }
      const owner = await claim(d.loanId, d.bankId, ev.id);
      if (owner !== d.bankId) {
        return { outcome: 'reject', reason: `NOT_LOAN_OWNER: loan ${d.loanId} belongs to bank ${owner}; a disbursement for bank ${d.bankId} is refused` };
      }
      if (!(await registry.knowsBank(d.bankId))) return { outcome: 'park', reason: `UNKNOWN_BANK: bank ${d.bankId} is not registered` };
      if (!(await registry.knows(d.enterpriseId))) {
        return { outcome: 'park', reason: `UNKNOWN_ENTERPRISE: enterprise ${d.enterpriseId} is not registered` };
      }
      enterpriseId = d.enterpriseId;
      bankId = d.bankId;
    } else {
      const disb = await disbursementOf(data.loanId);
      if (!disb) return { outcome: 'park', reason: `LOAN_NOT_DISBURSED: loan ${data.loanId} is not known yet` };
      if (ev.source.startsWith('bank:') && ev.source !== `bank:${disb.bankId}`) {
        return { outcome: 'reject', reason: `NOT_LOAN_OWNER: ${ev.source} may not post events for loan ${data.loanId} of bank ${disb.bankId}` };
      }
      enterpriseId = disb.enterpriseId;
      bankId = disb.bankId;
    }
    const doc = toDoc(ev, { enterpriseId, bankId });
    await insertOnce(LoanEvent, doc);
    const after = await opts.afterStore?.(ev, doc, hctx);
    return after ?? { outcome: 'done' };
  };

  /** Claims in bulk: the first disbursement seen per loan id (not yet cached) in one insertMany. */
  const claimAll = async (items: { loanId: string; bankId: string; eventId: string }[]): Promise<void> => {
    const first = new Map<string, { _id: string; bankId: string; eventId: string }>();
    for (const it of items) if (!claims.get(it.loanId) && !first.has(it.loanId)) first.set(it.loanId, { _id: it.loanId, bankId: it.bankId, eventId: it.eventId });
    const docs = [...first.values()];
    const { duplicates } = await insertManyReportingDuplicates(Owners, docs);
    await pMap(
      docs,
      async (d, i) => {
        if (duplicates === null || duplicates.has(i)) await claim(d._id, d.bankId, d.eventId);
        else claims.set(d._id, d.bankId);
      },
      { concurrency: 8 },
    );
  };

  /**
   * The bulk path (a stretch of a partition batch): the same checks as `handle`, event by event in offset
   * order, with the claims, the registry look-ups and the ledger insert done in bulk; `afterStore` then runs
   * per event in order. An event it cannot apply here (to park or to refuse) returns that result, and the
   * runner takes it through `handle` (waits, parking, dead letter).
   */
  const handleMany = async (events: Envelope[], bctx: { logger: HandlerContext['logger']; topic: string; partition: number }): Promise<HandlerResult[]> => {
    await ready;
    const results: HandlerResult[] = events.map(() => ({ outcome: 'done' }));
    const disbursing = events.filter((ev) => ev.type === 'loan.disbursed');
    const disbursements = disbursing.map((ev) => ev.data as LoanDisbursed);
    await claimAll(disbursing.map((ev, i) => ({ loanId: disbursements[i]!.loanId, bankId: disbursements[i]!.bankId, eventId: ev.id })));
    // Warm the registry facts the checks need (cached once true), a few look-ups at a time.
    await pMap(new Set(disbursements.map((d) => d.bankId)), (b) => registry.knowsBank(b), { concurrency: 8 });
    await pMap(new Set(disbursements.map((d) => d.enterpriseId)), (e) => registry.knows(e), { concurrency: 8 });
    const staged = new Map<string, Pick<LoanEventDoc, 'bankId' | 'enterpriseId'>>();
    const docs: { at: number; doc: LoanEventDoc }[] = [];
    for (let at = 0; at < events.length; at++) {
      const ev = events[at]!;
      const data = ev.data as { loanId: string };
      let owner: Pick<LoanEventDoc, 'bankId' | 'enterpriseId'> | null;
      if (ev.type === 'loan.disbursed') {
        const d = ev.data as LoanDisbursed;
        const claimed = claims.get(d.loanId);
        const ok = (!ev.source.startsWith('bank:') || ev.source === `bank:${d.bankId}`) && claimed === d.bankId;
        if (!ok || !(await registry.knowsBank(d.bankId)) || !(await registry.knows(d.enterpriseId))) {
          results[at] = { outcome: 'park', reason: 'checked one by one' };
          continue;
        }
        owner = { bankId: d.bankId, enterpriseId: d.enterpriseId };
        if (!staged.has(d.loanId)) staged.set(d.loanId, owner);
      } else {
        owner = staged.get(data.loanId) ?? (await disbursementOf(data.loanId));
        if (!owner || (ev.source.startsWith('bank:') && ev.source !== `bank:${owner.bankId}`)) {
          results[at] = { outcome: 'park', reason: 'checked one by one' };
          continue;
        }
      }
      docs.push({ at, doc: toDoc(ev, owner) });
    }
    await insertManyOnce(LoanEvent, docs.map((d) => d.doc));
    for (const { at, doc } of docs) {
      const after = await opts.afterStore?.(events[at]!, doc, { logger: bctx.logger, topic: bctx.topic, partition: bctx.partition, offset: '-1', attempt: 1 });
      if (after) results[at] = after;
    }
    return results;
  };

  const consumer = ctx.consume({
    groupId: `${ctx.name}.loans`,
    topics: [Topics.loan],
    events: loanEvents,
    handle,
    handleMany,
    beforeCommit: opts.beforeCommit,
    park: {
      retryEveryMs: opts.park?.retryEveryMs ?? 1000,
      maxWaitMs: opts.park?.maxWaitMs ?? parkMax ?? 10 * 60_000,
      inlineWaitMs: opts.park?.inlineWaitMs ?? inlineWait,
    },
  });

  const where = async (filter: Partial<Pick<LoanEventDoc, 'loanId' | 'enterpriseId' | 'bankId'>>) => {
    await ready;
    return foldDocs(await LoanEvent.find(filter).batchSize(READ_BATCH).toArray());
  };
  return {
    consumer,
    async loan(loanId) {
      const f = (await where({ loanId })).get(loanId);
      return f ?? null;
    },
    loansOf: (enterpriseId) => where({ enterpriseId }),
    loansOfBank: (bankId) => where({ bankId }),
    allLoans: () => where({}),
  };
}
