import { READ_BATCH } from '@techcredit/store';
import { Topics, policyEvents } from '@techcredit/contracts';
import { DEFAULT_POLICIES, PolicyBook, type AnyPolicyVersion } from '@techcredit/policy';
import type { ServiceContext } from '@techcredit/service';
import type { ConsumerHandle } from '@techcredit/bus';

/**
 * The policy book a service computes with: the default versions (DOMAIN.md) plus every version an admin
 * published on the policy topic, persisted in the service's database and reloaded at start. A version
 * with the same key and effective date replaces the earlier one; computations look up the version in
 * force on the relevant date.
 */
interface PolicyDoc {
  _id: string;
  version: AnyPolicyVersion;
}

export interface PolicyView {
  book(): PolicyBook;
  consumer: ConsumerHandle;
}

export async function policyProjection(ctx: ServiceContext): Promise<PolicyView> {
  const Policy = ctx.db.db!.collection<PolicyDoc>('policy_versions');
  let book = new PolicyBook(DEFAULT_POLICIES);
  for (const d of await Policy.find({}).batchSize(READ_BATCH).toArray()) book = book.with(d.version);
  // A broadcast group (one per instance): every replica must compute with every published version.
  const consumer = ctx.consume({
    groupId: `${ctx.name}.policy.${ctx.instanceId}`,
    topics: [Topics.policy],
    events: policyEvents,
    handle: async (ev) => {
      const v = ev.data as AnyPolicyVersion;
      await Policy.updateOne({ _id: `${v.key}:${v.effectiveFrom}` }, { $set: { version: v } }, { upsert: true });
      book = book.with(v);
      return { outcome: 'done' };
    },
  });
  return { book: () => book, consumer };
}
