/**
 * The registry's part of the service platform on the real infrastructure (DOMAIN.md §9.3, §12): events of
 * `techcredit.designation.v1` published to Kafka, read back over the internal HTTP API.
 * - a decision that arrives before its application is parked, then applied: the approval is granted on the
 *   registry topic and appears in the enterprise's designation history;
 * - the same application id published again (another event id) records nothing new; a second decision of a
 *   decided application changes nothing and grants nothing;
 * - a target set twice under one id is replaced; lists are confined to the region scope.
 */
import { randomUUID } from 'node:crypto';
import { Bus } from '@techcredit/bus';
import { DesignationAppliedEvent, DesignationDecidedEvent, EnterpriseRegisteredEvent, TargetSetEvent, type EventDef } from '@techcredit/contracts';
import { assess, TSME_CLEAN_FLAGS } from '@techcredit/designation';
import { createLogger } from '@techcredit/log';
import { policyBook } from '@techcredit/policy';
import { makeUscc } from '@techcredit/reference';
import { eventCount, startPlatform, testNamespace, waitUntil, type Platform } from '@techcredit/testkit';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const A = makeUscc(810_001);
const APP = randomUUID();
const request = {
  designation: 'TSME' as const,
  year: 2025,
  input: { employees: 100, sciStaff: 30, revenueFen: 1_000_000_000, totalAssetsFen: 2_000_000_000, rdExpenseFen: 60_000_000, costsFen: 900_000_000, ipClass1: 0, ipClass2: 3, ...TSME_CLEAN_FLAGS },
};
const applied = { applicationId: APP, enterpriseId: A, prefecture: '6501', appliedOn: '2025-03-01', request, result: assess(request, '2025-03-01', { hteHeld: false }, policyBook) };
const approved = { applicationId: APP, enterpriseId: A, decision: 'approved', reason: '评价通过', decidedOn: '2025-03-10', grant: { code: 'TSME', validFrom: '2025-03-10', validTo: '2025-12-31' } };
const target = (targetValue: number) => ({ targetId: 'T1', metric: 'designation:TSME', region: '6501', baselineDate: '2024-12-31', dueDate: '2025-12-31', targetValue, mode: 'level' });

describe('registry: designation applications, decisions and targets over Kafka', () => {
  let platform: Platform;
  let bus: Bus;
  let url: string;
  const get = (path: string) => fetch(url + path).then(async (res) => ({ status: res.status, body: (await res.json()) as Json }));
  const publish = (def: EventDef, data: unknown) => bus.publishEnvelopes([{ def, envelope: bus.envelope(def, data, { id: randomUUID(), source: 'test' }) }]);

  beforeAll(async () => {
    const namespace = testNamespace('registry-dsg');
    platform = await startPlatform({ namespace, services: ['registry'], gateway: false, env: { PARK_INLINE_WAIT_MS: '300' } });
    url = platform.services.get('registry')!.url;
    bus = new Bus({ brokers: process.env.KAFKA_BROKERS!.split(','), clientId: 'registry-dsg-test', namespace, logger: createLogger('registry-dsg-test', 'silent') });
    await publish(EnterpriseRegisteredEvent, { enterpriseId: A, name: '甲科技', prefecture: '6501', zone: null, cluster: null, establishedOn: '2015-05-05' });
    await waitUntil('enterprise registered', async () => (await get(`/v1/enterprises/${A}`)).status === 200);
  }, 90_000);

  afterAll(async () => {
    await bus?.disconnect();
    await platform?.stop();
  });

  it('parks a decision that arrives before its application, then grants the approval on the registry topic', async () => {
    await publish(DesignationDecidedEvent, approved);
    await publish(DesignationAppliedEvent, applied);
    await waitUntil('approved and granted', async () => {
      const [app, e] = await Promise.all([get(`/v1/designation-applications/${APP}`), get(`/v1/enterprises/${A}`)]);
      return app.body.status === 'approved' && e.body.designations.length === 1;
    }, { timeoutMs: 90_000 });
    expect((await get(`/v1/enterprises/${A}`)).body.designations).toEqual([{ code: 'TSME', validFrom: '2025-03-10', validTo: '2025-12-31' }]);
    expect((await get(`/v1/designation-applications/${APP}`)).body).toMatchObject({ enterpriseId: A, designation: 'TSME', year: 2025, status: 'approved', decision: { reason: '评价通过', grant: approved.grant } });
  }, 120_000);

  it('records an application id once and ignores a second decision; the decision check refuses it as data', async () => {
    await publish(DesignationAppliedEvent, { ...applied, appliedOn: '2025-03-02' });
    await publish(DesignationDecidedEvent, { ...approved, decision: 'rejected', reason: 'late', grant: null });
    await publish(TargetSetEvent, target(1));
    // Five designation events handled: the parked decision, the application, its repeat, the second decision, the target.
    await waitUntil('every designation event handled', async () => (await eventCount(url, 'registry.designation', 'done')) >= 5);
    const app = (await get(`/v1/designation-applications/${APP}`)).body;
    expect([app.status, app.appliedOn, app.decision.reason]).toEqual(['approved', '2025-03-01', '评价通过']);
    expect((await get(`/v1/enterprises/${A}`)).body.designations).toHaveLength(1);
    const check = await fetch(`${url}/v1/designation-applications/${APP}/decision-check`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ decision: 'rejected', reason: 'again', decidedOn: '2025-04-01' }),
    });
    expect(await check.json()).toEqual({ ok: false, detail: `application ${APP} is already approved`, applicationStatus: 'approved' });
  });

  it('lists within the region scope with status counts; a target set again is replaced', async () => {
    expect((await get('/v1/designation-applications?region=6501')).body).toMatchObject({ region: '6501', total: 1, counts: { pending: 0, approved: 1, rejected: 0, total: 1 } });
    expect((await get('/v1/designation-applications?region=6502')).body).toMatchObject({ total: 0, items: [] });
    expect((await get(`/v1/enterprises/${A}/designation-applications?status=rejected`)).body).toMatchObject({ total: 0, counts: { approved: 1 } });
    await publish(TargetSetEvent, target(5));
    await waitUntil('target replaced', async () => (await get('/v1/targets/T1')).body.targetValue === 5);
    expect((await get('/v1/targets?region=6502')).body.items).toEqual([]);
    expect((await get('/v1/targets/T1?region=6502')).status).toBe(404);
    expect((await get('/v1/targets?region=6501')).body.items.map((t: Json) => [t.targetId, t.targetValue])).toEqual([['T1', 5]]);
  });
});
