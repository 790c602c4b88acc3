import type { FilingFlags, Grade, Indicators, ScoreComputed, Stage } from '@techcredit/contracts/src/scoring';

export type { FilingFlags, Grade, Indicators, Stage };

/**
 * Indicator weights per stage (policy key `scoringWeights`): 18 non-negative integers per stage, in
 * INDICATOR_KEYS order, each stage summing to 100 (DOMAIN.md §2).
 */
export interface ScoringWeights {
  startup: readonly number[];
  growth: readonly number[];
  stable: readonly number[];
}

/** Grade thresholds in whole points: A ≥ A, B ≥ B, C ≥ C, D below. */
export interface GradeThresholds {
  A: number;
  B: number;
  C: number;
}

/** Stage, bonus, penalty and grade parameters (policy key `scoringRules`); all whole numbers. */
export interface ScoringRules {
  /** An enterprise younger than this (whole years at Dec 31 of the filing year) is a startup. */
  startupAgeYears: number;
  /** Revenue (fen) from which a non-startup is `stable` (2亿元 = 20,000,000,000 fen). */
  stableRevenueFen: number;
  bonusCap: number;
  nationalAward: number;
  nationalPlatform: number;
  perStandardLed: number;
  standardsLedMax: number;
  littleGiant: number;
  majorViolation: number;
  ipInfringement: number;
  grades: GradeThresholds;
}

/** One enterprise's latest filing for a year, placed in its (year, stage) cohort. */
export interface CohortMember {
  enterpriseId: string;
  year: number;
  stage: Stage;
  indicators: Indicators;
  flags: FilingFlags;
  /** The enterprise holds LITTLE_GIANT valid on Dec 31 of `year` (the caller checks the designation dates). */
  littleGiantOnDec31: boolean;
}

/** A computed score: the data of `score.computed` without `computedAt` (the caller stamps it). */
export type ScoreResult = Omit<ScoreComputed, 'computedAt'>;

/** Veto reason of a serious-dishonesty listing (严重失信). */
export const VETO_SERIOUS_DISHONESTY = 'SERIOUS_DISHONESTY';
