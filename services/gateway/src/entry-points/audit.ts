import { AsyncLocalStorage } from 'node:async_hooks';
import type { Request, RequestHandler, Response } from 'express';
import { Counter, type Registry } from 'prom-client';
import type { Logger } from '@techcredit/log';
import { HttpProblem } from '@techcredit/service';
import { who, type AuditEntry, type AuditKind } from '../domain/audit';
import type { AuditStore } from '../data-access/audit-store';
import { correlationIdOf, samePath } from '../upstream/client';
import type { Publisher } from './publisher';

/**
 * The audit hook of the write path (DOMAIN.md §15, docs/decisions/0015). `command()` records every accepted
 * write once, after it ran (`recordWrite`), and every Idempotency-Key replay of one as a `replay`. The event ids
 * come from the publisher: `withPublishedIds` runs a command with a collector that `collectingPublisher` fills
 * (whatever route published, one batch or several). Denied (401/403) and invalid (400/413/415/422) requests are
 * never recorded: `countRejected` counts them in `/metrics`.
 */

const publishedIds = new AsyncLocalStorage<string[]>();

/** Runs `fn` and returns what it returned with the ids of every event it published. */
export async function withPublishedIds<T>(fn: () => Promise<T>): Promise<{ result: T; eventIds: string[] }> {
  const ids: string[] = [];
  const result = await publishedIds.run(ids, fn);
  return { result, eventIds: ids };
}

/** A publisher that tells the running command (if any) the ids of the events it published. */
export function collectingPublisher(inner: Publisher): Publisher {
  return {
    async publish(items) {
      const envelopes = await inner.publish(items);
      publishedIds.getStore()?.push(...envelopes.map((e) => e.id));
      return envelopes;
    },
  };
}

/** Answers that are accepted writes (recorded): 2xx. A remembered 4xx answer is a refusal, replayed or not. */
export const isAccepted = (status: number): boolean => status >= 200 && status < 300;

export interface AuditMetrics {
  records: Counter<'kind'>;
  races: Counter;
  failures: Counter;
  rejected: Counter<'reason' | 'method' | 'route'>;
}

export function auditMetrics(registry: Registry): AuditMetrics {
  const registers = [registry];
  return {
    records: new Counter({ name: 'techcredit_audit_records_total', help: 'audit records appended, by kind (command, replay)', labelNames: ['kind'], registers }),
    races: new Counter({ name: 'techcredit_audit_chain_races_total', help: 'audit appends that lost a chain position to another replica and moved on', registers }),
    failures: new Counter({ name: 'techcredit_audit_append_failures_total', help: 'accepted writes answered 503 because their audit record could not be stored', registers }),
    rejected: new Counter({
      name: 'techcredit_gateway_rejected_total',
      help: 'requests refused before any effect and not audited: denied (401/403), invalid (400/413/415/422), conflict (409)',
      labelNames: ['reason', 'method', 'route'],
      registers,
    }),
  };
}

export interface AuditTrail {
  store: AuditStore;
  metrics: AuditMetrics;
  logger: Pick<Logger, 'error'>;
  now: () => Date;
}

export interface WriteOutcome {
  kind: AuditKind;
  id: string;
  status: number;
  eventIds: readonly string[];
  idempotencyKey?: string;
  replayOf?: string;
}

function auditUnavailable(): HttpProblem {
  return new HttpProblem({
    status: 503,
    type: 'audit-unavailable',
    title: 'Service unavailable',
    detail: 'the write could not be recorded in the audit trail; retry the request with the same Idempotency-Key',
    headers: { 'Retry-After': '2' },
  });
}

/**
 * Records one accepted write (or replay) of this request; returns the record's id. If the record cannot be
 * stored the request fails with 503 (the caller's retry with its Idempotency-Key re-runs it with the same event
 * ids and the same record id, so nothing is recorded or applied twice): no accepted write goes unrecorded.
 */
export async function recordWrite(trail: AuditTrail, req: Request, res: Response, o: WriteOutcome): Promise<string> {
  if (!req.principal) throw new Error('recordWrite: no principal (mount behind the route guard)');
  const entry: AuditEntry = {
    id: o.id,
    at: trail.now().toISOString(),
    kind: o.kind,
    ...who(req.principal),
    method: req.method.toUpperCase(),
    route: `${req.baseUrl}${String((req.route as { path?: unknown } | undefined)?.path ?? '')}`,
    path: samePath(req),
    status: o.status,
    eventIds: [...o.eventIds],
    correlationId: correlationIdOf(res),
  };
  if (o.idempotencyKey !== undefined) entry.idempotencyKey = o.idempotencyKey;
  if (o.replayOf !== undefined) entry.replayOf = o.replayOf;
  try {
    const { record, appended } = await trail.store.append(entry);
    if (appended) trail.metrics.records.inc({ kind: o.kind });
    return record.id;
  } catch (err) {
    trail.metrics.failures.inc();
    trail.logger.error({ err: (err as Error).message, auditId: o.id, correlationId: entry.correlationId }, 'audit record not stored');
    throw auditUnavailable();
  }
}

/** Why a request was refused, for `techcredit_gateway_rejected_total` (undefined: not a refusal). */
export function rejectionReason(status: number): 'denied' | 'invalid' | 'conflict' | undefined {
  if (status === 401 || status === 403) return 'denied';
  if (status === 400 || status === 413 || status === 415 || status === 422) return 'invalid';
  if (status === 409) return 'conflict';
  return undefined;
}

/**
 * App-level middleware (before the body parser, so a malformed body is counted too): when a response under
 * `/v1` finishes with a refusal, counts it by reason, method and route pattern (`unmatched` when the request
 * was refused before a route matched, e.g. a missing token).
 */
export function countRejected(metrics: AuditMetrics): RequestHandler {
  return (req, res, next) => {
    if (req.path.startsWith('/v1/')) {
      res.once('finish', () => {
        const reason = rejectionReason(res.statusCode);
        if (!reason) return;
        const pattern = (req.route as { path?: unknown } | undefined)?.path;
        metrics.rejected.inc({ reason, method: req.method, route: typeof pattern === 'string' ? `/v1${pattern}` : 'unmatched' });
      });
    }
    next();
  };
}
