import { applyRepayment, type LoanState } from '@techcredit/contracts';
import { enterpriseInterestSubsidy, type EligibleLoanSubsidy, type LoanSubsidy } from './interest';
import { ENTERPRISE, always, loan, lprAt, subsidyAt } from './test-fixtures';

function move(l: LoanState, kind: 'repaid' | 'written_off', amountFen: number, on: string): LoanState {
  const r = applyRepayment(l, { kind, amountFen, on, eventId: `${l.loanId}-${on}` });
  if (!r.ok) throw new Error(r.message);
  return r.loan;
}
const run = (loans: LoanState[], asOf: string, designationsOn: (date: string) => string[] = always('HTE')) =>
  enterpriseInterestSubsidy({ enterpriseId: ENTERPRISE, loans, designationsOn, subsidyAt, lprAt, asOf });
const eligible = (s: LoanSubsidy | undefined): EligibleLoanSubsidy => {
  if (!s?.eligible) throw new Error(`not eligible: ${JSON.stringify(s)}`);
  return s;
};

describe('the LPR of the disbursement date', () => {
  it('uses 345 bp for a loan disbursed 2024-07-21 and 335 bp for one disbursed 2024-07-22', () => {
    const r = run([loan('A', '2024-07-21', 1_000_000_000, 400), loan('B', '2024-07-22', 1_000_000_000, 400)], '2025-01-01');
    const [a, b] = r.loans.map(eligible);
    // A: min(400, 345) = 345 bp; 2024-07-21 .. 2024-12-31 = 11 + 31 + 30 + 31 + 30 + 31 = 164 days
    //    basis = 1,000,000,000 × 345 × 164 / 3,600,000 = 56,580,000,000,000 / 3,600,000 = 15,716,666.67 → 15,716,667
    //    subsidy = 50% × 15,716,667 = 7,858,333.5 → 7,858,334 (half-up)
    expect(a).toMatchObject({ lprBp: 345, effectiveRateBp: 345, scheme: 'default', state: 'accruing' });
    expect(a?.years).toEqual([
      { year: 2024, days: 164, basisNumerator: '56580000000000', basisFen: 15_716_667, grossFen: 7_858_334, subsidyFen: 7_858_334, rank: 1, status: 'subsidised' },
    ]);
    // B: min(400, 335) = 335 bp; 163 days; 1,000,000,000 × 335 × 163 = 54,605,000,000,000
    //    / 3,600,000 = 15,168,055.56 → 15,168,056; 50% = 7,584,028
    expect(b).toMatchObject({ lprBp: 335, effectiveRateBp: 335 });
    expect(b?.years).toEqual([
      { year: 2024, days: 163, basisNumerator: '54605000000000', basisFen: 15_168_056, grossFen: 7_584_028, subsidyFen: 7_584_028, rank: 2, status: 'subsidised' },
    ]);
    expect(r.totalFen).toBe(15_442_362); // 7,858,334 + 7,584,028
  });

  it('uses the loan rate when it is below the LPR', () => {
    const r = run([loan('A', '2024-07-21', 1_000_000_000, 300)], '2025-01-01');
    expect(eligible(r.loans[0])).toMatchObject({ loanRateBp: 300, lprBp: 345, effectiveRateBp: 300 });
  });
});

describe('per enterprise and year: first 3 loans, capped at 50万元', () => {
  // LPR in force on each 2025 disbursement date below (before 2025-05-20) is 310 bp.
  const l1 = move(loan('L1', '2025-01-01', 3_000_000_000, 360), 'repaid', 3_000_000_000, '2025-07-01');
  const l2 = move(loan('L2', '2025-02-01', 2_000_000_000, 360), 'repaid', 2_000_000_000, '2025-08-01');
  const l3 = loan('L3', '2025-03-01', 2_000_000_000, 300);
  const l4 = loan('L4', '2025-04-01', 200_000_000, 360); // 200万元: the lower bound is inclusive
  const tooSmall = loan('L0', '2025-01-01', 199_999_999, 360);
  const tooLarge = loan('L9', '2025-01-01', 3_000_000_001, 360);
  const all = [l4, tooLarge, l3, tooSmall, l2, l1];

  it('fills the cap in disbursement order: loan 3 partly, loan 4 not at all', () => {
    const r = run(all, '2026-01-01');
    const byId = new Map(r.loans.map((s) => [s.loanId, s]));
    expect(r.loans.map((s) => s.loanId)).toEqual(['L0', 'L1', 'L9', 'L2', 'L3', 'L4']);
    expect(byId.get('L0')).toMatchObject({ eligible: false, reason: 'PRINCIPAL_OUT_OF_RANGE', state: 'ineligible' });
    expect(byId.get('L9')).toMatchObject({ eligible: false, reason: 'PRINCIPAL_OUT_OF_RANGE' });
    // L1: 310 bp, 2025-01-01 .. 2025-07-01 = 181 days; 3,000,000,000 × 310 × 181 = 168,330,000,000,000
    //     / 3,600,000 = 46,758,333.33 → 46,758,333; 50% = 23,379,166.5 → 23,379,167
    expect(eligible(byId.get('L1'))).toMatchObject({ state: 'payable', totalFen: 23_379_167 });
    expect(eligible(byId.get('L1')).years[0]).toMatchObject({ days: 181, basisFen: 46_758_333, grossFen: 23_379_167, status: 'subsidised', rank: 1 });
    // L2: 310 bp, 2025-02-01 .. 2025-08-01 = 28 + 31 + 30 + 31 + 30 + 31 = 181 days; 2,000,000,000 × 310 × 181
    //     = 112,220,000,000,000 / 3,600,000 = 31,172,222.22 → 31,172,222; 50% = 15,586,111
    expect(eligible(byId.get('L2')).years[0]).toMatchObject({ days: 181, basisFen: 31_172_222, grossFen: 15_586_111, subsidyFen: 15_586_111, rank: 2 });
    // L3: 300 bp (below LPR), 2025-03-01 .. 2026-01-01 = 306 days; 2,000,000,000 × 300 × 306 = 183,600,000,000,000
    //     / 3,600,000 = 51,000,000; 50% = 25,500,000, but only 50,000,000 − 23,379,167 − 15,586,111 = 11,034,722 is left
    expect(eligible(byId.get('L3')).years[0]).toMatchObject({ days: 306, basisFen: 51_000_000, grossFen: 25_500_000, subsidyFen: 11_034_722, rank: 3, status: 'capped' });
    // L4: 4th loan of the year: 2025-04-01 .. 2026-01-01 = 275 days; 200,000,000 × 310 × 275 = 17,050,000,000,000
    //     / 3,600,000 = 4,736,111.11 → 4,736,111; 50% = 2,368,055.5 → 2,368,056 gross, 0 paid
    expect(eligible(byId.get('L4')).years[0]).toMatchObject({ days: 275, basisFen: 4_736_111, grossFen: 2_368_056, subsidyFen: 0, rank: 4, status: 'over_loan_limit' });
    expect(r.years).toEqual([
      { year: 2025, capFen: 50_000_000, maxLoans: 3, loanIds: ['L1', 'L2', 'L3', 'L4'], grossFen: 66_833_334, subsidyFen: 50_000_000 },
    ]); // gross 23,379,167 + 15,586,111 + 25,500,000 + 2,368,056 = 66,833,334
  });

  it('hits the cap mid-year when accrued as of 2025-09-01', () => {
    const r = run(all, '2025-09-01');
    const byId = new Map(r.loans.map((s) => [s.loanId, s]));
    expect(['L1', 'L2', 'L3', 'L4'].map((id) => eligible(byId.get(id)).state)).toEqual(['payable', 'payable', 'accruing', 'accruing']);
    // L3: 2025-03-01 .. 2025-09-01 = 184 days; 2,000,000,000 × 300 × 184 = 110,400,000,000,000 / 3,600,000
    //     = 30,666,666.67 → 30,666,667; 50% = 15,333,333.5 → 15,333,334 > 11,034,722 left → capped
    expect(eligible(byId.get('L3')).years[0]).toMatchObject({ days: 184, basisFen: 30_666_667, grossFen: 15_333_334, subsidyFen: 11_034_722, status: 'capped' });
    // L4: 2025-04-01 .. 2025-09-01 = 153 days; 200,000,000 × 310 × 153 / 3,600,000 = 2,635,000; 50% = 1,317,500; 4th → 0
    expect(eligible(byId.get('L4')).years[0]).toMatchObject({ days: 153, basisFen: 2_635_000, grossFen: 1_317_500, subsidyFen: 0 });
    expect(r.totalFen).toBe(50_000_000);
  });

  it('ranks again each year: in 2026 loan 4 is the 2nd loan with days and is subsidised', () => {
    const r = run(all, '2026-03-01');
    const y2026 = (id: string) => eligible(r.loans.find((s) => s.loanId === id)).years.find((y) => y.year === 2026);
    // 2026-01-01 .. 2026-03-01 = 59 days.
    // L3: 2,000,000,000 × 300 × 59 = 35,400,000,000,000 / 3,600,000 = 9,833,333.33 → 9,833,333; 50% = 4,916,666.5 → 4,916,667
    expect(y2026('L3')).toMatchObject({ days: 59, basisFen: 9_833_333, subsidyFen: 4_916_667, rank: 1 });
    // L4: 200,000,000 × 310 × 59 = 3,658,000,000,000 / 3,600,000 = 1,016,111.11 → 1,016,111; 50% = 508,055.5 → 508,056
    expect(y2026('L4')).toMatchObject({ days: 59, basisFen: 1_016_111, subsidyFen: 508_056, rank: 2, status: 'subsidised' });
    expect(r.years.map((y) => [y.year, y.subsidyFen])).toEqual([
      [2025, 50_000_000],
      [2026, 5_424_723], // 4,916,667 + 508,056
    ]);
  });
});

describe('days over a leap year, balance-constant segments', () => {
  it('counts 2024-02-29 and accrues each segment on its own balance', () => {
    let l = loan('A', '2024-01-01', 200_000_000, 500); // LPR on 2024-01-01: 345 bp → min(500, 345) = 345
    l = move(l, 'repaid', 100_000_000, '2024-07-01');
    l = move(l, 'repaid', 100_000_000, '2025-01-01');
    const r = run([l], '2025-06-01');
    // 2024-01-01 .. 2024-07-01 = 31 + 29 + 31 + 30 + 31 + 30 = 182 days at 200,000,000
    // 2024-07-01 .. 2025-01-01 = 31 + 31 + 30 + 31 + 30 + 31 = 184 days at 100,000,000 (182 + 184 = 366)
    // numerator = 200,000,000 × 345 × 182 + 100,000,000 × 345 × 184 = 12,558,000,000,000 + 6,348,000,000,000
    //           = 18,906,000,000,000; / 3,600,000 = 5,251,666.67 → 5,251,667; 50% = 2,625,833.5 → 2,625,834
    expect(eligible(r.loans[0])).toMatchObject({
      state: 'payable',
      totalFen: 2_625_834,
      years: [{ year: 2024, days: 366, basisNumerator: '18906000000000', basisFen: 5_251_667, grossFen: 2_625_834, subsidyFen: 2_625_834, rank: 1, status: 'subsidised' }],
    });
  });
});

describe('eligibility and states', () => {
  it('forfeits a written-off loan, which then takes no slot', () => {
    const l1 = move(loan('L1', '2025-01-01', 300_000_000, 400), 'written_off', 100_000_000, '2025-06-01');
    const l2 = loan('L2', '2025-02-01', 300_000_000, 400);
    const before = run([l1, l2], '2025-05-31');
    expect(before.loans.map((s) => (s.eligible ? s.years[0]?.rank : s.state))).toEqual([1, 2]);
    const after = run([l1, l2], '2025-12-31');
    expect(after.loans[0]).toMatchObject({ eligible: false, reason: 'WRITTEN_OFF', state: 'forfeited' });
    expect(eligible(after.loans[1]).years[0]?.rank).toBe(1);
  });

  it('requires TSME, HTE or LITTLE_GIANT valid on the disbursement date', () => {
    const fromMarch2 = (date: string): string[] => (date >= '2025-03-02' ? ['TSME'] : ['ISME']);
    const r = run([loan('A', '2025-03-01', 300_000_000, 400), loan('B', '2025-03-02', 300_000_000, 400)], '2025-12-31', fromMarch2);
    expect(r.loans.map((s) => (s.eligible ? 'eligible' : s.reason))).toEqual(['NOT_DESIGNATED', 'eligible']);
  });

  it('has no LPR before the table starts and ignores loans disbursed after asOf or of another enterprise', () => {
    const r = run([loan('A', '2022-06-01', 300_000_000, 400), loan('B', '2026-01-01', 300_000_000, 400), loan('C', '2025-01-01', 300_000_000, 400, '91650100MA77XYW13K')], '2025-12-31');
    expect(r.loans.map((s) => (s.eligible ? s.loanId : s.reason))).toEqual(['NO_LPR']);
  });
});
