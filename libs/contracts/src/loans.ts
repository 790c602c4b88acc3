/**
 * Loan and IP-pledge events (DOMAIN.md §4–7) on `Topics.loan`, version 1. Every event is keyed by its
 * loanId (pledge events too), so all events of one loan stay ordered within one partition.
 */
import { z } from 'zod';
import { Bp, IsoDate } from './common';
import { defineEvent, Topics, type EventDef } from './envelope';
import { BankIdSchema } from './registry';

/** A loan or pledge id chosen by the bank: 1..64 of `A-Z a-z 0-9 _ . : -`. Bank ids are the registry's. */
export const LoanIdSchema = z.string().regex(/^[A-Za-z0-9_.:-]{1,64}$/, 'expected 1..64 of A-Za-z0-9_.:-');
export const PledgeIdSchema = LoanIdSchema;
/** 18 characters of the USCC alphabet; the check character is verified by the gateway/registry (§1). */
export const LoanEnterpriseIdSchema = z.string().regex(/^[0-9A-HJ-NP-RT-UW-Y]{18}$/, 'expected an 18-character credit code');
/** A strictly positive amount in fen. */
export const PositiveFen = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);
const NonNegFen = z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER);

export const GUARANTEE_TYPES = ['credit', 'ip_pledge', 'guarantee', 'collateral'] as const;
export const GuaranteeTypeSchema = z.enum(GUARANTEE_TYPES);
export type GuaranteeType = z.infer<typeof GuaranteeTypeSchema>;

/** IP asset kinds (§4); the pledge-rate cap policy has one bp value per kind. */
export const PLEDGE_ASSET_KINDS = [
  'invention_patent',
  'utility_model',
  'design_patent',
  'trademark',
  'copyright',
  'software_copyright',
] as const;
export const PledgeAssetKindSchema = z.enum(PLEDGE_ASSET_KINDS);
export type PledgeAssetKind = z.infer<typeof PledgeAssetKindSchema>;

/** `loan.disbursed`: maturityOn must be after disbursedOn. */
export const LoanDisbursedSchema = z
  .strictObject({
    loanId: LoanIdSchema,
    bankId: BankIdSchema,
    enterpriseId: LoanEnterpriseIdSchema,
    principalFen: PositiveFen,
    rateBp: Bp.min(0).max(10_000),
    disbursedOn: IsoDate,
    maturityOn: IsoDate,
    guaranteeType: GuaranteeTypeSchema,
  })
  .refine((d) => d.maturityOn > d.disbursedOn, { path: ['maturityOn'], message: 'maturityOn must be after disbursedOn' });
export type LoanDisbursedV1 = z.infer<typeof LoanDisbursedSchema>;

/** A bank's product id (contracts `CreditProductSchema.productId`). */
export const LoanProductIdSchema = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'expected 1..64 of A-Za-z0-9_-');

/**
 * `loan.disbursed` version 2 (DOMAIN.md §11): version 1 plus an optional `productId`, the bank's own product the
 * loan was made under (a loan under a `credit` product with minScore > 0 is an innovation-points loan). Version 1
 * events stay valid everywhere; a v2 without productId means what a v1 means.
 */
export const LoanDisbursedV2Schema = z
  .strictObject({ ...LoanDisbursedSchema.shape, productId: LoanProductIdSchema.optional() })
  .refine((d) => d.maturityOn > d.disbursedOn, { path: ['maturityOn'], message: 'maturityOn must be after disbursedOn' });
/** A disbursement of either version (v1 has no productId). */
export type LoanDisbursed = z.infer<typeof LoanDisbursedV2Schema>;

export const LoanRepaidSchema = z.strictObject({ loanId: LoanIdSchema, amountFen: PositiveFen, repaidOn: IsoDate });
export type LoanRepaid = z.infer<typeof LoanRepaidSchema>;

export const LoanWrittenOffSchema = z.strictObject({ loanId: LoanIdSchema, amountFen: PositiveFen, writtenOffOn: IsoDate });
export type LoanWrittenOff = z.infer<typeof LoanWrittenOffSchema>;

/** `loan.extended`: the new maturity date, agreed on `extendedOn`. */
export const LoanExtendedSchema = z.strictObject({ loanId: LoanIdSchema, maturityOn: IsoDate, extendedOn: IsoDate });
export type LoanExtended = z.infer<typeof LoanExtendedSchema>;

export const PledgeAssetSchema = z.strictObject({
  kind: PledgeAssetKindSchema,
  registrationNo: z.string().min(1).max(64),
  appraisedValueFen: PositiveFen,
  expiresOn: IsoDate,
});
export type PledgeAsset = z.infer<typeof PledgeAssetSchema>;

/** `pledge.registered`: 1..50 assets, no asset (kind + registrationNo) listed twice. */
export const PledgeRegisteredSchema = z.strictObject({
  pledgeId: PledgeIdSchema,
  loanId: LoanIdSchema,
  assets: z
    .array(PledgeAssetSchema)
    .min(1)
    .max(50)
    .refine((as) => new Set(as.map((a) => `${a.kind}|${a.registrationNo}`)).size === as.length, 'an asset is listed twice'),
  cnipaRegistrationNo: z.string().min(1).max(64),
  registeredOn: IsoDate,
  appraisalFeeFen: NonNegFen,
  insurancePremiumFen: NonNegFen,
});
export type PledgeRegistered = z.infer<typeof PledgeRegisteredSchema>;

/** `pledge.released`: carries loanId so it partitions with its loan. */
export const PledgeReleasedSchema = z.strictObject({ pledgeId: PledgeIdSchema, loanId: LoanIdSchema, releasedOn: IsoDate });
export type PledgeReleased = z.infer<typeof PledgeReleasedSchema>;

const byLoan = (d: { loanId: string }): string => d.loanId;
export const loanDisbursed = defineEvent({ type: 'loan.disbursed', version: 1, topic: Topics.loan, schema: LoanDisbursedSchema, key: byLoan });
export const loanDisbursedV2 = defineEvent({ type: 'loan.disbursed', version: 2, topic: Topics.loan, schema: LoanDisbursedV2Schema, key: byLoan });
export const loanRepaid = defineEvent({ type: 'loan.repaid', version: 1, topic: Topics.loan, schema: LoanRepaidSchema, key: byLoan });
export const loanWrittenOff = defineEvent({ type: 'loan.written_off', version: 1, topic: Topics.loan, schema: LoanWrittenOffSchema, key: byLoan });
export const loanExtended = defineEvent({ type: 'loan.extended', version: 1, topic: Topics.loan, schema: LoanExtendedSchema, key: byLoan });
export const pledgeRegistered = defineEvent({ type: 'pledge.registered', version: 1, topic: Topics.loan, schema: PledgeRegisteredSchema, key: byLoan });
export const pledgeReleased = defineEvent({ type: 'pledge.released', version: 1, topic: Topics.loan, schema: PledgeReleasedSchema, key: byLoan });

/** Every loan-topic event definition, both versions of `loan.disbursed` (consumers accept both). */
export const loanEvents = [loanDisbursed, loanDisbursedV2, loanRepaid, loanWrittenOff, loanExtended, pledgeRegistered, pledgeReleased] as const;
export const LOAN_EVENT_TYPES = [...new Set(loanEvents.map((e) => e.type))] as LoanEventType[];

const latestLoanDefs = new Map<string, EventDef>([loanDisbursed, loanRepaid, loanWrittenOff, loanExtended, pledgeRegistered, pledgeReleased].map((d) => [d.type, d]));

/**
 * The definition an intake item is published with: `loan.disbursed` with a productId is version 2, without
 * one version 1 (so a v1 producer's events are unchanged); every other type its one version.
 */
export function loanEventDef(item: { type: LoanEventType; data: unknown }): EventDef {
  if (item.type === 'loan.disbursed' && typeof (item.data as { productId?: unknown }).productId === 'string') return loanDisbursedV2;
  const def = latestLoanDefs.get(item.type);
  if (!def) throw new RangeError(`no loan event ${item.type}`);
  return def;
}

/** One item of an HTTP intake batch of `type` (loan events, insurance events): id, type, occurredAt, data. */
export const intakeItem = <T extends string, S extends z.ZodType>(type: T, data: S) =>
  z.strictObject({ id: z.uuid(), type: z.literal(type), occurredAt: z.iso.datetime({ offset: true }), data });
const item = intakeItem;

/** One event of a bank's HTTP intake batch: the envelope fields the bank chooses (id is its idempotency key). */
export const LoanEventItemSchema = z.discriminatedUnion('type', [
  item('loan.disbursed', LoanDisbursedV2Schema),
  item('loan.repaid', LoanRepaidSchema),
  item('loan.written_off', LoanWrittenOffSchema),
  item('loan.extended', LoanExtendedSchema),
  item('pledge.registered', PledgeRegisteredSchema),
  item('pledge.released', PledgeReleasedSchema),
]);
export type LoanEventItem = z.infer<typeof LoanEventItemSchema>;
export type LoanEventType = LoanEventItem['type'];

/** `POST /v1/loan-events` body: 1..1000 items. */
export const LoanEventBatchSchema = z.strictObject({ events: z.array(LoanEventItemSchema).min(1).max(1000) });
export type LoanEventBatch = z.infer<typeof LoanEventBatchSchema>;

/** A loan-topic event with its type and data (an envelope or an intake item both fit). */
export type LoanEventLike = LoanEventItem extends infer I
  ? I extends LoanEventItem
    ? { id: string; type: I['type']; data: I['data'] }
    : never
  : never;
