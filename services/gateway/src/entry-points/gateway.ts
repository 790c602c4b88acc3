import { readFileSync } from 'node:fs';
import { loadVerifier } from '@techcredit/auth';
import { ConfigError, type BaseConfig } from '@techcredit/config';
import type { ServiceContext, ServiceParts } from '@techcredit/service';
import type { z } from 'zod';
import type { gatewayEnv } from '../config';
import { idempotencyStore } from '../data-access/idempotency-store';
import { AUDIT_COLLECTION, auditStore } from '../data-access/audit-store';
import { auditMetrics, collectingPublisher, countRejected, type AuditTrail } from './audit';
import { upstreamClient } from '../upstream/client';
import { correlation } from './correlation';
import { DEFAULT_CONSOLE_DIR, mountConsole } from './console-static';
import { assertDevKeyFits, type DevSignInOptions } from './dev-signin';
import { mountGateway } from './mount';
import { busPublisher } from './publisher';
import { gatewayRoutes } from './routes';

export type GatewayConfig = BaseConfig & z.infer<z.ZodObject<typeof gatewayEnv>>;

/** Wires the gateway from its context: verifier (fail-fast on a bad key), upstream client, publisher, idempotency store, audit trail, the console's files. */
export async function setupGateway(ctx: ServiceContext<GatewayConfig>): Promise<ServiceParts> {
  const c = ctx.config;
  const verifier = loadVerifier({
    publicKeyPem: readFileSync(c.AUTH_PUBLIC_KEY_FILE, 'utf8'),
    issuer: c.AUTH_ISSUER,
    audience: c.AUTH_AUDIENCE,
    algorithms: c.AUTH_ALGORITHMS,
  });
  const devSignIn = devSignInOptions(c);
  if (devSignIn) {
    assertDevKeyFits(devSignIn, verifier);
    ctx.logger.warn({ ttlSeconds: devSignIn.ttlSeconds }, 'dev sign-in enabled: POST /dev/token mints tokens for any role (GATEWAY_DEV_SIGNIN=1)');
  }
  const client = upstreamClient({
    urls: {
      registry: c.REGISTRY_URL,
      scoring: c.SCORING_URL,
      matching: c.MATCHING_URL,
      pledge: c.PLEDGE_URL,
      relending: c.RELENDING_URL,
      subsidy: c.SUBSIDY_URL,
      stats: c.STATS_URL,
    },
    timeoutMs: c.UPSTREAM_TIMEOUT_MS,
  });
  const now = () => new Date();
  const metrics = auditMetrics(ctx.metrics);
  const audit: AuditTrail = {
    store: auditStore(await ctx.collection(AUDIT_COLLECTION), { onRace: () => metrics.races.inc() }),
    metrics,
    logger: ctx.logger,
    now,
  };
  const specs = gatewayRoutes({ client, publisher: collectingPublisher(busPublisher(ctx.bus)), now, audit: audit.store });
  const store = idempotencyStore(ctx.db);
  return {
    middleware: [correlation, countRejected(metrics)],
    routes: (router) => {
      mountConsole(router, c.CONSOLE_DIR ?? DEFAULT_CONSOLE_DIR);
      mountGateway(router, { verifier, specs, commands: { store, audit, logger: ctx.logger, waitMs: c.IDEMPOTENCY_WAIT_MS }, devSignIn });
    },
    onStop: () => client.close(),
  };
}

/** The dev sign-in's options when GATEWAY_DEV_SIGNIN=1 (a ConfigError, at start-up, if its key file is missing), else undefined. */
export function devSignInOptions(c: GatewayConfig): DevSignInOptions | undefined {
  if (!c.GATEWAY_DEV_SIGNIN) return undefined;
  if (!c.DEV_SIGNIN_PRIVATE_KEY_FILE) {
    throw new ConfigError([{ variable: 'DEV_SIGNIN_PRIVATE_KEY_FILE', problem: 'required when GATEWAY_DEV_SIGNIN=1', doc: 'the PEM private key the dev sign-in signs with' }]);
  }
  return { privateKeyPem: readFileSync(c.DEV_SIGNIN_PRIVATE_KEY_FILE, 'utf8'), issuer: c.AUTH_ISSUER, audience: c.AUTH_AUDIENCE, ttlSeconds: c.DEV_SIGNIN_TTL_SECONDS };
}
