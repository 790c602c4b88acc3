/** Policy values the subsidy rules take as arguments (shapes of libs/policy `subsidy` and `lpr1y`). */

export interface SubsidyTerms {
  eligibleDesignations: readonly string[];
  minPrincipalFen: number;
  maxPrincipalFen: number;
  shareBp: number;
  maxLoansPerEnterpriseYear: number;
  capPerEnterpriseYearFen: number;
  appraisalFeeShareBp: number;
  appraisalFeeCapFen: number;
  insuranceShareBp: number;
  insuranceCapFen: number;
}

export interface LprTerms {
  rateBp: number;
}

/** The version in force on a date, or undefined (e.g. `(d) => book.at('subsidy', d)`). */
export type PolicyAt<T> = (date: string) => T | undefined;

/** The one interest scheme a loan gets (DOMAIN.md §6: "one loan gets one interest scheme"). */
export type InterestScheme = 'default';
export const DEFAULT_SCHEME: InterestScheme = 'default';
