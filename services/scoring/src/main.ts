/**
 * scoring: the innovation-points score (DOMAIN.md §2). Consumes `enterprise.indicators_filed`, keeps its
 * own registry projection (establishedOn, LITTLE_GIANT) and policy book (weights and rules on Dec 31 of
 * the filing year), recomputes dirty (year, stage) cohorts in debounced batches and publishes
 * `score.computed` for every enterprise whose score changed (src/recompute/engine.ts).
 */
import { z } from 'zod';
import { Topics, indicatorsFiled } from '@techcredit/contracts';
import { policyProjection, registryProjection } from '@techcredit/projections';
import { defineService, runMain } from '@techcredit/service';
import { ScoringStore } from './data-access/store';
import { scoringRoutes } from './entry-points/routes';
import { ScoringEngine } from './recompute/engine';

const ms = (def: number, doc: string) => z.coerce.number().int().min(0).max(600_000).default(def).describe(doc);

export const service = defineService({
  name: 'scoring',
  topics: [Topics.registry, Topics.enterprise, Topics.score, Topics.policy],
  env: {
    SCORING_QUIET_MS: ms(300, 'recompute dirty cohorts once no filing arrived for this long'),
    SCORING_MAX_DELAY_MS: ms(2000, 'during a continuous burst, recompute at least this often'),
    PARK_MAX_WAIT_MS: z.coerce.number().int().min(0).default(10 * 60_000).describe('how long a filing for an unknown enterprise waits before it is dead-lettered'),
  },
  async setup(ctx) {
    const policy = await policyProjection(ctx);
    const engine = new ScoringEngine({
      logger: ctx.logger,
      bus: ctx.bus,
      store: new ScoringStore(ctx.db),
      // `registry` is read only once events flow, after it is assigned below.
      registry: { enterprise: (id) => registry.enterprise(id) },
      policy: () => policy.book(),
      metrics: ctx.metrics,
      debounce: { quietMs: ctx.config.SCORING_QUIET_MS, maxDelayMs: ctx.config.SCORING_MAX_DELAY_MS },
    });
    const registry = registryProjection(ctx, { afterApply: (ev) => engine.onRegistryEvent(ev) });
    await engine.load();
    ctx.consume({
      groupId: `${ctx.name}.filings`,
      topics: [Topics.enterprise],
      events: [indicatorsFiled],
      handle: (ev) => engine.onFiling(ev),
      park: { retryEveryMs: 1000, maxWaitMs: ctx.config.PARK_MAX_WAIT_MS },
      // All 12 partitions at once: their filing inserts share one insertMany (ScoringStore group commit).
      partitionsConsumedConcurrently: 12,
    });
    return { routes: scoringRoutes(engine, registry, () => policy.book()), onStop: () => engine.stop() };
  },
});

if (require.main === module) runMain(service);
