/**
 * pledge: IP-pledge decisions (DOMAIN.md §4) — registration checks, pledge-rate caps and breach flags,
 * release, and risk compensation of written-off pledged loans. Keeps its own registry projection, loan
 * ledger (pledge events ride the loan topic; a pledge for an unknown loan is parked by the ledger) and
 * policy book (`pledgeCaps`, `riskCompensation`).
 */
import { Topics, type LoanEventLike } from '@techcredit/contracts';
import { loanLedger, policyProjection, registryProjection } from '@techcredit/projections';
import { defineService, runMain } from '@techcredit/service';
import { PledgeStore } from './data-access/store';
import { PledgeDecider } from './decider';
import { onPolicyChanges } from './entry-points/policy-changes';
import { pledgeRoutes } from './entry-points/routes';

export const service = defineService({
  name: 'pledge',
  topics: [Topics.registry, Topics.loan, Topics.policy],
  async setup(ctx) {
    const policy = await policyProjection(ctx);
    const registry = registryProjection(ctx);
    // `decider` is used only once loan events flow, after it is assigned below.
    const ledger = loanLedger(ctx, registry, {
      afterStore: async (_ev, doc) => decider.onStored({ id: doc._id, type: doc.type, data: doc.data } as LoanEventLike),
    });
    const decider = new PledgeDecider({ ledger, store: new PledgeStore(ctx.db), policy: () => policy.book(), logger: ctx.logger });
    await decider.load();
    onPolicyChanges(ctx, decider, () => policy.book());
    return { routes: pledgeRoutes(decider, registry) };
  },
});

if (require.main === module) runMain(service);
