import { Topics } from './envelope';
import { CreditProductSchema, productEvents, productPublished } from './products';

const product = {
  productId: 'KJD-2025_01',
  bankId: 'ICBC_XJ',
  name: '创新积分贷',
  kind: 'credit',
  minScore: 60,
  eligibleDesignations: ['HTE', 'TSME'],
  minAmountFen: 100_000_000,
  maxAmountFen: 1_000_000_000,
  maxTermMonths: 36,
  annualRateBp: 350,
  requiresPledge: false,
};
const ok = (x: unknown) => CreditProductSchema.safeParse(x).success;

describe('CreditProductSchema', () => {
  it('accepts a product and defaults active to true', () => {
    expect(CreditProductSchema.parse(product)).toEqual({ ...product, active: true });
    expect(CreditProductSchema.parse({ ...product, active: false }).active).toBe(false);
    expect(ok({ ...product, prefectures: ['6501', '6543'], minScore: 72.5, maxAmountFen: 100_000_000 })).toBe(true);
  });

  it.each([
    ['productId with a space', { productId: 'a b' }],
    ['productId of 65 characters', { productId: 'x'.repeat(65) }],
    ['unknown kind', { kind: 'mortgage' }],
    ['minScore above 130', { minScore: 130.01 }],
    ['minScore with 3 decimals', { minScore: 72.555 }],
    ['no designation', { eligibleDesignations: [] }],
    ['unknown designation', { eligibleDesignations: ['HTE', 'UNICORN'] }],
    ['unknown prefecture', { prefectures: ['6503'] }],
    ['empty prefecture list', { prefectures: [] }],
    ['max below min', { maxAmountFen: 99_999_999 }],
    ['fractional fen', { minAmountFen: 1.5 }],
    ['term 0', { maxTermMonths: 0 }],
    ['term 361', { maxTermMonths: 361 }],
    ['rate above 100%', { annualRateBp: 10_001 }],
    ['an unknown field', { teaser: true }],
  ])('rejects %s', (_name, over) => expect(ok({ ...product, ...over })).toBe(false));
});

describe('product.published', () => {
  it('is on the product topic, keyed by productId', () => {
    expect(productPublished).toMatchObject({ type: 'product.published', version: 1, topic: Topics.product });
    expect(productPublished.key(CreditProductSchema.parse(product))).toBe('KJD-2025_01');
    expect(productEvents).toEqual([productPublished]);
  });
});
