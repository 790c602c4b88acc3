/**
 * Runs every TechCredit service as its own process (the shape of a real deployment), logs to
 * `.runtime/logs/<service>.log`, waits for `/readyz`, and stops them with SIGTERM.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, openSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { signDevToken, type Principal } from '@techcredit/auth';
import { Bus } from '@techcredit/bus';
import { Topics } from '@techcredit/contracts';
import { createLogger } from '@techcredit/log';
import { ensureDevKeys } from '../dev-keys';

export const repoRoot = resolve(__dirname, '..', '..');
export const SERVICE_PORTS = {
  registry: 8081,
  scoring: 8082,
  matching: 8083,
  pledge: 8084,
  relending: 8085,
  subsidy: 8086,
  stats: 8087,
  gateway: 8080,
} as const;
export type ServiceName = keyof typeof SERVICE_PORTS;
export const ISSUER = process.env.AUTH_ISSUER ?? 'techcredit-dev';
export const AUDIENCE = process.env.AUTH_AUDIENCE ?? 'techcredit';

export interface ProcessPlatform {
  gatewayUrl: string;
  namespace: string;
  token(p: Principal, expiresInSeconds?: number): string;
  stop(): Promise<void>;
  children: Map<ServiceName, ChildProcess>;
}

async function waitReady(name: string, url: string, child: ChildProcess, logFile: string, timeoutMs = 120_000): Promise<void> {
  const t0 = Date.now();
  while (Date.now() - t0 < timeoutMs) {
    if (child.exitCode !== null) {
      const tail = readFileSync(logFile, 'utf8').split('\n').slice(-20).join('\n');
      throw new Error(`${name} exited with ${child.exitCode}; last log lines:\n${tail}`);
    }
    const ok = await fetch(`${url}/readyz`).then((r) => r.ok, () => false);
    if (ok) return;
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`${name} not ready within ${timeoutMs / 1000} s (log: ${logFile})`);
}

export async function startProcesses(opts: {
  kafkaBrokers: string;
  mongoUrl: string;
  namespace: string;
  log: (m: string) => void;
  env?: Record<string, string>;
  /** Internal services to start (default all); the gateway always starts, with every service's URL. */
  services?: readonly Exclude<ServiceName, 'gateway'>[];
  /** Ports other than SERVICE_PORTS (a bench beside a running demo); `logDir` other than `.runtime/logs`. */
  ports?: Partial<Record<ServiceName, number>>;
  logDir?: string;
  /** Extra node options for every service process (e.g. `--cpu-prof`, which NODE_OPTIONS refuses). */
  nodeArgs?: readonly string[];
}): Promise<ProcessPlatform> {
  const port = (name: ServiceName): number => opts.ports?.[name] ?? SERVICE_PORTS[name];
  const keys = ensureDevKeys(repoRoot);
  const privateKeyPem = readFileSync(keys.privateKeyPath, 'utf8');
  const logDir = opts.logDir ?? join(repoRoot, '.runtime', 'logs');
  mkdirSync(logDir, { recursive: true });
  const children = new Map<ServiceName, ChildProcess>();
  const baseEnv: NodeJS.ProcessEnv = {
    ...process.env,
    KAFKA_BROKERS: opts.kafkaBrokers,
    MONGO_URL: opts.mongoUrl,
    TECHCREDIT_NAMESPACE: opts.namespace,
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'info',
    ...opts.env,
  };
  const urls: Record<string, string> = {};
  for (const name of Object.keys(SERVICE_PORTS) as ServiceName[]) if (name !== 'gateway') urls[`${name.toUpperCase()}_URL`] = `http://127.0.0.1:${port(name)}`;
  const start = (name: ServiceName): { child: ChildProcess; logFile: string } => {
    const logFile = join(logDir, `${name}.log`);
    const out = openSync(logFile, 'w');
    const env: NodeJS.ProcessEnv = { ...baseEnv, HTTP_PORT: String(port(name)) };
    if (name === 'gateway') Object.assign(env, urls, { AUTH_PUBLIC_KEY_FILE: keys.publicKeyPath, AUTH_ISSUER: ISSUER, AUTH_AUDIENCE: AUDIENCE });
    // `node --import tsx` rather than the tsx CLI, so signals reach the service process itself.
    const child = spawn(process.execPath, [...(opts.nodeArgs ?? []), '--import', 'tsx', join(repoRoot, 'services', name, 'src', 'main.ts')], { cwd: repoRoot, env, stdio: ['ignore', out, out] });
    children.set(name, child);
    return { child, logFile };
  };
  const stop = async () => {
    for (const c of children.values()) if (c.exitCode === null) c.kill('SIGTERM');
    await Promise.all(
      [...children.values()].map(
        (c) =>
          new Promise<void>((r) => {
            if (c.exitCode !== null) return r();
            const t = setTimeout(() => {
              c.kill('SIGKILL');
              r();
            }, 15_000);
            c.once('exit', () => {
              clearTimeout(t);
              r();
            });
          }),
      ),
    );
  };
  try {
    // Create every topic once, before seven services race to create the same ones.
    const bus = new Bus({ brokers: opts.kafkaBrokers.split(','), clientId: 'techcredit-launcher', namespace: opts.namespace, logger: createLogger('launcher', 'warn') });
    await bus.ensureTopics(Object.values(Topics));
    await bus.disconnect();
    const internal = opts.services ?? (Object.keys(SERVICE_PORTS) as ServiceName[]).filter((n) => n !== 'gateway');
    const started = internal.map((n) => ({ name: n, ...start(n) }));
    for (const s of started) {
      await waitReady(s.name, `http://127.0.0.1:${port(s.name)}`, s.child, s.logFile);
      opts.log(`  ${s.name} ready on :${port(s.name)}`);
    }
    const gw = start('gateway');
    await waitReady('gateway', `http://127.0.0.1:${port('gateway')}`, gw.child, gw.logFile);
    opts.log(`  gateway ready on :${port('gateway')}`);
  } catch (err) {
    await stop();
    throw err;
  }
  return {
    gatewayUrl: `http://127.0.0.1:${port('gateway')}`,
    namespace: opts.namespace,
    children,
    token: (p, expiresInSeconds = 4 * 3600) => signDevToken({ privateKeyPem, issuer: ISSUER, audience: AUDIENCE, claims: p, expiresIn: expiresInSeconds }),
    stop,
  };
}
