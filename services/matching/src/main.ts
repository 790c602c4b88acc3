/**
 * matching: credit products, an enterprise's offers and a bank's recommendation list (DOMAIN.md §3).
 * Consumes `product.published` and `score.computed`, and keeps its own registry projection, loan ledger
 * (first-loan flag) and policy book (`matchingLineRatio`).
 */
import { IsoDate, Topics, productPublished, scoreComputed } from '@techcredit/contracts';
import { loanLedger, policyProjection, registryProjection } from '@techcredit/projections';
import { defineService, runMain } from '@techcredit/service';
import { MatchingStore } from './data-access/store';
import { todayInChina } from './entry-points/format';
import { matchingRoutes } from './entry-points/routes';
import { Matcher } from './matcher';

export const service = defineService({
  name: 'matching',
  topics: [Topics.registry, Topics.loan, Topics.score, Topics.product, Topics.policy],
  env: {
    MATCHING_AS_OF: IsoDate.optional().describe('matching date (designations valid, loans outstanding, policy in force); default today in UTC+8'),
  },
  async setup(ctx) {
    const policy = await policyProjection(ctx);
    const registry = registryProjection(ctx);
    // `matcher` is used only once loan events flow, after it is assigned below.
    const ledger = loanLedger(ctx, registry, { afterStore: async () => matcher.loansChanged() });
    const matcher = new Matcher({ logger: ctx.logger, store: new MatchingStore(ctx.db), registry, ledger, policy: () => policy.book() });
    await matcher.load();
    // Broadcast groups: each replica keeps every product and every enterprise's latest score (bounded by
    // enterprises, not by history), so any instance answers offers and recommendation lists.
    ctx.consume({ groupId: `${ctx.name}.products.${ctx.instanceId}`, topics: [Topics.product], events: [productPublished], handle: (ev) => matcher.onProduct(ev) });
    ctx.consume({ groupId: `${ctx.name}.scores.${ctx.instanceId}`, topics: [Topics.score], events: [scoreComputed], handle: (ev) => matcher.onScore(ev) });
    const asOf = () => ctx.config.MATCHING_AS_OF ?? todayInChina();
    return { routes: matchingRoutes(matcher, asOf) };
  },
});

if (require.main === module) runMain(service);
