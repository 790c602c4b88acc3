/**
 * Re-lending eligibility and claims (DOMAIN.md §5). The version of the programme is the one in force on
 * the loan's disbursement date; parameters come in through `policyAt`, never literals.
 */
import type { LoanState } from '@techcredit/contracts';
import { addMonths, applyBp } from '@techcredit/money';

/** The `relending` policy value (libs/policy). */
export interface RelendingTerms {
  versionName: string;
  rateBp: number;
  claimRatioBp: number;
  eligibleDesignations: readonly string[];
  minTermMonths: number;
  termYears: number;
  maxRollovers: number;
}

/** The version in force on a date, or undefined (e.g. `(d) => book.at('relending', d)`). */
export type RelendingPolicyAt = (date: string) => RelendingTerms | undefined;

export interface RelendingBank {
  bankId: string;
  relendingEligible: boolean;
  /** The bank's re-lending quota in fen. */
  quotaFen: number;
}

export type RelendingIneligibility = 'BANK_NOT_ELIGIBLE' | 'NO_POLICY_VERSION' | 'TERM_TOO_SHORT' | 'DESIGNATION_NOT_ELIGIBLE';

export type RelendingEligibility =
  | { eligible: true; versionName: string; claimFen: number; designations: string[] }
  | { eligible: false; reason: RelendingIneligibility; message: string; versionName?: string };

export type LoanForRelending = Pick<LoanState, 'loanId' | 'bankId' | 'principalFen' | 'disbursedOn' | 'originalMaturityOn'>;

/** Claim = claimRatioBp (60%) × principal at disbursement, fen half-up. */
export function claimFen(principalFen: number, claimRatioBp: number): number {
  return applyBp(principalFen, claimRatioBp);
}

/**
 * A loan is eligible when: its bank is `relendingEligible`; a version is in force on the disbursement
 * date; the agreed maturity (at disbursement; later extensions do not count) is ≥ disbursement +
 * minTermMonths calendar months; and the borrower holds, valid on the disbursement date, one of that
 * version's designations. `designationsOn(date)` gives the borrower's codes valid on `date`.
 */
export function relendingEligibility(
  loan: LoanForRelending,
  bank: Pick<RelendingBank, 'bankId' | 'relendingEligible'>,
  designationsOn: (date: string) => Iterable<string>,
  policyAt: RelendingPolicyAt,
): RelendingEligibility {
  if (!bank.relendingEligible) {
    return { eligible: false, reason: 'BANK_NOT_ELIGIBLE', message: `bank ${bank.bankId} is not eligible for re-lending` };
  }
  const terms = policyAt(loan.disbursedOn);
  if (terms === undefined) {
    return { eligible: false, reason: 'NO_POLICY_VERSION', message: `no re-lending version in force on ${loan.disbursedOn}` };
  }
  const minMaturity = addMonths(loan.disbursedOn, terms.minTermMonths);
  if (loan.originalMaturityOn < minMaturity) {
    return {
      eligible: false,
      reason: 'TERM_TOO_SHORT',
      message: `maturity ${loan.originalMaturityOn} is before ${minMaturity} (${terms.minTermMonths} months after disbursement)`,
      versionName: terms.versionName,
    };
  }
  const held = new Set(designationsOn(loan.disbursedOn));
  const designations = terms.eligibleDesignations.filter((d) => held.has(d));
  if (designations.length === 0) {
    return {
      eligible: false,
      reason: 'DESIGNATION_NOT_ELIGIBLE',
      message: `on ${loan.disbursedOn} the borrower holds none of ${terms.eligibleDesignations.join(', ')} (version ${terms.versionName})`,
      versionName: terms.versionName,
    };
  }
  return { eligible: true, versionName: terms.versionName, claimFen: claimFen(loan.principalFen, terms.claimRatioBp), designations };
}
