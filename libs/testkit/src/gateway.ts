/**
 * Calls to the public gateway with a bearer token, polling until an assertion holds (eventual consistency,
 * never fixed sleeps), a namespace's topics as a test reads them, and a topic's message count.
 */
import { randomUUID } from 'node:crypto';
import { Kafka, logLevel } from 'kafkajs';
import type { Principal } from '@techcredit/auth';
import type { RawEnvelope } from '@techcredit/contracts';
import { waitUntil } from './helpers';
import type { Json } from './events';
import type { Platform } from './platform';


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

/** An envelope read back from a namespace's topic, with its logical topic and key. */
export type ReadEvent = RawEnvelope & { topic: string; key: string | null };

/**
 * Reads a namespace's topics from the beginning into `events` (a fresh consumer group), for asserting what was
 * published: `withId(id)` lists the copies of an event, `waitFor(id)` waits for its first.
 */
export async function topicReader(namespace: string, logicalTopics: readonly string[]) {
  const kafka = new Kafka({ brokers: (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(','), clientId: 'testkit-reader', logLevel: logLevel.NOTHING });
  const consumer = kafka.consumer({ groupId: `${namespace}.reader-${randomUUID()}` });
  const events: ReadEvent[] = [];
  await consumer.connect();
  await consumer.subscribe({ topics: logicalTopics.map((t) => `${namespace}.${t}`), fromBeginning: true });
  await consumer.run({
    eachMessage: async ({ topic, message }) => {
      events.push({ ...(JSON.parse(message.value!.toString('utf8')) as RawEnvelope), topic: topic.slice(namespace.length + 1), key: message.key?.toString('utf8') ?? null });
    },
  });
  const withId = (id: string) => events.filter((e) => e.id === id);
  return {
    events,
    withId,
    waitFor: (id: string, timeoutMs = 30_000) => waitUntil(`event ${id} on Kafka`, async () => withId(id)[0], { timeoutMs }),
    stop: () => consumer.disconnect(),
  };
}
export type TopicReader = Awaited<ReturnType<typeof topicReader>>;
