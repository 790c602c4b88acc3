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
/** Services whose every read is right on any instance (README "Replicas"); scoring and pledge run once. */
export const REPLICA_SAFE: readonly ServiceName[] = ['registry', 'matching', 'relending', 'subsidy', 'stats'];
export const ISSUER = process.env.AUTH_ISSUER ?? 'techcredit-dev';
export const AUDIENCE = process.env.AUTH_AUDIENCE ?? 'techcredit';

export interface ProcessPlatform {
  gatewayUrl: string;
  namespace: string;
  token(p: Principal, expiresInSeconds?: number): string;
  stop(): Promise<void>;
  children: Map<ServiceName, ChildProcess>;
  /** The port each service listens on. */
  ports: Record<ServiceName, number>;
  /**
   * Starts a service's first instance again (after it exited or was killed: a crashed pod restarted) with
   * the same env and port, waits for `/readyz`; its log is appended to.
   */
  restart(name: ServiceName): Promise<void>;
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
  /** The PostgreSQL database behind FerretDB (local infrastructure): services add their GIN indexes there. */
  postgresUrl?: string;
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
  /** Instances of each replica-safe service (extra ones listen on their port + 100 · i). */
  replicas?: number;
  /** Gateway port; the internal services take the next seven (default 8080: the standard ports). */
  portBase?: number;
  /** Start the gateway with its dev sign-in, `POST /dev/token` (GATEWAY_DEV_SIGNIN=1, the dev key): the demo's console signs in with it. */
  devSignIn?: boolean;
}): Promise<ProcessPlatform> {
  const shift = (opts.portBase ?? SERVICE_PORTS.gateway) - SERVICE_PORTS.gateway;
  const ports = { ...(Object.fromEntries(Object.entries(SERVICE_PORTS).map(([n, p]) => [n, p + shift])) as Record<ServiceName, number>), ...opts.ports };
  const keys = ensureDevKeys(repoRoot);
  const privateKeyPem = readFileSync(keys.privateKeyPath, 'utf8');
  const logDir = opts.logDir ?? join(repoRoot, '.runtime', 'logs');
  mkdirSync(logDir, { recursive: true });
  const children = new Map<ServiceName, ChildProcess>();
  const extras: ChildProcess[] = [];
  const baseEnv: NodeJS.ProcessEnv = {
    ...process.env,
    KAFKA_BROKERS: opts.kafkaBrokers,
    MONGO_URL: opts.mongoUrl,
    ...(opts.postgresUrl ? { FERRETDB_POSTGRES_URL: opts.postgresUrl } : {}),
    TECHCREDIT_NAMESPACE: opts.namespace,
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'info',
    ...opts.env,
  };
  const urls: Record<string, string> = {};
  for (const [name, port] of Object.entries(ports)) if (name !== 'gateway') urls[`${name.toUpperCase()}_URL`] = `http://127.0.0.1:${port}`;
  const start = (name: ServiceName, replica = 0, append = false): { child: ChildProcess; logFile: string } => {
    const logFile = join(logDir, replica ? `${name}-${replica}.log` : `${name}.log`);
    const out = openSync(logFile, append ? 'a' : 'w');
    const env: NodeJS.ProcessEnv = { ...baseEnv, HTTP_PORT: String(ports[name] + 100 * replica), INSTANCE_ID: `${name}-${replica}` };
    if (name === 'gateway') Object.assign(env, urls, { AUTH_PUBLIC_KEY_FILE: keys.publicKeyPath, AUTH_ISSUER: ISSUER, AUTH_AUDIENCE: AUDIENCE });
    if (name === 'gateway' && opts.devSignIn) Object.assign(env, { GATEWAY_DEV_SIGNIN: '1', DEV_SIGNIN_PRIVATE_KEY_FILE: keys.privateKeyPath });
    // `node --import tsx` rather than the tsx CLI, so signals reach the service process itself.
    const child = spawn(process.execPath, [...(opts.nodeArgs ?? []), '--import', 'tsx', join(repoRoot, 'services', name, 'src', 'main.ts')], { cwd: repoRoot, env, stdio: ['ignore', out, out] });
    if (replica) extras.push(child);
    else children.set(name, child);
    return { child, logFile };
  };
  const stop = async () => {
    const all = [...children.values(), ...extras];
    for (const c of all) if (c.exitCode === null) c.kill('SIGTERM');
    await Promise.all(
      all.map(
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
      await waitReady(s.name, `http://127.0.0.1:${ports[s.name]}`, s.child, s.logFile);
      opts.log(`  ${s.name} ready on :${ports[s.name]}`);
    }
    for (let i = 1; i < (opts.replicas ?? 1); i++) {
      for (const name of REPLICA_SAFE) {
        const r = start(name, i);
        const port = ports[name] + 100 * i;
        await waitReady(`${name}-${i}`, `http://127.0.0.1:${port}`, r.child, r.logFile);
        opts.log(`  ${name} replica ${i} ready on :${port}`);
      }
    }
    const gw = start('gateway');
    await waitReady('gateway', `http://127.0.0.1:${ports.gateway}`, gw.child, gw.logFile);
    opts.log(`  gateway ready on :${ports.gateway}`);
  } catch (err) {
    await stop();
    throw err;
  }
  return {
    gatewayUrl: `http://127.0.0.1:${ports.gateway}`,
    namespace: opts.namespace,
    children,
    ports,
    restart: async (name) => {
      const old = children.get(name);
      if (old && old.exitCode === null && old.signalCode === null) throw new Error(`restart: ${name} is still running`);
      const s = start(name, 0, true);
      await waitReady(name, `http://127.0.0.1:${ports[name]}`, s.child, s.logFile);
    },
    token: (p, expiresInSeconds = 4 * 3600) => signDevToken({ privateKeyPem, issuer: ISSUER, audience: AUDIENCE, claims: p, expiresIn: expiresInSeconds }),
    stop,
  };
}
