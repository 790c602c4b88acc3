import { createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { principalFromClaims, type Principal } from './principal';

/**
 * JWT verification (ARCHITECTURE.md "HTTP → Auth"): asymmetric only (RS256 or ES256, pinned per
 * verifier so an HS256 token "signed" with the public key as secret is refused), and `exp`, `iss`,
 * `aud` are required.
 */

export type AsymmetricAlgorithm = 'RS256' | 'ES256';

export type VerifyFailureReason =
  | 'MISSING_TOKEN'
  | 'MALFORMED'
  | 'WRONG_ALGORITHM'
  | 'BAD_SIGNATURE'
  | 'EXPIRED'
  | 'NOT_YET_VALID'
  | 'MISSING_CLAIM'
  | 'WRONG_ISSUER'
  | 'WRONG_AUDIENCE'
  | 'INVALID_CLAIMS';

export type VerifyResult =
  | { ok: true; principal: Principal }
  | { ok: false; reason: VerifyFailureReason; message: string };

export interface Verifier {
  verify(token: string): VerifyResult;
  /** Tokens remembered, and verifications answered from / not from the cache, since start. */
  cacheStats?(): { size: number; hits: number; misses: number };
}

export interface VerifierOptions {
  /** SPKI public key in PEM ("-----BEGIN PUBLIC KEY-----"); a private key is refused. */
  publicKeyPem: string;
  issuer: string;
  audience: string;
  /** Allowed algorithms; each must fit the key (RS256 ↔ RSA key, ES256 ↔ EC P-256 key). */
  algorithms: readonly AsymmetricAlgorithm[];
  /** Clock skew tolerated on exp/nbf, in seconds (default 5). */
  clockToleranceSec?: number;
  /**
   * How many verified tokens to remember (least recently used go first; default 10,000, 0 = none). A
   * remembered token skips the signature check until its `exp` (+ the tolerance); only successes are kept.
   */
  cacheSize?: number;
  /** The clock, ms since the epoch (tests); default `Date.now`. */
  now?: () => number;
}

/** A bounded map that forgets its least recently used entry (Map keeps insertion order; a hit re-inserts). */
class Lru<V> {
  readonly #map = new Map<string, V>();
  constructor(readonly max: number) {}
  get(key: string): V | undefined {
    const v = this.#map.get(key);
    if (v !== undefined) {
      this.#map.delete(key);
      this.#map.set(key, v);
    }
    return v;
  }
  set(key: string, value: V): void {
    this.#map.delete(key);
    this.#map.set(key, value);
    if (this.#map.size > this.max) this.#map.delete(this.#map.keys().next().value as string);
  }
  delete(key: string): void {
    this.#map.delete(key);
  }
  get size(): number {
    return this.#map.size;
  }
}

/** Which algorithm a key can sign/verify with, or why it cannot be used. */
function algorithmForKey(key: KeyObject): AsymmetricAlgorithm | string {
  if (key.asymmetricKeyType === 'rsa') return 'RS256';
  if (key.asymmetricKeyType === 'ec') {
    const curve = key.asymmetricKeyDetails?.namedCurve;
    return curve === 'prime256v1' ? 'ES256' : `EC curve ${String(curve)} (ES256 needs P-256)`;
  }
  return `key type ${String(key.asymmetricKeyType)}`;
}

/**
 * Builds a verifier. Throws on a configuration error (bad PEM, private key, algorithm not fitting the
 * key): that is a start-up failure, not a request failure.
 */
export function loadVerifier(opts: VerifierOptions): Verifier {
  if (/PRIVATE KEY/.test(opts.publicKeyPem)) {
    throw new Error('loadVerifier: publicKeyPem holds a private key; give the service the public key only');
  }
  if (opts.algorithms.length === 0) throw new Error('loadVerifier: at least one algorithm must be allowed');
  if (!opts.issuer || !opts.audience) throw new Error('loadVerifier: issuer and audience are required');
  const key = createPublicKey(opts.publicKeyPem);
  const keyAlg = algorithmForKey(key);
  for (const alg of opts.algorithms) {
    if (alg !== keyAlg) throw new Error(`loadVerifier: algorithm ${alg} does not fit the public key (${keyAlg})`);
  }
  const toleranceSec = opts.clockToleranceSec ?? 5;
  const now = opts.now ?? Date.now;
  const verifyOptions = {
    algorithms: [...opts.algorithms],
    issuer: opts.issuer,
    audience: opts.audience,
    clockTolerance: toleranceSec,
    complete: false,
  } satisfies jwt.VerifyOptions;
  const cacheSize = opts.cacheSize ?? 10_000;
  const cache = cacheSize > 0 ? new Lru<{ principal: Principal; validUntilSec: number }>(cacheSize) : undefined;
  let hits = 0;
  let misses = 0;

  const check = (token: string): VerifyResult => {
    let payload: string | jwt.JwtPayload;
    try {
      payload = jwt.verify(token, key, { ...verifyOptions, clockTimestamp: Math.floor(now() / 1000) }) as string | jwt.JwtPayload;
    } catch (err) {
      return classify(err);
    }
    if (typeof payload !== 'object' || payload === null) {
      return { ok: false, reason: 'MALFORMED', message: 'token payload is not a JSON object' };
    }
    // jsonwebtoken checks iss/aud when configured but does not require exp: require all three here.
    for (const claim of ['exp', 'iss', 'aud'] as const) {
      if (payload[claim] === undefined) {
        return { ok: false, reason: 'MISSING_CLAIM', message: `token has no "${claim}" claim` };
      }
    }
    if (typeof payload.exp !== 'number') {
      return { ok: false, reason: 'MALFORMED', message: '"exp" must be a number' };
    }
    const claims = principalFromClaims(payload);
    if (!claims.ok) return { ok: false, reason: 'INVALID_CLAIMS', message: claims.message };
    Object.freeze(claims.principal); // shared by every request that presents the same token
    cache?.set(token, { principal: claims.principal, validUntilSec: payload.exp + toleranceSec });
    return claims;
  };

  return {
    verify(token: string): VerifyResult {
      if (!token) return { ok: false, reason: 'MISSING_TOKEN', message: 'no token given' };
      const hit = cache?.get(token);
      if (hit) {
        // jsonwebtoken refuses once now (whole seconds) >= exp + tolerance; so does the cache.
        if (Math.floor(now() / 1000) < hit.validUntilSec) {
          hits++;
          return { ok: true, principal: hit.principal };
        }
        cache!.delete(token);
      }
      misses++;
      return check(token);
    },
    cacheStats: () => ({ size: cache?.size ?? 0, hits, misses }),
  };
}

/** Maps jsonwebtoken's errors to stable reasons (its messages are not a stable API). */
function classify(err: unknown): VerifyResult & { ok: false } {
  if (err instanceof jwt.TokenExpiredError) return { ok: false, reason: 'EXPIRED', message: 'token expired' };
  if (err instanceof jwt.NotBeforeError) return { ok: false, reason: 'NOT_YET_VALID', message: 'token not yet valid' };
  const message = err instanceof Error ? err.message : String(err);
  if (message.startsWith('jwt issuer invalid')) return { ok: false, reason: 'WRONG_ISSUER', message: 'wrong issuer' };
  if (message.startsWith('jwt audience invalid')) {
    return { ok: false, reason: 'WRONG_AUDIENCE', message: 'wrong audience' };
  }
  const wrongAlg =
    message === 'invalid algorithm' || // header alg not in the pinned list (e.g. HS256)
    message === 'jwt signature is required' || // alg "none"
    message.startsWith('secretOrPublicKey must be') ||
    message.startsWith('"alg" parameter');
  if (wrongAlg) return { ok: false, reason: 'WRONG_ALGORITHM', message: 'token algorithm not allowed' };
  if (message === 'invalid signature') {
    return { ok: false, reason: 'BAD_SIGNATURE', message: 'invalid signature' };
  }
  return { ok: false, reason: 'MALFORMED', message: 'malformed token' };
}

export interface DevTokenOptions {
  /** PKCS#8 (or SEC1/PKCS#1) private key PEM; the algorithm follows the key (EC P-256 → ES256, RSA → RS256). */
  privateKeyPem: string;
  issuer: string;
  audience: string;
  /** The role claims; validated with the same schema as verification (throws if invalid). */
  claims: Principal;
  /** Seconds, or a timespan like '1h', '15m'. */
  expiresIn: jwt.SignOptions['expiresIn'];
  /** Override `iat` (seconds since epoch) — tests use it to mint already-expired tokens. */
  issuedAt?: number;
}

/**
 * Signs a token for tests and local development (`npm run token`, and the gateway's dev sign-in, which exists only
 * when the gateway starts with GATEWAY_DEV_SIGNIN=1). Never used by a service in production.
 */
export function signDevToken(opts: DevTokenOptions): string {
  const key = createPrivateKey(opts.privateKeyPem);
  const algorithm = algorithmForKey(key);
  if (algorithm !== 'RS256' && algorithm !== 'ES256') throw new Error(`signDevToken: unsupported ${algorithm}`);
  const claims = principalFromClaims(opts.claims);
  if (!claims.ok) throw new Error(`signDevToken: invalid claims: ${claims.message}`);
  const payload: Record<string, unknown> = { ...claims.principal };
  if (opts.issuedAt !== undefined) payload.iat = opts.issuedAt;
  if (opts.expiresIn === undefined) throw new Error('signDevToken: expiresIn is required (exp is mandatory)');
  return jwt.sign(payload, key, {
    algorithm,
    issuer: opts.issuer,
    audience: opts.audience,
    expiresIn: opts.expiresIn,
  });
}
