/**
 * Statistics as incremental aggregates over a changelog, partition-affine like a Kafka Streams state store
 * (docs/decisions/0009).
 *
 * 1. Every event the stats service stores (a loan event, an enterprise registration or designation) is
 *    followed by a change note keyed by enterpriseId on `stats.enterprise-changes`.
 * 2. The owner of a partition of that topic (one instance of the group `stats.aggregate` at a time)
 *    recomputes each noted enterprise's contribution from its own indexed state (registry entry,
 *    designations, loans), diffs it with the contribution it last committed, and commits the batch's summed
 *    delta as changelog entry `<partition>:<seq>` (insert-once) — together with the last offset it covers,
 *    so a replay skips what is already in. Per-enterprise documents keep the committed and the pending
 *    contribution (two versions), so a crash between writes never double-counts or loses a delta.
 * 3. Every instance (whoever owns what) tails the changelog into an in-memory `LendingAggregate`, so
 *    every read is answered by any instance from running totals, at a cost that does not grow with history.
 */
import pMap from 'p-map';
import { Topics } from '@techcredit/contracts';
import type { Logger } from '@techcredit/log';
import type { InsuranceView, LoanLedger, RegistryView } from '@techcredit/projections';
import type { ServiceContext } from '@techcredit/service';
import type { Collection, CollectionSpec } from '@techcredit/store';
import { isDuplicateKey, READ_BATCH, replaceEach } from '@techcredit/store';
import {
  LendingAggregate,
  classifyLoans,
  diffContributions,
  enterpriseContribution,
  fromRows,
  mergeInto,
  toRows,
  toStatsEnterprise,
  toStatsLoan,
  type Contribution,
  type ContributionRows,
  type ProductTerms,
  type StatsLoan,
} from '../domain';

export const ENTERPRISE_CHANGES_TOPIC = 'techcredit.stats.enterprise-changes.v1';
const GROUP = 'stats.aggregate';
/** Distinct enterprises recomputed per changelog entry (bounds one entry's size). */
const MAX_ENTERPRISES_PER_ENTRY = 400;
const RECOMPUTE_CONCURRENCY = 8;

interface EnterpriseStateDoc {
  _id: string;
  part: number;
  /** Changelog seq of the last write; `cur` is committed once an entry with this seq exists. */
  seq: number;
  cur: ContributionRows;
  /** The contribution committed before `seq` (used while `seq`'s entry does not exist). */
  prev: ContributionRows;
}
interface ChangelogDoc {
  _id: string;
  part: number;
  seq: number;
  /** Last topic offset this entry covers. */
  offsetTo: string;
  enterprises: number;
  delta: ContributionRows;
  at: Date;
}
interface HeadDoc {
  _id: string;
  seq: number;
  offset: string;
}

export const AGGREGATE_COLLECTIONS = {
  enterprises: { name: 'agg_enterprise_state', indexes: [{ key: { part: 1 } }, { key: { seq: 1 } }] },
  changelog: { name: 'agg_changelog', indexes: [{ key: { part: 1 } }] },
  heads: { name: 'agg_heads' },
} as const satisfies Record<string, CollectionSpec>;

const entryId = (part: number, seq: number): string => `${part}:${seq}`;

/**
 * Change notes buffered by the projections' handlers and sent in bulk: `flush` (the consumers'
 * `beforeCommit`, and a timer) makes every note added so far durable before offsets are committed, so a
 * crash replays the events and their notes are added again.
 */
function noteBuffer(send: (ids: string[]) => Promise<void>): { add(id: string): void; flush(): Promise<void> } {
  let pending = new Set<string>();
  let chain: Promise<void> = Promise.resolve();
  const flush = (): Promise<void> => {
    const ids = [...pending];
    pending = new Set();
    chain = chain.then(async () => {
      for (let i = 0; i < ids.length; i += 1000) await send(ids.slice(i, i + 1000));
    });
    // A failed send puts its notes back, so the next flush (or the retried batch) sends them again.
    const mine = chain.catch((err: unknown) => {
      for (const id of ids) pending.add(id);
      chain = Promise.resolve();
      throw err;
    });
    return mine;
  };
  return { add: (id) => void pending.add(id), flush };
}

export interface StatsAggregates {
  /** The aggregate as of the changelog entries applied so far (waits for the first load). */
  current(): Promise<LendingAggregate>;
  /** Buffers a change note for an enterprise (after its new state is durable). */
  noteChange(enterpriseId: string): void;
  /** Sends every buffered note (the projections' `beforeCommit`). */
  flushNotes(): Promise<void>;
  /**
   * How far this instance's answers are behind what is stored: change notes not yet folded into the
   * changelog (the group's lag) and changelog entries committed but not yet applied here. 0/0 = current.
   */
  lag(): Promise<{ notes: number; entries: number }>;
  stop(): void;
}

export async function statsAggregates(
  ctx: ServiceContext,
  deps: {
    registry: RegistryView;
    ledger: LoanLedger;
    /** §11: the enterprise's investments, the link window by disbursement date, the product terms. */
    insurance: Pick<InsuranceView, 'investmentsOf'>;
    linkWindowAt: (date: string) => number | undefined;
    termsOf: (productIds: readonly string[]) => Promise<Map<string, ProductTerms>>;
  },
  opts: { pollMs?: number } = {},
): Promise<StatsAggregates> {
  const [States, Changelog, Heads] = (await Promise.all([
    ctx.collection<EnterpriseStateDoc>(AGGREGATE_COLLECTIONS.enterprises),
    ctx.collection<ChangelogDoc>(AGGREGATE_COLLECTIONS.changelog),
    ctx.collection<HeadDoc>(AGGREGATE_COLLECTIONS.heads),
  ])) as [Collection<EnterpriseStateDoc>, Collection<ChangelogDoc>, Collection<HeadDoc>];
  const log: Logger = ctx.logger.child({ component: 'aggregates' });
  await ctx.bus.ensureTopics([ENTERPRISE_CHANGES_TOPIC]);

  // ---- owner: partitions of the change topic, one instance each ----
  const contributionOf = async (enterpriseId: string): Promise<Contribution> => {
    const [e, folds, investments] = await Promise.all([deps.registry.enterprise(enterpriseId), deps.ledger.loansOf(enterpriseId), deps.insurance.investmentsOf(enterpriseId)]);
    if (!e) return new Map();
    const loans: StatsLoan[] = [];
    for (const f of folds.values()) if (f.loan) loans.push(toStatsLoan(f.loan));
    const terms = await deps.termsOf(loans.flatMap((l) => (l.productId === undefined ? [] : [l.productId])));
    const classified = classifyLoans(loans, { investments, windowAt: deps.linkWindowAt, productOf: (id) => terms.get(id) });
    return enterpriseContribution(toStatsEnterprise(e), classified);
  };

  /** The last committed entry of a partition, after undoing a crashed attempt's stray writes. */
  const recover = async (part: number): Promise<{ seq: number; offset: string }> => {
    const head = await Heads.findOne({ _id: String(part) });
    let seq = head?.seq ?? 0;
    let offset = head?.offset ?? '-1';
    for (;;) {
      const next = await Changelog.findOne({ _id: entryId(part, seq + 1) });
      if (!next) break;
      seq = next.seq;
      offset = next.offsetTo;
    }
    const strays = await States.find({ part, seq: seq + 1 }).batchSize(READ_BATCH).toArray();
    for (const s of strays) await States.updateOne({ _id: s._id }, { $set: { seq, cur: s.prev } });
    if (strays.length) log.warn({ part, seq, strays: strays.length }, 'undid the writes of an uncommitted changelog entry');
    return { seq, offset };
  };

  const commitEntry = async (part: number, base: { seq: number }, enterpriseIds: readonly string[], offsetTo: string): Promise<number> => {
    const seq = base.seq + 1;
    const delta: Contribution = new Map();
    const writes: EnterpriseStateDoc[] = [];
    await pMap(enterpriseIds, async (id) => {
      const doc = await States.findOne({ _id: id });
      const committed = fromRows(doc ? (doc.seq <= base.seq ? doc.cur : doc.prev) : undefined);
      const next = await contributionOf(id);
      const d = diffContributions(committed, next);
      if (d.size === 0) return;
      mergeInto(delta, d);
      writes.push({ _id: id, part, seq, cur: toRows(next), prev: toRows(committed) });
    }, { concurrency: RECOMPUTE_CONCURRENCY });
    if (writes.length === 0) {
      await Heads.updateOne({ _id: String(part) }, { $set: { seq: base.seq, offset: offsetTo } }, { upsert: true });
      return base.seq;
    }
    await replaceEach(States, writes, RECOMPUTE_CONCURRENCY);
    try {
      await Changelog.insertOne({ _id: entryId(part, seq), part, seq, offsetTo, enterprises: writes.length, delta: toRows(delta), at: new Date() });
    } catch (err) {
      // Another owner committed this seq first (a rebalance): give up the batch; it is replayed from the new head.
      if (isDuplicateKey(err)) throw new Error(`changelog ${entryId(part, seq)} was committed by another owner`);
      throw err;
    }
    await Heads.updateOne({ _id: String(part) }, { $set: { seq, offset: offsetTo } }, { upsert: true });
    return seq;
  };

  ctx.consumeBatches({
    groupId: GROUP,
    topics: [ENTERPRISE_CHANGES_TOPIC],
    handleBatch: async ({ partition, messages, heartbeat }) => {
      const base = await recover(partition);
      const fresh = messages.filter((m) => BigInt(m.offset) > BigInt(base.offset));
      let chunk = new Set<string>();
      let seq = base.seq;
      for (let i = 0; i < fresh.length; i++) {
        const m = fresh[i]!;
        if (m.key) chunk.add(m.key);
        if (chunk.size >= MAX_ENTERPRISES_PER_ENTRY || i === fresh.length - 1) {
          const t0 = Date.now();
          seq = await commitEntry(partition, { seq }, [...chunk], m.offset);
          log.debug({ partition, seq, enterprises: chunk.size, ms: Date.now() - t0 }, 'changelog entry committed');
          chunk = new Set();
          await heartbeat();
        }
      }
    },
  });

  // ---- change notes: buffered by the handlers, sent before offsets are committed ----
  const notes = noteBuffer((ids) =>
    ctx.bus.publishRaw(ENTERPRISE_CHANGES_TOPIC, ids.map((enterpriseId) => ({ key: enterpriseId, value: JSON.stringify({ enterpriseId }) }))),
  );
  const noteTimer = setInterval(() => void notes.flush().catch((err: unknown) => log.warn({ err: (err as Error).message }, 'change notes not sent yet')), 200);
  noteTimer.unref();

  // ---- reader: every instance tails the whole changelog ----
  const aggregate = new LendingAggregate();
  const applied = new Map<number, number>();
  const applyEntry = (e: ChangelogDoc): void => {
    aggregate.apply(fromRows(e.delta));
    applied.set(e.part, e.seq);
  };
  const loaded = (async () => {
    const t0 = Date.now();
    const all = await Changelog.find({}).batchSize(READ_BATCH).toArray();
    all.sort((a, b) => a.part - b.part || a.seq - b.seq);
    for (const e of all) if (e.seq === (applied.get(e.part) ?? 0) + 1) applyEntry(e);
    log.info({ entries: all.length, ms: Date.now() - t0, ...aggregate.size() }, 'statistics aggregate loaded from the changelog');
  })();
  let polling = false;
  let stopped = false;
  const poll = async (): Promise<void> => {
    if (polling || stopped) return;
    polling = true;
    try {
      await loaded;
      for (const h of await Heads.find({}).batchSize(READ_BATCH).toArray()) {
        const part = Number(h._id);
        for (let s = (applied.get(part) ?? 0) + 1; s <= h.seq; s++) {
          const e = await Changelog.findOne({ _id: entryId(part, s) });
          if (!e) break;
          applyEntry(e);
        }
      }
    } catch (err) {
      if (!stopped) log.warn({ err: (err as Error).message }, 'changelog poll failed');
    } finally {
      polling = false;
    }
  };
  const timer = setInterval(() => void poll(), opts.pollMs ?? 150);
  timer.unref();

  return {
    async current() {
      await loaded;
      return aggregate;
    },
    noteChange: (enterpriseId) => notes.add(enterpriseId),
    flushNotes: () => notes.flush(),
    async lag() {
      await poll();
      // Events not yet stored by the projections will note changes too: they count as pending notes.
      const [notes, loans, registry, heads] = await Promise.all([
        ctx.bus.groupLag(GROUP, ENTERPRISE_CHANGES_TOPIC),
        ctx.bus.groupLag(`${ctx.name}.loans`, Topics.loan),
        ctx.bus.groupLag(`${ctx.name}.registry`, Topics.registry),
        Heads.find({}).batchSize(READ_BATCH).toArray(),
        ctx.bus.groupLag(`${ctx.name}.insurance`, Topics.insurance),
      ]).then(([n, l, r, h, i]) => [n + i, l, r, h] as const);
      let entries = 0;
      for (const h of heads) entries += Math.max(0, h.seq - (applied.get(Number(h._id)) ?? 0));
      return { notes: notes + loans + registry, entries };
    },
    stop: () => {
      stopped = true;
      clearInterval(timer);
      clearInterval(noteTimer);
    },
  };
}
