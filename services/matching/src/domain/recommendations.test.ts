import { recommendationsFor } from './recommendations';
import type { CreditProduct, EnterpriseScore, MatchableEnterprise } from './types';

function product(productId: string, over: Partial<CreditProduct> = {}): CreditProduct {
  return {
    productId,
    bankId: 'BANK1',
    name: productId,
    kind: 'credit',
    minScore: 60,
    eligibleDesignations: ['HTE', 'SRDI'],
    minAmountFen: 0,
    maxAmountFen: 500_000_000,
    maxTermMonths: 12,
    annualRateBp: 400,
    requiresPledge: false,
    active: true,
    ...over,
  };
}

const scored = (h: number, grade: EnterpriseScore['grade']): EnterpriseScore => ({ totalHundredths: h, grade, vetoed: false });
const ent = (enterpriseId: string, score: EnterpriseScore | null, over: Partial<MatchableEnterprise> = {}): MatchableEnterprise => ({
  enterpriseId,
  prefecture: '6501',
  designationsValid: ['HTE'],
  score,
  revenueFen: 1_000_000_000,
  ...over,
});

const products = [
  product('B1-GENERAL'),
  product('B1-HIGH', { minScore: 80 }),
  product('B1-OFF', { active: false, minScore: 0 }),
  product('B2-LOW', { bankId: 'BANK2', minScore: 0 }),
];

describe('recommendationsFor', () => {
  const loans: Record<string, boolean | 'unknown'> = { E2: true, E3: false, E1: 'unknown' };
  const hasLoan = (id: string) => loans[id] ?? 'unknown';

  it('lists enterprises eligible for the bank’s products by score descending, then id, with first-loan flags', () => {
    const list = recommendationsFor(
      'BANK1',
      products,
      [
        ent('E3', scored(7250, 'B')),
        ent('E2', scored(8500, 'A')),
        ent('E1', scored(7250, 'B')), // same score as E3 → by id: E1 before E3
        ent('E4', { totalHundredths: null, grade: null, vetoed: true }), // vetoed: never listed
        ent('E5', scored(9000, 'A'), { designationsValid: ['TSME'] }), // no eligible designation
        ent('E6', scored(5500, 'C')), // only BANK2's and inactive products would accept 55.00
        ent('E7', null), // no score yet
      ],
      hasLoan,
    );
    expect(list).toEqual([
      { enterpriseId: 'E2', totalHundredths: 8500, grade: 'A', eligibleProductIds: ['B1-GENERAL', 'B1-HIGH'], firstLoanCandidate: false },
      { enterpriseId: 'E1', totalHundredths: 7250, grade: 'B', eligibleProductIds: ['B1-GENERAL'], firstLoanCandidate: null },
      { enterpriseId: 'E3', totalHundredths: 7250, grade: 'B', eligibleProductIds: ['B1-GENERAL'], firstLoanCandidate: true },
    ]);
  });

  it('uses §3 eligibility without the line condition: a grade D enterprise is listed for a minScore 0 product', () => {
    const list = recommendationsFor('BANK2', products, [ent('D1', scored(3000, 'D'))], () => false);
    expect(list).toEqual([
      { enterpriseId: 'D1', totalHundredths: 3000, grade: 'D', eligibleProductIds: ['B2-LOW'], firstLoanCandidate: true },
    ]);
  });

  it('is empty for a bank without active products', () => {
    expect(recommendationsFor('BANK3', products, [ent('E1', scored(9000, 'A'))], () => false)).toEqual([]);
  });
});
