import { addDays, addMonths } from '@techcredit/money';
import { policyBook } from '@techcredit/policy';
import { BankRegistration, DesignationGranted, EnterpriseRegistration } from '@techcredit/contracts/src/registry';
import { LoanEventItemSchema } from '@techcredit/contracts/src/loans';
import { CreditProductSchema } from '@techcredit/contracts/src/products';
import { IndicatorsFiledSchema } from '@techcredit/contracts/src/scoring';
import { isTechOn } from '@techcredit/stats/src/domain';
import { generateScenario, SCENARIO_SUMMARY, toStatsInput, UNIT_FEN, type LoanDisbursedData, type Scenario } from './index';

const full = generateScenario({ seed: 2024, scale: 1 });
const small = generateScenario({ seed: 7, scale: 0.05 });

const disbursed = (s: Scenario): LoanDisbursedData[] => s.loanEvents.flatMap((e) => (e.type === 'loan.disbursed' ? [e.data] : []));

/** The stats computed over the scenario equal the construction's targets, to the fen. */
function expectCalibrated(s: Scenario): void {
  const t = s.calibration;
  const st = s.expected.stats;
  expect(st.supportedEnterprises).toMatchObject({ value: t.supported2024, previous: t.supported2023 });
  expect(st.balance).toMatchObject({ fen: t.balance2024 * UNIT_FEN, previousFen: t.balance2023 * UNIT_FEN });
  expect(st.creditLoansIssued).toMatchObject({ fen: t.credit2024 * UNIT_FEN, previousFen: t.credit2023 * UNIT_FEN });
  expect(st.ipPledge.enterpriseTimes).toMatchObject({ value: t.ipTimes2024, previous: t.ipTimes2023 });
  expect(st.ipPledge.balance).toMatchObject({ fen: t.ipBalance2024 * UNIT_FEN, previousFen: t.ipBalance2023 * UNIT_FEN });
  expect(st.allLoans).toMatchObject({ fen: t.allLoans2024 * UNIT_FEN, previousFen: t.allLoans2023 * UNIT_FEN });
  expect(st.registry).toMatchObject(t.registry);
  expect(s.expected.stats2023.current).toEqual(st.prior);
}

describe('scale 1 reproduces the published figures (§8)', () => {
  it('agrees on every benchmark row', () => {
    expect(full.expected.benchmark.filter((r) => !r.agrees)).toEqual([]);
    const row = (m: string) => full.expected.benchmark.find((r) => r.metric === m)?.computed;
    expect([row('supportedEnterprises'), row('balanceYi'), row('spreadPoints'), row('creditLoansIssuedYi'), row('ipPledgeEnterpriseTimesGrowthPct')]).toEqual(['7880', '6616.93', '6.58', '2126.8', '47.7']);
    expect(full.expected.stats.supportedEnterprises.previous).toBe(6799);
    expectCalibrated(full);
  });

  it('keeps the pipeline affordable and the loans realistic', () => {
    const sum = SCENARIO_SUMMARY(full);
    expect(sum.totalEvents).toBeLessThan(40_000);
    const loans = disbursed(full);
    expect(loans.length).toBeLessThan(1.5 * 7880);
    for (const l of loans) {
      expect(Number.isSafeInteger(l.principalFen)).toBe(true);
      expect(l.principalFen).toBeGreaterThanOrEqual(1_000_000 * 100); // ≥ 100万元
      expect(l.principalFen).toBeLessThanOrEqual(5_000_000_000_000); // ≤ 50亿元 (a few above 10亿)
    }
    expect(loans.filter((l) => l.principalFen >= 200_000_000 && l.principalFen <= 3_000_000_000).length).toBeGreaterThan(1000); // subsidy window
    // more tech enterprises than supported ones
    const input = toStatsInput(full);
    expect(input.enterprises.filter((e) => isTechOn(e, '2024-12-31')).length).toBeGreaterThan(7880);
  });

  it('has re-lending-eligible loans (§5) in every quarter of 2023–2024', () => {
    const banks = new Map(full.banks.map((b) => [b.bankId, b]));
    const ents = new Map(toStatsInput(full).enterprises.map((e) => [e.enterpriseId, e]));
    const quarters = new Set<string>();
    for (const l of disbursed(full)) {
      const policy = policyBook.require('relending', l.disbursedOn);
      const e = ents.get(l.enterpriseId);
      const holds = e?.designations.some((d) => (policy.eligibleDesignations as string[]).includes(d.code) && d.validFrom <= l.disbursedOn && (d.validTo === null || l.disbursedOn <= d.validTo));
      if (banks.get(l.bankId)?.relendingEligible && holds && l.maturityOn >= addMonths(l.disbursedOn, 6)) {
        quarters.add(`${l.disbursedOn.slice(0, 4)}Q${Math.ceil(Number(l.disbursedOn.slice(5, 7)) / 3)}`);
      }
    }
    expect([...quarters].sort()).toEqual(['2023Q1', '2023Q2', '2023Q3', '2023Q4', '2024Q1', '2024Q2', '2024Q3', '2024Q4']);
    expect(full.banks.filter((b) => b.relendingEligible)).toHaveLength(21);
  });
});

describe('determinism', () => {
  it('gives the same scenario for the same seed', () => {
    expect(generateScenario({ seed: 7, scale: 0.05 })).toEqual(small);
  });

  it('gives other ids and data for another seed, with the same calibrated aggregates', () => {
    const other = generateScenario({ seed: 8, scale: 0.05 });
    expect(other.loanEvents[0]?.id).not.toBe(small.loanEvents[0]?.id);
    const ids = new Set(small.loanEvents.map((e) => e.id));
    expect(other.loanEvents.filter((e) => ids.has(e.id))).toEqual([]);
    expect(other.enterprises.map((e) => e.name)).not.toEqual(small.enterprises.map((e) => e.name));
    expect(other.expected.stats.balance).toEqual(small.expected.stats.balance);
    expect(() => generateScenario({ seed: 1, scale: 0 })).toThrow(RangeError);
    expect(() => generateScenario({ seed: 1.5, scale: 1 })).toThrow(RangeError);
  });
});

describe('small scales are self-consistent', () => {
  it.each([
    [0.002, 1],
    [0.01, 2],
    [0.02, 3],
    [0.1, 4],
  ])('scale %p seed %p: computed statistics equal the targets', (scale, seed) => {
    expectCalibrated(generateScenario({ seed, scale }));
  });

  it('scales counts and amounts proportionally', () => {
    const t = small.calibration;
    expect(t.supported2024).toBe(394); // 7880 × 0.05
    expect(t.balance2024).toBe(3_308_465); // 66,169,300万元 × 0.05
    expect(small.expected.stats.balance.growth?.value).toBe('14.48');
  });
});

describe('the generated records', () => {
  it('match the contracts', () => {
    for (const e of small.enterprises) EnterpriseRegistration.parse(e);
    for (const g of small.designationGrants) DesignationGranted.parse(g);
    for (const b of small.banks) BankRegistration.parse(b);
    for (const p of small.products) CreditProductSchema.parse(p);
    for (const f of small.filings) IndicatorsFiledSchema.parse(f);
    for (const e of small.loanEvents) LoanEventItemSchema.parse(e);
    expect(new Set(small.enterprises.map((e) => e.enterpriseId)).size).toBe(small.enterprises.length);
    expect(new Set(small.enterprises.map((e) => e.name)).size).toBe(small.enterprises.length);
  });

  it('order events by time, each after its disbursement, never repaying more than lent', () => {
    const sorted = [...small.loanEvents].sort((a, b) => (a.occurredAt < b.occurredAt ? -1 : a.occurredAt > b.occurredAt ? 1 : 0));
    expect(sorted.map((e) => e.id)).toEqual(small.loanEvents.map((e) => e.id));
    const left = new Map<string, number>();
    for (const e of small.loanEvents) {
      if (e.type === 'loan.disbursed') left.set(e.data.loanId, e.data.principalFen);
      else if (e.type === 'loan.repaid' || e.type === 'loan.written_off') {
        const rest = (left.get(e.data.loanId) ?? -Infinity) - e.data.amountFen;
        expect(rest).toBeGreaterThanOrEqual(0);
        left.set(e.data.loanId, rest);
      } else expect(left.has(e.data.loanId)).toBe(true);
    }
  });

  it('drops enterprises whose designations lapse and adds newcomers', () => {
    const input = toStatsInput(small);
    const withLoan = new Set(input.loans.map((l) => l.enterpriseId));
    const lapsed = input.enterprises.filter((e) => withLoan.has(e.enterpriseId) && isTechOn(e, '2023-12-31') && !isTechOn(e, '2024-12-31'));
    const newcomers = input.enterprises.filter((e) => withLoan.has(e.enterpriseId) && !isTechOn(e, '2023-12-31') && isTechOn(e, '2024-12-31'));
    expect(lapsed.length).toBeGreaterThan(0);
    expect(newcomers.length).toBeGreaterThan(0);
    expect(SCENARIO_SUMMARY(small).loanEvents['loan.written_off']).toBeGreaterThan(0);
  });

  it('pledges every IP loan within the caps, except the deliberate breaches', () => {
    const loans = new Map(disbursed(full).map((l) => [l.loanId, l]));
    const pledges = full.loanEvents.flatMap((e) => (e.type === 'pledge.registered' ? [e.data] : []));
    expect(pledges.length).toBe(disbursed(full).filter((l) => l.guaranteeType === 'ip_pledge').length);
    const assets = pledges.flatMap((p) => p.assets.map((a) => `${a.kind}|${a.registrationNo}`));
    expect(new Set(assets).size).toBe(assets.length);
    let breaches = 0;
    for (const p of pledges) {
      const loan = loans.get(p.loanId);
      const caps = policyBook.require('pledgeCaps', p.registeredOn);
      const capacity = p.assets.reduce((a, x) => a + (BigInt(x.appraisedValueFen) * BigInt(caps[x.kind])) / 10_000n, 0n);
      if (capacity < BigInt(loan?.principalFen ?? 0)) breaches++;
      for (const a of p.assets) expect(a.expiresOn > (loan?.maturityOn ?? '')).toBe(true);
    }
    expect(breaches).toBe(3);
  });
});

describe('2025 service-platform activity (§9.3, §12)', () => {
  it('has HTE and TSME applications, some rejected, some ineligible, decided in 2025 after they were filed', () => {
    const apps = full.applications;
    expect(apps.filter((a) => a.body.designation === 'HTE')).toHaveLength(100);
    expect(apps.filter((a) => a.body.designation === 'TSME')).toHaveLength(20);
    const approved = apps.filter((a) => a.decision.decision === 'approved');
    expect(apps.filter((a) => !a.qualified).length).toBeGreaterThan(5);
    expect(apps.filter((a) => a.qualified && a.decision.decision === 'rejected').length).toBeGreaterThan(0);
    expect(approved.every((a) => a.qualified && a.grant !== null && a.grant.validFrom === a.decision.decidedOn)).toBe(true);
    expect(apps.filter((a) => !a.qualified).every((a) => a.decision.decision === 'rejected' && a.failed.length > 0)).toBe(true);
    for (const a of apps) {
      expect(a.body.on >= '2025-01-01' && a.decision.decidedOn > a.body.on && a.decision.decidedOn <= '2025-12-31').toBe(true);
      expect(a.grant === null || a.grant.validFrom > full.expected.asOf).toBe(true);
    }
    expect(new Set(apps.map((a) => a.enterpriseId)).size).toBe(apps.length);
  });

  it('applicants held neither HTE nor TSME at the end of 2024; HTE grants run three years', () => {
    const held = new Set(full.designationGrants.filter((g) => (g.code === 'HTE' || g.code === 'TSME') && g.validFrom <= '2024-12-31' && (g.validTo === null || g.validTo >= '2024-12-31')).map((g) => g.enterpriseId));
    expect(full.applications.filter((a) => held.has(a.enterpriseId))).toEqual([]);
    const hte = full.applications.find((a) => a.grant?.code === 'HTE')!;
    expect(hte.grant!.validTo).toBe(addDays(addMonths(hte.grant!.validFrom, 36), -1));
  });

  it('carries the seed targets, scaled; the 2024 figures do not depend on them', () => {
    expect(full.programmeTargets.map((t) => [t.targetId, t.metric, t.targetValue, t.mode])).toEqual([
      ['hte-total-2025', 'designation:HTE', 3200, 'level'],
      ['hte-net-2025', 'designation:HTE', 700, 'change'],
    ]);
    expect(small.programmeTargets.map((t) => t.targetValue)).toEqual([160, 35]);
    expect(generateScenario({ seed: 2024, scale: 1 }).applications).toEqual(full.applications);
  });
});

describe('insurers, policies, investments and v2 loans (issue 11)', () => {
  it('are valid contract data, drawn apart from the calibrated loans (the published figures still agree)', async () => {
    const { PolicyBoundSchema, PolicyCancelledSchema, InvestmentRecordedSchema, InsurerRegistration } = await import('@techcredit/contracts/src/insurance');
    for (const s of [full, small]) {
      expect(s.insurers.length).toBe(3);
      for (const i of s.insurers) InsurerRegistration.parse(i);
      for (const p of s.policies) {
        PolicyBoundSchema.parse(p.bound);
        if (p.cancelled) {
          PolicyCancelledSchema.parse(p.cancelled.data);
          expect(p.cancelled.data.refundFen).toBeLessThanOrEqual(p.bound.premiumFen);
        }
      }
      for (const i of s.investments) InvestmentRecordedSchema.parse(i.data);
      const sum = SCENARIO_SUMMARY(s);
      expect(sum.policies).toBeGreaterThan(0);
      expect(sum.cancellations).toBeGreaterThan(0);
      expect(sum.investments).toBeGreaterThan(0);
    }
    const v2 = disbursed(full).filter((d) => d.productId !== undefined);
    expect(v2.length).toBeGreaterThan(0);
    expect(v2.every((d) => d.guaranteeType === 'credit' && full.products.some((p) => p.productId === d.productId && p.bankId === d.bankId))).toBe(true);
    const i = full.expected.stats.instruments;
    expect([i.published, i.investmentLinked.loans.value > 0, i.innovationPoints.loans.value > 0, i.firstLoanEnterprises.value > 0]).toEqual([false, true, true, true]);
    expect(full.expected.benchmark.filter((r) => !r.agrees)).toEqual([]);
  });
});
