import type { Grade } from '@techcredit/contracts/src/scoring';
import type { CreditProduct, ProductKind } from '@techcredit/contracts/src/products';

export type { CreditProduct, Grade, ProductKind };

/** Suggested-line ratio k per grade in bp (policy key `matchingLineRatio`): 30% A, 20% B, 10% C, 0 D. */
export type LineRatioBp = Readonly<Record<Grade, number>>;

/** The latest score of an enterprise as matching sees it. */
export interface EnterpriseScore {
  totalHundredths: number | null;
  grade: Grade | null;
  vetoed: boolean;
}

/** What matching knows of an enterprise: region, designations valid today, latest score, filed revenue. */
export interface MatchableEnterprise {
  enterpriseId: string;
  prefecture: string;
  /** Designation codes valid on the matching date (the caller evaluates validity dates). */
  designationsValid: readonly string[];
  /** Latest score, or null when none was computed yet. */
  score: EnterpriseScore | null;
  /** Revenue (fen) of the filing the score was computed from. */
  revenueFen: number;
}

/** One product offered to an enterprise, with its suggested line (fen). */
export interface Offer {
  productId: string;
  bankId: string;
  name: string;
  kind: ProductKind;
  lineFen: number;
  annualRateBp: number;
  maxTermMonths: number;
  requiresPledge: boolean;
}

/** One entry of a bank's recommendation list (推荐名单). */
export interface Recommendation {
  enterpriseId: string;
  totalHundredths: number;
  grade: Grade;
  /** The bank's active products the enterprise is eligible for, by product id. */
  eligibleProductIds: string[];
  /** No outstanding loan at any bank (首贷 candidate); null when loan data is unknown for it. */
  firstLoanCandidate: boolean | null;
}
