/**
 * What "quiescent and correct" means after a chaos cycle, checked against the generator's exact
 * expectations: every service ready, no consumer lag on any topic, no parked event, every acknowledged
 * loan event exactly once in every service's ledger, the statistics to the fen, and every poison message
 * dead-lettered, with a reason, by every consumer group of the loan topic.
 */
import mongoose, { type Connection } from 'mongoose';
import { Bus, type ConsumerHandle } from '@techcredit/bus';
import { Topics, dlqTopic } from '@techcredit/contracts';
import { createLogger } from '@techcredit/log';
import { diffFigures, keyFigures, type KeyFigures, type StatsLike } from '@techcredit/testkit';
import type { PoisonMessage } from './poison';
import { CHAOS_SERVICES, type ChaosService } from './plan';
import { getJson } from '../scenario-check';

/** Services that keep their own ledger of the loan topic (libs/projections loanLedger: `loan_events`, `_id` = event id). */
export const LEDGER_SERVICES: readonly ChaosService[] = ['matching', 'pledge', 'relending', 'subsidy', 'stats'];

export interface CheckTarget {
  namespace: string;
  gatewayUrl: string;
  ports: Record<ChaosService, number>;
  regulatorToken: () => string;
  asOf: string;
}

export interface CheckOutcome {
  ok: boolean;
  problems: string[];
  /** Worst service: acknowledged events missing from its ledger / ledger entries beyond them (undefined: not read). */
  lost?: number;
  surplus?: number;
}

const dbName = (ns: string, service: string): string => `${ns}_${service}`.replace(/-/g, '_');

export class Checker {
  private conn?: Connection;
  private readonly bus: Bus;
  private dlqReader?: ConsumerHandle;
  /** Dead letters of the loan topic seen so far: `key` → reasons by group. */
  readonly deadLetters = new Map<string, Map<string, string>>();
  /** Consumer groups of the loan topic, as first seen when the platform was quiet (each must dead-letter each poison). */
  loanGroups: string[] = [];

  constructor(
    private readonly t: CheckTarget,
    private readonly o: { brokers: string[]; mongoUrl: string },
  ) {
    this.bus = new Bus({ brokers: o.brokers, namespace: t.namespace, clientId: 'chaos-checker', logger: createLogger('chaos-checker', 'error') });
  }

  async start(): Promise<void> {
    this.conn = await mongoose.createConnection(this.o.mongoUrl, { serverSelectionTimeoutMS: 3000 }).asPromise();
    // The loan topic's dead letters, read as they come (a supervised consumer: it survives the broker faults).
    this.dlqReader = this.bus.consumeBatches({
      groupId: `chaos-dlq-reader-${Date.now().toString(36)}`,
      topics: [dlqTopic(Topics.loan)],
      handleBatch: async (batch) => {
        for (const m of batch.messages) {
          if (!m.value) continue;
          try {
            const dl = JSON.parse(m.value) as { key: string | null; group: string; reason: string };
            if (!dl.key) continue;
            const byGroup = this.deadLetters.get(dl.key) ?? new Map<string, string>();
            byGroup.set(dl.group, dl.reason);
            this.deadLetters.set(dl.key, byGroup);
          } catch {
            // not a dead-letter record: not ours to judge here
          }
        }
      },
    });
    await this.dlqReader.ready;
  }

  async stop(): Promise<void> {
    await this.bus.disconnect().catch(() => undefined);
    await this.conn?.close().catch(() => undefined);
  }

  private async ready(): Promise<string[]> {
    const out: string[] = [];
    await Promise.all(
      CHAOS_SERVICES.map(async (s) => {
        const ok = await fetch(`http://127.0.0.1:${this.t.ports[s]}/readyz`, { signal: AbortSignal.timeout(3000) }).then((r) => r.ok, () => false);
        if (!ok) out.push(`${s} not ready`);
      }),
    );
    return out;
  }

  private async lag(): Promise<string[]> {
    const out: string[] = [];
    for (const topic of Object.values(Topics)) {
      const lags = await this.bus.consumerLag(topic);
      for (const l of lags) if (l.lag > 0) out.push(`${l.group} ${l.lag} behind on ${topic}`);
      if (topic === Topics.loan) {
        const groups = lags.map((l) => l.group).sort();
        const missing = this.loanGroups.filter((g) => !groups.includes(g));
        if (missing.length) out.push(`loan consumer group(s) without members: ${missing.join(', ')}`);
      }
    }
    return out;
  }

  /** Records the loan topic's consumer groups once the platform runs (at least one per ledger service). */
  async baseline(timeoutMs = 120_000): Promise<string[]> {
    const t0 = Date.now();
    for (;;) {
      const groups = (await this.bus.consumerLag(Topics.loan).catch(() => [])).map((l) => l.group).sort();
      if (groups.length >= LEDGER_SERVICES.length) return (this.loanGroups = groups);
      if (Date.now() - t0 > timeoutMs) throw new Error(`only ${groups.length} consumer group(s) on the loan topic: ${groups.join(', ')}`);
      await new Promise((r) => setTimeout(r, 1000));
    }
  }

  private async parked(): Promise<string[]> {
    const out: string[] = [];
    for (const s of CHAOS_SERVICES) {
      const n = await this.conn!.useDb(dbName(this.t.namespace, s), { useCache: true }).db!.collection('parked_events').countDocuments({});
      if (n > 0) out.push(`${s}: ${n} parked event(s)`);
    }
    return out;
  }

  private async ledgers(acknowledged: number): Promise<{ problems: string[]; lost: number; surplus: number }> {
    const problems: string[] = [];
    let lost = 0;
    let surplus = 0;
    for (const s of LEDGER_SERVICES) {
      const n = await this.conn!.useDb(dbName(this.t.namespace, s), { useCache: true }).db!.collection('loan_events').countDocuments({});
      if (n < acknowledged) problems.push(`${s}: ${acknowledged - n} acknowledged event(s) not in its ledger`);
      if (n > acknowledged) problems.push(`${s}: ${n - acknowledged} ledger entries beyond the acknowledged events`);
      lost = Math.max(lost, acknowledged - n);
      surplus = Math.max(surplus, n - acknowledged);
    }
    return { problems, lost, surplus };
  }

  private async figures(expected: KeyFigures): Promise<string[]> {
    const fresh = await getJson<{ current: boolean }>(`http://127.0.0.1:${this.t.ports.stats}/v1/stats/freshness`, this.t.regulatorToken());
    if (!fresh.current) return ['statistics aggregate not current yet'];
    const stats = await getJson<{ stats: StatsLike }>(`${this.t.gatewayUrl}/v1/stats/lending?asOf=${this.t.asOf}`, this.t.regulatorToken());
    return diffFigures(keyFigures(stats.stats), expected).map((d) => `figures: ${d}`);
  }

  private poison(expected: readonly PoisonMessage[]): string[] {
    const out: string[] = [];
    for (const p of expected) {
      const byGroup = this.deadLetters.get(p.key);
      for (const g of this.loanGroups) {
        const reason = byGroup?.get(g);
        if (!reason) out.push(`${p.label} not dead-lettered by ${g}`);
        else if (!reason.startsWith(p.reason)) out.push(`${p.label} dead-lettered by ${g} with "${reason.slice(0, 80)}", expected ${p.reason}`);
      }
    }
    return out;
  }

  /** One look at everything; `ok` when every check holds. */
  async check(expect: { acknowledged: number; figures: KeyFigures; poison: readonly PoisonMessage[] }): Promise<CheckOutcome> {
    const problems: string[] = [];
    const guard = async <T>(what: string, f: () => Promise<T>): Promise<T | undefined> => {
      try {
        return await f();
      } catch (err) {
        problems.push(`${what}: ${(err as Error).message.slice(0, 200)}`);
        return undefined;
      }
    };
    problems.push(...((await guard('readyz', () => this.ready())) ?? []));
    problems.push(...((await guard('consumer lag', () => this.lag())) ?? []));
    problems.push(...((await guard('parked events', () => this.parked())) ?? []));
    const led = await guard('ledgers', () => this.ledgers(expect.acknowledged));
    if (led) problems.push(...led.problems);
    problems.push(...((await guard('statistics', () => this.figures(expect.figures))) ?? []));
    problems.push(...this.poison(expect.poison));
    return { ok: problems.length === 0, problems, lost: led?.lost, surplus: led?.surplus };
  }
}
