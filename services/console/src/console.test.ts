import { AssessmentBody, AssessmentRequest } from '@techcredit/contracts';
import { assess } from '@techcredit/designation';
import { policyBook } from '@techcredit/policy';
import { loanEventsFromCsv, parseCsv, toCsv } from './csv';
import { fenToYuan, grouped, ungrouped } from './format';
import { dictionaries, setLang, t } from './i18n';
import { problemsByRow } from './pages/bank-check';
import { FIELD_NAMES, FIELDS } from './pages/designation';

describe('the i18n dictionary', () => {
  it('has every key in Chinese and English, none empty, and Chinese first', () => {
    const zh = Object.keys(dictionaries.zh).sort();
    expect(Object.keys(dictionaries.en).sort()).toEqual(zh);
    for (const l of ['zh', 'en'] as const) for (const k of zh) expect({ l, k, empty: dictionaries[l][k as keyof typeof dictionaries.zh].trim() === '' }).toEqual({ l, k, empty: false });
    expect(t('signIn')).toBe('登录');
    setLang('en');
    expect(t('pageOf', { from: 1, to: 20, total: 45 })).toBe('Rows 1–20 of 45');
    setLang('zh');
    expect(t('pageOf', { from: 1, to: 20, total: 45 })).toBe('第 1–20 条，共 45 条');
  });

  it('translates the visible strings (a Chinese string differs from its English one)', () => {
    const same = Object.keys(dictionaries.zh).filter((k) => dictionaries.zh[k as keyof typeof dictionaries.zh] === dictionaries.en[k as keyof typeof dictionaries.zh]);
    expect(same).toEqual([]);
  });
});

describe('figures are shown as the API gives them', () => {
  it('groups decimal strings by thousands without changing a digit', () => {
    expect(grouped('1789164000.00')).toBe('1,789,164,000.00');
    expect(grouped('-6484.59')).toBe('-6,484.59');
    expect(grouped('14.48')).toBe('14.48');
    expect(grouped(7880)).toBe('7,880');
    expect(grouped(null)).toBe('—');
    expect(grouped('n/a')).toBe('n/a');
    expect(ungrouped(grouped('6616.93'))).toBe('6616.93');
  });

  it('writes integer fen as yuan by string, exactly beyond 2^53 / 100', () => {
    expect([fenToYuan(22487756), fenToYuan(5), fenToYuan(0), fenToYuan(-105), fenToYuan(9007199254740991)]).toEqual(['224877.56', '0.05', '0.00', '-1.05', '90071992547409.91']);
    expect(fenToYuan(1.5)).toBe('—');
  });
});

describe('CSV', () => {
  it('round-trips quotes, commas and line breaks, with a BOM for spreadsheets', () => {
    const csv = toCsv(['名称', 'value'], [['甲, "乙"', '1'], ['two\nlines', null]]);
    expect(csv.startsWith('\uFEFF名称,value\r\n"甲, ""乙""",1\r\n')).toBe(true);
    expect(parseCsv(csv)).toEqual([['名称', 'value'], ['甲, "乙"', '1'], ['two\nlines', '']]);
  });

  it('turns a bank CSV into loan-event items: envelope columns, integer fen and bp, empty cells left out', () => {
    const text = [
      'id,type,occurredAt,loanId,bankId,enterpriseId,principalFen,rateBp,disbursedOn,maturityOn,guaranteeType,amountFen,repaidOn',
      '5f0c1a4e-0000-4000-8000-000000000001,loan.disbursed,2024-03-01T00:00:00Z,L1,B001,91650100MA7XXXXX0X,500000000,385,2024-03-01,2025-03-01,credit,,',
      '5f0c1a4e-0000-4000-8000-000000000002,loan.repaid,2024-06-01T00:00:00Z,L1,,,,,,,,12.5,2024-06-01',
      '',
    ].join('\n');
    expect(loanEventsFromCsv(text)).toEqual([
      {
        id: '5f0c1a4e-0000-4000-8000-000000000001',
        type: 'loan.disbursed',
        occurredAt: '2024-03-01T00:00:00Z',
        data: { loanId: 'L1', bankId: 'B001', enterpriseId: '91650100MA7XXXXX0X', principalFen: 500000000, rateBp: 385, disbursedOn: '2024-03-01', maturityOn: '2025-03-01', guaranteeType: 'credit' },
      },
      // "12.5" is not an integer: sent as the string it is, for the gateway to refuse by name.
      { id: '5f0c1a4e-0000-4000-8000-000000000002', type: 'loan.repaid', occurredAt: '2024-06-01T00:00:00Z', data: { loanId: 'L1', amountFen: '12.5', repaidOn: '2024-06-01' } },
    ]);
    expect(loanEventsFromCsv('')).toEqual([]);
  });

  it('places the check’s refusals on their rows (path past events.<index>), and a 422’s indexed issues', () => {
    const check = {
      status: 422,
      wouldAccept: false,
      refused: [
        { index: 1, reason: 'INVALID', errors: [{ path: ['events', 1, 'data', 'amountFen'], message: 'expected number' }] },
        { index: 2, reason: 'FOREIGN_BANK', errors: [{ path: ['events', 2, 'data', 'bankId'], message: 'loan.disbursed for another bank' }] },
      ],
    };
    expect(problemsByRow(check, 4)).toEqual([[], ['data.amountFen: expected number'], ['FOREIGN_BANK data.bankId: loan.disbursed for another bank'], []]);
    const problem = { errors: [{ index: 0, path: ['events', 0, 'type'], message: 'invalid' }, { path: ['events'], message: 'whole batch' }] };
    expect(problemsByRow(problem, 2)).toEqual([['type: invalid'], []]);
  });
});

describe('the designation self-assessment form', () => {
  const body = (d: 'TSME' | 'HTE') => ({ designation: d, year: 2026, input: Object.fromEntries(FIELDS[d].map((f) => [f.key, f.value])) });

  it('sends exactly the inputs of the contract (a strict AssessmentBody) for both designations', () => {
    for (const d of ['TSME', 'HTE'] as const) expect({ d, ok: AssessmentBody.safeParse(body(d)).success }).toEqual({ d, ok: true });
    // Every input is named in both languages, and nothing else is.
    const keys = [...new Set([...FIELDS.TSME, ...FIELDS.HTE].map((f) => f.key))].sort();
    expect(Object.keys(FIELD_NAMES).sort()).toEqual(keys);
    for (const k of keys) expect([FIELD_NAMES[k]!.zh.trim() !== '', FIELD_NAMES[k]!.en.trim() !== '', FIELD_NAMES[k]!.zh !== FIELD_NAMES[k]!.en]).toEqual([true, true, true]);
  });

  it('starts from figures that qualify, so an enterprise sees a passing example before entering its own', () => {
    const tsme = assess(AssessmentRequest.parse(body('TSME')), '2026-06-01', { hteHeld: false }, policyBook);
    expect([tsme.qualified, tsme.route, tsme.failed]).toEqual([true, 'scored', []]);
    const hte = assess(AssessmentRequest.parse(body('HTE')), '2026-06-01', { hteHeld: false }, policyBook);
    expect([hte.qualified, hte.failed]).toEqual([true, []]);
  });
});
