/**
 * The scoring engine (DOMAIN.md §2): stores filings, marks (year, stage) cohorts dirty, and recomputes
 * dirty cohorts in batches (see DebouncedRunner for how a burst is batched), publishing `score.computed`
 * only for enterprises whose score changed (`scoreChanged`).
 *
 * Crash safety, step by step:
 *  1. a filing is inserted (keyed by its event id) before the handler returns, and its cohort(s) are
 *     marked dirty in `dirty_cohorts` before the offset can be committed (a replay marks again);
 *  2. a recompute takes the pending marks, scores the cohorts from the in-memory filings, publishes the
 *     changed scores, then stores them, then deletes each mark only if it was not marked again meanwhile
 *     (`gen`). A crash anywhere leaves the mark, so the restart recomputes the cohort (at once, on load);
 *     scores published but not stored are republished under the same event id (`scoreEventId`), so
 *     consumers dedupe them (a crash inside a cohort rewrite may republish one with a new id but the
 *     same content: harmless to consumers that keep the latest).
 *  3. a policy change is detected by a fingerprint of the weights and rules in force on Dec 31 of each
 *     filing year (persisted per year after the year's cohorts were marked).
 */
import { createHash, randomUUID } from 'node:crypto';
import { Counter, type Registry } from 'prom-client';
import { STAGES, scoreComputed, type Envelope, type IndicatorsFiled, type Stage } from '@techcredit/contracts';
import type { Bus, HandlerResult } from '@techcredit/bus';
import type { Logger } from '@techcredit/log';
import { endOfYear } from '@techcredit/money';
import type { PolicyBook } from '@techcredit/policy';
import type { RegistryView } from '@techcredit/projections';
import { cohortKey, stageOf } from '../domain';
import type { DirtyMark, ScoringStore } from '../data-access/store';
import { recomputeCohorts } from './cohorts';
import { DebouncedRunner, type DebounceOptions } from './scheduler';
import { FilingBook, ScoreBook, type FilingRecord } from './state';

export interface EngineDeps {
  logger: Logger;
  bus: Bus;
  store: ScoringStore;
  registry: Pick<RegistryView, 'enterprise'>;
  policy: () => PolicyBook;
  metrics: Registry;
  debounce: DebounceOptions;
}

export interface LastRun {
  at: string;
  cohorts: string[];
  members: number;
  published: number;
  /** Wall time of the run, and of its phases: scoring (and diffing), publishing, storing. */
  ms: number;
  phases: { score: number; publish: number; store: number };
}

const PUBLISH_CHUNK = 1000;
const POLICY_WATCH_MS = 1000;

export class ScoringEngine {
  readonly filings = new FilingBook();
  readonly scores = new ScoreBook();
  private readonly pending = new Map<string, DirtyMark>();
  private readonly yearFp = new Map<number, string>();
  private readonly runner: DebouncedRunner;
  private readonly loaded: Promise<void>;
  private resolveLoaded!: () => void;
  private policyTimer: NodeJS.Timeout | undefined;
  private watchedBook: PolicyBook | undefined;
  private lastRun: LastRun | undefined;
  private readonly counts = { runs: 0, cohortRecomputes: 0, published: 0, filings: 0 };
  private readonly metric: { runs: Counter; cohorts: Counter; published: Counter; filings: Counter<'result'> };

  constructor(private readonly d: EngineDeps) {
    this.loaded = new Promise((r) => (this.resolveLoaded = r));
    this.runner = new DebouncedRunner(() => this.run(), d.debounce, (err) =>
      d.logger.error({ err: (err as Error).message }, 'cohort recompute failed; retrying'),
    );
    const registers = [d.metrics];
    this.metric = {
      runs: new Counter({ name: 'techcredit_scoring_recompute_runs_total', help: 'recompute runs (each recomputes every dirty cohort)', registers }),
      cohorts: new Counter({ name: 'techcredit_scoring_cohort_recomputes_total', help: 'cohorts recomputed', registers }),
      published: new Counter({ name: 'techcredit_scoring_scores_published_total', help: 'score.computed events published', registers }),
      filings: new Counter({ name: 'techcredit_scoring_filings_total', help: 'filings applied, by whether they became current', labelNames: ['result'], registers }),
    };
  }

  /** Loads the mirrors and the pending marks (a restart recomputes what was pending), then watches the policy. */
  async load(): Promise<void> {
    const t0 = Date.now();
    const [filings, scores, marks, fps] = await Promise.all([
      this.d.store.allFilings(),
      this.d.store.allScores(),
      this.d.store.dirtyMarks(),
      this.d.store.yearPolicies(),
    ]);
    for (const f of filings) this.filings.offer(f);
    for (const s of scores) this.scores.set(s);
    for (const m of marks) this.pending.set(m._id, m);
    for (const [y, fp] of fps) this.yearFp.set(y, fp);
    this.d.logger.info({ filings: filings.length, scores: scores.length, pendingCohorts: marks.length, ms: Date.now() - t0 }, 'scoring state loaded');
    this.resolveLoaded();
    this.policyTimer = setInterval(() => {
      if (this.d.policy() !== this.watchedBook) this.runner.poke();
    }, POLICY_WATCH_MS);
    // Cohorts left pending by the previous process are recomputed at once; otherwise a first run checks the policy.
    if (this.pending.size > 0) this.runner.runNow();
    else this.runner.poke();
  }

  /** `enterprise.indicators_filed`: park until the registry knows the enterprise; store; mark cohorts dirty. */
  async onFiling(ev: Envelope): Promise<HandlerResult> {
    await this.loaded;
    const d = ev.data as IndicatorsFiled;
    if (!(await this.d.registry.enterprise(d.enterpriseId))) {
      return { outcome: 'park', reason: `UNKNOWN_ENTERPRISE: enterprise ${d.enterpriseId} is not registered` };
    }
    const rec: FilingRecord = {
      eventId: ev.id,
      enterpriseId: d.enterpriseId,
      filedAt: d.filedAt,
      filing: { year: d.year, indicators: d.indicators, flags: d.flags },
    };
    await this.d.store.insertFiling(rec);
    const offered = this.filings.offer(rec);
    const current = this.filings.get(d.enterpriseId, d.year) as FilingRecord;
    // An older filing is kept in the ledger but changes nothing. The current one is marked again on a
    // redelivery (a crash may have come between the insert and the mark).
    if (offered === 'not-current' && current.eventId !== rec.eventId) {
      this.count('superseded');
      return { outcome: 'done' };
    }
    const previous = offered === 'not-current' ? null : offered.previous;
    await this.markEnterprise(d.enterpriseId, d.year, [current, previous]);
    this.count('current');
    return { outcome: 'done' };
  }

  /**
   * After a registry event: a new `establishedOn` can move an enterprise between stages and a LITTLE_GIANT
   * grant changes its bonus, so the cohorts of each year it filed for are marked dirty.
   */
  async onRegistryEvent(ev: Envelope): Promise<void> {
    await this.loaded;
    const relevant =
      ev.type === 'enterprise.registered' || (ev.type === 'enterprise.designation_granted' && (ev.data as { code: string }).code === 'LITTLE_GIANT');
    if (!relevant) return;
    const enterpriseId = (ev.data as { enterpriseId: string }).enterpriseId;
    for (const year of this.filings.yearsOf(enterpriseId)) {
      await this.markEnterprise(enterpriseId, year, [this.filings.get(enterpriseId, year) ?? null]);
    }
  }

  /** Marks the cohorts an enterprise's score for `year` depends on: the stages of the given filings and of its stored score. */
  private async markEnterprise(enterpriseId: string, year: number, filings: (FilingRecord | null)[]): Promise<void> {
    const stages = new Set<Stage>();
    for (const f of filings) {
      const s = f && (await this.stageOf(f));
      if (s) stages.add(s);
    }
    const stored = this.scores.get(enterpriseId, year);
    if (stored) stages.add(stored.data.stage);
    await this.markDirty([...stages].map((stage) => ({ year, stage })));
  }

  private async stageOf(f: FilingRecord): Promise<Stage | null> {
    const rules = this.d.policy().at('scoringRules', endOfYear(f.filing.year));
    const e = await this.d.registry.enterprise(f.enterpriseId);
    if (!rules || !e) return null;
    return stageOf(e.establishedOn, f.filing.year, f.filing.indicators.revenue, rules);
  }

  /** Durable marks first (only for cohorts not already pending), then a poke of the scheduler. */
  private async markDirty(cohorts: { year: number; stage: Stage }[]): Promise<void> {
    const writes: Promise<void>[] = [];
    for (const { year, stage } of cohorts) {
      const key = cohortKey(year, stage);
      if (this.pending.has(key)) continue;
      const m: DirtyMark = { _id: key, year, stage, gen: randomUUID(), markedAt: new Date() };
      this.pending.set(key, m);
      writes.push(this.d.store.mark(m));
    }
    if (writes.length === 0) return;
    await Promise.all(writes);
    this.runner.poke();
  }

  /** Marks every cohort of a filing year whose policy (weights, rules on Dec 31) changed since it was last marked. */
  private async checkPolicy(): Promise<void> {
    const book = this.d.policy();
    this.watchedBook = book;
    for (const year of this.filings.years()) {
      const fp = policyFingerprint(book, year);
      if (this.yearFp.get(year) === fp) continue;
      await this.markDirty(STAGES.map((stage) => ({ year, stage })));
      await this.d.store.saveYearPolicy(year, fp);
      this.yearFp.set(year, fp);
    }
  }

  /** One scheduler run: recompute every pending cohort. On failure the marks go back to pending. */
  private async run(): Promise<void> {
    await this.loaded;
    await this.checkPolicy();
    if (this.pending.size === 0) return;
    const batch = [...this.pending.values()];
    this.pending.clear();
    try {
      await this.recompute(batch);
    } catch (err) {
      for (const m of batch) if (!this.pending.has(m._id)) this.pending.set(m._id, m);
      throw err;
    }
  }

  private async recompute(batch: DirtyMark[]): Promise<void> {
    const t0 = Date.now();
    const dirty = new Map<number, Set<Stage>>();
    for (const m of batch) dirty.set(m.year, (dirty.get(m.year) ?? new Set<Stage>()).add(m.stage));
    const computedAt = new Date().toISOString();
    const outcomes = await recomputeCohorts(dirty, {
      filings: this.filings,
      scores: this.scores,
      registry: this.d.registry,
      book: this.d.policy(),
      computedAt,
      onNoPolicy: (year) => this.d.logger.warn({ year }, 'no scoring policy in force on Dec 31 of this year: its filings stay unscored'),
    });
    const members = outcomes.reduce((n, o) => n + o.members, 0);

    const tScored = Date.now();
    // 1. publish the changed scores (before storing them: see the class comment)
    const envelopes = outcomes.flatMap((o) =>
      o.changed.map((s) => ({ def: scoreComputed, envelope: this.d.bus.envelope(scoreComputed, s.data, { id: s.eventId, occurredAt: computedAt }) })),
    );
    for (let i = 0; i < envelopes.length; i += PUBLISH_CHUNK) await this.d.bus.publishEnvelopes(envelopes.slice(i, i + PUBLISH_CHUNK));
    const tPublished = Date.now();
    // 2. store them, then update the mirror
    for (const o of outcomes) {
      await this.d.store.writeCohortScores(o.year, o.stage, o.all, o.changed);
      for (const s of o.changed) this.scores.set(s);
    }
    // 3. clear the marks not marked again meanwhile
    for (const m of batch) await this.d.store.clear(m._id, m.gen);

    this.counts.runs++;
    this.counts.cohortRecomputes += outcomes.length;
    this.counts.published += envelopes.length;
    this.metric.runs.inc();
    this.metric.cohorts.inc(outcomes.length);
    this.metric.published.inc(envelopes.length);
    const t1 = Date.now();
    this.lastRun = {
      at: computedAt,
      cohorts: outcomes.map((o) => cohortKey(o.year, o.stage)),
      members,
      published: envelopes.length,
      ms: t1 - t0,
      phases: { score: tScored - t0, publish: tPublished - tScored, store: t1 - tPublished },
    };
    this.d.logger.info(this.lastRun, 'cohorts recomputed');
  }

  private count(result: 'current' | 'superseded'): void {
    this.counts.filings++;
    this.metric.filings.inc({ result });
  }

  /** Counters and state for `GET /v1/scoring/status` (tests and the bench watch it). */
  status() {
    return {
      filings: this.filings.size,
      scores: this.scores.size,
      pendingCohorts: this.pending.size,
      // nothing marked dirty and no recompute running (a timer may still be set, with nothing to do)
      idle: this.pending.size === 0 && !this.runner.runningNow,
      filingsApplied: this.counts.filings,
      recomputeRuns: this.counts.runs,
      cohortRecomputes: this.counts.cohortRecomputes,
      scoresPublished: this.counts.published,
      lastRun: this.lastRun ?? null,
    };
  }

  async stop(): Promise<void> {
    if (this.policyTimer) clearInterval(this.policyTimer);
    await this.runner.stop();
  }
}

/** Fingerprint of the scoring policy (weights and rules, null when none) in force on Dec 31 of `year`. */
export function policyFingerprint(book: PolicyBook, year: number): string {
  const eoy = endOfYear(year);
  const value = { w: book.at('scoringWeights', eoy) ?? null, r: book.at('scoringRules', eoy) ?? null };
  return createHash('sha256').update(JSON.stringify(value)).digest('hex').slice(0, 32);
}
