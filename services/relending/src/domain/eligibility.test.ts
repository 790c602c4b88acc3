import fc from 'fast-check';
import { loanFromDisbursement, type LoanState } from '@techcredit/contracts';
import { claimFen, relendingEligibility } from './eligibility';
import { relendingAt } from './test-fixtures';

const bank = { bankId: 'B1', relendingEligible: true };
const loan = (disbursedOn: string, maturityOn: string, principalFen = 500_000_001): LoanState =>
  loanFromDisbursement({
    loanId: `L-${disbursedOn}`,
    bankId: 'B1',
    enterpriseId: '91650100MA77XYW12K',
    principalFen,
    rateBp: 350,
    disbursedOn,
    maturityOn,
    guaranteeType: 'credit',
  });
/** The borrower holds TSME from 2023-01-01 to 2025-12-31 and nothing else. */
const tsmeOnly = (date: string): string[] => (date >= '2023-01-01' && date <= '2025-12-31' ? ['TSME'] : []);

describe('relendingEligibility', () => {
  it('judges designations by the version in force on the disbursement date', () => {
    // 2024-04-06 is under the 2022 version, which does not list TSME; 2024-04-07 is under 2024, which does.
    const before = relendingEligibility(loan('2024-04-06', '2025-04-06'), bank, tsmeOnly, relendingAt);
    expect(before).toEqual({ eligible: false, reason: 'DESIGNATION_NOT_ELIGIBLE', message: expect.any(String), versionName: '2022' });
    const after = relendingEligibility(loan('2024-04-07', '2025-04-07'), bank, tsmeOnly, relendingAt);
    // claim = 60% × 500,000,001 = 300,000,000.6 → 300,000,001 (half-up)
    expect(after).toEqual({ eligible: true, versionName: '2024', claimFen: 300_000_001, designations: ['TSME'] });
  });

  it('across the 2025-05-07 change: 2025-05-06 falls under 2024, 2025-05-07 under 2025', () => {
    expect(relendingEligibility(loan('2025-05-06', '2026-05-06'), bank, tsmeOnly, relendingAt)).toMatchObject({ eligible: true, versionName: '2024' });
    expect(relendingEligibility(loan('2025-05-07', '2026-05-07'), bank, tsmeOnly, relendingAt)).toMatchObject({ eligible: true, versionName: '2025' });
  });

  it('requires the designation to be valid on the disbursement date itself', () => {
    // TSME lapses after 2025-12-31.
    expect(relendingEligibility(loan('2026-01-01', '2027-01-01'), bank, tsmeOnly, relendingAt).eligible).toBe(false);
  });

  it('requires maturity ≥ disbursement + 6 calendar months (month-end clamped)', () => {
    // 2024-08-31 + 6 months = 2025-02-28 (February has no 31st).
    const short = relendingEligibility(loan('2024-08-31', '2025-02-27'), bank, tsmeOnly, relendingAt);
    expect(short.eligible === false && short.reason).toBe('TERM_TOO_SHORT');
    expect(relendingEligibility(loan('2024-08-31', '2025-02-28'), bank, tsmeOnly, relendingAt).eligible).toBe(true);
    // An extension does not make a short loan eligible: the agreed maturity counts.
    const extended = { ...loan('2024-08-31', '2025-02-27'), maturityOn: '2025-08-31' };
    expect(relendingEligibility(extended, bank, tsmeOnly, relendingAt).eligible).toBe(false);
  });

  it('refuses a bank that is not relendingEligible and a date with no version in force', () => {
    const b = relendingEligibility(loan('2025-01-02', '2026-01-02'), { bankId: 'B9', relendingEligible: false }, tsmeOnly, relendingAt);
    expect(b.eligible === false && b.reason).toBe('BANK_NOT_ELIGIBLE');
    const hte = (): string[] => ['HTE'];
    const early = relendingEligibility(loan('2022-04-27', '2023-04-27'), bank, hte, relendingAt);
    expect(early.eligible === false && early.reason).toBe('NO_POLICY_VERSION');
    expect(relendingEligibility(loan('2022-04-28', '2023-04-28'), bank, hte, relendingAt)).toMatchObject({ eligible: true, versionName: '2022' });
  });
});

describe('claimFen', () => {
  it('is 60% of principal, half-up', () => {
    expect(claimFen(800_000_002, 6000)).toBe(480_000_001); // 480,000,001.2 → down
    expect(claimFen(500_000_001, 6000)).toBe(300_000_001); // 300,000,000.6 → up
    expect(claimFen(1, 6000)).toBe(1); // 0.6 → 1
  });

  it('property: every claim is exactly 60% of principal to the fen, half-up', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }), (principal) => {
        const claim = BigInt(claimFen(principal, 6000));
        // |claim × 10000 − principal × 6000| ≤ 5000, with an exact half rounded up (away from zero).
        const diff = claim * 10_000n - BigInt(principal) * 6000n;
        expect(diff >= -4999n && diff <= 5000n).toBe(true);
      }),
    );
  });
});
