import { applyRepayment, loanFromDisbursement, type LoanState } from '@techcredit/contracts';
import { isPledgeActiveOn, pledgeRelease } from './release';
import { riskCompensation } from './compensation';
import { policyBook } from '@techcredit/policy';

const base: LoanState = loanFromDisbursement({
  loanId: 'L1',
  bankId: 'B1',
  enterpriseId: '91650100MA77XYW12K',
  principalFen: 10_000_000,
  rateBp: 380,
  disbursedOn: '2025-01-10',
  maturityOn: '2026-01-10',
  guaranteeType: 'ip_pledge',
});

function move(loan: LoanState, kind: 'repaid' | 'written_off', amountFen: number, on: string, eventId: string): LoanState {
  const r = applyRepayment(loan, { kind, amountFen, on, eventId });
  if (!r.ok) throw new Error(r.message);
  return r.loan;
}

/** DOMAIN.md §4 risk-compensation share: the default `riskCompensation` policy, 30%. */
const shareAt = (date: string) => policyBook.at('riskCompensation', date);

describe('pledgeRelease', () => {
  it('releases on full repayment, on the date the balance reached 0', () => {
    const partly = move(base, 'repaid', 4_000_000, '2025-06-01', 'a');
    expect(pledgeRelease(partly)).toEqual({ released: false });
    const repaid = move(partly, 'repaid', 6_000_000, '2025-12-01', 'b');
    expect(pledgeRelease(repaid)).toEqual({ released: true, releasedOn: '2025-12-01', cause: 'repaid' });
  });

  it('releases on a release event, whichever of the two comes first', () => {
    expect(pledgeRelease(base, { releasedOn: '2025-05-01' })).toEqual({ released: true, releasedOn: '2025-05-01', cause: 'release_event' });
    const repaid = move(base, 'repaid', 10_000_000, '2025-04-01', 'a');
    expect(pledgeRelease(repaid, { releasedOn: '2025-05-01' })).toEqual({ released: true, releasedOn: '2025-04-01', cause: 'repaid' });
    expect(pledgeRelease(undefined, { releasedOn: '2025-05-01' }).released).toBe(true);
  });

  it('does not release a written-off loan by itself (written off is not repaid)', () => {
    expect(pledgeRelease(move(base, 'written_off', 10_000_000, '2025-09-01', 'w'))).toEqual({ released: false });
  });

  it('a pledge is active from its registration until (excluding) its release date', () => {
    const p = { registeredOn: '2025-01-12', releasedOn: '2025-04-01' };
    expect([isPledgeActiveOn(p, '2025-01-11'), isPledgeActiveOn(p, '2025-01-12'), isPledgeActiveOn(p, '2025-03-31'), isPledgeActiveOn(p, '2025-04-01')]).toEqual([
      false,
      true,
      true,
      false,
    ]);
  });
});

describe('riskCompensation', () => {
  it('pays 30% of a written-off pledged loan, half-up', () => {
    // Written off 1,234,565 fen: 30% = 370,369.5 → 370,370 (half-up).
    const loan = move(base, 'written_off', 1_234_565, '2025-09-01', 'w');
    expect(riskCompensation(loan, [{ registeredOn: '2025-01-12' }], shareAt)).toEqual({
      loanId: 'L1',
      bankId: 'B1',
      writtenOffFen: 1_234_565,
      coveredFen: 1_234_565,
      compensationFen: 370_370,
      items: [{ eventId: 'w', on: '2025-09-01', amountFen: 1_234_565, shareBp: 3000 }],
    });
  });

  it('rounds once per loan, on the exact sum', () => {
    // Two write-offs of 5 fen: 30% × 5 = 1.5 each; per loan 1.5 + 1.5 = 3.0 → 3 (not 2 + 2 = 4).
    const loan = move(move(base, 'written_off', 5, '2025-09-01', 'w1'), 'written_off', 5, '2025-10-01', 'w2');
    expect(riskCompensation(loan, [{ registeredOn: '2025-01-12' }], shareAt).compensationFen).toBe(3);
  });

  it('pays nothing for a write-off while no pledge is active', () => {
    const loan = move(base, 'written_off', 1_000_000, '2025-09-01', 'w');
    const r = riskCompensation(loan, [{ registeredOn: '2025-01-12', releasedOn: '2025-08-01' }], shareAt);
    expect([r.writtenOffFen, r.coveredFen, r.compensationFen]).toEqual([1_000_000, 0, 0]);
  });
});
