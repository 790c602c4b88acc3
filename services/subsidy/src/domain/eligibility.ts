/**
 * Interest-subsidy eligibility of a loan (DOMAIN.md §6): the borrower holds one of the eligible
 * designations valid on the disbursement date; principal within [min, max] inclusive; not written off.
 * The subsidy and LPR versions are those in force on the disbursement date.
 */
import { isWrittenOff, type LoanState } from '@techcredit/contracts';
import type { LprTerms, PolicyAt, SubsidyTerms } from './terms';

export type SubsidyIneligibility = 'NO_POLICY_VERSION' | 'NOT_DESIGNATED' | 'PRINCIPAL_OUT_OF_RANGE' | 'NO_LPR' | 'WRITTEN_OFF';

export type SubsidyEligibility =
  | { eligible: true; terms: SubsidyTerms; lprBp: number; effectiveRateBp: number }
  | { eligible: false; reason: SubsidyIneligibility; message: string };

/**
 * `asOf` (inclusive) limits which write-offs are known. WRITTEN_OFF is checked last, so a loan refused
 * for it was otherwise eligible (its subsidy is `forfeited`).
 */
export function subsidyEligibility(
  loan: LoanState,
  designationsOn: (date: string) => Iterable<string>,
  subsidyAt: PolicyAt<SubsidyTerms>,
  lprAt: PolicyAt<LprTerms>,
  asOf?: string,
): SubsidyEligibility {
  const on = loan.disbursedOn;
  const terms = subsidyAt(on);
  if (terms === undefined) return { eligible: false, reason: 'NO_POLICY_VERSION', message: `no subsidy scheme in force on ${on}` };
  const held = new Set(designationsOn(on));
  if (!terms.eligibleDesignations.some((d) => held.has(d))) {
    return { eligible: false, reason: 'NOT_DESIGNATED', message: `on ${on} the borrower holds none of ${terms.eligibleDesignations.join(', ')}` };
  }
  if (loan.principalFen < terms.minPrincipalFen || loan.principalFen > terms.maxPrincipalFen) {
    return {
      eligible: false,
      reason: 'PRINCIPAL_OUT_OF_RANGE',
      message: `principal ${loan.principalFen} fen outside ${terms.minPrincipalFen}..${terms.maxPrincipalFen} fen`,
    };
  }
  const lpr = lprAt(on);
  if (lpr === undefined) return { eligible: false, reason: 'NO_LPR', message: `no 1-year LPR in force on ${on}` };
  if (isWrittenOff(loan, asOf)) return { eligible: false, reason: 'WRITTEN_OFF', message: `loan ${loan.loanId} is written off` };
  return { eligible: true, terms, lprBp: lpr.rateBp, effectiveRateBp: Math.min(loan.rateBp, lpr.rateBp) };
}
