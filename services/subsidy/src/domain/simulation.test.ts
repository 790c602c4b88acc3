import { applyRepayment, type LoanState } from '@techcredit/contracts';
import { policyBook, type PolicyBook } from '@techcredit/policy';
import { enterpriseFeeSubsidy } from './fees';
import { enterpriseInsuranceSubsidy, type InsurancePolicyFacts } from './insurance';
import { enterpriseInterestSubsidy } from './interest';
import { subsidyFigureRows } from './simulation';
import type { EnterpriseSubsidies } from './summary';
import { ENTERPRISE, loan } from './test-fixtures';

/** Hand-worked simulations (DOMAIN.md §13): the live rules under the live book and under a draft. */
const OTHER = '91650100MA77XYW13K';
const PREFECTURE: Record<string, string> = { [ENTERPRISE]: '6501', [OTHER]: '6502' };
const repaid = (l: LoanState, on: string): LoanState => {
  const r = applyRepayment(l, { kind: 'repaid', amountFen: l.principalFen, on, eventId: `${l.loanId}-r` });
  if (!r.ok) throw new Error(r.message);
  return r.loan;
};
// ENTERPRISE (HTE, 6501): LPR on each 2025 disbursement date (before 2025-05-20) is 310 bp.
//  L1 3000万元 at 360 bp (→ 310), 2025-01-01 .. repaid 2025-07-01, 181 days: basis 46,758,333, subsidy 23,379,167
//  L2 2000万元 at 360 bp (→ 310), 2025-02-01 .. repaid 2025-08-01, 181 days: basis 31,172,222, subsidy 15,586,111
//  L3 2000万元 at 300 bp, 2025-03-01 .. 2026-01-01, 306 days: basis 51,000,000, gross 25,500,000
// OTHER (TSME, 6502): M1 300万元 at 400 bp (→ 310), 2025-01-01 .. 2026-01-01, 365 days:
//  300,000,000 × 310 × 365 = 33,945,000,000,000 / 3,600,000 = 9,429,166.67 → 9,429,167; 50% → 4,714,584
const loans = [
  repaid(loan('L1', '2025-01-01', 3_000_000_000, 360), '2025-07-01'),
  repaid(loan('L2', '2025-02-01', 2_000_000_000, 360), '2025-08-01'),
  loan('L3', '2025-03-01', 2_000_000_000, 300),
  loan('M1', '2025-01-01', 300_000_000, 400, OTHER),
];
const designations: Record<string, string[]> = { [ENTERPRISE]: ['HTE'], [OTHER]: ['TSME'] };

function figures(book: PolicyBook) {
  const all: EnterpriseSubsidies[] = [ENTERPRISE, OTHER].map((id) => {
    const own = loans.filter((l) => l.enterpriseId === id);
    return {
      interest: enterpriseInterestSubsidy({ enterpriseId: id, loans: own, designationsOn: () => designations[id]!, subsidyAt: (d) => book.at('subsidy', d), lprAt: (d) => book.at('lpr1y', d), asOf: '2026-01-01' }),
      fees: enterpriseFeeSubsidy(id, [], (d) => book.at('subsidy', d)),
      disbursedOn: new Map(own.map((l) => [l.loanId, l.disbursedOn])),
    };
  });
  return subsidyFigureRows(all, [2025], (id) => PREFECTURE[id]!);
}
const scheme = policyBook.require('subsidy', '2025-01-01');

describe('subsidy figures per year and prefecture', () => {
  const live = figures(policyBook);
  it('live: 6501 at the 50万元 cap (L3 cut to 11,034,722), 6502 one loan of 4,714,584', () => {
    expect(live).toEqual([
      { year: 2025, prefecture: '6501', totalFen: 50_000_000, interestFen: 50_000_000, feesFen: 0, insuranceFen: 0, loansSubsidised: 3, enterprisesSubsidised: 1, enterprisesAtCap: 1, enterprisesAtInsuranceCap: 0 },
      { year: 2025, prefecture: '6502', totalFen: 4_714_584, interestFen: 4_714_584, feesFen: 0, insuranceFen: 0, loansSubsidised: 1, enterprisesSubsidised: 1, enterprisesAtCap: 0, enterprisesAtInsuranceCap: 0 },
    ]);
  });

  it('the version in force as the draft gives exactly the live figures', () => {
    expect(figures(policyBook.withDraft(policyBook.versionAt('subsidy', '2025-06-30')!))).toEqual(live);
    expect(figures(policyBook.withDraft(policyBook.versionAt('lpr1y', '2025-03-01')!))).toEqual(live);
  });

  it('a changed cap: 30万元 from 2025 — L2 is cut to 6,620,833, L3 gets nothing', () => {
    const draft = figures(policyBook.withDraft({ key: 'subsidy', effectiveFrom: '2025-01-01', value: { ...scheme, capPerEnterpriseYearFen: 30_000_000 } }));
    // 30,000,000 − 23,379,167 = 6,620,833 left for L2 (15,586,111 gross); 0 left for L3.
    expect(draft[0]).toEqual({ year: 2025, prefecture: '6501', totalFen: 30_000_000, interestFen: 30_000_000, feesFen: 0, insuranceFen: 0, loansSubsidised: 2, enterprisesSubsidised: 1, enterprisesAtCap: 1, enterprisesAtInsuranceCap: 0 });
    expect(draft[1]).toEqual(live[1]); // 4,714,584 is under either cap
  });

  it('a changed eligibility list: TSME dropped from 2025 — the 6502 enterprise gets nothing', () => {
    const draft = figures(policyBook.withDraft({ key: 'subsidy', effectiveFrom: '2025-01-01', value: { ...scheme, eligibleDesignations: ['HTE', 'LITTLE_GIANT'] } }));
    expect(draft).toEqual([live[0]]);
  });

  it('a changed rate: the LPR at 200 bp from 2025-01-01 (effectiveTo 2025-05-19) lowers every basis', () => {
    const draft = figures(policyBook.withDraft({ key: 'lpr1y', effectiveFrom: '2025-01-01', value: { rateBp: 200 } }, '2025-05-19'));
    // L1: 3,000,000,000 × 200 × 181 / 3,600,000 = 30,166,666.67 → 30,166,667; 50% → 15,083,334
    // L2: 2,000,000,000 × 200 × 181 / 3,600,000 = 20,111,111.11 → 20,111,111; 50% → 10,055,556
    // L3: 2,000,000,000 × 200 × 306 / 3,600,000 = 34,000,000; 50% = 17,000,000, within the 24,861,110 left
    //     15,083,334 + 10,055,556 + 17,000,000 = 42,138,890 < 50,000,000: nobody at the cap
    // M1: 300,000,000 × 200 × 365 / 3,600,000 = 6,083,333.33 → 6,083,333; 50% → 3,041,666.5 → 3,041,667
    expect(draft).toEqual([
      { year: 2025, prefecture: '6501', totalFen: 42_138_890, interestFen: 42_138_890, feesFen: 0, insuranceFen: 0, loansSubsidised: 3, enterprisesSubsidised: 1, enterprisesAtCap: 0, enterprisesAtInsuranceCap: 0 },
      { year: 2025, prefecture: '6502', totalFen: 3_041_667, interestFen: 3_041_667, feesFen: 0, insuranceFen: 0, loansSubsidised: 1, enterprisesSubsidised: 1, enterprisesAtCap: 0, enterprisesAtInsuranceCap: 0 },
    ]);
  });

  it('a changed tech-insurance cap (§10): 10万元 instead of 20万元 — the second policy is cut, the total follows', () => {
    // OTHER (TSME) binds two policies in 2025: P1 first-set equipment, premium 10万元 at 80% → 80,000元;
    // P2 R&D expense loss, premium 30万元 at 50% → 150,000元, cut to the 120,000元 left of the 20万元 cap.
    const policy = (policyId: string, kind: InsurancePolicyFacts['kind'], premiumFen: number, boundOn: string): InsurancePolicyFacts => ({
      policyId, insurerId: 'INSA', enterpriseId: OTHER, kind, premiumFen, coverageFen: premiumFen * 10, boundOn, expiresOn: '2026-12-31',
    });
    const policies = [policy('P1', 'first_set_equipment', 10_000_000, '2025-02-01'), policy('P2', 'rd_expense_loss', 30_000_000, '2025-03-01')];
    const withInsurance = (book: PolicyBook) =>
      subsidyFigureRows(
        [{ interest: enterpriseInterestSubsidy({ enterpriseId: OTHER, loans: [], designationsOn: () => ['TSME'], subsidyAt: (d) => book.at('subsidy', d), lprAt: (d) => book.at('lpr1y', d), asOf: '2026-01-01' }),
          fees: enterpriseFeeSubsidy(OTHER, [], (d) => book.at('subsidy', d)),
          disbursedOn: new Map(),
          insurance: enterpriseInsuranceSubsidy(OTHER, policies, () => true, (d) => book.at('techInsurance', d)) }],
        [2025],
        (id) => PREFECTURE[id]!,
      );
    const row = (insuranceFen: number) => ({ year: 2025, prefecture: '6502', totalFen: insuranceFen, interestFen: 0, feesFen: 0, insuranceFen, loansSubsidised: 0, enterprisesSubsidised: 1, enterprisesAtCap: 0, enterprisesAtInsuranceCap: 1 });
    expect(withInsurance(policyBook)).toEqual([row(20_000_000)]);
    const terms = policyBook.require('techInsurance', '2025-01-01');
    expect(withInsurance(policyBook.withDraft({ key: 'techInsurance', effectiveFrom: '2025-01-01', value: { ...terms, capPerEnterpriseYearFen: 10_000_000 } }))).toEqual([row(10_000_000)]);
    // A higher cap (30万元) lets both in whole: 80,000 + 150,000 = 230,000元, no longer at the cap.
    expect(withInsurance(policyBook.withDraft({ key: 'techInsurance', effectiveFrom: '2025-01-01', value: { ...terms, capPerEnterpriseYearFen: 30_000_000 } }))).toEqual([{ ...row(23_000_000), enterprisesAtInsuranceCap: 0 }]);
  });
});
