import { randomBytes } from 'node:crypto';
import { Kafka, logLevel } from 'kafkajs';
import { dlqTopic } from '@techcredit/contracts';

/** A fresh namespace (topics, groups, databases) so each test file is isolated on a shared broker. */
export function testNamespace(label: string): string {
  return `t-${label}-${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`.toLowerCase().replace(/[^a-z0-9_-]/g, '').slice(0, 40);
}

/** Environment for services started in-process by a test. */
export function testEnv(namespace: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    KAFKA_BROKERS: process.env.KAFKA_BROKERS,
    MONGO_URL: process.env.MONGO_URL,
    ...(process.env.FERRETDB_POSTGRES_URL ? { FERRETDB_POSTGRES_URL: process.env.FERRETDB_POSTGRES_URL } : {}),
    TECHCREDIT_NAMESPACE: namespace,
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'warn',
    // Any free port: a service's standalone default (gateway 8080, …) would collide between test files.
    HTTP_PORT: '0',
    ...extra,
  };
}

export async function waitUntil<T>(
  what: string,
  probe: () => Promise<T | undefined | false>,
  { timeoutMs = 60_000, intervalMs = 250 }: { timeoutMs?: number; intervalMs?: number } = {},
): Promise<T> {
  const start = Date.now();
  let last: unknown;
  while (Date.now() - start < timeoutMs) {
    try {
      const v = await probe();
      if (v !== undefined && v !== false) return v;
    } catch (err) {
      last = err;
    }
    await new Promise((r) => setTimeout(r, intervalMs));
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last ? `: ${(last as Error).message}` : ''}`);
}

export interface DeadLetterRecord {
  reason: string;
  attempts: number;
  eventId?: string;
  value: string | null;
  key: string | null;
}

/** Reads the dead letters of a logical topic in a namespace until `min` arrived (or the timeout). */
export async function readDeadLetters(namespace: string, logicalTopic: string, min: number, timeoutMs = 30_000): Promise<DeadLetterRecord[]> {
  const kafka = new Kafka({ brokers: (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(','), clientId: 'testkit-dlq', logLevel: logLevel.NOTHING });
  const consumer = kafka.consumer({ groupId: `dlq-reader-${randomBytes(4).toString('hex')}` });
  const out: DeadLetterRecord[] = [];
  await consumer.connect();
  try {
    await consumer.subscribe({ topic: dlqTopic(namespace ? `${namespace}.${logicalTopic}` : logicalTopic), fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ message }) => {
        out.push(JSON.parse(message.value!.toString('utf8')) as DeadLetterRecord);
      },
    });
    await waitUntil(`${min} dead letters on ${logicalTopic}`, async () => out.length >= min, { timeoutMs });
    await new Promise((r) => setTimeout(r, 500));
  } finally {
    await consumer.disconnect();
  }
  return out;
}
