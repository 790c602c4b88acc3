import { createHmac, generateKeyPairSync } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { makeUscc } from '@techcredit/reference';
import { loadVerifier, signDevToken, type VerifyResult } from './verifier';
import { regionCovers } from './principal';

const ISS = 'techcredit-test';
const AUD = 'techcredit';
const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const ecPrivate = ec.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
const ecPublic = ec.publicKey.export({ type: 'spki', format: 'pem' }).toString();
const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
const rsaPrivate = rsa.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
const rsaPublic = rsa.publicKey.export({ type: 'spki', format: 'pem' }).toString();

const verifier = loadVerifier({ publicKeyPem: ecPublic, issuer: ISS, audience: AUD, algorithms: ['ES256'] });
const ENTERPRISE = makeUscc(7);
const now = () => Math.floor(Date.now() / 1000);

/** Signs an arbitrary payload (for malformed tokens signDevToken refuses to make). */
const rawEs256 = (payload: object, opts: jwt.SignOptions = {}) =>
  jwt.sign(payload, ecPrivate, { algorithm: 'ES256', ...opts });

const reason = (r: VerifyResult) => (r.ok ? 'OK' : r.reason);

describe('loadVerifier().verify', () => {
  it('accepts a valid token of each role and returns only the principal fields', () => {
    const cases = [
      { role: 'bank', bankId: 'B001', sub: 'u1' },
      { role: 'enterprise', enterpriseId: ENTERPRISE, sub: 'u2' },
      { role: 'regulator', region: '65', sub: 'u3' },
      { role: 'regulator', region: '6531', sub: 'u4' },
      { role: 'admin', sub: 'u5' },
    ] as const;
    for (const claims of cases) {
      const token = signDevToken({ privateKeyPem: ecPrivate, issuer: ISS, audience: AUD, claims, expiresIn: '5m' });
      expect(verifier.verify(token)).toEqual({ ok: true, principal: claims });
    }
  });

  it('drops unknown claims instead of copying them onto the principal', () => {
    const token = rawEs256({ role: 'admin', sub: 'a', bankId: 'B001', extra: 1 }, { issuer: ISS, audience: AUD, expiresIn: 60 });
    expect(verifier.verify(token)).toEqual({ ok: true, principal: { role: 'admin', sub: 'a' } });
  });

  it('accepts an RS256 token with an RS256 verifier', () => {
    const rs = loadVerifier({ publicKeyPem: rsaPublic, issuer: ISS, audience: AUD, algorithms: ['RS256'] });
    const claims = { role: 'admin', sub: 'root' } as const;
    const token = signDevToken({ privateKeyPem: rsaPrivate, issuer: ISS, audience: AUD, claims, expiresIn: 60 });
    expect(rs.verify(token)).toEqual({ ok: true, principal: claims });
  });

  it('rejects an expired token', () => {
    const token = signDevToken({
      privateKeyPem: ecPrivate,
      issuer: ISS,
      audience: AUD,
      claims: { role: 'admin', sub: 'a' },
      issuedAt: now() - 3600,
      expiresIn: 60, // expired 59 minutes ago, well beyond the 5 s clock tolerance
    });
    expect(verifier.verify(token)).toEqual({ ok: false, reason: 'EXPIRED', message: 'token expired' });
  });

  it('rejects a token that is not yet valid', () => {
    const token = rawEs256({ role: 'admin', sub: 'a' }, { issuer: ISS, audience: AUD, expiresIn: 600, notBefore: 300 });
    expect(reason(verifier.verify(token))).toBe('NOT_YET_VALID');
  });

  it('rejects a wrong issuer and a wrong audience', () => {
    const claims = { role: 'admin', sub: 'a' } as const;
    const wrongIss = signDevToken({ privateKeyPem: ecPrivate, issuer: 'evil', audience: AUD, claims, expiresIn: 60 });
    const wrongAud = signDevToken({ privateKeyPem: ecPrivate, issuer: ISS, audience: 'other', claims, expiresIn: 60 });
    expect(reason(verifier.verify(wrongIss))).toBe('WRONG_ISSUER');
    expect(reason(verifier.verify(wrongAud))).toBe('WRONG_AUDIENCE');
  });

  it('requires exp, iss and aud', () => {
    const noExp = rawEs256({ role: 'admin', sub: 'a' }, { issuer: ISS, audience: AUD });
    expect(verifier.verify(noExp)).toEqual({ ok: false, reason: 'MISSING_CLAIM', message: 'token has no "exp" claim' });
    const noIss = rawEs256({ role: 'admin', sub: 'a' }, { audience: AUD, expiresIn: 60 });
    expect(reason(verifier.verify(noIss))).toBe('WRONG_ISSUER');
    const noAud = rawEs256({ role: 'admin', sub: 'a' }, { issuer: ISS, expiresIn: 60 });
    expect(reason(verifier.verify(noAud))).toBe('WRONG_AUDIENCE');
  });

  it('rejects an HS256 token "signed" with the public key as the HMAC secret (algorithm confusion)', () => {
    const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
    const body = `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64({ role: 'admin', sub: 'x', iss: ISS, aud: AUD, exp: now() + 600 })}`;
    const forged = `${body}.${createHmac('sha256', ecPublic).update(body).digest('base64url')}`;
    expect(reason(verifier.verify(forged))).toBe('WRONG_ALGORITHM');
  });

  it('rejects an unsigned (alg none) token and a token of an algorithm not pinned', () => {
    const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
    const unsigned = `${b64({ alg: 'none' })}.${b64({ role: 'admin', sub: 'x', iss: ISS, aud: AUD, exp: now() + 600 })}.`;
    expect(reason(verifier.verify(unsigned))).toBe('WRONG_ALGORITHM');
    const rs256 = jwt.sign({ role: 'admin', sub: 'a' }, rsaPrivate, { algorithm: 'RS256', issuer: ISS, audience: AUD, expiresIn: 60 });
    expect(reason(verifier.verify(rs256))).toBe('WRONG_ALGORITHM');
  });

  it('rejects a token signed by another key and a tampered payload', () => {
    const other = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ type: 'pkcs8', format: 'pem' });
    const claims = { role: 'bank', bankId: 'B001', sub: 'u' } as const;
    const foreign = signDevToken({ privateKeyPem: other.toString(), issuer: ISS, audience: AUD, claims, expiresIn: 60 });
    expect(reason(verifier.verify(foreign))).toBe('BAD_SIGNATURE');

    const good = signDevToken({ privateKeyPem: ecPrivate, issuer: ISS, audience: AUD, claims, expiresIn: 60 });
    const [h, , s] = good.split('.');
    const payload = Buffer.from(JSON.stringify({ ...claims, bankId: 'B002', iss: ISS, aud: AUD, exp: now() + 60 })).toString('base64url');
    expect(reason(verifier.verify(`${h}.${payload}.${s}`))).toBe('BAD_SIGNATURE');
  });

  it('remembers verified tokens until their exp (+ tolerance), never a failure, within a bounded LRU', () => {
    let clockMs = Date.now();
    const v = loadVerifier({ publicKeyPem: ecPublic, issuer: ISS, audience: AUD, algorithms: ['ES256'], cacheSize: 2, now: () => clockMs });
    const claims = { role: 'bank', bankId: 'B001', sub: 'u' } as const;
    const sign = (sub: string, expiresIn = 60) => signDevToken({ privateKeyPem: ecPrivate, issuer: ISS, audience: AUD, claims: { ...claims, sub }, expiresIn, issuedAt: Math.floor(clockMs / 1000) });
    const a = sign('a');
    const first = v.verify(a);
    const again = v.verify(a);
    expect(again).toEqual(first);
    expect(again.ok && Object.isFrozen(again.principal)).toBe(true);
    expect(v.cacheStats?.()).toEqual({ size: 1, hits: 1, misses: 1 });

    // A tampered copy of a remembered token is checked (and refused), not matched.
    const [h, , sig] = a.split('.');
    const forged = Buffer.from(JSON.stringify({ ...claims, bankId: 'B002', sub: 'a', iss: ISS, aud: AUD, exp: Math.floor(clockMs / 1000) + 60 })).toString('base64url');
    expect(reason(v.verify(`${h}.${forged}.${sig}`))).toBe('BAD_SIGNATURE');
    expect(v.cacheStats?.().size).toBe(1);

    // Least recently used goes first: a, b; a again; c evicts b.
    const b = sign('b');
    const c = sign('c');
    v.verify(b);
    v.verify(a);
    v.verify(c);
    const before = v.cacheStats!();
    expect(before.size).toBe(2);
    v.verify(a);
    v.verify(b);
    expect(v.cacheStats!()).toEqual({ size: 2, hits: before.hits + 1, misses: before.misses + 1 });

    // Past exp + 5 s tolerance a remembered token is refused as expired, as jsonwebtoken would.
    clockMs += 64_000;
    expect(reason(v.verify(a))).toBe('OK');
    clockMs += 2_000;
    expect(reason(v.verify(a))).toBe('EXPIRED');
    expect(reason(v.verify(a))).toBe('EXPIRED');
  });

  it('keeps nothing with cacheSize 0', () => {
    const v = loadVerifier({ publicKeyPem: ecPublic, issuer: ISS, audience: AUD, algorithms: ['ES256'], cacheSize: 0 });
    const t = signDevToken({ privateKeyPem: ecPrivate, issuer: ISS, audience: AUD, claims: { role: 'admin', sub: 'x' }, expiresIn: 60 });
    expect(reason(v.verify(t))).toBe('OK');
    expect(reason(v.verify(t))).toBe('OK');
    expect(v.cacheStats?.()).toEqual({ size: 0, hits: 0, misses: 2 });
  });

  it('rejects garbage and empty tokens', () => {
    expect(reason(verifier.verify('not-a-jwt'))).toBe('MALFORMED');
    expect(reason(verifier.verify(''))).toBe('MISSING_TOKEN');
  });

  it('rejects missing, unknown or incomplete role claims with a reason', () => {
    const sign = (p: object) => rawEs256(p, { issuer: ISS, audience: AUD, expiresIn: 60 });
    const noRole = verifier.verify(sign({ sub: 'a', bankId: 'B001' }));
    expect(noRole.ok).toBe(false);
    if (!noRole.ok) {
      expect(noRole.reason).toBe('INVALID_CLAIMS');
      expect(noRole.message).toMatch(/^role: /);
    }
    expect(reason(verifier.verify(sign({ role: 'root', sub: 'a' })))).toBe('INVALID_CLAIMS');
    expect(reason(verifier.verify(sign({ role: 'bank', sub: 'a' })))).toBe('INVALID_CLAIMS'); // no bankId
    expect(reason(verifier.verify(sign({ role: 'admin' })))).toBe('INVALID_CLAIMS'); // no sub
    // An enterprise id must be a valid credit code: flip its check character.
    const badUscc = ENTERPRISE.slice(0, 17) + (ENTERPRISE.endsWith('0') ? '1' : '0');
    expect(reason(verifier.verify(sign({ role: 'enterprise', enterpriseId: badUscc, sub: 'a' })))).toBe('INVALID_CLAIMS');
    // Regulator regions: '65' or one of the 14 prefectures (6503 is not one).
    expect(reason(verifier.verify(sign({ role: 'regulator', region: '6503', sub: 'a' })))).toBe('INVALID_CLAIMS');
    expect(reason(verifier.verify(sign({ role: 'regulator', region: '650100', sub: 'a' })))).toBe('INVALID_CLAIMS');
  });
});

describe('loadVerifier configuration errors', () => {
  const base = { issuer: ISS, audience: AUD };
  it('refuses a private key, an empty algorithm list and an algorithm that does not fit the key', () => {
    expect(() => loadVerifier({ ...base, publicKeyPem: ecPrivate, algorithms: ['ES256'] })).toThrow(/private key/);
    expect(() => loadVerifier({ ...base, publicKeyPem: ecPublic, algorithms: [] })).toThrow(/at least one/);
    expect(() => loadVerifier({ ...base, publicKeyPem: ecPublic, algorithms: ['RS256'] })).toThrow(/does not fit/);
    expect(() => loadVerifier({ ...base, publicKeyPem: rsaPublic, algorithms: ['ES256'] })).toThrow(/does not fit/);
  });
});

describe('signDevToken', () => {
  it('refuses invalid claims', () => {
    const claims = { role: 'bank', bankId: 'lower-case', sub: 'u' } as const;
    expect(() => signDevToken({ privateKeyPem: ecPrivate, issuer: ISS, audience: AUD, claims, expiresIn: 60 })).toThrow(
      /invalid claims: bankId/,
    );
  });
});

describe('regionCovers', () => {
  it("'65' covers the whole region, a prefecture only itself", () => {
    expect(regionCovers('65', '6501')).toBe(true);
    expect(regionCovers('65', '6543')).toBe(true);
    expect(regionCovers('65', '65')).toBe(true);
    expect(regionCovers('6501', '6501')).toBe(true);
    expect(regionCovers('6501', '650102')).toBe(true); // a county of Urumqi
    expect(regionCovers('6501', '6502')).toBe(false);
    expect(regionCovers('6501', '65')).toBe(false);
    expect(regionCovers('6501', '6510')).toBe(false);
  });
});
