import { isDesignationValidOn } from '@techcredit/reference';
import { yearStart } from './dates';
import type { LoanPosition, StatsEnterprise, StatsLoan, TechTest } from './types';

/** An enterprise is tech on a date if it holds at least one designation valid on that date (§1). */
export function isTechOn(enterprise: StatsEnterprise | undefined, date: string): boolean {
  return enterprise?.designations.some((d) => isDesignationValidOn(d, date)) ?? false;
}

/** Holds this particular designation on the date (used by the designation slice). */
export function holdsOn(enterprise: StatsEnterprise | undefined, code: string, date: string): boolean {
  return enterprise?.designations.some((d) => d.code === code && isDesignationValidOn(d, date)) ?? false;
}

/** The standard tech test over a registry (enterprises not in it are never tech). */
export function techTest(enterprises: Iterable<StatsEnterprise>): TechTest {
  const byId = new Map<string, StatsEnterprise>();
  for (const e of enterprises) byId.set(e.enterpriseId, e);
  return (id, date) => isTechOn(byId.get(id), date);
}

/**
 * Outstanding balance at the end of `date` (§7): principal if disbursed on or before `date`, minus
 * repayments and write-offs dated on or before `date`.
 */
export function outstandingOn(loan: StatsLoan, date: string): number {
  if (loan.disbursedOn > date) return 0;
  let fen = loan.principalFen;
  for (const m of loan.movements) if (m.on <= date) fen -= m.amountFen;
  return fen;
}

/** Positions at the end of `date` of the loans disbursed on or before it. O(loans + movements). */
export function positionsOn(loans: readonly StatsLoan[], date: string): LoanPosition[] {
  const out: LoanPosition[] = [];
  for (const l of loans) {
    if (l.disbursedOn > date) continue;
    out.push({
      loanId: l.loanId,
      bankId: l.bankId,
      enterpriseId: l.enterpriseId,
      guaranteeType: l.guaranteeType,
      principalFen: l.principalFen,
      disbursedOn: l.disbursedOn,
      outstandingFen: outstandingOn(l, date),
      ...(l.instruments ? { instruments: l.instruments } : {}),
    });
  }
  return out;
}

/** The raw figures for one date D (counts and fen), before any comparison. */
export interface PeriodFigures {
  date: string;
  /** Distinct enterprises tech on D with total outstanding > 0 on D. */
  supportedEnterprises: number;
  /** Σ outstanding on D of loans to enterprises tech on D. */
  balanceFen: number;
  /** Σ principal of credit loans disbursed Jan 1..D to enterprises tech on their disbursement date. */
  creditLoansIssuedFen: number;
  /** Number of ip_pledge loans disbursed Jan 1..D to enterprises tech on their disbursement date (户次). */
  ipPledgeEnterpriseTimes: number;
  /** Σ outstanding on D of ip_pledge loans to enterprises tech on D. */
  ipPledgeBalanceFen: number;
  /** §11: investment-linked loans disbursed Jan 1..D to enterprises tech on their disbursement date. */
  investmentLinkedLoans: number;
  investmentLinkedPrincipalFen: number;
  /** Σ of the investments linked to those loans (per loan). */
  linkedInvestmentFen: number;
  /** §11: innovation-points loans disbursed Jan 1..D (tech on the disbursement date), and their balance on D (tech on D). */
  innovationPointsLoans: number;
  innovationPointsPrincipalFen: number;
  innovationPointsBalanceFen: number;
  /** §11: enterprises whose first loan on the platform was disbursed Jan 1..D (tech on that date). */
  firstLoanEnterprises: number;
}

/** Every figure 0 on `date`. */
export function zeroFigures(date: string): PeriodFigures {
  return {
    date,
    supportedEnterprises: 0,
    balanceFen: 0,
    creditLoansIssuedFen: 0,
    ipPledgeEnterpriseTimes: 0,
    ipPledgeBalanceFen: 0,
    investmentLinkedLoans: 0,
    investmentLinkedPrincipalFen: 0,
    linkedInvestmentFen: 0,
    innovationPointsLoans: 0,
    innovationPointsPrincipalFen: 0,
    innovationPointsBalanceFen: 0,
    firstLoanEnterprises: 0,
  };
}

/**
 * Figures for date D from loan positions as of D (§7). One pass over the positions; the tech test is
 * memoised per (enterprise, date).
 */
export function figuresAt(date: string, positions: readonly LoanPosition[], isTech: TechTest): PeriodFigures {
  const memo = new Map<string, boolean>();
  const tech = (id: string, on: string): boolean => {
    const k = `${id}|${on}`;
    let v = memo.get(k);
    if (v === undefined) memo.set(k, (v = isTech(id, on)));
    return v;
  };
  const from = yearStart(date);
  const perEnterprise = new Map<string, number>();
  const f = zeroFigures(date);
  for (const p of positions) {
    if (p.disbursedOn > date) continue;
    const issuedThisYear = p.disbursedOn >= from;
    if (issuedThisYear && (p.guaranteeType === 'credit' || p.guaranteeType === 'ip_pledge') && tech(p.enterpriseId, p.disbursedOn)) {
      if (p.guaranteeType === 'credit') f.creditLoansIssuedFen += p.principalFen;
      else f.ipPledgeEnterpriseTimes += 1;
    }
    const i = p.instruments;
    if (i && issuedThisYear && tech(p.enterpriseId, p.disbursedOn)) {
      if (i.linkedInvestmentFen > 0) {
        f.investmentLinkedLoans += 1;
        f.investmentLinkedPrincipalFen += p.principalFen;
        f.linkedInvestmentFen += i.linkedInvestmentFen;
      }
      if (i.innovationPoints) {
        f.innovationPointsLoans += 1;
        f.innovationPointsPrincipalFen += p.principalFen;
      }
      if (i.firstLoan) f.firstLoanEnterprises += 1;
    }
    if (!tech(p.enterpriseId, date)) continue;
    f.balanceFen += p.outstandingFen;
    if (p.guaranteeType === 'ip_pledge') f.ipPledgeBalanceFen += p.outstandingFen;
    if (i?.innovationPoints) f.innovationPointsBalanceFen += p.outstandingFen;
    perEnterprise.set(p.enterpriseId, (perEnterprise.get(p.enterpriseId) ?? 0) + p.outstandingFen);
  }
  for (const total of perEnterprise.values()) if (total > 0) f.supportedEnterprises += 1;
  return f;
}

/** Number of enterprises holding each designation on the date (the registry counts of §8). */
export function designationCounts(enterprises: Iterable<StatsEnterprise>, date: string): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const e of enterprises) {
    const held = new Set(e.designations.filter((d) => isDesignationValidOn(d, date)).map((d) => d.code));
    for (const code of held) counts[code] = (counts[code] ?? 0) + 1;
  }
  return counts;
}
