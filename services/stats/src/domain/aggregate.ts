/**
 * The lending statistics of §7 as incremental aggregates: the sum of every enterprise's contribution
 * (./contribution.ts), per series, kept as sorted day deltas with running totals. A figure as of D is a
 * binary search in each series it needs, so a query costs O(series · log days) whatever the number of
 * loans, events or enterprises (docs/decisions/0009). Pure; the stats service feeds it from its changelog.
 */
import { addDays } from '@techcredit/money';
import { ALWAYS, parseSeriesKey, type Contribution, type DayDeltas } from './contribution';
import { oneYearBefore, yearStart } from './dates';
import type { PeriodFigures } from './figures';
import { compareFigures, totalOn, type LendingStats } from './report';
import type { SliceDimension } from './slices';
import type { TotalLoanBalance } from './types';

interface Series {
  days: Map<string, DayDeltas>;
  /** Built lazily after a change: sorted days and the running totals up to and including each. */
  index?: { days: string[]; totals: DayDeltas[] };
}

const WHOLE_REGION = '65';

export class LendingAggregate {
  private readonly series = new Map<string, Series>();

  /** Adds a contribution delta (one changelog entry). */
  apply(delta: Contribution): void {
    for (const [key, days] of delta) {
      let s = this.series.get(key);
      if (!s) this.series.set(key, (s = { days: new Map() }));
      for (const [day, d] of days) {
        const cur = s.days.get(day) ?? {};
        for (const [fig, v] of Object.entries(d)) {
          const next = (cur[fig] ?? 0) + v;
          if (!Number.isSafeInteger(next)) throw new RangeError(`aggregate ${key} ${fig} on ${day} left the exact integer range`);
          if (next === 0) delete cur[fig];
          else cur[fig] = next;
        }
        if (Object.keys(cur).length === 0) s.days.delete(day);
        else s.days.set(day, cur);
      }
      s.index = undefined;
      if (s.days.size === 0) this.series.delete(key);
    }
  }

  /** Number of series and day cells held (memory is bounded by these, not by history). */
  size(): { series: number; cells: number } {
    let cells = 0;
    for (const s of this.series.values()) cells += s.days.size;
    return { series: this.series.size, cells };
  }

  private indexOf(s: Series): { days: string[]; totals: DayDeltas[] } {
    if (s.index) return s.index;
    const days = [...s.days.keys()].sort();
    const totals: DayDeltas[] = [];
    let run: DayDeltas = {};
    for (const day of days) {
      run = { ...run };
      for (const [fig, v] of Object.entries(s.days.get(day)!)) run[fig] = (run[fig] ?? 0) + v;
      totals.push(run);
    }
    return (s.index = { days, totals });
  }

  /** Running totals of a series at the end of `day` (every delta dated on or before it). */
  private totalsAt(key: string, day: string): DayDeltas {
    const s = this.series.get(key);
    if (!s) return {};
    const { days, totals } = this.indexOf(s);
    let lo = 0;
    let hi = days.length - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (days[mid]! <= day) {
        found = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return found < 0 ? {} : totals[found]!;
  }

  /** Series keys of one dimension, for a region scope ('65' = every prefecture, else that prefecture). */
  private keysOf(region: string, dimension: string): Map<string, string[]> {
    const out = new Map<string, string[]>();
    for (const k of this.series.keys()) {
      const { prefecture, dimension: dim, key } = parseSeriesKey(k);
      if (dim !== dimension || (region !== WHOLE_REGION && prefecture !== region)) continue;
      if ((this.totalsAt(k, ALWAYS).mem ?? 0) <= 0) continue;
      const list = out.get(key) ?? [];
      list.push(k);
      out.set(key, list);
    }
    return out;
  }

  /** §7 figures for date D over a set of series (summed), as `figuresAt` computes them from loans. */
  figuresOver(keys: readonly string[], date: string): PeriodFigures {
    const f: PeriodFigures = { date, supportedEnterprises: 0, balanceFen: 0, creditLoansIssuedFen: 0, ipPledgeEnterpriseTimes: 0, ipPledgeBalanceFen: 0 };
    const before = addDays(yearStart(date), -1);
    for (const k of keys) {
      const at = this.totalsAt(k, date);
      const start = this.totalsAt(k, before);
      f.supportedEnterprises += at.sup ?? 0;
      f.balanceFen += at.bal ?? 0;
      f.ipPledgeBalanceFen += at.ipb ?? 0;
      f.creditLoansIssuedFen += (at.cre ?? 0) - (start.cre ?? 0);
      f.ipPledgeEnterpriseTimes += (at.ipt ?? 0) - (start.ipt ?? 0);
    }
    return f;
  }

  private stats(keys: readonly string[], asOf: string, totals: readonly TotalLoanBalance[]): LendingStats {
    const previous = oneYearBefore(asOf);
    return compareFigures(this.figuresOver(keys, asOf), this.figuresOver(keys, previous), {
      current: totalOn(totals, asOf),
      prior: totalOn(totals, previous),
    });
  }

  /** Enterprises holding each designation on D (registry counts), in the region scope. */
  designationCounts(region: string, date: string): Record<string, number> {
    const counts: Record<string, number> = {};
    for (const keys of this.keysOf(region, 'all').values()) {
      for (const k of keys) {
        for (const [fig, v] of Object.entries(this.totalsAt(k, date))) {
          if (!fig.startsWith('reg:') || v === 0) continue;
          const code = fig.slice(4);
          counts[code] = (counts[code] ?? 0) + v;
        }
      }
    }
    return Object.fromEntries(Object.entries(counts).filter(([, v]) => v > 0).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  }

  /** The §7 statistics of a region scope on D, with its registry counts (as `computeLendingStats`). */
  lendingStats(region: string, asOf: string, totals: readonly TotalLoanBalance[]): LendingStats {
    const keys = [...this.keysOf(region, 'all').values()].flat();
    return { ...this.stats(keys, asOf, totals), registry: this.designationCounts(region, asOf) };
  }

  /** The series of each slice of one dimension in a region scope, slice keys sorted. */
  private sliceKeys(region: string, dimension: SliceDimension): [string, string[]][] {
    if (dimension === 'prefecture') {
      const byPrefecture = new Map<string, string[]>();
      for (const keys of this.keysOf(region, 'all').values()) for (const k of keys) byPrefecture.set(parseSeriesKey(k).prefecture, [k]);
      return [...byPrefecture].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    }
    const slices = this.keysOf(region, dimension === 'designation' ? 'des' : dimension);
    return [...slices].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  }

  /** The §7 statistics sliced by one dimension (as `groupBy`), keys sorted. */
  groupBy(region: string, asOf: string, dimension: SliceDimension, totals: readonly TotalLoanBalance[]): Record<string, LendingStats> {
    return Object.fromEntries(this.sliceKeys(region, dimension).map(([key, keys]) => [key, this.stats(keys, asOf, totals)]));
  }

  /**
   * Balance and supported enterprises (§7) on each of `dates` over a region scope, and per slice of one dimension if
   * given: a running-total look-up per series and date, so the cost is O(dates · series · log days), never a fold of
   * the loans.
   */
  seriesOn(region: string, dates: readonly string[], dimension?: SliceDimension): { total: SeriesPoint[]; slices?: Record<string, SeriesPoint[]> } {
    const points = (keys: readonly string[]) =>
      dates.map((date): SeriesPoint => {
        const f = this.figuresOver(keys, date);
        return { date, balanceFen: f.balanceFen, supportedEnterprises: f.supportedEnterprises };
      });
    const total = points([...this.keysOf(region, 'all').values()].flat());
    if (!dimension) return { total };
    return { total, slices: Object.fromEntries(this.sliceKeys(region, dimension).map(([key, keys]) => [key, points(keys)])) };
  }
}

/** One point of a lending series: the balance (fen) and supported enterprises on a date (DOMAIN.md §7). */
export interface SeriesPoint {
  date: string;
  balanceFen: number;
  supportedEnterprises: number;
}
