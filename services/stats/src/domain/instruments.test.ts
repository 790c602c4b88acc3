import { addDays } from '@techcredit/money';
import { firstLoan, isInnovationPointsLoan, isInvestmentLinked, linkedInvestmentFen, type StatsInvestment } from './instruments';

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
    expect(isInnovationPointsLoan({ kind: 'credit', minScore: 60 })).toBe(true);
    expect(isInnovationPointsLoan({ kind: 'credit', minScore: 0 })).toBe(false);
    expect(isInnovationPointsLoan({ kind: 'ip_pledge', minScore: 60 })).toBe(false);
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
