import { applyBpFloor } from '@techcredit/money';
import type { CreditProduct, EnterpriseScore, LineRatioBp, MatchableEnterprise } from './types';

/** A scored, non-vetoed score (the only kind that is ever matched). */
export type UsableScore = EnterpriseScore & { totalHundredths: number; grade: NonNullable<EnterpriseScore['grade']> };

/** The score if the enterprise can be matched at all: it has one and it is not vetoed (DOMAIN.md §2–3). */
export function usableScore(e: MatchableEnterprise): UsableScore | null {
  const s = e.score;
  if (!s || s.vetoed || s.totalHundredths === null || s.grade === null) return null;
  return s as UsableScore;
}

/** minScore in hundredths (the schema allows at most 2 decimals). */
export const minScoreHundredths = (p: CreditProduct): number => Math.round(p.minScore * 100);

/**
 * Eligibility of DOMAIN.md §3: the product is active, the score ≥ minScore, the enterprise holds one of
 * the product's designations, and its prefecture is listed (when the product lists prefectures).
 * The amount condition (line ≥ product min) is separate: see suggestedLineFen.
 */
export function isEligible(e: MatchableEnterprise, score: UsableScore, p: CreditProduct): boolean {
  if (!p.active) return false;
  if (score.totalHundredths < minScoreHundredths(p)) return false;
  if (!p.eligibleDesignations.some((d) => e.designationsValid.includes(d))) return false;
  if (p.prefectures !== undefined && !(p.prefectures as readonly string[]).includes(e.prefecture)) return false;
  return true;
}

/** Suggested line = min(product max, revenue × k), k by grade in bp, in fen rounded down (§3). */
export function suggestedLineFen(revenueFen: number, k: number, p: CreditProduct): number {
  return Math.min(p.maxAmountFen, applyBpFloor(revenueFen, k));
}

/** k for a grade; throws RangeError on a ratio that is not a whole bp in 0..10000 (a policy error). */
export function lineRatioFor(grade: UsableScore['grade'], lineRatioBp: LineRatioBp): number {
  const k = lineRatioBp[grade];
  if (!Number.isSafeInteger(k) || k < 0 || k > 10_000) throw new RangeError(`matchingLineRatio.${grade} invalid: ${k}`);
  return k;
}
