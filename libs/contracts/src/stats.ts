/**
 * Statistics reference input (DOMAIN.md §7): the region's total loan balance (all borrowers) on a date,
 * posted by a regulator, so the stats service can compute the spread over all loans' growth.
 * Carried on `Topics.registry` (reference data); registry projections accept and ignore it.
 */
import { z } from 'zod';
import { monthEndsBetween } from '@techcredit/money';
import { AsOfDate, Fen, IsoDate } from './common';
import { defineEvent, Topics } from './envelope';
import { PrefectureCodeSchema } from './registry';

/** The whole region (Xinjiang, '65'): the only scope of the all-loans totals. */
export const TOTAL_LOANS_REGION = '65';

export const TotalLoansPostedSchema = z.strictObject({
  date: IsoDate,
  balanceFen: Fen,
  region: z.literal(TOTAL_LOANS_REGION),
});
export type TotalLoansPosted = z.infer<typeof TotalLoansPostedSchema>;

/** `reference.total_loans_posted`, keyed by date: a later posting for the same date replaces an earlier one. */
export const totalLoansPosted = defineEvent({
  type: 'reference.total_loans_posted',
  version: 1,
  topic: Topics.registry,
  schema: TotalLoansPostedSchema,
  key: (d) => d.date,
});

export const statsEvents = [totalLoansPosted] as const;

/**
 * A caller's region scope on the read APIs (the gateway passes a regulator's scope as `region=`):
 * '65' = the whole region, or one prefecture code (DOMAIN.md §1).
 */
export const RegionScopeSchema = z.union([z.literal(TOTAL_LOANS_REGION), PrefectureCodeSchema]);
export type RegionScope = z.infer<typeof RegionScopeSchema>;

/**
 * The dates for which published figures exist to benchmark against (DOMAIN.md §8, end of 2024): the
 * benchmark answers for these only; the regulator's report marks its benchmark part "not applicable" on
 * every other date.
 */
export const BENCHMARK_DATES = ['2024-12-31'] as const;
export const BenchmarkDateSchema = z.enum(BENCHMARK_DATES);

/** The most points a statistics series answers (`GET /v1/stats/lending/series`): ten years of month ends. */
export const MAX_SERIES_POINTS = 120;

/**
 * The range of a statistics series (`?from=&to=&every=month`): reporting dates, `from` ≤ `to`, and at most
 * MAX_SERIES_POINTS month ends between them (more is a 422 naming `to`, nothing is computed). The points are the month
 * ends E with from ≤ E ≤ to.
 */
export const seriesRangeShape = {
  from: AsOfDate,
  to: AsOfDate,
  every: z.enum(['month']).default('month'),
};

/** The range checks of a series query, as a zod `superRefine` on an object with `seriesRangeShape`. */
export function checkSeriesRange(q: { from: string; to: string }, ctx: z.RefinementCtx): void {
  if (q.to < q.from) {
    ctx.addIssue({ code: 'custom', path: ['to'], message: `to (${q.to}) is before from (${q.from})` });
    return;
  }
  const n = monthEndsBetween(q.from, q.to);
  if (n > MAX_SERIES_POINTS) ctx.addIssue({ code: 'custom', path: ['to'], message: `${n} month ends from ${q.from} to ${q.to}: at most ${MAX_SERIES_POINTS} points per series` });
}
