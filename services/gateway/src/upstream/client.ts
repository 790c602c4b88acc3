import type { Request, RequestHandler, Response } from 'express';
import { HttpProblem } from '@techcredit/service';
import type { ForwardQuery, UpstreamName } from '../domain/upstreams';

/**
 * Calls to the internal read APIs (phase-2 fact 4: same paths as the public ones). One GET helper with a
 * timeout: 2xx JSON comes back as is, 404 and 422 problems pass through unchanged, and everything else
 * becomes the gateway's own problem naming the service — unreachable or a 5xx → 502, a 503 → 503
 * (with its Retry-After), no answer within the timeout → 504.
 */
export type UpstreamAnswer = { ok: true; status: number; body: unknown } | { ok: false; problem: HttpProblem };

export interface UpstreamClient {
  get(service: UpstreamName, path: string, query: ForwardQuery, correlationId: string): Promise<UpstreamAnswer>;
}

export interface UpstreamOptions {
  urls: Record<UpstreamName, string>;
  timeoutMs: number;
  fetch?: typeof fetch;
}

const PASS_THROUGH = new Set([404, 422]);

export function queryString(query: ForwardQuery): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined) params.append(k, String(v));
  const s = params.toString();
  return s ? `?${s}` : '';
}

const upstreamProblem = (status: 502 | 503 | 504, service: UpstreamName, detail: string, headers?: Record<string, string>) =>
  new HttpProblem({
    status,
    type: status === 504 ? 'upstream-timeout' : status === 503 ? 'upstream-unavailable' : 'bad-gateway',
    title: status === 504 ? 'Upstream timeout' : status === 503 ? 'Service unavailable' : 'Bad gateway',
    detail,
    extra: { service },
    headers,
  });

/** An internal service's problem document, re-raised with the same members (instance is re-derived). */
function passThrough(status: number, body: unknown, service: UpstreamName): HttpProblem {
  const doc = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
  const { type, title, detail, status: _status, instance: _instance, ...extra } = doc;
  return new HttpProblem({
    status,
    type: typeof type === 'string' && type ? type : status === 404 ? 'not-found' : 'validation',
    title: typeof title === 'string' && title ? title : status === 404 ? 'Not found' : 'Validation failed',
    detail: typeof detail === 'string' ? detail : `${service} answered ${status}`,
    extra,
  });
}

export function upstreamClient(opts: UpstreamOptions): UpstreamClient {
  const doFetch = opts.fetch ?? fetch;
  return {
    async get(service, path, query, correlationId) {
      const url = `${opts.urls[service].replace(/\/+$/, '')}${path}${queryString(query)}`;
      let res: globalThis.Response;
      try {
        res = await doFetch(url, {
          headers: { accept: 'application/json', 'x-correlation-id': correlationId },
          signal: AbortSignal.timeout(opts.timeoutMs),
        });
      } catch (err) {
        const name = (err as Error).name;
        if (name === 'TimeoutError' || name === 'AbortError') {
          return { ok: false, problem: upstreamProblem(504, service, `${service} did not answer within ${opts.timeoutMs} ms`) };
        }
        return { ok: false, problem: upstreamProblem(502, service, `${service} is unreachable`) };
      }
      let body: unknown;
      try {
        const text = await res.text();
        body = text ? (JSON.parse(text) as unknown) : undefined;
      } catch {
        body = undefined;
        if (res.ok) return { ok: false, problem: upstreamProblem(502, service, `${service} answered ${res.status} without JSON`) };
      }
      if (res.ok) return { ok: true, status: res.status, body };
      if (PASS_THROUGH.has(res.status)) return { ok: false, problem: passThrough(res.status, body, service) };
      if (res.status === 503) {
        const retryAfter = res.headers.get('retry-after');
        return { ok: false, problem: upstreamProblem(503, service, `${service} is not ready`, retryAfter ? { 'Retry-After': retryAfter } : undefined) };
      }
      return { ok: false, problem: upstreamProblem(502, service, `${service} answered ${res.status}`) };
    },
  };
}

/** Sends an upstream answer: the JSON with its status, or throws the problem (to the problem handler). */
export function sendAnswer(res: Response, answer: UpstreamAnswer): void {
  if (!answer.ok) throw answer.problem;
  res.status(answer.status).json(answer.body);
}

/** Throws the problem of a failed answer, else returns the JSON body. */
export function bodyOf(answer: UpstreamAnswer): unknown {
  if (!answer.ok) throw answer.problem;
  return answer.body;
}

/** The request's path without its query: internal APIs serve the same paths as the gateway. */
export const samePath = (req: Request): string => req.originalUrl.split('?')[0] ?? req.path;

/**
 * A route handler that forwards the GET to `service` at the same path, with the query `query(req, res)`
 * builds (from validated values only, so a caller's raw query never reaches an internal service).
 */
export function forward(client: UpstreamClient, service: UpstreamName, query: (req: Request, res: Response) => ForwardQuery = () => ({})): RequestHandler {
  return async (req, res) => {
    sendAnswer(res, await client.get(service, samePath(req), query(req, res), correlationIdOf(res)));
  };
}

/** The request's correlation id (set first thing by the correlation middleware). */
export function correlationIdOf(res: Response): string {
  const id = res.locals.correlationId;
  if (typeof id !== 'string') throw new Error('res.locals.correlationId is not set: mount the correlation middleware first');
  return id;
}
