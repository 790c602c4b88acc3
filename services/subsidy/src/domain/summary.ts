/**
 * Subsidy views (DOMAIN.md §6) of one enterprise and of all, optionally for one calendar year:
 * interest subsidies by loan and year with the loan's state — only a `payable` loan's subsidy (fully
 * repaid) may be paid, an `accruing` one's is owed later, a `forfeited` (written-off) loan gets none —
 * and the IP-pledge fee subsidies by year of registration.
 */
import { yearOf } from '@techcredit/money';
import type { EnterpriseFeeSubsidy, PledgeFeeSubsidy } from './fees';
import type { EnterpriseInterestSubsidy, EnterpriseYearSubsidy, LoanSubsidy, LoanYearSubsidy } from './interest';
import type { SubsidyIneligibility } from './eligibility';

export interface EnterpriseSubsidies {
  interest: EnterpriseInterestSubsidy;
  fees: EnterpriseFeeSubsidy;
  /** Disbursement date of each of the enterprise's loans (for the year of ineligible loans). */
  disbursedOn: ReadonlyMap<string, string>;
}

export interface InterestTotals {
  grossFen: number;
  subsidyFen: number;
  /** Subsidy of loans already fully repaid (payable). */
  payableFen: number;
  /** Subsidy of loans still outstanding (payable once repaid). */
  accruingFen: number;
}

export interface FeeTotals {
  pledges: number;
  appraisalFen: number;
  insuranceFen: number;
  totalFen: number;
}

export interface EnterpriseSubsidyView {
  enterpriseId: string;
  asOf: string;
  year: number | null;
  /** Loans with days in the year or disbursed in it (all without a year); `years` restricted to the year. */
  loans: (LoanSubsidy & { yearFen: number })[];
  years: EnterpriseYearSubsidy[];
  fees: { pledges: PledgeFeeSubsidy[]; years: EnterpriseFeeSubsidy['years'] };
  interestTotals: InterestTotals;
  feeTotals: FeeTotals;
  totalFen: number;
}

const inYear = (year: number | null) => (y: number) => year === null || y === year;

function loanYears(s: LoanSubsidy, year: number | null): LoanYearSubsidy[] {
  return s.eligible ? s.years.filter((y) => inYear(year)(y.year)) : [];
}

export function enterpriseSubsidyView(e: EnterpriseSubsidies, year: number | null): EnterpriseSubsidyView {
  const keep = inYear(year);
  const loans = e.interest.loans
    .filter((s) => year === null || loanYears(s, year).length > 0 || keep(yearOf(e.disbursedOn.get(s.loanId) ?? '0001-01-01')))
    .map((s) => {
      const years = loanYears(s, year);
      const yearFen = years.reduce((sum, y) => sum + y.subsidyFen, 0);
      return s.eligible ? { ...s, years, yearFen } : { ...s, yearFen };
    });
  const interestTotals: InterestTotals = { grossFen: 0, subsidyFen: 0, payableFen: 0, accruingFen: 0 };
  for (const s of loans) {
    if (!s.eligible) continue;
    for (const y of s.years) {
      interestTotals.grossFen += y.grossFen;
      interestTotals.subsidyFen += y.subsidyFen;
      if (s.state === 'payable') interestTotals.payableFen += y.subsidyFen;
      else interestTotals.accruingFen += y.subsidyFen;
    }
  }
  const pledges = e.fees.pledges.filter((p) => keep(p.year));
  const feeYears = e.fees.years.filter((y) => keep(y.year));
  const appraisalFen = feeYears.reduce((s, y) => s + y.appraisalFen, 0);
  const insuranceFen = feeYears.reduce((s, y) => s + y.insuranceFen, 0);
  const feeTotals: FeeTotals = { pledges: pledges.length, appraisalFen, insuranceFen, totalFen: appraisalFen + insuranceFen };
  return {
    enterpriseId: e.interest.enterpriseId,
    asOf: e.interest.asOf,
    year,
    loans,
    years: e.interest.years.filter((y) => keep(y.year)),
    fees: { pledges, years: feeYears },
    interestTotals,
    feeTotals,
    totalFen: interestTotals.subsidyFen + feeTotals.totalFen,
  };
}

export interface SubsidySummary {
  year: number | null;
  enterprises: number;
  interest: InterestTotals & {
    /** Loans with a subsidy > 0 in the period. */
    subsidisedLoans: number;
    cappedLoanYears: number;
    overLoanLimitLoanYears: number;
    /** Written-off loans that were otherwise eligible (disbursed in the year). */
    forfeitedLoans: number;
    /** Ineligible loans (disbursed in the year) by reason. */
    ineligibleLoans: Partial<Record<SubsidyIneligibility, number>>;
  };
  fees: FeeTotals;
  totalFen: number;
}

/** Sums the per-enterprise views; `enterprises` counts those with any subsidy (interest or fees) in the period. */
export function subsidySummary(all: readonly EnterpriseSubsidies[], year: number | null): SubsidySummary {
  const s: SubsidySummary = {
    year,
    enterprises: 0,
    interest: { grossFen: 0, subsidyFen: 0, payableFen: 0, accruingFen: 0, subsidisedLoans: 0, cappedLoanYears: 0, overLoanLimitLoanYears: 0, forfeitedLoans: 0, ineligibleLoans: {} },
    fees: { pledges: 0, appraisalFen: 0, insuranceFen: 0, totalFen: 0 },
    totalFen: 0,
  };
  for (const e of all) {
    const v = enterpriseSubsidyView(e, year);
    if (v.totalFen > 0) s.enterprises += 1;
    for (const k of ['grossFen', 'subsidyFen', 'payableFen', 'accruingFen'] as const) s.interest[k] += v.interestTotals[k];
    for (const k of ['pledges', 'appraisalFen', 'insuranceFen', 'totalFen'] as const) s.fees[k] += v.feeTotals[k];
    for (const l of v.loans) {
      if (l.eligible) {
        if (l.yearFen > 0) s.interest.subsidisedLoans += 1;
        s.interest.cappedLoanYears += l.years.filter((y) => y.status === 'capped').length;
        s.interest.overLoanLimitLoanYears += l.years.filter((y) => y.status === 'over_loan_limit').length;
      } else if (inYear(year)(yearOf(e.disbursedOn.get(l.loanId) ?? '0001-01-01'))) {
        if (l.state === 'forfeited') s.interest.forfeitedLoans += 1;
        else s.interest.ineligibleLoans[l.reason] = (s.interest.ineligibleLoans[l.reason] ?? 0) + 1;
      }
    }
  }
  s.totalFen = s.interest.subsidyFen + s.fees.totalFen;
  return s;
}
