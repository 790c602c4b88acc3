/**
 * stats: lending statistics for any date (DOMAIN.md §7), sliced, and the §8 benchmark. Keeps its own
 * registry projection, loan ledger, the posted all-loans totals, and for §11 the investments (insurance topic),
 * the products' terms and the policy book, and answers from incremental
 * aggregates (data-access/aggregates.ts, docs/decisions/0009), so a read does not grow with history.
 */
import { Topics, totalLoansPosted, type Envelope, type TotalLoansPosted } from '@techcredit/contracts';
import { insuranceProjection, loanLedger, policyProjection, registryProjection } from '@techcredit/projections';
import { defineService, runMain } from '@techcredit/service';
import { parkedLoanEvents } from './data-access/parked';
import { productTerms } from './data-access/products';
import { ENTERPRISE_CHANGES_TOPIC, statsAggregates, type StatsAggregates } from './data-access/aggregates';
import { allTotalLoans, recordTotalLoans, totalLoansCollection } from './data-access/total-loans';
import { statsRoutes } from './entry-points/routes';

export const service = defineService({
  name: 'stats',
  topics: [Topics.registry, Topics.loan, Topics.insurance, Topics.product, Topics.policy, ENTERPRISE_CHANGES_TOPIC],
  async setup(ctx) {
    const totals = totalLoansCollection(ctx.db);
    // The aggregates need the projections and the projections note changes to the aggregates.
    let resolveAggregates!: (a: StatsAggregates) => void;
    const noted = new Promise<StatsAggregates>((resolve) => (resolveAggregates = resolve));
    const noteChange = async (enterpriseId: string) => (await noted).noteChange(enterpriseId);
    const beforeCommit = async () => (await noted).flushNotes();
    const registry = registryProjection(ctx, {
      afterApply: async (ev) => {
        if (ev.type === totalLoansPosted.type) await recordTotalLoans(totals, ev as Envelope<TotalLoansPosted>);
        const enterpriseId = (ev.data as { enterpriseId?: unknown }).enterpriseId;
        if (typeof enterpriseId === 'string') await noteChange(enterpriseId);
      },
      beforeCommit,
    });
    // §11: the products' terms, investments (insurance topic) and the investment-link window (policy).
    const products = await productTerms(ctx, noteChange);
    const ledger = loanLedger(ctx, registry, {
      afterStore: async (_ev, doc) => {
        const productId = doc.type === 'loan.disbursed' ? (doc.data as { productId?: string }).productId : undefined;
        if (productId !== undefined) await products.loanUnder(productId, doc.enterpriseId);
        await noteChange(doc.enterpriseId);
      },
      beforeCommit,
    });
    const insurance = insuranceProjection(ctx, registry, { afterApply: async (_ev, enterpriseId) => void (enterpriseId && (await noteChange(enterpriseId))), beforeCommit });
    const policy = await policyProjection(ctx);
    const agg = await statsAggregates(ctx, {
      registry,
      ledger,
      insurance,
      linkWindowAt: (d) => policy.book().at('investmentLink', d)?.windowDays,
      termsOf: (ids) => products.termsOf(ids),
    });
    resolveAggregates(agg);
    return {
      onStop: async () => agg.stop(),
      routes: statsRoutes({
        stats: async () => ({ aggregate: await agg.current(), totals: await allTotalLoans(totals) }),
        banks: () => registry.allBanks(),
        lag: () => agg.lag(),
        loan: (id) => ledger.loan(id),
        parked: parkedLoanEvents(ctx.db, ctx.bus.group(`${ctx.name}.loans`)),
        totals: () => allTotalLoans(totals),
      }),
    };
  },
});

if (require.main === module) runMain(service);
