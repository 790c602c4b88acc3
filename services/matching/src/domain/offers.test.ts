import { offersFor } from './offers';
import type { CreditProduct, LineRatioBp, MatchableEnterprise } from './types';

const K: LineRatioBp = { A: 3000, B: 2000, C: 1000, D: 0 };

function product(productId: string, over: Partial<CreditProduct> = {}): CreditProduct {
  return {
    productId,
    bankId: 'BANK1',
    name: productId,
    kind: 'credit',
    minScore: 60,
    eligibleDesignations: ['HTE'],
    minAmountFen: 0,
    maxAmountFen: 500_000_000,
    maxTermMonths: 12,
    annualRateBp: 400,
    requiresPledge: false,
    active: true,
    ...over,
  };
}

// Grade B (72.50), revenue 1000万元 = 1,000,000,000 fen → k 20% → revenue line 200,000,000 fen.
const ent: MatchableEnterprise = {
  enterpriseId: 'E1',
  prefecture: '6501',
  designationsValid: ['TSME', 'HTE'],
  score: { totalHundredths: 7250, grade: 'B', vetoed: false },
  revenueFen: 1_000_000_000,
};
const ids = (e: MatchableEnterprise, ps: CreditProduct[]) => offersFor(e, ps, K).map((o) => o.productId);

describe('offersFor', () => {
  it('ranks by rate ascending, then line descending, then product id (code-unit order)', () => {
    const ps = [
      product('P400-small', { annualRateBp: 400, maxAmountFen: 150_000_000 }), // line min(1.5e8, 2e8) = 1.5e8
      product('P400-big', { annualRateBp: 400 }), // line min(5e8, 2e8) = 2e8
      product('X2', { annualRateBp: 500 }), // line 2e8
      product('X10', { annualRateBp: 500 }), // line 2e8, tie → 'X10' < 'X2' by code units
      product('P350', { annualRateBp: 350, maxAmountFen: 50_000_000 }), // line 5e7, lowest rate first
    ];
    const offers = offersFor(ent, ps, K);
    expect(offers.map((o) => [o.productId, o.annualRateBp, o.lineFen])).toEqual([
      ['P350', 350, 50_000_000],
      ['P400-big', 400, 200_000_000],
      ['P400-small', 400, 150_000_000],
      ['X10', 500, 200_000_000],
      ['X2', 500, 200_000_000],
    ]);
    expect(offers[0]).toEqual({
      productId: 'P350',
      bankId: 'BANK1',
      name: 'P350',
      kind: 'credit',
      lineFen: 50_000_000,
      annualRateBp: 350,
      maxTermMonths: 12,
      requiresPledge: false,
    });
  });

  it('rounds the line down to the fen: 999,999,999 × 20% = 199,999,999.8 → 199,999,999', () => {
    const [o] = offersFor({ ...ent, revenueFen: 999_999_999 }, [product('P')], K);
    expect(o?.lineFen).toBe(199_999_999);
  });

  it('offers only when the line reaches the product minimum (equal is enough)', () => {
    const ps = [
      product('AT-MIN', { minAmountFen: 200_000_000 }), // line 2e8 = min → offered
      product('ABOVE-MIN', { minAmountFen: 200_000_001 }), // line 2e8 < min → not offered
    ];
    expect(ids(ent, ps)).toEqual(['AT-MIN']);
  });

  it('uses k by grade: A 30%, C 10%, and D 0 → never offered, even for a product with min 0', () => {
    const p = product('P', { minScore: 0, maxAmountFen: 10_000_000_000 });
    const as = (grade: 'A' | 'C' | 'D', h: number) => ({ ...ent, score: { totalHundredths: h, grade, vetoed: false } });
    expect(offersFor(as('A', 8000), [p], K)[0]?.lineFen).toBe(300_000_000);
    expect(offersFor(as('C', 5000), [p], K)[0]?.lineFen).toBe(100_000_000);
    expect(offersFor(as('D', 4999), [p], K)).toEqual([]);
  });

  it('requires score ≥ minScore, compared in hundredths (72.50 meets 72.5, not 72.51)', () => {
    expect(ids(ent, [product('EQ', { minScore: 72.5 }), product('UP', { minScore: 72.51 })])).toEqual(['EQ']);
  });

  it('requires one of the eligible designations', () => {
    expect(ids(ent, [product('SRDI', { eligibleDesignations: ['SRDI'] }), product('ANY', { eligibleDesignations: ['SRDI', 'TSME'] })])).toEqual(['ANY']);
  });

  it('filters by prefecture when the product lists prefectures', () => {
    const ps = [
      product('KARAMAY', { prefectures: ['6502'] }),
      product('URUMQI-KARAMAY', { prefectures: ['6501', '6502'] }),
      product('REGION'),
    ];
    expect(ids(ent, ps).sort()).toEqual(['REGION', 'URUMQI-KARAMAY']);
  });

  it('skips inactive products', () => {
    expect(ids(ent, [product('OFF', { active: false })])).toEqual([]);
  });

  it('never matches a vetoed or an unscored enterprise', () => {
    const p = product('P', { minScore: 0 });
    expect(offersFor({ ...ent, score: { totalHundredths: null, grade: null, vetoed: true } }, [p], K)).toEqual([]);
    expect(offersFor({ ...ent, score: null }, [p], K)).toEqual([]);
  });
});
