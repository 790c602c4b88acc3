/**
 * relending: tech-innovation re-lending (DOMAIN.md §5) — eligibility of each loan under the programme
 * version in force on its disbursement date, per-loan claims, quarterly per-bank applications capped by the
 * quota, and the bank's interest cost. Keeps its own registry projection, loan ledger and policy book;
 * computes on read.
 */
import { IsoDate, Topics } from '@techcredit/contracts';
import { loanLedger, policyProjection, registryProjection } from '@techcredit/projections';
import { defineService, runMain } from '@techcredit/service';
import { relendingSource } from './data-access/source';
import { todayInChina } from './entry-points/format';
import { relendingRoutes } from './entry-points/routes';

export const service = defineService({
  name: 'relending',
  topics: [Topics.registry, Topics.loan, Topics.policy],
  env: {
    RELENDING_AS_OF: IsoDate.optional().describe('date of the re-lending view (applications dated on or before it); default today in UTC+8'),
  },
  async setup(ctx) {
    const policy = await policyProjection(ctx);
    const registry = registryProjection(ctx);
    const ledger = loanLedger(ctx, registry);
    const today = () => ctx.config.RELENDING_AS_OF ?? todayInChina();
    return { routes: relendingRoutes(relendingSource({ registry, ledger, policy: () => policy.book() }), today, registry) };
  },
});

if (require.main === module) runMain(service);
