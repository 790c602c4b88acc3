import { computeLendingStats } from './report';
import { buildStatsInput, restrictToRegion, toStatsLoan } from './input';

const M = 1_000_000; // 1万元 in fen

const enterprises = [
  { enterpriseId: 'E2', prefecture: '6502', zone: null, cluster: 'oil_gas', designations: [{ code: 'HTE', validFrom: '2023-01-01', validTo: null }] },
  { enterpriseId: 'E1', prefecture: '6501', zone: 'urumqi', cluster: null, designations: [{ code: 'TSME', validFrom: '2023-01-01', validTo: '2024-06-30' }] },
];
// A folded loan carries more than the statistics read (rate, maturities, event ids): they are dropped.
const folded = (loanId: string, enterpriseId: string, principal: number, movements: [number, string][]) => ({
  loanId,
  bankId: 'B1',
  enterpriseId,
  principalFen: principal * M,
  rateBp: 350,
  disbursedOn: '2023-03-01',
  maturityOn: '2026-03-01',
  guaranteeType: 'credit' as const,
  movements: movements.map(([amount, on], i) => ({ kind: 'repaid' as const, amountFen: amount * M, on, eventId: `ev${i}` })),
});

describe('buildStatsInput', () => {
  it('keeps the fields the statistics read, sorted by id', () => {
    const input = buildStatsInput(enterprises, [folded('L2', 'E2', 50, []), folded('L1', 'E1', 100, [[30, '2024-01-31']])], [
      { date: '2024-12-31', balanceFen: 2 },
      { date: '2023-12-31', balanceFen: 1 },
    ]);
    expect(input.enterprises.map((e) => e.enterpriseId)).toEqual(['E1', 'E2']);
    expect(input.loans).toEqual([
      { loanId: 'L1', bankId: 'B1', enterpriseId: 'E1', principalFen: 100 * M, disbursedOn: '2023-03-01', guaranteeType: 'credit', movements: [{ kind: 'repaid', amountFen: 30 * M, on: '2024-01-31' }] },
      { loanId: 'L2', bankId: 'B1', enterpriseId: 'E2', principalFen: 50 * M, disbursedOn: '2023-03-01', guaranteeType: 'credit', movements: [] },
    ]);
    expect(input.totalLoans.map((t) => t.date)).toEqual(['2023-12-31', '2024-12-31']);
  });

  it('copies movements (the fold state is never shared)', () => {
    const f = folded('L1', 'E1', 100, [[30, '2024-01-31']]);
    const l = toStatsLoan(f);
    l.movements.push({ kind: 'repaid', amountFen: 1, on: '2024-02-01' });
    expect(f.movements).toHaveLength(1);
  });
});

describe('restrictToRegion', () => {
  const input = buildStatsInput(enterprises, [folded('L1', 'E1', 100, [[30, '2024-01-31']]), folded('L2', 'E2', 50, [])], [
    { date: '2023-12-31', balanceFen: 1000 * M },
    { date: '2024-12-31', balanceFen: 1100 * M },
  ]);

  it("'65' is the whole region", () => {
    expect(restrictToRegion(input, '65')).toBe(input);
  });

  it('a prefecture keeps its enterprises and their loans, and the region-wide totals', () => {
    const r = restrictToRegion(input, '6501');
    expect(r.enterprises.map((e) => e.enterpriseId)).toEqual(['E1']);
    expect(r.loans.map((l) => l.loanId)).toEqual(['L1']);
    expect(r.totalLoans).toEqual(input.totalLoans);
    // 2023-12-31: L1 100 (E1 TSME valid); 2024-12-31: E1's TSME ended 2024-06-30 → 0.
    const s = computeLendingStats(r, '2024-12-31');
    expect([s.balance.fen, s.balance.previousFen]).toEqual([0, 100 * M]);
    expect(s.balance.growth?.value).toBe('-100.00');
    expect(s.allLoans?.growth?.value).toBe('10.00'); // 1100/1000 − 1, region-wide
  });

  it('a prefecture without enterprises gives empty statistics', () => {
    const s = computeLendingStats(restrictToRegion(input, '6543'), '2024-12-31');
    expect([s.supportedEnterprises.value, s.balance.fen, s.balance.growth]).toEqual([0, 0, null]);
  });
});
