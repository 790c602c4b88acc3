import { decidePledges, foldLoans, pledgeEventsOf, type LoanEventLike, type LoanState, type PledgeAssetKind } from '@techcredit/contracts';
import { policyBook, type PolicyBook } from '@techcredit/policy';
import { pledgeRecord } from './decisions';
import { pledgeBreachRows } from './simulation';

/** A hand-worked simulation of pledge-rate caps (DOMAIN.md §13): the live rules under the live book and a draft. */
const [E1, E2] = ['91650100MA77XYW12K', '91650100MA77XYW13K'];
const PREFECTURE: Record<string, string> = { [E1]: '6501', [E2]: '6502' };
const uuid = (n: number): string => `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;
const disbursed = (n: number, loanId: string, enterpriseId: string, principalFen: number): LoanEventLike => ({
  id: uuid(n),
  type: 'loan.disbursed',
  data: { loanId, bankId: 'B1', enterpriseId, principalFen, rateBp: 380, disbursedOn: '2025-01-10', maturityOn: '2026-01-10', guaranteeType: 'ip_pledge' },
});
const pledge = (n: number, pledgeId: string, loanId: string, kind: PledgeAssetKind, appraisedValueFen: number): LoanEventLike => ({
  id: uuid(n),
  type: 'pledge.registered',
  data: { pledgeId, loanId, registeredOn: '2025-01-12', cnipaRegistrationNo: `Y${pledgeId}`, appraisalFeeFen: 0, insurancePremiumFen: 0, assets: [{ kind, registrationNo: `R-${pledgeId}`, appraisedValueFen, expiresOn: '2035-01-01' }] },
});
const events = [
  disbursed(1, 'L1', E1, 400_000_000), // P1: invention 900万元 × 50% = 450万元 ≥ 400万元, no breach
  disbursed(2, 'L2', E2, 300_000_000), // P2: trademark 800万元 × 40% = 320万元 ≥ 300万元, no breach
  pledge(10, 'P1', 'L1', 'invention_patent', 900_000_000),
  pledge(11, 'P2', 'L2', 'trademark', 800_000_000),
];
const loans = new Map<string, LoanState | undefined>([...foldLoans(events)].map(([id, f]) => [id, f.loan]));
const { registrations, releases } = pledgeEventsOf(events);
const outcomes = decidePledges(registrations, releases, (id) => loans.get(id));
const rows = (book: PolicyBook) => pledgeBreachRows(outcomes.map((o) => pledgeRecord(o, (d) => book.at('pledgeCaps', d))), [2025], (id) => PREFECTURE[id]!);
const caps = policyBook.require('pledgeCaps', '2025-01-01');

describe('pledge-cap breaches per year and prefecture', () => {
  const live = rows(policyBook);
  it('live: two checked pledges, no breach', () => {
    expect(live).toEqual([
      { year: 2025, prefecture: '6501', checkedPledges: 1, breaches: 0, breachPrincipalFen: 0 },
      { year: 2025, prefecture: '6502', checkedPledges: 1, breaches: 0, breachPrincipalFen: 0 },
    ]);
  });
  it('the version in force as the draft gives exactly the live figures', () => {
    expect(rows(policyBook.withDraft(policyBook.versionAt('pledgeCaps', '2025-01-12')!))).toEqual(live);
  });
  it('a changed cap: invention patents at 40% from 2025 — P1 (allowed 360万元 < 400万元) breaches; trademarks unchanged', () => {
    const draft = rows(policyBook.withDraft({ key: 'pledgeCaps', effectiveFrom: '2025-01-01', value: { ...caps, invention_patent: 4000 } }));
    expect(draft).toEqual([{ ...live[0], breaches: 1, breachPrincipalFen: 400_000_000 }, live[1]]);
  });
  it('a cap in force only before the registration date changes nothing', () => {
    expect(rows(policyBook.withDraft({ key: 'pledgeCaps', effectiveFrom: '2024-01-01', value: { ...caps, invention_patent: 0 } }, '2025-01-11'))).toEqual(live);
  });
});
