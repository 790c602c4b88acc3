/**
 * The enterprise service platform end to end through the public gateway only (DOMAIN.md §9, §12; real Kafka +
 * FerretDB, every service in-process): an enterprise assesses itself, applies, is approved, and then appears in
 * the designation counts and the lending statistics, gets credit offers and a loan subsidy it could not get
 * before; a rejected application changes nothing; a target's progress follows the counts.
 *
 * Fixture (6501, established 2015-05-05): EA and ER file the same 2024 indicators (revenue 1亿元), so both score
 * 50.00 (C: every percentile 0.5 in a cohort of two) — the score does not depend on TSME. BANKA publishes PT
 * (credit, TSME only, min score 0, up to 5000万元). BANKA lends each 500万元 (500,000,000 fen) at 4.00% from
 * 2025-04-01 to 2026-04-01, before any decision.
 *
 * EA applies for TSME 2025 on 2025-03-01 with staff 30% (20), R&D 6% of revenue (50), three class-II IP (18) =
 * 88 points → qualified (scored); approved on 2025-03-10 → TSME 2025-03-10..2025-12-31 (§9.3).
 * ER applies with 9% staff (0 points; 0 + 50 + 30 = 80 is not enough): ineligible; approving it is a 409 naming
 * `staffPoints`; it is rejected.
 *
 * After the approval, as of 2025-06-30 (MATCHING_AS_OF): registry TSME 1 and one supported enterprise; EA's
 * offer on PT is min(5000万元, 10% × 1亿元) = 1,000,000,000 fen. EA's 2025 subsidy (SUBSIDY_AS_OF 2026-01-01:
 * days 2025-04-01..2025-12-31 = 275; LPR on 2025-04-01 3.10% < 4.00%): 500,000,000 × 310 × 275 / 3,600,000 =
 * 11,840,277.8 → 11,840,278 basis, 50% → 5,920,139 fen. ER: no offer, NOT_DESIGNATED.
 * Target TSME level 2 by 2025-12-31 from 2024-12-31 (0): on 2025-06-30 value 1, share 50.00%, projection
 * 1 × 365 / 181 = 2.02 → 2, on track (365 ≥ 2 × 181), pace needed 1 × 365 / (12 × 184) = 0.17 per month.
 */
import { randomUUID } from 'node:crypto';
import type { Principal } from '@techcredit/auth';
import { INDICATOR_KEYS, type IndicatorKey } from '@techcredit/contracts';
import { TSME_CLEAN_FLAGS } from '@techcredit/designation';
import { makeUscc } from '@techcredit/reference';
import { startPlatform, testNamespace, type Platform } from '@techcredit/testkit';
import { creditProduct, eventually, gatewayClient, type GatewayClient, type Json } from './e2e-helpers';

const [EA, ER] = [960_001, 960_002].map((n) => makeUscc(n)) as [string, string];
const admin: Principal = { role: 'admin', sub: 'dsg-admin' };
const bankA: Principal = { role: 'bank', bankId: 'BANKA', sub: 'dsg-banka' };
const reg65: Principal = { role: 'regulator', region: '65', sub: 'dsg-r65' };
const ent = (enterpriseId: string): Principal => ({ role: 'enterprise', enterpriseId, sub: `dsg-${enterpriseId}` });
const AS_OF = '2025-06-30';

const tsmeInput = (sciStaff: number, ipClass1 = 0) => ({
  employees: 100,
  sciStaff,
  revenueFen: 1_000_000_000,
  totalAssetsFen: 2_000_000_000,
  rdExpenseFen: 60_000_000,
  costsFen: 900_000_000,
  ipClass1,
  ipClass2: 3,
  ...TSME_CLEAN_FLAGS,
});
const filing = {
  year: 2024,
  indicators: { ...(Object.fromEntries(INDICATOR_KEYS.map((k) => [k, 0])) as Record<IndicatorKey, number>), revenue: 10_000_000_000, rdExpense: 600_000_000, rdIntensity: 600 },
  flags: { seriousDishonesty: false, majorViolation: false, ipInfringement: false, nationalAward: false, nationalPlatform: false, standardsLed: 0 },
};
const loan = (loanId: string, enterpriseId: string) => ({
  id: randomUUID(),
  type: 'loan.disbursed',
  occurredAt: '2025-04-01T10:00:00+08:00',
  data: { loanId, bankId: 'BANKA', enterpriseId, principalFen: 500_000_000, rateBp: 400, disbursedOn: '2025-04-01', maturityOn: '2026-04-01', guaranteeType: 'credit' },
});

describe('designation self-assessment, application and approval end to end (§9, §12)', () => {
  let platform: Platform;
  let gw: GatewayClient;
  const offers = (e: string) => gw.read(`/v1/enterprises/${e}/offers`, ent(e));
  const subsidyOf = async (e: string) => (await gw.read(`/v1/enterprises/${e}/subsidies?year=2025`, ent(e))).loans[0] as Json;
  const lending = () => gw.read(`/v1/stats/lending?asOf=${AS_OF}`, reg65);

  beforeAll(async () => {
    platform = await startPlatform({
      namespace: testNamespace('e2e-designation'),
      env: { PARK_INLINE_WAIT_MS: '500', MATCHING_AS_OF: AS_OF, SUBSIDY_AS_OF: '2026-01-01' },
    });
    gw = gatewayClient(platform);
    await gw.command('/v1/banks', admin, { bankId: 'BANKA', name: '甲银行', relendingEligible: true, relendingQuotaFen: 10_000_000_000 });
    for (const e of [EA, ER]) {
      await gw.command('/v1/enterprises', admin, { enterpriseId: e, name: `企业${e.slice(-4)}`, prefecture: '6501', zone: null, cluster: null, establishedOn: '2015-05-05' });
      await gw.command(`/v1/enterprises/${e}/indicators`, ent(e), filing);
    }
    await gw.command('/v1/credit-products', bankA, creditProduct('PT', 'BANKA', { eligibleDesignations: ['TSME'] }));
    await gw.command('/v1/loan-events', bankA, { events: [loan('LEA', EA), loan('LER', ER)] });
    await eventually('both scored and both loans subsidy-known', async () => [(await gw.get(`/v1/enterprises/${EA}/innovation-score`, ent(EA))).body.total, (await gw.get(`/v1/enterprises/${ER}/innovation-score`, ent(ER))).body.total, (await subsidyOf(EA))?.loanId, (await subsidyOf(ER))?.loanId], (a) =>
      expect(a).toEqual(['50.00', '50.00', 'LEA', 'LER']),
    );
  }, 240_000);

  afterAll(async () => {
    await platform?.stop();
  });

  it('before any decision: no TSME, no supported enterprise, no offer, no subsidy', async () => {
    const l = await eventually('the loans in stats', lending, (s) => expect(s.stats.balance.fen).toBe(0));
    expect([l.stats.registry.TSME, l.stats.supportedEnterprises.value]).toEqual([undefined, 0]);
    expect((await offers(EA)).items).toEqual([]);
    expect(await subsidyOf(EA)).toMatchObject({ loanId: 'LEA', state: 'ineligible', reason: 'NOT_DESIGNATED' });
  });

  it('the assessment reports every condition and indicator and stores nothing', async () => {
    const a = await gw.post(`/v1/enterprises/${EA}/assessments`, ent(EA), { designation: 'TSME', year: 2025, on: '2025-03-01', input: tsmeInput(30) });
    expect(a.status).toBe(200);
    expect(a.body.result).toMatchObject({ designation: 'TSME', qualified: true, route: 'scored', totalPoints: 88, failed: [], assessedOn: '2025-03-01' });
    expect(a.body.result.indicators.map((i: Json) => [i.key, i.points])).toEqual([['staff', 20], ['rd', 50], ['ip', 18]]);
    const hte = await gw.post(`/v1/enterprises/${EA}/assessments`, ent(EA), {
      designation: 'HTE',
      year: 2025,
      on: '2025-03-01',
      input: { establishedOn: '2015-05-05', employees: 100, sciStaff: 9, ipCount: 1, inSupportedField: true, rd3yFen: 500, revenue3yFen: 10_000, domesticRd3yFen: 300, highTechRevenueFen: 6_000, totalRevenueFen: 10_000, innovationPoints: 71, incidentLastYear: false },
    });
    expect(hte.body.result).toMatchObject({ designation: 'HTE', qualified: false, failed: ['sciStaff'] });
    // Refused at the gateway: another enterprise, a date after today, an unknown field.
    expect((await gw.post(`/v1/enterprises/${ER}/assessments`, ent(EA), { designation: 'TSME', year: 2025, input: tsmeInput(30) })).status).toBe(403);
    const future = await gw.post(`/v1/enterprises/${EA}/assessments`, ent(EA), { designation: 'TSME', year: 2025, on: '2199-01-01', input: tsmeInput(30) });
    expect([future.status, future.body.errors?.[0]?.path]).toEqual([422, ['on']]);
    expect((await gw.post(`/v1/enterprises/${EA}/assessments`, ent(EA), { designation: 'TSME', year: 2025, input: { ...tsmeInput(30), extra: 1 } })).status).toBe(422);
    expect((await gw.read(`/v1/enterprises/${EA}/designation-applications`, ent(EA))).total).toBe(0);
  });

  it('an ineligible application cannot be approved (409 naming the failed condition); rejected, it changes nothing', async () => {
    const applied = await gw.command(`/v1/enterprises/${ER}/designation-applications`, ent(ER), { designation: 'TSME', year: 2025, on: '2025-03-01', input: tsmeInput(9, 2) });
    expect(applied.result).toMatchObject({ qualified: false, totalPoints: 80, failed: ['staffPoints'] });
    const appId = applied.applicationId as string;
    await eventually('ER application recorded', () => gw.read(`/v1/enterprises/${ER}/designation-applications`, ent(ER)), (l) => expect(l.items.map((i: Json) => [i.applicationId, i.status])).toEqual([[appId, 'pending']]));
    const approve = await gw.post(`/v1/designation-applications/${appId}/decision`, admin, { decision: 'approved', reason: '符合条件', decidedOn: '2025-03-10' });
    expect([approve.status, approve.body.failed]).toEqual([409, ['staffPoints']]);
    expect(approve.body.conditions.map((c: Json) => c.key)).toEqual(['staffPoints']);
    // Only the enterprise applies, only an admin decides.
    expect((await gw.post(`/v1/designation-applications/${appId}/decision`, reg65, { decision: 'rejected', reason: 'x' })).status).toBe(403);
    await gw.command(`/v1/designation-applications/${appId}/decision`, admin, { decision: 'rejected', reason: '科技人员占比不足10%', decidedOn: '2025-03-10' });
    await eventually('ER rejected', () => gw.read(`/v1/enterprises/${ER}/designation-applications`, ent(ER)), (l) =>
      expect([l.items[0].status, l.items[0].decision.reason, l.counts]).toEqual(['rejected', '科技人员占比不足10%', { pending: 0, approved: 0, rejected: 1, total: 1 }]),
    );
    const again = await gw.post(`/v1/designation-applications/${appId}/decision`, admin, { decision: 'rejected', reason: 'twice', decidedOn: '2025-03-11' });
    expect(again.status).toBe(409);
    expect((await gw.post(`/v1/designation-applications/${randomUUID()}/decision`, admin, { decision: 'rejected', reason: 'x' })).status).toBe(404);
  });

  it('an approved application grants TSME through the registry: counts, statistics, offers and a subsidy follow', async () => {
    const applied = await gw.command(`/v1/enterprises/${EA}/designation-applications`, ent(EA), { designation: 'TSME', year: 2025, on: '2025-03-01', input: tsmeInput(30) });
    expect(applied.result).toMatchObject({ qualified: true, route: 'scored' });
    const appId = applied.applicationId as string;
    await eventually('EA application in the review queue', () => gw.read('/v1/designation-applications?status=pending', admin), (l) => expect(l.items.map((i: Json) => i.applicationId)).toEqual([appId]));
    const decided = await gw.command(`/v1/designation-applications/${appId}/decision`, admin, { decision: 'approved', reason: '评价通过', decidedOn: '2025-03-10' });
    expect(decided.grant).toEqual({ code: 'TSME', validFrom: '2025-03-10', validTo: '2025-12-31' });

    const l = await eventually('TSME counted', lending, (s) => expect(s.stats.registry.TSME).toBe(1));
    expect(l.stats.supportedEnterprises.value).toBe(1);
    const o = await eventually('EA offered PT', () => offers(EA), (x) => expect(x.items.map((i: Json) => [i.productId, i.lineFen])).toEqual([['PT', 1_000_000_000]]));
    expect(o.score).toMatchObject({ year: 2024, total: '50.00', grade: 'C' });
    await eventually('EA subsidised', () => subsidyOf(EA), (s) => expect(s).toMatchObject({ loanId: 'LEA', state: 'accruing', yearFen: 5_920_139 }));
    // The rejected enterprise: nothing changed.
    expect((await offers(ER)).items).toEqual([]);
    expect(await subsidyOf(ER)).toMatchObject({ loanId: 'LER', state: 'ineligible', reason: 'NOT_DESIGNATED' });
    const queue = await gw.read('/v1/designation-applications', admin);
    expect(queue.counts).toEqual({ pending: 0, approved: 1, rejected: 1, total: 2 });
    expect((await gw.read('/v1/designation-applications', { role: 'regulator', region: '6502', sub: 'dsg-r6502' })).counts.total).toBe(0);
  });

  it('a programme target follows the counts (§12)', async () => {
    await gw.command('/v1/targets', reg65, { targetId: 'TSME-2025', metric: 'designation:TSME', region: '65', baselineDate: '2024-12-31', dueDate: '2025-12-31', targetValue: 2 });
    const p = await eventually('target set', () => gw.get(`/v1/targets/TSME-2025/progress?asOf=${AS_OF}`, admin), (a) => expect(a.status).toBe(200));
    expect(p.body).toMatchObject({ baselineValue: 0, value: 1, changeSinceBaseline: 1, sharePercent: '50.00', projectedValue: 2, onTrack: true, remaining: 1, paceNeededPerMonth: '0.17' });
    expect((await gw.read(`/v1/targets?asOf=${AS_OF}`, reg65)).items.map((t: Json) => [t.targetId, t.value])).toEqual([['TSME-2025', 1]]);
    expect((await gw.post('/v1/targets', { role: 'regulator', region: '6501', sub: 'dsg-r6501' }, { targetId: 'X', metric: 'balanceFen', region: '6501', baselineDate: '2024-12-31', dueDate: '2025-12-31', targetValue: 1 })).status).toBe(403);
    const quality = await gw.read('/v1/stats/hte-rd-quality?year=2024', reg65);
    expect(quality).toMatchObject({ year: 2024, region: '65', filed: 0, below: 0, sharePercent: null });
  });
});
