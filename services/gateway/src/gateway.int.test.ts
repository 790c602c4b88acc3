/**
 * The gateway on the real infrastructure (Kafka + FerretDB), with the real registry service behind it.
 * Events it publishes are read back from Kafka with a kafkajs consumer in the test's namespace.
 * The other internal services are still being written, so their read APIs are stood in for by a small
 * loopback HTTP server answering fixed documents: it lets these tests check the gateway's own decisions
 * (scope checks on upstream answers, forced query parameters, report composition, error mapping).
 */
import type { AddressInfo } from 'node:net';
import { createServer, type Server } from 'node:http';
import { randomUUID } from 'node:crypto';
import express from 'express';
import { Kafka, logLevel, type Consumer } from 'kafkajs';
import { ROLES, type Principal, type Role } from '@techcredit/auth';
import { Topics, type RawEnvelope } from '@techcredit/contracts';
import { makeUscc } from '@techcredit/reference';
import { startPlatform, testNamespace, waitUntil, type Platform } from '@techcredit/testkit';
import { gatewayRoutes } from './entry-points/routes';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const [E_A, E_B, E_C, E_X] = [1, 2, 3, 4].map((n) => makeUscc(910_000 + n)) as [string, string, string, string];

// ---------- stand-in for the internal read APIs of services not running here ----------
const upstreamSeen: { path: string; query: Json; correlationId: string | undefined }[] = [];
function stubApp() {
  const app = express();
  app.use((req, _res, next) => {
    upstreamSeen.push({ path: req.path, query: { ...req.query }, correlationId: req.get('x-correlation-id') });
    next();
  });
  const echo: express.RequestHandler = (req, res) => {
    res.json({ path: req.path, query: req.query });
  };
  const problem = (res: express.Response, status: number, detail: string) =>
    res.status(status).type('application/problem+json').json({ type: 'urn:techcredit:problem:not-found', title: 'Not found', status, detail });
  app.get('/v1/banks/:bankId/recommendations/:id', (req, res) => {
    res.json({ listed: req.params.bankId === 'B001' && req.params.id === E_B });
  });
  app.get('/v1/loans/:loanId', (req, res) => {
    const loans: Record<string, Json> = {
      L1: { loanId: 'L1', bankId: 'B001', enterpriseId: E_A, balanceFen: 100 },
      L2: { loanId: 'L2', bankId: 'B002', enterpriseId: E_B, balanceFen: 200 },
    };
    const loan = loans[req.params.loanId];
    if (loan) res.json(loan);
    else problem(res, 404, `loan ${req.params.loanId} is unknown`);
  });
  app.get('/v1/subsidies/summary', (req, res) => {
    if (req.query.year === '2023') res.status(500).json({ message: 'database on fire' });
    else echo(req, res, () => undefined);
  });
  app.use(echo);
  return app;
}

// ---------- Kafka reader ----------
const seenEvents: (RawEnvelope & { topic: string; key: string | null })[] = [];
const eventsWithId = (id: string) => seenEvents.filter((e) => e.id === id);
const waitForEvent = (id: string) => waitUntil(`event ${id} on Kafka`, async () => eventsWithId(id)[0], { timeoutMs: 30_000 });

const TOPICS = [Topics.registry, Topics.enterprise, Topics.product, Topics.loan, Topics.policy];
const noop = () => {
  throw new Error('not called');
};
const specs = gatewayRoutes({ client: { get: noop, post: noop }, publisher: { publish: noop }, now: noop });

describe('gateway on the real broker and database', () => {
  let platform: Platform;
  let gw: string;
  let registryUrl: string;
  let stub: Server;
  let consumer: Consumer;
  const token = (p: Principal) => platform.token(p);
  let t: Record<'admin' | 'bank1' | 'bank2' | 'entA' | 'entB' | 'reg65' | 'reg6501', string>;

  const call = async (method: 'GET' | 'POST', path: string, bearer?: string, body?: unknown, headers: Record<string, string> = {}) => {
    const res = await fetch(gw + path, {
      method,
      headers: {
        ...(bearer ? { authorization: `Bearer ${bearer}` } : {}),
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...headers,
      },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, headers: res.headers, body: (text ? JSON.parse(text) : undefined) as Json };
  };
  const get = (path: string, bearer?: string, headers?: Record<string, string>) => call('GET', path, bearer, undefined, headers);
  const post = (path: string, bearer: string, body: unknown, headers?: Record<string, string>) => call('POST', path, bearer, body, headers);

  beforeAll(async () => {
    stub = createServer(stubApp());
    await new Promise<void>((r) => stub.listen(0, '127.0.0.1', () => r()));
    const stubUrl = `http://127.0.0.1:${(stub.address() as AddressInfo).port}`;
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', () => r()));
    const closedUrl = `http://127.0.0.1:${(closed.address() as AddressInfo).port}`;
    await new Promise<void>((r) => closed.close(() => r()));

    const namespace = testNamespace('gateway');
    platform = await startPlatform({
      namespace,
      services: ['registry'],
      gateway: true,
      env: {
        SCORING_URL: stubUrl,
        MATCHING_URL: stubUrl,
        RELENDING_URL: stubUrl,
        SUBSIDY_URL: stubUrl,
        STATS_URL: stubUrl,
        PLEDGE_URL: closedUrl, // nothing listens: 502
        IDEMPOTENCY_WAIT_MS: '10000',
      },
    });
    gw = platform.gatewayUrl!;
    registryUrl = platform.services.get('registry')!.url;
    t = {
      admin: token({ role: 'admin', sub: 'it-admin' }),
      bank1: token({ role: 'bank', bankId: 'B001', sub: 'it-b1' }),
      bank2: token({ role: 'bank', bankId: 'B002', sub: 'it-b2' }),
      entA: token({ role: 'enterprise', enterpriseId: E_A, sub: 'it-ea' }),
      entB: token({ role: 'enterprise', enterpriseId: E_B, sub: 'it-eb' }),
      reg65: token({ role: 'regulator', region: '65', sub: 'it-r65' }),
      reg6501: token({ role: 'regulator', region: '6501', sub: 'it-r6501' }),
    };

    const kafka = new Kafka({ brokers: process.env.KAFKA_BROKERS!.split(','), clientId: 'gateway-it', logLevel: logLevel.NOTHING });
    consumer = kafka.consumer({ groupId: `${namespace}.reader-${randomUUID()}` });
    await consumer.connect();
    await consumer.subscribe({ topics: TOPICS.map((x) => `${namespace}.${x}`), fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ topic, message }) => {
        seenEvents.push({ ...(JSON.parse(message.value!.toString('utf8')) as RawEnvelope), topic: topic.slice(namespace.length + 1), key: message.key?.toString('utf8') ?? null });
      },
    });
  }, 90_000);

  afterAll(async () => {
    await consumer?.disconnect();
    await platform?.stop();
    stub?.closeAllConnections();
    await new Promise<void>((r) => (stub ? stub.close(() => r()) : r()));
  });

  describe('public routes, authentication, correlation ids', () => {
    it('serves /healthz, /readyz, /openapi.json and /asyncapi.json without a token', async () => {
      expect((await get('/healthz')).body).toEqual({ status: 'ok', service: 'gateway' });
      await waitUntil('gateway ready', async () => (await get('/readyz')).status === 200);
      const doc = await get('/openapi.json');
      expect(doc.body.openapi).toBe('3.1.0');
      expect(doc.body.paths['/v1/loan-events'].post['x-roles']).toEqual(['bank']);
      const events = await get('/asyncapi.json');
      expect([events.status, events.body.asyncapi, events.body.channels.loan.address]).toEqual([200, '3.0.0', Topics.loan]);
      expect((await fetch(`${gw}/metrics`)).status).toBe(200);
    });

    it('puts X-Correlation-Id on every response: the caller’s if usable, else a new uuid', async () => {
      expect((await get('/healthz', undefined, { 'x-correlation-id': 'trace-1' })).headers.get('x-correlation-id')).toBe('trace-1');
      expect((await get('/healthz', undefined, { 'x-correlation-id': 'bad id!' })).headers.get('x-correlation-id')).toMatch(/^[0-9a-f-]{36}$/);
      const unauth = await get('/v1/report?asOf=2024-12-31', undefined, { 'x-correlation-id': 'trace-2' });
      expect(unauth.status).toBe(401);
      expect(unauth.headers.get('x-correlation-id')).toBe('trace-2');
      const badJson = await call('POST', '/v1/banks', t.admin, '{"bankId":', { 'x-correlation-id': 'trace-3' });
      expect([badJson.status, badJson.headers.get('x-correlation-id')]).toEqual([400, 'trace-3']);
    });

    it('401 without or with a bad token; 404 for an unknown path once authenticated', async () => {
      expect((await get('/v1/credit-products')).body).toMatchObject({ status: 401, detail: 'missing bearer token' });
      expect((await get('/v1/credit-products', 'not.a.jwt')).status).toBe(401);
      expect((await get('/v1/nowhere', t.admin)).status).toBe(404);
    });
  });

  describe('every route refuses a token of a wrong role (deny by default)', () => {
    const sample: Record<Role, Principal> = {
      admin: { role: 'admin', sub: 'role-admin' },
      bank: { role: 'bank', bankId: 'B001', sub: 'role-bank' },
      enterprise: { role: 'enterprise', enterpriseId: E_A, sub: 'role-ent' },
      regulator: { role: 'regulator', region: '65', sub: 'role-reg' },
      insurer: { role: 'insurer', insurerId: 'INS001', sub: 'role-ins' },
    };
    const concrete = (path: string) => path.replace(':id', E_A).replace(':bankId', 'B001').replace(':loanId', 'L1');

    it.each(specs.map((s) => [`${s.method.toUpperCase()} ${s.path}`, s] as const))('%s', async (_name, spec) => {
      for (const role of ROLES) {
        const res = await call(spec.method === 'get' ? 'GET' : 'POST', `/v1${concrete(spec.path)}`, token(sample[role]), spec.method === 'post' ? {} : undefined);
        const refusedByRule = res.status === 403 && res.body.detail === `role ${role} may not do this`;
        // Wrong role: refused by the route rule. Right role: the rule lets it through (then 200/422/403 by scope…).
        expect([role, refusedByRule]).toEqual([role, !spec.roles.includes(role)]);
        expect(res.status).not.toBe(401);
      }
    });
  });

  describe('admin commands publish registry and policy events', () => {
    it('registers enterprises and a bank; the events reach Kafka and the registry serves them', async () => {
      const regs = [
        { enterpriseId: E_A, name: '甲科技', prefecture: '6501', zone: 'urumqi', cluster: null, establishedOn: '2015-05-05' },
        { enterpriseId: E_B, name: '乙科技', prefecture: '6531', zone: null, cluster: 'cotton_textile', establishedOn: '2019-09-09' },
      ];
      const ids: string[] = [];
      for (const reg of regs) {
        const res = await post('/v1/enterprises', t.admin, reg, { 'x-correlation-id': 'reg-corr' });
        expect(res.status).toBe(202);
        expect(res.body).toEqual({ eventId: expect.stringMatching(/^[0-9a-f-]{36}$/), correlationId: 'reg-corr' });
        ids.push(res.body.eventId as string);
      }
      const bank = await post('/v1/banks', t.admin, { bankId: 'B001', name: '甲银行', relendingEligible: true, relendingQuotaFen: 1_000_000 });
      expect(bank.status).toBe(202);
      const ev = await waitForEvent(ids[0]!);
      expect(ev).toMatchObject({
        topic: Topics.registry,
        key: E_A,
        type: 'enterprise.registered',
        version: 1,
        source: 'admin:it-admin',
        correlationId: 'reg-corr',
        subject: E_A,
        data: regs[0],
      });
      await waitForEvent(bank.body.eventId as string);
      const served = await waitUntil('registry has E_B', async () => {
        const res = await fetch(`${registryUrl}/v1/enterprises/${E_B}`);
        return res.status === 200 ? ((await res.json()) as Json) : undefined;
      });
      expect(served).toMatchObject({ enterpriseId: E_B, prefecture: '6531' });
    });

    it('422 with the zod issue for a wrong credit-code check character; nothing is published', async () => {
      const wrong = E_C.slice(0, 17) + (E_C.endsWith('0') ? '1' : '0');
      const res = await post('/v1/enterprises', t.admin, { enterpriseId: wrong, name: 'x', prefecture: '6501', zone: null, cluster: null, establishedOn: '2020-01-01' });
      expect(res.status).toBe(422);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
      expect(res.body.errors).toEqual([{ in: 'body', path: ['enterpriseId'], code: 'custom', message: expect.stringContaining('CHECK_DIGIT') }]);
    });

    it('grants a designation to the enterprise of the path', async () => {
      const res = await post(`/v1/enterprises/${E_A}/designations`, t.admin, { code: 'HTE', validFrom: '2023-01-01', validTo: null });
      expect(res.status).toBe(202);
      expect((await waitForEvent(res.body.eventId as string)).data).toEqual({ enterpriseId: E_A, code: 'HTE', validFrom: '2023-01-01', validTo: null });
      const bad = await post(`/v1/enterprises/${E_A}/designations`, t.admin, { code: 'HTE', validFrom: '2023-01-01', validTo: '2022-01-01' });
      expect(bad.body.errors).toEqual([expect.objectContaining({ path: ['validTo'] })]);
    });

    it('publishes a policy version', async () => {
      const res = await post('/v1/policies', t.admin, { key: 'lpr1y', effectiveFrom: '2025-05-20', value: { rateBp: 300 } });
      expect(res.status).toBe(202);
      expect(await waitForEvent(res.body.eventId as string)).toMatchObject({ topic: Topics.policy, type: 'policy.published', key: 'lpr1y' });
      expect((await post('/v1/policies', t.admin, { key: 'lpr1y', effectiveFrom: '2025-05-20', value: { rateBp: -1 } })).status).toBe(422);
    });
  });

  describe('enterprises, banks and regulators post their own data only', () => {
    const filing = {
      year: 2024,
      indicators: {
        rdExpense: 1, rdExpenseGrowth: 0, rdIntensity: 0, sciStaffRatio: 0, inventionPatentApps: 0, pctApps: 0,
        techContractTurnover: 0, highTechRevenue: 0, revenue: 0, revenueGrowth: 0, postgradRatio: 0, rdSuperDeduction: 0,
        roe: 0, graduatesHired: 0, platforms: 0, awards: 0, vcRaised: 0, standards: 0,
      },
      flags: { seriousDishonesty: false, majorViolation: false, ipInfringement: false, nationalAward: false, nationalPlatform: false, standardsLed: 0 },
    };

    it('an enterprise files its own indicators, stamped with server time; not another’s', async () => {
      const before = new Date().toISOString();
      const res = await post(`/v1/enterprises/${E_A}/indicators`, t.entA, filing);
      const after = new Date().toISOString();
      expect(res.status).toBe(202);
      const ev = await waitForEvent(res.body.eventId as string);
      expect(ev).toMatchObject({ topic: Topics.enterprise, type: 'enterprise.indicators_filed', source: `enterprise:${E_A}`, key: E_A });
      expect(ev.data).toEqual({ enterpriseId: E_A, filedAt: expect.any(String), ...filing });
      const filedAt = (ev.data as Json).filedAt as string;
      expect(filedAt >= before && filedAt <= after).toBe(true);
      expect((await post(`/v1/enterprises/${E_B}/indicators`, t.entA, filing)).status).toBe(403);
      expect((await post(`/v1/enterprises/${E_B}/indicators`, t.admin, filing)).status).toBe(202);
      expect((await post(`/v1/enterprises/${E_A}/indicators`, t.entA, { ...filing, filedAt: before })).body.errors).toEqual([
        { in: 'body', path: ['filedAt'], message: 'unknown field', code: 'unrecognized_keys' },
      ]);
    });

    it('a bank publishes products for its own bankId only', async () => {
      const product = {
        productId: 'P-IT-1', bankId: 'B001', name: '创新积分贷', kind: 'credit', minScore: 60, eligibleDesignations: ['HTE'],
        minAmountFen: 100, maxAmountFen: 1000, maxTermMonths: 12, annualRateBp: 350, requiresPledge: false,
      };
      const foreign = await post('/v1/credit-products', t.bank2, product);
      expect([foreign.status, foreign.body.detail]).toEqual([403, 'a bank sees only its own bankId (B002)']);
      const res = await post('/v1/credit-products', t.bank1, product);
      expect(res.status).toBe(202);
      expect(await waitForEvent(res.body.eventId as string)).toMatchObject({ topic: Topics.product, source: 'bank:B001', data: { ...product, active: true } });
    });

    it("only a whole-region regulator posts the all-loans balance (event reference.total_loans_posted)", async () => {
      const res = await post('/v1/reference/total-loans', t.reg65, { date: '2024-12-31', balanceFen: 123_456 });
      expect(res.status).toBe(202);
      expect(await waitForEvent(res.body.eventId as string)).toMatchObject({
        topic: Topics.registry,
        type: 'reference.total_loans_posted',
        key: '2024-12-31',
        data: { date: '2024-12-31', balanceFen: 123_456, region: '65' },
      });
      expect((await post('/v1/reference/total-loans', t.reg6501, { date: '2024-12-31', balanceFen: 1 })).status).toBe(403);
      expect((await post('/v1/reference/total-loans', t.reg65, { date: '2024-12-31', balanceFen: 1, region: '6501' })).status).toBe(422);
    });
  });

  describe('loan-event batches', () => {
    const LOAN = 'L-IT-1';
    const disbursed = (bankId = 'B001') => ({
      id: randomUUID(),
      type: 'loan.disbursed',
      occurredAt: '2024-03-01T09:00:00+08:00',
      data: { loanId: LOAN, bankId, enterpriseId: E_A, principalFen: 300_000_000, rateBp: 345, disbursedOn: '2024-03-01', maturityOn: '2025-03-01', guaranteeType: 'credit' },
    });
    const repaid = (amountFen = 1000, on = '2024-06-01') => ({ id: randomUUID(), type: 'loan.repaid', occurredAt: `${on}T10:00:00Z`, data: { loanId: LOAN, amountFen, repaidOn: on } });
    const refusedIds: string[] = [];

    it('422 naming each invalid item, nothing published', async () => {
      const events = [disbursed(), repaid(0), repaid(), { ...repaid(), occurredAt: 'soon' }];
      refusedIds.push(...events.map((e) => e.id));
      const res = await post('/v1/loan-events', t.bank1, { events });
      expect(res.status).toBe(422);
      expect(res.body.invalidItems).toEqual([1, 3]);
      expect(res.body.detail).toBe('2 event(s) invalid, at index 1, 3; nothing was published');
      expect(res.body.errors).toEqual([
        expect.objectContaining({ index: 1, path: ['events', 1, 'data', 'amountFen'], code: 'too_small' }),
        expect.objectContaining({ index: 3, path: ['events', 3, 'occurredAt'], code: 'invalid_format' }),
      ]);
    });

    it("403 for a disbursement of another bank, nothing published", async () => {
      const events = [repaid(), disbursed('B002')];
      refusedIds.push(...events.map((e) => e.id));
      const res = await post('/v1/loan-events', t.bank1, { events });
      expect(res.status).toBe(403);
      expect(res.body.items).toEqual([1]);
    });

    it('publishes a valid batch as one, with the items’ ids and times, source bank:<id>, the correlation id', async () => {
      const events = [disbursed(), repaid(1000, '2024-06-01'), repaid(2000, '2024-07-01')];
      const res = await post('/v1/loan-events', t.bank1, { events }, { 'x-correlation-id': 'batch-7' });
      expect([res.status, res.body]).toEqual([202, { accepted: 3, correlationId: 'batch-7' }]);
      for (const e of events) {
        expect(await waitForEvent(e.id)).toMatchObject({
          topic: Topics.loan,
          key: LOAN,
          type: e.type,
          occurredAt: e.occurredAt,
          source: 'bank:B001',
          correlationId: 'batch-7',
          data: e.data,
        });
      }
      // Same key → same partition, in order: the refused batches, posted earlier, would be here by now.
      for (const id of refusedIds) expect(eventsWithId(id)).toEqual([]);
    });

    it('a body over the 2 MB limit is a 413 problem', async () => {
      const res = await call('POST', '/v1/loan-events', t.bank1, JSON.stringify({ events: [{ pad: 'x'.repeat(2.1 * 1024 * 1024) }] }));
      expect(res.status).toBe(413);
      expect(res.body.type).toBe('urn:techcredit:problem:payload-too-large');
    });
  });

  describe('Idempotency-Key', () => {
    const bankReg = (name: string) => ({ bankId: 'B-IDEM', name, relendingEligible: false, relendingQuotaFen: 0 });

    it('the same key and body answer the first result without re-publishing; another body is 409', async () => {
      const first = await post('/v1/banks', t.admin, bankReg('丙银行'), { 'idempotency-key': 'bank-idem-1' });
      expect(first.status).toBe(202);
      const again = await post('/v1/banks', t.admin, { relendingQuotaFen: 0, relendingEligible: false, name: '丙银行', bankId: 'B-IDEM' }, { 'idempotency-key': 'bank-idem-1' });
      expect([again.status, again.body, again.headers.get('idempotent-replayed')]).toEqual([202, first.body, 'true']);
      const other = await post('/v1/banks', t.admin, bankReg('丁银行'), { 'idempotency-key': 'bank-idem-1' });
      expect([other.status, other.body.type]).toEqual([409, 'urn:techcredit:problem:idempotency-key-reused']);
      // A later event with the same key (same partition) proves the replay published nothing.
      const marker = await post('/v1/banks', t.admin, bankReg('marker'));
      await waitForEvent(marker.body.eventId as string);
      expect(eventsWithId(first.body.eventId as string)).toHaveLength(1);
    });

    it('keys are scoped per principal', async () => {
      const a = await post('/v1/banks', t.admin, bankReg('x'), { 'idempotency-key': 'shared-key' });
      const otherAdmin = token({ role: 'admin', sub: 'another-admin' });
      const b = await post('/v1/banks', otherAdmin, bankReg('x'), { 'idempotency-key': 'shared-key' });
      expect([a.status, b.status]).toEqual([202, 202]);
      expect(b.body.eventId).not.toBe(a.body.eventId);
      expect(b.headers.get('idempotent-replayed')).toBeNull();
    });

    it('concurrent duplicates: one runs, the other waits and gets the same answer; one event', async () => {
      const body = { date: '2023-12-31', balanceFen: 42 };
      const [r1, r2] = await Promise.all([
        post('/v1/reference/total-loans', t.reg65, body, { 'idempotency-key': 'race-1' }),
        post('/v1/reference/total-loans', t.reg65, body, { 'idempotency-key': 'race-1' }),
      ]);
      expect([r1.status, r2.status]).toEqual([202, 202]);
      expect(r2.body).toEqual(r1.body);
      const marker = await post('/v1/reference/total-loans', t.reg65, { ...body, balanceFen: 43 });
      await waitForEvent(marker.body.eventId as string);
      expect(eventsWithId(r1.body.eventId as string)).toHaveLength(1);
    });

    it('replays a refused loan batch’s answer too, and rejects a malformed key', async () => {
      const events = [{ id: randomUUID(), type: 'loan.repaid', occurredAt: '2024-06-01T00:00:00Z', data: { loanId: 'L-IT-2', amountFen: 0, repaidOn: '2024-06-01' } }];
      const first = await post('/v1/loan-events', t.bank1, { events }, { 'idempotency-key': 'loan-batch-1' });
      const again = await post('/v1/loan-events', t.bank1, { events }, { 'idempotency-key': 'loan-batch-1' });
      expect([first.status, again.status, again.headers.get('content-type'), again.headers.get('idempotent-replayed')]).toEqual([422, 422, 'application/problem+json; charset=utf-8', 'true']);
      expect(again.body).toEqual(first.body);
      expect((await post('/v1/loan-events', t.bank1, { events }, { 'idempotency-key': 'two words' })).status).toBe(400);
    });
  });

  describe('reads: scope checks, then the owning service at the same path', () => {
    it("innovation score: the enterprise, a regulator covering it, a bank that lists it", async () => {
      await waitUntil('registry has E_A', async () => (await fetch(`${registryUrl}/v1/enterprises/${E_A}`)).status === 200);
      const path = (id: string) => `/v1/enterprises/${id}/innovation-score?year=2024`;
      const own = await get(path(E_A), t.entA, { 'x-correlation-id': 'score-1' });
      expect([own.status, own.body]).toEqual([200, { path: `/v1/enterprises/${E_A}/innovation-score`, query: { year: '2024' } }]);
      expect(upstreamSeen.at(-1)!.correlationId).toBe('score-1');
      // The service's JSON is sent on as it came, and the public API keeps its weak ETags.
      expect(own.headers.get('content-type')).toMatch(/^application\/json/);
      expect(own.headers.get('etag')).toMatch(/^W\//);
      expect((await get(path(E_B), t.entA)).status).toBe(403);
      expect((await get(path(E_A), t.reg6501)).status).toBe(200); // E_A is in 6501
      expect((await get(path(E_B), t.reg6501)).body).toMatchObject({ status: 403, detail: `enterprise ${E_B} is outside region 6501` });
      expect((await get(path(E_X), t.reg6501)).status).toBe(404); // never registered: the registry's 404
      expect((await get(path(E_B), t.reg65)).status).toBe(200);
      expect((await get(path(E_B), t.bank1)).status).toBe(200); // listed by B001
      expect((await get(path(E_A), t.bank1)).body.detail).toBe(`enterprise ${E_A} is not on your recommendation list`);
      expect((await get(`/v1/enterprises/${E_A}/innovation-score?year=1999`, t.entA)).status).toBe(422);
    });

    it('loans: the owning bank (another bank gets 404), a regulator covering the borrower', async () => {
      expect((await get('/v1/loans/L1', t.bank1)).body).toMatchObject({ loanId: 'L1', bankId: 'B001' });
      expect((await get('/v1/loans/L2', t.bank1)).body).toMatchObject({ status: 404, detail: 'no loan L2' });
      expect((await get('/v1/loans/L1', t.reg6501)).status).toBe(200);
      expect((await get('/v1/loans/L2', t.reg6501)).status).toBe(404); // borrower in 6531
      expect((await get('/v1/loans/L2', t.reg65)).status).toBe(200);
      // the gateway's own 404, whatever the service said (nothing about parked events)
      expect((await get('/v1/loans/L9', t.reg65)).body).toMatchObject({ status: 404, detail: 'no loan L9' });
    });

    it("a bank's bankId is forced from its token; a regulator chooses", async () => {
      expect((await get('/v1/credit-products', t.bank1)).body.query).toEqual({ bankId: 'B001' });
      expect((await get('/v1/credit-products?bankId=B002', t.bank1)).status).toBe(403);
      expect((await get('/v1/relending/claims?quarter=2024Q3', t.bank1)).body.query).toEqual({ bankId: 'B001', quarter: '2024Q3' });
      expect((await get('/v1/relending/applications?bankId=B002&quarter=2024Q3', t.reg65)).body.query).toEqual({ bankId: 'B002', quarter: '2024Q3' });
      expect((await get('/v1/relending/applications?bankId=B002&quarter=2024Q3', t.reg6501)).status).toBe(403); // bank-wide: whole region only
      expect((await get('/v1/relending/claims?bankId=B002', t.reg6501)).body.query).toEqual({ bankId: 'B002', region: '6501' });
      expect((await get('/v1/relending/claims?quarter=2024Q5', t.reg65)).status).toBe(422);
      expect((await get('/v1/banks/B001/recommendations?limit=5', t.bank1)).body.query).toEqual({ limit: '5' });
      expect((await get('/v1/banks/B001/recommendations?limit=5', t.reg6501)).body.query).toEqual({ limit: '5', region: '6501' });
      expect((await get('/v1/banks/B002/recommendations', t.bank1)).status).toBe(403);
    });

    it("statistics carry the regulator's region; the benchmark is for the whole region only", async () => {
      expect((await get('/v1/stats/lending?asOf=2024-12-31&groupBy=zone', t.reg6501)).body.query).toEqual({ asOf: '2024-12-31', groupBy: 'zone', region: '6501' });
      expect((await get('/v1/stats/lending?asOf=2024-12-31&region=65', t.reg6501)).status).toBe(422); // not the caller's to choose
      expect((await get('/v1/stats/lending?asOf=2024-12-31', t.reg65)).body.query).toEqual({ asOf: '2024-12-31', region: '65' });
      expect((await get('/v1/stats/benchmark?asOf=2024-12-31', t.reg65)).status).toBe(200);
      expect((await get('/v1/stats/benchmark?asOf=2024-12-31', t.reg6501)).status).toBe(403);
    });

    it('the report composes five parts, and names the part that failed', async () => {
      const report = await get('/v1/report?asOf=2024-12-31', t.reg65);
      expect(report.status).toBe(200);
      expect(report.body).toEqual({
        asOf: '2024-12-31',
        year: 2024,
        region: '65',
        lending: { path: '/v1/stats/lending', query: { asOf: '2024-12-31', region: '65' } },
        benchmark: { path: '/v1/stats/benchmark', query: { asOf: '2024-12-31' } },
        relending: { path: '/v1/relending/summary', query: { year: '2024' } },
        subsidies: { path: '/v1/subsidies/summary', query: { year: '2024', region: '65' } },
        scores: { path: '/v1/scores/distribution', query: { year: '2024', region: '65' } },
      });
      expect((await get('/v1/report?asOf=2024-12-31', t.reg6501)).body).toMatchObject({
        region: '6501',
        benchmark: { applicable: false },
        relending: { applicable: false },
        subsidies: { query: { year: '2024', region: '6501' } },
      });
      expect((await get('/v1/report?asOf=2024-06-30', t.reg65)).body).toMatchObject({ benchmark: { applicable: false }, lending: { query: { asOf: '2024-06-30' } } });
      expect((await get('/v1/report?asOf=1999-12-31', t.reg65)).status).toBe(422);
      const failed = await get('/v1/report?asOf=2023-12-31', t.reg65);
      expect(failed.status).toBe(502);
      expect(failed.body.failed).toEqual([{ part: 'subsidies', service: 'subsidy', status: 502, detail: 'subsidy answered 500' }]);
      expect(failed.body.detail).toBe('report incomplete: subsidies from subsidy (502: subsidy answered 500)');
    });

    it('an unreachable service is a 502 problem naming it', async () => {
      const res = await get('/v1/pledges?loanId=L1', t.reg65);
      expect(res.status).toBe(502);
      expect(res.body).toMatchObject({ type: 'urn:techcredit:problem:bad-gateway', service: 'pledge', detail: 'pledge is unreachable' });
    });
  });
});
