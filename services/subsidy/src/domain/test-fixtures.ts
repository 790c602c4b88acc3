/** Test data only: the default subsidy scheme and the 1-year LPR table of DOMAIN.md §6 as lookups. */
import { loanFromDisbursement, type LoanState } from '@techcredit/contracts';
import type { LprTerms, PolicyAt, SubsidyTerms } from './terms';

export const defaultScheme: SubsidyTerms = {
  eligibleDesignations: ['TSME', 'HTE', 'LITTLE_GIANT'],
  minPrincipalFen: 200_000_000,
  maxPrincipalFen: 3_000_000_000,
  shareBp: 5000,
  maxLoansPerEnterpriseYear: 3,
  capPerEnterpriseYearFen: 50_000_000,
  appraisalFeeShareBp: 5000,
  appraisalFeeCapFen: 10_000_000,
  insuranceShareBp: 5000,
  insuranceCapFen: 2_000_000,
};
export const subsidyAt: PolicyAt<SubsidyTerms> = (date) => (date >= '2022-01-01' ? defaultScheme : undefined);

const LPR: [string, number][] = [
  ['2023-01-01', 365],
  ['2023-06-20', 355],
  ['2023-08-21', 345],
  ['2024-07-22', 335],
  ['2024-10-21', 310],
  ['2025-05-20', 300],
];
export const lprAt: PolicyAt<LprTerms> = (date) => {
  const v = [...LPR].reverse().find(([from]) => from <= date);
  return v && { rateBp: v[1] };
};

export const ENTERPRISE = '91650100MA77XYW12K';
export const always = (...codes: string[]) => (): string[] => codes;

export function loan(loanId: string, disbursedOn: string, principalFen: number, rateBp: number, enterpriseId = ENTERPRISE): LoanState {
  return loanFromDisbursement({ loanId, bankId: 'B1', enterpriseId, principalFen, rateBp, disbursedOn, maturityOn: '2030-01-01', guaranteeType: 'credit' });
}
