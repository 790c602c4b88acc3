/**
 * `npm run bench:kafka-clients [-- --events N --size B --rate R --latency-events L --parity]`: kafkajs
 * against @platformatic/kafka on the same broker, with what libs/bus needs (idempotent producer, acks=all,
 * 12 partitions, envelope-sized JSON with the bus's headers, a consumer group processing in batches and
 * committing after processing). Each client runs in its own child process so that its CPU time and peak
 * RSS are its own. `--parity` adds the functional checks (headers, commits, backpressure, rebalancing,
 * admin). Topics are under a unique prefix and deleted at the end. Prints one table; asserts nothing.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { Kafka, logLevel, type Consumer as KjsConsumer } from 'kafkajs';
import {
  Admin as PltAdmin,
  Consumer as PltConsumer,
  Producer as PltProducer,
  ProduceAcks,
  stringSerializers,
  type Message as PltMessage,
} from '@platformatic/kafka';

const PARTITIONS = 12;
const CLIENTS = ['kafkajs', '@platformatic/kafka'] as const;
type ClientName = (typeof CLIENTS)[number];

interface Out {
  key: string;
  value: string;
  headers: Record<string, string>;
}
interface In {
  partition: number;
  offset: bigint;
  value: Buffer;
  headers: Record<string, string>;
}
interface Sender {
  send(topic: string, messages: Out[]): Promise<void>;
  close(): Promise<void>;
}
interface Subscription {
  /** Resolves once the group is joined with partitions assigned. */
  ready: Promise<void>;
  assigned(): number[];
  /** Stops taking messages (backpressure); `resume` takes them again. */
  pause(): void;
  resume(): void;
  stop(): Promise<void>;
}
interface ConsumeSpec {
  topic: string;
  group: string;
  /** Called with each batch; offsets are committed only after it resolves. */
  onBatch(messages: In[]): Promise<void> | void;
}
interface Adapter {
  name: ClientName;
  version: string;
  createTopics(topics: string[]): Promise<void>;
  deleteTopics(topics: string[]): Promise<void>;
  producer(): Promise<Sender>;
  consume(spec: ConsumeSpec): Subscription;
  close(): Promise<void>;
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
const log = (line: string) => process.stderr.write(`  ${line}\n`);

/** The installed version (read from the hoisted package; @platformatic/kafka does not export its package.json). */
function version(pkg: string): string {
  return (JSON.parse(readFileSync(join(__dirname, '..', 'node_modules', pkg, 'package.json'), 'utf8')) as { version: string }).version;
}

/** Opens a client, runs `fn` with it and closes it whatever happens. */
async function using<C, T>(open: () => Promise<C>, close: (c: C) => Promise<void>, fn: (c: C) => Promise<T>): Promise<T> {
  const client = await open();
  try {
    return await fn(client);
  } finally {
    await close(client);
  }
}

/** Polls `leaders` (topic → partitions with a leader) until every topic has all its partitions led. */
async function untilLeaders(topics: string[], leaders: () => Promise<Map<string, number>>): Promise<void> {
  for (let i = 0; i < 150; i++) {
    const led = await leaders().catch(() => new Map<string, number>());
    if (topics.every((t) => led.get(t) === PARTITIONS)) return;
    await sleep(100);
  }
  throw new Error(`no leaders for ${topics.join(', ')}`);
}

/** kafkajs configured as libs/bus configures it: idempotent, one in flight, eachBatch with manual resolve. */
function kafkajsAdapter(brokers: string[]): Adapter {
  process.env.KAFKAJS_NO_PARTITIONER_WARNING = '1';
  const kafka = new Kafka({ brokers, clientId: 'bench-kafkajs', logLevel: logLevel.NOTHING, retry: { initialRetryTime: 200, retries: 12, maxRetryTime: 5000 } });
  const withAdmin = <T>(fn: (admin: ReturnType<Kafka['admin']>) => Promise<T>): Promise<T> =>
    using(
      async () => {
        const admin = kafka.admin();
        await admin.connect();
        return admin;
      },
      (admin) => admin.disconnect(),
      fn,
    );
  return {
    name: 'kafkajs',
    version: version('kafkajs'),
    createTopics: (topics) =>
      withAdmin(async (a) => {
        // As libs/bus does: its own leader wait can fail on a busy broker, so check the metadata after it.
        await a.createTopics({ waitForLeaders: true, topics: topics.map((topic) => ({ topic, numPartitions: PARTITIONS, replicationFactor: 1 })) }).catch(() => undefined);
        await untilLeaders(topics, async () => {
          const meta = await a.fetchTopicMetadata({ topics });
          return new Map(meta.topics.map((t) => [t.name, t.partitions.filter((p) => p.leader >= 0).length]));
        });
      }),
    deleteTopics: (topics) => withAdmin((a) => a.deleteTopics({ topics })),
    async producer() {
      const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false });
      await producer.connect();
      return {
        send: async (topic, messages) => void (await producer.send({ topic, acks: -1, messages })),
        close: () => producer.disconnect(),
      };
    },
    consume(spec) {
      let consumer: KjsConsumer | undefined;
      let assigned: number[] = [];
      let paused = false;
      let resolveReady!: () => void;
      const ready = new Promise<void>((r) => (resolveReady = r));
      const started = (async () => {
        consumer = kafka.consumer({ groupId: spec.group, allowAutoTopicCreation: false, sessionTimeout: 30_000, heartbeatInterval: 3000 });
        consumer.on(consumer.events.GROUP_JOIN, (e) => {
          assigned = (e.payload.memberAssignment[spec.topic] ?? []).slice().sort((a, b) => a - b);
          resolveReady();
        });
        await consumer.connect();
        await consumer.subscribe({ topics: [spec.topic], fromBeginning: true });
        await consumer.run({
          eachBatchAutoResolve: false,
          partitionsConsumedConcurrently: 4,
          eachBatch: async ({ batch, resolveOffset, heartbeat, commitOffsetsIfNecessary, isRunning, isStale }) => {
            while (paused && isRunning()) await sleep(20);
            const taken: In[] = [];
            for (const m of batch.messages) {
              if (!isRunning() || isStale()) break;
              const headers: Record<string, string> = {};
              for (const [k, v] of Object.entries(m.headers ?? {})) headers[k] = String(v);
              taken.push({ partition: batch.partition, offset: BigInt(m.offset), value: m.value ?? Buffer.alloc(0), headers });
            }
            await spec.onBatch(taken);
            for (const m of taken) resolveOffset(m.offset.toString());
            await heartbeat();
            await commitOffsetsIfNecessary();
          },
        });
      })();
      return {
        ready: Promise.race([ready, started.then(() => ready)]),
        assigned: () => assigned,
        pause: () => void (paused = true),
        resume: () => void (paused = false),
        stop: async () => {
          await started.catch(() => undefined);
          await consumer?.disconnect();
        },
      };
    },
    close: async () => undefined,
  };
}

/** @platformatic/kafka with the same guarantees: idempotent (acks=all), a group stream, commit after the batch. */
function platformaticAdapter(brokers: string[]): Adapter {
  const base = { bootstrapBrokers: brokers, retries: 12, retryDelay: 250 };
  const withAdmin = <T>(fn: (admin: PltAdmin) => Promise<T>): Promise<T> =>
    using(
      async () => new PltAdmin({ ...base, clientId: 'bench-plt-admin' }),
      (admin) => admin.close(),
      fn,
    );
  return {
    name: '@platformatic/kafka',
    version: version('@platformatic/kafka'),
    async createTopics(topics) {
      await withAdmin((a) => a.createTopics({ topics, partitions: PARTITIONS, replicas: 1 }));
      // createTopics does not wait for leaders: wait until metadata shows one for every partition.
      await withAdmin((a) =>
        untilLeaders(topics, async () => {
          const meta = await a.metadata({ topics, forceUpdate: true });
          return new Map(topics.map((t) => [t, (meta.topics.get(t)?.partitions ?? []).filter((p) => p && p.leader >= 0).length]));
        }),
      );
    },
    deleteTopics: (topics) => withAdmin((a) => a.deleteTopics({ topics })),
    async producer() {
      const producer = new PltProducer({ ...base, clientId: 'bench-plt', idempotent: true, acks: ProduceAcks.ALL, autocreateTopics: false, serializers: stringSerializers });
      return {
        send: async (topic, messages) => void (await producer.send({ messages: messages.map((m) => ({ topic, key: m.key, value: m.value, headers: m.headers })) })),
        close: () => producer.close(),
      };
    },
    consume(spec) {
      const consumer = new PltConsumer({ ...base, clientId: 'bench-plt-consumer', groupId: spec.group, autocommit: false, sessionTimeout: 30_000, heartbeatInterval: 3000 });
      let paused = false;
      let stopping = false;
      let streamRef: { close(): Promise<void> } | undefined;
      let inBatch = Promise.resolve();
      let resolveReady!: () => void;
      const ready = new Promise<void>((r) => (resolveReady = r));
      consumer.on('consumer:group:join', (p) => {
        if ((p.assignments ?? []).some((a) => a.partitions.length > 0)) resolveReady();
      });
      const loop = (async () => {
        const stream = await consumer.consume({ topics: [spec.topic], mode: 'committed', fallbackMode: 'earliest' });
        if ((consumer.assignments ?? []).length > 0) resolveReady();
        streamRef = stream;
        for await (const first of stream as AsyncIterable<PltMessage<Buffer, Buffer, Buffer, Buffer>>) {
          // eachBatch-like: the first message and whatever else the stream already holds.
          const batch = [first];
          for (let m = stream.read() as typeof first | null; m !== null; m = batch.length < 1000 ? (stream.read() as typeof first | null) : null) batch.push(m);
          // Messages fetched under an older generation belong to partitions that may have moved: drop them.
          const gen = consumer.generationId;
          const current = batch.filter((m) => (m.metadata as { consumer?: { generationId?: number } }).consumer?.generationId === gen);
          const taken: In[] = current.map((m) => {
            const headers: Record<string, string> = {};
            for (const [k, v] of m.headers) headers[k.toString()] = v.toString();
            return { partition: m.partition, offset: m.offset, value: m.value, headers };
          });
          let done!: () => void;
          inBatch = new Promise<void>((r) => (done = r));
          await spec.onBatch(taken);
          const next = new Map<number, bigint>();
          for (const m of taken) if ((next.get(m.partition) ?? -1n) < m.offset + 1n) next.set(m.partition, m.offset + 1n);
          if (next.size > 0) {
            await consumer
              .commit({ offsets: [...next].map(([partition, offset]) => ({ topic: spec.topic, partition, offset, leaderEpoch: -1 })) })
              .catch((err: Error) => log(`commit failed (${err.message}): the next owner replays`));
          }
          done();
          if (stopping) break;
          while (paused && !stopping) await sleep(20);
        }
      })();
      return {
        ready,
        assigned: () => (consumer.assignments ?? []).flatMap((a) => (a.topic === spec.topic ? a.partitions : [])).sort((a, b) => a - b),
        pause: () => void (paused = true),
        resume: () => void (paused = false),
        stop: async () => {
          // Like kafkajs's disconnect: the batch in hand finishes and commits, then the stream closes.
          stopping = true;
          await inBatch;
          await streamRef?.close().catch(() => undefined);
          await loop.catch(() => undefined);
          await consumer.close(true);
        },
      };
    },
    close: async () => undefined,
  };
}

function adapterFor(name: ClientName, brokers: string[]): Adapter {
  return name === 'kafkajs' ? kafkajsAdapter(brokers) : platformaticAdapter(brokers);
}

/** A loan-event envelope as libs/bus writes it, padded to `size` bytes of JSON; deterministic in `i`. */
function envelope(i: number, size: number): Out {
  const id = `00000000-0000-4000-8000-${i.toString(16).padStart(12, '0')}`;
  const subject = `E${String(i % 9973).padStart(6, '0')}`;
  const body = {
    id,
    type: 'loan.disbursed',
    version: 1,
    source: `bank:B${String(1 + (i % 40)).padStart(3, '0')}`,
    occurredAt: new Date(Date.UTC(2024, 0, 1) + i * 60_000).toISOString(),
    correlationId: id,
    subject,
    data: { loanId: `L${i}`, enterpriseId: subject, bankId: 'B001', amountFen: 100_000 + (i % 100_000) * 100, rateBp: 345, termMonths: 12, disbursedOn: '2024-03-01', prefecture: '6501', pad: '' },
  };
  const bare = JSON.stringify(body).length;
  body.data.pad = 'x'.repeat(Math.max(0, size - bare));
  return { key: subject, value: JSON.stringify(body), headers: { 'event-type': body.type, 'event-version': '1', 'correlation-id': id } };
}

function cpuMs(since: NodeJS.CpuUsage): number {
  const d = process.cpuUsage(since);
  return (d.user + d.system) / 1000;
}

async function until(what: string, cond: () => boolean, timeoutMs: number, progress?: () => string): Promise<void> {
  const end = Date.now() + timeoutMs;
  let lastShown = Date.now();
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}${progress ? ` (${progress()})` : ''}`);
    if (progress && Date.now() - lastShown >= 2000) {
      lastShown = Date.now();
      log(progress());
    }
    await sleep(5);
  }
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? NaN;
}

interface Figures {
  client: string;
  version: string;
  produceBatched: number;
  produceOne: number;
  consume: number;
  joinS: number;
  p50: number;
  p99: number;
  cpuProduceMsPer1k: number;
  cpuConsumeMsPer1k: number;
  cpuTotalS: number;
  peakRssMiB: number;
}

interface Settings {
  events: number;
  size: number;
  oneByOne: number;
  rate: number;
  latencyEvents: number;
}

async function measure(a: Adapter, prefix: string, s: Settings): Promise<Figures> {
  const slug = a.name.replace(/[^a-z]/g, '');
  const topic = `${prefix}.${slug}.load`;
  const latencyTopic = `${prefix}.${slug}.latency`;
  const cpuStart = process.cpuUsage();
  await a.createTopics([topic, latencyTopic]);
  const producer = await a.producer();
  try {
    // 1. Batched produce: batches of 1,000 (what publishEnvelopes does with a big batch), each awaited.
    let c = process.cpuUsage();
    let t = performance.now();
    for (let i = 0; i < s.events; i += 1000) {
      await producer.send(topic, Array.from({ length: Math.min(1000, s.events - i) }, (_, j) => envelope(i + j, s.size)));
    }
    const produceBatched = s.events / ((performance.now() - t) / 1000);
    const cpuProduce = cpuMs(c);
    log(`${a.name}: batched produce ${Math.round(produceBatched)} ev/s`);
    // 2. One by one, each awaited (what one HTTP request publishing one event does).
    t = performance.now();
    for (let i = 0; i < s.oneByOne; i++) await producer.send(topic, [envelope(s.events + i, s.size)]);
    const produceOne = s.oneByOne / ((performance.now() - t) / 1000);
    log(`${a.name}: one-by-one produce ${Math.round(produceOne)} ev/s`);
    // 3. Group consume of everything to the end, JSON.parse per message, commit after each batch.
    const total = s.events + s.oneByOne;
    let got = 0;
    let firstAt = 0;
    const tJoin = performance.now();
    c = process.cpuUsage();
    const sub = a.consume({
      topic,
      group: `${topic}.group`,
      onBatch: (ms) => {
        if (firstAt === 0 && ms.length > 0) firstAt = performance.now();
        for (const m of ms) if ((JSON.parse(m.value.toString('utf8')) as { id?: string }).id) got++;
      },
    });
    await until(`${a.name} consuming ${total}`, () => got >= total, 90_000, () => `${a.name}: consumed ${got}/${total}`);
    const consume = total / ((performance.now() - firstAt) / 1000);
    const joinS = (firstAt - tJoin) / 1000;
    await sub.stop();
    const cpuConsume = cpuMs(c);
    log(`${a.name}: consume ${Math.round(consume)} ev/s (first message ${joinS.toFixed(1)} s after start)`);
    // 4. Latency at a fixed rate: one event per tick, sent without waiting for the previous one.
    const latencies: number[] = [];
    const lsub = a.consume({
      topic: latencyTopic,
      group: `${latencyTopic}.group`,
      onBatch: (ms) => {
        const now = performance.now();
        for (const m of ms) latencies.push(now - Number(m.headers['sent-at']));
      },
    });
    await lsub.ready;
    await sleep(500);
    // Sends are chained (each starts when the previous is acknowledged): @platformatic/kafka 1.35's
    // idempotent producer fails concurrent sends (see the parity check), so both clients get the same chain.
    let chain = Promise.resolve();
    const t0 = performance.now();
    for (let i = 0; i < s.latencyEvents; i++) {
      const due = t0 + (i * 1000) / s.rate;
      const wait = due - performance.now();
      if (wait > 1) await sleep(wait);
      const m = envelope(i, s.size);
      m.headers['sent-at'] = String(performance.now());
      chain = chain.then(() => producer.send(latencyTopic, [m]));
      if (i % (s.rate * 2) === 0 && i > 0) log(`${a.name}: latency ${i}/${s.latencyEvents} sent, ${latencies.length} received`);
    }
    await chain;
    await until(`${a.name} latency events`, () => latencies.length >= s.latencyEvents, 30_000, () => `${a.name}: latency ${latencies.length}/${s.latencyEvents}`);
    await lsub.stop();
    latencies.sort((x, y) => x - y);
    return {
      client: a.name,
      version: a.version,
      produceBatched,
      produceOne,
      consume,
      joinS,
      p50: percentile(latencies, 50),
      p99: percentile(latencies, 99),
      cpuProduceMsPer1k: (cpuProduce / s.events) * 1000,
      cpuConsumeMsPer1k: (cpuConsume / total) * 1000,
      cpuTotalS: cpuMs(cpuStart) / 1000,
      peakRssMiB: process.resourceUsage().maxRSS / 1024,
    };
  } finally {
    await producer.close().catch(() => undefined);
    await a.deleteTopics([topic, latencyTopic]).catch((err: Error) => log(`could not delete ${topic}: ${err.message}`));
  }
}

/** Functional checks libs/bus relies on; each returns a short verdict. */
async function parity(a: Adapter, prefix: string, size: number): Promise<Record<string, string>> {
  const slug = a.name.replace(/[^a-z]/g, '');
  const topic = `${prefix}.${slug}.parity`;
  const out: Record<string, string> = {};
  await a.createTopics([topic]);
  out.admin = 'createTopics (12 partitions, leaders) ok';
  const producer = await a.producer();
  try {
    // Headers and idempotent produce: 600 distinct events come back exactly once with their headers.
    await producer.send(topic, Array.from({ length: 600 }, (_, i) => envelope(i, size)));
    const seen = new Map<string, number>();
    let headersOk = true;
    let maxBuffered = 0;
    const group = `${topic}.g1`;
    let sub = a.consume({
      topic,
      group,
      onBatch: async (ms) => {
        maxBuffered = Math.max(maxBuffered, ms.length);
        for (const m of ms) {
          const id = (JSON.parse(m.value.toString()) as { id: string }).id;
          seen.set(id, (seen.get(id) ?? 0) + 1);
          if (m.headers['correlation-id'] !== id || m.headers['event-type'] !== 'loan.disbursed') headersOk = false;
        }
        await sleep(5); // the effect
      },
    });
    await until('600 parity events', () => seen.size >= 600, 60_000);
    out.headers = headersOk ? 'string headers round-trip' : 'HEADERS MISMATCH';
    out.idempotent = [...seen.values()].every((n) => n === 1) ? 'idempotent producer, acks=all: 600 sent, 600 received once' : 'DUPLICATES';
    // Backpressure: while paused nothing is handed over; after resume the rest arrives.
    sub.pause();
    await sleep(300);
    const before = seen.size;
    await producer.send(topic, Array.from({ length: 300 }, (_, i) => envelope(600 + i, size)));
    await sleep(1500);
    const during = seen.size - before;
    sub.resume();
    await until('events after resume', () => seen.size >= 900, 30_000);
    out.backpressure = `paused: ${during} handed over in 1.5 s (a batch already taken may finish); resumed: all 900`;
    await sub.stop();
    // Commit after effects: a new member of the same group starts after the last committed offset.
    await producer.send(topic, Array.from({ length: 120 }, (_, i) => envelope(900 + i, size)));
    const again = new Map<string, number>();
    sub = a.consume({ topic, group, onBatch: (ms) => ms.forEach((m) => again.set((JSON.parse(m.value.toString()) as { id: string }).id, 1)) });
    await until('120 new events in the same group', () => again.size >= 120, 60_000);
    await sleep(500);
    const redelivered = [...again.keys()].filter((id) => seen.has(id)).length;
    out.commits = `restart in the same group: ${again.size - redelivered} new, ${redelivered} redelivered of 900 committed`;
    // Rebalancing with two members: both get 6 partitions; nothing is lost across the rebalance.
    const received = new Set<string>();
    const onBatch = (ms: In[]) => ms.forEach((m) => received.add(`${m.partition}:${m.offset}`));
    const g2 = `${topic}.g2`;
    const m1 = a.consume({ topic, group: g2, onBatch });
    await m1.ready;
    const m2 = a.consume({ topic, group: g2, onBatch });
    await m2.ready;
    await until('two members with 6 partitions each', () => m1.assigned().length === 6 && m2.assigned().length === 6, 60_000, () => `m1 ${m1.assigned().length}, m2 ${m2.assigned().length}`);
    const split = `${m1.assigned().length}+${m2.assigned().length}`;
    await producer.send(topic, Array.from({ length: 240 }, (_, i) => envelope(1020 + i, size)));
    await m2.stop();
    await until('one member with 12 partitions', () => m1.assigned().length === 12, 60_000);
    await producer.send(topic, Array.from({ length: 240 }, (_, i) => envelope(1260 + i, size)));
    await until('every offset of the topic', () => received.size >= 1500, 60_000, () => `${received.size}/1500`);
    out.rebalance = `2 members: ${split} partitions; after one left: ${m1.assigned().length}; 1500/1500 offsets consumed`;
    await m1.stop();
    await sub.stop();
    out.concurrentSends = await concurrentSends(a, producer, `${topic}.concurrent`, size);
  } finally {
    await producer.close().catch(() => undefined);
    await a.deleteTopics([topic]);
    out.admin += ', deleteTopics ok';
  }
  return out;
}

/** What libs/bus does under HTTP load: several publishes in flight on one idempotent producer. */
async function concurrentSends(a: Adapter, producer: Sender, topic: string, size: number): Promise<string> {
  await a.createTopics([topic]);
  try {
    const settled = await Promise.allSettled(Array.from({ length: 50 }, (_, i) => producer.send(topic, [envelope(i, size)])));
    const acked = settled.filter((r) => r.status === 'fulfilled').length;
    const errors = [...new Set(settled.flatMap((r) => (r.status === 'rejected' ? [describe(r.reason)] : [])))];
    const ids = new Map<string, number>();
    const sub = a.consume({ topic, group: `${topic}.g`, onBatch: (ms) => ms.forEach((m) => { const id = (JSON.parse(m.value.toString()) as { id: string }).id; ids.set(id, (ids.get(id) ?? 0) + 1); }) });
    await sub.ready;
    await until('concurrently sent events', () => ids.size >= acked, 15_000).catch(() => undefined);
    await sleep(1000);
    await sub.stop();
    return `50 concurrent single sends: ${acked} acknowledged, ${50 - acked} failed${errors.length ? ` (${errors.join('; ')})` : ''}, ${ids.size} on the topic`;
  } finally {
    await a.deleteTopics([topic]).catch(() => undefined);
  }
}

function describe(err: unknown): string {
  const e = err as { message?: string; errors?: { errors?: { apiId?: string }[] }[] };
  const codes = (e.errors ?? []).flatMap((x) => (x.errors ?? []).map((y) => y.apiId ?? '')).filter(Boolean);
  return codes.length ? [...new Set(codes)].join(',') : (e.message ?? String(err));
}

async function worker(name: ClientName, prefix: string, s: Settings, withParity: boolean): Promise<void> {
  const a = adapterFor(name, brokersFromEnv());
  const figures = await measure(a, prefix, s);
  const checks = withParity ? await parity(a, prefix, s.size) : {};
  await a.close();
  process.stdout.write(`RESULT ${JSON.stringify({ figures, checks })}\n`);
}

function brokersFromEnv(): string[] {
  return (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');
}

function runChild(args: string[]): Promise<{ figures: Figures; checks: Record<string, string> }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', __filename, ...args], { stdio: ['ignore', 'pipe', 'inherit'], env: process.env });
    let out = '';
    child.stdout.on('data', (b: Buffer) => (out += b.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 180_000);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      const line = out.split('\n').find((l) => l.startsWith('RESULT '));
      if (code === 0 && line) resolve(JSON.parse(line.slice(7)) as { figures: Figures; checks: Record<string, string> });
      else reject(new Error(`${args[1]} worker ended with ${signal ?? code}`));
    });
  });
}

/** Deletes whatever a crashed worker left under the prefix. */
async function sweep(prefix: string): Promise<void> {
  const kafka = new Kafka({ brokers: brokersFromEnv(), clientId: 'bench-sweep', logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  const left = (await admin.listTopics()).filter((t) => t.startsWith(`${prefix}.`));
  if (left.length > 0) await admin.deleteTopics({ topics: left });
  await admin.disconnect();
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      events: { type: 'string', default: '100000' },
      size: { type: 'string', default: '600' },
      'one-by-one': { type: 'string', default: '2000' },
      rate: { type: 'string', default: '100' },
      'latency-events': { type: 'string', default: '1500' },
      parity: { type: 'boolean', default: false },
      worker: { type: 'string' },
      prefix: { type: 'string' },
    },
  });
  const s: Settings = {
    events: Math.min(190_000, Number(values.events)),
    size: Number(values.size),
    oneByOne: Math.min(5000, Number(values['one-by-one'])),
    rate: Number(values.rate),
    latencyEvents: Math.min(5000, Number(values['latency-events'])),
  };
  if (values.worker) {
    await worker(values.worker as ClientName, values.prefix!, s, values.parity);
    process.exit(0);
  }
  const prefix = `bench-kc-${Date.now().toString(36)}-${randomBytes(2).toString('hex')}`;
  const bytes = Buffer.byteLength(envelope(0, s.size).value);
  console.log(`bench:kafka-clients — ${s.events} batched + ${s.oneByOne} one-by-one events of ${bytes} B, latency ${s.latencyEvents} at ${s.rate}/s, ${PARTITIONS} partitions, broker ${brokersFromEnv().join(',')}, topics ${prefix}.*`);
  const results: { figures: Figures; checks: Record<string, string> }[] = [];
  try {
    for (const name of CLIENTS) {
      const args = ['--worker', name, '--prefix', prefix, '--events', String(s.events), '--size', String(s.size), '--one-by-one', String(s.oneByOne), '--rate', String(s.rate), '--latency-events', String(s.latencyEvents)];
      results.push(await runChild(values.parity ? [...args, '--parity'] : args));
    }
  } finally {
    await sweep(prefix);
  }
  const r = (x: number) => Math.round(x).toLocaleString('en-US');
  console.log('');
  console.log('| client | produce batched ev/s | produce one-by-one ev/s | group consume ev/s | first message after start | latency p50 / p99 ms | CPU ms per 1k produced / consumed | CPU total s | peak RSS MiB |');
  console.log('|---|---|---|---|---|---|---|---|---|');
  for (const { figures: f } of results) {
    console.log(
      `| ${f.client} ${f.version} | ${r(f.produceBatched)} | ${r(f.produceOne)} | ${r(f.consume)} | ${f.joinS.toFixed(1)} s | ${f.p50.toFixed(1)} / ${f.p99.toFixed(1)} | ${f.cpuProduceMsPer1k.toFixed(0)} / ${f.cpuConsumeMsPer1k.toFixed(0)} | ${f.cpuTotalS.toFixed(1)} | ${f.peakRssMiB.toFixed(0)} |`,
    );
  }
  if (values.parity) {
    console.log('');
    for (const { figures, checks } of results) for (const [k, v] of Object.entries(checks)) console.log(`${figures.client} ${k}: ${v}`);
  }
  process.exit(0);
}

if (require.main === module) {
  main().catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
}
