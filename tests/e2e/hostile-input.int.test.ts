/**
 * Fuzzing every route (issue 14), on the real infrastructure: fast-check drives requests whose path ids,
 * query strings and bodies are derived from the route's own zod schemas (mostly valid, with hostile values,
 * dropped and unknown keys mixed in), and raw malformed bytes (random bytes, invalid UTF-8, truncated and
 * 5,000-deep JSON, wrong media types, malformed percent-escapes) against every public route and every
 * internal service route. Bounded by a run count and a time limit (never asserted on).
 *
 * Properties: no 5xx; every 4xx is an RFC 9457 problem (problem+json with its status, type, title); and no
 * invalid request publishes anything — the events on the gateway's topics afterwards are exactly those of
 * its 202 answers (an `Idempotent-Replayed` answer publishes nothing again).
 */
import fc from 'fast-check';
import type { Principal } from '@techcredit/auth';
import { Topics } from '@techcredit/contracts';
import { makeUscc } from '@techcredit/reference';
import {
  MALFORMED_PATH_SEGMENTS,
  arbitraryFor,
  encodePart,
  contractViolation,
  fillPath,
  inputJsonSchema,
  queryArbitrary,
  rawBodyArbitrary,
  rawRequest,
  routesOf,
  startPlatform,
  testNamespace,
  type Platform,
  type RawAnswer,
} from '@techcredit/testkit';
import { gatewayRoutes } from '../../services/gateway/src/entry-points/routes';
import type { RouteSpec } from '../../services/gateway/src/entry-points/spec';
import { gatewayClient, topicMessageCount } from './e2e-helpers';

const E1 = makeUscc(960_001);
const PRINCIPALS: (Principal | undefined)[] = [
  { role: 'admin', sub: 'fuzz-admin' },
  { role: 'bank', bankId: 'BANKF', sub: 'fuzz-bank' },
  { role: 'bank', bankId: 'BANKG', sub: 'fuzz-bank-g' },
  { role: 'enterprise', enterpriseId: E1, sub: 'fuzz-ent' },
  { role: 'regulator', region: '65', sub: 'fuzz-r65' },
  { role: 'regulator', region: '6502', sub: 'fuzz-r6502' },
  { role: 'insurer', insurerId: 'INSF', sub: 'fuzz-insurer' },
  undefined,
];
const GATEWAY_TOPICS = [Topics.registry, Topics.enterprise, Topics.product, Topics.loan, Topics.policy, Topics.insurance];
/** Runs per property; the time limit stops a slow machine earlier (counted and printed, not asserted). */
const RUNS = 1500;
const TIME_LIMIT_MS = 75_000;

const specs = gatewayRoutes({ client: { get: () => Promise.reject(new Error('unused')), post: () => Promise.reject(new Error('unused')) }, publisher: { publish: () => Promise.reject(new Error('unused')) }, now: () => new Date() });

/** Path-parameter values: the fixture's real ids, schema-derived ids, hostile text and malformed escapes. */
function paramArbitrary(spec: RouteSpec): fc.Arbitrary<(name: string) => string> {
  const props = spec.params ? (inputJsonSchema(spec.params).properties ?? {}) : {};
  const names = Object.keys(props);
  if (names.length === 0) return fc.constant(() => '');
  const valueFor = (name: string) =>
    fc.oneof(
      fc.constant(name === 'bankId' ? 'BANKF' : name === 'loanId' ? 'LF1' : E1),
      arbitraryFor(props[name]!).map((v) => encodePart(String(v))),
      fc.constantFrom(...MALFORMED_PATH_SEGMENTS),
      fc.string({ maxLength: 20 }).map(encodePart),
    );
  return fc.tuple(...names.map(valueFor)).map((values) => (name: string) => values[names.indexOf(name)] ?? '');
}

describe('fuzz: every route, schema-derived and raw malformed input', () => {
  let platform: Platform;
  let base: string;
  const token = (p: Principal | undefined) => (p ? platform.token(p) : undefined);
  const published = { expected: 0 };
  const failures: string[] = [];
  let runs = 0;
  const statuses = new Map<number, number>();
  const histogram = () => [...statuses].sort(([a], [b]) => a - b).map(([k, v]) => `${k}×${v}`).join(' ');

  const check = (label: string, a: RawAnswer) => {
    statuses.set(a.status, (statuses.get(a.status) ?? 0) + 1);
    const violation = contractViolation(a);
    if (violation) failures.push(`${label}: ${violation}`);
    if (a.status === 202 && a.headers.get('idempotent-replayed') !== 'true') {
      const body = JSON.parse(a.text) as { accepted?: number };
      published.expected += typeof body.accepted === 'number' ? body.accepted : 1;
    }
    return violation === undefined;
  };

  beforeAll(async () => {
    platform = await startPlatform({ namespace: testNamespace('e2e-fuzz'), env: { PARK_INLINE_WAIT_MS: '200' } });
    base = platform.gatewayUrl!;
    const gw = gatewayClient(platform);
    const admin = PRINCIPALS[0]!;
    await gw.command('/v1/banks', admin, { bankId: 'BANKF', name: '模糊银行', relendingEligible: true, relendingQuotaFen: 1_000_000_000 });
    await gw.command('/v1/enterprises', admin, { enterpriseId: E1, name: '模糊企业', prefecture: '6501', zone: null, cluster: null, establishedOn: '2015-05-05' });
    published.expected = 2;
  }, 240_000);

  afterAll(async () => {
    await platform?.stop();
  });

  it('public routes with schema-derived params, queries and bodies: no 5xx, every 4xx a problem', async () => {
    // Mostly a caller the route's rule lets through (so the input reaches validation and the handler).
    const callerFor = (spec: RouteSpec) => {
      const permitted = PRINCIPALS.filter((p) => p !== undefined && spec.roles.includes(p.role));
      return fc.oneof({ arbitrary: fc.constantFrom(...permitted), weight: 4 }, { arbitrary: fc.constantFrom(...PRINCIPALS), weight: 1 });
    };
    const request = fc.record({
      spec: fc.constantFrom(...specs),
      key: fc.option(fc.constantFrom('k1', 'k2', 'k3'), { nil: undefined }),
    }).chain(({ spec, key }) =>
      fc.record({
        spec: fc.constant(spec),
        caller: callerFor(spec),
        key: fc.constant(key),
        params: paramArbitrary(spec),
        query: queryArbitrary(spec.query),
        body: spec.method === 'post' ? arbitraryFor(inputJsonSchema(spec.body)).map((v) => JSON.stringify(v) ?? 'null') : fc.constant(undefined),
      }),
    );
    await fc.assert(
      fc.asyncProperty(request, async (r) => {
        runs++;
        const path = `/v1${fillPath(r.spec.path, r.params)}${r.query}`;
        const a = await rawRequest(base, r.spec.method.toUpperCase(), path, {
          token: token(r.caller),
          body: r.body,
          headers: r.key && r.spec.method === 'post' ? { 'idempotency-key': r.key } : {},
        });
        return check(`${r.spec.method.toUpperCase()} ${path} as ${r.caller?.role ?? 'nobody'} body ${String(r.body).slice(0, 200)}`, a);
      }),
      { numRuns: RUNS, interruptAfterTimeLimit: TIME_LIMIT_MS, markInterruptAsFailure: false },
    );
    console.log(`fuzz (schema-derived): ${runs} requests; statuses ${histogram()}`);
    statuses.clear();
    expect(failures).toEqual([]);
  });

  it('every route of every service with raw malformed bytes, paths and queries: no 5xx, every 4xx a problem', async () => {
    const targets: { base: string; method: string; path: string; gateway: boolean }[] = specs.map((s) => ({ base, method: s.method.toUpperCase(), path: `/v1${s.path}`, gateway: true }));
    for (const [name, svc] of platform.services) {
      if (name !== 'gateway') for (const r of routesOf(svc.app)) targets.push({ base: svc.url, method: r.method, path: r.path, gateway: false });
    }
    expect(targets.length).toBeGreaterThan(40);
    let rawRuns = 0;
    const request = fc.record({
      target: fc.constantFrom(...targets),
      caller: fc.constantFrom(...PRINCIPALS),
      segment: fc.oneof(fc.constantFrom(...MALFORMED_PATH_SEGMENTS), fc.string({ maxLength: 12 }).map(encodePart), fc.constant(E1)),
      query: fc.oneof(queryArbitrary(undefined), fc.constant('')),
      body: fc.option(rawBodyArbitrary(), { nil: undefined }),
    });
    await fc.assert(
      fc.asyncProperty(request, async (r) => {
        rawRuns++;
        const path = `${fillPath(r.target.path, () => r.segment)}${r.query}`;
        const a = await rawRequest(r.target.base, r.target.method, path, {
          token: r.target.gateway ? token(r.caller) : undefined,
          body: r.body?.body,
          contentType: r.body?.contentType,
        });
        return check(`${r.target.method} ${r.target.base === base ? 'gateway' : r.target.base}${path}`, a);
      }),
      { numRuns: RUNS, interruptAfterTimeLimit: TIME_LIMIT_MS, markInterruptAsFailure: false },
    );
    console.log(`fuzz (raw): ${rawRuns} requests over ${targets.length} routes; statuses ${histogram()}`);
    expect(failures).toEqual([]);
  });

  it('no invalid request published anything: the gateway topics hold exactly the events of its 202 answers', async () => {
    let total = 0;
    for (const t of GATEWAY_TOPICS) total += await topicMessageCount(platform.namespace, t);
    expect(total).toBe(published.expected);
  });
});
