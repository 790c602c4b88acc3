import { INDICATOR_KEYS, type LoanDisbursed, type LoanRepaid, type LoanWrittenOff, type PledgeAsset, type PledgeRegistered } from '@techcredit/contracts';
/** Shapes of a generated scenario (they match the zod contracts of `@techcredit/contracts`). */
import type { ClusterId, DesignationCode, PrefectureCode, ZoneId } from '@techcredit/reference';
import type { BenchmarkRow, LendingStats, SliceDimension } from '@techcredit/stats/src/domain';
import type { TargetSpec } from '@techcredit/contracts';
import type { ApplicationRecord } from './applications';
import type { Targets } from './calibration';
import type { InsurerRecord, InvestmentRecord, PolicyRecord } from './insurance';

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

/** The 18 indicator keys of DOMAIN.md §2, from the contracts (one definition). */
export { INDICATOR_KEYS };
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

/** Event data shapes are the contracts' (libs/contracts/src/loans.ts), not copies. */
export type LoanDisbursedData = LoanDisbursed;
export type PledgeAssetData = PledgeAsset;
export type PledgeRegisteredData = PledgeRegistered;

interface EventBase<T extends string, D> {
  id: string;
  type: T;
  occurredAt: string;
  data: D;
}
export type LoanEventRecord =
  | EventBase<'loan.disbursed', LoanDisbursedData>
  | EventBase<'loan.repaid', LoanRepaid>
  | EventBase<'loan.written_off', LoanWrittenOff>
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
  /** Issue 11: insurers, their tech-insurance policies (some cancelled) and outside investments. */
  insurers: InsurerRecord[];
  policies: PolicyRecord[];
  investments: InvestmentRecord[];
  /** The targets the construction hits (counts; amounts in 万元 units). */
  calibration: Targets;
  expected: ScenarioExpected;
  /** 2025 designation applications with their decisions (§9.3); every grant starts in 2025. */
  applications: ApplicationRecord[];
  /** The seed's 2025 programme targets (§12). */
  programmeTargets: TargetSpec[];
}
