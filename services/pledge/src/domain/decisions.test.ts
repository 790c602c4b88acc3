import { decidePledges, foldLoans, pledgeEventsOf, type LoanEventLike, type LoanState, type PledgeRegistered } from '@techcredit/contracts';
import { policyBook } from '@techcredit/policy';
import { loanCompensations, pledgeRecord } from './decisions';

const E = '91650100MA77XYW12K';
const uuid = (n: number): string => `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;
const capsAt = (d: string) => policyBook.at('pledgeCaps', d);
const shareAt = (d: string) => policyBook.at('riskCompensation', d);

const events: LoanEventLike[] = [
  // L1: 500万元 ip_pledge loan, written off 100万元 on 2025-09-01 while P1 holds its patent.
  { id: uuid(1), type: 'loan.disbursed', data: { loanId: 'L1', bankId: 'B1', enterpriseId: E, principalFen: 500_000_000, rateBp: 380, disbursedOn: '2025-01-10', maturityOn: '2026-01-10', guaranteeType: 'ip_pledge' } },
  { id: uuid(2), type: 'loan.written_off', data: { loanId: 'L1', amountFen: 100_000_001, writtenOffOn: '2025-09-01' } },
  // L2: 100万元, fully repaid 2025-06-30.
  { id: uuid(3), type: 'loan.disbursed', data: { loanId: 'L2', bankId: 'B2', enterpriseId: E, principalFen: 100_000_000, rateBp: 380, disbursedOn: '2025-01-20', maturityOn: '2026-01-20', guaranteeType: 'ip_pledge' } },
  { id: uuid(4), type: 'loan.repaid', data: { loanId: 'L2', amountFen: 100_000_000, repaidOn: '2025-06-30' } },
];
const pledge = (n: number, data: Omit<PledgeRegistered, 'cnipaRegistrationNo' | 'appraisalFeeFen' | 'insurancePremiumFen'>): LoanEventLike => ({
  id: uuid(n),
  type: 'pledge.registered',
  data: { ...data, cnipaRegistrationNo: `Y${data.pledgeId}`, appraisalFeeFen: 3_000_000, insurancePremiumFen: 500_000 },
});
const P1 = pledge(10, { pledgeId: 'P1', loanId: 'L1', registeredOn: '2025-01-12', assets: [{ kind: 'invention_patent', registrationNo: 'ZL1', appraisedValueFen: 900_000_000, expiresOn: '2035-01-01' }] });
const P2 = pledge(11, { pledgeId: 'P2', loanId: 'L2', registeredOn: '2025-01-21', assets: [{ kind: 'invention_patent', registrationNo: 'ZL1', appraisedValueFen: 900_000_000, expiresOn: '2035-01-01' }] });
const P3 = pledge(12, { pledgeId: 'P3', loanId: 'L2', registeredOn: '2025-01-22', assets: [{ kind: 'trademark', registrationNo: 'TM1', appraisedValueFen: 200_000_000, expiresOn: '2030-01-01' }] });

function outcomes(all: LoanEventLike[]) {
  const loans = new Map<string, LoanState | undefined>([...foldLoans(all)].map(([id, f]) => [id, f.loan]));
  const { registrations, releases } = pledgeEventsOf(all);
  return decidePledges(registrations, releases, (id) => loans.get(id));
}

describe('pledge records', () => {
  const out = outcomes([...events, P1, P2, P3]);
  const records = out.map((o) => pledgeRecord(o, capsAt));

  it('records an accepted pledge with its rate check, a refused one with its reason, a released one with its date', () => {
    // P1: allowed = 50% × 900万元 = 450万元 < 500万元 principal → breach, accepted.
    expect(records[0]).toMatchObject({ pledgeId: 'P1', status: 'accepted', breach: true, allowedFen: 450_000_000, principalFen: 500_000_000, reason: null });
    // P2: ZL1 is held by P1 (active) → refused; it holds nothing and has no rate check.
    expect(records[1]).toMatchObject({
      pledgeId: 'P2',
      bankId: 'B2',
      status: 'refused',
      reason: 'ASSET_ALREADY_PLEDGED',
      refusedAssets: [{ kind: 'invention_patent', registrationNo: 'ZL1' }],
      breach: null,
      allowedFen: null,
    });
    // P3: allowed = trademark 40% × 200万元 = 80万元 < 100万元 principal → breach; released when L2 was repaid in full.
    expect(records[2]).toMatchObject({ pledgeId: 'P3', status: 'released', releasedOn: '2025-06-30', releaseCause: 'repaid', breach: true, allowedFen: 80_000_000 });
  });

  it('has no rate check when no caps are in force on the registration date', () => {
    expect(pledgeRecord(out[0]!, () => undefined)).toMatchObject({ status: 'accepted', breach: null, allowedFen: null });
  });

  it('compensates a written-off pledged loan 30%, half-up, and nothing for a loan without write-offs', () => {
    // 30% × 100,000,001 = 30,000,000.3 → 30,000,000
    expect(loanCompensations(out, shareAt)).toEqual([
      {
        loanId: 'L1',
        bankId: 'B1',
        writtenOffFen: 100_000_001,
        coveredFen: 100_000_001,
        compensationFen: 30_000_000,
        items: [{ eventId: uuid(2), on: '2025-09-01', amountFen: 100_000_001, shareBp: 3000 }],
      },
    ]);
  });

  it('a refused pledge covers no write-off', () => {
    // Only P2 (refused) on a written-off loan: nothing is compensated.
    const w = outcomes([...events, { id: uuid(5), type: 'loan.written_off', data: { loanId: 'L2', amountFen: 1, writtenOffOn: '2025-03-01' } }, P1, P2]);
    const l2 = loanCompensations(w, shareAt).find((c) => c.loanId === 'L2');
    expect(l2).toMatchObject({ writtenOffFen: 1, coveredFen: 0, compensationFen: 0 });
  });
});
