/** Shapes of a generated scenario (they match the zod contracts of `@techcredit/contracts`). */
import type { ClusterId, DesignationCode, PrefectureCode, ZoneId } from '@techcredit/reference';
import type { BenchmarkRow, GuaranteeType, LendingStats, SliceDimension } from '@techcredit/stats/src/domain';
import type { Targets } from './calibration';

export interface EnterpriseRecord {
  enterpriseId: string;
  name: string;
  prefecture: PrefectureCode;
  zone: ZoneId | null;
  cluster: ClusterId | null;
  establishedOn: string;
}

export interface DesignationGrantRecord {
  enterpriseId: string;
  code: DesignationCode;
  validFrom: string;
  /** Inclusive; null = open-ended. */
  validTo: string | null;
}

export interface BankRecord {
  bankId: string;
  name: string;
  relendingEligible: boolean;
  relendingQuotaFen: number;
}

export interface ProductRecord {
  productId: string;
  bankId: string;
  name: string;
  kind: 'credit' | 'ip_pledge' | 'guarantee';
  minScore: number;
  eligibleDesignations: DesignationCode[];
  prefectures?: PrefectureCode[];
  minAmountFen: number;
  maxAmountFen: number;
  maxTermMonths: number;
  annualRateBp: number;
  requiresPledge: boolean;
  active: boolean;
}

export const INDICATOR_KEYS = [
  'rdExpense', 'rdExpenseGrowth', 'rdIntensity', 'sciStaffRatio', 'inventionPatentApps', 'pctApps',
  'techContractTurnover', 'highTechRevenue', 'revenue', 'revenueGrowth', 'postgradRatio', 'rdSuperDeduction',
  'roe', 'graduatesHired', 'platforms', 'awards', 'vcRaised', 'standards',
] as const;
export type IndicatorKey = (typeof INDICATOR_KEYS)[number];

export interface FilingRecord {
  enterpriseId: string;
  filedAt: string;
  year: number;
  indicators: Record<IndicatorKey, number>;
  flags: {
    seriousDishonesty: boolean;
    majorViolation: boolean;
    ipInfringement: boolean;
    nationalAward: boolean;
    nationalPlatform: boolean;
    standardsLed: number;
  };
}

export interface LoanDisbursedData {
  loanId: string;
  bankId: string;
  enterpriseId: string;
  principalFen: number;
  rateBp: number;
  disbursedOn: string;
  maturityOn: string;
  guaranteeType: GuaranteeType;
}
export interface PledgeAssetData {
  kind: 'invention_patent' | 'utility_model' | 'design_patent' | 'trademark' | 'copyright' | 'software_copyright';
  registrationNo: string;
  appraisedValueFen: number;
  expiresOn: string;
}
export interface PledgeRegisteredData {
  pledgeId: string;
  loanId: string;
  assets: PledgeAssetData[];
  cnipaRegistrationNo: string;
  registeredOn: string;
  appraisalFeeFen: number;
  insurancePremiumFen: number;
}

interface EventBase<T extends string, D> {
  id: string;
  type: T;
  occurredAt: string;
  data: D;
}
export type LoanEventRecord =
  | EventBase<'loan.disbursed', LoanDisbursedData>
  | EventBase<'loan.repaid', { loanId: string; amountFen: number; repaidOn: string }>
  | EventBase<'loan.written_off', { loanId: string; amountFen: number; writtenOffOn: string }>
  | EventBase<'pledge.registered', PledgeRegisteredData>;

/** The statistics the pipeline must compute on the generated data, to the fen (computed by the stats domain). */
export interface ScenarioExpected {
  asOf: string;
  /** §7 statistics at 2024-12-31 (with 2023-12-31 as the year-earlier date) and registry counts. */
  stats: LendingStats;
  /** §7 statistics at 2023-12-31. */
  stats2023: LendingStats;
  /** Every §7 figure at 2024-12-31 by slice. */
  slices: Record<SliceDimension, Record<string, LendingStats>>;
  /** The §8 benchmark of `stats` (all rows agree at scale 1). */
  benchmark: BenchmarkRow[];
}

export interface Scenario {
  seed: number;
  scale: number;
  enterprises: EnterpriseRecord[];
  designationGrants: DesignationGrantRecord[];
  banks: BankRecord[];
  products: ProductRecord[];
  filings: FilingRecord[];
  /** Loan-topic events ordered by occurredAt (disbursement before its pledge, repayments and write-offs). */
  loanEvents: LoanEventRecord[];
  /** The region's all-loans balances (reference input for the spread). */
  totalLoans: { date: string; balanceFen: number }[];
  /** The targets the construction hits (counts; amounts in 万元 units). */
  calibration: Targets;
  expected: ScenarioExpected;
}
