import { makeUscc } from '@techcredit/reference';
import { checkLoanBatch, dryRunLoanBatch } from './loan-batch';

const E1 = makeUscc(1);
const uuid = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const disbursed = (n: number, bankId = 'B001', enterpriseId = E1) => ({
  id: uuid(n),
  type: 'loan.disbursed',
  occurredAt: '2024-03-01T08:00:00Z',
  data: {
    loanId: `L${n}`,
    bankId,
    enterpriseId,
    principalFen: 500_000_000,
    rateBp: 345,
    disbursedOn: '2024-03-01',
    maturityOn: '2025-03-01',
    guaranteeType: 'credit',
  },
});
const repaid = (n: number, loanId: string) => ({
  id: uuid(n),
  type: 'loan.repaid',
  occurredAt: '2024-06-01T08:00:00+08:00',
  data: { loanId, amountFen: 100, repaidOn: '2024-06-01' },
});

describe('checkLoanBatch', () => {
  it('accepts a valid batch of the bank’s own events, in order', () => {
    const r = checkLoanBatch({ events: [disbursed(1), repaid(2, 'L1')] }, 'B001');
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.items.map((i) => i.type)).toEqual(['loan.disbursed', 'loan.repaid']);
  });

  it('names each invalid item by index with its issues, and nothing else', () => {
    const badAmount = { ...repaid(3, 'L1'), data: { loanId: 'L1', amountFen: 0, repiadOn: '2024-06-01' } };
    const unknownType = { ...repaid(4, 'L1'), type: 'loan.forgiven' };
    const r = checkLoanBatch({ events: [disbursed(1), badAmount, repaid(2, 'L1'), unknownType] }, 'B001');
    expect(r.ok).toBe(false);
    if (r.ok || r.reason !== 'INVALID') throw new Error('expected INVALID');
    expect(r.invalidItems).toEqual([1, 3]);
    const byIndex = (i: number) => r.errors.filter((e) => e.path[1] === i).map((e) => [e.path.slice(2).join('.'), e.code]);
    expect(byIndex(1)).toEqual([
      ['data.amountFen', 'too_small'],
      ['data.repaidOn', 'invalid_type'],
      ['data.repiadOn', 'unrecognized_keys'],
    ]);
    expect(byIndex(3)).toEqual([['type', 'invalid_union']]);
    expect(r.errors.every((e) => e.in === 'body' && e.path[0] === 'events')).toBe(true);
    expect(r.errors.map((e) => (e as { index?: number }).index)).toEqual([1, 1, 1, 3]);
  });

  it('verifies the borrower’s credit-code check character (DOMAIN.md §1)', () => {
    const wrongCheck = E1.slice(0, 17) + (E1.endsWith('0') ? '1' : '0');
    const r = checkLoanBatch({ events: [disbursed(1, 'B001', wrongCheck)] }, 'B001');
    expect(r).toMatchObject({ ok: false, reason: 'INVALID', invalidItems: [0] });
    if (!r.ok && r.reason === 'INVALID') {
      expect(r.errors[0]).toMatchObject({ path: ['events', 0, 'data', 'enterpriseId'], code: 'custom' });
      expect(r.errors[0]!.message).toMatch(/CHECK_DIGIT/);
    }
  });

  it('refuses an event id used twice in one batch, naming the later item', () => {
    const r = checkLoanBatch({ events: [disbursed(1), { ...repaid(1, 'L1') }] }, 'B001');
    expect(r).toMatchObject({ ok: false, reason: 'INVALID', invalidItems: [1] });
    if (!r.ok && r.reason === 'INVALID') expect(r.errors[0]).toMatchObject({ path: ['events', 1, 'id'], message: 'duplicate event id (also at index 0)' });
  });

  it('refuses a loan.disbursed of another bank (after validation), listing the items', () => {
    expect(checkLoanBatch({ events: [disbursed(1), disbursed(2, 'B002'), repaid(3, 'L9'), disbursed(4, 'B003')] }, 'B001')).toEqual({
      ok: false,
      reason: 'FOREIGN_BANK',
      items: [1, 3],
    });
    // An invalid item anywhere wins: 422 before 403.
    const invalid = { ...repaid(5, 'L1'), occurredAt: 'yesterday' };
    expect(checkLoanBatch({ events: [disbursed(2, 'B002'), invalid] }, 'B001')).toMatchObject({ reason: 'INVALID', invalidItems: [1] });
  });

  it('checks the batch shape: 1..1000 events, no other fields', () => {
    const codes = (body: unknown) => {
      const r = checkLoanBatch(body, 'B001');
      return r.ok || r.reason !== 'INVALID' ? r : r.errors.map((e) => [e.path.join('.'), e.code]);
    };
    expect(codes({ events: [] })).toEqual([['events', 'too_small']]);
    expect(codes({})).toEqual([['events', 'invalid_type']]);
    expect(codes({ events: [disbursed(1)], bankId: 'B001' })).toEqual([['bankId', 'unrecognized_keys']]);
    expect(codes([disbursed(1)])).toEqual([['', 'invalid_type']]);
    const thousand = Array.from({ length: 1000 }, (_, i) => repaid(i + 1, 'L1'));
    expect(checkLoanBatch({ events: thousand }, 'B001').ok).toBe(true);
    expect(codes({ events: [...thousand, repaid(1001, 'L1')] })).toEqual([['events', 'too_big']]);
  });
});

describe('dryRunLoanBatch (POST /v1/loan-events/check)', () => {
  it('would accept a valid batch of the bank’s own events: 202, nothing refused', () => {
    expect(dryRunLoanBatch({ events: [disbursed(1), repaid(2, 'L1')] }, 'B001')).toEqual({
      ok: true,
      report: { status: 202, wouldAccept: true, items: 2, acceptable: 2, invalidItems: [], foreignItems: [], refused: [] },
    });
  });

  it('names every row the real route would refuse: invalid rows with their issues (422) and, among the valid, another bank’s disbursement', () => {
    const badAmount = { ...repaid(3, 'L1'), data: { loanId: 'L1', amountFen: 0, repaidOn: '2024-06-01' } };
    const body = { events: [disbursed(1), badAmount, disbursed(4, 'B002'), repaid(5, 'L1'), { ...repaid(6, 'L1'), id: uuid(5) }] };
    const r = dryRunLoanBatch(body, 'B001');
    if (!r.ok) throw new Error('expected a report');
    expect([r.report.status, r.report.wouldAccept, r.report.items, r.report.acceptable, r.report.invalidItems, r.report.foreignItems]).toEqual([422, false, 5, 2, [1, 4], [2]]);
    expect(r.report.refused.map((x) => [x.index, x.reason, x.errors.map((e) => [e.path.join('.'), e.code])])).toEqual([
      [1, 'INVALID', [['events.1.data.amountFen', 'too_small']]],
      [2, 'FOREIGN_BANK', [['events.2.data.bankId', 'foreign_bank']]],
      [4, 'INVALID', [['events.4.id', 'duplicate_id']]],
    ]);
    // The real route's own check on the same body: the same invalid rows (and it stops there, 422).
    const real = checkLoanBatch(body, 'B001');
    expect(!real.ok && real.reason === 'INVALID' && real.invalidItems).toEqual([1, 4]);
  });

  it('answers 403 when every row is valid but one is another bank’s disbursement', () => {
    const r = dryRunLoanBatch({ events: [disbursed(1, 'B002'), repaid(2, 'L1')] }, 'B001');
    expect(r.ok && [r.report.status, r.report.foreignItems, r.report.acceptable]).toEqual([403, [0], 1]);
  });

  it('is not a report when the body is not a batch (no events array, 0 or over 1,000 items): the 422 of the real route', () => {
    for (const body of [{}, { events: [] }, { events: Array.from({ length: 1001 }, (_, i) => repaid(i + 1, 'L1')) }, null, 5]) {
      const r = dryRunLoanBatch(body, 'B001');
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.errors.length).toBeGreaterThan(0);
    }
  });
});
