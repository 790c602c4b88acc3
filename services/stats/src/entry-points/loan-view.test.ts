import { foldLoanEvents, type LoanEventLike } from '@techcredit/contracts';
import { loanView, todayInChina } from './loan-view';

const M = 1_000_000;
const events: LoanEventLike[] = [
  { id: 'e1', type: 'loan.disbursed', data: { loanId: 'L1', bankId: 'B1', enterpriseId: '91650100MA00000001', principalFen: 100 * M, rateBp: 350, disbursedOn: '2024-01-15', maturityOn: '2025-01-15', guaranteeType: 'credit' } },
  { id: 'e2', type: 'loan.repaid', data: { loanId: 'L1', amountFen: 40 * M, repaidOn: '2024-06-30' } },
  { id: 'e3', type: 'loan.written_off', data: { loanId: 'L1', amountFen: 60 * M, writtenOffOn: '2024-12-31' } },
  { id: 'e4', type: 'loan.repaid', data: { loanId: 'L1', amountFen: 1 * M, repaidOn: '2025-01-02' } }, // after the write-off: exceeds 0
  { id: 'e5', type: 'loan.extended', data: { loanId: 'L1', maturityOn: '2025-07-15', extendedOn: '2024-12-01' } },
];

describe('todayInChina', () => {
  it('is the calendar date at UTC+8', () => {
    expect(todayInChina(new Date('2024-12-31T15:59:59Z'))).toBe('2024-12-31');
    expect(todayInChina(new Date('2024-12-31T16:00:00Z'))).toBe('2025-01-01');
  });
});

describe('loanView', () => {
  const fold = { ...foldLoanEvents(events), events };

  it('shows balances on both dates, movements, extensions and refusals', () => {
    const v = loanView(fold, { today: '2025-03-01', asOf: '2024-07-01' }, [])!;
    expect(v).toMatchObject({
      loanId: 'L1',
      bankId: 'B1',
      principalFen: 100 * M,
      maturityOn: '2025-07-15', // extended
      originalMaturityOn: '2025-01-15',
      balanceAsOfFen: 60 * M, // 100 − 40 repaid on 06-30
      balanceTodayFen: 0, // − 60 written off on 12-31
      recordedBalanceFen: 0,
      repaidFen: 40 * M,
      writtenOffFen: 60 * M,
      status: 'written_off',
      pending: { count: 0, events: [] },
    });
    expect(v.movements.map((m) => m.eventId)).toEqual(['e2', 'e3']);
    expect(v.extensions).toEqual([{ eventId: 'e5', maturityOn: '2025-07-15', extendedOn: '2024-12-01' }]);
    expect(v.refusals).toEqual([{ eventId: 'e4', type: 'loan.repaid', reason: 'EXCEEDS_BALANCE', message: expect.stringContaining('exceeds the balance of 0 fen') }]);
  });

  it('is 0 before the disbursement, and notes parked events', () => {
    const parked = [{ eventId: 'p1', type: 'loan.repaid', reason: 'LOAN_NOT_DISBURSED: x', since: '2025-01-01T00:00:00.000Z' }];
    const v = loanView(fold, { today: '2024-01-14', asOf: '2024-01-15' }, parked)!;
    expect([v.balanceTodayFen, v.balanceAsOfFen]).toEqual([0, 100 * M]);
    expect(v.pending.count).toBe(1);
    expect(v.pending.note).toMatch(/1 event\(s\) of this loan wait/);
  });

  it('is undefined while the loan is not disbursed', () => {
    const only = events.slice(1, 2);
    expect(loanView({ ...foldLoanEvents(only), events: only }, { today: '2025-01-01', asOf: '2025-01-01' }, [])).toBeUndefined();
  });

  it('a fully repaid loan is repaid', () => {
    const repaid: LoanEventLike[] = [events[0]!, { id: 'r', type: 'loan.repaid', data: { loanId: 'L1', amountFen: 100 * M, repaidOn: '2024-02-01' } }];
    expect(loanView({ ...foldLoanEvents(repaid), events: repaid }, { today: '2025-01-01', asOf: '2025-01-01' }, [])!.status).toBe('repaid');
  });
});
