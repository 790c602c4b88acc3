/**
 * Helpers of the end-to-end story tests: calls to the public gateway with a bearer token, polling until an
 * assertion holds (eventual consistency, never fixed sleeps), and the message count of a namespace's topic.
 */
import { Kafka, logLevel } from 'kafkajs';
import type { Principal } from '@techcredit/auth';
import { waitUntil, type Platform } from '@techcredit/testkit';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = Record<string, any>;

export interface Answer {
  status: number;
  body: Json;
  headers: Headers;
}

/** The gateway as a caller sees it: every call carries the principal's signed token. */
export function gatewayClient(platform: Platform) {
  const base = platform.gatewayUrl;
  if (!base) throw new Error('the platform was started without its gateway');
  const tokens = new Map<string, string>();
  const bearer = (p: Principal): string => {
    const k = JSON.stringify(p);
    let t = tokens.get(k);
    if (!t) tokens.set(k, (t = platform.token(p)));
    return t;
  };
  const call = async (method: 'GET' | 'POST', path: string, as: Principal, body?: unknown, headers: Record<string, string> = {}): Promise<Answer> => {
    const res = await fetch(`${base}${path}`, {
      method,
      headers: { authorization: `Bearer ${bearer(as)}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : {}) as Json, headers: res.headers };
  };
  return {
    get: (path: string, as: Principal) => call('GET', path, as),
    post: (path: string, as: Principal, body: unknown, headers?: Record<string, string>) => call('POST', path, as, body, headers),
    /** GET that must answer 200; returns the body. */
    async read(path: string, as: Principal): Promise<Json> {
      const a = await call('GET', path, as);
      if (a.status !== 200) throw new Error(`GET ${path} → ${a.status}: ${JSON.stringify(a.body)}`);
      return a.body;
    },
    /** POST that must answer 202 (a published command); returns the body. */
    async command(path: string, as: Principal, body: unknown, headers?: Record<string, string>): Promise<Json> {
      const a = await call('POST', path, as, body, headers);
      if (a.status !== 202) throw new Error(`POST ${path} → ${a.status}: ${JSON.stringify(a.body)}`);
      return a.body;
    },
  };
}
export type GatewayClient = ReturnType<typeof gatewayClient>;

/**
 * Reads until `check` (jest expectations) passes, then returns the value read. On timeout, the last
 * failed expectation is thrown, so the test reports the difference, not just "timed out".
 */
export async function eventually<T>(what: string, read: () => Promise<T>, check: (value: T) => void, timeoutMs = 60_000): Promise<T> {
  let lastFailure: unknown;
  try {
    return await waitUntil(
      what,
      async () => {
        const value = await read();
        try {
          check(value);
          return { value };
        } catch (err) {
          lastFailure = err;
          return undefined;
        }
      },
      { timeoutMs, intervalMs: 500 },
    ).then((r) => r.value);
  } catch (err) {
    throw lastFailure ?? err;
  }
}

/** Σ high watermarks of a namespace's topic: the number of messages ever written to it (no transactions). */
export async function topicMessageCount(namespace: string, logicalTopic: string): Promise<number> {
  const kafka = new Kafka({ brokers: (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(','), clientId: 'e2e-offsets', logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  try {
    const offsets = await admin.fetchTopicOffsets(`${namespace}.${logicalTopic}`);
    return offsets.reduce((sum, p) => sum + Number(p.high), 0);
  } finally {
    await admin.disconnect();
  }
}

/** A credit product body (`POST /v1/credit-products`): credit, min score 0, HTE, up to 5000万元, 3.85%, with `over` on top. */
export const creditProduct = (productId: string, bankId: string, over: Record<string, unknown> = {}) => ({
  productId,
  bankId,
  name: productId,
  kind: 'credit',
  minScore: 0,
  eligibleDesignations: ['HTE'],
  minAmountFen: 0,
  maxAmountFen: 5_000_000_000,
  maxTermMonths: 12,
  annualRateBp: 385,
  requiresPledge: false,
  active: true,
  ...over,
});
