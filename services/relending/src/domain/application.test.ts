import fc from 'fast-check';
import { quarterlyApplication, rollOver, type ApplicationLoan } from './application';
import { relendingAt } from './test-fixtures';

const bank = { bankId: 'B1', quotaFen: 1_000_000_000 };

describe('quarterlyApplication', () => {
  const loans: ApplicationLoan[] = [
    // Disbursed the day before the 2025-05-07 change (version 2024) and on it (version 2025): both count.
    { loanId: 'A', disbursedOn: '2025-05-06', claimFen: 300_000_001, balanceAtQuarterEndFen: 500_000_001 },
    { loanId: 'B', disbursedOn: '2025-05-07', claimFen: 480_000_001, balanceAtQuarterEndFen: 1 },
    // Fully repaid by 2025-06-30: left out.
    { loanId: 'C', disbursedOn: '2025-04-01', claimFen: 90_000_000, balanceAtQuarterEndFen: 0 },
    // Disbursed in Q1 and Q3: left out of Q2.
    { loanId: 'D', disbursedOn: '2025-03-31', claimFen: 60_000_000, balanceAtQuarterEndFen: 100_000_000 },
    { loanId: 'E', disbursedOn: '2025-07-01', claimFen: 60_000_000, balanceAtQuarterEndFen: 100_000_000 },
  ];

  it('claims across the 2025-05-07 rate change at the rate in force on the application date', () => {
    const r = quarterlyApplication(bank, '2025Q2', loans, 300_000_000, relendingAt);
    // claims = 300,000,001 + 480,000,001 = 780,000,002; remaining quota = 1,000,000,000 − 300,000,000 = 700,000,000
    // amount = min(780,000,002, 700,000,000) = 700,000,000; application 2025-07-01 → version 2025, 150 bp
    // days 2025-07-01 → 2026-07-01 = 365; interest = 700,000,000 × 150 × 365 / (10000 × 360)
    //   = 38,325,000,000,000 / 3,600,000 = 10,645,833.33… → 10,645,833
    expect(r).toEqual({
      ok: true,
      application: {
        bankId: 'B1',
        quarter: '2025Q2',
        applicationDate: '2025-07-01',
        claims: [
          { loanId: 'A', claimFen: 300_000_001 },
          { loanId: 'B', claimFen: 480_000_001 },
        ],
        claimsFen: 780_000_002,
        remainingQuotaFen: 700_000_000,
        amountFen: 700_000_000,
        rollover: 0,
        maxRollovers: 2,
        startsOn: '2025-07-01',
        maturesOn: '2026-07-01',
        days: 365,
        rateBp: 150,
        versionName: '2025',
        interestFen: 10_645_833,
      },
    });
  });

  it('counts 366 days over a leap year', () => {
    // 2023Q4 → application 2024-01-01 (version 2022, 175 bp) → matures 2025-01-01: 366 days.
    // interest = 360,000,000 × 175 × 366 / 3,600,000 = 100 × 175 × 366 = 6,405,000
    const r = quarterlyApplication(bank, '2023Q4', [{ loanId: 'X', disbursedOn: '2023-12-31', claimFen: 360_000_000, balanceAtQuarterEndFen: 1 }], 0, relendingAt);
    expect(r.ok && [r.application.days, r.application.rateBp, r.application.interestFen]).toEqual([366, 175, 6_405_000]);
  });

  it('applies for nothing once the quota is used up', () => {
    const r = quarterlyApplication(bank, '2025Q2', loans, 1_200_000_000, relendingAt);
    expect(r.ok && [r.application.claimsFen, r.application.remainingQuotaFen, r.application.amountFen, r.application.interestFen]).toEqual([780_000_002, 0, 0, 0]);
  });

  it('reports a missing version on the application date', () => {
    const r = quarterlyApplication(bank, '2021Q4', [], 0, relendingAt);
    expect(r).toEqual({ ok: false, reason: 'NO_POLICY_VERSION', message: 'no re-lending version in force on 2022-01-01' });
  });

  it('property: amount = min(Σ claims of loans disbursed in Q with a balance, remaining quota)', () => {
    const loanArb = fc.record({
      loanId: fc.string({ minLength: 1, maxLength: 4 }),
      disbursedOn: fc.constantFrom('2024-12-31', '2025-01-01', '2025-02-14', '2025-03-31', '2025-04-01'),
      claimFen: fc.integer({ min: 1, max: 1e12 }),
      balanceAtQuarterEndFen: fc.integer({ min: 0, max: 3 }),
    });
    fc.assert(
      fc.property(fc.array(loanArb, { maxLength: 20 }), fc.integer({ min: 0, max: 2e13 }), fc.integer({ min: 0, max: 2e13 }), (ls, quota, used) => {
        const r = quarterlyApplication({ bankId: 'B', quotaFen: quota }, '2025Q1', ls, used, relendingAt);
        if (!r.ok) throw new Error(r.message);
        const inQ = ls.filter((l) => l.disbursedOn >= '2025-01-01' && l.disbursedOn <= '2025-03-31' && l.balanceAtQuarterEndFen > 0);
        const sum = inQ.reduce((s, l) => s + l.claimFen, 0);
        expect(r.application.claimsFen).toBe(sum);
        expect(r.application.amountFen).toBe(Math.min(sum, Math.max(0, quota - used)));
        expect(r.application.rateBp).toBe(175); // 2025-04-01 is under the 2024 version
      }),
    );
  });
});

describe('rollOver', () => {
  it('rolls over up to twice, each term at the rate in force on its start', () => {
    const r = quarterlyApplication(bank, '2023Q4', [{ loanId: 'X', disbursedOn: '2023-12-31', claimFen: 360_000_000, balanceAtQuarterEndFen: 1 }], 0, relendingAt);
    if (!r.ok) throw new Error(r.message);
    const first = rollOver(r.application, 360_000_000, relendingAt);
    if (!first.ok) throw new Error(first.message);
    // 2025-01-01 → 2026-01-01 under version 2024 (175 bp), 365 days: 100 × 175 × 365 = 6,387,500
    expect(first.term).toMatchObject({ rollover: 1, startsOn: '2025-01-01', maturesOn: '2026-01-01', days: 365, rateBp: 175, interestFen: 6_387_500 });
    const second = rollOver(first.term, 360_000_000, relendingAt);
    if (!second.ok) throw new Error(second.message);
    // 2026-01-01 is before 2026-01-19: version 2025, 150 bp: 100 × 150 × 365 = 5,475,000
    expect(second.term).toMatchObject({ rollover: 2, startsOn: '2026-01-01', rateBp: 150, versionName: '2025', interestFen: 5_475_000 });
    const third = rollOver(second.term, 360_000_000, relendingAt);
    expect(third.ok === false && third.reason).toBe('MAX_ROLLOVERS');
  });
});
