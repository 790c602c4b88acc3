/**
 * Policy simulation (DOMAIN.md §13, docs/decisions/0016): a draft policy version and a period in; the
 * current and the draft figures side by side with their differences out. The draft is never published:
 * each service that owns an affected figure recomputes it over its stored history with a policy book in
 * which the draft replaces its key's versions (`PolicyBook.withDraft`), by the same rule code as the live
 * figures. This module is the one contract of the public route, the internal routes and which parts each
 * policy key affects.
 */
import { z } from 'zod';
import { PolicyVersionSchema, type PolicyKey } from '@techcredit/policy';
import { Count, Fen, IsoDate, MAX_REPORT_YEAR, MIN_REPORT_YEAR } from './common';

/** The simulated figures, each computed by the service that owns it. */
export const SIMULATED_PARTS = ['subsidies', 'relending', 'pledgeBreaches'] as const;
export type SimulatedPart = (typeof SIMULATED_PARTS)[number];

/** The service that computes each part, at `POST /internal/simulate` (the same body for all). */
export const SIMULATION_SERVICES = { subsidies: 'subsidy', relending: 'relending', pledgeBreaches: 'pledge' } as const satisfies Record<SimulatedPart, string>;
export const SIMULATE_PATH = '/internal/simulate';

export interface SimulationScope {
  /** The parts a draft of this key can change (empty: the key is not simulated, a 422). */
  parts: readonly SimulatedPart[];
  /** Why: which rule reads the key, or why no simulated figure depends on it. */
  note: string;
}

/**
 * Which parts a draft of each policy key affects. Typed over EVERY policy key: a new key in libs/policy
 * without an entry here does not compile. A key that affects no simulated figure says so and is refused
 * (422 "not simulated") rather than answered with figures it cannot change.
 */
export const SIMULATION_SCOPE = {
  subsidy: { parts: ['subsidies'], note: 'eligibility, share, the 3-loan limit and the yearly cap of interest subsidies; the shares and caps of pledge-fee subsidies (§6)' },
  lpr1y: { parts: ['subsidies'], note: 'the interest basis is min(loan rate, 1-year LPR on the disbursement date) (§6)' },
  relending: { parts: ['relending'], note: 'eligible designations, claim ratio and minimum term decide claims; the rate and term decide application interest (§5)' },
  pledgeCaps: { parts: ['pledgeBreaches'], note: 'the pledge-rate caps decide which accepted pledges breach them (§4)' },
  riskCompensation: { parts: [], note: 'not simulated: the share changes only the compensation of written-off pledged loans, which is not a simulated figure' },
  scoringWeights: { parts: [], note: 'not simulated: scores are not a simulated figure (the score what-if of §14 answers for one enterprise)' },
  scoringRules: { parts: [], note: 'not simulated: scores are not a simulated figure (the score what-if of §14 answers for one enterprise)' },
  matchingLineRatio: { parts: [], note: 'not simulated: credit lines offered are not a simulated figure' },
  tsmeEvaluation: { parts: [], note: 'not simulated: it decides TSME applications (§9.1), whose self-assessment already answers a draft-free what-if per enterprise' },
  hteEligibility: { parts: [], note: 'not simulated: it decides HTE pre-checks (§9.2) of applications, not a simulated figure' },
  techInsurance: { parts: ['subsidies'], note: 'the rates by kind and the enterprise-year cap of tech-insurance premium subsidies (§10)' },
  investmentLink: { parts: [], note: 'not simulated: the window classifies loans in the §11 statistics, which are not a simulated figure' },
  designationValidity: { parts: [], note: 'not simulated: validity is fixed on each grant when it is decided (§9.3); a draft would not change stored grants' },
} as const satisfies Record<PolicyKey, SimulationScope>;

/** The parts a draft of `key` affects, in SIMULATED_PARTS order. */
export const simulatedParts = (key: PolicyKey): readonly SimulatedPart[] => SIMULATED_PARTS.filter((p) => (SIMULATION_SCOPE[key].parts as readonly string[]).includes(p));

/** At most this many calendar years per simulation (the answer has a row per year and prefecture or bank). */
export const MAX_SIMULATION_YEARS = 20;
const Year = z.number().int().min(MIN_REPORT_YEAR).max(MAX_REPORT_YEAR);

const shape = {
  /** The draft version: any key the policy book holds, validated as `POST /v1/policies` would. */
  draft: PolicyVersionSchema,
  /** Last day (inclusive) the draft is in force; without it, until the next version of its key. */
  effectiveTo: IsoDate.optional(),
  /** The calendar years whose figures are answered (the whole stored history is recomputed). */
  period: z
    .strictObject({ fromYear: Year, toYear: Year })
    .refine((p) => p.fromYear <= p.toYear, { message: 'fromYear must be ≤ toYear', path: ['toYear'] })
    .refine((p) => p.toYear - p.fromYear < MAX_SIMULATION_YEARS, { message: `at most ${MAX_SIMULATION_YEARS} years`, path: ['toYear'] }),
};

type Body = { draft: { key: PolicyKey; effectiveFrom: string }; effectiveTo?: string | undefined };
const checkBody = (b: Body, ctx: z.core.$RefinementCtx<Body>) => {
  if (b.effectiveTo !== undefined && b.effectiveTo < b.draft.effectiveFrom) {
    ctx.addIssue({ code: 'custom', path: ['effectiveTo'], message: `effectiveTo must be on or after the draft's effectiveFrom (${b.draft.effectiveFrom})` });
  }
  const scope = SIMULATION_SCOPE[b.draft.key];
  if (scope.parts.length === 0) ctx.addIssue({ code: 'custom', path: ['draft', 'key'], message: `${b.draft.key} is ${scope.note}` });
};

/** `POST /v1/simulations` body. */
export const SimulationRequestSchema = z.strictObject(shape).superRefine(checkBody);
export type SimulationRequest = z.infer<typeof SimulationRequestSchema>;

/** `POST /internal/simulate` body: the public one, and `asOf` (tests; default the service's reporting date). */
export const InternalSimulationRequestSchema = z.strictObject({ ...shape, asOf: IsoDate.optional() }).superRefine(checkBody);
export type InternalSimulationRequest = z.infer<typeof InternalSimulationRequestSchema>;

export const PrefectureOrUnknown = z.string().regex(/^\d{4}$|^unknown$/);
const Quarter = z.string().regex(/^\d{4}Q[1-4]$/);

/** Subsidies of one calendar year and prefecture (§6), as the live summary counts them. */
export const SubsidyFiguresSchema = z.strictObject({
  /** Interest, pledge-fee and tech-insurance premium subsidies. */
  totalFen: Fen,
  interestFen: Fen,
  feesFen: Fen,
  /** Tech-insurance premium subsidies of policies bound in the year (§10). */
  insuranceFen: Fen,
  /** Loans with an interest subsidy > 0 in the year. */
  loansSubsidised: Count,
  /** Enterprises with any subsidy (interest or fees) in the year. */
  enterprisesSubsidised: Count,
  /** Enterprises whose interest subsidy of the year reached the yearly cap. */
  enterprisesAtCap: Count,
  /** Enterprises whose tech-insurance subsidy of the year reached its enterprise-year cap (§10). */
  enterprisesAtInsuranceCap: Count,
});
/** Re-lending of one quarter and bank (§5): claims of loans disbursed in the quarter, and the quarter's application. */
export const RelendingFiguresSchema = z.strictObject({
  eligibleLoans: Count,
  claimsFen: Fen,
  /** 1 if the bank applies for the quarter, else 0. */
  applications: Count,
  appliedFen: Fen,
  interestFen: Fen,
});
/** Pledge-rate checks of one registration year and prefecture (§4). */
export const PledgeBreachFiguresSchema = z.strictObject({
  /** Accepted or released pledges checked against caps in force on their registration date. */
  checkedPledges: Count,
  breaches: Count,
  /** Σ principal of the loans of breaching pledges. */
  breachPrincipalFen: Fen,
});
export type SubsidyFigures = z.infer<typeof SubsidyFiguresSchema>;
export type RelendingFigures = z.infer<typeof RelendingFiguresSchema>;
export type PledgeBreachFigures = z.infer<typeof PledgeBreachFiguresSchema>;

export const SubsidyRowSchema = SubsidyFiguresSchema.extend({ year: Year, prefecture: PrefectureOrUnknown });
export const RelendingRowSchema = RelendingFiguresSchema.extend({ quarter: Quarter, bankId: z.string().min(1) });
export const PledgeBreachRowSchema = PledgeBreachFiguresSchema.extend({ year: Year, prefecture: PrefectureOrUnknown });

/**
 * The answer of each service's `POST /internal/simulate`: the same rows under the live book and under the
 * draft; `asOf` is the service's reporting date (null for pledges: their records are as they stand).
 */
const partAnswer = <T extends z.ZodType>(row: T) => z.strictObject({ asOf: IsoDate.nullable(), current: z.array(row), draft: z.array(row) });
export const SIMULATION_PART_ANSWERS = {
  subsidies: partAnswer(SubsidyRowSchema),
  relending: partAnswer(RelendingRowSchema),
  pledgeBreaches: partAnswer(PledgeBreachRowSchema),
} as const satisfies Record<SimulatedPart, z.ZodType>;
export type SimulationPartAnswer<P extends SimulatedPart> = z.infer<(typeof SIMULATION_PART_ANSWERS)[P]>;

/** The key fields of each part's rows (a row is one value of them). */
export const SIMULATION_ROW_KEYS = {
  subsidies: ['year', 'prefecture'],
  relending: ['quarter', 'bankId'],
  pledgeBreaches: ['year', 'prefecture'],
} as const satisfies Record<SimulatedPart, readonly string[]>;

/** The calendar years of a period, ascending. */
export const periodYears = (p: { fromYear: number; toYear: number }): number[] => Array.from({ length: p.toYear - p.fromYear + 1 }, (_, i) => p.fromYear + i);
