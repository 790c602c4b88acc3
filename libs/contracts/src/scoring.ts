import { z } from 'zod';
import { Count, Fen } from './common';
import { defineEvent, Topics } from './envelope';
import { UsccSchema } from './registry';

/** The 18 indicators of the innovation-points score, in DOMAIN.md §2 order (#1..#18). */
export const INDICATOR_KEYS = [
  'rdExpense',
  'rdExpenseGrowth',
  'rdIntensity',
  'sciStaffRatio',
  'inventionPatentApps',
  'pctApps',
  'techContractTurnover',
  'highTechRevenue',
  'revenue',
  'revenueGrowth',
  'postgradRatio',
  'rdSuperDeduction',
  'roe',
  'graduatesHired',
  'platforms',
  'awards',
  'vcRaised',
  'standards',
] as const;
export type IndicatorKey = (typeof INDICATOR_KEYS)[number];

export const STAGES = ['startup', 'growth', 'stable'] as const;
export const StageSchema = z.enum(STAGES);
export type Stage = z.infer<typeof StageSchema>;

export const GradeSchema = z.enum(['A', 'B', 'C', 'D']);
export type Grade = z.infer<typeof GradeSchema>;

const Int = z.number().int();
/** A share in bp, 0..10000 (0%..100%). */
const ShareBp = Int.min(0).max(10_000);
/** A non-negative bp value (no upper bound, e.g. R&D intensity may exceed 100% of revenue). */
const NonNegBp = Int.min(0);
/** A growth rate in bp, ≥ −10000 (a fall of at most 100%). */
const GrowthBp = Int.min(-10_000);

/** The 18 indicators with the constraints of DOMAIN.md §2 (all required; 0 allowed). */
export const IndicatorsSchema = z.strictObject({
  rdExpense: Fen,
  rdExpenseGrowth: GrowthBp,
  rdIntensity: NonNegBp,
  sciStaffRatio: ShareBp,
  inventionPatentApps: Count,
  pctApps: Count,
  techContractTurnover: Fen,
  highTechRevenue: Fen,
  revenue: Fen,
  revenueGrowth: GrowthBp,
  postgradRatio: ShareBp,
  rdSuperDeduction: Fen,
  roe: Int,
  graduatesHired: Count,
  platforms: Count,
  awards: Count,
  vcRaised: Fen,
  standards: Count,
} satisfies Record<IndicatorKey, z.ZodType>);
export type Indicators = z.infer<typeof IndicatorsSchema>;

/** Flags of a filing: veto, penalties and bonus items (DOMAIN.md §2). */
export const FilingFlagsSchema = z.strictObject({
  seriousDishonesty: z.boolean(),
  majorViolation: z.boolean(),
  ipInfringement: z.boolean(),
  nationalAward: z.boolean(),
  nationalPlatform: z.boolean(),
  standardsLed: Count,
});
export type FilingFlags = z.infer<typeof FilingFlagsSchema>;

/** An enterprise's filing for one year (the HTTP body of a filing). */
export const IndicatorFilingSchema = z.strictObject({
  year: Int.min(2000).max(2100),
  indicators: IndicatorsSchema,
  flags: FilingFlagsSchema,
});
export type IndicatorFiling = z.infer<typeof IndicatorFilingSchema>;

/**
 * The score what-if (DOMAIN.md §14), the body of `POST /v1/enterprises/:id/innovation-score/what-if`: a filed year
 * (default: the enterprise's latest) and the indicators to change (each with its filing constraints; the others keep
 * their filed values). Flags are not part of it: they are facts, not levers.
 */
export const ScoreWhatIfSchema = z.strictObject({
  year: Int.min(2000).max(2100).optional(),
  indicators: IndicatorsSchema.partial(),
});
export type ScoreWhatIf = z.infer<typeof ScoreWhatIfSchema>;

/** `enterprise.indicators_filed` v1: a later `filedAt` for the same enterprise and year replaces the earlier. */
export const IndicatorsFiledSchema = z.strictObject({
  enterpriseId: UsccSchema,
  filedAt: z.iso.datetime({ offset: true }),
  ...IndicatorFilingSchema.shape,
});
export type IndicatorsFiled = z.infer<typeof IndicatorsFiledSchema>;

export const indicatorsFiled = defineEvent({
  type: 'enterprise.indicators_filed',
  version: 1,
  topic: Topics.enterprise,
  schema: IndicatorsFiledSchema,
  key: (d) => d.enterpriseId,
});

/** A decimal string with exactly 2 decimals, ≥ 0 (e.g. "73.45"). */
const Decimal2 = z.string().regex(/^\d{1,3}\.\d{2}$/, 'expected a decimal with 2 places, e.g. "73.45"');
/** A share 0..1 with exactly 4 decimals (e.g. "0.3000"). */
const Percentile4 = z.string().regex(/^(0\.\d{4}|1\.0000)$/, 'expected a fraction 0..1 with 4 places');

/** One indicator's contribution: points = weight × percentile (shown rounded; the total uses exact values). */
export const BreakdownEntrySchema = z.strictObject({
  key: z.enum(INDICATOR_KEYS),
  value: Int,
  percentile: Percentile4,
  weight: Int.min(0),
  points: Decimal2,
});
export type BreakdownEntry = z.infer<typeof BreakdownEntrySchema>;

/**
 * `score.computed` v1. A vetoed enterprise (serious dishonesty) has `vetoReason`, no total, no grade,
 * no base and an empty breakdown. `total` is `totalHundredths / 100` with 2 decimals.
 */
export const ScoreComputedSchema = z
  .strictObject({
    enterpriseId: UsccSchema,
    year: Int.min(2000).max(2100),
    stage: StageSchema,
    vetoed: z.boolean(),
    vetoReason: z.string().min(1).max(200).optional(),
    total: Decimal2.nullable(),
    totalHundredths: Int.min(0).max(13_000).nullable(),
    grade: GradeSchema.nullable(),
    /** Base score (Σ weight × percentile, 0..100), rounded half-up to 2 decimals for display. */
    base: Decimal2.nullable(),
    bonus: Int.min(0),
    penalty: Int.min(0),
    /** N: the non-vetoed members of the (year, stage) cohort. */
    cohortSize: Count,
    revenueFen: Fen,
    breakdown: z.array(BreakdownEntrySchema),
    computedAt: z.iso.datetime({ offset: true }),
  })
  .superRefine((d, ctx) => {
    const scored = d.total !== null && d.totalHundredths !== null && d.grade !== null && d.base !== null;
    const unscored = d.total === null && d.totalHundredths === null && d.grade === null && d.base === null;
    if (d.vetoed ? !unscored || d.vetoReason === undefined : !scored || d.vetoReason !== undefined) {
      ctx.addIssue({
        code: 'custom',
        message: 'a vetoed score has vetoReason and null total/totalHundredths/grade/base; otherwise all are set',
      });
    }
    if (scored && d.total !== formatHundredths(d.totalHundredths ?? 0)) {
      ctx.addIssue({ code: 'custom', path: ['total'], message: 'total must equal totalHundredths / 100' });
    }
  });
export type ScoreComputed = z.infer<typeof ScoreComputedSchema>;

function formatHundredths(h: number): string {
  return `${Math.trunc(h / 100)}.${String(h % 100).padStart(2, '0')}`;
}

export const scoreComputed = defineEvent({
  type: 'score.computed',
  version: 1,
  topic: Topics.score,
  schema: ScoreComputedSchema,
  key: (d) => d.enterpriseId,
});

export const scoringEvents = [indicatorsFiled, scoreComputed] as const;
