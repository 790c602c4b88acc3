/** Registry contracts: enterprises, their designations, banks (DOMAIN.md §1), on `Topics.registry`. */
import { z } from 'zod';
import { CLUSTER_IDS, DESIGNATION_CODES, PREFECTURE_CODES, ZONE_IDS, validateUscc } from '@techcredit/reference';
import { defineEvent, Topics } from './envelope';
import { Fen, IsoDate } from './common';

/** The shape `validateUscc` checks before the check character: the USCC alphabet, characters 3–8 digits. */
export const USCC_PATTERN = '^[0-9A-HJ-NP-RTUWXY]{2}[0-9]{6}[0-9A-HJ-NP-RTUWXY]{10}$';

/** The 18-character unified social credit code, check character verified (GB 32100-2015). */
export const UsccSchema = z
  .string()
  .length(18)
  .superRefine((code, ctx) => {
    const r = validateUscc(code);
    if (!r.ok) ctx.addIssue({ code: 'custom', message: `invalid unified social credit code (${r.reason}): ${r.message}` });
  })
  .meta({
    pattern: USCC_PATTERN,
    description: 'unified social credit code (统一社会信用代码, GB 32100-2015): 18 characters of the USCC alphabet, characters 3–8 the division code, the 18th the check character (verified)',
  });

export const PrefectureCodeSchema = z.enum(PREFECTURE_CODES);
export const ZoneIdSchema = z.enum(ZONE_IDS);
export const ClusterIdSchema = z.enum(CLUSTER_IDS);
export const DesignationCodeSchema = z.enum(DESIGNATION_CODES);

export const EnterpriseRegistration = z
  .object({
    enterpriseId: UsccSchema,
    name: z.string().trim().min(1).max(200),
    prefecture: PrefectureCodeSchema,
    zone: ZoneIdSchema.nullable(),
    cluster: ClusterIdSchema.nullable(),
    establishedOn: IsoDate,
  })
  .strict();
export type EnterpriseRegistration = z.infer<typeof EnterpriseRegistration>;

const designationGrantShape = {
  code: DesignationCodeSchema,
  validFrom: IsoDate,
  /** Inclusive; absent or null = open-ended. */
  validTo: IsoDate.nullable().optional(),
};
const validToNotBeforeFrom = (g: { validFrom: string; validTo?: string | null }) => g.validTo == null || g.validTo >= g.validFrom;
const validToMessage = { message: 'validTo must not be before validFrom', path: ['validTo'] };

export const DesignationGrant = z.object(designationGrantShape).strict().refine(validToNotBeforeFrom, validToMessage);
export type DesignationGrant = z.infer<typeof DesignationGrant>;

export const DesignationGranted = z
  .object({ enterpriseId: UsccSchema, ...designationGrantShape })
  .strict()
  .refine(validToNotBeforeFrom, validToMessage);
export type DesignationGranted = z.infer<typeof DesignationGranted>;

export const BankIdSchema = z.string().regex(/^[A-Z0-9_-]{2,32}$/);

export const BankRegistration = z
  .object({
    bankId: BankIdSchema,
    name: z.string().trim().min(1).max(200),
    relendingEligible: z.boolean(),
    relendingQuotaFen: Fen,
  })
  .strict();
export type BankRegistration = z.infer<typeof BankRegistration>;

export const EnterpriseRegisteredEvent = defineEvent({
  type: 'enterprise.registered',
  version: 1,
  topic: Topics.registry,
  schema: EnterpriseRegistration,
  key: (d) => d.enterpriseId,
});

export const DesignationGrantedEvent = defineEvent({
  type: 'enterprise.designation_granted',
  version: 1,
  topic: Topics.registry,
  schema: DesignationGranted,
  key: (d) => d.enterpriseId,
});

export const BankRegisteredEvent = defineEvent({
  type: 'bank.registered',
  version: 1,
  topic: Topics.registry,
  schema: BankRegistration,
  key: (d) => d.bankId,
});

export const registryEvents = [EnterpriseRegisteredEvent, DesignationGrantedEvent, BankRegisteredEvent] as const;
