import { enterpriseFeeSubsidy, type PledgeFees } from './fees';
import { ENTERPRISE, subsidyAt } from './test-fixtures';

const p = (pledgeId: string, registeredOn: string, appraisalFeeFen: number, insurancePremiumFen: number): PledgeFees => ({
  pledgeId,
  loanId: `L-${pledgeId}`,
  registeredOn,
  appraisalFeeFen,
  insurancePremiumFen,
});

describe('enterpriseFeeSubsidy', () => {
  it('pays 50% of fees, capped per year of registration, filled by date then pledge id', () => {
    const pledges = [
      p('P4', '2026-01-05', 1_000, 999),
      p('P3', '2025-06-01', 2_000_000, 400_000),
      p('P2', '2025-06-01', 6_000_001, 1_000_001),
      p('P1', '2025-02-01', 15_000_000, 3_000_000),
      p('P1', '2025-02-01', 15_000_000, 3_000_000), // a duplicate counts once
      p('P0', '2019-12-31', 1_000_000, 1_000_000), // no scheme in force yet (from 2020-01-01)
    ];
    const r = enterpriseFeeSubsidy(ENTERPRISE, pledges, subsidyAt);
    expect(r.pledges.map((x) => [x.pledgeId, x.year, x.covered, x.appraisal, x.insurance])).toEqual([
      ['P0', 2019, false, { grossFen: 0, subsidyFen: 0 }, { grossFen: 0, subsidyFen: 0 }],
      // P1: 50% × 15,000,000 = 7,500,000 (cap 10,000,000 → 2,500,000 left); 50% × 3,000,000 = 1,500,000 (cap 2,000,000 → 500,000 left)
      ['P1', 2025, true, { grossFen: 7_500_000, subsidyFen: 7_500_000 }, { grossFen: 1_500_000, subsidyFen: 1_500_000 }],
      // P2: 50% × 6,000,001 = 3,000,000.5 → 3,000,001, cut to 2,500,000; 50% × 1,000,001 = 500,000.5 → 500,001, cut to 500,000
      ['P2', 2025, true, { grossFen: 3_000_001, subsidyFen: 2_500_000 }, { grossFen: 500_001, subsidyFen: 500_000 }],
      // P3: both caps used up
      ['P3', 2025, true, { grossFen: 1_000_000, subsidyFen: 0 }, { grossFen: 200_000, subsidyFen: 0 }],
      // P4: a new year, new caps: 50% × 1,000 = 500; 50% × 999 = 499.5 → 500
      ['P4', 2026, true, { grossFen: 500, subsidyFen: 500 }, { grossFen: 500, subsidyFen: 500 }],
    ]);
    expect(r.years).toEqual([
      { year: 2019, appraisalCapFen: 0, insuranceCapFen: 0, appraisalFen: 0, insuranceFen: 0 },
      { year: 2025, appraisalCapFen: 10_000_000, insuranceCapFen: 2_000_000, appraisalFen: 10_000_000, insuranceFen: 2_000_000 },
      { year: 2026, appraisalCapFen: 10_000_000, insuranceCapFen: 2_000_000, appraisalFen: 500, insuranceFen: 500 },
    ]);
    expect(r.totalFen).toBe(12_001_000); // 10,000,000 + 2,000,000 + 500 + 500
  });
});
