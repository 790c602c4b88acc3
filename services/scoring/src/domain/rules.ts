import type { FilingFlags, Grade, GradeThresholds, ScoringRules, ScoringWeights, Stage } from './types';

/**
 * Bonus points (DOMAIN.md §2), capped at `bonusCap` in total: national award, national platform,
 * `perStandardLed` per led standard (at most `standardsLedMax`), LITTLE_GIANT valid on Dec 31.
 */
export function bonusOf(flags: FilingFlags, littleGiantOnDec31: boolean, rules: ScoringRules): number {
  const standards = Math.min(rules.standardsLedMax, rules.perStandardLed * flags.standardsLed);
  const raw =
    (flags.nationalAward ? rules.nationalAward : 0) +
    (flags.nationalPlatform ? rules.nationalPlatform : 0) +
    standards +
    (littleGiantOnDec31 ? rules.littleGiant : 0);
  return Math.min(rules.bonusCap, raw);
}

/** Penalty points: major safety/environment violation in the last 2 years, IP infringement. */
export function penaltyOf(flags: FilingFlags, rules: ScoringRules): number {
  return (flags.majorViolation ? rules.majorViolation : 0) + (flags.ipInfringement ? rules.ipInfringement : 0);
}

/** Grade of a (rounded) total in hundredths: A ≥ 80, B ≥ 65, C ≥ 50, else D (thresholds from policy). */
export function gradeOf(totalHundredths: number, grades: GradeThresholds): Grade {
  if (totalHundredths >= grades.A * 100) return 'A';
  if (totalHundredths >= grades.B * 100) return 'B';
  if (totalHundredths >= grades.C * 100) return 'C';
  return 'D';
}

const isWhole = (n: number): boolean => Number.isSafeInteger(n) && n >= 0;

/**
 * Throws RangeError unless the policy values keep the arithmetic exact: 18 whole weights per stage
 * summing to 100, and whole-number bonus, penalty and grade parameters. A bad policy is a
 * configuration error, not a business outcome.
 */
export function assertScoringPolicy(weights: ScoringWeights, rules: ScoringRules): void {
  for (const stage of ['startup', 'growth', 'stable'] as const satisfies readonly Stage[]) {
    const w = weights[stage];
    if (w.length !== 18 || !w.every(isWhole)) {
      throw new RangeError(`scoringWeights.${stage} must be 18 whole numbers ≥ 0`);
    }
    const sum = w.reduce((a, b) => a + b, 0);
    if (sum !== 100) throw new RangeError(`scoringWeights.${stage} must sum to 100, got ${sum}`);
  }
  const { grades, ...points } = rules;
  for (const [k, v] of Object.entries({ ...points, ...grades })) {
    if (!isWhole(v)) throw new RangeError(`scoringRules.${k} must be a whole number ≥ 0, got ${String(v)}`);
  }
}
