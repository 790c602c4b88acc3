import { loanFromDisbursement, type LoanState, type PledgeRegistered } from '@techcredit/contracts';
import { decidePledgeRegistration } from './register';
import { pledgeRateCheck, type PledgeCaps } from './pledge-rate';
import { policyBook } from '@techcredit/policy';

/** The caps of DOMAIN.md §4 in bp (the default `pledgeCaps` policy): invention 50%, utility model and design 30%,
 * trademark 40%, copyright and software 30%. */
const caps: PledgeCaps = policyBook.require('pledgeCaps', '2025-03-05');

const loan: LoanState = loanFromDisbursement({
  loanId: 'L1',
  bankId: 'B1',
  enterpriseId: '91650100MA77XYW12K',
  principalFen: 600_000_000, // 600万元
  rateBp: 380,
  disbursedOn: '2025-03-01',
  maturityOn: '2026-03-01',
  guaranteeType: 'ip_pledge',
});

const pledge: PledgeRegistered = {
  pledgeId: 'P1',
  loanId: 'L1',
  assets: [
    { kind: 'invention_patent', registrationNo: 'ZL1', appraisedValueFen: 800_000_000, expiresOn: '2040-01-01' },
    { kind: 'trademark', registrationNo: 'TM7', appraisedValueFen: 33_333_333, expiresOn: '2026-03-01' },
  ],
  cnipaRegistrationNo: 'Y2025650000001',
  registeredOn: '2025-03-05',
  appraisalFeeFen: 5_000_000,
  insurancePremiumFen: 800_000,
};

describe('decidePledgeRegistration', () => {
  it('parks a pledge whose loan is not known yet (not a refusal)', () => {
    const d = decidePledgeRegistration({ pledge, loan: undefined, activePledges: [], caps });
    expect(d).toEqual({ ok: false, status: 'parked', reason: 'PARK', message: expect.any(String) });
  });

  it('refuses a loan that is not an ip_pledge loan', () => {
    const d = decidePledgeRegistration({ pledge, loan: { ...loan, guaranteeType: 'credit' }, activePledges: [], caps });
    expect(d.ok === false && d.reason).toBe('LOAN_NOT_IP_PLEDGE');
  });

  it('refuses an asset already under an active pledge of another pledge id, naming it', () => {
    const active = [{ pledgeId: 'P0', assets: [{ kind: 'trademark' as const, registrationNo: 'TM7' }] }];
    const d = decidePledgeRegistration({ pledge, loan, activePledges: active, caps });
    expect(d).toEqual({
      ok: false,
      status: 'refused',
      reason: 'ASSET_ALREADY_PLEDGED',
      message: expect.stringContaining('trademark|TM7 (pledge P0)'),
      assets: [{ kind: 'trademark', registrationNo: 'TM7' }],
    });
  });

  it('does not treat the same asset number under another kind, or a replay of the same pledge, as a conflict', () => {
    const active = [
      { pledgeId: 'P0', assets: [{ kind: 'copyright' as const, registrationNo: 'TM7' }] },
      { pledgeId: 'P1', assets: [{ kind: 'invention_patent' as const, registrationNo: 'ZL1' }] },
    ];
    expect(decidePledgeRegistration({ pledge, loan, activePledges: active, caps }).status).toBe('accepted');
  });

  it('refuses an asset expiring before the loan matures; expiring on the maturity date is fine', () => {
    const expiring = { ...pledge, assets: [pledge.assets[0]!, { ...pledge.assets[1]!, expiresOn: '2026-02-28' }] };
    const d = decidePledgeRegistration({ pledge: expiring, loan, activePledges: [], caps });
    expect(d.ok === false && d.reason).toBe('ASSET_EXPIRES_BEFORE_MATURITY');
    expect(d.ok === false && d.status === 'refused' && d.assets).toEqual([{ kind: 'trademark', registrationNo: 'TM7' }]);
    // The maturity that counts is the current one (after an extension to 2026-06-01, TM7 expiring 2026-03-01 fails).
    const extended = { ...loan, maturityOn: '2026-06-01' };
    expect(decidePledgeRegistration({ pledge, loan: extended, activePledges: [], caps }).status).toBe('refused');
  });

  it('accepts a pledge-rate breach but flags it', () => {
    // allowed = 50% × 800,000,000 + 40% × 33,333,333 = 400,000,000 + 13,333,333.2 = 413,333,333.2 fen
    // principal 600,000,000 > 413,333,333.2 → breach; allowedFen shown rounded down: 413,333,333.
    const d = decidePledgeRegistration({ pledge, loan, activePledges: [], caps });
    expect(d).toEqual({ ok: true, status: 'accepted', rate: { breach: true, allowedFen: 413_333_333, principalFen: 600_000_000 } });
  });
});

describe('pledgeRateCheck', () => {
  it('compares exactly: principal × 10000 ≤ Σ cap × appraised', () => {
    // Σ cap × appraised = 5000 × 800,000,000 + 4000 × 33,333,333 = 4,000,000,000,000 + 133,333,332,000 = 4,133,333,332,000
    expect(pledgeRateCheck(413_333_333, pledge.assets, caps).breach).toBe(false); // 4,133,333,330,000 ≤ 4,133,333,332,000
    expect(pledgeRateCheck(413_333_334, pledge.assets, caps).breach).toBe(true); // 4,133,333,340,000 > 4,133,333,332,000
  });

  it('uses the cap of each kind', () => {
    // 30% of a utility model appraised 1,000,001 fen = 300,000.3 → principal 300,000 fits, 300,001 does not.
    const um = [{ kind: 'utility_model' as const, appraisedValueFen: 1_000_001 }];
    expect(pledgeRateCheck(300_000, um, caps)).toEqual({ breach: false, allowedFen: 300_000, principalFen: 300_000 });
    expect(pledgeRateCheck(300_001, um, caps).breach).toBe(true);
  });
});
