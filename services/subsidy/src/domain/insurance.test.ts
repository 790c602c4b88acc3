import fc from 'fast-check';
import { INSURANCE_KIND_CODES, type InsuranceKind } from '@techcredit/reference';
import { addDays } from '@techcredit/money';
import { enterpriseInsuranceSubsidy, insuranceSubsidyOfYear, insuranceSummary, type InsurancePolicyFacts } from './insurance';
import { ENTERPRISE, techInsuranceAt } from './test-fixtures';

const tech = (): boolean => true;
const pol = (policyId: string, boundOn: string, kind: InsuranceKind, premiumFen: number, refundFen?: number): InsurancePolicyFacts => ({
  policyId,
  insurerId: 'INS1',
  enterpriseId: ENTERPRISE,
  kind,
  premiumFen,
  coverageFen: premiumFen * 100,
  boundOn,
  expiresOn: addDays(boundOn, 365),
  ...(refundFen === undefined ? {} : { cancellation: { cancelledOn: addDays(boundOn, 30), refundFen } }),
});
const run = (ps: InsurancePolicyFacts[], isTech: (d: string) => boolean = tech) => enterpriseInsuranceSubsidy(ENTERPRISE, ps, isTech, techInsuranceAt);
const lines = (r: ReturnType<typeof run>) => r.policies.map((p) => [p.policyId, p.grossFen, p.subsidyFen, p.state]);

const THREE = [
  pol('P3', '2025-09-01', 'patent_enforcement', 10_000_000),
  pol('P1', '2025-02-01', 'rd_expense_loss', 15_000_000),
  pol('P2', '2025-05-01', 'key_rd_equipment', 20_000_001),
];

describe('tech-insurance subsidy (DOMAIN.md §10)', () => {
  it('fills the 20万元 cap across three policies of one year in boundOn order', () => {
    const r = run([...THREE, pol('P4', '2026-01-02', 'other_tech', 1_000)]);
    expect(lines(r)).toEqual([
      ['P1', 7_500_000, 7_500_000, 'granted'], // 50% × 15,000,000
      ['P2', 10_000_001, 10_000_001, 'granted'], // 50% × 20,000,001 = 10,000,000.5 → 10,000,001 (half-up)
      ['P3', 5_000_000, 2_499_999, 'granted'], // 20,000,000 − 17,500,001 left
      ['P4', 500, 500, 'granted'], // a new year, a new cap
    ]);
    expect(r.policies.map((p) => p.capped)).toEqual([false, false, true, false]);
    expect(r.years).toEqual([
      { year: 2025, capFen: 20_000_000, policies: 3, grossFen: 22_500_001, subsidyFen: 20_000_000, atCap: true },
      { year: 2026, capFen: 20_000_000, policies: 1, grossFen: 500, subsidyFen: 500, atCap: false },
    ]);
    expect(r.totalFen).toBe(20_000_500);
    expect(insuranceSubsidyOfYear(r, 2025).totalFen).toBe(20_000_000);
  });

  it('a cancellation refund after the cap was reached reduces that policy and frees room for the later ones', () => {
    // P1 cancelled with 5,000,000 refunded: net 10,000,000 → 5,000,000; P2 10,000,001; P3 gets 20,000,000 − 15,000,001 = 4,999,999
    const r = run([pol('P1', '2025-02-01', 'rd_expense_loss', 15_000_000, 5_000_000), THREE[2] as InsurancePolicyFacts, THREE[0] as InsurancePolicyFacts]);
    expect(lines(r)).toEqual([
      ['P1', 5_000_000, 5_000_000, 'reduced'],
      ['P2', 10_000_001, 10_000_001, 'granted'],
      ['P3', 5_000_000, 4_999_999, 'granted'],
    ]);
    expect(r.totalFen).toBe(20_000_000);
    // the last capped policy refunded in full: nothing for it, the year drops below the cap
    const full = run([THREE[1] as InsurancePolicyFacts, THREE[2] as InsurancePolicyFacts, pol('P3', '2025-09-01', 'patent_enforcement', 10_000_000, 10_000_000)]);
    expect(lines(full)).toEqual([
      ['P1', 7_500_000, 7_500_000, 'granted'],
      ['P2', 10_000_001, 10_000_001, 'granted'],
      ['P3', 0, 0, 'reduced'],
    ]);
    expect(full.years[0]).toMatchObject({ subsidyFen: 17_500_001, atCap: false });
  });

  it('first-set equipment at 80%, the rest at 50%, fen half-up; a refund above the premium leaves 0', () => {
    const r = run([
      pol('A', '2025-03-01', 'first_set_equipment', 1_234_567), // 987,653.6 → 987,654
      pol('B', '2025-03-01', 'first_set_equipment', 3), // 2.4 → 2
      pol('C', '2025-03-01', 'loan_guarantee', 7), // 3.5 → 4
      pol('D', '2025-03-02', 'rd_expense_loss', 100, 150),
    ]);
    expect(r.policies.map((p) => [p.policyId, p.rateBp, p.netPremiumFen, p.subsidyFen])).toEqual([
      ['A', 8000, 1_234_567, 987_654],
      ['B', 8000, 3, 2],
      ['C', 5000, 7, 4],
      ['D', 5000, 0, 0],
    ]);
  });

  it('only a tech enterprise on boundOn is eligible; its policy takes no cap room', () => {
    const r = run([pol('X', '2025-01-10', 'rd_expense_loss', 50_000_000), pol('Y', '2025-06-01', 'rd_expense_loss', 10_000_000)], (d) => d >= '2025-02-01');
    expect(r.policies.map((p) => [p.policyId, p.state, p.reason, p.subsidyFen])).toEqual([
      ['X', 'ineligible', 'NOT_TECH', 0],
      ['Y', 'granted', undefined, 5_000_000],
    ]);
    const s = insuranceSummary([r], 2025);
    expect(s).toMatchObject({ policies: 2, eligiblePolicies: 1, enterprises: 1, enterprisesAtCap: 0, subsidyFen: 5_000_000, byKind: { rd_expense_loss: { policies: 1, subsidyFen: 5_000_000 } } });
  });

  const policiesArb = fc
    .array(
      fc.record({
        day: fc.integer({ min: 0, max: 800 }),
        kind: fc.constantFrom(...INSURANCE_KIND_CODES),
        premium: fc.integer({ min: 0, max: 30_000_000 }),
        refundShare: fc.option(fc.integer({ min: 0, max: 120 }), { nil: undefined }),
      }),
      { maxLength: 12 },
    )
    .map((xs) =>
      xs.map((x, i) => pol(`P${String(i).padStart(2, '0')}`, addDays('2024-06-01', x.day), x.kind, x.premium, x.refundShare === undefined ? undefined : Math.floor((x.premium * x.refundShare) / 100))),
    );

  it('property: per year the subsidy never exceeds the cap, per policy never its gross', () => {
    fc.assert(
      fc.property(policiesArb, (ps) => {
        const r = run(ps);
        for (const y of r.years) expect(y.subsidyFen).toBeLessThanOrEqual(20_000_000);
        for (const p of r.policies) {
          expect(p.subsidyFen).toBeGreaterThanOrEqual(0);
          expect(p.subsidyFen).toBeLessThanOrEqual(p.grossFen);
        }
        expect(r.totalFen).toBe(r.policies.reduce((s, p) => s + p.subsidyFen, 0));
      }),
    );
  });

  it('property: the result does not depend on the order or repetition of policies', () => {
    const arb = policiesArb.chain((ps) => fc.tuple(fc.constant(ps), fc.shuffledSubarray(ps, { minLength: ps.length, maxLength: ps.length })));
    fc.assert(fc.property(arb, ([ps, shuffled]) => expect(run([...shuffled, ...shuffled])).toEqual(run(ps))));
  });
});
