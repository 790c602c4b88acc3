import { z } from 'zod';
import {
  canonicalJson,
  decide,
  derivedUuid,
  isDefinitive,
  isValidIdempotencyKey,
  principalScope,
  recordId,
  requestFingerprint,
  type IdempotencyRecord,
} from './idempotency';

describe('canonicalJson', () => {
  it('sorts keys at every level and keeps array order', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { y: 1, x: 2 }], c: null } })).toBe('{"a":{"c":null,"d":[3,{"x":2,"y":1}]},"b":1}');
  });
  it('drops undefined members like JSON.stringify, and renders scalars as JSON', () => {
    expect(canonicalJson({ a: undefined, b: 'x' })).toBe('{"b":"x"}');
    expect(canonicalJson([undefined])).toBe('[null]');
    expect(canonicalJson('s"')).toBe('"s\\""');
    expect(canonicalJson(undefined)).toBe('null');
  });
});

describe('requestFingerprint', () => {
  it('is the same for the same body in another key order', () => {
    expect(requestFingerprint('post', '/v1/banks', { bankId: 'B1', name: 'x' })).toBe(requestFingerprint('POST', '/v1/banks', { name: 'x', bankId: 'B1' }));
  });
  it('differs for another body, path or method', () => {
    const base = requestFingerprint('POST', '/v1/banks', { bankId: 'B1' });
    expect(requestFingerprint('POST', '/v1/banks', { bankId: 'B2' })).not.toBe(base);
    expect(requestFingerprint('POST', '/v1/policies', { bankId: 'B1' })).not.toBe(base);
    expect(requestFingerprint('PUT', '/v1/banks', { bankId: 'B1' })).not.toBe(base);
  });
});

describe('keys and scopes', () => {
  it('accepts 1..255 visible ASCII characters only', () => {
    expect(isValidIdempotencyKey('batch-42')).toBe(true);
    expect(isValidIdempotencyKey('x'.repeat(255))).toBe(true);
    expect(isValidIdempotencyKey('x'.repeat(256))).toBe(false);
    expect(isValidIdempotencyKey('')).toBe(false);
    expect(isValidIdempotencyKey('two words')).toBe(false);
    expect(isValidIdempotencyKey('键')).toBe(false);
  });
  it('scopes a bank by bankId, an enterprise by its code, people by subject', () => {
    expect(principalScope({ role: 'bank', bankId: 'B001', sub: 'teller-1' })).toBe('bank:B001');
    expect(principalScope({ role: 'bank', bankId: 'B001', sub: 'batch-job' })).toBe('bank:B001');
    expect(principalScope({ role: 'enterprise', enterpriseId: 'E', sub: 'u' })).toBe('enterprise:E');
    expect(principalScope({ role: 'regulator', region: '6501', sub: 'r' })).toBe('regulator:6501:r');
    expect(principalScope({ role: 'admin', sub: 'root' })).toBe('admin:root');
  });
  it('gives each (scope, key) its own record id', () => {
    expect(recordId('bank:B001', 'k')).toBe(recordId('bank:B001', 'k'));
    expect(recordId('bank:B001', 'k')).not.toBe(recordId('bank:B002', 'k'));
    // No ambiguity from concatenation: ("a", "bc") is not ("ab", "c").
    expect(recordId('a', 'bc')).not.toBe(recordId('ab', 'c'));
  });
});

describe('derivedUuid', () => {
  it('is a valid RFC 9562 uuid (version 8), stable per seed', () => {
    const id = derivedUuid('seed:0');
    expect(z.uuid().safeParse(id).success).toBe(true);
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(derivedUuid('seed:0')).toBe(id);
    expect(derivedUuid('seed:1')).not.toBe(id);
  });
});

describe('decide', () => {
  const answer = { status: 202, body: { eventId: 'e' }, problem: false };
  const done: IdempotencyRecord = { fingerprint: 'f', state: 'done', lockedAt: 1000, answer };
  const pending: IdempotencyRecord = { fingerprint: 'f', state: 'pending', lockedAt: 1000 };

  it('replays a finished request with the same fingerprint', () => {
    expect(decide(done, 'f', 999_999, 60_000)).toEqual({ kind: 'replay', answer });
  });
  it('is a conflict for another fingerprint, finished or not', () => {
    expect(decide(done, 'g', 2000, 60_000)).toEqual({ kind: 'conflict' });
    expect(decide(pending, 'g', 2000, 60_000)).toEqual({ kind: 'conflict' });
  });
  it('is in flight within the lease and stale after it', () => {
    expect(decide(pending, 'f', 1000 + 60_000, 60_000)).toEqual({ kind: 'in-flight' });
    expect(decide(pending, 'f', 1000 + 60_001, 60_000)).toEqual({ kind: 'stale' });
  });
});

describe('isDefinitive', () => {
  it('remembers 2xx..4xx answers, not 5xx', () => {
    expect([200, 202, 403, 409, 422, 499, 500, 502, 503].map(isDefinitive)).toEqual([true, true, true, true, true, true, false, false, false]);
  });
});
