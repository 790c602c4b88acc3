/**
 * Policy simulation end to end (DOMAIN.md §13, decision 0016), on the real infrastructure (registry,
 * pledge, re-lending and subsidy in-process, real Kafka + FerretDB, JWTs through the public gateway):
 *  1. simulating the version in force of each simulated key gives exactly today's figures — the current
 *     side equals the draft side and both equal what the live routes serve (subsidy summary per year and
 *     prefecture, re-lending summary per year and bank, pledge breach flags per year);
 *  2. a changed draft changes the simulated figures only: nothing is published, the live figures stay;
 *  3. a key no simulated figure depends on is a 422 naming why; a bank is refused.
 *
 * Fixture. Banks BK1 (quota 1亿元) and BK2 (quota 300万元, so its quota binds), both re-lending eligible.
 * EA (6501, HTE), EB (6502, TSME), EC (6531, ISME only), designations from 2020. Loans 2024–2025: EA three
 * (two repaid, one of them in 2024, one with an invention-patent pledge within the cap), EB two (one with a trademark pledge that
 * breaches the 40% cap), EC one (no subsidy, no re-lending).
 */
import { randomUUID } from 'node:crypto';
import type { Principal } from '@techcredit/auth';
import { Topics } from '@techcredit/contracts';
import { policyBook } from '@techcredit/policy';
import { makeUscc } from '@techcredit/reference';
import { startPlatform, testNamespace, type Platform } from '@techcredit/testkit';
import { eventually, gatewayClient, topicMessageCount, type GatewayClient, type Json } from './e2e-helpers';

const [EA, EB, EC] = [960_001, 960_002, 960_003].map((n) => makeUscc(n)) as [string, string, string];
const admin: Principal = { role: 'admin', sub: 'sim-admin' };
const bk1 = { role: 'bank', bankId: 'BK1', sub: 'sim-bk1' } as const satisfies Principal;
const bk2 = { role: 'bank', bankId: 'BK2', sub: 'sim-bk2' } as const satisfies Principal;
const reg65: Principal = { role: 'regulator', region: '65', sub: 'sim-r65' };
const reg6501: Principal = { role: 'regulator', region: '6501', sub: 'sim-r6501' };

const at = (date: string) => `${date}T10:00:00+08:00`;
const ev = (type: string, data: Record<string, unknown>, date: string) => ({ id: randomUUID(), type, occurredAt: at(date), data });
const disbursed = (loanId: string, bankId: string, enterpriseId: string, principalFen: number, rateBp: number, disbursedOn: string, maturityOn: string, guaranteeType = 'credit') =>
  ev('loan.disbursed', { loanId, bankId, enterpriseId, principalFen, rateBp, disbursedOn, maturityOn, guaranteeType }, disbursedOn);
const pledged = (pledgeId: string, loanId: string, registeredOn: string, kind: string, appraisedValueFen: number) =>
  ev(
    'pledge.registered',
    { pledgeId, loanId, registeredOn, cnipaRegistrationNo: `Y-${pledgeId}`, appraisalFeeFen: 2_000_000, insurancePremiumFen: 300_000, assets: [{ kind, registrationNo: `R-${pledgeId}`, appraisedValueFen, expiresOn: '2040-01-01' }] },
    registeredOn,
  );

const period = { fromYear: 2024, toYear: 2025 };
const YEARS = [2024, 2025];
type Row = { key: Record<string, string | number>; current: Record<string, number>; draft: Record<string, number>; difference: Record<string, number> };
const sumOf = (rows: Row[], keep: (r: Row) => boolean, field: string) => rows.filter(keep).reduce((s, r) => s + (r.current[field] ?? 0), 0);

describe('policy simulation (DOMAIN.md §13)', () => {
  let platform: Platform;
  let gw: GatewayClient;
  const simulate = (draft: unknown, extra: Record<string, unknown> = {}) => gw.post('/v1/simulations', reg65, { draft, period, ...extra });

  beforeAll(async () => {
    platform = await startPlatform({
      namespace: testNamespace('e2e-sim'),
      services: ['registry', 'pledge', 'relending', 'subsidy'],
      env: { RELENDING_AS_OF: '2026-01-15', SUBSIDY_AS_OF: '2026-01-01' },
    });
    gw = gatewayClient(platform);
    await gw.command('/v1/banks', admin, { bankId: 'BK1', name: '模拟银行一', relendingEligible: true, relendingQuotaFen: 10_000_000_000 });
    await gw.command('/v1/banks', admin, { bankId: 'BK2', name: '模拟银行二', relendingEligible: true, relendingQuotaFen: 300_000_000 });
    for (const [e, prefecture, code] of [
      [EA, '6501', 'HTE'],
      [EB, '6502', 'TSME'],
      [EC, '6531', 'ISME'],
    ] as const) {
      await gw.command('/v1/enterprises', admin, { enterpriseId: e, name: `模拟${prefecture}`, prefecture, zone: null, cluster: null, establishedOn: '2015-05-05' });
      await gw.command(`/v1/enterprises/${e}/designations`, admin, { code, validFrom: '2020-01-01', validTo: null });
    }
    await gw.command('/v1/loan-events', bk1, {
      events: [
        disbursed('SA0', 'BK1', EA, 300_000_000, 360, '2024-01-10', '2024-09-10'),
        ev('loan.repaid', { loanId: 'SA0', amountFen: 300_000_000, repaidOn: '2024-09-10' }, '2024-09-10'), // no day in 2025
        disbursed('SA1', 'BK1', EA, 3_000_000_000, 360, '2024-02-01', '2025-02-01'),
        ev('loan.repaid', { loanId: 'SA1', amountFen: 3_000_000_000, repaidOn: '2025-02-01' }, '2025-02-01'),
        disbursed('SA2', 'BK1', EA, 2_000_000_000, 360, '2024-03-01', '2025-03-01', 'ip_pledge'),
        pledged('SPA2', 'SA2', '2024-03-02', 'invention_patent', 5_000_000_000), // allowed 2500万元 ≥ 2000万元
        disbursed('SC1', 'BK1', EC, 800_000_000, 400, '2024-07-01', '2025-07-01'),
        disbursed('SB2', 'BK1', EB, 300_000_000, 400, '2025-02-10', '2026-02-10'),
      ],
    });
    await gw.command('/v1/loan-events', bk2, {
      events: [
        disbursed('SA3', 'BK2', EA, 2_000_000_000, 300, '2024-05-01', '2025-05-01'),
        disbursed('SB1', 'BK2', EB, 500_000_000, 380, '2024-06-01', '2025-06-01', 'ip_pledge'),
        pledged('SPB1', 'SB1', '2024-06-02', 'trademark', 1_200_000_000), // allowed 480万元 < 500万元: breach
      ],
    });
    await eventually('both pledges', () => gw.read('/v1/pledges', reg65), (p) => expect(p.total).toBe(2));
    await eventually('six claims', () => gw.read('/v1/relending/claims', reg65), (c) => expect(c.total).toBe(6));
    for (const [e, n] of [
      [EA, 4],
      [EB, 2],
      [EC, 1],
    ] as const) {
      await eventually(`the subsidy service has ${n} loans of ${e}`, async () => (await gw.read(`/v1/enterprises/${e}/subsidies`, reg65)).loans.length, (k) => expect(k).toBe(n));
    }
    await eventually('the subsidy service has the pledge fees', async () => (await gw.read(`/v1/enterprises/${EB}/subsidies`, reg65)).feeTotals.pledges, (k) => expect(k).toBe(1));
  }, 240_000);

  afterAll(async () => {
    await platform?.stop();
  });

  const inForce = ['subsidy', 'lpr1y', 'relending', 'pledgeCaps'] as const;

  it.each(inForce)('1. the %s version in force as the draft gives exactly today’s figures', async (key) => {
    const res = await simulate(policyBook.versionAt(key, '2024-06-30'));
    expect(res.status).toBe(200);
    const sim = res.body;
    const part = key === 'relending' ? 'relending' : key === 'pledgeCaps' ? 'pledgeBreaches' : 'subsidies';
    expect(sim[part].simulated).toBe(true);
    for (const other of ['subsidies', 'relending', 'pledgeBreaches'].filter((p) => p !== part)) expect(sim[other].simulated).toBe(false);
    const rows = sim[part].rows as Row[];
    expect(rows.length).toBeGreaterThan(0);
    for (const r of rows) {
      expect(r.draft).toEqual(r.current);
      expect(Object.values(r.difference).every((d) => d === 0)).toBe(true);
    }

    if (part === 'subsidies') {
      for (const year of YEARS) {
        const live = await gw.read(`/v1/subsidies/summary?year=${year}`, reg65);
        const inYear = (r: Row) => r.key.year === year;
        expect([year, sumOf(rows, inYear, 'totalFen'), sumOf(rows, inYear, 'interestFen'), sumOf(rows, inYear, 'feesFen'), sumOf(rows, inYear, 'enterprisesSubsidised'), sumOf(rows, inYear, 'loansSubsidised')]).toEqual([
          year,
          live.totalFen,
          live.interest.subsidyFen,
          live.fees.totalFen,
          live.enterprises,
          live.interest.subsidisedLoans,
        ]);
        // One prefecture, as its own regulator sees it.
        const p = await gw.read(`/v1/subsidies/summary?year=${year}`, reg6501);
        const row = rows.find((r) => r.key.year === year && r.key.prefecture === '6501')!;
        expect([row.current.totalFen, row.current.loansSubsidised, row.current.enterprisesSubsidised]).toEqual([p.totalFen, p.interest.subsidisedLoans, p.enterprises]);
      }
      expect(rows.some((r) => r.key.prefecture === '6531')).toBe(false); // EC (ISME) gets nothing
    }
    if (part === 'relending') {
      for (const year of YEARS) {
        const live = await gw.read(`/v1/relending/summary?year=${year}`, reg65);
        for (const b of live.banks as Json[]) {
          const mine = (r: Row) => r.key.bankId === b.bankId && String(r.key.quarter).startsWith(String(year));
          expect([year, b.bankId, ...['eligibleLoans', 'claimsFen', 'applications', 'appliedFen', 'interestFen'].map((f) => sumOf(rows, mine, f))]).toEqual([
            year,
            b.bankId,
            b.eligibleLoans,
            b.claimsFen,
            b.applications,
            b.appliedFen,
            b.interestFen,
          ]);
        }
      }
    }
    if (part === 'pledgeBreaches') {
      const live = await gw.read('/v1/pledges', reg65);
      const breaches = (live.items as Json[]).filter((p) => p.breach === true);
      expect(breaches.map((p) => p.pledgeId)).toEqual(['SPB1']);
      expect(rows.map((r) => [r.key.year, r.key.prefecture, r.current.checkedPledges, r.current.breaches, r.current.breachPrincipalFen])).toEqual([
        [2024, '6501', 1, 0, 0],
        [2024, '6502', 1, 1, 500_000_000],
      ]);
    }
  });

  it('1b. a period of one year recomputes only the loans that can count in it, and still gives exactly that year’s figures', async () => {
    const sub = await simulate(policyBook.versionAt('subsidy', '2024-06-30'), { period: { fromYear: 2025, toYear: 2025 } });
    const live = await gw.read('/v1/subsidies/summary?year=2025', reg65);
    const rows = sub.body.subsidies.rows as Row[];
    expect(rows.every((r) => r.key.year === 2025)).toBe(true);
    expect([sumOf(rows, () => true, 'totalFen'), sumOf(rows, () => true, 'loansSubsidised'), sumOf(rows, () => true, 'enterprisesSubsidised')]).toEqual([live.totalFen, live.interest.subsidisedLoans, live.enterprises]);
    const rel = await simulate(policyBook.versionAt('relending', '2025-06-30'), { period: { fromYear: 2025, toYear: 2025 } });
    const summary = await gw.read('/v1/relending/summary?year=2025', reg65);
    const relRows = rel.body.relending.rows as Row[];
    for (const f of ['eligibleLoans', 'claimsFen', 'applications', 'appliedFen', 'interestFen']) expect([f, sumOf(relRows, () => true, f)]).toEqual([f, summary.totals[f]]);
  });

  it('2. a changed draft changes only the simulated figures: nothing is published, the live figures stay', async () => {
    const policiesBefore = await topicMessageCount(platform.namespace, Topics.policy);
    const before = await gw.read('/v1/subsidies/summary?year=2024', reg65);
    const scheme = policyBook.require('subsidy', '2024-01-01');
    // A 10万元 yearly cap from 2024: EA (three loans of 2000–3000万元) is cut to it in 2024.
    const res = await simulate({ key: 'subsidy', effectiveFrom: '2024-01-01', value: { ...scheme, capPerEnterpriseYearFen: 10_000_000 } }, { effectiveTo: '2024-12-31' });
    expect(res.status).toBe(200);
    const rows = res.body.subsidies.rows as Row[];
    const ea2024 = rows.find((r) => r.key.year === 2024 && r.key.prefecture === '6501')!;
    expect(ea2024.draft.interestFen).toBe(10_000_000);
    expect(ea2024.draft.enterprisesAtCap).toBe(1);
    expect(ea2024.difference.interestFen).toBe(10_000_000 - ea2024.current.interestFen!);
    expect(ea2024.current.interestFen).toBeGreaterThan(10_000_000);
    // 2025 is outside the draft's range: unchanged.
    for (const r of rows.filter((x) => x.key.year === 2025)) expect(r.draft).toEqual(r.current);
    expect(await topicMessageCount(platform.namespace, Topics.policy)).toBe(policiesBefore);
    expect(await gw.read('/v1/subsidies/summary?year=2024', reg65)).toEqual(before);
    // A re-lending rate of 1.00% on 2024-07-01 only (the application date of 2024Q2): BK2's application
    // (300万元, its whole quota, of 1200万 + 300万 claims) costs 300,000,000 × 100 × 365 / 3,600,000 =
    // 3,041,666.67 → 3,041,667 instead of × 175 → 5,322,916.67 → 5,322,917.
    const v = policyBook.require('relending', '2024-07-01');
    const r2 = await simulate({ key: 'relending', effectiveFrom: '2024-07-01', value: { ...v, rateBp: 100 } }, { effectiveTo: '2024-07-01' });
    expect(r2.status).toBe(200);
    const changed = (r2.body.relending.rows as Row[]).filter((r) => Object.values(r.difference).some((d) => d !== 0));
    expect(changed).toEqual([
      {
        key: { quarter: '2024Q2', bankId: 'BK2' },
        current: { eligibleLoans: 2, claimsFen: 1_500_000_000, applications: 1, appliedFen: 300_000_000, interestFen: 5_322_917 },
        draft: { eligibleLoans: 2, claimsFen: 1_500_000_000, applications: 1, appliedFen: 300_000_000, interestFen: 3_041_667 },
        difference: { eligibleLoans: 0, claimsFen: 0, applications: 0, appliedFen: 0, interestFen: -2_281_250 },
      },
    ]);
  });

  it('3. a key no simulated figure depends on is a 422 naming why; a bank is refused', async () => {
    const res = await simulate({ key: 'riskCompensation', effectiveFrom: '2024-01-01', value: { shareBp: 5000 } });
    expect(res.status).toBe(422);
    expect(res.body.errors).toEqual([expect.objectContaining({ in: 'body', path: ['draft', 'key'], message: expect.stringMatching(/^riskCompensation is not simulated/) })]);
    expect((await gw.post('/v1/simulations', bk1, { draft: policyBook.versionAt('subsidy', '2024-06-30'), period })).status).toBe(403);
    expect((await gw.post('/v1/simulations', admin, { draft: policyBook.versionAt('subsidy', '2024-06-30'), period })).status).toBe(200);
  });
});
