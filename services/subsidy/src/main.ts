/**
 * subsidy: loan interest subsidies and IP-pledge fee subsidies (DOMAIN.md §6) — eligibility, ACT/360
 * accrual at min(loan rate, LPR on the disbursement date), the 3-loan and 50万元 caps per enterprise and
 * year, payability after full repayment — and tech-insurance premium subsidies (§10). Keeps its own registry projection, loan ledger (pledge events
 * included), insurance projection and policy book (`subsidy`, `lpr1y`); computes on read.
 */
import { IsoDate, Topics } from '@techcredit/contracts';
import { insuranceProjection, loanLedger, policyProjection, registryProjection } from '@techcredit/projections';
import { defineService, runMain } from '@techcredit/service';
import { subsidySource } from './data-access/source';
import { todayInChina } from './entry-points/format';
import { subsidyRoutes } from './entry-points/routes';

export const service = defineService({
  name: 'subsidy',
  topics: [Topics.registry, Topics.loan, Topics.policy, Topics.insurance],
  env: {
    SUBSIDY_AS_OF: IsoDate.optional().describe('accrual date of the subsidy views (days before it accrue); default today in UTC+8'),
  },
  async setup(ctx) {
    const policy = await policyProjection(ctx);
    const registry = registryProjection(ctx);
    const ledger = loanLedger(ctx, registry);
    const insurance = insuranceProjection(ctx, registry);
    const today = () => ctx.config.SUBSIDY_AS_OF ?? todayInChina();
    return { routes: subsidyRoutes(subsidySource({ registry, ledger, insurance, policy: () => policy.book() }), today, registry) };
  },
});

if (require.main === module) runMain(service);
