/**
 * The console's API (issue 9) through the real gateway and services on the real infrastructure (Kafka + FerretDB):
 * the score what-if (DOMAIN.md §14) on a hand-computed cohort of 5; the month-end lending series from the stats
 * service's incremental aggregate; the dry run of a loan batch; the demo's report tables on a real report.
 *
 * The cohort of 5 of services/scoring/src/domain/what-if.test.ts, registered in 6501 (D in 6502), established
 * 2015-05-05 (growth, revenue below 2亿元), filed for 2024:
 *   A rdExpense 100, patents 5, revenue 1e9, roe −500, nationalAward  → 56.00 C
 *   B rdExpense 200, patents 5, revenue 2e9, roe  300, majorViolation → 30.80 D
 *   C rdExpense 200, patents 5, revenue 3e9, roe  300, ipInfringement → 42.00 D
 *   D rdExpense 300, patents 1, revenue 4e9, roe −500                  → 49.90 D
 *   E rdExpense   0, patents 5, revenue 5e9, roe 1000, nationalPlatform (no LITTLE_GIANT here) → 61.30 C
 * D's what-if of 5 patents: 2L+E 1 → 5, +3.60 → 53.50 C.
 */
import { randomUUID } from 'node:crypto';
import { INDICATOR_KEYS, Topics, type Indicators } from '@techcredit/contracts';
import type { Principal } from '@techcredit/auth';
import { makeUscc } from '@techcredit/reference';
import { reportTables } from '../../../scripts/lib/report-tables';
import { eventually, gatewayClient, startPlatform, testNamespace, topicMessageCount, type GatewayClient, type Platform } from '@techcredit/testkit';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const ids = ['A', 'B', 'C', 'D', 'E'] as const;
const E = Object.fromEntries(ids.map((k, i) => [k, makeUscc(930_001 + i)])) as Record<(typeof ids)[number], string>;
const admin: Principal = { role: 'admin', sub: 'console-admin' };
const ent = (k: (typeof ids)[number]): Principal => ({ role: 'enterprise', enterpriseId: E[k], sub: `console-${k}` });
const reg65: Principal = { role: 'regulator', region: '65', sub: 'console-r65' };
const reg6501: Principal = { role: 'regulator', region: '6501', sub: 'console-r6501' };
const reg6502: Principal = { role: 'regulator', region: '6502', sub: 'console-r6502' };
const zeros = Object.fromEntries(INDICATOR_KEYS.map((k) => [k, 0])) as Indicators;
const FLAGS = { seriousDishonesty: false, majorViolation: false, ipInfringement: false, nationalAward: false, nationalPlatform: false, standardsLed: 0 };
const FILINGS: Record<(typeof ids)[number], { indicators: Partial<Indicators>; flags: Partial<typeof FLAGS> }> = {
  A: { indicators: { rdExpense: 100, inventionPatentApps: 5, revenue: 1e9, roe: -500 }, flags: { nationalAward: true } },
  B: { indicators: { rdExpense: 200, inventionPatentApps: 5, revenue: 2e9, roe: 300 }, flags: { majorViolation: true } },
  C: { indicators: { rdExpense: 200, inventionPatentApps: 5, revenue: 3e9, roe: 300 }, flags: { ipInfringement: true } },
  D: { indicators: { rdExpense: 300, inventionPatentApps: 1, revenue: 4e9, roe: -500 }, flags: {} },
  E: { indicators: { rdExpense: 0, inventionPatentApps: 5, revenue: 5e9, roe: 1000 }, flags: { nationalPlatform: true } },
};

describe('the console API through the real gateway', () => {
  let platform: Platform;
  let gw: GatewayClient;

  beforeAll(async () => {
    platform = await startPlatform({ namespace: testNamespace('console'), services: ['registry', 'scoring', 'stats', 'relending', 'subsidy'], env: { SCORING_QUIET_MS: '100' } });
    gw = gatewayClient(platform);
    for (const k of ids) {
      await gw.command('/v1/enterprises', admin, { enterpriseId: E[k], name: `控制台${k}`, prefecture: k === 'D' ? '6502' : '6501', zone: null, cluster: null, establishedOn: '2015-05-05' });
    }
    for (const k of ids) {
      await eventually(`${k} registered`, () => gw.get(`/v1/enterprises/${E[k]}/innovation-score`, reg6501), (a) => expect(a.status).not.toBe(502));
      await gw.command(`/v1/enterprises/${E[k]}/indicators`, ent(k), { year: 2024, indicators: { ...zeros, ...FILINGS[k].indicators }, flags: { ...FLAGS, ...FILINGS[k].flags } });
    }
    await eventually('the five scores', async () => Promise.all(ids.map(async (k) => (await gw.get(`/v1/enterprises/${E[k]}/innovation-score?year=2024`, ent(k))).body.total)), (t) =>
      expect(t).toEqual(['56.00', '30.80', '42.00', '49.90', '61.30']),
    );
  }, 180_000);

  afterAll(async () => {
    await platform?.stop();
  });

  describe('POST /v1/enterprises/:id/innovation-score/what-if', () => {
    it('answers D’s what-if of 5 patents by hand (49.90 D → 53.50 C) with its three best next steps, and files nothing', async () => {
      const filingsBefore = await topicMessageCount(platform.namespace, Topics.enterprise);
      const scoresBefore = await topicMessageCount(platform.namespace, Topics.score);
      const res = await gw.post(`/v1/enterprises/${E.D}/innovation-score/what-if`, ent('D'), { year: 2024, indicators: { inventionPatentApps: 5 } }, { 'idempotency-key': 'ignored-on-reads' });
      expect([res.status, res.headers.get('idempotent-replayed')]).toEqual([200, null]);
      const r = res.body as Json;
      expect([r.enterpriseId, r.year, r.current.total, r.current.grade, r.whatIf.total, r.whatIf.grade, r.whatIf.stage, r.whatIf.cohortSize]).toEqual([E.D, 2024, '49.90', 'D', '53.50', 'C', 'growth', 5]);
      expect(r.changes).toEqual([{ key: 'inventionPatentApps', from: 1, to: 5 }]);
      expect(r.whatIf.breakdown.find((b: Json) => b.key === 'inventionPatentApps')).toEqual({ key: 'inventionPatentApps', value: 5, percentile: '0.5000', weight: 9, points: '4.50' });
      // D after the change: a value all five share, raised by 1, goes from 2L+E 5 to 9 (+0.4 × weight): rdIntensity (9) and
      // patents 5 → 6 (9) +3.60 each, in indicator order; then techContractTurnover (8) +3.20.
      expect(r.nextSteps.map((s: Json) => [s.key, s.from, s.to, s.gain, s.total])).toEqual([
        ['rdIntensity', 0, 1, '3.60', '57.10'],
        ['inventionPatentApps', 5, 6, '3.60', '57.10'],
        ['techContractTurnover', 0, 1, '3.20', '56.70'],
      ]);
      // Pure: nothing published, the stored score unchanged.
      expect([await topicMessageCount(platform.namespace, Topics.enterprise), await topicMessageCount(platform.namespace, Topics.score)]).toEqual([filingsBefore, scoresBefore]);
      expect((await gw.read(`/v1/enterprises/${E.D}/innovation-score?year=2024`, ent('D'))).total).toBe('49.90');
    });

    it('lets a regulator covering the prefecture ask, refuses another prefecture’s regulator and another enterprise', async () => {
      const body = { indicators: { rdExpense: 201 } };
      const ask = (as: Principal) => gw.post(`/v1/enterprises/${E.B}/innovation-score/what-if`, as, body);
      for (const as of [reg65, reg6501]) {
        const a = await ask(as);
        // B past its tie with C: 2L+E 6 → 7, +0.80 → 31.60 (the latest filed year by default)
        expect([a.status, a.body.year, a.body.current.total, a.body.whatIf.total]).toEqual([200, 2024, '30.80', '31.60']);
      }
      expect((await ask(reg6502)).status).toBe(403);
      expect((await ask(ent('A'))).status).toBe(403);
    });

    it('is a 422 for an unknown indicator or a value outside its filing constraints, a 404 for a year without a filing', async () => {
      const post = (body: unknown) => gw.post(`/v1/enterprises/${E.A}/innovation-score/what-if`, ent('A'), body);
      const unknown = await post({ indicators: { magic: 1 } });
      expect([unknown.status, unknown.body.errors[0].path]).toEqual([422, ['indicators', 'magic']]);
      const share = await post({ indicators: { sciStaffRatio: 10_001 } });
      expect([share.status, share.body.errors[0].path]).toEqual([422, ['indicators', 'sciStaffRatio']]);
      const year = await post({ year: 2023, indicators: {} });
      expect([year.status, year.body.detail]).toEqual([404, `enterprise ${E.A} has filed no indicators for 2023`]);
    });
  });
  describe('GET /v1/stats/lending/series', () => {
    /*
     * A (6501) and D (6502) hold HTE from 2020. BANKC lends A 1,000,000 fen on 2024-01-15 (400,000 repaid 2024-03-10)
     * and D 500,000 fen on 2024-02-20. Month ends of 2024-01..04, region 65:
     *   Jan 31 1,000,000 / 1 enterprise;  Feb 29 1,500,000 / 2;  Mar 31 1,100,000 / 2;  Apr 30 1,100,000 / 2
     * Prefecture 6502 alone: 0 / 0, then 500,000 / 1.
     */
    const bankC: Principal = { role: 'bank', bankId: 'BANKC', sub: 'console-bankc' };
    const ev = (type: string, data: Record<string, unknown>, date: string) => ({ id: randomUUID(), type, occurredAt: `${date}T10:00:00+08:00`, data });
    const loan = (loanId: string, enterpriseId: string, principalFen: number, disbursedOn: string) =>
      ev('loan.disbursed', { loanId, bankId: 'BANKC', enterpriseId, principalFen, rateBp: 400, disbursedOn, maturityOn: '2025-06-30', guaranteeType: 'credit' }, disbursedOn);
    const point = (date: string, balanceFen: number, supportedEnterprises: number, balanceYi: string) => ({ date, balanceFen, supportedEnterprises, balanceYi });
    const series = '/v1/stats/lending/series?from=2024-01-01&to=2024-04-30';

    beforeAll(async () => {
      await gw.command('/v1/banks', admin, { bankId: 'BANKC', name: '控制台银行', relendingEligible: false, relendingQuotaFen: 0 });
      for (const k of ['A', 'D'] as const) await gw.command(`/v1/enterprises/${E[k]}/designations`, admin, { code: 'HTE', validFrom: '2020-01-01', validTo: null });
      await gw.command('/v1/loan-events', bankC, {
        events: [loan('LC-A', E.A, 1_000_000, '2024-01-15'), ev('loan.repaid', { loanId: 'LC-A', amountFen: 400_000, repaidOn: '2024-03-10' }, '2024-03-10'), loan('LC-D', E.D, 500_000, '2024-02-20')],
      });
    }, 60_000);

    it('answers the month ends of the region from the incremental aggregate, sliced by prefecture', async () => {
      const body = await eventually('the series', () => gw.read(`${series}&groupBy=prefecture`, reg65), (b) =>
        expect(b.points).toEqual([point('2024-01-31', 1_000_000, 1, '0.00'), point('2024-02-29', 1_500_000, 2, '0.00'), point('2024-03-31', 1_100_000, 2, '0.00'), point('2024-04-30', 1_100_000, 2, '0.00')]),
      );
      expect([body.from, body.to, body.every, body.region, body.groupBy, Object.keys(body.slices)]).toEqual(['2024-01-01', '2024-04-30', 'month', '65', 'prefecture', ['6501', '6502']]);
      expect(body.slices['6502'].map((p: Json) => [p.date, p.balanceFen, p.supportedEnterprises])).toEqual([
        ['2024-01-31', 0, 0],
        ['2024-02-29', 500_000, 1],
        ['2024-03-31', 500_000, 1],
        ['2024-04-30', 500_000, 1],
      ]);
      // Each point equals the as-of statistics of its date.
      const asOf = await gw.read('/v1/stats/lending?asOf=2024-02-29', reg65);
      expect([asOf.stats.balance.fen, asOf.stats.supportedEnterprises.value]).toEqual([1_500_000, 2]);
    });

    it('scopes a prefecture regulator to its prefecture (the token decides, not the query)', async () => {
      const own = await gw.read(series, reg6502);
      expect([own.region, own.points.map((p: Json) => p.balanceFen)]).toEqual(['6502', [0, 500_000, 500_000, 500_000]]);
      const forced = await gw.get(`${series}&region=65`, reg6502);
      expect([forced.status, forced.body.errors[0].path]).toEqual([422, ['region']]);
      expect((await gw.get(series, ent('A'))).status).toBe(403);
    });

    it('refuses more than 120 points, a range that ends before it starts, and any step but a month (422, nothing computed)', async () => {
      for (const [query, path, message] of [
        ['from=2000-01-01&to=2010-12-31', ['to'], '132 month ends from 2000-01-01 to 2010-12-31: at most 120 points per series'],
        ['from=2024-05-01&to=2024-01-31', ['to'], 'to (2024-01-31) is before from (2024-05-01)'],
        ['from=2024-01-01&to=2024-12-31&every=day', ['every'], undefined],
        ['from=2024-01-01', ['to'], undefined],
      ] as const) {
        const a = await gw.get(`/v1/stats/lending/series?${query}`, reg65);
        expect([query, a.status, a.body.errors[0].path, message ?? a.body.errors[0].message]).toEqual([query, 422, path, a.body.errors[0].message]);
      }
      expect((await gw.read('/v1/stats/lending/series?from=2015-01-01&to=2024-12-31', reg65)).points).toHaveLength(120);
    });
  });
  describe('POST /v1/loan-events/check', () => {
    const bankC: Principal = { role: 'bank', bankId: 'BANKC', sub: 'console-bankc' };
    const row = (loanId: string, bankId: string, principalFen: number) => ({
      id: randomUUID(),
      type: 'loan.disbursed',
      occurredAt: '2024-05-01T10:00:00+08:00',
      data: { loanId, bankId, enterpriseId: E.B, principalFen, rateBp: 400, disbursedOn: '2024-05-01', maturityOn: '2025-05-01', guaranteeType: 'credit' },
    });

    it('answers row by row what POST /v1/loan-events would refuse, publishes nothing; the fixed batch then posts', async () => {
      const before = await topicMessageCount(platform.namespace, Topics.loan);
      const rows = [row('LCHK1', 'BANKC', 1_000_000), row('LCHK2', 'BANKC', 0), row('LCHK3', 'BANKX', 1_000_000)];
      const check = await gw.post('/v1/loan-events/check', bankC, { events: rows });
      expect([check.status, check.body.status, check.body.wouldAccept, check.body.items, check.body.acceptable, check.body.invalidItems, check.body.foreignItems]).toEqual([200, 422, false, 3, 1, [1], [2]]);
      expect(check.body.refused.map((r: Json) => [r.index, r.reason, r.errors[0].path])).toEqual([
        [1, 'INVALID', ['events', 1, 'data', 'principalFen']],
        [2, 'FOREIGN_BANK', ['events', 2, 'data', 'bankId']],
      ]);
      // The real route refuses the same batch (422 naming row 1) …
      const real = await gw.post('/v1/loan-events', bankC, { events: rows });
      expect([real.status, real.body.invalidItems]).toEqual([422, [1]]);
      expect(await topicMessageCount(platform.namespace, Topics.loan)).toBe(before);
      // … and the fixed batch is one the check would accept, and the route takes.
      const fixed = { events: [rows[0], row('LCHK2', 'BANKC', 2_000_000)] };
      const ok = await gw.post('/v1/loan-events/check', bankC, fixed);
      expect([ok.status, ok.body.status, ok.body.refused]).toEqual([200, 202, []]);
      expect(await topicMessageCount(platform.namespace, Topics.loan)).toBe(before);
      expect((await gw.post('/v1/loan-events', bankC, fixed)).status).toBe(202);
      expect(await topicMessageCount(platform.namespace, Topics.loan)).toBe(before + 2);
    });

    it('is a 422 for a body that is not a batch, and for banks only', async () => {
      const shape = await gw.post('/v1/loan-events/check', bankC, { rows: [] });
      expect([shape.status, shape.body.detail]).toEqual([422, 'the batch must be { events: [1..1000 events] }; nothing was published']);
      expect((await gw.post('/v1/loan-events/check', reg65, { events: [row('LCHK9', 'BANKC', 1)] })).status).toBe(403);
    });
  });
  describe('the demo report as tables (scripts/lib/report-tables.ts)', () => {
    it('prints the re-lending, subsidy and score summaries of a real GET /v1/report as tables, not JSON', async () => {
      const report = await gw.read('/v1/report?asOf=2024-12-31', reg65);
      const [relending, subsidies, scores] = reportTables(report);
      const text = [relending, subsidies, scores].flatMap((p) => p!.lines).join('\n');
      expect(text).not.toMatch(/undefined|NaN|\{"/);
      for (const part of [relending!, subsidies!, scores!]) expect(part.lines[0]).toMatch(/^\| .* \|$/);
      // The five 2024 scores: A 56.00 C, B 30.80 D, C 42.00 D, D 49.90 D, E 61.30 C.
      const grade = (g: string) => scores!.lines.find((l) => l.startsWith(`| ${g} `))!.split('|').map((c) => c.trim()).slice(1, 3);
      expect([grade('A'), grade('C'), grade('D'), grade('scored')]).toEqual([['A', '0'], ['C', '2'], ['D', '3'], ['scored', '5']]);
      expect(relending!.lines.at(-1)).not.toContain('not applicable');
      expect(subsidies!.lines.some((l) => l.startsWith('| total subsidy (万元)'))).toBe(true);
    });
  });
});
