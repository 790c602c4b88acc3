import { applyRepayment, loanFromDisbursement, type LoanState } from '@techcredit/contracts';
import { bankRelending } from './bank';
import { relendingSummary } from './summary';
import { relendingAt } from './test-fixtures';

const [E1, E2] = ['91650100MA77XYW12K', '91650100MA77XYW13K'];
const bank = { bankId: 'B1', relendingEligible: true, quotaFen: 1_000_000_000 };
const loan = (loanId: string, enterpriseId: string, principalFen: number, disbursedOn: string, maturityOn: string): LoanState =>
  loanFromDisbursement({ loanId, bankId: 'B1', enterpriseId, principalFen, rateBp: 350, disbursedOn, maturityOn, guaranteeType: 'credit' });
const repaid = (l: LoanState, amountFen: number, on: string): LoanState => {
  const r = applyRepayment(l, { kind: 'repaid', amountFen, on, eventId: `${l.loanId}-r` });
  if (!r.ok) throw new Error(r.message);
  return r.loan;
};
/** E1 holds HTE from 2023-01-01; E2 holds TSME only (eligible from the 2024 version on). */
const designationsOn = (enterpriseId: string, date: string): string[] => (date >= '2023-01-01' ? [enterpriseId === E1 ? 'HTE' : 'TSME'] : []);

const loans = [
  loan('L1', E1, 800_000_000, '2024-02-10', '2025-02-10'), // 2022 version, claim 480,000,000
  loan('L2', E2, 500_000_001, '2024-03-01', '2025-03-01'), // 2022 version: TSME not eligible
  loan('L3', E2, 500_000_001, '2024-04-07', '2025-04-07'), // 2024 version: claim 300,000,000.6 → 300,000,001
  loan('L4', E1, 1_000_000_000, '2024-05-15', '2024-11-14'), // maturity before 2024-11-15: too short
  repaid(loan('L5', E1, 900_000_000, '2024-06-01', '2025-06-01'), 900_000_000, '2024-06-30'), // claim 540,000,000, no balance at 2024-06-30
  loan('L6', E1, 1_000_000_000, '2024-09-30', '2025-09-30'), // claim 600,000,000
  loan('L7', E1, 100_000_000, '2024-12-20', '2025-12-20'), // claim 60,000,000, Q4
  { ...loan('L8', E1, 100_000_000, '2024-05-01', '2025-05-01'), bankId: 'B2' }, // another bank's loan
];

describe('bankRelending', () => {
  const r = bankRelending(bank, loans, designationsOn, relendingAt, '2025-01-01');

  it('claims 60% of each eligible loan and gives the reason of each ineligible one', () => {
    expect(r.claims.map((c) => [c.loanId, c.quarter, c.versionName, c.claimFen, c.balanceAtQuarterEndFen])).toEqual([
      ['L1', '2024Q1', '2022', 480_000_000, 800_000_000],
      ['L3', '2024Q2', '2024', 300_000_001, 500_000_001],
      ['L5', '2024Q2', '2024', 540_000_000, 0],
      ['L6', '2024Q3', '2024', 600_000_000, 1_000_000_000],
      ['L7', '2024Q4', '2024', 60_000_000, 100_000_000],
    ]);
    expect(r.ineligible.map((l) => [l.loanId, l.reason])).toEqual([
      ['L2', 'DESIGNATION_NOT_ELIGIBLE'],
      ['L4', 'TERM_TOO_SHORT'],
    ]);
  });

  it('applies quarter by quarter within the quota, at the rate in force on the application date', () => {
    // 2024Q1 (2024-04-01, 175 bp, 365 days): 480,000,000 of 1,000,000,000 left;
    //   interest = 480,000,000 × 175 × 365 / 3,600,000 = 8,516,666.67 → 8,516,667
    // 2024Q2 (2024-07-01): L3 only (L5 repaid by the quarter end); 300,000,001 of 520,000,000 left;
    //   interest = 300,000,001 × 63,875 / 3,600,000 = 5,322,916.68 → 5,322,917
    // 2024Q3 (2024-10-01): claim 600,000,000 but only 219,999,999 left;
    //   interest = 219,999,999 × 63,875 / 3,600,000 = 3,903,472.20 → 3,903,472
    // 2024Q4 (2025-01-01): the quota is used up: amount 0.
    expect(r.applications.map((a) => [a.quarter, a.applicationDate, a.rateBp, a.days, a.claimsFen, a.remainingQuotaFen, a.amountFen, a.interestFen])).toEqual([
      ['2024Q1', '2024-04-01', 175, 365, 480_000_000, 1_000_000_000, 480_000_000, 8_516_667],
      ['2024Q2', '2024-07-01', 175, 365, 300_000_001, 520_000_000, 300_000_001, 5_322_917],
      ['2024Q3', '2024-10-01', 175, 365, 600_000_000, 219_999_999, 219_999_999, 3_903_472],
      ['2024Q4', '2025-01-01', 175, 365, 60_000_000, 0, 0, 0],
    ]);
  });

  it('has no application for a quarter whose application date is after asOf', () => {
    const before = bankRelending(bank, loans, designationsOn, relendingAt, '2024-12-31');
    expect(before.applications.map((a) => a.quarter)).toEqual(['2024Q1', '2024Q2', '2024Q3']);
    expect(before.claims.find((c) => c.loanId === 'L7')?.balanceAtQuarterEndFen).toBeNull();
  });

  it('a bank that is not eligible has no claims', () => {
    const r2 = bankRelending({ ...bank, relendingEligible: false }, loans, designationsOn, relendingAt, '2025-01-01');
    expect([r2.claims.length, r2.applications.length, r2.ineligible.every((l) => l.reason === 'BANK_NOT_ELIGIBLE')]).toEqual([0, 0, true]);
  });
});

describe('relendingSummary', () => {
  const r = bankRelending(bank, loans, designationsOn, relendingAt, '2025-01-01');

  it('sums the year: claims of loans disbursed in it, applications for its quarters, quota used by its end', () => {
    const s = relendingSummary([r], 2024);
    // claims = 480,000,000 + 300,000,001 + 540,000,000 + 600,000,000 + 60,000,000 = 1,980,000,001
    // applied = 480,000,000 + 300,000,001 + 219,999,999 + 0 = 1,000,000,000; interest = 8,516,667 + 5,322,917 + 3,903,472 = 17,743,056
    expect(s.banks).toEqual([
      { bankId: 'B1', relendingEligible: true, quotaFen: 1_000_000_000, eligibleLoans: 5, claimsFen: 1_980_000_001, applications: 4, appliedFen: 1_000_000_000, interestFen: 17_743_056, quotaUsedFen: 1_000_000_000, quotaRemainingFen: 0 },
    ]);
    expect(s.byVersion).toEqual({ '2022': { loans: 1, claimsFen: 480_000_000 }, '2024': { loans: 4, claimsFen: 1_500_000_001 } });
    expect(s.ineligibleByReason).toEqual({ DESIGNATION_NOT_ELIGIBLE: 1, TERM_TOO_SHORT: 1 });
    expect(relendingSummary([r], 2025).totals).toMatchObject({ eligibleLoans: 0, claimsFen: 0, applications: 0, quotaUsedFen: 1_000_000_000 });
  });
});
