import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { signDevToken, type Principal } from '@techcredit/auth';
import type { RunningService, ServiceDefinition } from '@techcredit/service';
import { ensureDevKeys } from '../../../scripts/dev-keys';
import { testEnv } from './helpers';

/**
 * Starts TechCredit services in this process, on any free ports, in one namespace (topics, groups and
 * databases prefixed), with a fresh dev key pair; the gateway gets the internal services' URLs.
 * Integration and end-to-end tests drive the platform through `gatewayUrl` with tokens from `token`.
 */
export const INTERNAL_SERVICES = ['registry', 'scoring', 'matching', 'pledge', 'relending', 'subsidy', 'stats'] as const;
export type InternalService = (typeof INTERNAL_SERVICES)[number];
export const ISSUER = 'techcredit-dev';
export const AUDIENCE = 'techcredit';

/** Env name of an internal service's URL, as the gateway reads it (`SCORING_URL`, …). */
export const urlVar = (s: InternalService): string => `${s.toUpperCase()}_URL`;

export interface Platform {
  namespace: string;
  services: Map<string, RunningService>;
  gatewayUrl: string | undefined;
  token(claims: Principal, expiresInSeconds?: number): string;
  /** Stops one service (graceful) and starts it again with the same env; returns the new instance. */
  restart(name: string): Promise<RunningService>;
  /** Starts one more instance of a running service (same env and consumer groups, its own port). */
  addInstance(name: string): Promise<RunningService>;
  stop(): Promise<void>;
}

const repoRoot = resolve(__dirname, '..', '..', '..');

export function loadServiceDefinition(name: string): ServiceDefinition {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const mod = require(join(repoRoot, 'services', name, 'src', 'main')) as { service: ServiceDefinition };
  return mod.service;
}

export async function startPlatform(opts: {
  namespace: string;
  services?: readonly InternalService[];
  gateway?: boolean;
  env?: Record<string, string>;
  /** Start the gateway with its dev sign-in (`GATEWAY_DEV_SIGNIN=1`, signing with this platform's dev key). */
  devSignIn?: boolean;
}): Promise<Platform> {
  const keyDir = mkdtempSync(join(tmpdir(), 'techcredit-keys-'));
  const keys = ensureDevKeys(keyDir);
  const privateKeyPem = readFileSync(keys.privateKeyPath, 'utf8');
  const services = new Map<string, RunningService>();
  const extra: RunningService[] = [];
  const envs = new Map<string, NodeJS.ProcessEnv>();
  const { startService } = await import('@techcredit/service');
  const start = async (name: string, env: NodeJS.ProcessEnv): Promise<RunningService> => {
    const svc = await startService(loadServiceDefinition(name), env);
    services.set(name, svc);
    envs.set(name, env);
    return svc;
  };
  const baseEnv = testEnv(opts.namespace, opts.env);
  const names = opts.services ?? INTERNAL_SERVICES;
  try {
    for (const name of names) await start(name, baseEnv);
    let gatewayUrl: string | undefined;
    if (opts.gateway ?? true) {
      const urls: Record<string, string> = {};
      for (const name of names) urls[urlVar(name)] = services.get(name)!.url;
      const gw = await start('gateway', {
        ...baseEnv,
        ...urls,
        AUTH_PUBLIC_KEY_FILE: keys.publicKeyPath,
        AUTH_ISSUER: ISSUER,
        AUTH_AUDIENCE: AUDIENCE,
        ...(opts.devSignIn ? { GATEWAY_DEV_SIGNIN: '1', DEV_SIGNIN_PRIVATE_KEY_FILE: keys.privateKeyPath } : {}),
      });
      gatewayUrl = gw.url;
    }
    return {
      namespace: opts.namespace,
      services,
      gatewayUrl,
      token: (claims, expiresInSeconds = 3600) => signDevToken({ privateKeyPem, issuer: ISSUER, audience: AUDIENCE, claims, expiresIn: expiresInSeconds }),
      async restart(name) {
        const svc = services.get(name);
        if (!svc) throw new Error(`restart: ${name} is not running`);
        await svc.stop();
        return start(name, { ...envs.get(name)!, HTTP_PORT: String(svc.port) });
      },
      async addInstance(name) {
        const env = envs.get(name);
        if (!env) throw new Error(`addInstance: ${name} is not running`);
        const svc = await startService(loadServiceDefinition(name), { ...env, HTTP_PORT: '0' });
        extra.push(svc);
        return svc;
      },
      async stop() {
        const all = [...extra, ...services.values()].reverse();
        for (const s of all) await s.stop().catch(() => undefined);
      },
    };
  } catch (err) {
    for (const s of [...services.values()].reverse()) await s.stop().catch(() => undefined);
    throw err;
  }
}
