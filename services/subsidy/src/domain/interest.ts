/**
 * Interest subsidies of one enterprise as of a date (DOMAIN.md §6).
 * - Per eligible loan and calendar year: gross = shareBp (50%) × basis, fen half-up (basis.ts).
 * - Per enterprise and year: only the first maxLoansPerEnterpriseYear (3) eligible loans with days in
 *   that year, by disbursement date then loan id, are subsidised; the total is capped at
 *   capPerEnterpriseYearFen (50万元), filled in that same order (a loan may be cut part-way).
 * - The year's caps are the version in force on the first subsidised day of the year, i.e. on
 *   max(Jan 1, earliest disbursement among that year's candidates).
 * - State: `forfeited` if written off (the loan then takes no slot), `payable` once repayments bring the
 *   balance to 0, else `accruing`. Days accrue before `asOf` (exclusive); movements on or before `asOf`
 *   count for the state.
 */
import { isFullyRepaid, type LoanState } from '@techcredit/contracts';
import { applyBp, maxDate, startOfYear } from '@techcredit/money';
import { interestBasisByYear, type YearBasis } from './basis';
import { subsidyEligibility, type SubsidyIneligibility } from './eligibility';
import { DEFAULT_SCHEME, type InterestScheme, type LprTerms, type PolicyAt, type SubsidyTerms } from './terms';

export type SubsidyState = 'accruing' | 'payable' | 'forfeited';
/** subsidised: in full; capped: cut (possibly to 0) by the yearly cap; over_loan_limit: 4th+ loan of the year. */
export type YearStatus = 'subsidised' | 'capped' | 'over_loan_limit';

export interface LoanYearSubsidy {
  year: number;
  days: number;
  /** Exact basis numerator (fen·bp·days) as a decimal string. */
  basisNumerator: string;
  basisFen: number;
  /** shareBp × basisFen, half-up, before the enterprise-year caps. */
  grossFen: number;
  subsidyFen: number;
  /** 1-based position among the enterprise's candidate loans of the year. */
  rank: number;
  status: YearStatus;
}

export interface EligibleLoanSubsidy {
  loanId: string;
  enterpriseId: string;
  scheme: InterestScheme;
  eligible: true;
  state: 'accruing' | 'payable';
  loanRateBp: number;
  lprBp: number;
  effectiveRateBp: number;
  shareBp: number;
  years: LoanYearSubsidy[];
  totalFen: number;
}

export interface IneligibleLoanSubsidy {
  loanId: string;
  enterpriseId: string;
  scheme: InterestScheme;
  eligible: false;
  reason: SubsidyIneligibility;
  message: string;
  /** `forfeited` for a written-off loan that was otherwise eligible. */
  state: 'forfeited' | 'ineligible';
}

export type LoanSubsidy = EligibleLoanSubsidy | IneligibleLoanSubsidy;

export interface EnterpriseYearSubsidy {
  year: number;
  capFen: number;
  maxLoans: number;
  /** Candidate loans of the year in fill order (all of them, including those over the loan limit). */
  loanIds: string[];
  grossFen: number;
  subsidyFen: number;
}

export interface EnterpriseInterestSubsidy {
  enterpriseId: string;
  asOf: string;
  /** Sorted by disbursement date, then loan id. */
  loans: LoanSubsidy[];
  years: EnterpriseYearSubsidy[];
  totalFen: number;
}

export interface EnterpriseSubsidyInput {
  enterpriseId: string;
  /** The enterprise's loans (others are ignored); loans disbursed after `asOf` are ignored. */
  loans: readonly LoanState[];
  /** The enterprise's designation codes valid on a date. */
  designationsOn: (date: string) => Iterable<string>;
  subsidyAt: PolicyAt<SubsidyTerms>;
  lprAt: PolicyAt<LprTerms>;
  asOf: string;
}

const byDisbursement = (a: LoanState, b: LoanState): number =>
  a.disbursedOn < b.disbursedOn ? -1 : a.disbursedOn > b.disbursedOn ? 1 : a.loanId < b.loanId ? -1 : a.loanId > b.loanId ? 1 : 0;

interface Candidate {
  loan: LoanState;
  shareBp: number;
  bases: Map<number, YearBasis>;
}

export function enterpriseInterestSubsidy(input: EnterpriseSubsidyInput): EnterpriseInterestSubsidy {
  const { enterpriseId, designationsOn, subsidyAt, lprAt, asOf } = input;
  const loans = input.loans.filter((l) => l.enterpriseId === enterpriseId && l.disbursedOn <= asOf).sort(byDisbursement);
  const results = new Map<string, LoanSubsidy>();
  const candidates: Candidate[] = [];
  for (const loan of loans) {
    const e = subsidyEligibility(loan, designationsOn, subsidyAt, lprAt, asOf);
    const base = { loanId: loan.loanId, enterpriseId, scheme: DEFAULT_SCHEME };
    if (!e.eligible) {
      results.set(loan.loanId, { ...base, eligible: false, reason: e.reason, message: e.message, state: e.reason === 'WRITTEN_OFF' ? 'forfeited' : 'ineligible' });
      continue;
    }
    const bases = new Map(interestBasisByYear(loan, e.effectiveRateBp, asOf).map((b) => [b.year, b]));
    candidates.push({ loan, shareBp: e.terms.shareBp, bases });
    results.set(loan.loanId, {
      ...base,
      eligible: true,
      state: isFullyRepaid(loan, asOf) ? 'payable' : 'accruing',
      loanRateBp: loan.rateBp,
      lprBp: e.lprBp,
      effectiveRateBp: e.effectiveRateBp,
      shareBp: e.terms.shareBp,
      years: [],
      totalFen: 0,
    });
  }

  const years = [...new Set(candidates.flatMap((c) => [...c.bases.keys()]))].sort((a, b) => a - b);
  const yearSummaries: EnterpriseYearSubsidy[] = [];
  for (const year of years) {
    const inYear = candidates.filter((c) => (c.bases.get(year)?.days ?? 0) > 0); // already in fill order
    const first = inYear[0];
    if (first === undefined) continue;
    const caps = subsidyAt(maxDate(startOfYear(year), first.loan.disbursedOn));
    const maxLoans = caps?.maxLoansPerEnterpriseYear ?? 0;
    const capFen = caps?.capPerEnterpriseYearFen ?? 0;
    let remaining = capFen;
    let grossTotal = 0;
    let subsidyTotal = 0;
    inYear.forEach((c, i) => {
      const b = c.bases.get(year) as YearBasis;
      const grossFen = applyBp(b.basisFen, c.shareBp);
      const rank = i + 1;
      const subsidyFen = rank <= maxLoans ? Math.min(grossFen, remaining) : 0;
      remaining -= subsidyFen;
      grossTotal += grossFen;
      subsidyTotal += subsidyFen;
      const status: YearStatus = rank > maxLoans ? 'over_loan_limit' : subsidyFen < grossFen ? 'capped' : 'subsidised';
      const r = results.get(c.loan.loanId) as EligibleLoanSubsidy;
      r.years.push({ year, days: b.days, basisNumerator: b.numerator.toString(), basisFen: b.basisFen, grossFen, subsidyFen, rank, status });
      r.totalFen += subsidyFen;
    });
    yearSummaries.push({ year, capFen, maxLoans, loanIds: inYear.map((c) => c.loan.loanId), grossFen: grossTotal, subsidyFen: subsidyTotal });
  }
  const out = loans.map((l) => results.get(l.loanId) as LoanSubsidy);
  return { enterpriseId, asOf, loans: out, years: yearSummaries, totalFen: yearSummaries.reduce((s, y) => s + y.subsidyFen, 0) };
}
