import { generateKeyPairSync } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import express from 'express';
import { loadVerifier } from '@techcredit/auth';
import { jsonBody, notFoundHandler, problemHandler } from '@techcredit/service';
import { makeUscc } from '@techcredit/reference';
import { assertDevKeyFits, type DevSignInOptions } from './dev-signin';
import { mountGateway } from './mount';
import { unusedMountOptions } from './mount-fixture';

/**
 * `POST /dev/token` as `mountGateway` serves it (issue 9 point 2): with the dev sign-in options (the gateway's
 * GATEWAY_DEV_SIGNIN=1) it mints a token the gateway's own verifier accepts; without them the path is a 404.
 */
const pair = () => {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  return { privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString() };
};
const keys = pair();
const verifier = loadVerifier({ publicKeyPem: keys.publicKeyPem, issuer: 'iss-t', audience: 'aud-t', algorithms: ['ES256'] });
const devSignIn: DevSignInOptions = { privateKeyPem: keys.privateKeyPem, issuer: 'iss-t', audience: 'aud-t', ttlSeconds: 900 };

async function serve(devSignInOpts: DevSignInOptions | undefined): Promise<{ base: string; server: Server }> {
  const router = express.Router();
  const opts = unusedMountOptions({ verifier, devSignIn: devSignInOpts });
  mountGateway(router, opts);
  const app = express().use(jsonBody(), router, notFoundHandler, problemHandler({ error: () => undefined }));
  const server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  return { base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

const post = (base: string, body: unknown) => fetch(`${base}/dev/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

describe('dev sign-in: POST /dev/token', () => {
  let on: { base: string; server: Server };
  let off: { base: string; server: Server };
  beforeAll(async () => {
    on = await serve(devSignIn);
    off = await serve(undefined);
  });
  afterAll(() => {
    on.server.close();
    off.server.close();
  });

  it('mints a token for each role that the gateway’s verifier turns into that principal, valid for the configured ttl', async () => {
    const e = makeUscc(4242);
    for (const [body, principal] of [
      [{ role: 'bank', bankId: 'B001' }, { role: 'bank', bankId: 'B001', sub: 'dev:bank:B001' }],
      [{ role: 'enterprise', enterpriseId: e }, { role: 'enterprise', enterpriseId: e, sub: `dev:enterprise:${e}` }],
      [{ role: 'regulator', region: '6501', sub: 'alice' }, { role: 'regulator', region: '6501', sub: 'alice' }],
      [{ role: 'admin' }, { role: 'admin', sub: 'dev:admin' }],
    ] as const) {
      const res = await post(on.base, body);
      expect([res.status, res.headers.get('cache-control')]).toEqual([200, 'no-store']);
      const answer = (await res.json()) as { token: string; tokenType: string; expiresIn: number; principal: unknown };
      expect([answer.tokenType, answer.expiresIn, answer.principal]).toEqual(['Bearer', 900, principal]);
      expect(verifier.verify(answer.token)).toEqual({ ok: true, principal });
      const [, payload] = answer.token.split('.');
      const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString('utf8')) as { exp: number; iat: number; iss: string; aud: string };
      expect([claims.exp - claims.iat, claims.iss, claims.aud]).toEqual([900, 'iss-t', 'aud-t']);
    }
  });

  it('validates the body with the principal schema, strictly: a claim of another role, a bad id or region, an unknown role → 422', async () => {
    for (const [body, path] of [
      [{ role: 'bank', bankId: 'B001', enterpriseId: makeUscc(1) }, ['enterpriseId']],
      [{ role: 'bank' }, ['bankId']],
      [{ role: 'bank', bankId: 'lower-case' }, ['bankId']],
      [{ role: 'enterprise', enterpriseId: '91650100000000019X' }, ['enterpriseId']],
      [{ role: 'regulator', region: '6599' }, ['region']],
      [{ role: 'root' }, ['role']],
      [{ role: 'admin', sub: '' }, ['sub']],
    ] as const) {
      const res = await post(on.base, body);
      const doc = (await res.json()) as { status: number; errors: { path: (string | number)[] }[] };
      expect([JSON.stringify(body), res.status, res.headers.get('content-type'), doc.errors[0]!.path]).toEqual([JSON.stringify(body), 422, 'application/problem+json; charset=utf-8', path]);
    }
  });

  it('does not exist without the flag: 404 problem, as any unknown path', async () => {
    const res = await post(off.base, { role: 'admin' });
    expect([res.status, res.headers.get('content-type')]).toEqual([404, 'application/problem+json; charset=utf-8']);
    expect(((await res.json()) as { token?: string }).token).toBeUndefined();
  });

  it('refuses at start-up a dev key the verifier does not accept', () => {
    const other = pair();
    expect(() => assertDevKeyFits({ ...devSignIn, privateKeyPem: other.privateKeyPem }, verifier)).toThrow(/refused by the gateway's verifier \(BAD_SIGNATURE/);
    expect(() => assertDevKeyFits(devSignIn, verifier)).not.toThrow();
  });
});
