import { applyRepayment, type LoanState } from '@techcredit/contracts';
import { enterpriseInterestSubsidy } from './interest';
import { enterpriseFeeSubsidy } from './fees';
import { enterpriseSubsidyView, subsidySummary, type EnterpriseSubsidies } from './summary';
import { ENTERPRISE, always, loan, lprAt, subsidyAt } from './test-fixtures';

function move(l: LoanState, kind: 'repaid' | 'written_off', amountFen: number, on: string): LoanState {
  const r = applyRepayment(l, { kind, amountFen, on, eventId: `${l.loanId}-${on}` });
  if (!r.ok) throw new Error(r.message);
  return r.loan;
}

// LPR on 2024-12-01 and in early 2025: 310 bp.
const loans = [
  move(loan('Z', '2024-12-01', 300_000_000, 400), 'repaid', 300_000_000, '2025-02-01'), // payable
  move(loan('A', '2025-01-01', 300_000_000, 400), 'repaid', 300_000_000, '2025-04-01'), // payable
  loan('B', '2025-02-01', 400_000_000, 300), // accruing, loan rate below the LPR
  loan('C', '2025-03-01', 100_000_000, 400), // below 200万元
  move(loan('D', '2025-03-01', 500_000_000, 400), 'written_off', 500_000_000, '2025-06-01'), // forfeited
];
const pledges = [
  { pledgeId: 'P1', loanId: 'D', registeredOn: '2025-03-05', appraisalFeeFen: 3_000_000, insurancePremiumFen: 500_001 },
  { pledgeId: 'P2', loanId: 'D', registeredOn: '2024-12-02', appraisalFeeFen: 1_000, insurancePremiumFen: 0 },
];
const asOf = '2026-01-01';
const subsidies: EnterpriseSubsidies = {
  interest: enterpriseInterestSubsidy({ enterpriseId: ENTERPRISE, loans, designationsOn: always('HTE'), subsidyAt, lprAt, asOf }),
  fees: enterpriseFeeSubsidy(ENTERPRISE, pledges, subsidyAt),
  disbursedOn: new Map(loans.map((l) => [l.loanId, l.disbursedOn])),
};
const nothing: EnterpriseSubsidies = {
  interest: enterpriseInterestSubsidy({ enterpriseId: '91650100MA77XYW13K', loans: [], designationsOn: always(), subsidyAt, lprAt, asOf }),
  fees: enterpriseFeeSubsidy('91650100MA77XYW13K', [], subsidyAt),
  disbursedOn: new Map(),
};

describe('enterpriseSubsidyView', () => {
  it('restricts loans and years to the year and splits payable from accruing', () => {
    const v = enterpriseSubsidyView(subsidies, 2025);
    // Z 2025: 2025-01-01 .. 2025-02-01 = 31 days; 300,000,000 × 310 × 31 = 2,883,000,000,000 / 3,600,000 = 800,833.33 → 800,833; 50% → 400,417
    // A: 90 days; 300,000,000 × 310 × 90 = 8,370,000,000,000 / 3,600,000 = 2,325,000; 50% = 1,162,500
    // B: 2025-02-01 .. 2026-01-01 = 334 days at 300 bp; 40,080,000,000,000 / 3,600,000 = 11,133,333.33 → 11,133,333; 50% → 5,566,667
    expect(v.loans.map((l) => [l.loanId, l.state, l.yearFen])).toEqual([
      ['Z', 'payable', 400_417],
      ['A', 'payable', 1_162_500],
      ['B', 'accruing', 5_566_667],
      ['C', 'ineligible', 0],
      ['D', 'forfeited', 0],
    ]);
    // payable = 400,417 + 1,162,500 = 1,562,917; accruing = 5,566,667; subsidy = 7,129,584
    expect(v.interestTotals).toEqual({ grossFen: 7_129_584, subsidyFen: 7_129_584, payableFen: 1_562_917, accruingFen: 5_566_667 });
    // P1: 50% × 3,000,000 = 1,500,000; 50% × 500,001 = 250,000.5 → 250,001
    expect(v.feeTotals).toEqual({ pledges: 1, appraisalFen: 1_500_000, insuranceFen: 250_001, totalFen: 1_750_001 });
    expect(v.totalFen).toBe(8_879_585); // 7,129,584 + 1,750,001
  });

  it('in 2024 only Z (31 days) and the fee of P2 count', () => {
    const v = enterpriseSubsidyView(subsidies, 2024);
    expect(v.loans.map((l) => l.loanId)).toEqual(['Z']);
    expect([v.interestTotals.subsidyFen, v.interestTotals.payableFen, v.feeTotals.totalFen, v.totalFen]).toEqual([400_417, 400_417, 500, 400_917]);
  });
});

describe('subsidySummary', () => {
  it('sums enterprises with a subsidy, counts subsidised, forfeited and ineligible loans of the year', () => {
    const s = subsidySummary([subsidies, nothing], 2025);
    expect(s).toEqual({
      year: 2025,
      enterprises: 1,
      interest: {
        grossFen: 7_129_584,
        subsidyFen: 7_129_584,
        payableFen: 1_562_917,
        accruingFen: 5_566_667,
        subsidisedLoans: 3,
        cappedLoanYears: 0,
        overLoanLimitLoanYears: 0,
        forfeitedLoans: 1,
        ineligibleLoans: { PRINCIPAL_OUT_OF_RANGE: 1 },
      },
      fees: { pledges: 1, appraisalFen: 1_500_000, insuranceFen: 250_001, totalFen: 1_750_001 },
      totalFen: 8_879_585,
    });
    // All years: interest 400,417 + 7,129,584 = 7,530,001; fees 500 + 1,750,001 = 1,750,501.
    expect([subsidySummary([subsidies], null).interest.subsidyFen, subsidySummary([subsidies], null).fees.totalFen]).toEqual([7_530_001, 1_750_501]);
  });
});
