/**
 * Inputs of the lending statistics (DOMAIN.md §7). Plain in-memory shapes, so a service can build them from
 * its projections or from aggregated queries (see `LoanPosition`).
 */

/** Guarantee type of a loan (contracts `loan.disbursed.guaranteeType`). */
export type GuaranteeType = 'credit' | 'ip_pledge' | 'guarantee' | 'collateral';

/** One designation held over a period; `validTo` is inclusive, `null` = open-ended. */
export interface DesignationSpan {
  code: string;
  validFrom: string;
  validTo: string | null;
}

export interface StatsEnterprise {
  enterpriseId: string;
  prefecture: string;
  zone: string | null;
  cluster: string | null;
  designations: DesignationSpan[];
}

/** A repayment or write-off, both reduce the outstanding balance from `on` (inclusive). */
export interface Movement {
  kind: 'repaid' | 'written_off';
  amountFen: number;
  on: string;
}

export interface StatsLoan {
  loanId: string;
  bankId: string;
  enterpriseId: string;
  principalFen: number;
  disbursedOn: string;
  guaranteeType: GuaranteeType;
  movements: Movement[];
  /** `loan.disbursed` v2's product (§11); absent for v1 events. */
  productId?: string;
  /** §11 classifications, resolved when the input is built (./instruments.ts `classifyLoans`); absent = no. */
  instruments?: LoanInstruments;
}

/** §11: how a loan counts in the instrument figures. */
export interface LoanInstruments {
  /** Made under a `credit` product with minScore > 0 (an innovation-points loan, 创新积分贷). */
  innovationPoints: boolean;
  /** Σ of the investments linked to it (0 = not investment-linked). */
  linkedInvestmentFen: number;
  /** The enterprise's first loan on the platform (首贷). */
  firstLoan: boolean;
}

/** The region's total loan balance (all borrowers) on a date, posted by regulators. */
export interface TotalLoanBalance {
  date: string;
  balanceFen: number;
}

/**
 * A loan as seen at the end of one date: all the figures need. A service may compute `outstandingFen`
 * with an aggregation (principal − movements on or before the date) instead of loading movements.
 */
export interface LoanPosition {
  loanId: string;
  bankId: string;
  enterpriseId: string;
  guaranteeType: GuaranteeType;
  principalFen: number;
  disbursedOn: string;
  outstandingFen: number;
  instruments?: LoanInstruments;
}

/** Is the enterprise "tech" on the date (§1: holds a designation valid on that date)? Slices substitute their own test. */
export type TechTest = (enterpriseId: string, date: string) => boolean;

export interface StatsInput {
  enterprises: StatsEnterprise[];
  loans: StatsLoan[];
  totalLoans: TotalLoanBalance[];
}
