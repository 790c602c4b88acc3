/**
 * New versions of the policies pledge decisions use (`pledgeCaps`, `riskCompensation`) re-check every
 * recorded decision and compensation. The policy book is updated by its own consumer; until it holds the
 * published version this event is parked (its prerequisite), then every record is recomputed.
 */
import { Topics, policyEvents, type Envelope } from '@techcredit/contracts';
import type { HandlerResult } from '@techcredit/bus';
import type { AnyPolicyVersion, PolicyBook } from '@techcredit/policy';
import type { ServiceContext } from '@techcredit/service';
import type { PledgeDecider } from '../decider';

const KEYS = new Set<string>(['pledgeCaps', 'riskCompensation']);

export function onPolicyChanges(ctx: ServiceContext, decider: PledgeDecider, book: () => PolicyBook) {
  return ctx.consume({
    groupId: `${ctx.name}.policy-recheck`,
    topics: [Topics.policy],
    events: policyEvents,
    handle: async (ev: Envelope): Promise<HandlerResult> => {
      const v = ev.data as AnyPolicyVersion;
      if (!KEYS.has(v.key)) return { outcome: 'done' };
      const held = book().versionAt(v.key, v.effectiveFrom);
      if (held?.effectiveFrom !== v.effectiveFrom || JSON.stringify(held.value) !== JSON.stringify(v.value)) {
        return { outcome: 'park', reason: `POLICY_NOT_APPLIED: ${v.key}@${v.effectiveFrom} is not in the policy book yet` };
      }
      await decider.recomputeAll();
      return { outcome: 'done' };
    },
  });
}
