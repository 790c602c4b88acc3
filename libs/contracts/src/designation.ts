/**
 * The enterprise service platform (DOMAIN.md §9, §12): designation self-assessment inputs and results,
 * applications and decisions, and programme targets, on `Topics.designation`.
 */
import { z } from 'zod';
import { defineEvent, Topics } from './envelope';
import { Count, Fen, IsoDate, MAX_REPORT_YEAR, MIN_REPORT_YEAR } from './common';
import { PrefectureCodeSchema, UsccSchema } from './registry';

const Flag = z.boolean();
const staffWithinEmployees = { message: 'sciStaff must not exceed employees', path: ['sciStaff'] };

/** TSME evaluation input (§9.1): data of year Y−1, flags of Y−1 or Y. */
export const TsmeInput = z
  .object({
    employees: Count,
    sciStaff: Count,
    revenueFen: Fen,
    totalAssetsFen: Fen,
    rdExpenseFen: Fen,
    /** 成本费用支出总额. */
    costsFen: Fen,
    /** Ⅰ类知识产权: invention patents, plant varieties, new-drug certificates, protected TCM varieties, IC layouts. */
    ipClass1: Count,
    /** Ⅱ类知识产权: utility models, design patents, software copyrights. */
    ipClass2: Count,
    resident: Flag,
    restrictedIndustry: Flag,
    majorIncident: Flag,
    onDishonestList: Flag,
    nationalAwardTop3In5y: Flag,
    provincialRdInstitution: Flag,
    ledStandardIn5y: Flag,
  })
  .strict()
  .refine((v) => v.sciStaff <= v.employees, staffWithinEmployees);
export type TsmeInput = z.infer<typeof TsmeInput>;

/** HTE pre-check input (§9.2): the figures of its conditions. */
export const HteInput = z
  .object({
    establishedOn: IsoDate,
    employees: Count,
    sciStaff: Count,
    /** IP owned for the main products. */
    ipCount: Count,
    inSupportedField: Flag,
    /** Last three accounting years (or since establishment if shorter). */
    rd3yFen: Fen,
    revenue3yFen: Fen,
    domesticRd3yFen: Fen,
    /** Last year. */
    highTechRevenueFen: Fen,
    totalRevenueFen: Fen,
    /** The 0–100 expert-style evaluation, self-assessed. */
    innovationPoints: z.number().int().min(0).max(100),
    incidentLastYear: Flag,
  })
  .strict()
  .refine((v) => v.sciStaff <= v.employees, staffWithinEmployees)
  .refine((v) => v.domesticRd3yFen <= v.rd3yFen, { message: 'domesticRd3yFen must not exceed rd3yFen', path: ['domesticRd3yFen'] })
  .refine((v) => v.highTechRevenueFen <= v.totalRevenueFen, { message: 'highTechRevenueFen must not exceed totalRevenueFen', path: ['highTechRevenueFen'] });
export type HteInput = z.infer<typeof HteInput>;

export const ApplicableDesignation = z.enum(['TSME', 'HTE']);
export type ApplicableDesignation = z.infer<typeof ApplicableDesignation>;
const EvaluationYear = z.number().int().min(MIN_REPORT_YEAR).max(MAX_REPORT_YEAR).meta({ description: 'the evaluation year Y (data of Y−1)' });

const tsmeRequest = { designation: z.literal('TSME'), year: EvaluationYear, input: TsmeInput };
const hteRequest = { designation: z.literal('HTE'), year: EvaluationYear, input: HteInput };
/** What an enterprise submits to be assessed (and to apply): the designation, the year, its data. */
export const AssessmentRequest = z.discriminatedUnion('designation', [z.object(tsmeRequest).strict(), z.object(hteRequest).strict()]);
export type AssessmentRequest = z.infer<typeof AssessmentRequest>;

const on = { on: IsoDate.optional().meta({ description: 'the assessment (application) date; default today, never after today' }) };
/** The public body of an assessment or application: the request and an optional date. */
export const AssessmentBody = z.discriminatedUnion('designation', [z.object({ ...tsmeRequest, ...on }).strict(), z.object({ ...hteRequest, ...on }).strict()]);
export type AssessmentBody = z.infer<typeof AssessmentBody>;

/** The public body of a decision (§9.3). */
export const DecisionBody = z
  .object({
    decision: z.enum(['approved', 'rejected']),
    reason: z.string().trim().min(1).max(500),
    decidedOn: IsoDate.optional().meta({ description: 'the decision date; default today, never after today' }),
  })
  .strict();
export type DecisionBody = z.infer<typeof DecisionBody>;

const Figures = z.record(z.string(), z.union([z.number(), z.string(), z.boolean(), z.null()]));
/** One condition or indicator with its figures: pass/fail for a condition, points for an indicator. */
export const AssessedItem = z
  .object({ key: z.string(), rule: z.string(), figures: Figures, pass: z.boolean().optional(), points: z.number().int().optional() })
  .strict();
export type AssessedItem = z.infer<typeof AssessedItem>;

/** The result of an assessment (§9.1, §9.2): every condition and indicator with its figures. */
export const AssessmentResult = z
  .object({
    designation: ApplicableDesignation,
    year: EvaluationYear,
    assessedOn: IsoDate,
    /** effectiveFrom of the policy version applied. */
    policyFrom: IsoDate,
    qualified: z.boolean(),
    /** TSME: `direct` (a direct-qualification fact) or `scored`; null when not qualified or HTE. */
    route: z.enum(['direct', 'scored']).nullable(),
    conditions: z.array(AssessedItem),
    /** Keys of the failed conditions (empty when qualified). */
    failed: z.array(z.string()),
    /** TSME: the scored indicators with their points; HTE: empty. */
    indicators: z.array(AssessedItem),
    totalPoints: z.number().int().nullable(),
  })
  .strict();
export type AssessmentResult = z.infer<typeof AssessmentResult>;

export const ApplicationId = z.uuid();
export const ApplicationStatus = z.enum(['pending', 'approved', 'rejected']);
export type ApplicationStatus = z.infer<typeof ApplicationStatus>;

/** `designation.applied`: an application recorded with its assessment (§9.3). */
export const DesignationApplied = z
  .object({
    applicationId: ApplicationId,
    enterpriseId: UsccSchema,
    prefecture: PrefectureCodeSchema,
    appliedOn: IsoDate,
    request: AssessmentRequest,
    result: AssessmentResult,
  })
  .strict();
export type DesignationApplied = z.infer<typeof DesignationApplied>;

/** The grant an approval makes (§9.3 validity); null on a rejection. */
export const DecidedGrant = z.object({ code: ApplicableDesignation, validFrom: IsoDate, validTo: IsoDate }).strict();

/** `designation.decided`: the programme office's decision (§9.3). */
export const DesignationDecided = z
  .object({
    applicationId: ApplicationId,
    enterpriseId: UsccSchema,
    decision: z.enum(['approved', 'rejected']),
    reason: z.string().trim().min(1).max(500),
    decidedOn: IsoDate,
    grant: DecidedGrant.nullable(),
  })
  .strict()
  .refine((d) => (d.decision === 'approved') === (d.grant !== null), { message: 'an approval carries its grant, a rejection none', path: ['grant'] });
export type DesignationDecided = z.infer<typeof DesignationDecided>;

/** Target metrics (§12): a designation count, or a lending figure of §7. */
export const TargetMetric = z.union([
  z.templateLiteral(['designation:', z.enum(['HTE', 'TSME', 'ISME', 'SRDI', 'LITTLE_GIANT', 'DEMO', 'CHAMPION', 'OTHER_TECH'])]),
  z.enum(['supportedEnterprises', 'balanceFen', 'creditLoansIssuedFen']),
]);
export type TargetMetric = z.infer<typeof TargetMetric>;
export const TargetId = z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/);

/** A programme target (§12). `level`: reach targetValue; `change`: gain targetValue over the baseline. */
export const TargetSpec = z
  .object({
    targetId: TargetId,
    metric: TargetMetric,
    region: z.union([z.literal('65'), PrefectureCodeSchema]),
    baselineDate: IsoDate,
    dueDate: IsoDate,
    targetValue: z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER),
    mode: z.enum(['level', 'change']).default('level'),
    title: z.string().trim().min(1).max(200).optional(),
  })
  .strict()
  .refine((t) => t.dueDate > t.baselineDate, { message: 'dueDate must be after baselineDate', path: ['dueDate'] });
export type TargetSpec = z.infer<typeof TargetSpec>;

export const DesignationAppliedEvent = defineEvent({
  type: 'designation.applied',
  version: 1,
  topic: Topics.designation,
  schema: DesignationApplied,
  key: (d) => d.applicationId,
});

export const DesignationDecidedEvent = defineEvent({
  type: 'designation.decided',
  version: 1,
  topic: Topics.designation,
  schema: DesignationDecided,
  key: (d) => d.applicationId,
});

export const TargetSetEvent = defineEvent({
  type: 'target.set',
  version: 1,
  topic: Topics.designation,
  schema: TargetSpec,
  key: (d) => d.targetId,
});

export const designationEvents = [DesignationAppliedEvent, DesignationDecidedEvent, TargetSetEvent] as const;
