/**
 * `npm run bench:scoring [-- --service 10000 --cohorts 10000,100000]`: the innovation-points score (DOMAIN.md §2).
 *  (a) pure domain: the time of a full cohort recompute (`scoreCohort`) for 10,000 and 100,000 members, and of one
 *      score what-if (DOMAIN.md §14: one member against the same cohort, with its 18 candidate next steps);
 *  (b) through the scoring service (in this process, real Kafka + FerretDB, a fresh namespace): N
 *      registrations, then N filings published at once; filings/s from the first filing published until
 *      every score is stored and nothing is pending, with the recompute counters of the debounced scheduler.
 * `--service 0` skips (b). Prints figures; asserts nothing.
 */
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { Bus } from '@techcredit/bus';
import { EnterpriseRegisteredEvent, INDICATOR_KEYS, indicatorsFiled, type EventDef, type Indicators } from '@techcredit/contracts';
import { createLogger } from '@techcredit/log';
import { policyBook } from '@techcredit/policy';
import { makeUscc } from '@techcredit/reference';
import { startService } from '@techcredit/service';
import { scoreCohort, whatIf, type CohortMember } from '../services/scoring/src/domain';
import { service as scoringService } from '../services/scoring/src/main';
import { up } from '../deploy/local/infra';

const { values: args } = parseArgs({ options: { service: { type: 'string', default: '10000' }, cohorts: { type: 'string', default: '10000,100000' } } });

/** Deterministic pseudo-random integers (32-bit LCG), so every run scores the same data. */
function lcg(seed: number): (max: number) => number {
  let s = seed >>> 0;
  return (max) => {
    s = (Math.imul(s, 1_664_525) + 1_013_904_223) >>> 0;
    return s % max;
  };
}

function indicators(rnd: (max: number) => number, revenue: number): Indicators {
  const x = Object.fromEntries(INDICATOR_KEYS.map((k) => [k, rnd(1000)])) as Indicators;
  return { ...x, rdExpense: rnd(50_000_000_000), revenue, revenueGrowth: rnd(20_000) - 10_000, roe: rnd(6000) - 3000, sciStaffRatio: rnd(10_001), postgradRatio: rnd(10_001) };
}

const noFlags = { seriousDishonesty: false, majorViolation: false, ipInfringement: false, nationalAward: false, nationalPlatform: false, standardsLed: 0 };

function cohortOf(n: number): CohortMember[] {
  const rnd = lcg(n);
  return Array.from({ length: n }, (_, i) => ({
    enterpriseId: `E${String(i).padStart(8, '0')}`,
    year: 2024,
    stage: 'growth',
    indicators: indicators(rnd, rnd(20_000_000_000)),
    flags: { ...noFlags, seriousDishonesty: rnd(200) === 0, standardsLed: rnd(3) },
    littleGiantOnDec31: rnd(20) === 0,
  }));
}

/** Median of 3 runs of `f`, ms. */
function median3(f: () => unknown): number {
  const times: number[] = [];
  for (let i = 0; i < 3; i++) {
    const t0 = process.hrtime.bigint();
    f();
    times.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  return times.sort((a, b) => a - b)[1] as number;
}

function pureCohort(n: number): { ms: number; whatIfMs: number } {
  const members = cohortOf(n);
  const weights = policyBook.require('scoringWeights', '2024-12-31');
  const rules = policyBook.require('scoringRules', '2024-12-31');
  scoreCohort(members.slice(0, 1000), weights, rules); // warm-up
  const ms = median3(() => scoreCohort(members, weights, rules));
  const me = members.find((m) => !m.flags.seriousDishonesty)!;
  const input = {
    enterpriseId: me.enterpriseId,
    establishedOn: '2015-05-05', // growth: age 9 at the end of 2024, revenue below 2亿元
    littleGiantOnDec31: me.littleGiantOnDec31,
    filing: { year: 2024, indicators: me.indicators, flags: me.flags },
    changes: { rdExpense: me.indicators.rdExpense + 1_000_000 },
    others: members,
    weights,
    rules,
  };
  whatIf({ ...input, others: members.slice(0, 1000) }); // warm-up
  return { ms, whatIfMs: median3(() => whatIf(input)) };
}

async function publishAll(bus: Bus, def: EventDef, items: unknown[]): Promise<void> {
  for (let i = 0; i < items.length; i += 1000) {
    await bus.publishEnvelopes(items.slice(i, i + 1000).map((data) => ({ def, envelope: bus.envelope(def, data, { source: 'bench' }) })));
  }
}

async function registryApplied(url: string): Promise<number> {
  const text = await (await fetch(`${url}/metrics`)).text();
  const line = text.split('\n').find((l) => l.startsWith('techcredit_events_total{') && l.includes('group="scoring.registry"') && l.includes('outcome="done"'));
  return line ? Number(line.slice(line.lastIndexOf(' ') + 1)) : 0;
}

type Status = { filings: number; scores: number; idle: boolean; filingsApplied: number; recomputeRuns: number; cohortRecomputes: number; scoresPublished: number; lastRun: { ms: number; members: number; published: number; phases: { score: number; publish: number; store: number } } | null };

async function untilTrue(what: string, probe: () => Promise<boolean>, timeoutMs = 10 * 60_000): Promise<void> {
  const t0 = Date.now();
  while (!(await probe())) {
    if (Date.now() - t0 > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function throughService(n: number): Promise<Record<string, string | number>> {
  const ep = await up();
  const namespace = `bench-scoring-${Date.now().toString(36)}-${randomBytes(2).toString('hex')}`;
  const svc = await startService(scoringService, {
    KAFKA_BROKERS: ep.kafkaBrokers.join(','),
    MONGO_URL: ep.mongoUrl,
    ...(ep.postgresUrl ? { FERRETDB_POSTGRES_URL: ep.postgresUrl } : {}),
    TECHCREDIT_NAMESPACE: namespace,
    LOG_LEVEL: 'error',
    HTTP_PORT: '0',
    // The scheduler's quiet period and maximum delay can be varied from the environment.
    SCORING_QUIET_MS: process.env.SCORING_QUIET_MS,
    SCORING_MAX_DELAY_MS: process.env.SCORING_MAX_DELAY_MS,
  });
  const bus = new Bus({ brokers: ep.kafkaBrokers, clientId: 'bench-scoring', namespace, logger: createLogger('bench-scoring', 'error') });
  try {
    const rnd = lcg(2024);
    const ids = Array.from({ length: n }, (_, i) => makeUscc(700_000 + i));
    // Stages: ~15% established 2023 (startup), the others 2010 with revenue ≥ 2亿元 for ~20% (stable).
    const registrations = ids.map((enterpriseId, i) => ({
      enterpriseId, name: `企业${i}`, prefecture: '6501', zone: null, cluster: null, establishedOn: rnd(100) < 15 ? '2023-03-01' : '2010-03-01',
    }));
    await publishAll(bus, EnterpriseRegisteredEvent, registrations);
    await untilTrue('registrations applied', async () => (await registryApplied(svc.url)) >= n);
    const filings = ids.map((enterpriseId) => ({
      enterpriseId,
      filedAt: '2025-03-01T10:00:00+08:00',
      year: 2024,
      indicators: indicators(rnd, rnd(100) < 20 ? 20_000_000_000 + rnd(1e9) : rnd(19_000_000_000)),
      flags: { ...noFlags, seriousDishonesty: rnd(200) === 0, standardsLed: rnd(3) },
    }));
    const status = async () => (await (await fetch(`${svc.url}/v1/scoring/status`)).json()) as Status;
    const t0 = Date.now();
    await publishAll(bus, indicatorsFiled, filings);
    const tPublished = Date.now();
    let tApplied = 0;
    let last!: Status;
    await untilTrue('every score stored', async () => {
      last = await status();
      if (!tApplied && last.filingsApplied >= n) tApplied = Date.now();
      return last.filingsApplied >= n && last.scores >= n && last.idle;
    });
    const s = (Date.now() - t0) / 1000;
    return {
      enterprises: n,
      'publish (s)': ((tPublished - t0) / 1000).toFixed(1),
      'filings applied (s)': ((tApplied - t0) / 1000).toFixed(1),
      'all scores stored (s)': s.toFixed(1),
      'filings/s': Math.round(n / s),
      'recompute runs': last.recomputeRuns,
      'cohort recomputes': last.cohortRecomputes,
      'score.computed published': last.scoresPublished,
      'last run: members, published': `${last.lastRun?.members ?? '-'}, ${last.lastRun?.published ?? '-'}`,
      'last run: score + publish + store': last.lastRun ? `${last.lastRun.phases.score} + ${last.lastRun.phases.publish} + ${last.lastRun.phases.store} = ${last.lastRun.ms} ms` : '-',
    };
  } finally {
    await bus.disconnect();
    await svc.ctx.db.dropDatabase().catch(() => undefined);
    await svc.stop();
  }
}

async function main(): Promise<void> {
  console.log('bench:scoring — DOMAIN.md §2 innovation-points score');
  console.log('');
  console.log('(a) pure domain, median of 3: one full cohort recompute (scoreCohort, 18 exact percentiles + totals + breakdown);');
  console.log('    one score what-if (one member against the cohort: current, what-if and its 18 candidate next steps)');
  console.log('| members | scoreCohort | what-if |');
  console.log('|---|---|---|');
  for (const n of (args.cohorts as string).split(',').map(Number)) {
    const r = pureCohort(n);
    console.log(`| ${n.toLocaleString('en')} | ${r.ms.toFixed(0)} ms | ${r.whatIfMs.toFixed(0)} ms |`);
  }
  const n = Number(args.service);
  if (n === 0) process.exit(0);
  console.log('');
  console.log(`(b) through the scoring service (Kafka + FerretDB, in-process): ${n.toLocaleString('en')} enterprises registered, then one filing each`);
  const r = await throughService(n);
  console.log('| figure | value |');
  console.log('|---|---|');
  for (const [k, v] of Object.entries(r)) console.log(`| ${k} | ${v} |`);
  process.exit(0);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
