import type { Connection } from '@techcredit/store';
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
import { insertOnce } from '@techcredit/store';
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

/** Native collections (mongoose's model generics over these zod-inferred types are too heavy for tsc). */
export function registryCollections(conn: Connection) {
  const db = conn.db!;
  return {
    Enterprise: db.collection<EnterpriseDoc>('registry_enterprises'),
    Designation: db.collection<DesignationDoc>('registry_designations'),
    Bank: db.collection<BankDoc>('registry_banks'),
  };
}

export interface RegistryView {
  enterprise(enterpriseId: string): Promise<EnterpriseView | null>;
  bank(bankId: string): Promise<BankView | null>;
  /** Every enterprise with its designations (stats, relending: a few thousand documents). */
  allEnterprises(): Promise<EnterpriseView[]>;
  allBanks(): Promise<BankView[]>;
  consumer: ConsumerHandle;
}

const strip = <T extends { _id: string }>(d: T): Omit<T, '_id'> => {
  const { _id: _ignored, ...rest } = d;
  return rest;
};

const byValidFrom = (a: Designation, b: Designation): number =>
  a.validFrom < b.validFrom ? -1 : a.validFrom > b.validFrom ? 1 : a.code < b.code ? -1 : a.code > b.code ? 1 : 0;

/**
 * Starts the registry consumer (group `<service>.registry`) and returns the read view.
 * Reads are served from an in-memory mirror loaded once from the service's database at start and updated
 * after each durable write: FerretDB v1 answers even `_id` lookups with a collection scan
 * (docs/decisions/0006), so per-event lookups must not touch it. The database stays the source of truth.
 */
export interface RegistryProjectionOptions {
  /** Called after each registry-topic event is applied (also for events this view ignores, e.g. reference data). */
  afterApply?: (ev: Envelope) => Promise<void>;
}

export function registryProjection(ctx: ServiceContext, opts: RegistryProjectionOptions = {}): RegistryView {
  const { Enterprise, Designation, Bank } = registryCollections(ctx.db);
  const enterprises = new Map<string, EnterpriseRegistration>();
  const designations = new Map<string, Map<string, Designation>>();
  const banks = new Map<string, BankRegistration>();
  const addDesignation = (eventId: string, enterpriseId: string, d: Designation) => {
    let m = designations.get(enterpriseId);
    if (!m) designations.set(enterpriseId, (m = new Map()));
    m.set(eventId, d);
  };
  const loaded = (async () => {
    const t0 = Date.now();
    const [es, ds, bs] = await Promise.all([Enterprise.find({}).toArray(), Designation.find({}).toArray(), Bank.find({}).toArray()]);
    for (const e of es) enterprises.set(e._id, strip(e) as EnterpriseRegistration);
    for (const d of ds) addDesignation(d._id, d.enterpriseId, { code: d.code, validFrom: d.validFrom, validTo: d.validTo ?? null });
    for (const b of bs) banks.set(b._id, strip(b) as BankRegistration);
    ctx.logger.info({ enterprises: es.length, designations: ds.length, banks: bs.length, ms: Date.now() - t0 }, 'registry projection loaded');
  })();
  const consumer = ctx.consume({
    groupId: `${ctx.name}.registry`,
    topics: [Topics.registry],
    // The registry topic also carries reference data (statsEvents): accepted here, applied by afterApply.
    events: [...registryEvents, ...statsEvents],
    handle: async (ev) => {
      await loaded;
      if (ev.type === EnterpriseRegisteredEvent.type) {
        const d = ev.data as EnterpriseRegistration;
        // A first registration is an insert (FerretDB v1 answers an update with a collection scan); a re-registration updates.
        if (enterprises.has(d.enterpriseId) || (await insertOnce(Enterprise, { _id: d.enterpriseId, ...d })) === 'duplicate') {
          await Enterprise.updateOne({ _id: d.enterpriseId }, { $set: { ...d } }, { upsert: true });
        }
        enterprises.set(d.enterpriseId, { ...d });
      } else if (ev.type === DesignationGrantedEvent.type) {
        const d = ev.data as DesignationGranted;
        const des: Designation = { code: d.code, validFrom: d.validFrom, validTo: d.validTo ?? null };
        await insertOnce(Designation, { _id: ev.id, enterpriseId: d.enterpriseId, ...des });
        addDesignation(ev.id, d.enterpriseId, des);
      } else if (ev.type === BankRegisteredEvent.type) {
        const d = ev.data as BankRegistration;
        if (banks.has(d.bankId) || (await insertOnce(Bank, { _id: d.bankId, ...d })) === 'duplicate') {
          await Bank.updateOne({ _id: d.bankId }, { $set: { ...d } }, { upsert: true });
        }
        banks.set(d.bankId, { ...d });
      }
      await opts.afterApply?.(ev);
      return { outcome: 'done' };
    },
  });
  const view = (id: string, e: EnterpriseRegistration): EnterpriseView => ({
    ...e,
    designations: [...(designations.get(id)?.values() ?? [])].sort(byValidFrom),
  });
  return {
    consumer,
    async enterprise(id) {
      await loaded;
      const e = enterprises.get(id);
      return e ? view(id, e) : null;
    },
    async bank(id) {
      await loaded;
      const b = banks.get(id);
      return b ? { ...b } : null;
    },
    async allEnterprises() {
      await loaded;
      return [...enterprises].map(([id, e]) => view(id, e));
    },
    async allBanks() {
      await loaded;
      return [...banks.values()].map((b) => ({ ...b }));
    },
  };
}
