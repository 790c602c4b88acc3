/** Helpers of the scoring and matching integration tests (real Kafka + database): bus, filings, HTTP, a score-topic reader. */
import { randomUUID } from 'node:crypto';
import { Kafka, logLevel, type Consumer } from 'kafkajs';
import { Bus } from '@techcredit/bus';
import { INDICATOR_KEYS, Topics, type Envelope, type FilingFlags, type Indicators, type IndicatorsFiled, type ScoreComputed } from '@techcredit/contracts';
import { createLogger } from '@techcredit/log';

export function testBus(namespace: string, clientId: string): Bus {
  return new Bus({
    brokers: (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(','),
    clientId,
    namespace,
    logger: createLogger(clientId, process.env.TEST_LOG_LEVEL ?? 'silent'),
  });
}

export const NO_FLAGS: FilingFlags = {
  seriousDishonesty: false,
  majorViolation: false,
  ipInfringement: false,
  nationalAward: false,
  nationalPlatform: false,
  standardsLed: 0,
};

/** 1亿元 in fen: every test enterprise files this revenue (a tie: percentile 0.5 for all; growth stage, < 2亿元). */
export const REVENUE_FEN = 10_000_000_000;

/** A filing where every indicator is 0 except revenue (1亿元) and the given overrides. */
export function filing(enterpriseId: string, year: number, filedAt: string, over: Partial<Indicators>, flags: Partial<FilingFlags> = {}): IndicatorsFiled {
  const indicators = Object.fromEntries(INDICATOR_KEYS.map((k) => [k, 0])) as Indicators;
  return { enterpriseId, filedAt, year, indicators: { ...indicators, revenue: REVENUE_FEN, ...over }, flags: { ...NO_FLAGS, ...flags } };
}

export { getJson, eventCount, type Json } from '@techcredit/testkit';

/** Reads every `score.computed` event of a namespace's score topic, from the beginning, with a plain kafkajs consumer. */
export async function scoreTopicReader(namespace: string): Promise<{ events: Envelope<ScoreComputed>[]; stop: () => Promise<void> }> {
  const kafka = new Kafka({ brokers: (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(','), clientId: 'score-reader', logLevel: logLevel.NOTHING });
  const consumer: Consumer = kafka.consumer({ groupId: `score-reader-${randomUUID()}` });
  const events: Envelope<ScoreComputed>[] = [];
  await consumer.connect();
  await consumer.subscribe({ topic: `${namespace}.${Topics.score}`, fromBeginning: true });
  await consumer.run({
    eachMessage: async ({ message }) => {
      events.push(JSON.parse(message.value!.toString('utf8')) as Envelope<ScoreComputed>);
    },
  });
  return { events, stop: () => consumer.disconnect() };
}
