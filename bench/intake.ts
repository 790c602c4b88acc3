/**
 * `npm run bench:intake [-- --scale 0.1 --seed 2024 --port-base 18080 --loans-via kafka|gateway --concurrency 6]`: how fast the calibrated scenario gets
 * in — the wall time of posting it (what `npm run scenario` spends) and the time until the regulator's
 * statistics equal the generator's exact aggregates — with every service as its own process on the
 * infrastructure of KAFKA_BROKERS / MONGO_URL (or deploy/local), in a namespace of its own.
 */
import { parseArgs } from 'node:util';
import { printFigures } from './lib/figures';
import { generateScenario } from '@techcredit/scenario';
import { up } from '../deploy/local/infra';
import { postScenario } from '../scripts/lib/post-scenario';
import { startProcesses } from '../scripts/lib/processes';
import { keyFigures, waitForConvergence } from '../scripts/lib/scenario-check';

const { values } = parseArgs({
  options: {
    scale: { type: 'string', default: '0.1' },
    seed: { type: 'string', default: '2024' },
    'port-base': { type: 'string', default: '18080' },
    'loans-via': { type: 'string', default: 'kafka' },
    concurrency: { type: 'string', default: '6' },
  },
});

async function main(): Promise<void> {
  const ep = await up();
  const namespace = `bench-intake-${Date.now().toString(36)}`;
  const log = (m: string) => console.log(m);
  const platform = await startProcesses({
    kafkaBrokers: ep.kafkaBrokers.join(','),
    mongoUrl: ep.mongoUrl,
    namespace,
    log,
    env: { LOG_LEVEL: 'warn' },
    portBase: Number(values['port-base']),
  });
  try {
    const scenario = generateScenario({ seed: Number(values.seed), scale: Number(values.scale) });
    const tPost = Date.now();
    const loansVia = values['loans-via'] === 'gateway' ? 'gateway' : 'kafka';
    const posted = await postScenario(scenario, {
      gatewayUrl: platform.gatewayUrl,
      token: platform.token,
      log,
      loansVia,
      concurrency: Number(values.concurrency),
      kafka: { brokers: ep.kafkaBrokers, namespace },
    });
    const postS = (Date.now() - tPost) / 1000;
    const conv = await waitForConvergence({
      gatewayUrl: platform.gatewayUrl,
      token: platform.token({ role: 'regulator', region: '65', sub: 'bench' }),
      expected: keyFigures(scenario.expected.stats),
      asOf: scenario.expected.asOf,
      timeoutMs: 30 * 60_000,
      log,
    });
    if (!conv.converged) throw new Error(`pipeline did not converge: ${conv.differences.join('; ')}`);
    printFigures([
      [`scenario (seed ${scenario.seed}, scale ${scenario.scale})`, `${scenario.enterprises.length} enterprises, ${scenario.designationGrants.length} designations, ${scenario.filings.length} filings, ${scenario.loanEvents.length} loan events`],
      [`posting the scenario (loans via ${loansVia}, ${values.concurrency} in flight)`, `${postS.toFixed(1)} s (${posted.requests} requests, ${posted.kafkaSends} Kafka sends)`],
      ['first post → statistics exact', `${((Date.now() - tPost) / 1000).toFixed(1)} s`],
    ]);
    await platform.stop();
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
