import { makeUscc } from '@techcredit/reference';
import { bankBatchRule, checkBatch, checkLoanEvents, designationBatchRule, enterpriseBatchRule, MAX_BATCH_ITEMS } from './batch';

const E = (n: number) => makeUscc(700_000 + n);
const enterprise = (n: number) => ({ enterpriseId: E(n), name: `企业${n}`, prefecture: '6501', zone: null, cluster: null, establishedOn: '2018-01-01' });
const designation = (n: number, code = 'HTE', validFrom = '2023-01-01') => ({ enterpriseId: E(n), code, validFrom, validTo: null });
const bank = (id: string) => ({ bankId: id, name: `${id} 银行`, relendingEligible: true, relendingQuotaFen: 100 });

describe('checkBatch (registry rules)', () => {
  it('accepts 1..1000 valid items, parsed, in order', () => {
    const r = checkBatch({ enterprises: [enterprise(1), enterprise(2)] }, enterpriseBatchRule);
    expect(r).toEqual({ ok: true, items: [enterprise(1), enterprise(2)] });
    const full = Array.from({ length: MAX_BATCH_ITEMS }, (_, i) => enterprise(i));
    expect(checkBatch({ enterprises: full }, enterpriseBatchRule).ok).toBe(true);
  });

  it('names every invalid item by index with its zod issues, paths from the body root', () => {
    const wrongCheck = E(3).slice(0, 17) + (E(3).endsWith('0') ? '1' : '0');
    const r = checkBatch(
      { enterprises: [enterprise(1), { ...enterprise(2), prefecture: '9999', extra: 1 }, enterprise(4), { ...enterprise(3), enterpriseId: wrongCheck }] },
      enterpriseBatchRule,
    );
    if (r.ok) throw new Error('expected a refusal');
    expect(r.invalidItems).toEqual([1, 3]);
    expect(r.issues.map((i) => [i.index, i.path.join('.'), i.code])).toEqual([
      [1, 'enterprises.1.prefecture', 'invalid_value'],
      [1, 'enterprises.1.extra', 'unrecognized_keys'],
      [3, 'enterprises.3.enterpriseId', 'custom'],
    ]);
    expect(r.issues[2]!.message).toMatch(/CHECK_DIGIT/);
  });

  it('refuses an item identity twice in one batch, naming the earlier index', () => {
    const e = checkBatch({ enterprises: [enterprise(1), enterprise(2), { ...enterprise(1), name: 'again' }] }, enterpriseBatchRule);
    expect(e).toEqual({
      ok: false,
      invalidItems: [2],
      issues: [{ index: 2, path: ['enterprises', 2, 'enterpriseId'], message: 'duplicate enterpriseId (also at index 0)', code: 'duplicate_id' }],
    });
    const b = checkBatch({ banks: [bank('B001'), bank('B001')] }, bankBatchRule);
    expect(b).toMatchObject({ ok: false, invalidItems: [1], issues: [{ path: ['banks', 1, 'bankId'], code: 'duplicate_id' }] });
    // The same designation twice is refused; the same code from another date (a renewal) is not.
    expect(checkBatch({ designations: [designation(1), designation(1)] }, designationBatchRule)).toMatchObject({ ok: false, invalidItems: [1] });
    expect(checkBatch({ designations: [designation(1), designation(1, 'HTE', '2024-01-01'), designation(1, 'SRDI')] }, designationBatchRule).ok).toBe(true);
  });

  it('designations carry their enterprise and keep the single route’s rules (validTo ≥ validFrom)', () => {
    const r = checkBatch({ designations: [{ code: 'HTE', validFrom: '2023-01-01' }, { ...designation(2), validTo: '2022-01-01' }] }, designationBatchRule);
    if (r.ok) throw new Error('expected a refusal');
    expect(r.issues.map((i) => [i.index, i.path.join('.'), i.code])).toEqual([
      [0, 'designations.0.enterpriseId', 'invalid_type'],
      [1, 'designations.1.validTo', 'custom'],
    ]);
  });

  it('checks the shape: the one array field, 1..1000 items, nothing else (no index)', () => {
    const shape = (body: unknown) => {
      const r = checkBatch(body, bankBatchRule);
      return r.ok ? r : { invalidItems: r.invalidItems, issues: r.issues.map((i) => [i.path.join('.'), i.code, i.index]) };
    };
    expect(shape({ banks: [] })).toEqual({ invalidItems: [], issues: [['banks', 'too_small', undefined]] });
    expect(shape({ enterprises: [enterprise(1)] })).toEqual({
      invalidItems: [],
      issues: [
        ['banks', 'invalid_type', undefined],
        ['enterprises', 'unrecognized_keys', undefined],
      ],
    });
    expect(shape(null)).toEqual({ invalidItems: [], issues: [['', 'invalid_type', undefined]] });
    const many = Array.from({ length: MAX_BATCH_ITEMS + 1 }, (_, i) => bank(`B${i}`));
    expect(shape({ banks: many })).toEqual({ invalidItems: [], issues: [['banks', 'too_big', undefined]] });
  });
});

describe('checkLoanEvents (the HTTP and the Kafka intake of a bank)', () => {
  const disbursed = (n: number, bankId: string) => ({
    id: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
    type: 'loan.disbursed',
    occurredAt: '2024-03-01T08:00:00Z',
    data: { loanId: `L${n}`, bankId, enterpriseId: E(n), principalFen: 1_000, rateBp: 345, disbursedOn: '2024-03-01', maturityOn: '2025-03-01', guaranteeType: 'credit' },
  });

  it('invalid items first, then disbursements of another bank', () => {
    expect(checkLoanEvents({ events: [disbursed(1, 'B001'), disbursed(2, 'B002')] }, 'B001')).toEqual({ ok: false, reason: 'FOREIGN_BANK', items: [1] });
    expect(checkLoanEvents({ events: [disbursed(1, 'B002'), { ...disbursed(2, 'B001'), occurredAt: 'now' }] }, 'B001')).toMatchObject({
      ok: false,
      reason: 'INVALID',
      invalidItems: [1],
    });
    expect(checkLoanEvents({ events: [disbursed(1, 'B001')] }, 'B001')).toMatchObject({ ok: true, items: [{ type: 'loan.disbursed' }] });
  });
});
