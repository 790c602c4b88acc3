/**
 * The console's API (issue 9) through the real gateway and services on the real infrastructure (Kafka + FerretDB):
 * the score what-if (DOMAIN.md §14) on a hand-computed cohort of 5.
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
import { INDICATOR_KEYS, Topics, type Indicators } from '@techcredit/contracts';
import type { Principal } from '@techcredit/auth';
import { makeUscc } from '@techcredit/reference';
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
    platform = await startPlatform({ namespace: testNamespace('console'), services: ['registry', 'scoring', 'stats'], env: { SCORING_QUIET_MS: '100' } });
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
});
