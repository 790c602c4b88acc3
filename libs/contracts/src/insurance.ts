/**
 * Tech-insurance and outside-investment contracts (DOMAIN.md §10, §11) on `Topics.insurance`: insurers (registered
 * by admins, keyed by insurerId), policies bound and cancelled by insurers (keyed by policyId, so one policy's
 * events stay ordered), and investments recorded by admins (keyed by investmentId).
 */
import { z } from 'zod';
import { INSURANCE_KIND_CODES, INVESTOR_KINDS } from '@techcredit/reference';
import { IsoDate } from './common';
import { defineEvent, Topics } from './envelope';
import { PositiveFen, intakeItem } from './loans';
import { UsccSchema, BankIdSchema } from './registry';
import { batchSchema, type BatchRule } from './batch';

const NonNegFen = z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER);

/** An insurer id: as a bank id, 2..32 of `A-Z 0-9 _ -`. */
export const InsurerIdSchema = BankIdSchema;
/** A policy or investment id chosen by its author: 1..64 of `A-Z a-z 0-9 _ . : -`. */
export const PolicyIdSchema = z.string().regex(/^[A-Za-z0-9_.:-]{1,64}$/, 'expected 1..64 of A-Za-z0-9_.:-');
export const InvestmentIdSchema = PolicyIdSchema;
export const InsuranceKindSchema = z.enum(INSURANCE_KIND_CODES);
export const InvestorKindSchema = z.enum(INVESTOR_KINDS);

/** `insurer.registered` and `POST /v1/insurers`. */
export const InsurerRegistration = z.strictObject({ insurerId: InsurerIdSchema, name: z.string().trim().min(1).max(200) });
export type InsurerRegistration = z.infer<typeof InsurerRegistration>;

/** `insurance.policy_bound`: the insurer's own policy (insurerId is the poster's, checked at the intake). */
export const PolicyBoundSchema = z
  .strictObject({
    policyId: PolicyIdSchema,
    insurerId: InsurerIdSchema,
    enterpriseId: UsccSchema,
    kind: InsuranceKindSchema,
    premiumFen: PositiveFen,
    coverageFen: PositiveFen,
    boundOn: IsoDate,
    expiresOn: IsoDate,
  })
  .refine((p) => p.expiresOn > p.boundOn, { path: ['expiresOn'], message: 'expiresOn must be after boundOn' });
export type PolicyBound = z.infer<typeof PolicyBoundSchema>;

/** `insurance.policy_cancelled`: the refund reduces the subsidised premium (§10). */
export const PolicyCancelledSchema = z.strictObject({ policyId: PolicyIdSchema, cancelledOn: IsoDate, refundFen: NonNegFen });
export type PolicyCancelled = z.infer<typeof PolicyCancelledSchema>;

/** `investment.recorded` and `POST /v1/investments` (admin): an outside equity investment (§11). */
export const InvestmentRecordedSchema = z.strictObject({
  investmentId: InvestmentIdSchema,
  enterpriseId: UsccSchema,
  investorName: z.string().trim().min(1).max(200),
  investorKind: InvestorKindSchema,
  amountFen: PositiveFen,
  closedOn: IsoDate,
});
export type InvestmentRecorded = z.infer<typeof InvestmentRecordedSchema>;

export const insurerRegistered = defineEvent({ type: 'insurer.registered', version: 1, topic: Topics.insurance, schema: InsurerRegistration, key: (d) => d.insurerId });
export const policyBound = defineEvent({ type: 'insurance.policy_bound', version: 1, topic: Topics.insurance, schema: PolicyBoundSchema, key: (d) => d.policyId });
export const policyCancelled = defineEvent({ type: 'insurance.policy_cancelled', version: 1, topic: Topics.insurance, schema: PolicyCancelledSchema, key: (d) => d.policyId });
export const investmentRecorded = defineEvent({ type: 'investment.recorded', version: 1, topic: Topics.insurance, schema: InvestmentRecordedSchema, key: (d) => d.investmentId });

export const insuranceEvents = [insurerRegistered, policyBound, policyCancelled, investmentRecorded] as const;

/** One event of an insurer's batch (`POST /v1/insurance-events`). */
export const InsuranceEventItemSchema = z.discriminatedUnion('type', [intakeItem('insurance.policy_bound', PolicyBoundSchema), intakeItem('insurance.policy_cancelled', PolicyCancelledSchema)]);
export type InsuranceEventItem = z.infer<typeof InsuranceEventItemSchema>;

export const insuranceEventBatchRule: BatchRule<InsuranceEventItem> = {
  field: 'events',
  item: InsuranceEventItemSchema,
  identity: { name: 'event id', path: ['id'], of: (e) => e.id },
};
/** `POST /v1/insurance-events` body: 1..1000 items. */
export const InsuranceEventBatchSchema = batchSchema('events', InsuranceEventItemSchema);

/** The definition an insurer's item is published with. */
export function insuranceEventDef(item: InsuranceEventItem) {
  return item.type === 'insurance.policy_bound' ? policyBound : policyCancelled;
}
