import type { Request, RequestHandler, Response } from 'express';
import { Pool, type Dispatcher } from 'undici';
import { HttpProblem } from '@techcredit/service';
import type { ForwardQuery, UpstreamName } from '../domain/upstreams';

/**
 * Calls to the internal read APIs (phase-2 fact 4: same paths as the public ones). One GET helper with a
 * timeout, over one keep-alive connection pool per service (undici): 2xx JSON comes back as its bytes (sent
 * on unchanged by `sendAnswer`, parsed only when a handler reads `body`), 404 and 422 problems pass through
 * unchanged, and everything else becomes the gateway's own problem naming the service — unreachable or a
 * 5xx → 502, a 503 → 503 (with its Retry-After), no answer within the timeout → 504.
 */
export type UpstreamAnswer = OkAnswer | { ok: false; problem: HttpProblem };

export interface UpstreamClient {
  get(service: UpstreamName, path: string, query: ForwardQuery, correlationId: string): Promise<UpstreamAnswer>;
  /**
   * A JSON POST to an internal computation that stores nothing (a what-if, a simulation): the same answers
   * and problems as `get`; never retried, since the gateway cannot know the request was not received.
   */
  post(service: UpstreamName, path: string, body: unknown, correlationId: string): Promise<UpstreamAnswer>;
}

/** The client with its connection pools, which the gateway closes on shutdown. */
export interface PooledUpstreamClient extends UpstreamClient {
  close(): Promise<void>;
}

export interface UpstreamOptions {
  urls: Record<UpstreamName, string>;
  timeoutMs: number;
  /** Keep-alive connections per internal service (default 64). */
  connections?: number;
}

/** A 2xx JSON answer: its bytes and content type as the service sent them; `body` parses them once, on first read. */
export class OkAnswer {
  readonly ok = true as const;
  #body: unknown;
  #parsed = false;
  constructor(
    readonly status: number,
    readonly bytes: Buffer,
    readonly contentType: string,
    private readonly service: UpstreamName,
  ) {}

  /** The parsed JSON (a 502 problem is thrown if the service sent invalid JSON). */
  get body(): unknown {
    if (!this.#parsed) {
      try {
        this.#body = this.bytes.length ? (JSON.parse(this.bytes.toString('utf8')) as unknown) : undefined;
      } catch {
        throw upstreamProblem(502, this.service, `${this.service} answered ${this.status} without JSON`);
      }
      this.#parsed = true;
    }
    return this.#body;
  }
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

const isJson = (contentType: string) => /^application\/(?:[\w.+-]+\+)?json(?:;|$)/i.test(contentType);
const TIMEOUTS = new Set(['UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'UND_ERR_CONNECT_TIMEOUT']);
/** A kept-alive socket the service closed as the request went out: safe to send a GET again, once. */
const STALE_SOCKET = new Set(['UND_ERR_SOCKET', 'ECONNRESET', 'EPIPE']);
const header = (h: Dispatcher.ResponseData['headers'], name: string): string | undefined => {
  const v = h[name];
  return Array.isArray(v) ? v[0] : v;
};

export function upstreamClient(opts: UpstreamOptions): PooledUpstreamClient {
  const pools = new Map<string, Pool>();
  const poolOf = (origin: string): Pool => {
    let pool = pools.get(origin);
    if (!pool) {
      pool = new Pool(origin, {
        connections: opts.connections ?? 64,
        connectTimeout: opts.timeoutMs,
        headersTimeout: opts.timeoutMs,
        bodyTimeout: opts.timeoutMs,
      });
      pools.set(origin, pool);
    }
    return pool;
  };
  const bases = new Map<UpstreamName, { origin: string; prefix: string }>();
  const baseOf = (service: UpstreamName) => {
    let b = bases.get(service);
    if (!b) {
      const u = new URL(opts.urls[service]);
      b = { origin: u.origin, prefix: u.pathname.replace(/\/+$/, '') };
      bases.set(service, b);
    }
    return b;
  };
  type Outgoing = { path: string; correlationId: string; body?: string };
  const request = async (pool: Pool, out: Outgoing, retry: boolean): Promise<Dispatcher.ResponseData> => {
    const headers: Record<string, string> = { accept: 'application/json', 'x-correlation-id': out.correlationId };
    if (out.body !== undefined) headers['content-type'] = 'application/json';
    try {
      return await pool.request({ method: out.body === undefined ? 'GET' : 'POST', path: out.path, headers, body: out.body });
    } catch (err) {
      if (retry && STALE_SOCKET.has((err as { code?: string }).code ?? '')) return request(pool, out, false);
      throw err;
    }
  };
  const call = async (service: UpstreamName, path: string, correlationId: string, body?: string): Promise<UpstreamAnswer> => {
      const base = baseOf(service);
      let res: Dispatcher.ResponseData;
      let bytes: Buffer;
      try {
        res = await request(poolOf(base.origin), { path: `${base.prefix}${path}`, correlationId, body }, body === undefined);
        bytes = Buffer.from(await res.body.arrayBuffer());
      } catch (err) {
        if (TIMEOUTS.has((err as { code?: string }).code ?? '')) {
          return { ok: false, problem: upstreamProblem(504, service, `${service} did not answer within ${opts.timeoutMs} ms`) };
        }
        return { ok: false, problem: upstreamProblem(502, service, `${service} is unreachable`) };
      }
      const status = res.statusCode;
      if (status >= 200 && status < 300) {
        const contentType = header(res.headers, 'content-type') ?? '';
        if (!isJson(contentType)) return { ok: false, problem: upstreamProblem(502, service, `${service} answered ${status} without JSON`) };
        return new OkAnswer(status, bytes, contentType, service);
      }
      if (PASS_THROUGH.has(status)) {
        let body: unknown;
        try {
          body = JSON.parse(bytes.toString('utf8')) as unknown;
        } catch {
          body = undefined;
        }
        return { ok: false, problem: passThrough(status, body, service) };
      }
      if (status === 503) {
        const retryAfter = header(res.headers, 'retry-after');
        return { ok: false, problem: upstreamProblem(503, service, `${service} is not ready`, retryAfter ? { 'Retry-After': retryAfter } : undefined) };
      }
      return { ok: false, problem: upstreamProblem(502, service, `${service} answered ${status}`) };
  };
  return {
    get: (service, path, query, correlationId) => call(service, `${path}${queryString(query)}`, correlationId),
    post: (service, path, body, correlationId) => call(service, path, correlationId, JSON.stringify(body)),
    async close() {
      await Promise.all([...pools.values()].map((p) => p.close()));
      pools.clear();
    },
  };
}

/** Sends an upstream answer: the service's JSON bytes with its status (not parsed again), or throws the problem (to the problem handler). */
export function sendAnswer(res: Response, answer: UpstreamAnswer): void {
  if (!answer.ok) throw answer.problem;
  res.status(answer.status).type(answer.contentType).send(answer.bytes);
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
