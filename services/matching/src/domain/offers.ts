import { isEligible, lineRatioFor, suggestedLineFen, usableScore } from './eligibility';
import type { CreditProduct, LineRatioBp, MatchableEnterprise, Offer } from './types';

/** Code-unit order (not locale order), so rankings are the same everywhere. */
export const compareIds = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * An enterprise's offers (DOMAIN.md §3): every active product it is eligible for, with the suggested
 * line min(product max, revenue × k) in fen rounded down, offered only if the line ≥ the product's
 * minimum and > 0 (a zero line, e.g. grade D with k = 0, is no offer). Never for a vetoed or unscored
 * enterprise. Ranked by rate ascending, then line descending, then product id.
 */
export function offersFor(
  enterprise: MatchableEnterprise,
  products: readonly CreditProduct[],
  lineRatioBp: LineRatioBp,
): Offer[] {
  const score = usableScore(enterprise);
  if (!score) return [];
  const k = lineRatioFor(score.grade, lineRatioBp);
  const offers: Offer[] = [];
  for (const p of products) {
    if (!isEligible(enterprise, score, p)) continue;
    const lineFen = suggestedLineFen(enterprise.revenueFen, k, p);
    if (lineFen <= 0 || lineFen < p.minAmountFen) continue;
    offers.push({
      productId: p.productId,
      bankId: p.bankId,
      name: p.name,
      kind: p.kind,
      lineFen,
      annualRateBp: p.annualRateBp,
      maxTermMonths: p.maxTermMonths,
      requiresPledge: p.requiresPledge,
    });
  }
  return offers.sort(
    (a, b) => a.annualRateBp - b.annualRateBp || b.lineFen - a.lineFen || compareIds(a.productId, b.productId),
  );
}
