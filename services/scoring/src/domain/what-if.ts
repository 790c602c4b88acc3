import { INDICATOR_KEYS, IndicatorsSchema, type IndicatorKey } from '@techcredit/contracts/src/scoring';
import type { IndicatorFiling } from '@techcredit/contracts/src/scoring';
import { formatFixed } from './exact';
import { memberFromFiling } from './member';
import { twiceRankAmong } from './percentile';
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

/** One member's score against the rest of its (year, stage) cohort: `scoreCohort([member, ...cohort])`'s answer for it. */
export function scoreAgainst(m: CohortMember, cohort: readonly CohortMember[], weights: ScoringWeights, rules: ScoringRules): ScoreResult {
  const counted = cohort.filter((o) => !o.flags.seriousDishonesty && o.enterpriseId !== m.enterpriseId);
  if (m.flags.seriousDishonesty) return vetoedScore(m, counted.length);
  const n = counted.length + 1;
  const w = weights[m.stage];
  const ranks = INDICATOR_KEYS.map((key) =>
    twiceRankAmong(
      m.indicators[key],
      counted.map((o) => o.indicators[key]),
    ),
  );
  return memberScore(m, ranks, n, w, rules, breakdownText(n, w, false));
}

/** The smallest value above `v` that moves a percentile among `others`: v + 1 if tied, else the next higher value; null at the top. */
export function nextStepValue(v: number, others: readonly number[]): number | null {
  let next: number | null = null;
  for (const o of others) {
    if (o === v) return v + 1;
    if (o > v && (next === null || o < next)) next = o;
  }
  return next;
}

export function whatIf(input: WhatIfInput): WhatIfResult {
  const { weights, rules } = input;
  const year = input.filing.year;
  const place = (indicators: Indicators): CohortMember =>
    memberFromFiling({ enterpriseId: input.enterpriseId, establishedOn: input.establishedOn, littleGiantOnDec31: input.littleGiantOnDec31, filing: { ...input.filing, indicators } }, rules);
  const others = input.others.filter((o) => o.enterpriseId !== input.enterpriseId && o.year === year);
  const cohortOf = (stage: Stage) => others.filter((o) => o.stage === stage);
  const score = (m: CohortMember) => scoreAgainst(m, cohortOf(m.stage), weights, rules);

  const filed = input.filing.indicators;
  const changed: Indicators = { ...filed, ...input.changes };
  const current = score(place(filed));
  const member = place(changed);
  const result = score(member);
  const changes = INDICATOR_KEYS.filter((k) => input.changes[k] !== undefined && input.changes[k] !== filed[k]).map((key) => ({ key, from: filed[key], to: changed[key] }));

  const nextSteps: NextStep[] = [];
  if (!result.vetoed && result.totalHundredths !== null) {
    const cohort = cohortOf(member.stage).filter((o) => !o.flags.seriousDishonesty);
    for (const key of INDICATOR_KEYS) {
      const from = changed[key];
      const to = nextStepValue(
        from,
        cohort.map((o) => o.indicators[key]),
      );
      if (to === null || !IndicatorsSchema.shape[key].safeParse(to).success) continue;
      const stepped = score(place({ ...changed, [key]: to }));
      if (stepped.totalHundredths === null) continue;
      const gainHundredths = stepped.totalHundredths - result.totalHundredths;
      if (gainHundredths <= 0) continue;
      nextSteps.push({ key, from, to, total: stepped.total!, totalHundredths: stepped.totalHundredths, grade: stepped.grade, stage: stepped.stage, gain: formatFixed(gainHundredths, 2), gainHundredths });
    }
    // Stable sort: equal gains keep INDICATOR_KEYS order.
    nextSteps.sort((a, b) => b.gainHundredths - a.gainHundredths);
  }
  return { enterpriseId: input.enterpriseId, year, current, whatIf: result, changes, nextSteps: nextSteps.slice(0, input.steps ?? NEXT_STEPS) };
}
