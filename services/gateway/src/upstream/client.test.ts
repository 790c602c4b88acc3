import type { AddressInfo } from 'node:net';
import { createServer, type Server } from 'node:http';
import { queryString, upstreamClient, type PooledUpstreamClient, type UpstreamAnswer } from './client';
import { UPSTREAMS, type UpstreamName } from '../domain/upstreams';

/** Real HTTP: a loopback server standing in for an internal service's answers, and a closed port. */
let server: Server;
let base: string;
let closedPort: number;
const seen: { url: string; correlationId: string | undefined }[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    seen.push({ url: req.url ?? '', correlationId: req.headers['x-correlation-id'] as string | undefined });
    const path = (req.url ?? '').split('?')[0];
    const json = (status: number, body: unknown, type = 'application/json', headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'content-type': type, ...headers });
      res.end(JSON.stringify(body));
    };
    if (path === '/prefix/v1/ok') return json(200, { items: [1, 2], url: req.url });
    if (path === '/v1/ok') return json(200, { items: [1, 2], url: req.url });
    if (path === '/v1/missing') {
      return json(404, { type: 'urn:techcredit:problem:not-found', title: 'Not found', status: 404, detail: 'no score for 2023', instance: '/v1/missing', reason: 'NO_SCORE' }, 'application/problem+json');
    }
    if (path === '/v1/invalid') {
      const errors = [{ in: 'query', path: ['year'], message: 'too small', code: 'too_small' }];
      return json(422, { type: 'urn:techcredit:problem:validation', title: 'Validation failed', status: 422, detail: 'bad', errors }, 'application/problem+json');
    }
    if (path === '/v1/boom') return json(500, { type: 'urn:techcredit:problem:internal', title: 'Internal server error', status: 500, detail: 'secret stack' });
    if (path === '/v1/busy') return json(503, { status: 'not-ready' }, 'application/json', { 'retry-after': '5' });
    if (path === '/v1/conflict') return json(409, { title: 'Conflict' });
    if (path === '/v1/bad-json') {
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
      return res.end('{"truncated":');
    }
    if (path === '/v1/text') {
      res.writeHead(200, { 'content-type': 'text/plain' });
      return res.end('hello');
    }
    if (path === '/v1/slow') {
      setTimeout(() => json(200, { late: true }), 1500).unref();
      return;
    }
    json(404, {});
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const probe = createServer();
  await new Promise<void>((r) => probe.listen(0, '127.0.0.1', () => r()));
  closedPort = (probe.address() as AddressInfo).port;
  await new Promise<void>((r) => probe.close(() => r()));
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((r) => server.close(() => r()));
});

const urls = (url: string) => Object.fromEntries(UPSTREAMS.map((u) => [u, url])) as Record<UpstreamName, string>;
const clients: PooledUpstreamClient[] = [];
const client = (url = base, timeoutMs = 1000) => {
  const c = upstreamClient({ urls: urls(url), timeoutMs });
  clients.push(c);
  return c;
};
afterAll(() => Promise.all(clients.map((c) => c.close())));

function okOf(a: UpstreamAnswer) {
  if (!a.ok) throw new Error(`expected 2xx, got ${a.problem.status}: ${a.problem.detail}`);
  return a;
}

function problemOf(a: UpstreamAnswer) {
  if (a.ok) throw new Error('expected a problem');
  return { status: a.problem.status, doc: a.problem.toDocument('/gw'), headers: a.problem.headers };
}

describe('queryString', () => {
  it('leaves out absent values and encodes the rest', () => {
    expect(queryString({ asOf: '2024-12-31', region: undefined, year: 2024 })).toBe('?asOf=2024-12-31&year=2024');
    expect(queryString({ q: 'a b&c' })).toBe('?q=a+b%26c');
    expect(queryString({})).toBe('');
  });
});

describe('upstreamClient.get', () => {
  it('returns 2xx JSON as is (its bytes and content type, parsed on demand), with the query and the correlation id forwarded', async () => {
    const a = okOf(await client().get('stats', '/v1/ok', { asOf: '2024-12-31', region: undefined }, 'corr-1'));
    expect(a.status).toBe(200);
    expect(a.contentType).toBe('application/json');
    expect(a.bytes.toString()).toBe(JSON.stringify({ items: [1, 2], url: '/v1/ok?asOf=2024-12-31' }));
    expect(a.body).toEqual({ items: [1, 2], url: '/v1/ok?asOf=2024-12-31' });
    expect(seen.at(-1)).toEqual({ url: '/v1/ok?asOf=2024-12-31', correlationId: 'corr-1' });
  });

  it('keeps a path prefix of the base URL (and a trailing slash)', async () => {
    const a = okOf(await client(`${base}/prefix/`).get('stats', '/v1/ok', {}, 'c'));
    expect(a.body).toMatchObject({ url: '/prefix/v1/ok' });
  });

  it('reuses kept-alive connections, and still answers after the service closed them', async () => {
    const c = client();
    const sockets = new Set<unknown>();
    const onConnection = (s: unknown) => sockets.add(s);
    server.on('connection', onConnection);
    try {
      for (let i = 0; i < 10; i++) okOf(await c.get('stats', '/v1/ok', {}, `seq-${i}`));
      // A connection is free again a tick after its answer, so a request sent at once may open a second one.
      expect(sockets.size).toBeLessThanOrEqual(2);
      server.closeIdleConnections(); // as a restarting service or its keep-alive timeout would
      expect(okOf(await c.get('stats', '/v1/ok', {}, 'after-close')).body).toMatchObject({ items: [1, 2] });
    } finally {
      server.off('connection', onConnection);
    }
  });

  it('answers 502 when a 2xx body claims JSON but is not', async () => {
    const a = okOf(await client().get('pledge', '/v1/bad-json', {}, 'c'));
    let thrown: unknown;
    try {
      void a.body;
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toMatchObject({ status: 502, detail: 'pledge answered 200 without JSON' });
  });

  it('passes 404 and 422 problems through with their members', async () => {
    const nf = problemOf(await client().get('scoring', '/v1/missing', {}, 'c'));
    expect(nf).toMatchObject({
      status: 404,
      doc: { type: 'urn:techcredit:problem:not-found', title: 'Not found', status: 404, detail: 'no score for 2023', instance: '/gw', reason: 'NO_SCORE' },
    });
    const inv = problemOf(await client().get('scoring', '/v1/invalid', {}, 'c'));
    expect(inv.status).toBe(422);
    expect(inv.doc.errors).toEqual([{ in: 'query', path: ['year'], message: 'too small', code: 'too_small' }]);
  });

  it('maps a 5xx to 502 naming the service, never leaking its detail', async () => {
    const p = problemOf(await client().get('subsidy', '/v1/boom', {}, 'c'));
    expect(p).toMatchObject({ status: 502, doc: { type: 'urn:techcredit:problem:bad-gateway', detail: 'subsidy answered 500', service: 'subsidy' } });
    expect(JSON.stringify(p.doc)).not.toContain('secret');
  });

  it('maps a 503 to 503 with its Retry-After', async () => {
    const p = problemOf(await client().get('relending', '/v1/busy', {}, 'c'));
    expect(p).toMatchObject({ status: 503, doc: { detail: 'relending is not ready', service: 'relending' }, headers: { 'Retry-After': '5' } });
  });

  it('maps other 4xx (a gateway bug) and non-JSON 2xx to 502', async () => {
    expect(problemOf(await client().get('pledge', '/v1/conflict', {}, 'c'))).toMatchObject({ status: 502, doc: { detail: 'pledge answered 409' } });
    expect(problemOf(await client().get('pledge', '/v1/text', {}, 'c'))).toMatchObject({ status: 502, doc: { detail: 'pledge answered 200 without JSON' } });
  });

  it('maps a refused connection to 502 and no answer in time to 504', async () => {
    expect(problemOf(await client(`http://127.0.0.1:${closedPort}`).get('registry', '/v1/ok', {}, 'c'))).toMatchObject({
      status: 502,
      doc: { detail: 'registry is unreachable', service: 'registry' },
    });
    expect(problemOf(await client(base, 200).get('matching', '/v1/slow', {}, 'c'))).toMatchObject({
      status: 504,
      doc: { type: 'urn:techcredit:problem:upstream-timeout', detail: 'matching did not answer within 200 ms' },
    });
  });
});
