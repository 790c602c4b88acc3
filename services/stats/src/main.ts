/**
 * stats: lending statistics for any date (DOMAIN.md §7), sliced, and the §8 benchmark. Keeps its own
 * registry projection, loan ledger and the posted all-loans totals; computes on read.
 */
import { Topics, totalLoansPosted, type Envelope, type TotalLoansPosted } from '@techcredit/contracts';
import { loanLedger, registryProjection } from '@techcredit/projections';
import { defineService, runMain } from '@techcredit/service';
import { parkedLoanEvents } from './data-access/parked';
import { statsSource } from './data-access/source';
import { allTotalLoans, recordTotalLoans, totalLoansCollection } from './data-access/total-loans';
import { statsRoutes } from './entry-points/routes';

export const service = defineService({
  name: 'stats',
  topics: [Topics.registry, Topics.loan],
  async setup(ctx) {
    const totals = totalLoansCollection(ctx.db);
    const registry = registryProjection(ctx, {
      afterApply: async (ev) => {
        if (ev.type === totalLoansPosted.type) await recordTotalLoans(totals, ev as Envelope<TotalLoansPosted>);
      },
    });
    const ledger = loanLedger(ctx, registry);
    return {
      routes: statsRoutes({
        source: statsSource({ registry, ledger, totals }),
        loan: (id) => ledger.loan(id),
        parked: parkedLoanEvents(ctx.db, ctx.bus.group(`${ctx.name}.loans`)),
        totals: () => allTotalLoans(totals),
      }),
    };
  },
});

if (require.main === module) runMain(service);
