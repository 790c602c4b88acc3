/**
 * Zod schemas of every policy value, one per key (DOMAIN.md §2–6). Every parameter is data with an
 * effective date, never a literal in domain code.
 */
import { z } from 'zod';
import { DESIGNATION_CODES, INSURANCE_KIND_CODES } from '@techcredit/reference';

const Bp = z.number().int();
const NonNegBp = Bp.nonnegative();
const Fen = z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER);
const Designation = z.enum(DESIGNATION_CODES);
const Designations = z.array(Designation).min(1).refine((xs) => new Set(xs).size === xs.length, 'duplicate designation');

/** Tech-innovation re-lending (§5). */
export const RelendingPolicy = z
  .object({
    versionName: z.string().min(1).max(40),
    rateBp: NonNegBp,
    claimRatioBp: NonNegBp.max(10000),
    eligibleDesignations: Designations,
    minTermMonths: z.number().int().nonnegative(),
    termYears: z.number().int().positive(),
    maxRollovers: z.number().int().nonnegative(),
  })
  .strict();

/** 1-year loan prime rate (§6). */
export const Lpr1yPolicy = z.object({ rateBp: NonNegBp }).strict();

/** Loan and IP-pledge fee subsidies (§6). */
export const SubsidyPolicy = z
  .object({
    eligibleDesignations: Designations,
    minPrincipalFen: Fen,
    maxPrincipalFen: Fen,
    shareBp: NonNegBp.max(10000),
    maxLoansPerEnterpriseYear: z.number().int().nonnegative(),
    capPerEnterpriseYearFen: Fen,
    appraisalFeeShareBp: NonNegBp.max(10000),
    appraisalFeeCapFen: Fen,
    insuranceShareBp: NonNegBp.max(10000),
    insuranceCapFen: Fen,
  })
  .strict()
  .refine((v) => v.minPrincipalFen <= v.maxPrincipalFen, 'minPrincipalFen must be ≤ maxPrincipalFen');

/** Pledge-rate caps per asset kind, bp of appraised value (§4). */
export const PledgeCapsPolicy = z
  .object({
    invention_patent: NonNegBp,
    utility_model: NonNegBp,
    design_patent: NonNegBp,
    trademark: NonNegBp,
    copyright: NonNegBp,
    software_copyright: NonNegBp,
  })
  .strict();

/** Regional risk-compensation pool share of a written-off pledged loan (§4). */
export const RiskCompensationPolicy = z.object({ shareBp: NonNegBp.max(10000) }).strict();

/** 18 indicator weights (DOMAIN.md §2 order), non-negative integers summing to 100. */
const Weights18 = z
  .array(z.number().int().nonnegative())
  .length(18)
  .refine((ws) => ws.reduce((a, b) => a + b, 0) === 100, 'weights must sum to 100');

/** Scoring weights by stage (§2). */
export const ScoringWeightsPolicy = z.object({ startup: Weights18, growth: Weights18, stable: Weights18 }).strict();

const Points = z.number().int().nonnegative();
/** Stage thresholds, bonuses, penalties and grade thresholds of the score (§2). */
export const ScoringRulesPolicy = z
  .object({
    startupAgeYears: z.number().int().nonnegative(),
    stableRevenueFen: Fen,
    bonusCap: Points,
    nationalAward: Points,
    nationalPlatform: Points,
    perStandardLed: Points,
    standardsLedMax: Points,
    littleGiant: Points,
    majorViolation: Points,
    ipInfringement: Points,
    grades: z
      .object({ A: Points.max(100), B: Points.max(100), C: Points.max(100) })
      .strict()
      .refine((g) => g.A >= g.B && g.B >= g.C, 'grade thresholds must satisfy A ≥ B ≥ C'),
  })
  .strict();

/** Suggested credit line as bp of revenue per grade (§3). */
export const MatchingLineRatioPolicy = z
  .object({ A: NonNegBp, B: NonNegBp, C: NonNegBp, D: NonNegBp })
  .strict();

/** A descending band table: the first band whose threshold the figure reaches gives its points (DOMAIN.md §9.1). */
const descending = (xs: readonly number[]) => xs.every((x, i) => i === 0 || xs[i - 1]! > x);
const BpBands = z
  .array(z.object({ minBp: NonNegBp, points: Points }).strict())
  .min(1)
  .refine((bs) => descending(bs.map((b) => b.minBp)), 'bands must be in strictly descending minBp');
const CountBands = z
  .array(z.object({ minCount: z.number().int().nonnegative(), points: Points }).strict())
  .min(1)
  .refine((bs) => descending(bs.map((b) => b.minCount)), 'bands must be in strictly descending minCount');

/** TSME evaluation (科技型中小企业评价办法, 国科发政〔2022〕67号; DOMAIN.md §9.1). */
export const TsmeEvaluationPolicy = z
  .object({
    maxEmployees: z.number().int().nonnegative(),
    maxRevenueFen: Fen,
    maxTotalAssetsFen: Fen,
    /** sciStaff / employees. */
    staffBands: BpBands,
    /** rdExpense / revenue. */
    rdRevenueBands: BpBands,
    /** rdExpense / costs. */
    rdCostsBands: BpBands,
    ipClass1MinCount: z.number().int().positive(),
    ipClass1Points: Points,
    /** Used when ipClass1 is below ipClass1MinCount. */
    ipClass2Bands: CountBands,
    passPoints: Points,
    /** Staff points must be at least this (the rule "staff points must not be 0": 1). */
    minStaffPoints: Points,
  })
  .strict();

/** HTE pre-check (高新技术企业认定管理办法, 国科发火〔2016〕32号, art. 11; DOMAIN.md §9.2). */
export const HteEligibilityPolicy = z
  .object({
    minRegisteredYears: z.number().int().nonnegative(),
    minIpCount: z.number().int().nonnegative(),
    minSciStaffBp: NonNegBp.max(10000),
    /** rd3y / revenue3y thresholds by last year's revenue, ascending maxLastYearRevenueFen (inclusive). */
    rdTiers: z
      .array(z.object({ maxLastYearRevenueFen: Fen, minBp: NonNegBp }).strict())
      .refine((ts) => ts.every((t, i) => i === 0 || ts[i - 1]!.maxLastYearRevenueFen < t.maxLastYearRevenueFen), 'rdTiers must be in strictly ascending maxLastYearRevenueFen'),
    /** The threshold above the last tier. */
    rdAboveTiersBp: NonNegBp,
    minDomesticRdBp: NonNegBp.max(10000),
    minHighTechRevenueBp: NonNegBp.max(10000),
    minInnovationPoints: Points.max(100),
    /** The quality figure of §12: HTE whose filed rdIntensity is below this (bp). */
    qualityRdIntensityBelowBp: NonNegBp,
  })
  .strict();

const ValidityRule = z.discriminatedUnion('kind', [
  /** From the decision date to Dec 31 of the evaluation year. */
  z.object({ kind: z.literal('evaluationYearEnd') }).strict(),
  /** From the decision date to the day before the n-th anniversary. */
  z.object({ kind: z.literal('years'), years: z.number().int().positive().max(20) }).strict(),
]);
/** Validity of a designation granted on an approved application (DOMAIN.md §9.3). */
export const DesignationValidityPolicy = z.object({ TSME: ValidityRule, HTE: ValidityRule }).strict();
/** Tech-insurance premium subsidy (§10): rate per policy kind (bp of the net premium) and the enterprise-year cap. */
export const TechInsurancePolicy = z
  .object({
    rateBpByKind: z.object(Object.fromEntries(INSURANCE_KIND_CODES.map((k) => [k, NonNegBp.max(10000)])) as Record<(typeof INSURANCE_KIND_CODES)[number], typeof NonNegBp>).strict(),
    capPerEnterpriseYearFen: Fen,
  })
  .strict();

/** Investment-linked loans (§11): an investment closed within windowDays before or after the disbursement. */
export const InvestmentLinkPolicy = z.object({ windowDays: z.number().int().nonnegative().max(3660) }).strict();

/** The value schema of each policy key. */
export const POLICY_VALUE_SCHEMAS = {
  relending: RelendingPolicy,
  lpr1y: Lpr1yPolicy,
  subsidy: SubsidyPolicy,
  pledgeCaps: PledgeCapsPolicy,
  riskCompensation: RiskCompensationPolicy,
  scoringWeights: ScoringWeightsPolicy,
  scoringRules: ScoringRulesPolicy,
  matchingLineRatio: MatchingLineRatioPolicy,
  tsmeEvaluation: TsmeEvaluationPolicy,
  hteEligibility: HteEligibilityPolicy,
  designationValidity: DesignationValidityPolicy,
  techInsurance: TechInsurancePolicy,
  investmentLink: InvestmentLinkPolicy,
} as const;

export type PolicyKey = keyof typeof POLICY_VALUE_SCHEMAS;
export const POLICY_KEYS = Object.keys(POLICY_VALUE_SCHEMAS) as [PolicyKey, ...PolicyKey[]];
export type PolicyValue<K extends PolicyKey> = z.infer<(typeof POLICY_VALUE_SCHEMAS)[K]>;

export type RelendingPolicyValue = PolicyValue<'relending'>;
export type Lpr1yPolicyValue = PolicyValue<'lpr1y'>;
export type SubsidyPolicyValue = PolicyValue<'subsidy'>;
export type PledgeCapsPolicyValue = PolicyValue<'pledgeCaps'>;
export type PledgeAssetKind = keyof PledgeCapsPolicyValue;
export type RiskCompensationPolicyValue = PolicyValue<'riskCompensation'>;
export type ScoringWeightsPolicyValue = PolicyValue<'scoringWeights'>;
export type ScoringRulesPolicyValue = PolicyValue<'scoringRules'>;
export type MatchingLineRatioPolicyValue = PolicyValue<'matchingLineRatio'>;
export type TsmeEvaluationPolicyValue = PolicyValue<'tsmeEvaluation'>;
export type HteEligibilityPolicyValue = PolicyValue<'hteEligibility'>;
export type DesignationValidityPolicyValue = PolicyValue<'designationValidity'>;
export type TechInsurancePolicyValue = PolicyValue<'techInsurance'>;
export type InvestmentLinkPolicyValue = PolicyValue<'investmentLink'>;

const version = <K extends PolicyKey>(key: K) =>
  z
    .object({
      key: z.literal(key),
      effectiveFrom: z.iso.date(),
      value: POLICY_VALUE_SCHEMAS[key] as (typeof POLICY_VALUE_SCHEMAS)[K],
    })
    .strict();

/** A versioned policy value `{ key, effectiveFrom, value }`, discriminated by key (e.g. a `POST /v1/policies` body). */
export const PolicyVersionSchema = z.discriminatedUnion('key', [
  version('relending'),
  version('lpr1y'),
  version('subsidy'),
  version('pledgeCaps'),
  version('riskCompensation'),
  version('scoringWeights'),
  version('scoringRules'),
  version('matchingLineRatio'),
  version('tsmeEvaluation'),
  version('hteEligibility'),
  version('designationValidity'),
  version('techInsurance'),
  version('investmentLink'),
]);

/** Any policy version (the union over keys). */
export type AnyPolicyVersion = z.infer<typeof PolicyVersionSchema>;
/** The version of one key. */
export type PolicyVersion<K extends PolicyKey = PolicyKey> = Extract<AnyPolicyVersion, { key: K }>;
