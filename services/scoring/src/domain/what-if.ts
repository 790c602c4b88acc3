import { INDICATOR_KEYS, IndicatorsSchema, type IndicatorKey } from '@techcredit/contracts/src/scoring';
import type { IndicatorFiling } from '@techcredit/contracts/src/scoring';
import { formatFixed } from './exact';
import { memberFromFiling } from './member';
import { breakdownText, memberScore, vetoedScore } from './score-cohort';
import type { CohortMember, Indicators, ScoreResult, ScoringRules, ScoringWeights, Stage } from './types';

/**
 * The score what-if (DOMAIN.md §14): an enterprise's total for a filed year if some of its indicators took other
 * values, the rest of the year's filings held fixed, its stage recomputed from the new revenue; and the three
 * indicators whose smallest increase that moves its percentile raises its total most. Pure, with the §2 rule
 * code (`memberScore`, the per-member half of `scoreCohort`): nothing is filed or published.
 */
export interface WhatIfInput {
  enterpriseId: string;
  establishedOn: string;
  littleGiantOnDec31: boolean;
  /** The enterprise's current filing for the year. */
  filing: IndicatorFiling;
  /** Indicators to change (the others keep their filed values). */
  changes: Partial<Indicators>;
  /** Every other member of the year's cohorts (any stage), as the live recompute places them. */
  others: readonly CohortMember[];
  weights: ScoringWeights;
  rules: ScoringRules;
  /** How many next steps to answer (default NEXT_STEPS). */
  steps?: number;
}

export interface NextStep {
  key: IndicatorKey;
  from: number;
  /** The smallest value above `from` that moves the percentile: `from + 1` when tied, else the next value filed. */
  to: number;
  total: string;
  totalHundredths: number;
  grade: ScoreResult['grade'];
  stage: Stage;
  /** Points gained over the what-if total, 2 places (and in hundredths). */
  gain: string;
  gainHundredths: number;
}

export interface WhatIfResult {
  enterpriseId: string;
  year: number;
  /** The score of the filed values, computed the same way against the same cohorts. */
  current: ScoreResult;
  whatIf: ScoreResult;
  changes: { key: IndicatorKey; from: number; to: number }[];
  /** At most three, largest gain first (ties in indicator order); only steps that raise the rounded total. */
  nextSteps: NextStep[];
}

/** Number of next steps the what-if answers. */
export const NEXT_STEPS = 3;

/**
 * The counted (not vetoed) members of one cohort, each indicator's values sorted once: a member's 2L+E and the next
 * value above it are binary searches, so a what-if costs 18 sorts of the cohort, not a count per candidate step.
 */
export class CohortIndex {
  private readonly sorted: Float64Array[];
  readonly counted: number;

  /** `exclude`: the member asking (it joins with its own values). */
  constructor(cohort: readonly CohortMember[], exclude: string) {
    const counted = cohort.filter((o) => !o.flags.seriousDishonesty && o.enterpriseId !== exclude);
    this.counted = counted.length;
    this.sorted = INDICATOR_KEYS.map((key) => Float64Array.from(counted, (o) => o.indicators[key] + 0).sort());
  }

  /** Members with a value < v, and with a value ≤ v, on indicator k. */
  private bounds(k: number, v: number): [number, number] {
    const a = this.sorted[k] as Float64Array;
    const search = (strict: boolean) => {
      let lo = 0;
      let hi = a.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (strict ? (a[mid] as number) < v : (a[mid] as number) <= v) lo = mid + 1;
        else hi = mid;
      }
      return lo;
    };
    return [search(true), search(false)];
  }

  /** 2L + E of value v joining the cohort on indicator k (itself counted in E), as `twiceRankWithTies` ranks it. */
  twiceRank(k: number, v: number): number {
    const [lower, upTo] = this.bounds(k, v);
    return lower + upTo + 1;
  }

  /** The smallest value above v that moves the percentile: v + 1 if another member has v, else the next higher value; null at the top. */
  nextStep(k: number, v: number): number | null {
    const [lower, upTo] = this.bounds(k, v);
    if (upTo > lower) return v + 1;
    const a = this.sorted[k] as Float64Array;
    return upTo < a.length ? (a[upTo] as number) : null;
  }
}

/** One member's score against its cohort index: `scoreCohort([member, ...cohort])`'s answer for it. */
function scoreWith(m: CohortMember, index: CohortIndex, weights: ScoringWeights, rules: ScoringRules): ScoreResult {
  if (m.flags.seriousDishonesty) return vetoedScore(m, index.counted);
  const n = index.counted + 1;
  const w = weights[m.stage];
  const ranks = INDICATOR_KEYS.map((key, k) => index.twiceRank(k, m.indicators[key]));
  return memberScore(m, ranks, n, w, rules, breakdownText(n, w, false));
}

/** One member's score against the rest of its (year, stage) cohort: `scoreCohort([member, ...cohort])`'s answer for it. */
export function scoreAgainst(m: CohortMember, cohort: readonly CohortMember[], weights: ScoringWeights, rules: ScoringRules): ScoreResult {
  return scoreWith(m, new CohortIndex(cohort, m.enterpriseId), weights, rules);
}

export function whatIf(input: WhatIfInput): WhatIfResult {
  const { weights, rules } = input;
  const year = input.filing.year;
  const place = (indicators: Indicators): CohortMember =>
    memberFromFiling({ enterpriseId: input.enterpriseId, establishedOn: input.establishedOn, littleGiantOnDec31: input.littleGiantOnDec31, filing: { ...input.filing, indicators } }, rules);
  const others = input.others.filter((o) => o.enterpriseId !== input.enterpriseId && o.year === year);
  const indexes = new Map<Stage, CohortIndex>();
  const indexOf = (stage: Stage): CohortIndex => {
    let index = indexes.get(stage);
    if (!index) indexes.set(stage, (index = new CohortIndex(others.filter((o) => o.stage === stage), input.enterpriseId)));
    return index;
  };
  const score = (m: CohortMember) => scoreWith(m, indexOf(m.stage), weights, rules);

  const filed = input.filing.indicators;
  const changed: Indicators = { ...filed, ...input.changes };
  const current = score(place(filed));
  const member = place(changed);
  const result = score(member);
  const changes = INDICATOR_KEYS.filter((k) => input.changes[k] !== undefined && input.changes[k] !== filed[k]).map((key) => ({ key, from: filed[key], to: changed[key] }));

  const nextSteps: NextStep[] = [];
  if (!result.vetoed && result.totalHundredths !== null) {
    const index = indexOf(member.stage);
    INDICATOR_KEYS.forEach((key, k) => {
      const from = changed[key];
      const to = index.nextStep(k, from);
      if (to === null || !IndicatorsSchema.shape[key].safeParse(to).success) return;
      const stepped = score(place({ ...changed, [key]: to }));
      if (stepped.totalHundredths === null) return;
      const gainHundredths = stepped.totalHundredths - result.totalHundredths!;
      if (gainHundredths <= 0) return;
      nextSteps.push({ key, from, to, total: stepped.total!, totalHundredths: stepped.totalHundredths, grade: stepped.grade, stage: stepped.stage, gain: formatFixed(gainHundredths, 2), gainHundredths });
    });
    // Stable sort: equal gains keep INDICATOR_KEYS order.
    nextSteps.sort((a, b) => b.gainHundredths - a.gainHundredths);
  }
  return { enterpriseId: input.enterpriseId, year, current, whatIf: result, changes, nextSteps: nextSteps.slice(0, input.steps ?? NEXT_STEPS) };
}
