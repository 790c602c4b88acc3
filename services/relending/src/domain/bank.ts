/**
 * A bank's re-lending position (DOMAIN.md §5) from its folded loans: the claim of every eligible loan
 * (judged on the version in force on the disbursement date) and its quarterly applications, applied in
 * quarter order so the quota used by earlier applications is known. Only quarters whose application date
 * (the first day of the next quarter) is on or before `asOf` have an application; quarters without an
 * eligible loan have none (an empty application uses no quota).
 */
import { outstandingOn, type LoanState } from '@techcredit/contracts';
import { nextQuarterStart, quarterBounds, quarterOf, type Quarter } from '@techcredit/money';
import { relendingEligibility, type RelendingBank, type RelendingIneligibility, type RelendingPolicyAt } from './eligibility';
import { quarterlyApplication, type RelendingApplication } from './application';

export interface LoanClaim {
  loanId: string;
  bankId: string;
  enterpriseId: string;
  disbursedOn: string;
  /** The quarter of disbursement (the application that may carry the claim). */
  quarter: Quarter;
  principalFen: number;
  originalMaturityOn: string;
  versionName: string;
  /** The borrower's designations of that version valid on the disbursement date. */
  designations: string[];
  claimFen: number;
  /** The balance at the end of the quarter, once the quarter's application date is reached (else null). */
  balanceAtQuarterEndFen: number | null;
}

export interface IneligibleLoan {
  loanId: string;
  /** The borrower (a regulator's region scope is judged on its prefecture). */
  enterpriseId: string;
  disbursedOn: string;
  reason: RelendingIneligibility;
  message: string;
}

export interface BankRelending {
  bankId: string;
  quotaFen: number;
  relendingEligible: boolean;
  /** Sorted by disbursement date, then loan id. */
  claims: LoanClaim[];
  ineligible: IneligibleLoan[];
  /** In quarter order. */
  applications: RelendingApplication[];
  /** Quarters whose application could not be built (no version in force on the application date). */
  unapplied: { quarter: Quarter; message: string }[];
}

const byDisbursement = (a: { disbursedOn: string; loanId: string }, b: { disbursedOn: string; loanId: string }): number =>
  a.disbursedOn < b.disbursedOn ? -1 : a.disbursedOn > b.disbursedOn ? 1 : a.loanId < b.loanId ? -1 : a.loanId > b.loanId ? 1 : 0;

/**
 * `loans` are the bank's loans (others and those disbursed after `asOf` are ignored); `designationsOn`
 * gives a borrower's designation codes valid on a date.
 */
export function bankRelending(
  bank: RelendingBank,
  loans: readonly LoanState[],
  designationsOn: (enterpriseId: string, date: string) => Iterable<string>,
  policyAt: RelendingPolicyAt,
  asOf: string,
): BankRelending {
  const own = loans.filter((l) => l.bankId === bank.bankId && l.disbursedOn <= asOf).sort(byDisbursement);
  const claims: LoanClaim[] = [];
  const ineligible: IneligibleLoan[] = [];
  for (const loan of own) {
    const e = relendingEligibility(loan, bank, (d) => designationsOn(loan.enterpriseId, d), policyAt);
    if (!e.eligible) {
      ineligible.push({ loanId: loan.loanId, enterpriseId: loan.enterpriseId, disbursedOn: loan.disbursedOn, reason: e.reason, message: e.message });
      continue;
    }
    const quarter = quarterOf(loan.disbursedOn);
    claims.push({
      loanId: loan.loanId,
      bankId: loan.bankId,
      enterpriseId: loan.enterpriseId,
      disbursedOn: loan.disbursedOn,
      quarter,
      principalFen: loan.principalFen,
      originalMaturityOn: loan.originalMaturityOn,
      versionName: e.versionName,
      designations: e.designations,
      claimFen: e.claimFen,
      balanceAtQuarterEndFen: nextQuarterStart(quarter) <= asOf ? outstandingOn(loan, quarterBounds(quarter).end) : null,
    });
  }
  const quarters = [...new Set(claims.map((c) => c.quarter))].filter((q) => nextQuarterStart(q) <= asOf).sort();
  const applications: RelendingApplication[] = [];
  const unapplied: BankRelending['unapplied'] = [];
  let usedFen = 0;
  for (const quarter of quarters) {
    const inQuarter = claims
      .filter((c) => c.quarter === quarter)
      .map((c) => ({ loanId: c.loanId, disbursedOn: c.disbursedOn, claimFen: c.claimFen, balanceAtQuarterEndFen: c.balanceAtQuarterEndFen ?? 0 }));
    const r = quarterlyApplication(bank, quarter, inQuarter, usedFen, policyAt);
    if (!r.ok) {
      unapplied.push({ quarter, message: r.message });
      continue;
    }
    if (r.application.claims.length === 0) continue;
    usedFen += r.application.amountFen;
    applications.push(r.application);
  }
  return { bankId: bank.bankId, quotaFen: bank.quotaFen, relendingEligible: bank.relendingEligible, claims, ineligible, applications, unapplied };
}
