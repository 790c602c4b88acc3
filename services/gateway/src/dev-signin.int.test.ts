/**
 * The dev sign-in on the real gateway (Kafka + FerretDB): started with GATEWAY_DEV_SIGNIN=1 (as the demo does),
 * `POST /dev/token` mints tokens the gateway accepts for what the role may do, and refuses what it may not;
 * started without it, the path does not exist (404). Issue 9 point 2.
 */
import { startPlatform, testNamespace, type Platform } from '@techcredit/testkit';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

describe('dev sign-in through the real gateway', () => {
  let withFlag: Platform;
  let without: Platform;
  const today = new Date().toISOString().slice(0, 10);
  const signIn = async (base: string, body: unknown) => {
    const res = await fetch(`${base}/dev/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    return { status: res.status, type: res.headers.get('content-type'), body: (await res.json()) as Json };
  };
  const call = async (base: string, method: 'GET' | 'POST', path: string, token: string, body?: unknown) => {
    const res = await fetch(`${base}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as Json };
  };

  beforeAll(async () => {
    withFlag = await startPlatform({ namespace: testNamespace('devsignin'), services: [], gateway: true, devSignIn: true });
    without = await startPlatform({ namespace: testNamespace('nosignin'), services: [], gateway: true });
  }, 90_000);

  afterAll(async () => {
    await withFlag?.stop();
    await without?.stop();
  });

  it('with GATEWAY_DEV_SIGNIN=1: an admin token writes and reads the audit trail, a bank token is refused there', async () => {
    const base = withFlag.gatewayUrl!;
    const admin = await signIn(base, { role: 'admin', sub: 'console-admin' });
    expect([admin.status, admin.body.principal]).toEqual([200, { role: 'admin', sub: 'console-admin' }]);
    const write = await call(base, 'POST', '/v1/banks', admin.body.token as string, { bankId: 'B-DEV1', name: '开发银行', relendingEligible: false, relendingQuotaFen: 0 });
    expect(write.status).toBe(202);
    const trail = await call(base, 'GET', `/v1/audit?date=${today}&subject=console-admin`, admin.body.token as string);
    expect([trail.status, trail.body.items.map((r: Json) => [r.role, r.route, r.eventIds])]).toEqual([200, [['admin', '/v1/banks', [write.body.eventId]]]]);

    const bank = await signIn(base, { role: 'bank', bankId: 'B-DEV1' });
    expect(bank.body.principal).toEqual({ role: 'bank', bankId: 'B-DEV1', sub: 'dev:bank:B-DEV1' });
    expect((await call(base, 'GET', `/v1/audit?date=${today}`, bank.body.token as string)).status).toBe(403);
    const bad = await signIn(base, { role: 'regulator', region: 'XJ' });
    expect([bad.status, bad.type, bad.body.errors[0].path]).toEqual([422, 'application/problem+json; charset=utf-8', ['region']]);
  });

  it('without the flag: POST /dev/token is a 404 problem and mints nothing', async () => {
    const res = await signIn(without.gatewayUrl!, { role: 'admin' });
    expect([res.status, res.type, res.body.token]).toEqual([404, 'application/problem+json; charset=utf-8', undefined]);
  });
});
