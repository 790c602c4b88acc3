import { oneYearBefore } from './dates';
import { designationCounts, figuresAt, positionsOn, techTest, type PeriodFigures } from './figures';
import { fenToYi, growthPct, spreadPoints, type Pct } from './ratio';
import type { LoanPosition, StatsInput, TechTest, TotalLoanBalance } from './types';

/** An amount on D and on D − 1 year, with its YoY growth (null when the earlier amount is 0). */
export interface AmountYoY {
  fen: number;
  /** Rounded half-up to 2 decimals, in 亿元. */
  yi: string;
  previousFen: number;
  growth: Pct | null;
}

/** A count on D and on D − 1 year: absolute change and YoY growth. */
export interface CountYoY {
  value: number;
  previous: number;
  change: number;
  growth: Pct | null;
}

/** The §7 statistics for date D (`asOf`), compared against D − 1 year (`previous`). */
export interface LendingStats {
  asOf: string;
  previous: string;
  current: PeriodFigures;
  prior: PeriodFigures;
  supportedEnterprises: CountYoY;
  balance: AmountYoY;
  /** The region's all-loans balances (reference input); null if not posted for both dates. */
  allLoans: AmountYoY | null;
  /** Balance growth − all-loans growth, in points, from the unrounded growths. */
  spread: Pct | null;
  /** Credit loans issued Jan 1..D vs Jan 1..(D − 1y). */
  creditLoansIssued: AmountYoY;
  ipPledge: { enterpriseTimes: CountYoY; balance: AmountYoY };
  /** §11 additions; no published figure exists for them (`published: false`). */
  instruments: InstrumentStats;
  /** Enterprises holding each designation on D (present when computed from a registry). */
  registry?: Record<string, number>;
}

/** §11: loans with outside direct investment, innovation-points loans and first-loan enterprises, D vs D − 1 year. */
export interface InstrumentStats {
  published: false;
  investmentLinked: { loans: CountYoY; principal: AmountYoY; linkedInvestment: AmountYoY };
  innovationPoints: { loans: CountYoY; principal: AmountYoY; balance: AmountYoY };
  firstLoanEnterprises: CountYoY;
}

const amount = (fen: number, previousFen: number): AmountYoY => ({
  fen,
  yi: fenToYi(fen),
  previousFen,
  growth: growthPct(fen, previousFen),
});

const count = (value: number, previous: number): CountYoY => ({
  value,
  previous,
  change: value - previous,
  growth: growthPct(value, previous),
});

/** Total loan balance posted for exactly that date, or null. */
export function totalOn(totals: readonly TotalLoanBalance[], date: string): number | null {
  return totals.find((t) => t.date === date)?.balanceFen ?? null;
}

/**
 * Compare figures of D and D − 1 year (§7). The entry point for a service that computes `PeriodFigures`
 * from aggregates; `allLoans` are the region totals on D and D − 1 year (null when unknown).
 */
export function compareFigures(
  current: PeriodFigures,
  prior: PeriodFigures,
  allLoans: { current: number | null; prior: number | null },
): LendingStats {
  const all = allLoans.current !== null && allLoans.prior !== null ? amount(allLoans.current, allLoans.prior) : null;
  return {
    asOf: current.date,
    previous: prior.date,
    current,
    prior,
    supportedEnterprises: count(current.supportedEnterprises, prior.supportedEnterprises),
    balance: amount(current.balanceFen, prior.balanceFen),
    allLoans: all,
    spread: all ? spreadPoints(current.balanceFen, prior.balanceFen, all.fen, all.previousFen) : null,
    creditLoansIssued: amount(current.creditLoansIssuedFen, prior.creditLoansIssuedFen),
    ipPledge: {
      enterpriseTimes: count(current.ipPledgeEnterpriseTimes, prior.ipPledgeEnterpriseTimes),
      balance: amount(current.ipPledgeBalanceFen, prior.ipPledgeBalanceFen),
    },
    instruments: {
      published: false,
      investmentLinked: {
        loans: count(current.investmentLinkedLoans, prior.investmentLinkedLoans),
        principal: amount(current.investmentLinkedPrincipalFen, prior.investmentLinkedPrincipalFen),
        linkedInvestment: amount(current.linkedInvestmentFen, prior.linkedInvestmentFen),
      },
      innovationPoints: {
        loans: count(current.innovationPointsLoans, prior.innovationPointsLoans),
        principal: amount(current.innovationPointsPrincipalFen, prior.innovationPointsPrincipalFen),
        balance: amount(current.innovationPointsBalanceFen, prior.innovationPointsBalanceFen),
      },
      firstLoanEnterprises: count(current.firstLoanEnterprises, prior.firstLoanEnterprises),
    },
  };
}

/** Statistics from positions already taken on D and on D − 1 year. */
export function statsFromPositions(
  asOf: string,
  positions: { current: readonly LoanPosition[]; prior: readonly LoanPosition[] },
  isTech: TechTest,
  totals: readonly TotalLoanBalance[],
): LendingStats {
  const previous = oneYearBefore(asOf);
  return compareFigures(figuresAt(asOf, positions.current, isTech), figuresAt(previous, positions.prior, isTech), {
    current: totalOn(totals, asOf),
    prior: totalOn(totals, previous),
  });
}

/** The full §7 statistics for date D over in-memory enterprises and loans (with registry counts on D). O(loans). */
export function computeLendingStats(input: StatsInput, asOf: string): LendingStats {
  const positions = { current: positionsOn(input.loans, asOf), prior: positionsOn(input.loans, oneYearBefore(asOf)) };
  const stats = statsFromPositions(asOf, positions, techTest(input.enterprises), input.totalLoans);
  return { ...stats, registry: designationCounts(input.enterprises, asOf) };
}
