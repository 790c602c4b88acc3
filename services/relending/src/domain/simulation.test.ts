import { loanFromDisbursement, type LoanState } from '@techcredit/contracts';
import { policyBook, type PolicyBook } from '@techcredit/policy';
import { bankRelending } from './bank';
import { relendingFigureRows } from './simulation';

/** Hand-worked simulations (DOMAIN.md §13): the live rules under the live book and under a draft. */
const [E1, E2] = ['91650100MA77XYW12K', '91650100MA77XYW13K'];
const loan = (loanId: string, bankId: string, enterpriseId: string, principalFen: number, disbursedOn: string, maturityOn: string): LoanState =>
  loanFromDisbursement({ loanId, bankId, enterpriseId, principalFen, rateBp: 350, disbursedOn, maturityOn, guaranteeType: 'credit' });
const banks = [
  { bankId: 'B1', relendingEligible: true, quotaFen: 100_000_000_000 },
  { bankId: 'B2', relendingEligible: true, quotaFen: 100_000_000_000 },
];
/** E1 holds HTE; E2 holds ISME only (in no re-lending version's list). */
const designationsOn = (enterpriseId: string): string[] => [enterpriseId === E1 ? 'HTE' : 'ISME'];
const loans = [
  loan('R1', 'B1', E1, 1_000_000_000, '2025-02-10', '2026-02-10'), // 2024 version: claim 600,000,000
  loan('R2', 'B1', E2, 500_000_000, '2025-02-20', '2026-02-20'), // ISME: not eligible
  loan('R3', 'B2', E1, 200_000_000, '2025-08-01', '2026-08-01'), // 2025 version: claim 120,000,000, applied 2025-10-01
];
const rows = (book: PolicyBook) =>
  relendingFigureRows(
    banks.map((b) => bankRelending(b, loans, designationsOn, (d) => book.at('relending', d), '2026-01-01')),
    [2025],
  );
const v2024 = policyBook.require('relending', '2024-04-07');

describe('re-lending figures per quarter and bank', () => {
  const live = rows(policyBook);
  it('live: R1 applied 2025-04-01 at 1.75%, R3 applied 2025-10-01 at 1.50%', () => {
    // R1: 600,000,000 × 175 × 365 (2025-04-01 .. 2026-04-01) / 3,600,000 = 10,645,833.33 → 10,645,833
    // R3: 120,000,000 × 150 × 365 (2025-10-01 .. 2026-10-01) / 3,600,000 = 1,825,000
    expect(live).toEqual([
      { quarter: '2025Q1', bankId: 'B1', eligibleLoans: 1, claimsFen: 600_000_000, applications: 1, appliedFen: 600_000_000, interestFen: 10_645_833 },
      { quarter: '2025Q3', bankId: 'B2', eligibleLoans: 1, claimsFen: 120_000_000, applications: 1, appliedFen: 120_000_000, interestFen: 1_825_000 },
    ]);
  });

  it('the version in force as the draft gives exactly the live figures', () => {
    expect(rows(policyBook.withDraft(policyBook.versionAt('relending', '2025-06-30')!))).toEqual(live);
  });

  it('a changed rate: 1.00% from 2025-04-01 to 2025-05-06 changes only the interest of the 2025Q1 application', () => {
    const draft = rows(policyBook.withDraft({ key: 'relending', effectiveFrom: '2025-04-01', value: { ...v2024, versionName: 'draft', rateBp: 100 } }, '2025-05-06'));
    // 600,000,000 × 100 × 365 / 3,600,000 = 6,083,333.33 → 6,083,333
    expect(draft).toEqual([{ ...live[0], interestFen: 6_083_333 }, live[1]]);
  });

  it('a changed eligibility list: ISME added to the 2024 version — R2 claims 300,000,000 in 2025Q1', () => {
    const draft = rows(policyBook.withDraft({ key: 'relending', effectiveFrom: '2024-04-07', value: { ...v2024, eligibleDesignations: [...v2024.eligibleDesignations, 'ISME'] } }));
    // claims 600,000,000 + 300,000,000 = 900,000,000; 900,000,000 × 175 × 365 / 3,600,000 = 15,968,750
    expect(draft).toEqual([{ ...live[0], eligibleLoans: 2, claimsFen: 900_000_000, appliedFen: 900_000_000, interestFen: 15_968_750 }, live[1]]);
  });

  it('keeps only the quarters of the period', () => {
    expect(relendingFigureRows(banks.map((b) => bankRelending(b, loans, designationsOn, (d) => policyBook.at('relending', d), '2026-01-01')), [2024])).toEqual([]);
  });
});
