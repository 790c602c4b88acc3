import { INDICATOR_KEYS } from '@techcredit/contracts/src/scoring';
import type { CohortMember, FilingFlags, Indicators, ScoringRules, ScoringWeights, Stage } from './types';

/** DOMAIN.md §2 default weights (each stage sums to 100), in INDICATOR_KEYS order. */
export const WEIGHTS: ScoringWeights = {
  startup: [9, 6, 10, 8, 10, 4, 8, 5, 3, 6, 3, 2, 1, 6, 6, 5, 6, 2],
  growth: [8, 5, 9, 7, 9, 4, 8, 8, 6, 8, 4, 4, 3, 4, 5, 4, 2, 2],
  stable: [7, 4, 8, 6, 8, 4, 8, 10, 9, 7, 3, 5, 5, 3, 5, 4, 1, 3],
};

export const RULES: ScoringRules = {
  startupAgeYears: 3,
  stableRevenueFen: 20_000_000_000,
  bonusCap: 30,
  nationalAward: 10,
  nationalPlatform: 10,
  perStandardLed: 5,
  standardsLedMax: 10,
  littleGiant: 5,
  majorViolation: 20,
  ipInfringement: 10,
  grades: { A: 80, B: 65, C: 50 },
};

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
