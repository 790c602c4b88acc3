/**
 * `npm run chaos -- --seed N --cycles C [--faults kill,term,broker,db,pause,duplicate,reorder,poison,skew]
 *  [--scale 0.02] [--batch 25] [--port-base 9800] [--timeout 240]`: seeded fault injection (issue 13).
 *
 * Starts the local infrastructure (deploy/local: it stops and starts the broker and the database, so never
 * on shared infrastructure) and all eight services as processes, posts the scenario's registry, products
 * and filings, then drives its loan events cycle by cycle — through the gateway and straight to Kafka — and
 * injects one seeded fault per cycle (C cycles of each kind). After each cycle it waits for quiescence and
 * checks the generator's exact expectations (scripts/lib/chaos/checks.ts). Prints a table per fault kind,
 * exits 1 on any loss, double count or broken check, with the command that replays the seed.
 */
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Bus } from '@techcredit/bus';
import { Topics, loanRepaid } from '@techcredit/contracts';
import { createLogger } from '@techcredit/log';
import { computeExpected, generateScenario, type LoanEventRecord, type Scenario } from '@techcredit/scenario';
import { keyFigures } from '@techcredit/testkit';
import { externalEndpoints, up } from '../deploy/local/infra';
import { Checker } from './lib/chaos/checks';
import { injectFault } from './lib/chaos/faults';
import { describeFault, parseFaults, planCycles, replayCommand } from './lib/chaos/plan';
import { poisonMessages, type PoisonMessage } from './lib/chaos/poison';
import { renderTable, runFailed, summarise, type CycleResult } from './lib/chaos/report';
import { postScenario } from './lib/post-scenario';
import { repoRoot, startProcesses, type ProcessPlatform } from './lib/processes';

const { values } = parseArgs({
  options: {
    seed: { type: 'string', default: '1' },
    cycles: { type: 'string', default: '1' },
    faults: { type: 'string' },
    scale: { type: 'string', default: '0.02' },
    batch: { type: 'string', default: '25' },
    'port-base': { type: 'string', default: '9800' },
    timeout: { type: 'string', default: '240' },
  },
});
const log = (m: string) => console.log(m);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const seed = Number(values.seed);
const cycles = Number(values.cycles);
const faults = parseFaults(values.faults);
const scale = Number(values.scale);
const batch = Number(values.batch);
const portBase = Number(values['port-base']);
const timeoutMs = Number(values.timeout) * 1000;
const replay = replayCommand({ seed, cycles, faults, scale, batch, portBase });

function chunk<T>(items: readonly T[], parts: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < parts; i++) out.push(items.slice(Math.floor((i * items.length) / parts), Math.floor(((i + 1) * items.length) / parts)));
  return out.filter((c) => c.length > 0);
}

interface Driver {
  scenario: Scenario;
  platform: ProcessPlatform;
  brokers: string[];
  bankOfLoan: Map<string, string>;
}

/**
 * Sends loan events as their banks would (every 4th bank through `POST /v1/loan-events`, the others with
 * the bank producer straight to Kafka; `kafkaOnly` for re-sends and out-of-order sends), until they are
 * acknowledged: a send that fails (a service, the broker or the database away) is sent again with the
 * same event ids, which the platform applies once.
 */
async function send(d: Driver, events: readonly LoanEventRecord[], deadline: number, kafkaOnly = false): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await postScenario(
        { ...d.scenario, loanEvents: [...events] },
        {
          gatewayUrl: d.platform.gatewayUrl,
          token: d.platform.token,
          loansVia: 'kafka',
          kafka: { brokers: d.brokers, namespace: d.platform.namespace },
          gatewayEvery: kafkaOnly ? 0 : 4,
          parts: { registry: false, products: false, filings: false, loans: true },
          bankOfLoan: d.bankOfLoan,
          batchSize: Math.max(1, events.length),
        },
      );
      return;
    } catch (err) {
      if (Date.now() > deadline) throw new Error(`not acknowledged before the cycle's deadline: ${(err as Error).message}`);
      if (attempt === 1 || attempt % 10 === 0) log(`    send of ${events.length} event(s) not acknowledged (${(err as Error).message.slice(0, 120)}); sending again`);
      await sleep(2000);
    }
  }
}

const isLater = (e: LoanEventRecord) => e.type !== 'loan.disbursed';

async function main(): Promise<void> {
  if (externalEndpoints()) {
    throw new Error('npm run chaos stops and starts the broker and the database: run it on its own deploy/local infrastructure (unset KAFKA_BROKERS and MONGO_URL; set KAFKA_PORT, MONGO_PORT, PG_PORT, TECHCREDIT_RUNTIME_DIR)');
  }
  const t0 = Date.now();
  log(`TechCredit chaos — seed ${seed}, ${cycles} cycle(s) of each of ${faults.join(', ')}, scale ${scale}`);
  const ep = await up();
  const namespace = `chaos-${seed}-${Date.now().toString(36)}`;
  const logDir = join(process.env.TECHCREDIT_RUNTIME_DIR ?? join(repoRoot, '.runtime'), 'logs', namespace);
  log(`services (namespace ${namespace}, ports ${portBase}–${portBase + 7}, logs in ${logDir})`);
  const platform = await startProcesses({ kafkaBrokers: ep.kafkaBrokers.join(','), mongoUrl: ep.mongoUrl, postgresUrl: ep.postgresUrl, namespace, log, portBase, logDir });
  const checker = new Checker(
    { namespace, gatewayUrl: platform.gatewayUrl, ports: platform.ports, regulatorToken: () => platform.token({ role: 'regulator', region: '65', sub: 'chaos-regulator' }), asOf: '2024-12-31' },
    { brokers: ep.kafkaBrokers, mongoUrl: ep.mongoUrl },
  );
  const poisonBus = new Bus({ brokers: ep.kafkaBrokers, namespace, clientId: 'chaos-poison', logger: createLogger('chaos-poison', 'error') });
  const results: CycleResult[] = [];
  let exitCode = 0;
  try {
    const scenario = generateScenario({ seed, scale });
    const bankOfLoan = new Map<string, string>();
    for (const e of scenario.loanEvents) if (e.type === 'loan.disbursed') bankOfLoan.set(e.data.loanId, e.data.bankId);
    const d: Driver = { scenario, platform, brokers: ep.kafkaBrokers, bankOfLoan };
    log(`setup: ${scenario.enterprises.length} enterprises, ${scenario.banks.length} banks, ${scenario.products.length} products, ${scenario.filings.length} filings`);
    await postScenario(scenario, {
      gatewayUrl: platform.gatewayUrl,
      token: platform.token,
      kafka: { brokers: ep.kafkaBrokers, namespace },
      parts: { registry: true, products: true, filings: true, loans: false },
      log: () => undefined,
    });
    await checker.start();
    const groups = await checker.baseline();
    log(`setup done; ${groups.length} consumer groups on the loan topic`);

    const plan = planCycles({ seed, cycles, faults, batches: 4 });
    const slices = chunk(scenario.loanEvents, plan.length);
    if (slices.length < plan.length || slices.some((x) => x.length < 2)) throw new Error(`scale ${scale} gives ${scenario.loanEvents.length} loan events: too few for ${plan.length} cycles (raise --scale)`);
    const acked: LoanEventRecord[][] = [];
    let ackedCount = 0;
    let prefixEnd = 0;
    const poisonAll: PoisonMessage[] = [];
    const template = (() => {
      const r = scenario.loanEvents.find((e) => e.type === 'loan.repaid')!;
      return poisonBus.envelope(loanRepaid, r.data, { id: r.id, occurredAt: r.occurredAt, source: 'bank:chaos' });
    })();

    // `touch <runtime dir>/chaos.stop` ends the run after the current cycle, with the table of the cycles run so far.
    const stopFile = join(process.env.TECHCREDIT_RUNTIME_DIR ?? join(repoRoot, '.runtime'), 'chaos.stop');
    rmSync(stopFile, { force: true });
    for (const c of plan) {
      if (existsSync(stopFile)) {
        log(`${stopFile} found: stopping after ${results.length} cycle(s)`);
        break;
      }
      const slice = slices[c.index]!;
      prefixEnd += slice.length;
      const batches = chunk(slice, Math.max(2, Math.ceil(slice.length / batch)));
      const atBatch = Math.min(c.atBatch, batches.length - 2);
      const deadline = Date.now() + timeoutMs;
      log(`cycle ${c.index + 1}/${plan.length} ${c.kind} #${c.ofKind + 1}: ${describeFault(c)} at batch ${atBatch + 1}/${batches.length} (${slice.length} events)`);
      let faultAt = 0;
      let fault: Promise<void> = Promise.resolve();
      let acknowledged = 0;
      const problems: string[] = [];
      try {
        for (let b = 0; b < batches.length; b++) {
          let events = batches[b]!;
          if (b === atBatch) {
            faultAt = Date.now();
            if (c.kind === 'duplicate') {
              for (const again of acked.slice(-c.count)) await send(d, again, deadline, true);
            } else if (c.kind === 'poison') {
              const msgs = poisonMessages(c.index, template);
              poisonAll.push(...msgs);
              for (const m of msgs) await poisonBus.publishRaw(Topics.loan, [{ key: m.key, value: m.value }]);
            } else if (c.kind === 'reorder') {
              // Later events of loans disbursed from this batch on go first, straight to Kafka: they must park, then apply.
              const rest = batches.slice(b).flat();
              const loans = [...new Set(rest.filter((e) => e.type === 'loan.disbursed').map((e) => e.data.loanId))].filter((id) => rest.some((e) => isLater(e) && e.data.loanId === id)).slice(0, c.count);
              const early = rest.filter((e) => isLater(e) && loans.includes(e.data.loanId));
              if (early.length) {
                const earlyIds = new Set(early.map((e) => e.id));
                for (let k = b; k < batches.length; k++) batches[k] = batches[k]!.filter((e) => !earlyIds.has(e.id));
                events = batches[b]!;
                await send(d, early, deadline, true);
                acked.push(early);
                acknowledged += early.length;
                log(`    ${early.length} later event(s) of ${loans.length} loan(s) sent before their disbursement`);
              } else log('    no loan in this cycle has a later event: sent in order');
            } else if (c.kind === 'skew') {
              events = events.map((e) => ({ ...e, occurredAt: new Date(Date.parse(e.occurredAt) + c.skewMs).toISOString() }));
            } else {
              fault = injectFault(c, platform, log);
              fault.catch(() => undefined);
            }
          }
          if (events.length === 0) continue;
          await send(d, events, deadline);
          acked.push(events);
          acknowledged += events.length;
        }
        await fault;
      } catch (err) {
        problems.push(`driver: ${(err as Error).message}`);
        await fault.catch((e: Error) => problems.push(`fault: ${e.message}`));
      }
      ackedCount += acknowledged;
      const figures = keyFigures(computeExpected({ enterprises: scenario.enterprises, designationGrants: scenario.designationGrants, loanEvents: scenario.loanEvents.slice(0, prefixEnd), totalLoans: scenario.totalLoans }).stats);
      let outcome = await checker.check({ acknowledged: ackedCount, figures, poison: poisonAll });
      let lastNote = Date.now();
      while (!outcome.ok && Date.now() < deadline) {
        if (Date.now() - lastNote > 15_000) {
          lastNote = Date.now();
          log(`    waiting (${Math.round((Date.now() - faultAt) / 1000)} s after the fault): ${outcome.problems.slice(0, 4).join('; ')}`);
        }
        await sleep(1000);
        outcome = await checker.check({ acknowledged: ackedCount, figures, poison: poisonAll });
      }
      const result: CycleResult = {
        plan: c,
        acknowledged,
        lost: outcome.lost ?? 0,
        doubleCounted: outcome.surplus ?? 0,
        recoverMs: outcome.ok ? Date.now() - (faultAt || Date.now()) : undefined,
        problems: [...problems, ...(outcome.ok ? [] : outcome.problems)],
      };
      results.push(result);
      if (result.problems.length === 0) log(`  ok: ${acknowledged} events acknowledged, all checks hold ${((result.recoverMs ?? 0) / 1000).toFixed(1)} s after the fault`);
      else {
        log(`  FAILED: ${result.problems.slice(0, 8).join('; ')}`);
        // A cycle that never recovered leaves the platform in an unknown state: later cycles would only repeat it.
        if (outcome.problems.length > 0) break;
      }
    }
    log('');
    log(renderTable(summarise(results, faults)));
    log(`cycles run: ${results.length} of ${plan.length}; wall time ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    if (runFailed(results) || results.length < plan.length) {
      exitCode = 1;
      for (const r of results.filter((x) => x.problems.length)) log(`cycle ${r.plan.index + 1} (${r.plan.kind}: ${describeFault(r.plan)}): ${r.problems.join('; ')}`);
      log(`replay: ${replay}`);
    }
  } catch (err) {
    exitCode = 1;
    console.error(`chaos failed: ${(err as Error).stack ?? String(err)}`);
    log(`replay: ${replay}`);
  } finally {
    await poisonBus.disconnect().catch(() => undefined);
    await checker.stop();
    await platform.stop();
  }
  process.exit(exitCode);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
