import { INDICATOR_KEYS } from '@techcredit/contracts/src/scoring';
import { policyBook } from '@techcredit/policy';
import type { CohortMember, FilingFlags, Indicators, ScoringRules, ScoringWeights, Stage } from './types';

/**
 * The default scoring policy of DOMAIN.md §2, read from @techcredit/policy (the same data the service
 * computes with): weights per stage in INDICATOR_KEYS order (each stage sums to 100), e.g. growth =
 * 8,5,9,7,9,4,8; 8,6,8,4,4,3; 4,5,4,2,2; rules: startup < 3 years, stable from 2亿元 revenue, bonus cap 30
 * (award 10, platform 10, 5 per led standard up to 10, LITTLE_GIANT 5), penalties 20 and 10, grades 80/65/50.
 */
export const WEIGHTS: ScoringWeights = policyBook.require('scoringWeights', '2024-12-31');
export const RULES: ScoringRules = policyBook.require('scoringRules', '2024-12-31');

export const NO_FLAGS: FilingFlags = {
  seriousDishonesty: false,
  majorViolation: false,
  ipInfringement: false,
  nationalAward: false,
  nationalPlatform: false,
  standardsLed: 0,
};

/** All 18 indicators set to `fill`, then overridden. */
export function indicators(over: Partial<Indicators> = {}, fill = 0): Indicators {
  const base = Object.fromEntries(INDICATOR_KEYS.map((k) => [k, fill])) as Indicators;
  return { ...base, ...over };
}

export function member(
  enterpriseId: string,
  over: Partial<Indicators> = {},
  opts: { flags?: Partial<FilingFlags>; littleGiant?: boolean; stage?: Stage; year?: number } = {},
): CohortMember {
  return {
    enterpriseId,
    year: opts.year ?? 2024,
    stage: opts.stage ?? 'growth',
    indicators: indicators(over),
    flags: { ...NO_FLAGS, ...opts.flags },
    littleGiantOnDec31: opts.littleGiant ?? false,
  };
}
