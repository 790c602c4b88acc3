import { INDICATOR_KEYS } from '@techcredit/contracts/src/scoring';
import type { BreakdownEntry, IndicatorKey } from '@techcredit/contracts/src/scoring';
import { divHalfUpInt, formatFixed } from './exact';
import { twiceRankWithTies } from './percentile';
import { assertScoringPolicy, bonusOf, gradeOf, penaltyOf } from './rules';
import type { CohortMember, ScoreResult, ScoringRules, ScoringWeights, Stage } from './types';
import { VETO_SERIOUS_DISHONESTY } from './types';

const STAGE_ORDER: Record<Stage, number> = { startup: 0, growth: 1, stable: 2 };

/** Caches f(i) for integers 0 ≤ i < size in a plain array (filled on first use). */
function memoInt(size: number, f: (i: number) => string): (i: number) => string {
  const cache = new Array<string | undefined>(size);
  return (i) => cache[i] ?? (cache[i] = f(i));
}

/** Members of one (year, stage) cohort. */
export interface Cohort {
  year: number;
  stage: Stage;
  members: CohortMember[];
}

/** Groups members into (year, stage) cohorts, ordered by year, then startup, growth, stable. */
export function groupIntoCohorts(members: readonly CohortMember[]): Cohort[] {
  const byKey = new Map<string, Cohort>();
  for (const m of members) {
    const key = `${m.year}:${m.stage}`;
    let c = byKey.get(key);
    if (!c) byKey.set(key, (c = { year: m.year, stage: m.stage, members: [] }));
    c.members.push(m);
  }
  return [...byKey.values()].sort((a, b) => a.year - b.year || STAGE_ORDER[a.stage] - STAGE_ORDER[b.stage]);
}

/**
 * Scores every member of one (year, stage) cohort (DOMAIN.md §2). Pure; results in input order.
 *
 * - A member flagged `seriousDishonesty` is vetoed: no total, a reason, and it is left out of N.
 * - For the others, indicator i has percentile s_i = (2L_i + E_i) / (2N), and
 *   base = Σ w_i·(2L_i + E_i) / (2N) is kept as that exact fraction (numerator ≤ 200·N).
 * - total = max(0, base + bonus − penalty), rounded half-up to hundredths once, at the end;
 *   the grade is that of the rounded total (the published figure).
 * - Breakdown percentiles (4 places) and points (2 places) are rounded for display only.
 *
 * Throws RangeError (a programmer error) on members of different cohorts, a duplicate enterprise,
 * or policy values that would break exactness (see assertScoringPolicy).
 */
export function scoreCohort(
  members: readonly CohortMember[],
  weights: ScoringWeights,
  rules: ScoringRules,
): ScoreResult[] {
  if (members.length === 0) return [];
  assertScoringPolicy(weights, rules);
  const first = members[0] as CohortMember;
  const seen = new Set<string>();
  for (const m of members) {
    if (m.year !== first.year || m.stage !== first.stage) {
      throw new RangeError(`mixed cohorts: ${first.year}/${first.stage} and ${m.year}/${m.stage}`);
    }
    if (seen.has(m.enterpriseId)) throw new RangeError(`duplicate enterprise ${m.enterpriseId} in cohort`);
    seen.add(m.enterpriseId);
  }

  const w = weights[first.stage];
  const counted = members.filter((m) => !m.flags.seriousDishonesty);
  const n = counted.length;
  // ranks[k][j] = 2L + E of counted member j on indicator k
  const ranks = INDICATOR_KEYS.map((key) => twiceRankWithTies(counted.map((m) => m.indicators[key])));
  const slot = new Map<string, number>(counted.map((m, j) => [m.enterpriseId, j]));
  // Display strings depend only on 2L+E (and the weight), so members share them: cache per cohort.
  const text = breakdownText(n, w, true);
  const memberRanks = new Array<number>(INDICATOR_KEYS.length);
  return members.map((m): ScoreResult => {
    const j = slot.get(m.enterpriseId);
    if (j === undefined) return vetoedScore(m, n);
    for (let k = 0; k < INDICATOR_KEYS.length; k++) memberRanks[k] = (ranks[k] as Int32Array)[j] as number;
    return memberScore(m, memberRanks, n, w, rules, text);
  });
}

/** Display strings of a breakdown entry from its 2L+E: percentile (4 places) and points per indicator (2 places). */
export interface BreakdownText {
  percentile(r: number): string;
  points(k: number, r: number): string;
}

/** The breakdown's display strings for a cohort of `n` counted members (memoised per 2L+E when `memo`: a whole cohort). */
export function breakdownText(n: number, w: readonly number[], memo: boolean): BreakdownText {
  const den = 2 * n;
  const percentile = (r: number) => formatFixed(divHalfUpInt(10_000 * r, den), 4);
  const points = (weight: number) => (r: number) => formatFixed(divHalfUpInt(100 * weight * r, den), 2);
  if (!memo) return { percentile, points: (k, r) => points(w[k] as number)(r) };
  const percentileText = memoInt(den + 1, percentile);
  const pointsByWeight = new Map<number, (r: number) => string>();
  const pointsText = w.map((weight) => {
    let f = pointsByWeight.get(weight);
    if (!f) pointsByWeight.set(weight, (f = memoInt(den + 1, points(weight))));
    return f;
  });
  return { percentile: percentileText, points: (k, r) => (pointsText[k] as (r: number) => string)(r) };
}

/** A member on the serious-dishonesty list (DOMAIN.md §2): no total, the reason, left out of N (`n` counts the others). */
export function vetoedScore(m: CohortMember, n: number): ScoreResult {
  return {
    enterpriseId: m.enterpriseId,
    year: m.year,
    stage: m.stage,
    vetoed: true,
    vetoReason: VETO_SERIOUS_DISHONESTY,
    total: null,
    totalHundredths: null,
    grade: null,
    base: null,
    bonus: 0,
    penalty: 0,
    cohortSize: n,
    revenueFen: m.indicators.revenue,
    breakdown: [],
  };
}

/**
 * The score of one counted member from its 2L+E on each indicator (`twiceRanks`, INDICATOR_KEYS order) in a cohort
 * of `n` counted members: base = Σ w·(2L+E) / (2N) exactly, bonus, penalties, total rounded half-up once, grade.
 * `scoreCohort` calls it for every member; the what-if for one member against the rest of its cohort.
 */
export function memberScore(m: CohortMember, twiceRanks: ArrayLike<number>, n: number, w: readonly number[], rules: ScoringRules, text: BreakdownText): ScoreResult {
  const den = 2 * n;
  let baseNum = 0;
  const breakdown: BreakdownEntry[] = new Array<BreakdownEntry>(INDICATOR_KEYS.length);
  for (let k = 0; k < INDICATOR_KEYS.length; k++) {
    const key = INDICATOR_KEYS[k] as IndicatorKey;
    const r = twiceRanks[k] as number;
    const weight = w[k] as number;
    baseNum += weight * r;
    breakdown[k] = { key, value: m.indicators[key], percentile: text.percentile(r), weight, points: text.points(k, r) };
  }
  const bonus = bonusOf(m.flags, m.littleGiantOnDec31, rules);
  const penalty = penaltyOf(m.flags, rules);
  const totalNum = Math.max(0, baseNum + (bonus - penalty) * den);
  const totalHundredths = divHalfUpInt(100 * totalNum, den);
  return {
    enterpriseId: m.enterpriseId,
    year: m.year,
    stage: m.stage,
    vetoed: false,
    total: formatFixed(totalHundredths, 2),
    totalHundredths,
    grade: gradeOf(totalHundredths, rules.grades),
    base: formatFixed(divHalfUpInt(100 * baseNum, den), 2),
    bonus,
    penalty,
    cohortSize: n,
    revenueFen: m.indicators.revenue,
    breakdown,
  };
}
