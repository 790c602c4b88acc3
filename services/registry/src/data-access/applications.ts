/**
 * Designation applications and programme targets (DOMAIN.md §9.3, §12), the registry's own collections.
 * An application is inserted once under its id (the `designation.applied` event's data carries it; a
 * redelivery is a duplicate key); a decision is one conditional update `pending → approved|rejected` that
 * remembers the deciding event id, so a replay of the same decision is recognised and a second decision is
 * not applied. A target is an upsert by targetId (the later `target.set` of an id replaces it).
 */
import type { Collection, Filter } from 'mongodb';
import type { ApplicationStatus, DesignationApplied, DesignationDecided, TargetSpec } from '@techcredit/contracts';
import type { ServiceContext } from '@techcredit/service';
import { insertOnce, READ_BATCH } from '@techcredit/store';

export interface ApplicationDoc {
  _id: string;
  applicationId: string;
  enterpriseId: string;
  prefecture: string;
  designation: DesignationApplied['request']['designation'];
  year: number;
  appliedOn: string;
  status: ApplicationStatus;
  request: DesignationApplied['request'];
  result: DesignationApplied['result'];
  appliedEventId: string;
  decision?: { decision: DesignationDecided['decision']; reason: string; decidedOn: string; grant: DesignationDecided['grant']; eventId: string };
}
export interface TargetDoc extends TargetSpec {
  _id: string;
  setEventId: string;
}

export const APPLICATION_COLLECTIONS = {
  applications: { name: 'designation_applications', indexes: [{ key: { enterpriseId: 1 } }, { key: { prefecture: 1 } }] },
  targets: { name: 'programme_targets' },
} as const;

export interface ApplicationFilter {
  enterpriseId?: string;
  /** A prefecture code, or null for every prefecture. */
  prefecture?: string | null;
  status?: ApplicationStatus;
  designation?: 'TSME' | 'HTE';
}

export type DecideOutcome = 'decided' | 'replayed' | 'already-decided' | 'unknown';

export class ApplicationStore {
  private constructor(
    private readonly apps: Collection<ApplicationDoc>,
    private readonly targets: Collection<TargetDoc>,
  ) {}

  static async open(ctx: Pick<ServiceContext, 'collection'>): Promise<ApplicationStore> {
    const [apps, targets] = await Promise.all([
      ctx.collection<ApplicationDoc>(APPLICATION_COLLECTIONS.applications),
      ctx.collection<TargetDoc>(APPLICATION_COLLECTIONS.targets),
    ]);
    return new ApplicationStore(apps, targets);
  }

  async applied(eventId: string, d: DesignationApplied): Promise<void> {
    await insertOnce(this.apps, {
      _id: d.applicationId,
      applicationId: d.applicationId,
      enterpriseId: d.enterpriseId,
      prefecture: d.prefecture,
      designation: d.request.designation,
      year: d.request.year,
      appliedOn: d.appliedOn,
      status: 'pending',
      request: d.request,
      result: d.result,
      appliedEventId: eventId,
    });
  }

  /** pending → decided, once; `replayed` when this very event decided it before (its follow-up is redone). */
  async decided(eventId: string, d: DesignationDecided): Promise<DecideOutcome> {
    const decision = { decision: d.decision, reason: d.reason, decidedOn: d.decidedOn, grant: d.grant, eventId };
    const r = await this.apps.updateOne({ _id: d.applicationId, status: 'pending' }, { $set: { status: d.decision, decision } });
    if (r.modifiedCount === 1) return 'decided';
    const doc = await this.apps.findOne({ _id: d.applicationId }, { projection: { decision: 1 } });
    if (!doc) return 'unknown';
    return doc.decision?.eventId === eventId ? 'replayed' : 'already-decided';
  }

  async get(applicationId: string): Promise<ApplicationDoc | null> {
    return this.apps.findOne({ _id: applicationId });
  }

  /** Applications matching the filter (by an indexed field when one is given), oldest first. */
  async list(f: ApplicationFilter): Promise<ApplicationDoc[]> {
    const q: Filter<ApplicationDoc> = {};
    if (f.enterpriseId !== undefined) q.enterpriseId = f.enterpriseId;
    if (f.prefecture) q.prefecture = f.prefecture;
    const docs = await this.apps.find(q).batchSize(READ_BATCH).toArray();
    return docs.sort((a, b) => (a.appliedOn < b.appliedOn ? -1 : a.appliedOn > b.appliedOn ? 1 : a._id < b._id ? -1 : a._id > b._id ? 1 : 0));
  }

  async setTarget(eventId: string, t: TargetSpec): Promise<void> {
    await this.targets.replaceOne({ _id: t.targetId }, { ...t, setEventId: eventId }, { upsert: true });
  }

  async target(targetId: string): Promise<TargetDoc | null> {
    return this.targets.findOne({ _id: targetId });
  }

  async allTargets(): Promise<TargetDoc[]> {
    return (await this.targets.find({}).toArray()).sort((a, b) => (a._id < b._id ? -1 : 1));
  }
}
