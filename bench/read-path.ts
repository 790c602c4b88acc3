/**
 * `npm run bench:read-path [-- --duration 8 --connections 10 --scale 0.03 --seed 2024]`: the read path
 * through the gateway beside a bare express app serving the same body, in one run (issue 8, item 9).
 *
 * Starts scoring, stats and the gateway as child processes (free ports, a fresh namespace, on the
 * infrastructure of `npm run infra` or KAFKA_BROKERS + MONGO_URL), posts a small calibrated scenario through
 * the gateway (≈290 enterprises, 70 filings, ≈660 loan events at scale 0.03), waits for the scores and for
 * the statistics to equal the generator's, then starts the bare app (its own process) and loads each case
 * with autocannon from this process (which does nothing else meanwhile):
 *   (a) bare express, the score's JSON;                (b) an enterprise reading its own score (JWT);
 *   (c) a regulator's `/v1/stats/lending?asOf=2024-12-31&groupBy=prefecture`;   (d) the same without groupBy;
 * each first at its max rate (closed loop, `--connections`), then at half that rate (fixed rate) for p99.
 * Each run lasts `--duration` seconds (≤ 10) after a 1 s warm-up. Prints one table with the ratios and
 * PASS/MISS against the targets; asserts nothing (exit 0 either way, 1 only if the set-up fails).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { generateScenario } from '@techcredit/scenario';
import { up } from '../deploy/local/infra';
import { postScenario } from '../scripts/lib/post-scenario';
import { repoRoot, startProcesses, type ServiceName } from '../scripts/lib/processes';
import { keyFigures, waitForConvergence } from '../scripts/lib/scenario-check';

const { values: args } = parseArgs({
  options: {
    duration: { type: 'string', default: '8' },
    connections: { type: 'string', default: '10' },
    scale: { type: 'string', default: '0.03' },
    seed: { type: 'string', default: '2024' },
    /** Which cases to load besides the bare baseline (a): default `ebcd` (e: the bare two-hop floor). */
    cases: { type: 'string', default: 'ebcd' },
    /** Write a V8 CPU profile of each service process into this folder (`--cpu-prof`), for profiling. */
    profile: { type: 'string' },
  },
});
const DURATION = Math.min(10, Math.max(1, Number(args.duration)));
const CONNECTIONS = Math.max(1, Number(args.connections));
const ASOF = '2024-12-31';

const say = (m: string) => process.stdout.write(`${m}\n`);

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

async function until(what: string, probe: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const t0 = Date.now();
  while (!(await probe().catch(() => false))) {
    if (Date.now() - t0 > timeoutMs) throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** A bare express baseline in its own process (bench/lib/bare-express.ts: `BODY_FILE` or `UPSTREAM`); resolves with its URL. */
async function startBare(env: { BODY_FILE: string } | { UPSTREAM: string }): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(__dirname, 'lib', 'bare-express.ts')], {
    cwd: repoRoot,
    env: { ...process.env, ...env, PORT: '0' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const port = await new Promise<number>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /listening (\d+)/.exec(out);
      if (m) resolve(Number(m[1]));
    });
    child.once('exit', (code) => reject(new Error(`bare express exited with ${code}`)));
  });
  return { url: `http://127.0.0.1:${port}`, child };
}

/** CPU time (user + system) a process has used, in ms, from /proc (Linux); undefined elsewhere. */
function cpuMs(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(f[11]) + Number(f[12])) * 1000) / 100; // utime + stime, in clock ticks of 1/100 s
  } catch {
    return undefined;
  }
}

interface Figures {
  rps: number;
  p50: number;
  p99: number;
  bad: number;
  /** CPU µs per request of each server process of the case (gateway, service; or the bare app). */
  cpuUs: (number | undefined)[];
}

async function measure(c: Case, overallRate?: number, duration = DURATION): Promise<Figures> {
  const before = c.pids.map(cpuMs);
  const r = await autocannon({ url: c.url, headers: c.headers, connections: CONNECTIONS, duration, ...(overallRate ? { overallRate } : {}) });
  const cpuUs = c.pids.map((pid, i) => {
    const a = before[i];
    const b = cpuMs(pid);
    return a === undefined || b === undefined || r.requests.total === 0 ? undefined : ((b - a) * 1000) / r.requests.total;
  });
  return { rps: r.requests.total / r.duration, p50: r.latency.p50, p99: r.latency.p99, bad: r.non2xx + r.errors + r.timeouts, cpuUs };
}

interface Case {
  key: string;
  label: string;
  url: string;
  headers: Record<string, string>;
  /** The server processes that answer this case (their CPU per request is reported). */
  pids: (number | undefined)[];
}

interface Row {
  c: Case;
  max: Figures;
  half: Figures;
}

async function main(): Promise<void> {
  const ep = await up();
  const namespace = `bench-read-${Date.now().toString(36)}`;
  const services = ['scoring', 'stats'] as const satisfies readonly Exclude<ServiceName, 'gateway'>[];
  const ports: Partial<Record<ServiceName, number>> = { gateway: await freePort() };
  for (const s of services) ports[s] = await freePort();
  if (args.profile) mkdirSync(args.profile, { recursive: true });
  const logDir = mkdtempSync(join(tmpdir(), 'techcredit-bench-logs-'));
  say(`starting scoring, stats, gateway (namespace ${namespace}, logs in ${logDir})`);
  const platform = await startProcesses({
    kafkaBrokers: ep.kafkaBrokers.join(','),
    mongoUrl: ep.mongoUrl,
    postgresUrl: ep.postgresUrl,
    namespace,
    log: say,
    services,
    ports,
    logDir,
    nodeArgs: args.profile ? ['--cpu-prof', `--cpu-prof-dir=${args.profile}`] : [],
    env: { LOG_LEVEL: process.env.LOG_LEVEL ?? 'info' },
  });
  const bares: ChildProcess[] = [];
  try {
    const gw = platform.gatewayUrl;
    const scenario = generateScenario({ seed: Number(args.seed), scale: Number(args.scale) });
    say(`seeding (seed ${scenario.seed}, scale ${scenario.scale}): ${scenario.enterprises.length} enterprises, ${scenario.filings.length} filings, ${scenario.loanEvents.length} loan events`);
    await postScenario(scenario, { gatewayUrl: gw, token: platform.token, log: say, parts: { products: false } });

    const enterpriseId = scenario.filings[0]!.enterpriseId;
    const enterprise = platform.token({ role: 'enterprise', enterpriseId, sub: 'bench-enterprise' });
    const regulator = platform.token({ role: 'regulator', region: '65', sub: 'bench-regulator' });
    const scoreUrl = `${gw}/v1/enterprises/${enterpriseId}/innovation-score`;
    say('waiting for the scores (scoring idle, the enterprise scored)…');
    await until(
      'the scores',
      async () => {
        const status = (await (await fetch(`http://127.0.0.1:${ports.scoring}/v1/scoring/status`)).json()) as { idle: boolean };
        const score = await fetch(scoreUrl, { headers: { authorization: `Bearer ${enterprise}` } });
        return status.idle && score.ok;
      },
      180_000,
    );
    say('waiting for the statistics to equal the generator’s…');
    const conv = await waitForConvergence({ gatewayUrl: gw, token: regulator, expected: keyFigures(scenario.expected.stats), asOf: ASOF, timeoutMs: 180_000, log: say });
    if (!conv.converged) say(`  statistics did not converge (measuring anyway): ${conv.differences.join('; ')}`);

    const scoreBody = await (await fetch(scoreUrl, { headers: { authorization: `Bearer ${enterprise}` } })).text();
    const bodyFile = join(mkdtempSync(join(tmpdir(), 'techcredit-bench-')), 'body.json');
    writeFileSync(bodyFile, scoreBody);
    const b = await startBare({ BODY_FILE: bodyFile });
    const proxy = await startBare({ UPSTREAM: b.url });
    bares.push(b.child, proxy.child);
    say(`bare express on ${b.url} serving the same ${scoreBody.length}-byte body; bare proxy to it on ${proxy.url}`);
    const idle = await idleCpu(platform.children);
    say(`idle CPU over 2 s (consumers, timers): ${idle}`);

    const pid = (n: ServiceName) => platform.children.get(n)?.pid;
    const asRegulator = { authorization: `Bearer ${regulator}` };
    const cases: Case[] = [
      { key: 'a', label: 'bare express, same body', url: `${b.url}/v1/enterprises/${enterpriseId}/innovation-score`, headers: {}, pids: [b.child.pid] },
      { key: 'e', label: 'bare proxy → bare express (two-hop floor)', url: `${proxy.url}/v1/enterprises/${enterpriseId}/innovation-score`, headers: {}, pids: [proxy.child.pid, b.child.pid] },
      { key: 'b', label: 'score, enterprise reads its own (JWT)', url: scoreUrl, headers: { authorization: `Bearer ${enterprise}` }, pids: [pid('gateway'), pid('scoring')] },
      { key: 'c', label: `stats/lending?asOf=${ASOF}&groupBy=prefecture`, url: `${gw}/v1/stats/lending?asOf=${ASOF}&groupBy=prefecture`, headers: asRegulator, pids: [pid('gateway'), pid('stats')] },
      { key: 'd', label: `stats/lending?asOf=${ASOF}`, url: `${gw}/v1/stats/lending?asOf=${ASOF}`, headers: asRegulator, pids: [pid('gateway'), pid('stats')] },
    ];
    const selected = cases.filter((c) => c.key === 'a' || args.cases.includes(c.key));
    const rows: Row[] = [];
    /** With --profile: the monotonic-clock window (µs, as in the .cpuprofile samples) of each max-rate run. */
    const windows: Record<string, [number, number]> = {};
    const nowUs = () => Number(process.hrtime.bigint() / 1000n);
    for (const c of selected) {
      say(`(${c.key}) ${c.label}: warm-up 1 s, then max rate ${DURATION} s with ${CONNECTIONS} connections…`);
      await measure(c, undefined, 1);
      const t0 = nowUs();
      const max = await measure(c);
      windows[c.key] = [t0, nowUs()];
      say(`    max ${fmt(max)}`);
      const rate = Math.max(1, Math.round(max.rps / 2));
      say(`(${c.key}) half load: ${rate} req/s fixed, ${DURATION} s…`);
      const half = await measure(c, rate);
      say(`    half ${fmt(half)}`);
      rows.push({ c, max, half });
    }
    printTable(rows);
    if (args.profile) writeFileSync(join(args.profile, 'windows.json'), JSON.stringify({ pids: Object.fromEntries([...platform.children].map(([n, c]) => [n, c.pid])), windows }));
  } finally {
    for (const c of bares) c.kill('SIGTERM');
    await platform.stop();
  }
}

/** CPU ms per second of each service process while nothing is asked of it. */
async function idleCpu(children: Map<ServiceName, ChildProcess>): Promise<string> {
  const before = [...children].map(([n, c]) => [n, c.pid, cpuMs(c.pid)] as const);
  await new Promise((r) => setTimeout(r, 2000));
  return before.map(([n, pid, a]) => `${n} ${a === undefined ? '?' : (((cpuMs(pid) ?? a) - a) / 2).toFixed(0)} ms/s`).join(', ');
}

const us = (f: Figures) => f.cpuUs.map((x) => (x === undefined ? '?' : String(Math.round(x)))).join(' + ');
const fmt = (f: Figures) => `${Math.round(f.rps)} req/s, p50 ${f.p50} ms, p99 ${f.p99} ms, server CPU ${us(f)} µs/req${f.bad ? `, ${f.bad} failed` : ''}`;
const verdict = (ok: boolean) => (ok ? 'PASS' : 'MISS');

function printTable(rows: Row[]): void {
  const bare = rows[0]!;
  say('');
  say(`| case | max req/s | p50 ms | p99 ms | server CPU µs/req (front + back) | half-load req/s | p50 ms | p99 ms | ratio to bare | target | verdict |`);
  say('|---|---|---|---|---|---|---|---|---|---|---|');
  for (const r of rows) {
    const ratio = r.max.rps / bare.max.rps;
    const failed = r.max.bad + r.half.bad;
    let target = 'baseline';
    let v = '';
    if (r.c.key === 'e') {
      target = 'floor of any two-hop read';
    } else if (r.c.key === 'b') {
      target = 'req/s ≥ 0.5 × bare, half-load p99 < 20 ms';
      v = `${verdict(ratio >= 0.5)} / ${verdict(r.half.p99 < 20)}`;
    } else if (r.c.key === 'c' || r.c.key === 'd') {
      target = 'req/s ≥ 200, half-load p99 < 50 ms';
      v = `${verdict(r.max.rps >= 200)} / ${verdict(r.half.p99 < 50)}`;
    }
    if (failed) v = `${v} (${failed} failed requests)`.trim();
    say(
      `| (${r.c.key}) ${r.c.label} | ${Math.round(r.max.rps)} | ${r.max.p50} | ${r.max.p99} | ${us(r.max)} | ${Math.round(r.half.rps)} | ${r.half.p50} | ${r.half.p99} | ${ratio.toFixed(2)} | ${target} | ${v} |`,
    );
  }
  say('');
  say(`${CONNECTIONS} connections, ${DURATION} s per run, load from one autocannon process on the same machine (noisy on shared cores: run 2–3 times, take the median).`);
  say('CPU µs/req: user + system time of each server process during the max-rate run, per request (less sensitive to other load than req/s).');
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
