import type { IndicatorFiling } from '@techcredit/contracts/src/scoring';
import { stageOf, type StageRules } from './stage';
import type { CohortMember } from './types';

/**
 * Builds a cohort member from an enterprise's latest filing for a year: its stage (from `establishedOn`
 * and the filed revenue) and whether it holds LITTLE_GIANT valid on Dec 31 of the year (the caller
 * evaluates the designation dates, e.g. with @techcredit/reference `designationsValidOn`).
 */
export function memberFromFiling(
  input: { enterpriseId: string; establishedOn: string; filing: IndicatorFiling; littleGiantOnDec31: boolean },
  rules: StageRules,
): CohortMember {
  const { filing } = input;
  return {
    enterpriseId: input.enterpriseId,
    year: filing.year,
    stage: stageOf(input.establishedOn, filing.year, filing.indicators.revenue, rules),
    indicators: filing.indicators,
    flags: filing.flags,
    littleGiantOnDec31: input.littleGiantOnDec31,
  };
}
