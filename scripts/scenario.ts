/**
 * `npm run scenario -- --seed N --scale S [--gateway http://127.0.0.1:8080] [--loans-via kafka|gateway]
 *   [--concurrency 6] [--brokers 127.0.0.1:9092] [--namespace NS] [--dry-run]`
 * Generates the calibrated scenario deterministically, writes the exact aggregates it expects to
 * `.scenario/expected-seed<N>-scale<S>.json`, and (unless --dry-run) sends everything to a running platform
 * as the admins, banks, enterprises and regulators would, with tokens signed by the dev key (`.runtime/keys`,
 * the key the demo's gateway trusts): the registry through the bulk API, loan events straight to Kafka
 * (`--loans-via kafka`, the default: the broker of `--brokers` / KAFKA_BROKERS and the platform's namespace
 * `--namespace` / TECHCREDIT_NAMESPACE; every 4th bank still through the gateway) or all through
 * `POST /v1/loan-events` (`--loans-via gateway`).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { signDevToken } from '@techcredit/auth';
import { generateScenario, SCENARIO_SUMMARY } from '@techcredit/scenario';
import { ensureDevKeys } from './dev-keys';
import { postScenario } from './lib/post-scenario';
import { AUDIENCE, ISSUER, repoRoot } from './lib/processes';
import { writeExpected } from './lib/scenario-check';

const { values } = parseArgs({
  options: {
    seed: { type: 'string', default: '2024' },
    scale: { type: 'string', default: '1' },
    gateway: { type: 'string', default: process.env.GATEWAY_URL ?? 'http://127.0.0.1:8080' },
    'loans-via': { type: 'string', default: 'kafka' },
    concurrency: { type: 'string', default: '6' },
    brokers: { type: 'string', default: process.env.KAFKA_BROKERS ?? '127.0.0.1:9092' },
    namespace: { type: 'string', default: process.env.TECHCREDIT_NAMESPACE ?? '' },
    'dry-run': { type: 'boolean', default: false },
  },
});
const loansVia = ((v) => {
  if (v !== 'kafka' && v !== 'gateway') throw new Error(`--loans-via must be kafka or gateway, not ${v}`);
  return v;
})(values['loans-via']);

async function main(): Promise<void> {
  const scenario = generateScenario({ seed: Number(values.seed), scale: Number(values.scale) });
  console.log(`scenario seed ${scenario.seed} scale ${scenario.scale}: ${JSON.stringify(SCENARIO_SUMMARY(scenario))}`);
  console.log(`expected aggregates: ${writeExpected(join(repoRoot, '.scenario'), scenario)}`);
  if (values['dry-run']) return;
  const keys = ensureDevKeys(repoRoot);
  const privateKeyPem = readFileSync(keys.privateKeyPath, 'utf8');
  const res = await postScenario(scenario, {
    gatewayUrl: values.gateway!,
    token: (p) => signDevToken({ privateKeyPem, issuer: ISSUER, audience: AUDIENCE, claims: p, expiresIn: 4 * 3600 }),
    log: (m) => console.log(m),
    concurrency: Number(values.concurrency),
    loansVia,
    kafka: { brokers: values.brokers!.split(','), namespace: values.namespace || undefined },
  });
  console.log(
    `posted ${res.requests} requests and ${res.kafkaSends} Kafka sends (${res.loanEvents} loan events, ${res.loanEventsViaKafka} straight to Kafka) in ${res.seconds.toFixed(1)} s`,
  );
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
