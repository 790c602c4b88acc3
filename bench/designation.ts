/**
 * `npm run bench:designation [-- --scale 1 --seed 2024 --port-base 9600 --concurrency 6]`: what the service
 * platform's part of the demo costs (DOMAIN.md §9.3, §12) — the registry of the calibrated scenario through
 * the bulk API, then the 2025 targets, every designation application and its decision (the demo's
 * `applications` part), and the time until the approvals are granted and counted: the HTE target's value on
 * 2025-12-31 equals the end-2024 count plus the approvals minus the scenario's own 2025 HTE expiries. Every
 * service as its own process on the infrastructure of KAFKA_BROKERS / MONGO_URL (or deploy/local).
 */
import { parseArgs } from 'node:util';
import { designationsValidOn } from '@techcredit/reference';
import { generateScenario } from '@techcredit/scenario';
import { up } from '../deploy/local/infra';
import { postScenario } from '../scripts/lib/post-scenario';
import { startProcesses } from '../scripts/lib/processes';
import { getJson } from '../scripts/lib/scenario-check';
import { printFigures } from './lib/figures';

const { values } = parseArgs({
  options: {
    scale: { type: 'string', default: '1' },
    seed: { type: 'string', default: '2024' },
    'port-base': { type: 'string', default: '9600' },
    concurrency: { type: 'string', default: '6' },
  },
});

async function main(): Promise<void> {
  const ep = await up();
  const namespace = `bench-designation-${Date.now().toString(36)}`;
  const log = (m: string) => console.log(m);
  const platform = await startProcesses({ kafkaBrokers: ep.kafkaBrokers.join(','), mongoUrl: ep.mongoUrl, namespace, log, env: { LOG_LEVEL: 'warn' }, portBase: Number(values['port-base']) });
  try {
    await measure(platform, ep.kafkaBrokers, namespace, log);
  } finally {
    await platform.stop();
  }
}

async function measure(platform: Awaited<ReturnType<typeof startProcesses>>, brokers: string[], namespace: string, log: (m: string) => void): Promise<void> {
  {
    const s = generateScenario({ seed: Number(values.seed), scale: Number(values.scale) });
    const opts = { gatewayUrl: platform.gatewayUrl, token: platform.token, log, concurrency: Number(values.concurrency), kafka: { brokers, namespace } };
    const registry = await postScenario(s, { ...opts, parts: { registry: true, products: false, filings: false, loans: false } });
    const t0 = Date.now();
    const posted = await postScenario(s, { ...opts, parts: { registry: false, products: false, filings: false, loans: false, applications: true } });
    const postS = (Date.now() - t0) / 1000;
    // Expected HTE count on 2025-12-31: the scenario's own grants valid then, plus the approvals (valid to 2028).
    const byEnterprise = new Map<string, { code: 'HTE' | 'TSME' | string; validFrom: string; validTo: string | null }[]>();
    for (const g of s.designationGrants) byEnterprise.set(g.enterpriseId, [...(byEnterprise.get(g.enterpriseId) ?? []), g]);
    for (const a of s.applications) if (a.grant) byEnterprise.set(a.enterpriseId, [...(byEnterprise.get(a.enterpriseId) ?? []), a.grant]);
    const expected = [...byEnterprise.values()].filter((gs) => designationsValidOn(gs as never, '2025-12-31').has('HTE')).length;
    const regulator = platform.token({ role: 'regulator', region: '65', sub: 'bench' });
    let value = -1;
    for (let polls = 0; value !== expected; polls++) {
      if (Date.now() - t0 > 5 * 60_000) throw new Error(`HTE on 2025-12-31 is ${value}, expected ${expected}`);
      const targets = await getJson<{ items: { targetId: string; value: number }[] }>(`${platform.gatewayUrl}/v1/targets?asOf=2025-12-31`, regulator);
      value = targets.items.find((t) => t.targetId === 'hte-total-2025')?.value ?? -1;
      if (polls % 20 === 0) log(`  HTE on 2025-12-31: ${value} (expected ${expected})`);
      if (value !== expected) await new Promise((r) => setTimeout(r, 500));
    }
    const approved = s.applications.filter((a) => a.grant !== null).length;
    printFigures([
      [`scenario (seed ${s.seed}, scale ${s.scale})`, `${s.applications.length} applications (${approved} approved, ${s.applications.filter((a) => !a.qualified).length} ineligible), ${s.programmeTargets.length} targets`],
      ['registry through the bulk API', `${registry.seconds.toFixed(1)} s (${registry.requests} requests)`],
      [`targets, applications and decisions (${values.concurrency} in flight)`, `${postS.toFixed(1)} s (${posted.requests} requests)`],
      ['first application → every approval counted in the HTE target', `${((Date.now() - t0) / 1000).toFixed(1)} s (HTE on 2025-12-31: ${value})`],
    ]);
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
