import { bankBatchRule } from '@techcredit/contracts';
import { checkItems } from './batch';

const bank = (bankId: string, relendingQuotaFen = 0) => ({ bankId, name: `${bankId} 银行`, relendingEligible: false, relendingQuotaFen });

describe('checkItems (a batch body as the 422 names it)', () => {
  it('passes the parsed items through', () => {
    expect(checkItems({ banks: [bank('B1'), bank('B2')] }, bankBatchRule)).toEqual({ ok: true, items: [bank('B1'), bank('B2')] });
  });

  it('gives each issue of an item `in: body` and its index; shape issues have no index', () => {
    expect(checkItems({ banks: [bank('B1'), bank('b 2', -1)] }, bankBatchRule)).toEqual({
      ok: false,
      invalidItems: [1],
      errors: [
        { in: 'body', index: 1, path: ['banks', 1, 'bankId'], message: expect.any(String), code: 'invalid_format' },
        { in: 'body', index: 1, path: ['banks', 1, 'relendingQuotaFen'], message: expect.any(String), code: 'too_small' },
      ],
    });
    expect(checkItems({ banks: 'all of them' }, bankBatchRule)).toEqual({
      ok: false,
      invalidItems: [],
      errors: [{ in: 'body', path: ['banks'], message: expect.any(String), code: 'invalid_type' }],
    });
  });
});
