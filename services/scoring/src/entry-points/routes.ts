/**
 * The scoring service's internal read API (same paths as the gateway's, fact 4 of the phase-2 brief):
 *  - `GET /v1/enterprises/:id/innovation-score?year=` → the last published `score.computed` data of that
 *    year (default: the enterprise's latest year), 404 if none;
 *  - `GET /v1/scores/distribution?year=&region=` → { year, region, grades: {A,B,C,D}, vetoed, scored }
 *    over the enterprises whose prefecture the region scope covers ('65' = the whole region);
 *  - `POST /v1/enterprises/:id/innovation-score/what-if` { year?, indicators } → the §14 what-if (pure: nothing filed
 *    or published): current and what-if scores, the changes, the three best next steps;
 *  - `GET /v1/scoring/status` → filings, scores, pending cohorts and the recompute counters (internal).
 */
import pMap from 'p-map';
import type { Router } from 'express';
import { z } from 'zod';
import { QueryYear, RegionScopeSchema, ScoreWhatIfSchema, UsccSchema, type Grade } from '@techcredit/contracts';
import type { PolicyBook } from '@techcredit/policy';
import type { RegistryView } from '@techcredit/projections';
import { NotFound, validBody, validateBody, validateParams, validateQuery, validParams, validQuery } from '@techcredit/service';
import { whatIf } from '../domain';
import { whatIfInputs } from '../recompute/what-if-inputs';
import type { ScoringEngine } from '../recompute/engine';

const Year = QueryYear;
const EnterpriseParams = z.strictObject({ id: UsccSchema });
const ScoreQuery = z.strictObject({ year: Year.optional() });
const DistributionQuery = z.strictObject({ year: Year.optional(), region: RegionScopeSchema.optional() });

export function scoringRoutes(engine: ScoringEngine, registry: Pick<RegistryView, 'prefectureOf' | 'enterprise'>, policy: () => PolicyBook) {
  return (router: Router): void => {
    router.get('/v1/enterprises/:id/innovation-score', validateParams(EnterpriseParams), validateQuery(ScoreQuery), (_req, res) => {
      const { id } = validParams(res, EnterpriseParams);
      const { year } = validQuery(res, ScoreQuery);
      const s = year === undefined ? engine.scores.latest(id) : engine.scores.get(id, year);
      if (!s) throw new NotFound(`no innovation score for enterprise ${id}${year === undefined ? '' : ` in ${year}`}`);
      res.json(s.data);
    });

    router.get('/v1/scores/distribution', validateQuery(DistributionQuery), async (_req, res) => {
      const q = validQuery(res, DistributionQuery);
      const region = q.region ?? '65';
      const year = q.year ?? engine.scores.latestYear();
      if (year === undefined) throw new NotFound('no scores yet');
      const grades: Record<Grade, number> = { A: 0, B: 0, C: 0, D: 0 };
      let vetoed = 0;
      const scores = [...engine.scores.ofYear(year)];
      // One indexed look-up of the prefecture per score, a few at a time (not a designation history each).
      const prefectures = await pMap(scores, (s) => registry.prefectureOf(s.data.enterpriseId), { concurrency: 16 });
      scores.forEach((s, i) => {
        // Region scopes nest by code prefix: '65' covers every prefecture, '6501' only itself.
        if (!prefectures[i]?.startsWith(region)) return;
        if (s.data.vetoed || s.data.grade === null) vetoed++;
        else grades[s.data.grade]++;
      });
      res.json({ year, region, grades, vetoed, scored: grades.A + grades.B + grades.C + grades.D });
    });

    router.post('/v1/enterprises/:id/innovation-score/what-if', validateParams(EnterpriseParams), validateBody(ScoreWhatIfSchema), async (_req, res) => {
      const { id } = validParams(res, EnterpriseParams);
      const body = validBody(res, ScoreWhatIfSchema);
      const inputs = await whatIfInputs({ filings: engine.filings, scores: engine.scores, registry, book: policy() }, id, body.year);
      res.json(whatIf({ ...inputs, changes: body.indicators }));
    });

    router.get('/v1/scoring/status', (_req, res) => {
      res.json(engine.status());
    });
  };
}
