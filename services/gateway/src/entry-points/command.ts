import { randomUUID } from 'node:crypto';
import type { Request, RequestHandler, Response } from 'express';
import { BadRequest, HttpProblem, PROBLEM_CONTENT_TYPE } from '@techcredit/service';
import type { Logger } from '@techcredit/log';
import {
  decide,
  derivedUuid,
  isDefinitive,
  isValidIdempotencyKey,
  principalScope,
  recordId,
  requestFingerprint,
  type StoredAnswer,
} from '../domain/idempotency';
import type { IdempotencyStore } from '../data-access/idempotency-store';
import { samePath } from '../upstream/client';
import { isAccepted, recordWrite, withPublishedIds, type AuditTrail } from './audit';

/**
 * Write routes are commands: they return a reply (or throw a problem) instead of writing the response,
 * so the answer can be remembered under the request's `Idempotency-Key`:
 * - no key: the command runs;
 * - a new key: recorded as pending (first writer wins), the command runs, its answer is stored — any 2xx–4xx
 *   answer (a 5xx, e.g. the bus down, releases the key so the retry runs again);
 * - the same key and the same request (method, path, canonical body): the stored status and body,
 *   with `Idempotent-Replayed: true`, nothing re-published;
 * - the same key and another request: 409;
 * - the same key while the first request is still running: wait up to `waitMs` for its answer, then 409
 *   with `Retry-After`; a pending record older than `leaseMs` (its holder crashed) is taken over.
 * Events of a keyed request get ids derived from the key, so a re-run after a crash publishes the same ids.
 *
 * Audit (docs/decisions/0015): an accepted (2xx) answer is recorded once in the audit trail before it is sent —
 * a keyed command under a record id derived from the key and the request, so a re-run records nothing new; a
 * replay of an accepted answer as a `replay` naming the original record. Refusals (4xx) are not recorded.
 * If the record cannot be stored the answer is a 503 and the key is released (the retry runs again).
 */
export interface Reply {
  status: number;
  body: unknown;
}
/** `eventId(i)`: the id of the i-th event this request publishes. */
export type Command = (req: Request, res: Response, eventId: (index: number) => string) => Promise<Reply>;

export interface CommandOptions {
  store: IdempotencyStore;
  audit: AuditTrail;
  logger: Pick<Logger, 'warn'>;
  /** How long a duplicate waits for an in-flight first request. */
  waitMs: number;
  /** After this long without an answer, a pending key is considered abandoned. */
  leaseMs?: number;
  pollMs?: number;
  now?: () => number;
}

/** Longer than the longest a command can take (the producer's retries are bounded well below). */
export const DEFAULT_LEASE_MS = 120_000;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function send(res: Response, answer: StoredAnswer, replayed: boolean): void {
  if (replayed) res.setHeader('Idempotent-Replayed', 'true');
  res.status(answer.status);
  if (answer.problem) res.type(PROBLEM_CONTENT_TYPE);
  res.json(answer.body);
}

function inFlight(): HttpProblem {
  return new HttpProblem({
    status: 409,
    type: 'idempotency-in-flight',
    title: 'Conflict',
    detail: 'a request with this Idempotency-Key is still being processed; retry shortly',
    headers: { 'Retry-After': '1' },
  });
}

export function command(opts: CommandOptions, run: Command): RequestHandler {
  const now = opts.now ?? Date.now;
  const leaseMs = opts.leaseMs ?? DEFAULT_LEASE_MS;
  const pollMs = opts.pollMs ?? 100;
  return async (req, res) => {
    const key = req.get('idempotency-key');
    if (key === undefined) {
      const { result: reply, eventIds } = await withPublishedIds(() => run(req, res, () => randomUUID()));
      if (isAccepted(reply.status)) await recordWrite(opts.audit, req, res, { kind: 'command', id: randomUUID(), status: reply.status, eventIds });
      res.status(reply.status).json(reply.body);
      return;
    }
    if (!isValidIdempotencyKey(key)) throw new BadRequest('Idempotency-Key must be 1..255 visible ASCII characters');
    const principal = req.principal;
    if (!principal) throw new Error('command: no principal (mount behind the route guard)');
    const path = samePath(req);
    const id = recordId(principalScope(principal), key);
    const fingerprint = requestFingerprint(req.method, path, req.body);
    const deadline = now() + opts.waitMs;

    let lockedAt: number | undefined;
    while (lockedAt === undefined) {
      const claim = await opts.store.claim(id, { scope: principalScope(principal), key, fingerprint }, now());
      if (claim.claimed) {
        lockedAt = claim.lockedAt;
        break;
      }
      const decision = decide(claim.record, fingerprint, now(), leaseMs);
      switch (decision.kind) {
        case 'replay':
          if (isAccepted(decision.answer.status)) {
            const replay = { kind: 'replay', id: randomUUID(), status: decision.answer.status, eventIds: [], idempotencyKey: key, replayOf: claim.record.auditId } as const;
            await recordWrite(opts.audit, req, res, replay);
          }
          return send(res, decision.answer, true);
        case 'conflict':
          throw new HttpProblem({
            status: 409,
            type: 'idempotency-key-reused',
            title: 'Conflict',
            detail: 'this Idempotency-Key was already used with another request (method, path or body)',
          });
        case 'stale': {
          const at = now();
          if (await opts.store.takeOver(id, claim.record.lockedAt, at)) lockedAt = at;
          break;
        }
        case 'in-flight':
          if (now() >= deadline) throw inFlight();
          await sleep(pollMs);
      }
    }

    const held = lockedAt;
    const release = () => opts.store.release(id, held).catch((e: unknown) => opts.logger.warn({ err: (e as Error).message }, 'releasing idempotency key failed'));
    let answer: StoredAnswer;
    let eventIds: string[] = [];
    try {
      const ran = await withPublishedIds(() => run(req, res, (index) => derivedUuid(`${id}:${index}`)));
      answer = { status: ran.result.status, body: ran.result.body, problem: false };
      eventIds = ran.eventIds;
    } catch (err) {
      if (!(err instanceof HttpProblem) || !isDefinitive(err.status)) {
        await release();
        throw err;
      }
      answer = { status: err.status, body: err.toDocument(path), problem: true };
      res.set(err.headers);
    }
    let auditId: string | undefined;
    if (isAccepted(answer.status)) {
      const auditRecordId = derivedUuid(`audit:${id}:${fingerprint}`);
      auditId = await recordWrite(opts.audit, req, res, { kind: 'command', id: auditRecordId, status: answer.status, eventIds, idempotencyKey: key }).catch(async (err: unknown) => {
        await release();
        throw err;
      });
    }
    // If this write fails the key stays pending and is taken over after the lease (same event ids then).
    await opts.store
      .complete(id, lockedAt, answer, now(), auditId)
      .catch((e: unknown) => opts.logger.warn({ err: (e as Error).message }, 'storing idempotent answer failed'));
    send(res, answer, false);
  };
}
