import { AssignerProtocol, type Consumer } from 'kafkajs';
import type { Logger } from '@techcredit/log';

/**
 * Whether a consumer group's members subscribe to `topic`, from `describeGroups` member metadata:
 * `true` / `false` when some member's subscription decodes (`false` for a group without members), `undefined` (unknown) when none does. A
 * group in the middle of a rebalance lists members with empty metadata, which kafkajs' decoder throws
 * on (found by `npm run chaos`, decision 0022): such a member is "unknown", never a crash.
 */
export function groupSubscribes(members: readonly { memberMetadata: Buffer }[], topic: string): boolean | undefined {
  if (members.length === 0) return false; // an empty group (its consumers stopped) consumes nothing
  let known = false;
  for (const m of members) {
    let topics: string[] | undefined;
    try {
      topics = m.memberMetadata && m.memberMetadata.length > 0 ? AssignerProtocol.MemberMetadata.decode(m.memberMetadata)?.topics : undefined;
    } catch {
      topics = undefined;
    }
    if (!topics) continue;
    if (topics.includes(topic)) return true;
    known = true;
  }
  return known ? false : undefined;
}

export interface ConsumerSupervisorOptions {
  /** A fresh kafkajs consumer (same group, same settings): called at start and for every replacement. */
  create(): Consumer;
  /** Connects, subscribes and runs a consumer `create` returned (resolves once `consumer.run` returned). */
  run(consumer: Consumer): Promise<void>;
  /** No fetch, heartbeat or progress for this long = stalled, replaced (default 60 s). */
  stallMs?: number;
  log: Logger;
  /** How long a replaced consumer may take to disconnect before it is abandoned (default 10 s). */
  disconnectTimeoutMs?: number;
  /**
   * After a crash (kafkajs' CRASH event, e.g. the broker refused the connection), the consumer must show a
   * sign of life within this long (default min(stallMs, 15 s)) or it is replaced: kafkajs logged "Restarting
   * the consumer in 200ms" after a broker restart and then never did (decision 0022).
   */
  crashGraceMs?: number;
}

/**
 * Keeps a kafkajs consumer alive. After a broker restart a consumer could hang with no fetch, no heartbeat
 * and no progress, never recovering (found by `npm run chaos`, decision 0022). The supervisor watches the
 * consumer's signs of life — fetches (also empty ones: kafkajs fetches every few seconds when idle),
 * heartbeats, batches, group joins, and `touch()` from a handler that is working (a retry, an inline
 * wait) — and replaces a consumer silent for `stallMs` with a new one in the same group: the old one is
 * disconnected (abandoned if that hangs too); its uncommitted offsets are replayed by the new owner, which
 * consumers apply once by event id.
 */
export class ConsumerSupervisor {
  private current?: Consumer;
  private lastSign = Date.now();
  private timer?: NodeJS.Timeout;
  private stopping = false;
  private replacing = false;
  private crashed = false;
  /** Consumers replaced so far (tests, metrics). */
  replacements = 0;
  readonly stallMs: number;
  readonly crashGraceMs: number;

  constructor(private readonly o: ConsumerSupervisorOptions) {
    this.stallMs = o.stallMs ?? 60_000;
    this.crashGraceMs = Math.min(this.stallMs, o.crashGraceMs ?? 15_000);
  }

  /** A sign of life from the handler (the consumer is working, e.g. retrying against a database that is down). */
  touch(): void {
    this.lastSign = Date.now();
    this.crashed = false;
  }

  /** The consumer now running. */
  get consumer(): Consumer | undefined {
    return this.current;
  }

  async start(): Promise<void> {
    await this.launch();
    this.timer = setInterval(() => void this.check(), Math.max(100, Math.floor(this.crashGraceMs / 4)));
    this.timer.unref();
  }

  private async launch(): Promise<void> {
    const c = this.o.create();
    this.current = c;
    const e = c.events;
    for (const ev of [e.FETCH_START, e.FETCH, e.HEARTBEAT, e.START_BATCH_PROCESS, e.END_BATCH_PROCESS, e.GROUP_JOIN, e.CONNECT]) {
      c.on(ev, () => {
        if (this.current === c) this.touch();
      });
    }
    c.on(e.CRASH, () => {
      if (this.current !== c) return;
      this.lastSign = Date.now();
      this.crashed = true;
    });
    this.touch();
    await this.o.run(c);
  }

  /** Replaces the consumer if it has been silent for `stallMs` (called on a timer; exposed for tests). */
  async check(): Promise<boolean> {
    const limit = this.crashed ? this.crashGraceMs : this.stallMs;
    if (this.stopping || this.replacing || Date.now() - this.lastSign < limit) return false;
    this.replacing = true;
    const old = this.current;
    this.o.log.warn(
      { silentMs: Date.now() - this.lastSign, stallMs: this.stallMs, afterCrash: this.crashed },
      this.crashed ? 'consumer crashed and did not restart: replacing it' : 'consumer stalled (no fetch, heartbeat or progress): replacing it',
    );
    try {
      this.current = undefined;
      if (old) await disconnectWithin(old, this.o.disconnectTimeoutMs ?? 10_000, this.o.log);
      if (this.stopping) return false;
      await this.launch();
      this.replacements++;
      this.o.log.warn({ replacements: this.replacements }, 'stalled consumer replaced');
      return true;
    } catch (err) {
      // The broker may still be away: try again after another stallMs.
      this.o.log.warn({ err: (err as Error).message }, 'replacing a stalled consumer failed; will retry');
      this.touch();
      this.crashed = true; // try again after the (shorter) crash grace
      return false;
    } finally {
      this.replacing = false;
    }
  }

  async stop(): Promise<void> {
    this.stopping = true;
    if (this.timer) clearInterval(this.timer);
    await this.current?.disconnect();
  }
}

async function disconnectWithin(c: Consumer, ms: number, log: Logger): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const gaveUp = new Promise<'timeout'>((r) => {
    timer = setTimeout(() => r('timeout'), ms);
  });
  const outcome = await Promise.race([c.disconnect().then(() => 'done' as const, () => 'done' as const), gaveUp]);
  clearTimeout(timer);
  if (outcome === 'timeout') log.warn({ ms }, 'stalled consumer did not disconnect in time: abandoned');
}
