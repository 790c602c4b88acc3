import { randomUUID } from 'node:crypto';
import { Kafka, logLevel, type Admin, type EachBatchPayload, type KafkaMessage, type LogEntry, type Producer } from 'kafkajs';
import { EnvelopeSchema, TOPIC_PARTITIONS, dlqTopic, type DeadLetter as DeadLetterRecord, type Envelope, type EventDef } from '@techcredit/contracts';
import { withEvent, type Logger } from '@techcredit/log';
import { inboxModel, insertManyOnce, insertOnce, parkedModel, type Connection } from '@techcredit/store';
import { ConsumerSupervisor, groupSubscribes } from './supervisor';

/**
 * The event bus port. kafkajs (in maintenance mode) lives only in this folder, so the client can change
 * in one place. Producer: acks=all, one request in flight, not kafkajs-idempotent (decision 0021), batched. Consumer runner: eachBatch, offsets resolved only
 * after a message's effect is stored, retries with backoff, dead-letters what never parses or keeps
 * failing, parks events whose prerequisite has not arrived, and an inbox of applied event ids. Every consumer runs under a
 * `ConsumerSupervisor` that replaces it when it falls silent (no fetch, heartbeat or progress for `stallMs`; decision 0022).
 */
export interface BusOptions {
  brokers: string[];
  clientId: string;
  /** Prefix of topics and consumer groups (isolated platforms on one broker). */
  namespace?: string;
  logger: Logger;
}

export type HandlerResult =
  | { outcome: 'done' }
  /** The event's prerequisite has not arrived: store it and retry later; dead-letter after `park.maxWaitMs`. */
  | { outcome: 'park'; reason: string }
  /** A business refusal the service could not record itself: dead-letter with the reason. */
  | { outcome: 'reject'; reason: string };

export interface HandlerContext {
  logger: Logger;
  topic: string;
  partition: number;
  offset: string;
  /** 1 for the first try; retried (after a throw) and re-tried parked events count up. */
  attempt: number;
}

export type Handler = (event: Envelope, ctx: HandlerContext) => Promise<HandlerResult | void>;

export interface ConsumeOptions {
  groupId: string;
  topics: readonly string[];
  /** The (type, version) pairs this consumer accepts; any other is dead-lettered as unknown. */
  events: readonly EventDef[];
  handle: Handler;
  /**
   * Optional bulk path: the parsed events of a stretch of a partition batch (in offset order), applied
   * together (e.g. one insertMany instead of one insert each). It returns one result per event (or nothing:
   * all done); an event whose result is not `done` — and every event when it throws — goes through
   * `handle` one by one as usual (waits, parking, dead letters, retries). For projections whose events
   * are idempotent writes that keep their own per-key order within the stretch.
   */
  handleMany?: (events: Envelope[], ctx: { logger: Logger; topic: string; partition: number }) => Promise<(HandlerResult | void)[] | void>;
  /** Service database for the inbox and parked events. */
  store: Connection;
  /** Tries per message before it is dead-lettered (a throwing handler). */
  maxAttempts?: number;
  backoffMs?: number;
  /**
   * Missing prerequisites: wait in line up to `inlineWaitMs` (default 15 s), then park durably and retry
   * every `retryEveryMs` (backing off), dead-lettering after `maxWaitMs`.
   */
  park?: { retryEveryMs?: number; maxWaitMs?: number; inlineWaitMs?: number };
  fromBeginning?: boolean;
  partitionsConsumedConcurrently?: number;
  /** Group session timeout: how long a crashed member holds its partitions (default 30 s). */
  sessionTimeoutMs?: number;
  /** No fetch, heartbeat or progress for this long: the consumer is replaced (`ConsumerSupervisor`, default 60 s). */
  stallMs?: number;
  /** Called for each message outcome: metrics hook. */
  onOutcome?: (outcome: 'done' | 'parked' | 'dead-lettered' | 'retried') => void;
  /**
   * Awaited before offsets are committed (end of each batch) and before a parked event is removed: where a
   * handler buffers a follow-up effect (e.g. change notes sent in bulk), it becomes durable here first.
   */
  beforeCommit?: () => Promise<void>;
}

/** What goes to `<topic>.dlq`: the contracts' `DeadLetterSchema` (documented in the AsyncAPI document). */
export type DeadLetter = DeadLetterRecord;

export interface PublishMeta {
  id?: string;
  /** Who produced it, e.g. `bank:B001` for a bank's loan event (default: this client id). */
  source?: string;
  correlationId?: string;
  occurredAt?: string;
}

/**
 * A partition's batch for a state-store processor (`Bus.consumeBatches`): raw keys and values with their
 * offsets. The handler returns only once the batch's effect is durable; then the offsets are committed.
 */
export interface PartitionBatch {
  topic: string;
  partition: number;
  messages: { key: string | null; value: string | null; offset: string }[];
  heartbeat(): Promise<void>;
}

export interface ConsumeBatchesOptions {
  groupId: string;
  topics: readonly string[];
  handleBatch(batch: PartitionBatch): Promise<void>;
  sessionTimeoutMs?: number;
  /** No fetch, heartbeat or progress for this long: the consumer is replaced (`ConsumerSupervisor`, default 60 s). */
  stallMs?: number;
  partitionsConsumedConcurrently?: number;
}

export interface ConsumerHandle {
  stop(): Promise<void>;
  /** Resolves when the group has joined and partitions are assigned. */
  ready: Promise<void>;
}

function kafkaLogCreator(logger: Logger) {
  return () =>
    ({ level, log }: LogEntry) => {
      const { message, ...rest } = log;
      const bindings = { ...rest, kafkajs: true };
      if (level === logLevel.ERROR) logger.warn(bindings, message);
      else if (level === logLevel.WARN) logger.warn(bindings, message);
      else logger.debug(bindings, message);
    };
}

export class Bus {
  private readonly kafka: Kafka;
  private producer?: Producer;
  private producerConnecting?: Promise<Producer>;
  private readonly consumers: ConsumerHandle[] = [];
  readonly logger: Logger;

  constructor(private readonly opts: BusOptions) {
    this.logger = opts.logger.child({ component: 'bus' });
    process.env.KAFKAJS_NO_PARTITIONER_WARNING = '1';
    this.kafka = new Kafka({
      brokers: opts.brokers,
      clientId: opts.clientId,
      logLevel: logLevel.WARN,
      logCreator: kafkaLogCreator(this.logger),
      retry: { initialRetryTime: 200, retries: 12, maxRetryTime: 5000 },
    });
  }

  /** Physical topic name of a logical topic (namespace prefix). */
  topic(logical: string): string {
    return this.opts.namespace ? `${this.opts.namespace}.${logical}` : logical;
  }

  group(logical: string): string {
    return this.opts.namespace ? `${this.opts.namespace}.${logical}` : logical;
  }

  /**
   * Creates each topic and its `.dlq` twin with 12 partitions; idempotent and safe when several services
   * start at once: retried, and it returns only when every partition has a leader.
   */
  async ensureTopics(logicalTopics: readonly string[]): Promise<void> {
    const all = [...new Set(logicalTopics.flatMap((t) => [this.topic(t), dlqTopic(this.topic(t))]))];
    let lastError: unknown;
    // A busy broker (thousands of partitions, a loaded machine) can take tens of seconds to elect leaders
    // for new partitions: up to ~75 s in all, backing off to 5 s between looks.
    for (let attempt = 1; attempt <= 20; attempt++) {
      const admin: Admin = this.kafka.admin();
      try {
        await admin.connect();
        const existing = new Set(await admin.listTopics());
        const wanted = all.filter((t) => !existing.has(t));
        if (wanted.length > 0) {
          await admin
            .createTopics({ waitForLeaders: true, topics: wanted.map((topic) => ({ topic, numPartitions: TOPIC_PARTITIONS, replicationFactor: 1 })) })
            .catch(() => undefined); // another service may have created some: checked below
          this.logger.info({ topics: wanted }, 'topics ensured');
        }
        const meta = await admin.fetchTopicMetadata({ topics: all });
        const leaderless = meta.topics.filter((t) => t.partitions.length < TOPIC_PARTITIONS || t.partitions.some((p) => p.leader < 0));
        if (leaderless.length === 0) return;
        lastError = new Error(`topics without leaders yet: ${leaderless.map((t) => t.name).join(', ')}`);
      } catch (err) {
        lastError = err;
      } finally {
        await admin.disconnect().catch(() => undefined);
      }
      await new Promise((r) => setTimeout(r, Math.min(5000, 250 * attempt)));
    }
    throw new Error(`could not ensure topics ${all.join(', ')}: ${(lastError as Error)?.message ?? String(lastError)}`);
  }

  private async getProducer(): Promise<Producer> {
    if (this.producer) return this.producer;
    this.producerConnecting ??= (async () => {
      // Not `idempotent: true`: kafkajs' idempotent producer keeps one sequence per partition that concurrent
      // sends advance out of step, and after a broker restart it can be answered DuplicateSequence for new data
      // and report it sent (kafkajs #598; decision 0021). A retried send may write an event twice instead;
      // every consumer applies an event id once, so a duplicate is harmless and a loss is not.
      const producer = this.kafka.producer({ idempotent: false, maxInFlightRequests: 1, allowAutoTopicCreation: false });
      await producer.connect();
      this.producer = producer;
      return producer;
    })();
    return this.producerConnecting;
  }

  /** Connects the producer now (else on the first publish): a long-lived producer pays its set-up once, up front. */
  async connectProducer(): Promise<void> {
    await this.getProducer();
  }

  /** Builds a validated envelope for `def` (throws on invalid data: the caller validated its input). */
  envelope<D extends EventDef>(def: D, data: unknown, meta: PublishMeta = {}): Envelope {
    const parsed = def.schema.parse(data);
    const id = meta.id ?? randomUUID();
    return {
      id,
      type: def.type,
      version: def.version,
      source: meta.source ?? this.opts.clientId,
      occurredAt: meta.occurredAt ?? new Date().toISOString(),
      correlationId: meta.correlationId ?? id,
      subject: def.key(parsed as never),
      data: parsed,
    };
  }

  /** Publishes envelopes (already built with `envelope`) grouped per topic in one batch; acks=all. */
  async publishEnvelopes(items: { def: EventDef; envelope: Envelope }[]): Promise<void> {
    if (items.length === 0) return;
    const producer = await this.getProducer();
    const byTopic = new Map<string, { key: string; value: string; headers: Record<string, string> }[]>();
    for (const { def, envelope } of items) {
      const topic = this.topic(def.topic);
      const list = byTopic.get(topic) ?? [];
      list.push({
        key: envelope.subject,
        value: JSON.stringify(envelope),
        headers: { 'event-type': envelope.type, 'event-version': String(envelope.version), 'correlation-id': envelope.correlationId },
      });
      byTopic.set(topic, list);
    }
    await producer.sendBatch({ acks: -1, topicMessages: [...byTopic].map(([topic, messages]) => ({ topic, messages })) });
  }

  async publish<D extends EventDef>(def: D, data: unknown, meta: PublishMeta = {}): Promise<Envelope> {
    const envelope = this.envelope(def, data, meta);
    await this.publishEnvelopes([{ def, envelope }]);
    return envelope;
  }

  /**
   * Consumer lag of a group on a logical topic: messages written but not yet committed by the group,
   * summed over partitions (what an autoscaler watches; tests wait for 0).
   */
  async groupLag(groupId: string, logicalTopic: string): Promise<number> {
    const admin = this.kafka.admin();
    await admin.connect();
    try {
      const topic = this.topic(logicalTopic);
      const [ends, committed] = await Promise.all([
        admin.fetchTopicOffsets(topic),
        admin.fetchOffsets({ groupId: this.group(groupId), topics: [topic] }),
      ]);
      const done = new Map((committed[0]?.partitions ?? []).map((p) => [p.partition, BigInt(p.offset)]));
      let lag = 0n;
      for (const p of ends) {
        const c = done.get(p.partition) ?? -1n;
        lag += BigInt(p.high) - (c < 0n ? BigInt(p.low) : c);
      }
      return Number(lag);
    } finally {
      await admin.disconnect();
    }
  }

  /** Raw messages (tests, and banks producing straight to Kafka). `topic` is logical. */
  async publishRaw(logicalTopic: string, messages: { key: string | null; value: string | null }[]): Promise<void> {
    const producer = await this.getProducer();
    await producer.send({ topic: this.topic(logicalTopic), acks: -1, messages });
  }

  consume(options: ConsumeOptions): ConsumerHandle {
    const handle = new ConsumerRunner(this, this.kafka, options).start();
    this.consumers.push(handle);
    return handle;
  }

  /**
   * A state-store processor (Kafka Streams style): whole partition batches go to one handler, which makes
   * their combined effect durable (and records the last offset it applied with it, so a replay after a
   * crash can skip what is already in its state); offsets are committed after it returns. A throwing
   * handler is retried with backoff, the batch never skipped.
   */
  consumeBatches(options: ConsumeBatchesOptions): ConsumerHandle {
    let resolveReady!: () => void;
    let rejectReady!: (e: unknown) => void;
    const ready = new Promise<void>((res, rej) => {
      resolveReady = res;
      rejectReady = rej;
    });
    const group = this.group(options.groupId);
    const log = this.logger.child({ group });
    const session = options.sessionTimeoutMs ?? 30_000;
    let stopping = false;
    const supervisor = new ConsumerSupervisor({
      log,
      stallMs: options.stallMs,
      create: () =>
        this.kafka.consumer({
          groupId: group,
          allowAutoTopicCreation: false,
          sessionTimeout: session,
          heartbeatInterval: Math.min(3000, Math.floor(session / 5)),
          // A consumer that crashes (a rebalance, a dropped connection) restarts itself, unless it is being stopped.
          retry: { restartOnFailure: async () => !stopping },
        }),
      run: async (consumer) => {
        consumer.on(consumer.events.GROUP_JOIN, () => resolveReady());
        await consumer.connect();
        await consumer.subscribe({ topics: options.topics.map((t) => this.topic(t)), fromBeginning: true });
        await consumer.run({
          eachBatchAutoResolve: false,
          partitionsConsumedConcurrently: options.partitionsConsumedConcurrently ?? 4,
          eachBatch: async ({ batch, resolveOffset, heartbeat, commitOffsetsIfNecessary, isRunning, isStale }) => {
            if (batch.messages.length === 0 || !isRunning() || isStale()) return;
            const messages = batch.messages.map((m) => ({ key: m.key?.toString('utf8') ?? null, value: m.value?.toString('utf8') ?? null, offset: m.offset }));
            for (let attempt = 1; ; attempt++) {
              try {
                await options.handleBatch({ topic: batch.topic, partition: batch.partition, messages, heartbeat });
                break;
              } catch (err) {
                if (stopping || !isRunning() || isStale()) throw err; // the next owner replays the batch
                supervisor.touch();
                log.warn({ partition: batch.partition, attempt, err: (err as Error).message }, 'batch handler failed, retrying');
                await new Promise((r) => setTimeout(r, Math.min(5000, 200 * 2 ** Math.min(attempt - 1, 5))));
                await heartbeat();
              }
            }
            resolveOffset(batch.messages[batch.messages.length - 1]!.offset);
            await commitOffsetsIfNecessary();
          },
        });
      },
    });
    const run = async () => {
      await this.ensureTopics(options.topics);
      await supervisor.start();
    };
    run().catch((err) => {
      log.error({ err: (err as Error).message }, 'batch consumer failed to start');
      rejectReady(err);
    });
    const handle: ConsumerHandle = {
      ready,
      stop: async () => {
        stopping = true;
        await supervisor.stop();
      },
    };
    this.consumers.push(handle);
    return handle;
  }

  /**
   * How far behind the namespace's consumer groups are on a logical topic: for each group with a member
   * subscribed to it, the messages not yet consumed (Σ high watermark − committed offset). Pacing for
   * producers that outrun their consumers (the scenario driver); never needed for correctness.
   */
  async consumerLag(logicalTopic: string): Promise<{ group: string; lag: number }[]> {
    const topic = this.topic(logicalTopic);
    const admin: Admin = this.kafka.admin();
    await admin.connect();
    try {
      const prefix = this.opts.namespace ? `${this.opts.namespace}.` : '';
      const ids = (await admin.listGroups()).groups.map((g) => g.groupId).filter((g) => g.startsWith(prefix));
      const described = ids.length ? (await admin.describeGroups(ids)).groups : [];
      const high = new Map((await admin.fetchTopicOffsets(topic)).map((p) => [p.partition, Number(p.high)]));
      const out: { group: string; lag: number }[] = [];
      for (const g of described) {
        // A rebalancing group's members have no decodable subscription (unknown): it counts when it has
        // committed offsets on the topic (it consumed it before the rebalance).
        const subscribes = groupSubscribes(g.members, topic);
        if (subscribes === false) continue;
        const [committed] = await admin.fetchOffsets({ groupId: g.groupId, topics: [topic] });
        const partitions = committed?.partitions ?? [];
        if (subscribes === undefined && !partitions.some((p) => Number(p.offset) >= 0)) continue;
        const lag = partitions.reduce((sum, p) => sum + Math.max(0, (high.get(p.partition) ?? 0) - Math.max(0, Number(p.offset))), 0);
        out.push({ group: g.groupId, lag });
      }
      return out;
    } finally {
      await admin.disconnect();
    }
  }

  async disconnect(): Promise<void> {
    await Promise.allSettled(this.consumers.map((c) => c.stop()));
    const p = this.producer;
    this.producer = undefined;
    this.producerConnecting = undefined;
    if (p) await p.disconnect();
  }

  /** Internal: used by the runner to dead-letter. */
  async deadLetter(logicalOrPhysicalTopic: string, dl: DeadLetter): Promise<void> {
    const producer = await this.getProducer();
    await producer.send({
      topic: dlqTopic(logicalOrPhysicalTopic),
      acks: -1,
      messages: [{ key: dl.key, value: JSON.stringify(dl), headers: { reason: dl.reason.slice(0, 200) } }],
    });
  }
}

type Parsed = { ok: true; envelope: Envelope; def: EventDef } | { ok: false; reason: string; eventId?: string };

export function parseMessage(value: Buffer | null, defs: ReadonlyMap<string, EventDef>, physicalTopic: string, topicOf: (def: EventDef) => string): Parsed {
  if (value === null || value.length === 0) return { ok: false, reason: 'EMPTY_MESSAGE: no value' };
  let json: unknown;
  try {
    json = JSON.parse(value.toString('utf8'));
  } catch (err) {
    return { ok: false, reason: `NOT_JSON: ${(err as Error).message}` };
  }
  const env = EnvelopeSchema.safeParse(json);
  if (!env.success) {
    const eventId = typeof (json as { id?: unknown })?.id === 'string' ? (json as { id: string }).id : undefined;
    return { ok: false, eventId, reason: `INVALID_ENVELOPE: ${env.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ')}` };
  }
  const def = defs.get(`${env.data.type}@${env.data.version}`);
  if (!def) return { ok: false, eventId: env.data.id, reason: `UNKNOWN_EVENT: type ${env.data.type} version ${env.data.version} is not accepted here` };
  if (topicOf(def) !== physicalTopic) return { ok: false, eventId: env.data.id, reason: `WRONG_TOPIC: ${def.type} belongs on ${def.topic}` };
  const data = def.schema.safeParse(env.data.data);
  if (!data.success) {
    return {
      ok: false,
      eventId: env.data.id,
      reason: `INVALID_DATA: ${data.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ')}`,
    };
  }
  return { ok: true, envelope: { ...env.data, data: data.data }, def };
}

class ConsumerRunner {
  private supervisor?: ConsumerSupervisor;
  private parkTimer?: NodeJS.Timeout;
  private stopping = false;
  private readonly defs: Map<string, EventDef>;
  private readonly group: string;
  private readonly maxAttempts: number;
  private readonly backoffMs: number;
  private readonly parkEvery: number;
  private readonly parkMaxWait: number;
  private readonly inlineWaitMs: number;
  private readonly log: Logger;

  constructor(
    private readonly bus: Bus,
    private readonly kafka: Kafka,
    private readonly o: ConsumeOptions,
  ) {
    this.defs = new Map(o.events.map((d) => [`${d.type}@${d.version}`, d]));
    this.group = bus.group(o.groupId);
    this.maxAttempts = o.maxAttempts ?? 5;
    this.backoffMs = o.backoffMs ?? 200;
    this.parkEvery = o.park?.retryEveryMs ?? 2000;
    this.parkMaxWait = o.park?.maxWaitMs ?? 5 * 60_000;
    this.inlineWaitMs = o.park?.inlineWaitMs ?? 15_000;
    this.log = bus.logger.child({ group: this.group });
  }

  start(): ConsumerHandle {
    let resolveReady!: () => void;
    let rejectReady!: (e: unknown) => void;
    const ready = new Promise<void>((res, rej) => {
      resolveReady = res;
      rejectReady = rej;
    });
    const session = this.o.sessionTimeoutMs ?? 30_000;
    this.supervisor = new ConsumerSupervisor({
      log: this.log,
      stallMs: this.o.stallMs,
      create: () =>
        this.kafka.consumer({
          groupId: this.group,
          allowAutoTopicCreation: false,
          sessionTimeout: session,
          heartbeatInterval: Math.min(3000, Math.floor(session / 5)),
          retry: { restartOnFailure: async () => !this.stopping },
        }),
      run: async (consumer) => {
        consumer.on(consumer.events.GROUP_JOIN, () => resolveReady());
        await consumer.connect();
        await consumer.subscribe({ topics: this.o.topics.map((t) => this.bus.topic(t)), fromBeginning: this.o.fromBeginning ?? true });
        await consumer.run({
          eachBatchAutoResolve: false,
          partitionsConsumedConcurrently: this.o.partitionsConsumedConcurrently ?? 4,
          eachBatch: (payload) => this.eachBatch(payload),
        });
      },
    });
    const run = async () => {
      await this.bus.ensureTopics(this.o.topics);
      await this.supervisor!.start();
      this.parkTimer = setInterval(() => void this.retryParked().catch((err) => this.log.warn({ err: (err as Error).message }, 'parked retry failed')), this.parkEvery);
    };
    run().catch((err) => {
      this.log.error({ err: (err as Error).message }, 'consumer failed to start');
      rejectReady(err);
    });
    return {
      ready,
      stop: async () => {
        this.stopping = true;
        if (this.parkTimer) clearInterval(this.parkTimer);
        await this.supervisor?.stop();
      },
    };
  }

  private async eachBatch({ batch, resolveOffset, heartbeat, commitOffsetsIfNecessary, isRunning, isStale }: EachBatchPayload): Promise<void> {
    // No inbox pre-check: handlers are idempotent by event id, and on FerretDB v1 a `$in` on `_id` is a
    // full collection scan (docs/decisions/0006). The inbox records what was applied, written in bulk.
    const inbox = inboxModel(this.o.store);
    const applied: { _id: string; at: Date }[] = [];
    const stretch = this.o.handleMany ? BULK_STRETCH : 1;
    for (let start = 0; start < batch.messages.length; start += stretch) {
      if (!isRunning() || isStale()) break;
      const messages = batch.messages.slice(start, start + stretch);
      const bulk = this.o.handleMany ? await this.applyMany(messages, batch.topic, batch.partition) : undefined;
      for (const message of messages) {
        if (!isRunning() || isStale()) break;
        const outcome = bulk?.get(message.offset) ?? (await this.process(message, batch.topic, batch.partition, heartbeat));
        const id = outcome.eventId;
        if (outcome.result === 'done' && id) applied.push({ _id: `${this.group}:${id}`, at: new Date() });
        resolveOffset(message.offset);
        this.supervisor?.touch();
        if (applied.length >= 500) await insertManyOnce(inbox, applied.splice(0));
        if (!bulk) await heartbeat();
      }
      await heartbeat();
    }
    await insertManyOnce(inbox, applied);
    await this.o.beforeCommit?.();
    await commitOffsetsIfNecessary();
  }

  /**
   * The bulk path: parses a stretch, hands the good events to `handleMany`, and returns the offsets it
   * applied (`done`). Everything else — unparseable messages, other results, a throw — is left to `process`.
   */
  private async applyMany(messages: KafkaMessage[], topic: string, partition: number): Promise<Map<string, { result: 'done'; eventId: string }>> {
    const done = new Map<string, { result: 'done'; eventId: string }>();
    const good: { offset: string; envelope: Envelope }[] = [];
    for (const m of messages) {
      const parsed = parseMessage(m.value, this.defs, topic, (d) => this.bus.topic(d.topic));
      if (parsed.ok) good.push({ offset: m.offset, envelope: parsed.envelope });
    }
    if (good.length === 0) return done;
    try {
      const results = await this.o.handleMany!(good.map((g) => g.envelope), { logger: this.log, topic, partition });
      good.forEach((g, i) => {
        const r = results ? results[i] : undefined;
        if (!r || r.outcome === 'done') {
          done.set(g.offset, { result: 'done', eventId: g.envelope.id });
          this.o.onOutcome?.('done');
        }
      });
    } catch (err) {
      // Not applied as a whole (or partly: every write is idempotent): each event goes the single path.
      this.log.warn({ partition, events: good.length, err: (err as Error).message }, 'bulk apply failed, applying one by one');
    }
    return done;
  }

  /** Applies one message; returns only once its effect (or its dead letter / parking) is durable. */
  private async process(
    message: KafkaMessage,
    topic: string,
    partition: number,
    heartbeat: () => Promise<void>,
  ): Promise<{ result: 'done' | 'parked' | 'dead-lettered'; eventId?: string }> {
    const parsed = parseMessage(message.value, this.defs, topic, (d) => this.bus.topic(d.topic));
    const base = { group: this.group, originalTopic: topic, partition, offset: message.offset, key: message.key?.toString('utf8') ?? null, value: message.value?.toString('utf8') ?? null };
    if (!parsed.ok) {
      this.log.warn({ eventId: parsed.eventId, topic, partition, offset: message.offset, reason: parsed.reason }, 'dead-lettering unparseable message');
      await this.bus.deadLetter(topic, { ...base, reason: parsed.reason, attempts: 1, eventId: parsed.eventId, at: new Date().toISOString() });
      this.o.onOutcome?.('dead-lettered');
      return { result: 'dead-lettered', eventId: parsed.eventId };
    }
    const { envelope } = parsed;
    const logger = withEvent(this.log, envelope);
    let lastError: unknown;
    let transientTries = 0;
    for (let attempt = 1; attempt <= this.maxAttempts; attempt++) {
      try {
        let result = (await this.o.handle(envelope, { logger, topic, partition, offset: message.offset, attempt })) ?? { outcome: 'done' };
        // A missing prerequisite is usually another consumer of this service still catching up (the
        // registry behind the loans): wait for it in line first — back-pressure that keeps the partition's
        // order — and park durably only after `inlineWaitMs` (docs/decisions/0006: parking scans on FerretDB).
        const waitUntil = Date.now() + this.inlineWaitMs;
        while (result.outcome === 'park' && Date.now() < waitUntil && !this.stopping) {
          await new Promise((r) => setTimeout(r, 100));
          await heartbeat();
          this.supervisor?.touch();
          result = (await this.o.handle(envelope, { logger, topic, partition, offset: message.offset, attempt })) ?? { outcome: 'done' };
        }
        if (result.outcome === 'done') {
          this.o.onOutcome?.('done');
          return { result: 'done', eventId: envelope.id };
        }
        if (result.outcome === 'park') {
          await this.park(envelope, topic, result.reason);
          logger.info({ reason: result.reason }, 'event parked until its prerequisite arrives');
          this.o.onOutcome?.('parked');
          return { result: 'parked', eventId: envelope.id };
        }
        logger.warn({ reason: result.reason }, 'event rejected, dead-lettering');
        await this.bus.deadLetter(topic, { ...base, reason: result.reason, attempts: attempt, eventId: envelope.id, at: new Date().toISOString() });
        this.o.onOutcome?.('dead-lettered');
        return { result: 'dead-lettered', eventId: envelope.id };
      } catch (err) {
        lastError = err;
        if (this.stopping) throw err; // do not resolve the offset: the next owner replays it
        logger.warn({ attempt, err: (err as Error).message }, 'handler failed, retrying');
        this.supervisor?.touch(); // working (a database away), not stalled
        this.o.onOutcome?.('retried');
        // A database or broker hiccup (SQLITE_BUSY behind FerretDB, a dropped connection) is not the event's
        // fault: keep retrying it far longer than a logic error before giving up on it.
        if (isTransient(err) && attempt >= this.maxAttempts - 1 && transientTries < TRANSIENT_RETRIES) {
          transientTries++;
          attempt--;
        }
        if (attempt < this.maxAttempts) await new Promise((r) => setTimeout(r, Math.min(5000, this.backoffMs * 2 ** Math.min(attempt - 1, 10))));
      }
    }
    const reason = `HANDLER_FAILED after ${this.maxAttempts} attempts: ${(lastError as Error)?.message ?? String(lastError)}`;
    logger.error({ reason }, 'dead-lettering after retries');
    await this.bus.deadLetter(topic, { ...base, reason, attempts: this.maxAttempts, eventId: envelope.id, at: new Date().toISOString() });
    this.o.onOutcome?.('dead-lettered');
    return { result: 'dead-lettered', eventId: envelope.id };
  }

  private async park(envelope: Envelope, topic: string, reason: string): Promise<void> {
    const now = new Date();
    // An insert (a redelivered parked event is a duplicate key: already parked); updates scan on FerretDB.
    await insertOnce(parkedModel(this.o.store), {
      _id: `${this.group}:${envelope.id}`,
      group: this.group,
      topic,
      envelope: JSON.stringify(envelope),
      reason,
      firstParkedAt: now,
      attempts: 0,
      nextAt: new Date(now.getTime() + this.parkEvery),
    });
  }

  /** Re-offers parked events whose time has come; each is claimed with a lease so two instances never race. */
  private async retryParked(): Promise<void> {
    if (this.stopping) return;
    const Parked = parkedModel(this.o.store);
    const inbox = inboxModel(this.o.store);
    for (let i = 0; i < 500 && !this.stopping; i++) {
      const now = new Date();
      const doc = await Parked.findOneAndUpdate(
        { group: this.group, nextAt: { $lte: now } },
        { $set: { nextAt: new Date(now.getTime() + 30_000) }, $inc: { attempts: 1 } },
        { new: true, sort: { nextAt: 1 } },
      ).lean();
      if (!doc) return;
      const envelope = JSON.parse(doc.envelope) as Envelope;
      const logger = withEvent(this.log, envelope);
      let result: HandlerResult;
      try {
        result = (await this.o.handle(envelope, { logger, topic: doc.topic, partition: -1, offset: '-1', attempt: doc.attempts + 1 })) ?? { outcome: 'done' };
      } catch (err) {
        result = { outcome: 'park', reason: `retry failed: ${(err as Error).message}` };
      }
      const dl = (reason: string): DeadLetter => ({
        reason, attempts: doc.attempts, group: this.group, originalTopic: doc.topic, partition: -1, offset: '-1',
        key: envelope.subject, value: doc.envelope, eventId: envelope.id, at: new Date().toISOString(),
      });
      if (result.outcome === 'done') {
        await insertManyOnce(inbox, [{ _id: `${this.group}:${envelope.id}`, at: new Date() }]);
        await this.o.beforeCommit?.();
        await Parked.deleteOne({ _id: doc._id });
        logger.info({ attempts: doc.attempts }, 'parked event applied');
        this.o.onOutcome?.('done');
      } else if (result.outcome === 'reject') {
        await this.bus.deadLetter(doc.topic, dl(result.reason));
        await Parked.deleteOne({ _id: doc._id });
        this.o.onOutcome?.('dead-lettered');
      } else if (now.getTime() - new Date(doc.firstParkedAt).getTime() >= this.parkMaxWait) {
        await this.bus.deadLetter(doc.topic, dl(`PREREQUISITE_MISSING after ${Math.round(this.parkMaxWait / 1000)} s: ${result.reason}`));
        await Parked.deleteOne({ _id: doc._id });
        logger.warn({ reason: result.reason }, 'parked event dead-lettered after the bounded wait');
        this.o.onOutcome?.('dead-lettered');
      } else {
        // Exponential back-off (capped at 30 s) so a backlog of parked events does not hammer the database.
        const wait = Math.min(30_000, this.parkEvery * 2 ** Math.min(doc.attempts, 5));
        await Parked.updateOne({ _id: doc._id }, { $set: { reason: result.reason, nextAt: new Date(Date.now() + wait) } });
      }
    }
  }
}

/** Messages handed to `handleMany` at once (bounded memory; one bulk write per stretch). */
const BULK_STRETCH = 500;

/** Retries granted to infrastructure errors beyond `maxAttempts` (with the 5 s cap: several minutes). */
const TRANSIENT_RETRIES = 60;

/** Errors of the database or the network, as opposed to a handler's own logic. */
export function isTransient(err: unknown): boolean {
  const e = err as { name?: string; message?: string; code?: unknown } | undefined;
  const name = e?.name ?? '';
  const message = e?.message ?? '';
  return (
    /^Mongo/.test(name) ||
    /SQLITE_BUSY|database is locked|ECONNRESET|ECONNREFUSED|ETIMEDOUT|socket hang up|KafkaJS/i.test(message) ||
    /^Kafka/.test(name)
  );
}
