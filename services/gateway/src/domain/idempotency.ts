import { createHash } from 'node:crypto';
import type { Principal } from '@techcredit/auth';

/**
 * `Idempotency-Key` on writes (ARCHITECTURE.md "HTTP"): the same key from the same principal with the
 * same request returns the first answer without doing the work again; the same key with another request
 * is a conflict. Pure helpers: fingerprints, scopes, record ids and the decision on an existing record.
 */

/** 1..255 visible ASCII characters (no spaces), as most APIs accept (a UUID, a hash, `batch-42`). */
export const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,255}$/;

export function isValidIdempotencyKey(key: string): boolean {
  return IDEMPOTENCY_KEY.test(key);
}

/** JSON with object keys sorted at every level, so `{a,b}` and `{b,a}` are the same request. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map((v) => canonicalJson(v === undefined ? null : v)).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

const sha256 = (s: string): string => createHash('sha256').update(s).digest('hex');

/** What makes two requests "the same": method, path and canonical body. */
export function requestFingerprint(method: string, path: string, body: unknown): string {
  return sha256(`${method.toUpperCase()} ${path}\n${canonicalJson(body ?? null)}`);
}

/**
 * Keys are scoped per principal: a bank's key space is its bankId (every system of the bank shares it),
 * an enterprise's its credit code, an insurer's its insurerId; regulators and admins are people, scoped by their subject.
 */
export function principalScope(p: Principal): string {
  switch (p.role) {
    case 'bank':
      return `bank:${p.bankId}`;
    case 'enterprise':
      return `enterprise:${p.enterpriseId}`;
    case 'regulator':
      return `regulator:${p.region}:${p.sub}`;
    case 'insurer':
      return `insurer:${p.insurerId}`;
    case 'admin':
      return `admin:${p.sub}`;
  }
}

/** The stored record's `_id`: unique per (scope, key), so the first writer wins. */
export function recordId(scope: string, key: string): string {
  return sha256(`${scope}\u0000${key}`);
}

/** Name-based event ids, shared with the services that publish follow-up events (bus `derivedUuid`). */
export { derivedUuid } from '@techcredit/bus';

export interface StoredAnswer {
  status: number;
  body: unknown;
  /** Sent as `application/problem+json` when true. */
  problem: boolean;
}

export interface IdempotencyRecord {
  fingerprint: string;
  state: 'pending' | 'done';
  /** When the current holder took the key (ms since epoch); a pending record older than the lease is stale. */
  lockedAt: number;
  answer?: StoredAnswer;
  /** The audit record of the write (docs/decisions/0015), when it was an accepted one. */
  auditId?: string;
}

export type Decision =
  | { kind: 'replay'; answer: StoredAnswer }
  /** Same key, another request (method, path or body). */
  | { kind: 'conflict' }
  /** The first request is still running. */
  | { kind: 'in-flight' }
  /** The first request's holder vanished (crashed) without an answer: it may be taken over. */
  | { kind: 'stale' };

export function decide(existing: IdempotencyRecord, fingerprint: string, nowMs: number, leaseMs: number): Decision {
  if (existing.fingerprint !== fingerprint) return { kind: 'conflict' };
  if (existing.state === 'done' && existing.answer) return { kind: 'replay', answer: existing.answer };
  return nowMs - existing.lockedAt > leaseMs ? { kind: 'stale' } : { kind: 'in-flight' };
}

/** Answers worth remembering: definitive ones (2xx–4xx). A 5xx (bus down) releases the key so a retry runs again. */
export function isDefinitive(status: number): boolean {
  return status >= 200 && status < 500;
}
