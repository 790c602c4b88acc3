import { generateKeyPairSync } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import express from 'express';
import { makeUscc } from '@techcredit/reference';
import { allOf, allow, anyOf, authenticate, authorize, ownBank, ownEnterprise, routeGuard, rule } from './middleware';
import { regionCovers, type Principal } from './principal';
import { loadVerifier, signDevToken } from './verifier';

/** Real HTTP: an express app on an ephemeral loopback port, called with node's fetch. */

const ISS = 'techcredit-test';
const AUD = 'techcredit';
const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const privateKeyPem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
const verifier = loadVerifier({
  publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  issuer: ISS,
  audience: AUD,
  algorithms: ['ES256'],
});
const token = (claims: Principal, issuedAt?: number) =>
  signDevToken({ privateKeyPem, issuer: ISS, audience: AUD, claims, expiresIn: 300, issuedAt });

const E1 = makeUscc(1);
const E2 = makeUscc(2);
const tokens = {
  admin: token({ role: 'admin', sub: 'root' }),
  e1: token({ role: 'enterprise', enterpriseId: E1, sub: 'u-e1' }),
  bank: token({ role: 'bank', bankId: 'B001', sub: 'u-b1' }),
  regUrumqi: token({ role: 'regulator', region: '6501', sub: 'u-r1' }),
  regAll: token({ role: 'regulator', region: '65', sub: 'u-r2' }),
  expired: token({ role: 'admin', sub: 'root' }, Math.floor(Date.now() / 1000) - 3600),
};

let server: Server;
let base: string;

beforeAll(async () => {
  const app = express();
  app.get('/healthz', (_req, res) => {
    res.json({ ok: true }); // public: registered before the guard
  });
  const guard = routeGuard(verifier)
    .get('/enterprises/:id', anyOf(allow({ roles: ['admin'] }), ownEnterprise('id')), (req, res) => {
      res.json({ id: req.params.id, by: req.principal });
    })
    .get('/banks/:bankId/loans', ownBank(), (req, res) => {
      res.json({ bankId: req.params.bankId });
    })
    .get(
      '/stats/:prefecture',
      allow({ role: 'regulator', match: (p, req) => regionCovers(p.region, String(req.params.prefecture)) }),
      (req, res) => {
        res.json({ prefecture: req.params.prefecture });
      },
    )
    .post(
      '/loans',
      allow({ role: 'bank' }),
      express.json(),
      (req, res, next) => {
        res.locals.body = req.body; // stands in for validateBody
        next();
      },
      // Body ownership is checked after validation, with a custom rule.
      authorize(rule((p, _req, res) => p.role === 'bank' && p.bankId === res.locals.body.bankId)),
      (_req, res) => {
        res.status(201).json({ accepted: true });
      },
    )
    .post('/admin/nothing', allOf(), (_req, res) => {
      res.json({ reached: true });
    });
  app.use('/v1', guard.handler);
  // Outside the guard, authorize alone still refuses an unauthenticated request.
  app.get('/plain', authorize(allow({ roles: ['admin'] })), (_req, res) => {
    res.json({ reached: true });
  });
  app.get('/authn-only', authenticate(verifier), (req, res) => {
    res.json({ role: req.principal?.role });
  });
  app.use((_req, res) => {
    res.status(404).json({ fellThrough: true });
  });
  await new Promise<void>((resolve) => {
    server = app.listen(0, '127.0.0.1', () => resolve());
  });
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise<void>((resolve, reject) => server.close((err) => (err ? reject(err) : resolve())));
});

const call = (path: string, bearer?: string, init: RequestInit = {}) =>
  fetch(base + path, { ...init, headers: bearer === undefined ? {} : { authorization: `Bearer ${bearer}` } });

async function expectProblem(res: Response, status: number, type: string) {
  expect(res.status).toBe(status);
  expect(res.headers.get('content-type')).toBe('application/problem+json; charset=utf-8');
  const body = (await res.json()) as Record<string, unknown>;
  expect(body).toMatchObject({ status, type: `urn:techcredit:problem:${type}` });
  expect(typeof body.title).toBe('string');
  expect(typeof body.detail).toBe('string');
  return body;
}

describe('authenticate', () => {
  it('401 problem with a Bearer challenge when the token is missing', async () => {
    const res = await call(`/v1/enterprises/${E1}`);
    expect(res.headers.get('www-authenticate')).toBe('Bearer realm="techcredit"');
    const body = await expectProblem(res, 401, 'unauthorized');
    expect(body).toMatchObject({ detail: 'missing bearer token', instance: `/v1/enterprises/${E1}` });
  });

  it('401 for an expired token, with the reason', async () => {
    const res = await call(`/v1/enterprises/${E1}`, tokens.expired);
    expect(res.headers.get('www-authenticate')).toContain('error="invalid_token"');
    expect((await expectProblem(res, 401, 'unauthorized')).detail).toBe('token expired');
  });

  it('401 for a non-Bearer scheme and for garbage', async () => {
    const basic = await fetch(`${base}/authn-only`, { headers: { authorization: 'Basic dXNlcjpwdw==' } });
    await expectProblem(basic, 401, 'unauthorized');
    await expectProblem(await call('/authn-only', 'x.y.z'), 401, 'unauthorized');
  });

  it('sets req.principal for a valid token', async () => {
    const res = await call('/authn-only', tokens.bank);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ role: 'bank' });
  });
});

describe('authorize / routeGuard', () => {
  it('lets an enterprise read itself but not another enterprise (403)', async () => {
    const own = await call(`/v1/enterprises/${E1}`, tokens.e1);
    expect(own.status).toBe(200);
    expect(await own.json()).toEqual({ id: E1, by: { role: 'enterprise', enterpriseId: E1, sub: 'u-e1' } });

    const other = await call(`/v1/enterprises/${E2}`, tokens.e1);
    expect((await expectProblem(other, 403, 'forbidden')).detail).toBe('role enterprise may not do this');
  });

  it('anyOf: an admin may read any enterprise; a bank may not', async () => {
    expect((await call(`/v1/enterprises/${E2}`, tokens.admin)).status).toBe(200);
    await expectProblem(await call(`/v1/enterprises/${E2}`, tokens.bank), 403, 'forbidden');
  });

  it('ownBank: a bank reaches only its own bankId', async () => {
    expect((await call('/v1/banks/B001/loans', tokens.bank)).status).toBe(200);
    await expectProblem(await call('/v1/banks/B002/loans', tokens.bank), 403, 'forbidden');
  });

  it("regulator scope: '6501' sees 6501 only, '65' sees every prefecture", async () => {
    expect((await call('/v1/stats/6501', tokens.regUrumqi)).status).toBe(200);
    await expectProblem(await call('/v1/stats/6531', tokens.regUrumqi), 403, 'forbidden');
    expect((await call('/v1/stats/6531', tokens.regAll)).status).toBe(200);
    await expectProblem(await call('/v1/stats/6501', tokens.admin), 403, 'forbidden');
  });

  it('a bank posts only for its own bankId (rule on the validated body)', async () => {
    const post = (bankId: string, bearer: string) =>
      fetch(`${base}/v1/loans`, {
        method: 'POST',
        headers: { authorization: `Bearer ${bearer}`, 'content-type': 'application/json' },
        body: JSON.stringify({ bankId }),
      });
    expect((await post('B001', tokens.bank)).status).toBe(201);
    await expectProblem(await post('B002', tokens.bank), 403, 'forbidden');
    await expectProblem(await post('B001', tokens.e1), 403, 'forbidden'); // stopped by the route rule
  });

  it('an empty allOf() denies everyone (deny by default)', async () => {
    await expectProblem(await call('/v1/admin/nothing', tokens.admin, { method: 'POST' }), 403, 'forbidden');
  });

  it('unmatched paths under the guard: 401 without a token, fall through when authenticated', async () => {
    await expectProblem(await call('/v1/unknown'), 401, 'unauthorized');
    const res = await call('/v1/unknown', tokens.admin);
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ fellThrough: true });
  });

  it('public routes registered before the guard need no token', async () => {
    expect((await call('/healthz')).status).toBe(200);
  });

  it('authorize without authenticate refuses with 401', async () => {
    await expectProblem(await call('/plain', tokens.admin), 401, 'unauthorized');
  });

  it('a route cannot be registered without a rule', () => {
    const guard = routeGuard(verifier);
    const handler: express.RequestHandler = (_req, res) => {
      res.end();
    };
    // A handler where the rule belongs (possible from JS or through casts) is refused: rules are branded.
    const addWithoutRule = guard.get as unknown as (path: string, h: express.RequestHandler) => unknown;
    expect(() => addWithoutRule('/x', handler)).toThrow(/a rule is required/);
    const unbranded = (() => true) as unknown as Parameters<typeof guard.get>[1];
    expect(() => guard.get('/x', unbranded, handler)).toThrow(/a rule is required/);
    expect(() => guard.get('/x', allow({ roles: ['admin'] }))).toThrow(/no handler/);
    expect(() => authorize(undefined as unknown as never)).toThrow(/a rule is required/);
  });
});
