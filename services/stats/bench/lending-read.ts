/**
 * Measures the stats read path at full scale (DOMAIN.md §8 scenario, scale 1 by default: ≈9,600
 * enterprises, 10,650 loans, 22,900 loan events): ingestion through Kafka, then the time of
 * the read API (every statistics read loads the registry and the ledger from the database and folds them).
 *
 *   npx tsx services/stats/bench/lending-read.ts [scale]
 *
 * Needs Kafka and the database running (npm run infra -- up). Prints figures; drops its databases.
 */
import { randomUUID } from 'node:crypto';
import {
  BankRegisteredEvent,
  DesignationGrantedEvent,
  EnterpriseRegisteredEvent,
  loanDisbursed,
  loanRepaid,
  loanWrittenOff,
  pledgeRegistered,
  totalLoansPosted,
  type EventDef,
} from '@techcredit/contracts';
import { generateScenario, type LoanEventRecord } from '@techcredit/scenario';
import { startPlatform, testNamespace, waitUntil } from '@techcredit/testkit';
import { eventCount, publishAll, testBus, type Item } from '../src/int-helpers';

const say = (msg: string) => process.stdout.write(`${msg}\n`);
const LOAN_DEFS: Record<LoanEventRecord['type'], EventDef> = {
  'loan.disbursed': loanDisbursed,
  'loan.repaid': loanRepaid,
  'loan.written_off': loanWrittenOff,
  'pledge.registered': pledgeRegistered,
};

async function timed<T>(f: () => Promise<T>): Promise<[T, number]> {
  const t = performance.now();
  const v = await f();
  return [v, Math.round(performance.now() - t)];
}

async function main(): Promise<void> {
  const scale = Number(process.argv[2] ?? 1);
  const scenario = generateScenario({ seed: 7, scale });
  const admin = (def: EventDef, data: unknown): Item => ({ def, data, id: randomUUID(), occurredAt: '2022-01-01T09:00:00+08:00', source: 'bench:admin' });
  const bankOf = new Map<string, string>();
  for (const e of scenario.loanEvents) if (e.type === 'loan.disbursed') bankOf.set(e.data.loanId, e.data.bankId);
  const registry = [
    ...scenario.banks.map((b) => admin(BankRegisteredEvent, b)),
    ...scenario.enterprises.map((e) => admin(EnterpriseRegisteredEvent, e)),
    ...scenario.designationGrants.map((g) => admin(DesignationGrantedEvent, g)),
    ...scenario.totalLoans.map((t) => admin(totalLoansPosted, { ...t, region: '65' })),
  ];
  const loans: Item[] = scenario.loanEvents.map((e) => ({ def: LOAN_DEFS[e.type], data: e.data, id: e.id, occurredAt: e.occurredAt, source: `bank:${bankOf.get(e.data.loanId)}` }));
  say(`scale ${scale}: ${scenario.enterprises.length} enterprises, ${registry.length} registry events, ${loans.length} loan events`);

  const namespace = testNamespace('stats-bench');
  const platform = await startPlatform({ namespace, services: ['stats'], gateway: false });
  const svc = platform.services.get('stats')!;
  const bus = testBus(namespace);
  try {
    // The registry first (as in operation: banks and enterprises exist before their loans), then the loans.
    const rate = (n: number, ms: number) => `${n} events in ${ms} ms (${Math.round((n * 1000) / ms)} events/s)`;
    let t0 = performance.now();
    await publishAll(bus, registry);
    await waitUntil('registry applied', async () => (await eventCount(svc.url, 'stats.registry', 'done')) >= registry.length, { timeoutMs: 60 * 60_000, intervalMs: 1000 });
    say(`registry ingested: ${rate(registry.length, Math.round(performance.now() - t0))}`);
    t0 = performance.now();
    await publishAll(bus, loans);
    await waitUntil('loans applied', async () => (await eventCount(svc.url, 'stats.loans', 'done')) >= loans.length, { timeoutMs: 60 * 60_000, intervalMs: 1000 });
    say(`loan events ingested: ${rate(loans.length, Math.round(performance.now() - t0))}`);

    const read = async (path: string): Promise<[Record<string, unknown>, number]> =>
      timed(async () => (await (await fetch(`${svc.url}${path}`)).json()) as Record<string, unknown>);
    for (let round = 1; round <= 3; round++) {
      const [total, totalMs] = await read('/v1/stats/lending?asOf=2024-12-31');
      const [, prefMs] = await read('/v1/stats/lending?asOf=2024-12-31&region=6501');
      const [, desMs] = await read('/v1/stats/lending?asOf=2024-12-31&groupBy=designation');
      const [, bankMs] = await read('/v1/stats/lending?asOf=2024-12-31&groupBy=bank');
      const [bench, benchMs] = await read('/v1/stats/benchmark?asOf=2024-12-31');
      const [, loanMs] = await read(`/v1/loans/${scenario.loanEvents[0]!.data.loanId}`);
      const diff = differences((total as { stats: unknown }).stats, JSON.parse(JSON.stringify(scenario.expected.stats)));
      say(`round ${round}: lending ${totalMs} ms, region=6501 ${prefMs} ms, groupBy=designation ${desMs} ms, groupBy=bank ${bankMs} ms, benchmark ${benchMs} ms (${String(bench.agreeing)}/${String(bench.total)} agree), one loan ${loanMs} ms; differences from expected: ${diff.length ? diff.join(', ') : 'none'}`);
    }
  } finally {
    await bus.disconnect();
    await svc.ctx.db.dropDatabase().catch(() => undefined);
    await platform.stop();
  }
}

/** Paths where two JSON values differ (key order ignored). */
function differences(a: unknown, b: unknown, path = '$'): string[] {
  if (a && b && typeof a === 'object' && typeof b === 'object') {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    return [...keys].flatMap((k) => differences((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], `${path}.${k}`));
  }
  return a === b ? [] : [`${path}: ${JSON.stringify(a)} ≠ ${JSON.stringify(b)}`];
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    process.stderr.write(`${(err as Error).stack ?? String(err)}\n`);
    process.exit(1);
  },
);
