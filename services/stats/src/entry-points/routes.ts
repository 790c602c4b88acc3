/**
 * The stats internal read API (same paths as the gateway's). Statistics are computed on read (DOMAIN.md §7)
 * from the registry projection, the loan ledger and the posted all-loans totals, with the pure domain.
 */
import type { Router } from 'express';
import { z } from 'zod';
import { AsOfDate, BENCHMARK_DATES, LoanIdSchema, RegionScopeSchema, type LoanFold, type LoanEventLike } from '@techcredit/contracts';
import { Forbidden, NotFound, Pagination, ValidationProblem, validateParams, validateQuery, validParams, validQuery } from '@techcredit/service';
import { fenToYi } from '@techcredit/money';
import {
  benchmark,
  computeLendingStats,
  groupBy,
  oneYearBefore,
  PUBLISHED_2024,
  restrictToRegion,
  type SliceDimension,
} from '../domain';
import type { StatsSource } from '../data-access/source';
import type { TotalLoansDoc } from '../data-access/total-loans';
import { sliceLabels } from './labels';
import { loanView, todayInChina, type ParkedNote } from './loan-view';

const DIMENSIONS = ['prefecture', 'zone', 'cluster', 'designation', 'bank'] as const satisfies readonly SliceDimension[];

const LoanParams = z.strictObject({ loanId: LoanIdSchema });
const LoanQuery = z.strictObject({ asOf: AsOfDate.optional() });
const LendingQuery = z.strictObject({ asOf: AsOfDate, groupBy: z.enum(DIMENSIONS).optional(), region: RegionScopeSchema.default('65') });
const BenchmarkQuery = z.strictObject({ asOf: AsOfDate.default(PUBLISHED_2024.asOf), region: RegionScopeSchema.default('65') });

export interface StatsRouteDeps {
  source: StatsSource;
  loan(loanId: string): Promise<(LoanFold & { events: LoanEventLike[] }) | null>;
  parked(loanId: string): Promise<ParkedNote[]>;
  totals(): Promise<TotalLoansDoc[]>;
  now?: () => Date;
}

export function statsRoutes(deps: StatsRouteDeps) {
  const now = deps.now ?? (() => new Date());
  return (router: Router): void => {
    router.get('/v1/loans/:loanId', validateParams(LoanParams), validateQuery(LoanQuery), async (_req, res) => {
      const { loanId } = validParams(res, LoanParams);
      const today = todayInChina(now());
      const { asOf = today } = validQuery(res, LoanQuery);
      const [fold, parked] = await Promise.all([deps.loan(loanId), deps.parked(loanId)]);
      const view = fold && loanView(fold, { today, asOf }, parked);
      if (!view) {
        const waiting = parked.length ? `; ${parked.length} event(s) for it are parked awaiting a prerequisite` : '';
        throw new NotFound(`loan ${loanId} is not known${waiting}`, { parked: parked.length });
      }
      res.json(view);
    });

    router.get('/v1/stats/lending', validateQuery(LendingQuery), async (_req, res) => {
      const q = validQuery(res, LendingQuery);
      const data = await deps.source.load();
      const input = restrictToRegion(data.input, q.region);
      const body: Record<string, unknown> = { asOf: q.asOf, previous: oneYearBefore(q.asOf), region: q.region, stats: computeLendingStats(input, q.asOf) };
      if (q.groupBy) {
        const slices = groupBy(input, q.asOf, q.groupBy);
        body.groupBy = q.groupBy;
        body.slices = slices;
        body.labels = sliceLabels(q.groupBy, Object.keys(slices), data.banks);
      }
      res.json(body);
    });

    router.get('/v1/stats/benchmark', validateQuery(BenchmarkQuery), async (_req, res) => {
      const q = validQuery(res, BenchmarkQuery);
      if (q.asOf !== PUBLISHED_2024.asOf || !(BENCHMARK_DATES as readonly string[]).includes(q.asOf)) {
        throw new ValidationProblem(
          [{ in: 'query', path: ['asOf'], message: `figures are published for ${PUBLISHED_2024.asOf} only`, code: 'invalid_value' }],
          `no published figures for ${q.asOf}`,
        );
      }
      if (q.region !== '65') throw new Forbidden('the published figures cover the whole region (65); a prefecture scope cannot be compared with them');
      const stats = computeLendingStats((await deps.source.load()).input, q.asOf);
      const items = benchmark(stats);
      res.json({ asOf: q.asOf, region: q.region, items, total: items.length, agreeing: items.filter((r) => r.agrees).length });
    });

    router.get('/v1/reference/total-loans', validateQuery(Pagination), async (_req, res) => {
      const { limit, offset } = validQuery(res, Pagination);
      const all = (await deps.totals()).map((t) => ({
        date: t.date,
        region: t.region,
        balanceFen: t.balanceFen,
        balanceYi: fenToYi(t.balanceFen, 2),
        eventId: t.eventId,
        postedAt: t.postedAt,
      }));
      res.json({ items: all.slice(offset, offset + limit), total: all.length, limit, offset });
    });
  };
}
