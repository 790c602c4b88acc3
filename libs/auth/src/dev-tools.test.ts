import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { makeUscc } from '@techcredit/reference';
import { ensureDevKeys } from '../../../scripts/dev-keys';
import { DEFAULT_AUDIENCE, DEFAULT_ISSUER, mintDevToken, parseTokenArgs } from '../../../scripts/token';
import { loadVerifier } from './verifier';

/** The dev tooling (scripts/dev-keys.ts, scripts/token.ts) against a temporary root directory. */

let root: string;
beforeEach(() => {
  root = mkdtempSync(path.join(tmpdir(), 'techcredit-keys-'));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

const verifierFor = (issuer = DEFAULT_ISSUER, audience = DEFAULT_AUDIENCE) =>
  loadVerifier({
    publicKeyPem: readFileSync(ensureDevKeys(root).publicKeyPath, 'utf8'),
    issuer,
    audience,
    algorithms: ['ES256'],
  });

describe('ensureDevKeys', () => {
  it('creates an ES256 pair once and leaves it alone afterwards', () => {
    const first = ensureDevKeys(root);
    expect(first).toEqual({
      privateKeyPath: path.join(root, '.runtime/keys/dev-private.pem'),
      publicKeyPath: path.join(root, '.runtime/keys/dev-public.pem'),
      created: true,
    });
    expect(statSync(first.privateKeyPath).mode & 0o777).toBe(0o600);
    const pem = readFileSync(first.privateKeyPath, 'utf8');
    expect(ensureDevKeys(root).created).toBe(false);
    expect(readFileSync(first.privateKeyPath, 'utf8')).toBe(pem);
  });

  it('re-derives a missing or mismatched public key from the private key', () => {
    const { publicKeyPath } = ensureDevKeys(root);
    const pub = readFileSync(publicKeyPath, 'utf8');
    writeFileSync(publicKeyPath, 'garbage');
    ensureDevKeys(root);
    expect(readFileSync(publicKeyPath, 'utf8')).toBe(pub);
  });
});

describe('token script', () => {
  it('mints tokens the dev public key verifies, for each role', () => {
    const e = makeUscc(3);
    const v = verifierFor();
    expect(v.verify(mintDevToken(['--role', 'bank', '--bank-id', 'B001'], root, {}))).toEqual({
      ok: true,
      principal: { role: 'bank', bankId: 'B001', sub: 'dev:bank:B001' },
    });
    expect(v.verify(mintDevToken(['--role', 'enterprise', '--enterprise-id', e, '--sub', 'alice'], root, {}))).toEqual({
      ok: true,
      principal: { role: 'enterprise', enterpriseId: e, sub: 'alice' },
    });
    expect(v.verify(mintDevToken(['--role', 'regulator', '--region', '65'], root, {}))).toMatchObject({
      ok: true,
      principal: { role: 'regulator', region: '65' },
    });
    expect(v.verify(mintDevToken(['--role', 'insurer', '--insurer-id', 'PICC_XJ'], root, {}))).toEqual({
      ok: true,
      principal: { role: 'insurer', insurerId: 'PICC_XJ', sub: 'dev:insurer:PICC_XJ' },
    });
    expect(v.verify(mintDevToken(['--role', 'admin'], root, {}))).toMatchObject({ ok: true });
  });

  it('honours AUTH_ISSUER / AUTH_AUDIENCE', () => {
    const token = mintDevToken(['--role', 'admin'], root, { AUTH_ISSUER: 'iss-x', AUTH_AUDIENCE: 'aud-y' });
    expect(verifierFor(DEFAULT_ISSUER, 'aud-y').verify(token)).toMatchObject({ ok: false, reason: 'WRONG_ISSUER' });
    expect(verifierFor('iss-x', DEFAULT_AUDIENCE).verify(token)).toMatchObject({ ok: false, reason: 'WRONG_AUDIENCE' });
    expect(verifierFor('iss-x', 'aud-y').verify(token)).toMatchObject({ ok: true });
  });

  it('reads --ttl: a bare number is seconds, a timespan is parsed', () => {
    expect(parseTokenArgs(['--role', 'admin', '--ttl', '3600']).ttl).toBe(3600);
    expect(parseTokenArgs(['--role', 'admin', '--ttl', '15m']).ttl).toBe('15m');
    expect(parseTokenArgs(['--role', 'admin']).ttl).toBe('1h');
  });

  it('refuses missing ids, unknown roles, unknown flags and invalid claims', () => {
    expect(() => parseTokenArgs(['--role', 'bank'])).toThrow(/needs --bank-id/);
    expect(() => parseTokenArgs(['--role', 'insurer'])).toThrow(/needs --insurer-id/);
    expect(() => parseTokenArgs(['--role', 'root'])).toThrow(/unknown or missing --role/);
    expect(() => parseTokenArgs(['--role', 'admin', '--bankid', 'B1'])).toThrow(/Unknown option/);
    expect(() => mintDevToken(['--role', 'regulator', '--region', '6599'], root, {})).toThrow(/invalid claims: region/);
  });
});
