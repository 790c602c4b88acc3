import { READ_BATCH } from '@techcredit/store';
import type { CollectionSpec, Connection } from '@techcredit/store';
import {
  BankRegisteredEvent,
  DesignationGrantedEvent,
  EnterpriseRegisteredEvent,
  Topics,
  registryEvents,
  statsEvents,
  type BankRegistration,
  type Envelope,
  type DesignationGranted,
  type EnterpriseRegistration,
} from '@techcredit/contracts';
import type { ServiceContext } from '@techcredit/service';
import { insertManyOnce, insertManyReportingDuplicates } from '@techcredit/store';
import { FactCache } from './cache';
import type { ConsumerHandle } from '@techcredit/bus';

/**
 * A service's own projection of the registry topic (enterprises, their designation history, banks),
 * kept in the service's database. Designations are an insert-only ledger keyed by event id, so
 * redelivery changes nothing; enterprise and bank documents are idempotent upserts.
 */
export interface Designation {
  code: DesignationGranted['code'];
  validFrom: string;
  validTo: string | null;
}
export interface EnterpriseView extends EnterpriseRegistration {
  designations: Designation[];
}
export type BankView = BankRegistration;

interface EnterpriseDoc extends EnterpriseRegistration {
  _id: string;
}
interface DesignationDoc extends Designation {
  _id: string;
  enterpriseId: string;
}
interface BankDoc extends BankRegistration {
  _id: string;
}

/** The registry projection's collections with the indexes its reads use (GIN step on FerretDB/PostgreSQL). */
export const REGISTRY_COLLECTIONS = {
  enterprises: { name: 'registry_enterprises', indexes: [{ key: { prefecture: 1 } }] },
  designations: { name: 'registry_designations', indexes: [{ key: { enterpriseId: 1 } }] },
  banks: { name: 'registry_banks' },
} as const satisfies Record<string, CollectionSpec>;

/** Native collections (mongoose's model generics over these zod-inferred types are too heavy for tsc). */
export function registryCollections(conn: Connection) {
  const db = conn.db!;
  return {
    Enterprise: db.collection<EnterpriseDoc>(REGISTRY_COLLECTIONS.enterprises.name),
    Designation: db.collection<DesignationDoc>(REGISTRY_COLLECTIONS.designations.name),
    Bank: db.collection<BankDoc>(REGISTRY_COLLECTIONS.banks.name),
  };
}

export interface RegistryView {
  enterprise(enterpriseId: string): Promise<EnterpriseView | null>;
  /** Is the enterprise registered? (cached once true: the per-event prerequisite check) */
  knows(enterpriseId: string): Promise<boolean>;
  /** The enterprise's prefecture (one indexed look-up, no designations), or null when not registered. */
  prefectureOf(enterpriseId: string): Promise<string | null>;
  /** Is the bank registered? (cached once true) */
  knowsBank(bankId: string): Promise<boolean>;
  bank(bankId: string): Promise<BankView | null>;
  /** Enterprises registered in a prefecture (indexed), with their designations. */
  enterprisesIn(prefecture: string): Promise<EnterpriseView[]>;
  /**
   * Every enterprise with its designations: a whole-collection read whose cost grows with the registry.
   * Only for summaries not yet maintained incrementally (relending, subsidy, pledge listings).
   */
  allEnterprises(): Promise<EnterpriseView[]>;
  allBanks(): Promise<BankView[]>;
  consumer: ConsumerHandle;
}

const strip = <T extends { _id: string }>(d: T): Omit<T, '_id'> => {
  const { _id: _ignored, ...rest } = d;
  return rest;
};

const designationDoc = (eventId: string, d: DesignationGranted): DesignationDoc => ({
  _id: eventId,
  enterpriseId: d.enterpriseId,
  code: d.code,
  validFrom: d.validFrom,
  validTo: d.validTo ?? null,
});

/**
 * Registrations in offset order, applied as "last one wins" per id: the first of each id is inserted in
 * bulk; where it already existed, and for every later one of the same id, an update follows in order.
 */
async function upsertAll<D extends object>(
  coll: { updateOne: (f: { _id: string }, u: { $set: D }) => Promise<unknown> } & Parameters<typeof insertManyOnce>[0],
  docs: D[],
  idOf: (d: D) => string,
): Promise<void> {
  if (docs.length === 0) return;
  const firstAt = new Map<string, number>();
  docs.forEach((d, i) => {
    if (!firstAt.has(idOf(d))) firstAt.set(idOf(d), i);
  });
  const firsts = [...firstAt.values()];
  const slotOf = new Map(firsts.map((at, slot) => [at, slot]));
  const { duplicates } = await insertManyReportingDuplicates(coll, firsts.map((i) => ({ _id: idOf(docs[i]!), ...docs[i]! })));
  for (let i = 0; i < docs.length; i++) {
    const d = docs[i]!;
    const isFirst = firstAt.get(idOf(d)) === i;
    // Unknown duplicates (the server did not say which): an update of an inserted document is a no-op.
    const existed = duplicates === null || duplicates.has(slotOf.get(i) ?? -1);
    if (!isFirst || existed) await coll.updateOne({ _id: idOf(d) }, { $set: { ...d } });
  }
}

const byValidFrom = (a: Designation, b: Designation): number =>
  a.validFrom < b.validFrom ? -1 : a.validFrom > b.validFrom ? 1 : a.code < b.code ? -1 : a.code > b.code ? 1 : 0;

/**
 * Starts the registry consumer (group `<service>.registry`) and returns the read view. State lives in the
 * service's database behind indexes (by `_id`, `enterpriseId`, `prefecture`): a read costs a few indexed
 * lookups and memory does not grow with the registry, so several instances of a service can serve reads
 * (docs/decisions/0008 replaces 0006's in-memory mirrors).
 */
export interface RegistryProjectionOptions {
  /** Called after each registry-topic event is applied (also for events this view ignores, e.g. reference data). */
  afterApply?: (ev: Envelope) => Promise<void>;
  /** Awaited before the consumer commits offsets (effects `afterApply` buffered become durable). */
  beforeCommit?: () => Promise<void>;
}

export function registryProjection(ctx: ServiceContext, opts: RegistryProjectionOptions = {}): RegistryView {
  const { Enterprise, Designation, Bank } = registryCollections(ctx.db);
  const ready = Promise.all(Object.values(REGISTRY_COLLECTIONS).map((spec) => ctx.collection(spec)));
  const applyAll = async (events: Envelope[]): Promise<void> => {
    await ready;
    await upsertAll(Enterprise, events.filter((e) => e.type === EnterpriseRegisteredEvent.type).map((e) => e.data as EnterpriseRegistration), (d) => d.enterpriseId);
    await upsertAll(Bank, events.filter((e) => e.type === BankRegisteredEvent.type).map((e) => e.data as BankRegistration), (d) => d.bankId);
    await insertManyOnce(Designation, events.filter((e) => e.type === DesignationGrantedEvent.type).map((e) => designationDoc(e.id, e.data as DesignationGranted)));
    for (const ev of events) await opts.afterApply?.(ev);
  };
  const consumer = ctx.consume({
    groupId: `${ctx.name}.registry`,
    topics: [Topics.registry],
    // The registry topic also carries reference data (statsEvents): accepted here, applied by afterApply.
    events: [...registryEvents, ...statsEvents],
    beforeCommit: opts.beforeCommit,
    // One event or a stretch of a partition batch, the same code: one insertMany per collection, updates only
    // for re-registrations, in offset order (the later registration of an id wins).
    handle: async (ev) => {
      await applyAll([ev]);
      return { outcome: 'done' };
    },
    handleMany: (events) => applyAll(events),
  });
  /** "Is it registered?", cached once true (registrations are never withdrawn). */
  const existence = (coll: { findOne: (f: { _id: string }, o: { projection: { _id: 1 } }) => Promise<unknown> }, max: number) => {
    const known = new FactCache<true>(max);
    return async (id: string): Promise<boolean> => {
      if (known.get(id)) return true;
      await ready;
      const found = (await coll.findOne({ _id: id }, { projection: { _id: 1 } })) !== null;
      if (found) known.set(id, true);
      return found;
    };
  };
  const designationsOf = async (enterpriseId: string): Promise<Designation[]> =>
    (await Designation.find({ enterpriseId }).batchSize(READ_BATCH).toArray())
      .map((d) => ({ code: d.code, validFrom: d.validFrom, validTo: d.validTo ?? null }))
      .sort(byValidFrom);
  const withDesignations = async (docs: EnterpriseDoc[]): Promise<EnterpriseView[]> =>
    Promise.all(docs.map(async (e) => ({ ...(strip(e) as EnterpriseRegistration), designations: await designationsOf(e._id) })));
  return {
    consumer,
    async enterprise(id) {
      await ready;
      const e = await Enterprise.findOne({ _id: id });
      return e ? { ...(strip(e) as EnterpriseRegistration), designations: await designationsOf(id) } : null;
    },
    knows: existence(Enterprise, 50_000),
    async prefectureOf(id) {
      await ready;
      return (await Enterprise.findOne({ _id: id }, { projection: { prefecture: 1 } }))?.prefecture ?? null;
    },
    knowsBank: existence(Bank, 10_000),
    async bank(id) {
      await ready;
      const b = await Bank.findOne({ _id: id });
      return b ? (strip(b) as BankRegistration) : null;
    },
    async enterprisesIn(prefecture) {
      await ready;
      return withDesignations(await Enterprise.find({ prefecture } as Partial<EnterpriseDoc>).batchSize(READ_BATCH).toArray());
    },
    async allEnterprises() {
      await ready;
      const [es, ds] = await Promise.all([Enterprise.find({}).batchSize(READ_BATCH).toArray(), Designation.find({}).batchSize(READ_BATCH).toArray()]);
      const byEnterprise = new Map<string, Designation[]>();
      for (const d of ds) {
        const list = byEnterprise.get(d.enterpriseId) ?? [];
        list.push({ code: d.code, validFrom: d.validFrom, validTo: d.validTo ?? null });
        byEnterprise.set(d.enterpriseId, list);
      }
      return es.map((e) => ({ ...(strip(e) as EnterpriseRegistration), designations: (byEnterprise.get(e._id) ?? []).sort(byValidFrom) }));
    },
    async allBanks() {
      await ready;
      return (await Bank.find({}).batchSize(READ_BATCH).toArray()).map((b) => strip(b) as BankRegistration);
    },
  };
}
