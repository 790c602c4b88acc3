/**
 * `npm run bench:pipeline [-- --scale 1 --seed 2024]`: end-to-end throughput of the platform for the
 * calibrated scenario — loan events per second from the first POST /v1/loan-events until the regulator's
 * statistics equal the generator's exact aggregates — the wall time of the whole demo flow, and the ratio of
 * pipeline throughput to the raw kafkajs consume throughput measured in the same run (as bench:bus).
 */
import { parseArgs } from 'node:util';
import { printFigures } from './lib/figures';
import { generateScenario } from '@techcredit/scenario';
import { up } from '../deploy/local/infra';
import { postScenario } from '../scripts/lib/post-scenario';
import { startProcesses } from '../scripts/lib/processes';
import { keyFigures, waitForConvergence } from '../scripts/lib/scenario-check';
import { rawKafkajs } from './bus';

const { values } = parseArgs({ options: { scale: { type: 'string', default: '1' }, seed: { type: 'string', default: '2024' } } });

async function main(): Promise<void> {
  const t0 = Date.now();
  const ep = await up();
  const namespace = `bench-pipe-${Date.now().toString(36)}`;
  const log = (m: string) => console.log(m);
  const platform = await startProcesses({ kafkaBrokers: ep.kafkaBrokers.join(','), mongoUrl: ep.mongoUrl, postgresUrl: ep.postgresUrl, namespace, log, env: { LOG_LEVEL: 'warn' } });
  try {
    const scenario = generateScenario({ seed: Number(values.seed), scale: Number(values.scale) });
    const tPost = Date.now();
    const posted = await postScenario(scenario, { gatewayUrl: platform.gatewayUrl, token: platform.token, log });
    const regulator = platform.token({ role: 'regulator', region: '65', sub: 'bench' });
    const conv = await waitForConvergence({
      gatewayUrl: platform.gatewayUrl,
      token: regulator,
      expected: keyFigures(scenario.expected.stats),
      asOf: scenario.expected.asOf,
      timeoutMs: 30 * 60_000,
      log,
    });
    if (!conv.converged) throw new Error(`pipeline did not converge: ${conv.differences.join('; ')}`);
    const pipelineS = (Date.now() - tPost) / 1000;
    const totalEvents = posted.requests - Math.ceil(scenario.loanEvents.length / 500) + scenario.loanEvents.length;
    const wall = (Date.now() - t0) / 1000;
    await platform.stop();
    const raw = await rawKafkajs(ep.kafkaBrokers, `${namespace}-raw`, 100_000);
    const rawRate = 100_000 / raw.consumeS;
    const pipeRate = totalEvents / pipelineS;
    printFigures([
      ['events through the gateway (registry, products, filings, loan events)', `${totalEvents}`],
      ['pipeline: first POST → statistics exact', `${pipelineS.toFixed(1)} s`],
      ['pipeline throughput', `${Math.round(pipeRate)} events/s`],
      ['demo flow wall time (infra check, services, scenario, convergence)', `${wall.toFixed(1)} s`],
      ['raw kafkajs consume (100k, same run)', `${Math.round(rawRate)} events/s`],
      ['ratio pipeline / raw bus', (pipeRate / rawRate).toFixed(4)],
    ]);
    process.exit(0);
  } catch (err) {
    await platform.stop();
    throw err;
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
