/**
 * The stats internal read API (same paths as the gateway's). Statistics are computed on read (DOMAIN.md §7)
 * from the registry projection, the loan ledger and the posted all-loans totals, with the pure domain.
 */
import type { Router } from 'express';
import { z } from 'zod';
import {
  AsOfDate,
  BENCHMARK_DATES,
  LoanIdSchema,
  MAX_SERIES_POINTS,
  RegionScopeSchema,
  checkSeriesRange,
  seriesRangeShape,
  type LoanFold,
  type LoanEventLike,
} from '@techcredit/contracts';
import { Forbidden, NotFound, Pagination, ValidationProblem, validateParams, validateQuery, validParams, validQuery } from '@techcredit/service';
import { fenToYi, monthEnds } from '@techcredit/money';
import type { BankView } from '@techcredit/projections';
import { benchmark, oneYearBefore, PUBLISHED_2024, type LendingAggregate, type SeriesPoint, type SliceDimension } from '../domain';
import type { TotalLoansDoc } from '../data-access/total-loans';
import { sliceLabels } from './labels';
import { loanView, todayInChina, type ParkedNote } from './loan-view';

const DIMENSIONS = ['prefecture', 'zone', 'cluster', 'designation', 'bank'] as const satisfies readonly SliceDimension[];

const LoanParams = z.strictObject({ loanId: LoanIdSchema });
const LoanQuery = z.strictObject({ asOf: AsOfDate.optional() });
const LendingQuery = z.strictObject({ asOf: AsOfDate, groupBy: z.enum(DIMENSIONS).optional(), region: RegionScopeSchema.default('65') });
const SeriesQuery = z
  .strictObject({ ...seriesRangeShape, groupBy: z.enum(DIMENSIONS).optional(), region: RegionScopeSchema.default('65') })
  .superRefine(checkSeriesRange);
const BenchmarkQuery = z.strictObject({ asOf: AsOfDate.default(PUBLISHED_2024.asOf), region: RegionScopeSchema.default('65') });

export interface StatsRouteDeps {
  /** The incremental aggregate and the posted all-loans totals (a few documents). */
  stats(): Promise<{ aggregate: LendingAggregate; totals: TotalLoansDoc[] }>;
  /** The registered banks (labels of the bank slices). */
  banks(): Promise<BankView[]>;
  /** How far the aggregate is behind the stored events (operations, tests). */
  lag(): Promise<{ notes: number; entries: number }>;
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

    router.get('/v1/stats/freshness', async (_req, res) => {
      const lag = await deps.lag();
      res.json({ current: lag.notes === 0 && lag.entries === 0, pendingChangeNotes: lag.notes, pendingChangelogEntries: lag.entries });
    });

    router.get('/v1/stats/lending', validateQuery(LendingQuery), async (_req, res) => {
      const q = validQuery(res, LendingQuery);
      const data = await deps.stats();
      const totals = data.totals.map((t) => ({ date: t.date, balanceFen: t.balanceFen }));
      const body: Record<string, unknown> = {
        asOf: q.asOf,
        previous: oneYearBefore(q.asOf),
        region: q.region,
        stats: data.aggregate.lendingStats(q.region, q.asOf, totals),
      };
      if (q.groupBy) {
        const slices = data.aggregate.groupBy(q.region, q.asOf, q.groupBy, totals);
        body.groupBy = q.groupBy;
        body.slices = slices;
        body.labels = sliceLabels(q.groupBy, Object.keys(slices), q.groupBy === 'bank' ? await deps.banks() : []);
      }
      res.json(body);
    });

    router.get('/v1/stats/lending/series', validateQuery(SeriesQuery), async (_req, res) => {
      const q = validQuery(res, SeriesQuery);
      const dates = monthEnds(q.from, q.to, MAX_SERIES_POINTS);
      const { aggregate } = await deps.stats();
      const series = aggregate.seriesOn(q.region, dates, q.groupBy);
      const shown = (points: SeriesPoint[]) => points.map((p) => ({ ...p, balanceYi: fenToYi(p.balanceFen, 2) }));
      const body: Record<string, unknown> = { from: q.from, to: q.to, every: q.every, region: q.region, points: shown(series.total) };
      if (q.groupBy && series.slices) {
        body.groupBy = q.groupBy;
        body.slices = Object.fromEntries(Object.entries(series.slices).map(([k, points]) => [k, shown(points)]));
        body.labels = sliceLabels(q.groupBy, Object.keys(series.slices), q.groupBy === 'bank' ? await deps.banks() : []);
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
      const data = await deps.stats();
      const stats = data.aggregate.lendingStats('65', q.asOf, data.totals.map((t) => ({ date: t.date, balanceFen: t.balanceFen })));
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
