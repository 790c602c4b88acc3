import fc from 'fast-check';
import { foldLoans, type LoanState } from './loan-state';
import type { LoanEventLike, PledgeRegistered } from './loans';
import { decidePledges, pledgeEventsOf, type PledgeOutcome } from './pledge-decision';

const E = '91650100MA77XYW12K';
const uuid = (n: number): string => `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;

const disbursed = (n: number, loanId: string, disbursedOn: string, maturityOn: string, guaranteeType: 'ip_pledge' | 'credit' = 'ip_pledge'): LoanEventLike => ({
  id: uuid(n),
  type: 'loan.disbursed',
  data: { loanId, bankId: 'B1', enterpriseId: E, principalFen: 1_000_000, rateBp: 380, disbursedOn, maturityOn, guaranteeType },
});
const repaid = (n: number, loanId: string, amountFen: number, repaidOn: string): LoanEventLike => ({ id: uuid(n), type: 'loan.repaid', data: { loanId, amountFen, repaidOn } });
const pledge = (n: number, pledgeId: string, loanId: string, registeredOn: string, regs: string[], expiresOn = '2040-01-01'): LoanEventLike => {
  const data: PledgeRegistered = {
    pledgeId,
    loanId,
    assets: regs.map((registrationNo) => ({ kind: 'invention_patent', registrationNo, appraisedValueFen: 5_000_000, expiresOn })),
    cnipaRegistrationNo: `Y-${pledgeId}`,
    registeredOn,
    appraisalFeeFen: 10_000,
    insurancePremiumFen: 2_000,
  };
  return { id: uuid(n), type: 'pledge.registered', data };
};
const released = (n: number, pledgeId: string, loanId: string, releasedOn: string): LoanEventLike => ({ id: uuid(n), type: 'pledge.released', data: { pledgeId, loanId, releasedOn } });

function decide(events: readonly LoanEventLike[]): PledgeOutcome[] {
  const loans = new Map<string, LoanState | undefined>([...foldLoans(events)].map(([id, f]) => [id, f.loan]));
  const { registrations, releases } = pledgeEventsOf(events);
  return decidePledges(registrations, releases, (id) => loans.get(id));
}
const summary = (outcomes: PledgeOutcome[]) =>
  outcomes.map((o) => (o.status === 'refused' ? [o.pledge.pledgeId, o.refusal.reason] : [o.pledge.pledgeId, o.release.released ? `released ${o.release.releasedOn}` : 'active']));

describe('decidePledges: canonical order (registeredOn, then pledgeId)', () => {
  // L1 and L2 mature 2026-01-01; L3 is a credit loan.
  const base = [
    disbursed(1, 'L1', '2025-01-01', '2026-01-01'),
    disbursed(2, 'L2', '2025-02-01', '2026-01-01'),
    disbursed(3, 'L3', '2025-03-01', '2026-01-01', 'credit'),
  ];

  it('the earlier registration holds the asset; a later one on the same asset is refused, naming the holder', () => {
    // P-B (2025-02-01) takes ZL1 before P-A (2025-02-05), whatever the arrival order.
    const events = [...base, pledge(10, 'P-A', 'L1', '2025-02-05', ['ZL1']), pledge(11, 'P-B', 'L2', '2025-02-01', ['ZL1', 'ZL2'])];
    const out = decide(events);
    expect(summary(out)).toEqual([
      ['P-B', 'active'],
      ['P-A', 'ASSET_ALREADY_PLEDGED'],
    ]);
    expect(out[1]?.status === 'refused' && out[1].refusal.message).toBe('already under an active pledge: invention_patent|ZL1 (pledge P-B)');
    expect(decide([...events].reverse())).toEqual(out);
  });

  it('on the same date, the smaller pledge id wins', () => {
    const out = decide([...base, pledge(10, 'P-2', 'L1', '2025-03-01', ['ZL1']), pledge(11, 'P-1', 'L2', '2025-03-01', ['ZL1'])]);
    expect(summary(out)).toEqual([
      ['P-1', 'active'],
      ['P-2', 'ASSET_ALREADY_PLEDGED'],
    ]);
  });

  it('a released pledge frees its assets from its release date on', () => {
    // L2 is fully repaid on 2025-06-01: P-B is released then; P-A registered 2025-06-01 may take ZL1,
    // P-C registered 2025-05-31 may not. A refused pledge holds nothing: P-D (2025-07-01) conflicts with P-A only.
    const events = [
      ...base,
      repaid(20, 'L2', 1_000_000, '2025-06-01'),
      pledge(10, 'P-B', 'L2', '2025-02-01', ['ZL1']),
      pledge(11, 'P-C', 'L1', '2025-05-31', ['ZL1', 'ZL9']),
      pledge(12, 'P-A', 'L1', '2025-06-01', ['ZL1']),
      pledge(13, 'P-D', 'L1', '2025-07-01', ['ZL9']),
    ];
    expect(summary(decide(events))).toEqual([
      ['P-B', 'released 2025-06-01'],
      ['P-C', 'ASSET_ALREADY_PLEDGED'],
      ['P-A', 'active'],
      ['P-D', 'active'],
    ]);
  });

  it('a release event releases on its date, or on full repayment if that is earlier', () => {
    const events = [...base, pledge(10, 'P-A', 'L1', '2025-01-05', ['ZL1']), released(11, 'P-A', 'L1', '2025-04-01'), released(12, 'P-A', 'L1', '2025-03-01')];
    expect(summary(decide(events))).toEqual([['P-A', 'released 2025-03-01']]);
    // A release naming another loan is not this pledge's release.
    expect(summary(decide([...base, pledge(10, 'P-A', 'L1', '2025-01-05', ['ZL1']), released(11, 'P-A', 'L2', '2025-03-01')]))).toEqual([['P-A', 'active']]);
  });

  it('refuses a credit loan and an asset expiring before maturity; the same pledge id twice counts once', () => {
    const events = [
      ...base,
      pledge(10, 'P-A', 'L3', '2025-03-02', ['ZL1']),
      pledge(11, 'P-B', 'L1', '2025-03-02', ['ZL2'], '2025-12-31'),
      pledge(12, 'P-C', 'L2', '2025-03-02', ['ZL3'], '2026-01-01'),
      pledge(13, 'P-C', 'L2', '2025-03-03', ['ZL4']),
    ];
    const out = decide(events);
    expect(summary(out)).toEqual([
      ['P-A', 'LOAN_NOT_IP_PLEDGE'],
      ['P-B', 'ASSET_EXPIRES_BEFORE_MATURITY'],
      ['P-C', 'active'],
    ]);
    expect(out[2]?.pledge.assets[0]?.registrationNo).toBe('ZL3'); // the earlier registration of P-C
  });

  it('leaves out a pledge whose loan is unknown (parked upstream, not refused)', () => {
    expect(decide([pledge(10, 'P-A', 'LX', '2025-01-05', ['ZL1'])])).toEqual([]);
  });

  it('property: decisions do not depend on the order or repetition of events', () => {
    const regs = ['ZL1', 'ZL2', 'ZL3'];
    const pledgeArb = fc.record({
      loan: fc.constantFrom('L1', 'L2', 'L3'),
      day: fc.integer({ min: 1, max: 28 }),
      assets: fc.subarray(regs, { minLength: 1 }),
      pid: fc.integer({ min: 1, max: 6 }),
    });
    const streamArb = fc.tuple(fc.array(pledgeArb, { maxLength: 8 }), fc.boolean()).map(([ps, repay]) => [
      ...base,
      ...(repay ? [repaid(90, 'L1', 1_000_000, '2025-04-10')] : []),
      ...ps.map((p, i) => pledge(100 + i, `P${p.pid}`, p.loan, `2025-04-${String(p.day).padStart(2, '0')}`, p.assets)),
    ]);
    fc.assert(
      fc.property(
        streamArb.chain((events) => fc.tuple(fc.constant(events), fc.shuffledSubarray(events, { minLength: events.length, maxLength: events.length }), fc.subarray(events))),
        ([events, shuffled, repeats]) => {
          const expected = decide(events);
          expect(decide([...shuffled, ...repeats])).toEqual(expected);
          // No asset is held by two accepted pledges on the same day.
          const held = new Map<string, string>();
          for (const o of expected) {
            if (o.status !== 'accepted') continue;
            for (const a of o.pledge.assets) {
              const prev = held.get(a.registrationNo);
              if (prev !== undefined) expect(prev <= o.pledge.registeredOn).toBe(true);
              held.set(a.registrationNo, o.release.released ? o.release.releasedOn : '9999-12-31');
            }
          }
        },
      ),
    );
  });
});
