/**
 * `npm run scenario -- --seed N --scale S [--gateway http://127.0.0.1:8080] [--dry-run]`
 * Generates the calibrated scenario deterministically, writes the exact aggregates it expects to
 * `.scenario/expected-seed<N>-scale<S>.json`, and (unless --dry-run) posts everything through a running
 * gateway as the admins, banks, enterprises and regulators would, with tokens signed by the dev key
 * (`.runtime/keys`, the key the demo's gateway trusts).
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
    'dry-run': { type: 'boolean', default: false },
  },
});

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
  });
  console.log(`posted ${res.requests} requests (${res.loanEvents} loan events) in ${res.seconds.toFixed(1)} s`);
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
