import { addDays } from '@techcredit/money';
import { LendingAggregate } from './aggregate';
import { enterpriseContribution } from './contribution';
import { computeLendingStats } from './report';
import { groupBy } from './slices';
import type { StatsEnterprise, StatsInput, StatsLoan } from './types';
import { classifyLoans, firstLoan, isInnovationPointsLoan, isInvestmentLinked, linkedInvestmentFen, type ProductTerms, type StatsInvestment } from './instruments';

const E = '91650100MA77XYW12K';
const window180 = (): number => 180;
const inv = (investmentId: string, closedOn: string, amountFen: number, enterpriseId = E): StatsInvestment => ({ investmentId, enterpriseId, amountFen, closedOn });

describe('§11 classifications', () => {
  const loan = { enterpriseId: E, disbursedOn: '2024-03-01' };

  it('an investment on day 180 after the disbursement links the loan, on day 181 it does not (before: the same)', () => {
    expect(addDays('2024-03-01', 180)).toBe('2024-08-28');
    expect(isInvestmentLinked(loan, [inv('I1', '2024-08-28', 1)], window180)).toBe(true);
    expect(isInvestmentLinked(loan, [inv('I1', '2024-08-29', 1)], window180)).toBe(false);
    expect(isInvestmentLinked(loan, [inv('I1', addDays('2024-03-01', -180), 1)], window180)).toBe(true);
    expect(isInvestmentLinked(loan, [inv('I1', addDays('2024-03-01', -181), 1)], window180)).toBe(false);
    expect(isInvestmentLinked(loan, [inv('I1', '2024-03-01', 1, '91650100MA77XYW12X')], window180)).toBe(false); // another enterprise
    expect(isInvestmentLinked(loan, [inv('I1', '2024-03-01', 1)], () => undefined)).toBe(false); // no policy in force
  });

  it('the linked investment amount sums the distinct investments in the window', () => {
    const xs = [inv('I1', '2024-01-01', 300), inv('I2', '2024-06-01', 500), inv('I2', '2024-06-01', 500), inv('I3', '2025-06-01', 900)];
    expect(linkedInvestmentFen(loan, xs, window180)).toBe(800);
    expect(linkedInvestmentFen(loan, xs, () => 30)).toBe(0);
  });

  it('an innovation-points loan is one under a credit product with minScore > 0', () => {
    expect(isInnovationPointsLoan({ bankId: 'B1', kind: 'credit', minScore: 60 })).toBe(true);
    expect(isInnovationPointsLoan({ bankId: 'B1', kind: 'credit', minScore: 0 })).toBe(false);
    expect(isInnovationPointsLoan({ bankId: 'B1', kind: 'ip_pledge', minScore: 60 })).toBe(false);
    expect(isInnovationPointsLoan(undefined)).toBe(false);
  });

  it('a first loan repaid and a second loan later: only the first is a first loan', () => {
    const loans = [
      { loanId: 'L2', disbursedOn: '2024-05-01' }, // after L1 was repaid in full
      { loanId: 'L1', disbursedOn: '2023-02-01' },
    ];
    expect(firstLoan(loans)?.loanId).toBe('L1');
    expect(firstLoan([{ loanId: 'B', disbursedOn: '2024-01-01' }, { loanId: 'A', disbursedOn: '2024-01-01' }])?.loanId).toBe('A');
    expect(firstLoan([])).toBeUndefined();
  });
});

describe('§11 figures for any date, with YoY and slices (fold and incremental aggregate agree)', () => {
  const enterprises: StatsEnterprise[] = [
    { enterpriseId: 'EA', prefecture: '6501', zone: null, cluster: null, designations: [{ code: 'HTE', validFrom: '2020-01-01', validTo: null }] },
    { enterpriseId: 'EB', prefecture: '6502', zone: null, cluster: null, designations: [{ code: 'TSME', validFrom: '2020-01-01', validTo: null }] },
  ];
  const loan = (loanId: string, enterpriseId: string, bankId: string, principalFen: number, disbursedOn: string, productId?: string, movements: StatsLoan['movements'] = []): StatsLoan => ({
    loanId,
    bankId,
    enterpriseId,
    principalFen,
    disbursedOn,
    guaranteeType: 'credit',
    movements,
    ...(productId ? { productId } : {}),
  });
  const products: Record<string, ProductTerms> = { PA: { bankId: 'B1', kind: 'credit', minScore: 60 }, P0: { bankId: 'B1', kind: 'credit', minScore: 0 }, PB: { bankId: 'B2', kind: 'credit', minScore: 70 } };
  // EA: A1 2023-03-01 (first loan, repaid in full 2023-09-01), A2 2024-05-01 under PA (innovation-points), linked to
  // I1 closed 2024-10-28 (day 180 after); A3 2024-06-01 under another bank's product PB (not innovation-points).
  // EB: B1 2024-02-01 (its first loan) under P0 (minScore 0: not innovation-points), I2 closed 2024-08-01 is day 182: not linked.
  const raw = [
    loan('A1', 'EA', 'B1', 100, '2023-03-01', undefined, [{ kind: 'repaid', amountFen: 100, on: '2023-09-01' }]),
    loan('A2', 'EA', 'B1', 1_000, '2024-05-01', 'PA', [{ kind: 'repaid', amountFen: 300, on: '2024-11-01' }]),
    loan('A3', 'EA', 'B1', 50, '2024-06-01', 'PB'),
    loan('B1', 'EB', 'B2', 700, '2024-02-01', 'P0'),
  ];
  const investments = [inv('I1', '2024-10-28', 9_000, 'EA'), inv('I2', '2024-08-01', 5_000, 'EB')];
  const ctx = { investments, windowAt: window180, productOf: (id: string) => products[id] };
  const loans = ['EA', 'EB'].flatMap((e) => classifyLoans(raw.filter((l) => l.enterpriseId === e), ctx));
  const input: StatsInput = { enterprises, loans, totalLoans: [] };

  it('classifies each loan', () => {
    expect(loans.map((l) => [l.loanId, l.instruments])).toEqual([
      ['A1', { innovationPoints: false, linkedInvestmentFen: 0, firstLoan: true }],
      // a first loan repaid in full, a second loan later: not a first loan; I1 on day 180 after: linked
      ['A2', { innovationPoints: true, linkedInvestmentFen: 9_000, firstLoan: false }],
      // another bank's product: not innovation-points; I1 on day 149 after: linked
      ['A3', { innovationPoints: false, linkedInvestmentFen: 9_000, firstLoan: false }],
      // minScore 0: not innovation-points; I2 on day 182 after: not linked
      ['B1', { innovationPoints: false, linkedInvestmentFen: 0, firstLoan: true }],
    ]);
  });

  it('counts them for D and D − 1 year, per prefecture and bank, the same from the aggregate', () => {
    const s = computeLendingStats(input, '2024-12-31');
    expect(s.instruments).toMatchObject({
      published: false,
      investmentLinked: { loans: { value: 2, previous: 0 }, principal: { fen: 1_050, previousFen: 0 }, linkedInvestment: { fen: 18_000 } },
      innovationPoints: { loans: { value: 1, previous: 0 }, principal: { fen: 1_000 }, balance: { fen: 700, previousFen: 0 } },
      firstLoanEnterprises: { value: 1, previous: 1, change: 0 }, // EB in 2024; EA's first loan was in 2023
    });
    const byPrefecture = groupBy(input, '2024-12-31', 'prefecture');
    expect([byPrefecture['6501']!.instruments.firstLoanEnterprises.value, byPrefecture['6502']!.instruments.firstLoanEnterprises.value]).toEqual([0, 1]);
    const byBank = groupBy(input, '2024-12-31', 'bank');
    expect([byBank.B1!.instruments.innovationPoints.loans.value, byBank.B2!.instruments.innovationPoints.loans.value]).toEqual([1, 0]);
    const agg = new LendingAggregate();
    for (const e of enterprises) agg.apply(enterpriseContribution(e, loans.filter((l) => l.enterpriseId === e.enterpriseId)));
    for (const date of ['2023-06-30', '2024-06-30', '2024-12-31', '2025-03-01']) {
      expect(agg.lendingStats('65', date, [])).toEqual(computeLendingStats(input, date));
      expect(agg.groupBy('65', date, 'bank', [])).toEqual(groupBy(input, date, 'bank'));
    }
  });

  it('v1 disbursements (no productId) and v2 without a productId classify alike', () => {
    const v1 = classifyLoans([loan('X', 'EA', 'B1', 10, '2024-01-01')], ctx);
    const v2 = classifyLoans([{ ...loan('X', 'EA', 'B1', 10, '2024-01-01'), productId: undefined }], ctx);
    expect(v2).toEqual(v1);
  });
});
