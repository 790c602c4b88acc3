/**
 * Enterprise cohorts: how supported-enterprise counts move between end 2023 and end 2024 (DOMAIN.md §7),
 * so the counts are exact by construction:
 *   supported 2023 = A + B + C, supported 2024 = A + D1a + D1b + D2.
 */
import { CHOICES, type Targets } from './calibration';

export type Cohort =
  /** tech both years, a 2023 loan outstanding at both year ends (some also borrow in 2024) */
  | 'A'
  /** supported in 2023, lost every designation during 2024: its loan still runs but no longer counts */
  | 'B'
  /** supported in 2023, loan fully repaid or written off in 2024 */
  | 'C'
  /** first designation in 2024, first loan in 2024 */
  | 'D1a'
  /** first designation in 2024, loan taken in 2023 while not yet tech (counts only from 2024) */
  | 'D1b'
  /** tech both years, first loan in 2024 (首贷) */
  | 'D2'
  /** tech both years, a loan repaid within 2023 */
  | 'E1'
  /** tech both years, never borrowed */
  | 'E2'
  /** never tech (some held a designation that expired before 2023); borrows, never counted */
  | 'F';

export type CohortSizes = Record<Cohort, number> & { A2: number };

/** Cohort sizes at the targets' scale; throws when the scale is too small to hold the structure. */
export function cohortSizes(t: Targets): CohortSizes {
  const s = (x: number): number => Math.round(x * t.scale);
  const B = Math.max(1, s(CHOICES.droppedByDesignation));
  const C = Math.max(1, s(CHOICES.fullyRepaid));
  const A = t.supported2023 - B - C;
  const D = t.supported2024 - A;
  if (A < 2 || D < 2) throw new RangeError(`scale ${t.scale} too small for the scenario`);
  const D1 = Math.round((D * 55) / 100);
  const D1b = Math.round((D1 * 12) / 100);
  return {
    A,
    B,
    C,
    D1a: D1 - D1b,
    D1b,
    D2: D - D1,
    E1: s(CHOICES.repaidWithin2023),
    E2: s(CHOICES.neverBorrowed),
    F: Math.max(1, s(CHOICES.nonTech)),
    A2: Math.round((A * 32) / 100),
  };
}

/** Cohorts whose enterprises are tech on 2024-12-31. */
export const TECH_2024: readonly Cohort[] = ['A', 'C', 'D1a', 'D1b', 'D2', 'E1', 'E2'];
/** Cohorts tech from before 2023 to after 2024. */
export const TECH_BOTH: readonly Cohort[] = ['A', 'C', 'D2', 'E1', 'E2'];
