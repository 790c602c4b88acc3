import type { Connection } from '@techcredit/store';
import {
  BankRegisteredEvent,
  DesignationGrantedEvent,
  EnterpriseRegisteredEvent,
  Topics,
  registryEvents,
  type BankRegistration,
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

/** Starts the registry consumer (group `<service>.registry`) and returns the read view. */
export function registryProjection(ctx: ServiceContext): RegistryView {
  const { Enterprise, Designation, Bank } = registryCollections(ctx.db);
  void Designation.createIndex({ enterpriseId: 1 }).catch((err: Error) => ctx.logger.warn({ err: err.message }, 'index creation failed'));
  const consumer = ctx.consume({
    groupId: `${ctx.name}.registry`,
    topics: [Topics.registry],
    events: registryEvents,
    handle: async (ev) => {
      if (ev.type === EnterpriseRegisteredEvent.type) {
        const d = ev.data as EnterpriseRegistration;
        await Enterprise.updateOne({ _id: d.enterpriseId }, { $set: { ...d } }, { upsert: true });
      } else if (ev.type === DesignationGrantedEvent.type) {
        const d = ev.data as DesignationGranted;
        await insertOnce(Designation, { _id: ev.id, enterpriseId: d.enterpriseId, code: d.code, validFrom: d.validFrom, validTo: d.validTo ?? null });
      } else if (ev.type === BankRegisteredEvent.type) {
        const d = ev.data as BankRegistration;
        await Bank.updateOne({ _id: d.bankId }, { $set: { ...d } }, { upsert: true });
      }
      return { outcome: 'done' };
    },
  });
  const designationsOf = async (ids: string[] | null): Promise<Map<string, Designation[]>> => {
    const docs = await Designation.find(ids ? { enterpriseId: { $in: ids } } : {}).toArray();
    const map = new Map<string, Designation[]>();
    for (const d of docs) {
      const list = map.get(d.enterpriseId) ?? [];
      list.push({ code: d.code, validFrom: d.validFrom, validTo: d.validTo ?? null });
      map.set(d.enterpriseId, list);
    }
    for (const list of map.values()) list.sort((a, b) => (a.validFrom < b.validFrom ? -1 : a.validFrom > b.validFrom ? 1 : a.code < b.code ? -1 : 1));
    return map;
  };
  return {
    consumer,
    async enterprise(id) {
      const doc = await Enterprise.findOne({ _id: id });
      if (!doc) return null;
      return { ...(strip(doc) as EnterpriseRegistration), designations: (await designationsOf([id])).get(id) ?? [] };
    },
    async bank(id) {
      const doc = await Bank.findOne({ _id: id });
      return doc ? (strip(doc) as BankRegistration) : null;
    },
    async allEnterprises() {
      const [docs, des] = await Promise.all([Enterprise.find({}).toArray(), designationsOf(null)]);
      return docs.map((d) => ({ ...(strip(d) as EnterpriseRegistration), designations: des.get(d._id) ?? [] }));
    },
    async allBanks() {
      return (await Bank.find({}).toArray()).map((d) => strip(d) as BankRegistration);
    },
  };
}
