import { z } from 'zod';
import { Fen } from './common';
import { defineEvent, Topics } from './envelope';
import { BankIdSchema, DesignationCodeSchema, PrefectureCodeSchema } from './registry';

export const PRODUCT_KINDS = ['credit', 'ip_pledge', 'guarantee'] as const;
export type ProductKind = (typeof PRODUCT_KINDS)[number];

/** Scores are compared in hundredths, so a minimum score carries at most 2 decimals. */
const hasAtMost2Decimals = (x: number): boolean => Math.abs(x * 100 - Math.round(x * 100)) < 1e-6;

/**
 * A bank's credit product (DOMAIN.md §3): kind (`credit` 创新积分贷, `ip_pledge`, `guarantee`), minimum
 * score, eligible designations, optional prefectures (absent = the whole region), amount range in fen,
 * maximum term, annual rate in bp, whether a pledge is required, and whether it is active.
 */
export const CreditProductSchema = z
  .strictObject({
    productId: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/),
    bankId: BankIdSchema,
    name: z.string().min(1).max(200),
    kind: z.enum(PRODUCT_KINDS),
    minScore: z.number().min(0).max(130).refine(hasAtMost2Decimals, 'minScore has at most 2 decimals'),
    eligibleDesignations: z.array(DesignationCodeSchema).min(1),
    prefectures: z.array(PrefectureCodeSchema).min(1).optional(),
    minAmountFen: Fen,
    maxAmountFen: Fen,
    maxTermMonths: z.number().int().min(1).max(360),
    annualRateBp: z.number().int().min(0).max(10_000),
    requiresPledge: z.boolean(),
    active: z.boolean().default(true),
  })
  .refine((p) => p.maxAmountFen >= p.minAmountFen, {
    path: ['maxAmountFen'],
    message: 'maxAmountFen must be ≥ minAmountFen',
  });
/** A product as stored and matched (after defaults: `active` is always set). */
export type CreditProduct = z.output<typeof CreditProductSchema>;
/** A product as published (`active` may be omitted, default true). */
export type CreditProductInput = z.input<typeof CreditProductSchema>;

/** `product.published` v1: a bank publishes or replaces (same productId) a product. */
export const productPublished = defineEvent({
  type: 'product.published',
  version: 1,
  topic: Topics.product,
  schema: CreditProductSchema,
  key: (d) => d.productId,
});

export const productEvents = [productPublished] as const;
