/**
 * Interest basis (DOMAIN.md §6): over each day from disbursement (inclusive) to repayment (exclusive),
 * outstanding × min(loan rate, LPR on the disbursement date) / 360. Summed exactly per calendar year
 * as fen·bp·days over balance-constant segments, then rounded half-up to the fen ONCE per loan and year.
 */
import { balanceSegments, type LoanState } from '@techcredit/contracts';
import { eachYearSpan, interestNumerator, interestNumeratorToFen } from '@techcredit/money';

export interface YearBasis {
  year: number;
  /** Days in the year with a positive balance, before `asOf`. */
  days: number;
  /** Exact Σ balance × rate × days (fen·bp·days). */
  numerator: bigint;
  /** numerator / (10000 × 360), fen half-up. */
  basisFen: number;
}

/** Per calendar year, the basis accrued on days before `asOf` (exclusive); years without days are omitted. */
export function interestBasisByYear(loan: LoanState, effectiveRateBp: number, asOf: string): YearBasis[] {
  const byYear = new Map<number, { days: number; numerator: bigint }>();
  for (const seg of balanceSegments(loan)) {
    const to = seg.toExclusive === null || seg.toExclusive > asOf ? asOf : seg.toExclusive;
    for (const span of eachYearSpan(seg.from, to)) {
      const acc = byYear.get(span.year) ?? { days: 0, numerator: 0n };
      acc.days += span.days;
      acc.numerator += interestNumerator(seg.balanceFen, effectiveRateBp, span.days);
      byYear.set(span.year, acc);
    }
  }
  return [...byYear.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([year, { days, numerator }]) => ({ year, days, numerator, basisFen: interestNumeratorToFen(numerator) }));
}
