/** Test data only: the default subsidy scheme and the 1-year LPR table of DOMAIN.md §6, from @techcredit/policy. */
import { loanFromDisbursement, type LoanState } from '@techcredit/contracts';
import { policyBook } from '@techcredit/policy';
import type { LprTerms, PolicyAt, SubsidyTerms } from './terms';
import type { TechInsuranceTerms } from './insurance';

/**
 * The default scheme (in force from 2020-01-01): TSME, HTE or LITTLE_GIANT; principal 200万–3000万元; 50% of
 * the basis; first 3 loans, 50万元 per enterprise-year; fees 50% (appraisal cap 10万元, insurance cap 2万元).
 */
export const defaultScheme: SubsidyTerms = policyBook.require('subsidy', '2024-01-01');
export const subsidyAt: PolicyAt<SubsidyTerms> = (date) => policyBook.at('subsidy', date);

/** 1-year LPR: 365 bp from 2023-01-01, 355 from 2023-06-20, 345 from 2023-08-21, 335 from 2024-07-22, 310 from 2024-10-21, 300 from 2025-05-20. */
export const lprAt: PolicyAt<LprTerms> = (date) => policyBook.at('lpr1y', date);

export const ENTERPRISE = '91650100MA77XYW12K';
export const always = (...codes: string[]) => (): string[] => codes;

export function loan(loanId: string, disbursedOn: string, principalFen: number, rateBp: number, enterpriseId = ENTERPRISE): LoanState {
  return loanFromDisbursement({ loanId, bankId: 'B1', enterpriseId, principalFen, rateBp, disbursedOn, maturityOn: '2030-01-01', guaranteeType: 'credit' });
}

/** The default tech-insurance scheme (§10): 80% first_set_equipment, 50% other kinds, 20万元 per enterprise-year. */
export const techInsuranceAt: PolicyAt<TechInsuranceTerms> = (date) => policyBook.at('techInsurance', date);
