import type { Collection, CollectionSpec } from '@techcredit/store';
import {
  Topics,
  insuranceEvents,
  insurerRegistered,
  policyBound,
  policyCancelled,
  type Envelope,
  type InsurerRegistration,
  type InvestmentRecorded,
  type PolicyBound,
  type PolicyCancelled,
} from '@techcredit/contracts';
import type { ConsumerHandle, HandlerResult } from '@techcredit/bus';
import type { ServiceContext } from '@techcredit/service';
import { insertOnce, READ_BATCH } from '@techcredit/store';
import { FactCache } from './cache';
import type { RegistryView } from './registry';

/**
 * A service's own projection of the insurance topic (DOMAIN.md §10, §11): insurers, tech-insurance policies
 * with their cancellation, and outside investments. Every fact is an insert-once document (`_id` = the policy,
 * cancellation or investment id, carrying the event id that wrote it), so redelivery changes nothing and a
 * second, different event for the same id is dead-lettered rather than overwriting the first.
 *
 * Prerequisites are parked, not refused: a policy of an insurer or an enterprise the projections do not know
 * yet, a cancellation of a policy not yet bound, an investment in an enterprise not yet registered.
 * Ownership is checked against the envelope source: an insurer's event for another insurer's policy is
 * dead-lettered `NOT_POLICY_OWNER` (the gateway lets an insurer post only its own bindings).
 */
export interface InsurerDoc extends InsurerRegistration {
  _id: string;
}
export interface PolicyDoc extends PolicyBound {
  _id: string;
  eventId: string;
}
export interface CancellationDoc extends PolicyCancelled {
  _id: string;
  eventId: string;
}
export interface InvestmentDoc extends InvestmentRecorded {
  _id: string;
  eventId: string;
}

export const INSURANCE_COLLECTIONS = {
  insurers: { name: 'insurance_insurers' },
  policies: { name: 'insurance_policies', indexes: [{ key: { enterpriseId: 1 } }] },
  cancellations: { name: 'insurance_cancellations' },
  investments: { name: 'insurance_investments', indexes: [{ key: { enterpriseId: 1 } }] },
} as const satisfies Record<string, CollectionSpec>;

/** A bound policy with its cancellation, if any. */
export type InsurancePolicyView = PolicyBound & { cancellation?: { cancelledOn: string; refundFen: number } };

export interface InsuranceView {
  consumer: ConsumerHandle;
  insurer(insurerId: string): Promise<InsurerRegistration | null>;
  policiesOf(enterpriseId: string): Promise<InsurancePolicyView[]>;
  /** Every policy: a whole-collection read (the subsidy summary, as its loan summaries). */
  allPolicies(): Promise<InsurancePolicyView[]>;
  investmentsOf(enterpriseId: string): Promise<InvestmentRecorded[]>;
}

export interface InsuranceProjectionOptions {
  /** Called after an event is applied (also when it was applied before): e.g. a change note per enterprise. */
  afterApply?: (ev: Envelope, enterpriseId: string | null) => Promise<void>;
  beforeCommit?: () => Promise<void>;
  park?: { retryEveryMs?: number; maxWaitMs?: number; inlineWaitMs?: number };
}

const envNumber = (v: string | undefined): number | undefined => (v ? Number(v) : undefined);

const strip = <T extends { _id: string; eventId?: string }>(d: T): Omit<T, '_id' | 'eventId'> => {
  const { _id: _id, eventId: _eventId, ...rest } = d;
  return rest;
};

/** Insert-once of `doc`; a different event already holding the id is refused with `reason`. */
async function claimOnce<D extends { _id: string; eventId: string }>(coll: Collection<D>, doc: D, reason: string): Promise<HandlerResult> {
  if ((await insertOnce(coll, doc)) === 'inserted') return { outcome: 'done' };
  const existing = await coll.findOne({ _id: doc._id } as never);
  return existing?.eventId === doc.eventId ? { outcome: 'done' } : { outcome: 'reject', reason };
}

export function insuranceProjection(ctx: ServiceContext, registry: RegistryView, opts: InsuranceProjectionOptions = {}): InsuranceView {
  const db = ctx.db.db!;
  const Insurers = db.collection<InsurerDoc>(INSURANCE_COLLECTIONS.insurers.name);
  const Policies = db.collection<PolicyDoc>(INSURANCE_COLLECTIONS.policies.name);
  const Cancellations = db.collection<CancellationDoc>(INSURANCE_COLLECTIONS.cancellations.name);
  const Investments = db.collection<InvestmentDoc>(INSURANCE_COLLECTIONS.investments.name);
  const ready = Promise.all(Object.values(INSURANCE_COLLECTIONS).map((spec) => ctx.collection(spec)));
  const knownInsurers = new FactCache<true>(10_000);
  const knowsInsurer = async (id: string): Promise<boolean> => {
    if (knownInsurers.get(id)) return true;
    const found = (await Insurers.findOne({ _id: id }, { projection: { _id: 1 } })) !== null;
    if (found) knownInsurers.set(id, true);
    return found;
  };
  const foreign = (ev: Envelope, insurerId: string): boolean => ev.source.startsWith('insurer:') && ev.source !== `insurer:${insurerId}`;

  const apply = async (ev: Envelope): Promise<{ result: HandlerResult; enterpriseId: string | null }> => {
    if (ev.type === insurerRegistered.type) {
      const d = ev.data as InsurerRegistration;
      await Insurers.updateOne({ _id: d.insurerId }, { $set: { insurerId: d.insurerId, name: d.name } }, { upsert: true });
      return { result: { outcome: 'done' }, enterpriseId: null };
    }
    if (ev.type === policyBound.type) {
      const d = ev.data as PolicyBound;
      const at = { enterpriseId: d.enterpriseId };
      if (foreign(ev, d.insurerId)) return { ...at, result: { outcome: 'reject', reason: `NOT_OWN_INSURER: ${ev.source} may not bind for insurer ${d.insurerId}` } };
      if (!(await knowsInsurer(d.insurerId))) return { ...at, result: { outcome: 'park', reason: `UNKNOWN_INSURER: insurer ${d.insurerId} is not registered` } };
      if (!(await registry.knows(d.enterpriseId))) return { ...at, result: { outcome: 'park', reason: `UNKNOWN_ENTERPRISE: enterprise ${d.enterpriseId} is not registered` } };
      return { ...at, result: await claimOnce(Policies, { _id: d.policyId, eventId: ev.id, ...d }, `POLICY_EXISTS: policy ${d.policyId} is already bound by another event`) };
    }
    if (ev.type === policyCancelled.type) {
      const d = ev.data as PolicyCancelled;
      const policy = await Policies.findOne({ _id: d.policyId });
      if (!policy) return { enterpriseId: null, result: { outcome: 'park', reason: `POLICY_NOT_BOUND: policy ${d.policyId} is not known yet` } };
      const at = { enterpriseId: policy.enterpriseId };
      if (foreign(ev, policy.insurerId)) return { ...at, result: { outcome: 'reject', reason: `NOT_POLICY_OWNER: ${ev.source} may not cancel policy ${d.policyId} of insurer ${policy.insurerId}` } };
      if (d.cancelledOn < policy.boundOn) return { ...at, result: { outcome: 'reject', reason: `CANCELLED_BEFORE_BOUND: cancelledOn ${d.cancelledOn} is before boundOn ${policy.boundOn}` } };
      if (d.refundFen > policy.premiumFen) return { ...at, result: { outcome: 'reject', reason: `REFUND_ABOVE_PREMIUM: refund ${d.refundFen} fen exceeds the premium ${policy.premiumFen} fen` } };
      return { ...at, result: await claimOnce(Cancellations, { _id: d.policyId, eventId: ev.id, ...d }, `ALREADY_CANCELLED: policy ${d.policyId} was cancelled by another event`) };
    }
    const d = ev.data as InvestmentRecorded;
    const at = { enterpriseId: d.enterpriseId };
    if (!(await registry.knows(d.enterpriseId))) return { ...at, result: { outcome: 'park', reason: `UNKNOWN_ENTERPRISE: enterprise ${d.enterpriseId} is not registered` } };
    return { ...at, result: await claimOnce(Investments, { _id: d.investmentId, eventId: ev.id, ...d }, `INVESTMENT_EXISTS: investment ${d.investmentId} is already recorded by another event`) };
  };

  const consumer = ctx.consume({
    groupId: `${ctx.name}.insurance`,
    topics: [Topics.insurance],
    events: insuranceEvents,
    beforeCommit: opts.beforeCommit,
    handle: async (ev) => {
      await ready;
      const { result, enterpriseId } = await apply(ev);
      if (result.outcome === 'done') await opts.afterApply?.(ev, enterpriseId);
      return result;
    },
    park: {
      retryEveryMs: opts.park?.retryEveryMs ?? 1000,
      maxWaitMs: opts.park?.maxWaitMs ?? ctx.config.PARK_MAX_WAIT_MS ?? envNumber(process.env.PARK_MAX_WAIT_MS) ?? 10 * 60_000,
      inlineWaitMs: opts.park?.inlineWaitMs ?? ctx.config.PARK_INLINE_WAIT_MS ?? envNumber(process.env.PARK_INLINE_WAIT_MS),
    },
  });

  const withCancellations = async (docs: PolicyDoc[]): Promise<InsurancePolicyView[]> =>
    Promise.all(
      docs.map(async (p) => {
        const c = await Cancellations.findOne({ _id: p._id });
        const view: InsurancePolicyView = strip(p);
        return c ? { ...view, cancellation: { cancelledOn: c.cancelledOn, refundFen: c.refundFen } } : view;
      }),
    );
  const byPolicyId = (a: { policyId: string }, b: { policyId: string }) => (a.policyId < b.policyId ? -1 : a.policyId > b.policyId ? 1 : 0);
  return {
    consumer,
    async insurer(id) {
      await ready;
      const d = await Insurers.findOne({ _id: id });
      return d ? { insurerId: d.insurerId, name: d.name } : null;
    },
    async policiesOf(enterpriseId) {
      await ready;
      return (await withCancellations(await Policies.find({ enterpriseId }).batchSize(READ_BATCH).toArray())).sort(byPolicyId);
    },
    async allPolicies() {
      await ready;
      const [ps, cs] = await Promise.all([Policies.find({}).batchSize(READ_BATCH).toArray(), Cancellations.find({}).batchSize(READ_BATCH).toArray()]);
      const cancelled = new Map(cs.map((c) => [c._id, { cancelledOn: c.cancelledOn, refundFen: c.refundFen }]));
      return ps.map((p): InsurancePolicyView => {
        const c = cancelled.get(p._id);
        return c ? { ...strip(p), cancellation: c } : strip(p);
      }).sort(byPolicyId);
    },
    async investmentsOf(enterpriseId) {
      await ready;
      return (await Investments.find({ enterpriseId }).batchSize(READ_BATCH).toArray()).map((d) => strip(d)).sort((a, b) => (a.investmentId < b.investmentId ? -1 : 1));
    },
  };
}
