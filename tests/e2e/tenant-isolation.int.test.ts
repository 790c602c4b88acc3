/**
 * Issue 14, probed as an attacker would, end to end on the real infrastructure (every service in-process,
 * real Kafka + FerretDB, JWTs through the public gateway only):
 *  1. a bank cannot take over another bank's loan id (any event id): dead-lettered NOT_LOAN_OWNER by every
 *     loan consumer, the owner's loan unchanged and still its own to repay;
 *  2. nor another bank's product id: NOT_PRODUCT_OWNER, the product unchanged;
 *  3. nesting deeper than 32 levels is a 400 before anything recursive runs, on every route;
 *  4. malformed percent-escapes in path ids are 400 problems on every route of every service;
 *  5. dates outside 1900-01-01..2199-12-31 are refused at the gateway and by every consumer, and nothing
 *     breaks; reporting dates outside 2000..2100 are a 422;
 *  6. the report answers for any valid date, marking parts that do not apply;
 *  7. a prefecture regulator sees only its prefecture — proven per route by the authorization matrix below,
 *     generated from the route table: every route × admin, own bank, other bank, own enterprise, other
 *     enterprise, regulator 65, regulator of another prefecture, no token; every denied write is followed by
 *     a read of its topic proving nothing was published;
 *  8. an unknown loan's 404 says nothing about parked events; hex, exponent and padded numbers are 422.
 *
 * Fixture. Banks BANKA and BANKB (re-lending eligible). E1 in 6501 and E2 in 6502, both HTE from 2020, each
 * filed for 2024. Products PA1 (BANKA, every prefecture) and PB1 (BANKB, 6502 only), so E1 is on BANKA's
 * recommendation list but not on BANKB's. Loans (ip_pledge, 4%): LA1 BANKA→E1 5,000,000元 2024-03-01..
 * 2025-03-01 with pledge PLA1; LB1 BANKB→E2 3,000,000元 2024-04-01..2025-04-01 with pledge PLB1.
 */
import { randomUUID } from 'node:crypto';
import type { Principal } from '@techcredit/auth';
import { INDICATOR_KEYS, Topics, loanDisbursed, type IndicatorKey } from '@techcredit/contracts';
import { makeUscc } from '@techcredit/reference';
import {
  MALFORMED_PATH_SEGMENTS,
  contractViolation,
  deepJson,
  fillPath,
  matrixCells,
  rawRequest,
  readDeadLetters,
  routesOf,
  startPlatform,
  testBus,
  testNamespace,
  type MatrixCaller,
  type Platform,
} from '@techcredit/testkit';
import { gatewayRoutes } from '../../services/gateway/src/entry-points/routes';
import { isCommand, type RouteSpec } from '../../services/gateway/src/entry-points/spec';
import { creditProduct, eventually, gatewayClient, topicMessageCount, type GatewayClient, type Json } from './e2e-helpers';

const [E1, E2, E9] = [950_001, 950_002, 950_009].map((n) => makeUscc(n)) as [string, string, string];
const admin: Principal = { role: 'admin', sub: 'iso-admin' };
const bankA = { role: 'bank', bankId: 'BANKA', sub: 'iso-banka' } as const satisfies Principal;
const bankB = { role: 'bank', bankId: 'BANKB', sub: 'iso-bankb' } as const satisfies Principal;
const ent1: Principal = { role: 'enterprise', enterpriseId: E1, sub: 'iso-e1' };
const ent2: Principal = { role: 'enterprise', enterpriseId: E2, sub: 'iso-e2' };
const reg65: Principal = { role: 'regulator', region: '65', sub: 'iso-r65' };
const reg6502: Principal = { role: 'regulator', region: '6502', sub: 'iso-r6502' };
const CALLERS: Record<MatrixCaller, Principal | undefined> = {
  admin,
  ownBank: bankA,
  otherBank: bankB,
  ownEnterprise: ent1,
  otherEnterprise: ent2,
  regulator65: reg65,
  otherRegulator: reg6502,
  noToken: undefined,
};

const at = (date: string, hour = 10) => `${date}T${String(hour).padStart(2, '0')}:00:00+08:00`;
const ev = (type: string, data: Record<string, unknown>, date: string, id: string = randomUUID()) => ({ id, type, occurredAt: at(date), data });
const disbursement = (loanId: string, bankId: string, enterpriseId: string, principalFen: number, disbursedOn: string, maturityOn: string, guaranteeType = 'ip_pledge') =>
  ({ loanId, bankId, enterpriseId, principalFen, rateBp: 400, disbursedOn, maturityOn, guaranteeType });
const pledge = (pledgeId: string, loanId: string, registeredOn: string) => ({
  pledgeId,
  loanId,
  assets: [{ kind: 'invention_patent', registrationNo: `ZL-${pledgeId}`, appraisedValueFen: 2_000_000_000, expiresOn: '2040-01-01' }],
  cnipaRegistrationNo: `Y-${pledgeId}`,
  registeredOn,
  appraisalFeeFen: 1_000_000,
  insurancePremiumFen: 100_000,
});
const filing = (rdExpense: number) => ({
  year: 2024,
  indicators: { ...(Object.fromEntries(INDICATOR_KEYS.map((k) => [k, 0])) as Record<IndicatorKey, number>), revenue: 10_000_000_000, rdExpense },
  flags: { seriousDishonesty: false, majorViolation: false, ipInfringement: false, nationalAward: false, nationalPlatform: false, standardsLed: 0 },
});
const product = (productId: string, bankId: string, over: Record<string, unknown> = {}) => creditProduct(productId, bankId, { name: `产品${productId}`, ...over });

/** The services that keep a loan ledger (each dead-letters a foreign disbursement on its own). */
const LOAN_CONSUMERS = ['matching', 'pledge', 'relending', 'subsidy', 'stats'];

describe('tenant isolation and hostile input (issue 14)', () => {
  let platform: Platform;
  let gw: GatewayClient;
  let base: string;
  const specs = gatewayRoutes({ client: { get: () => Promise.reject(new Error('unused')), post: () => Promise.reject(new Error('unused')) }, publisher: { publish: () => Promise.reject(new Error('unused')) }, now: () => new Date() });

  /** The dead letters of one event id on a topic, once `n` have arrived (every consumer writes its own). */
  const deadLettersOf = (topic: string, eventId: string, n: number) =>
    eventually(
      `${n} dead letters of ${eventId}`,
      async () => (await readDeadLetters(platform.namespace, topic, 1)).filter((d) => d.eventId === eventId),
      (dls) => expect(dls.length).toBeGreaterThanOrEqual(n),
      90_000,
    );

  beforeAll(async () => {
    platform = await startPlatform({
      namespace: testNamespace('e2e-tenant'),
      env: { PARK_INLINE_WAIT_MS: '2000', MATCHING_AS_OF: '2024-12-31', RELENDING_AS_OF: '2025-01-15', SUBSIDY_AS_OF: '2025-01-01' },
    });
    gw = gatewayClient(platform);
    base = platform.gatewayUrl!;

    for (const b of ['BANKA', 'BANKB']) await gw.command('/v1/banks', admin, { bankId: b, name: `银行${b}`, relendingEligible: true, relendingQuotaFen: 10_000_000_000 });
    for (const [e, prefecture] of [
      [E1, '6501'],
      [E2, '6502'],
    ] as const) {
      await gw.command('/v1/enterprises', admin, { enterpriseId: e, name: `企业${prefecture}`, prefecture, zone: null, cluster: null, establishedOn: '2015-05-05' });
      await gw.command(`/v1/enterprises/${e}/designations`, admin, { code: 'HTE', validFrom: '2020-01-01', validTo: null });
    }
    await gw.command(`/v1/enterprises/${E1}/indicators`, ent1, filing(100));
    await gw.command(`/v1/enterprises/${E2}/indicators`, ent2, filing(200));
    await gw.command('/v1/credit-products', bankA, product('PA1', 'BANKA'));
    await gw.command('/v1/credit-products', bankB, product('PB1', 'BANKB', { prefectures: ['6502'] }));
    await gw.command('/v1/loan-events', bankA, {
      events: [ev('loan.disbursed', disbursement('LA1', 'BANKA', E1, 500_000_000, '2024-03-01', '2025-03-01'), '2024-03-01'), ev('pledge.registered', pledge('PLA1', 'LA1', '2024-03-01'), '2024-03-01')],
    });
    await gw.command('/v1/loan-events', bankB, {
      events: [ev('loan.disbursed', disbursement('LB1', 'BANKB', E2, 300_000_000, '2024-04-01', '2025-04-01'), '2024-04-01'), ev('pledge.registered', pledge('PLB1', 'LB1', '2024-04-01'), '2024-04-01')],
    });
    // Every view has the fixture before the probes start.
    await eventually('both loans in stats', async () => [(await gw.get('/v1/loans/LA1', bankA)).status, (await gw.get('/v1/loans/LB1', bankB)).status], (s) => expect(s).toEqual([200, 200]));
    await eventually('both pledges', () => gw.read('/v1/pledges', reg65), (p) => expect(p.total).toBe(2));
    await eventually('both claims', () => gw.read('/v1/relending/claims', reg65), (c) => expect(c.items.map((i: Json) => i.loanId).sort()).toEqual(['LA1', 'LB1']));
    await eventually('both subsidised', () => gw.read('/v1/subsidies/summary?year=2024', reg65), (s) => expect(s.interest.subsidisedLoans).toBe(2));
    await eventually('BANKA lists E1 and E2 with scores', () => gw.read('/v1/banks/BANKA/recommendations', bankA), (r) =>
      expect(r.items.map((i: Json) => [i.enterpriseId, typeof i.total]).sort()).toEqual([E1, E2].sort().map((e) => [e, 'string'])),
    );
    await eventually('products of both banks', async () => [(await gw.read('/v1/credit-products', bankA)).total, (await gw.read('/v1/credit-products', bankB)).total], (t) => expect(t).toEqual([1, 1]));
  }, 240_000);

  afterAll(async () => {
    await platform?.stop();
  });

  it('1. loan takeover: another bank’s disbursement of a used loan id is dead-lettered NOT_LOAN_OWNER by every loan consumer, whatever its event id', async () => {
    const attackId = '00000000-0000-4000-8000-000000000000'; // sorts before every other event id
    const attack = ev('loan.disbursed', disbursement('LB1', 'BANKA', E1, 900_000_000, '2024-01-02', '2025-01-02'), '2024-01-02', attackId);
    expect((await gw.post('/v1/loan-events', bankA, { events: [attack] })).status).toBe(202); // the gateway cannot know: consumers decide
    const dls = await deadLettersOf(Topics.loan, attackId, LOAN_CONSUMERS.length);
    expect(dls.every((d) => d.reason.startsWith('NOT_LOAN_OWNER: loan LB1 belongs to bank BANKB'))).toBe(true);
    expect(new Set(dls.map((d) => (d as unknown as { group: string }).group.split('.').at(-2))).size).toBe(LOAN_CONSUMERS.length);

    const loan = await gw.read('/v1/loans/LB1', bankB);
    expect(loan).toMatchObject({ loanId: 'LB1', bankId: 'BANKB', enterpriseId: E2, principalFen: 300_000_000, refusals: [] });
    expect((await gw.get('/v1/loans/LB1', bankA)).body).toMatchObject({ status: 404, detail: 'no loan LB1' });
    // The owner still repays its own loan (no "second disbursement" refusal, nothing of BANKA's in it).
    await gw.command('/v1/loan-events', bankB, { events: [ev('loan.repaid', { loanId: 'LB1', amountFen: 100_000_000, repaidOn: '2024-06-01' }, '2024-06-01')] });
    await eventually('LB1 repaid by its owner', () => gw.read('/v1/loans/LB1', reg65), (l) =>
      expect([l.bankId, l.balanceTodayFen, l.refusals]).toEqual(['BANKB', 200_000_000, []]),
    );
    // Every consumer agrees: claims and subsidies of LB1 are BANKB's, E1 got no loan LB1.
    const claims = await gw.read('/v1/relending/claims?bankId=BANKA', reg65);
    expect(claims.items.map((c: Json) => c.loanId)).toEqual(['LA1']);
    const e1 = await gw.read(`/v1/enterprises/${E1}/subsidies?year=2024`, ent1);
    expect(JSON.stringify(e1)).not.toContain('LB1');
  });

  it('2. product takeover: another bank’s version of a product id is dead-lettered NOT_PRODUCT_OWNER; the product stays its owner’s', async () => {
    const res = await gw.post('/v1/credit-products', bankA, product('PB1', 'BANKA', { name: 'hijacked', annualRateBp: 1 }));
    expect(res.status).toBe(202);
    const [dl] = await deadLettersOf(Topics.product, res.body.eventId as string, 1);
    expect(dl!.reason).toBe('NOT_PRODUCT_OWNER: product PB1 belongs to bank BANKB; a version for bank BANKA is refused');
    const own = await gw.read('/v1/credit-products', bankB);
    expect(own.items).toEqual([expect.objectContaining({ productId: 'PB1', bankId: 'BANKB', name: '产品PB1', annualRateBp: 385 })]);
    expect((await gw.read('/v1/credit-products', bankA)).items.map((p: Json) => p.productId)).toEqual(['PA1']);
  });

  it('3. a body nested deeper than 32 levels is a 400 problem on every route (with an Idempotency-Key too), before anything recursive runs', async () => {
    const token = platform.token(bankA);
    const before = await topicMessageCount(platform.namespace, Topics.loan);
    const deep = await rawRequest(base, 'POST', '/v1/loan-events', { token, body: deepJson(200_000, 'events'), headers: { 'idempotency-key': 'deep-1' } });
    expect(contractViolation(deep)).toBeUndefined();
    expect([deep.status, JSON.parse(deep.text).detail]).toEqual([400, 'request body nests deeper than 32 levels']);
    for (const spec of specs) {
      const path = `/v1${fillPath(spec.path, (p) => (p === 'loanId' ? 'LA1' : p === 'bankId' ? 'BANKA' : E1))}`;
      const a = await rawRequest(base, spec.method.toUpperCase(), path, { token: platform.token(CALLERS[spec.roles.includes('bank') ? 'ownBank' : spec.roles.includes('regulator') ? 'regulator65' : spec.roles.includes('enterprise') ? 'ownEnterprise' : 'admin']!), body: deepJson(40, 'x') });
      expect([spec.path, a.status, contractViolation(a)]).toEqual([spec.path, 400, undefined]);
    }
    expect(await topicMessageCount(platform.namespace, Topics.loan)).toBe(before);
  });

  it('4. malformed percent-escapes in path ids are 400 problems on every route with a path id, in every service', async () => {
    let probed = 0;
    for (const spec of specs.filter((s) => s.path.includes(':'))) {
      for (const seg of MALFORMED_PATH_SEGMENTS) {
        // Authenticated first (deny by default: 401 without a token), then the path is a 400 for every role.
        const path = `/v1${fillPath(spec.path, () => seg)}`;
        const anonymous = await rawRequest(base, spec.method.toUpperCase(), path, { body: spec.method === 'post' ? '{}' : undefined });
        expect([spec.path, seg, anonymous.status, contractViolation(anonymous)]).toEqual([spec.path, seg, 401, undefined]);
        for (const as of [admin, bankA, ent1, reg65]) {
          const a = await rawRequest(base, spec.method.toUpperCase(), path, { token: platform.token(as), body: spec.method === 'post' ? '{}' : undefined });
          expect([spec.path, seg, as.role, a.status, contractViolation(a)]).toEqual([spec.path, seg, as.role, 400, undefined]);
          probed++;
        }
      }
    }
    for (const [name, svc] of platform.services) {
      if (name === 'gateway') continue;
      const withIds = routesOf(svc.app).filter((r) => r.path.includes(':'));
      for (const r of withIds) {
        for (const seg of MALFORMED_PATH_SEGMENTS) {
          const a = await rawRequest(svc.url, r.method, fillPath(r.path, () => seg));
          expect([name, r.path, seg, a.status, contractViolation(a)]).toEqual([name, r.path, seg, 400, undefined]);
          probed++;
        }
      }
    }
    expect(probed).toBeGreaterThan(100);
  });

  it('5. dates outside 1900-01-01..2199-12-31 are refused at the gateway and dead-lettered by every consumer; summaries still answer', async () => {
    const before = await topicMessageCount(platform.namespace, Topics.loan);
    for (const bad of ['0000-01-01', '0001-01-01', '1899-12-31', '2200-01-01']) {
      const res = await gw.post('/v1/loan-events', bankA, { events: [ev('loan.disbursed', disbursement('LY0', 'BANKA', E1, 300_000_000, bad, '2025-01-01'), '2024-01-01')] });
      expect(res.status).toBe(422);
      expect(res.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ path: ['events', 0, 'data', 'disbursedOn'], message: 'a date must be from 1900-01-01 to 2199-12-31' })]));
    }
    expect(await topicMessageCount(platform.namespace, Topics.loan)).toBe(before);

    // A bank producing straight to Kafka: the same contract in every consumer.
    const bus = testBus(platform.namespace, 'iso-direct');
    const envelope = bus.envelope(loanDisbursed, disbursement('LY1', 'BANKA', E1, 300_000_000, '2024-01-01', '2025-01-01'), { source: 'bank:BANKA' });
    const raw = { ...envelope, data: { ...(envelope.data as object), disbursedOn: '0000-01-01' } };
    await bus.publishRaw(Topics.loan, [{ key: 'LY1', value: JSON.stringify(raw) }]);
    await bus.disconnect();
    const dls = await deadLettersOf(Topics.loan, envelope.id, LOAN_CONSUMERS.length);
    expect(dls.every((d) => /disbursedOn/.test(d.reason))).toBe(true);

    expect((await gw.get('/v1/loans/LY1', bankA)).status).toBe(404);
    // The edges of the range are supported by every rule: a loan from 1900-01-01 to 2199-12-31 is taken
    // and every summary still answers (it predates every policy version: ineligible, never an error).
    await gw.command('/v1/loan-events', bankA, { events: [ev('loan.disbursed', disbursement('LEDGE', 'BANKA', E1, 250_000_000, '1900-01-01', '2199-12-31', 'credit'), '2024-01-01')] });
    await eventually('the edge loan in stats', () => gw.get('/v1/loans/LEDGE', bankA), (a) => expect([a.status, a.body.disbursedOn]).toEqual([200, '1900-01-01']));
    await eventually('the edge loan in re-lending', () => gw.read('/v1/relending/claims?bankId=BANKA', reg65), (c) => expect(Object.values(c.ineligible as Record<string, number>).reduce((x, y) => x + y, 0)).toBeGreaterThanOrEqual(1));
    for (const path of ['/v1/subsidies/summary?year=2024', '/v1/relending/summary?year=2024', '/v1/stats/lending?asOf=2024-12-31', '/v1/report?asOf=2024-12-31', '/v1/report?asOf=2000-01-01', '/v1/report?asOf=2100-12-31', `/v1/enterprises/${E1}/subsidies`]) {
      expect([path, (await gw.get(path, reg65)).status]).toEqual([path, 200]);
    }
    // Reporting dates: 2000-01-01 .. 2100-12-31, a 422 at the gateway (never a 502 from a part).
    for (const path of ['/v1/stats/lending?asOf=0001-01-01', '/v1/report?asOf=0000-06-30', '/v1/report?asOf=1999-12-31', '/v1/report?asOf=2101-01-01', '/v1/stats/benchmark?asOf=0001-12-31']) {
      const a = await gw.get(path, reg65);
      expect([path, a.status, a.body.errors?.[0]?.path]).toEqual([path, 422, ['asOf']]);
    }
  });

  it('6. the report answers for any valid reporting date; parts that do not apply are marked', async () => {
    for (const asOf of ['2000-01-01', '2024-06-30', '2024-12-31', '2025-01-01', '2100-12-31']) {
      const r = await gw.get(`/v1/report?asOf=${asOf}`, reg65);
      expect([asOf, r.status]).toEqual([asOf, 200]);
      if (asOf === '2024-12-31') expect(Array.isArray(r.body.benchmark.items)).toBe(true);
      else expect(r.body.benchmark).toEqual({ applicable: false, reason: 'figures are published for 2024-12-31 only' });
      expect(r.body.relending.totals).toBeDefined();
    }
    const p = await gw.read('/v1/report?asOf=2024-06-30', reg6502);
    expect(p).toMatchObject({ region: '6502', benchmark: { applicable: false }, relending: { applicable: false }, lending: { region: '6502' }, subsidies: { region: '6502' }, scores: { region: '6502' } });
  });

  it('8. an unknown loan’s 404 is the same for every caller (no parked count); hex, exponent and padded numbers are 422', async () => {
    await gw.command('/v1/loan-events', bankA, { events: [ev('loan.repaid', { loanId: 'LZ-PARKED', amountFen: 1, repaidOn: '2024-06-01' }, '2024-06-01')] });
    const stats = platform.services.get('stats')!.url;
    await eventually('the repayment is parked', async () => (await (await fetch(`${stats}/v1/loans/LZ-PARKED`)).json()) as Json, (b) => expect(b.parked).toBe(1));
    for (const as of [bankA, bankB, reg65]) {
      const a = await gw.get('/v1/loans/LZ-PARKED', as);
      expect([a.status, a.body]).toEqual([404, { type: 'urn:techcredit:problem:not-found', title: 'Not found', status: 404, detail: 'no loan LZ-PARKED', instance: '/v1/loans/LZ-PARKED' }]);
    }
    for (const [path, as] of [
      ['/v1/relending/summary?year=0x7E8', reg65],
      ['/v1/relending/summary?year=%202024', reg65],
      ['/v1/subsidies/summary?year=2024.0', reg65],
      ['/v1/pledges?limit=1e2', reg65],
      ['/v1/credit-products?offset=%2B1', bankA],
      [`/v1/enterprises/${E1}/innovation-score?year=02024`, ent1],
    ] as const) {
      const a = await gw.get(path, as);
      expect([path, a.status, a.body.errors?.[0]?.message]).toEqual([path, 422, 'expected a whole number in plain decimal digits']);
    }
    expect((await gw.get('/v1/relending/summary?year=2024', reg65)).status).toBe(200);
  });

  describe('7. authorization matrix: every route × every caller, generated from the route table', () => {
    const key = (s: RouteSpec) => `${s.method.toUpperCase()} ${s.path}`;
    const F = 403; // forbidden
    const U = 401; // no token
    // admin, own bank, other bank, own enterprise, other enterprise, regulator 65, other prefecture, no token
    const row = (a: number, ob: number, xb: number, oe: number, xe: number, r65: number, rx: number): Record<MatrixCaller, number> => ({
      admin: a,
      ownBank: ob,
      otherBank: xb,
      ownEnterprise: oe,
      otherEnterprise: xe,
      regulator65: r65,
      otherRegulator: rx,
      noToken: U,
    });
    const EXPECTED: Record<string, Record<MatrixCaller, number>> = {
      'POST /enterprises': row(202, F, F, F, F, F, F),
      'POST /enterprises/:id/designations': row(202, F, F, F, F, F, F),
      'POST /banks': row(202, F, F, F, F, F, F),
      'POST /enterprises/batch': row(202, F, F, F, F, F, F),
      'POST /designations/batch': row(202, F, F, F, F, F, F),
      'POST /banks/batch': row(202, F, F, F, F, F, F),
      'POST /policies': row(202, F, F, F, F, F, F),
      'POST /enterprises/:id/indicators': row(202, F, F, 202, F, F, F),
      'GET /enterprises/:id/innovation-score': row(F, 200, F, 200, F, 200, F),
      'GET /enterprises/:id/offers': row(F, F, F, 200, F, F, F),
      'GET /enterprises/:id/subsidies': row(F, F, F, 200, F, 200, F),
      'POST /credit-products': row(F, 202, F, F, F, F, F),
      'GET /credit-products': row(F, 200, 200, F, F, F, F),
      'GET /banks/:bankId/recommendations': row(F, 200, F, F, F, 200, 200),
      'POST /loan-events': row(F, 202, F, F, F, F, F),
      'GET /loans/:loanId': row(F, 200, 404, F, F, 200, 404),
      'GET /pledges': row(F, 200, 200, F, F, 200, 200),
      'GET /relending/claims': row(F, 200, 200, F, F, 200, 200),
      'GET /relending/applications': row(F, 200, 200, F, F, 200, F),
      'GET /relending/summary': row(F, F, F, F, F, 200, F),
      'GET /subsidies/summary': row(F, F, F, F, F, 200, 200),
      'GET /stats/lending': row(F, F, F, F, F, 200, 200),
      'GET /stats/benchmark': row(F, F, F, F, F, 200, F),
      'POST /reference/total-loans': row(F, F, F, F, F, 202, F),
      'GET /report': row(F, F, F, F, F, 200, 200),
      'GET /audit': row(200, F, F, F, F, 200, F),
      'GET /audit/verify': row(200, F, F, F, F, 200, F),
      'POST /enterprises/:id/innovation-score/what-if': row(F, F, F, 200, F, 200, F),
      'GET /stats/lending/series': row(F, F, F, F, F, 200, 200),
      'POST /loan-events/check': row(F, 200, 200, F, F, F, F),
    };
    const QUERY: Record<string, string> = {
      'GET /enterprises/:id/innovation-score': '?year=2024',
      'GET /enterprises/:id/subsidies': '?year=2024',
      'GET /relending/summary': '?year=2024',
      'GET /subsidies/summary': '?year=2024',
      'GET /stats/lending': '?asOf=2024-12-31',
      'GET /stats/benchmark': '?asOf=2024-12-31',
      'GET /report': '?asOf=2024-12-31',
      'GET /stats/lending/series': '?from=2024-01-01&to=2024-12-31&groupBy=prefecture',
      'GET /audit': `?date=${new Date().toISOString().slice(0, 10)}`,
      'GET /audit/verify': `?date=${new Date().toISOString().slice(0, 10)}`,
    };
    /** The topic each write publishes to: a denied write must leave it as it was. */
    const TOPIC: Record<string, string> = {
      'POST /enterprises': Topics.registry,
      'POST /enterprises/:id/designations': Topics.registry,
      'POST /banks': Topics.registry,
      'POST /enterprises/batch': Topics.registry,
      'POST /designations/batch': Topics.registry,
      'POST /banks/batch': Topics.registry,
      'POST /reference/total-loans': Topics.registry,
      'POST /policies': Topics.policy,
      'POST /enterprises/:id/indicators': Topics.enterprise,
      'POST /credit-products': Topics.product,
      'POST /loan-events': Topics.loan,
      'POST /enterprises/:id/innovation-score/what-if': Topics.enterprise, // a POST read: never a filing
      'POST /loan-events/check': Topics.loan, // a dry run: never publishes
    };
    /** Valid bodies (so a 403 is the rule's or the scope's answer, not validation's); an allowed one publishes. */
    const BODY: Record<string, unknown> = {
      'POST /enterprises': { enterpriseId: E9, name: '矩阵企业', prefecture: '6501', zone: null, cluster: null, establishedOn: '2016-01-01' },
      'POST /enterprises/:id/designations': { code: 'TSME', validFrom: '2021-01-01', validTo: null },
      'POST /banks': { bankId: 'BANKZ', name: '矩阵银行', relendingEligible: false, relendingQuotaFen: 0 },
      'POST /enterprises/batch': { enterprises: [{ enterpriseId: E9, name: '矩阵企业', prefecture: '6501', zone: null, cluster: null, establishedOn: '2016-01-01' }] },
      'POST /designations/batch': { designations: [{ enterpriseId: E9, code: 'TSME', validFrom: '2021-01-01', validTo: null }] },
      'POST /banks/batch': { banks: [{ bankId: 'BANKZ', name: '矩阵银行', relendingEligible: false, relendingQuotaFen: 0 }] },
      'POST /policies': { key: 'riskCompensation', effectiveFrom: '2020-01-01', value: { shareBp: 3000 } },
      'POST /enterprises/:id/indicators': filing(100),
      'POST /credit-products': product('PA2', 'BANKA'),
      'POST /loan-events': { events: [ev('loan.disbursed', disbursement('LM1', 'BANKA', E1, 100_000_000, '2024-05-01', '2024-08-01', 'credit'), '2024-05-01')] },
      'POST /reference/total-loans': { date: '2023-12-31', balanceFen: 1 },
      'POST /enterprises/:id/innovation-score/what-if': { year: 2024, indicators: { rdExpense: 150 } },
      'POST /loan-events/check': { events: [ev('loan.disbursed', disbursement('LM2', 'BANKA', E1, 100_000_000, '2024-05-01', '2024-08-01', 'credit'), '2024-05-01')] },
    };
    /** Regulator answers of the filtered routes: what must never reach regulator 6502 (E1 and its loan and pledge are in 6501). */
    const OUTSIDE_6502 = [E1, 'LA1', 'PLA1'];

    const cells = matrixCells(
      gatewayRoutes({ client: { get: () => Promise.reject(new Error('unused')), post: () => Promise.reject(new Error('unused')) }, publisher: { publish: () => Promise.reject(new Error('unused')) }, now: () => new Date() }),
      key,
      EXPECTED,
    );
    const answers = new Map<string, { status: number; text: string }>();

    it.each(cells.map((c) => [`${c.key} as ${c.caller} → ${c.expected}`, c] as const))('%s', async (_name, cell) => {
      const spec = cell.route;
      const as = CALLERS[cell.caller];
      const path = `/v1${fillPath(spec.path, (p) => (p === 'loanId' ? 'LA1' : p === 'bankId' ? 'BANKA' : E1))}${QUERY[cell.key] ?? ''}`;
      const topic = TOPIC[cell.key];
      const before = topic ? await topicMessageCount(platform.namespace, topic) : 0;
      const body = spec.method === 'post' ? JSON.stringify(BODY[cell.key]) : undefined;
      const a = await rawRequest(base, spec.method.toUpperCase(), path, { token: as && platform.token(as), body });
      expect(contractViolation(a)).toBeUndefined();
      expect([cell.caller, a.status]).toEqual([cell.caller, cell.expected]);
      answers.set(`${cell.key}|${cell.caller}`, { status: a.status, text: a.text });
      if (topic) {
        const after = await topicMessageCount(platform.namespace, topic);
        // A denied write published nothing; an accepted one published its event(s).
        expect([cell.caller, after - before]).toEqual([cell.caller, a.status === 202 ? 1 : 0]);
      }
    });

    it('region scope, per regulator route: regulator 6502 never sees 6501 data, where regulator 65 does', () => {
      const regulatorRoutes = specs.filter((s) => s.roles.includes('regulator'));
      expect(regulatorRoutes.length).toBeGreaterThan(10);
      for (const spec of regulatorRoutes) {
        const k = key(spec);
        const whole = answers.get(`${k}|regulator65`)!;
        const other = answers.get(`${k}|otherRegulator`)!;
        if (spec.regionScope === 'whole-region') expect([k, other.status]).toEqual([k, 403]);
        if (spec.regionScope === 'checked') expect([k, other.status === 403 || other.status === 404]).toEqual([k, true]);
        if (spec.regionScope === 'filtered' && spec.method === 'get') {
          expect([k, other.status]).toEqual([k, 200]);
          for (const id of OUTSIDE_6502) expect([k, id, other.text.includes(id)]).toEqual([k, id, false]);
        }
        expect([k, whole.status]).toEqual([k, isCommand(spec) ? 202 : 200]);
      }
      const body = (k: string, c: MatrixCaller) => JSON.parse(answers.get(`${k}|${c}`)!.text) as Json;
      // Lists: regulator 65 sees the 6501 items regulator 6502 must not.
      for (const k of ['GET /banks/:bankId/recommendations', 'GET /pledges', 'GET /relending/claims']) {
        expect([k, answers.get(`${k}|regulator65`)!.text.includes('LA1') || answers.get(`${k}|regulator65`)!.text.includes(E1)]).toEqual([k, true]);
      }
      expect(body('GET /banks/:bankId/recommendations', 'otherRegulator').items.map((i: Json) => i.enterpriseId)).toEqual([E2]);
      expect(body('GET /pledges', 'otherRegulator').items.map((i: Json) => i.pledgeId)).toEqual(['PLB1']);
      expect(body('GET /relending/claims', 'otherRegulator').items.map((i: Json) => i.loanId)).toEqual(['LB1']);
      // Aggregates: 6502's figures are E2's alone (one supported enterprise, LB1's balance), the region's both.
      const lending = body('GET /stats/lending', 'otherRegulator').stats;
      expect([lending.supportedEnterprises.value, lending.balance.fen]).toEqual([1, 200_000_000]);
      expect(body('GET /stats/lending', 'regulator65').stats.supportedEnterprises.value).toBe(2);
      expect(body('GET /subsidies/summary', 'otherRegulator')).toMatchObject({ region: '6502', enterprises: 1, interest: { subsidisedLoans: 1 } });
      expect(body('GET /subsidies/summary', 'regulator65').interest.subsidisedLoans).toBe(2);
      const report = body('GET /report', 'otherRegulator');
      expect([report.lending.stats.supportedEnterprises.value, report.subsidies.enterprises]).toEqual([1, 1]);
    });
  });
});
