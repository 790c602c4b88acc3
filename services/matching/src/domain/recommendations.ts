import { isEligible, usableScore } from './eligibility';
import { compareIds } from './offers';
import type { CreditProduct, MatchableEnterprise, Recommendation } from './types';

/**
 * A bank's recommendation list (推荐名单, DOMAIN.md §3): the enterprises eligible for any of the bank's
 * active products (score, designation, region, not vetoed — the eligibility of §3, without the line
 * condition), by score descending, then enterprise id. `firstLoanCandidate` (首贷) is true when the
 * enterprise has no outstanding loan at any bank, false when it has one, and null when
 * `hasOutstandingLoan` answers 'unknown' (no loan data known for it).
 */
export function recommendationsFor(
  bankId: string,
  products: readonly CreditProduct[],
  enterprises: Iterable<MatchableEnterprise>,
  hasOutstandingLoan: (enterpriseId: string) => boolean | 'unknown',
): Recommendation[] {
  const own = products.filter((p) => p.bankId === bankId && p.active);
  const out: Recommendation[] = [];
  if (own.length === 0) return out;
  for (const e of enterprises) {
    const score = usableScore(e);
    if (!score) continue;
    const eligibleProductIds = own
      .filter((p) => isEligible(e, score, p))
      .map((p) => p.productId)
      .sort(compareIds);
    if (eligibleProductIds.length === 0) continue;
    const loan = hasOutstandingLoan(e.enterpriseId);
    out.push({
      enterpriseId: e.enterpriseId,
      totalHundredths: score.totalHundredths,
      grade: score.grade,
      eligibleProductIds,
      firstLoanCandidate: loan === 'unknown' ? null : !loan,
    });
  }
  return out.sort((a, b) => b.totalHundredths - a.totalHundredths || compareIds(a.enterpriseId, b.enterpriseId));
}
