import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import express, { type Express, type RequestHandler, type Router } from 'express';
import { Counter, Registry, collectDefaultMetrics } from 'prom-client';
import type { z } from 'zod';
import { Bus, type ConsumeBatchesOptions, type ConsumeOptions, type ConsumerHandle } from '@techcredit/bus';
import { loadConfig, serviceConfigSchema, type BaseConfig } from '@techcredit/config';
import { createLogger, type Logger } from '@techcredit/log';
import { connectStore, ensureCollection, type Collection, type CollectionSpec, type Connection, type Document } from '@techcredit/store';
import { jsonBody, notFoundHandler, problemHandler } from './http';

/**
 * The one way a service starts (practica-style): fail-fast config, pino logger, its own database, the bus,
 * `/healthz`, `/readyz`, `/metrics`, its routes and consumers, and graceful shutdown on SIGTERM/SIGINT.
 * Each service's `main.ts` is a `defineService({...})` plus `runMain`.
 */
export interface ServiceContext<C extends BaseConfig = BaseConfig> {
  name: string;
  /**
   * This instance among the service's replicas. Consumer groups named after it are broadcast groups: every
   * instance sees every event (small topics whose state each instance keeps whole: policy versions, products).
   */
  instanceId: string;
  config: C;
  logger: Logger;
  bus: Bus;
  db: Connection;
  metrics: Registry;
  /** A collection this service owns, with its declared indexes made true (GIN step on FerretDB/PostgreSQL). */
  collection<T extends Document = Document>(spec: CollectionSpec): Promise<Collection<T>>;
  /** Starts a consumer with this service's database (inbox, parking) and metrics wired in. */
  consume(options: Omit<ConsumeOptions, 'store'>): ConsumerHandle;
  /** Starts a state-store processor over whole partition batches (`Bus.consumeBatches`), tracked for readiness. */
  consumeBatches(options: ConsumeBatchesOptions): ConsumerHandle;
}

export interface ServiceParts {
  /** HTTP routes (internal API, or the public one for the gateway), mounted at `/`. */
  routes?: (router: Router) => void;
  /** Called on shutdown after consumers stop, before the database closes. */
  onStop?: () => Promise<void>;
  /**
   * App-level middleware mounted first, before the body parser and `/healthz` `/readyz` `/metrics`, so it
   * runs on every request and its headers reach every response, errors included (the gateway's correlation id).
   */
  middleware?: RequestHandler[];
}

export interface ServiceDefinition<E extends z.ZodRawShape = z.ZodRawShape> {
  name: string;
  /** Extra environment variables (zod with `.describe()` docs), merged with the base ones. */
  env?: E;
  /** Logical topics this service produces to or consumes (created idempotently with their DLQs). */
  topics?: readonly string[];
  /** Express body limit for this service (the gateway bounds batch sizes). */
  bodyLimit?: string;
  /**
   * Weak ETags on JSON answers (express's default), for clients that revalidate. Off unless set: internal
   * APIs are read by the gateway, which sends no If-None-Match, so hashing every body there is wasted.
   */
  etag?: boolean;
  setup(ctx: ServiceContext<BaseConfig & z.infer<z.ZodObject<E>>>): Promise<ServiceParts>;
}

export function defineService<E extends z.ZodRawShape>(def: ServiceDefinition<E>): ServiceDefinition<E> {
  return def;
}

export interface RunningService {
  name: string;
  url: string;
  port: number;
  ctx: ServiceContext;
  app: Express;
  stop(): Promise<void>;
}

export async function startService<E extends z.ZodRawShape>(
  def: ServiceDefinition<E>,
  env: NodeJS.ProcessEnv = process.env,
): Promise<RunningService> {
  const config = loadConfig(serviceConfigSchema(def.env ?? ({} as E)), { SERVICE_NAME: def.name, ...env }) as BaseConfig &
    z.infer<z.ZodObject<E>>;
  const logger = createLogger(def.name, config.LOG_LEVEL);
  const ns = config.TECHCREDIT_NAMESPACE;
  const dbName = config.MONGO_DB ?? (ns ? `${ns}_${def.name}` : `techcredit_${def.name}`).replace(/-/g, '_');
  const metrics = new Registry();
  metrics.setDefaultLabels({ service: def.name });
  collectDefaultMetrics({ register: metrics });
  const eventsTotal = new Counter({ name: 'techcredit_events_total', help: 'consumed events by group and outcome', labelNames: ['group', 'outcome'], registers: [metrics] });

  const db = await connectStore({ url: config.MONGO_URL, dbName, logger, postgresUrl: config.FERRETDB_POSTGRES_URL });
  const bus = new Bus({ brokers: config.KAFKA_BROKERS, clientId: `techcredit-${def.name}`, namespace: ns || undefined, logger });
  if (def.topics?.length) await bus.ensureTopics(def.topics);

  const consumers: ConsumerHandle[] = [];
  const ctx: ServiceContext<typeof config> = {
    name: def.name,
    instanceId: config.INSTANCE_ID ?? randomUUID().slice(0, 8),
    config,
    logger,
    bus,
    db,
    metrics,
    collection: (spec) => ensureCollection(db, spec, logger),
    consume(options) {
      const handle = bus.consume({
        ...options,
        store: db,
        onOutcome: (outcome) => {
          // Broadcast groups carry the instance id; metrics keep the logical group (stable across restarts).
          eventsTotal.inc({ group: options.groupId.replace(`.${ctx.instanceId}`, ''), outcome });
          options.onOutcome?.(outcome);
        },
      });
      consumers.push(handle);
      return handle;
    },
    consumeBatches(options) {
      const handle = bus.consumeBatches(options);
      consumers.push(handle);
      return handle;
    },
  };
  const parts = await def.setup(ctx);

  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', false);
  app.set('etag', def.etag ?? false);
  for (const m of parts.middleware ?? []) app.use(m);
  app.use(jsonBody({ limit: def.bodyLimit ?? '1mb' }));
  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok', service: def.name });
  });
  let consumersReady = consumers.length === 0;
  void Promise.all(consumers.map((c) => c.ready)).then(() => {
    consumersReady = true;
  }, () => undefined);
  app.get('/readyz', async (_req, res) => {
    const dbOk = await db.db!.admin().command({ ping: 1 }).then(() => true, () => false);
    const ok = dbOk && consumersReady;
    res.status(ok ? 200 : 503).json({ status: ok ? 'ready' : 'not-ready', database: dbOk, consumers: consumersReady });
  });
  app.get('/metrics', async (_req, res) => {
    res.type(metrics.contentType).send(await metrics.metrics());
  });
  const router = express.Router();
  parts.routes?.(router);
  app.use(router);
  app.use(notFoundHandler);
  app.use(problemHandler(logger));

  const server: Server = await new Promise((resolve, reject) => {
    const s = app.listen(config.HTTP_PORT, config.HTTP_HOST, () => resolve(s));
    s.once('error', reject);
  });
  const port = (server.address() as AddressInfo).port;
  const url = `http://${config.HTTP_HOST}:${port}`;
  logger.info({ url, dbName, namespace: ns || undefined }, `${def.name} listening`);

  let stopped: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopped ??= (async () => {
      logger.info('shutting down');
      await new Promise<void>((r) => {
        server.close(() => r());
        server.closeAllConnections();
      });
      await Promise.allSettled(consumers.map((c) => c.stop()));
      await parts.onStop?.();
      await bus.disconnect();
      await db.close();
      logger.info('stopped');
    })();
    return stopped;
  };
  return { name: def.name, url, port, ctx: ctx as unknown as ServiceContext, app, stop };
}

/** `main.ts` entry: start, and stop cleanly on SIGTERM/SIGINT; a start-up failure exits 1 with the reason. */
export function runMain<E extends z.ZodRawShape>(def: ServiceDefinition<E>): void {
  startService(def)
    .then((svc) => {
      const shutdown = (signal: string) => {
        svc.ctx.logger.info({ signal }, 'signal received');
        svc.stop().then(
          () => process.exit(0),
          (err: unknown) => {
            svc.ctx.logger.error({ err }, 'shutdown failed');
            process.exit(1);
          },
        );
      };
      process.once('SIGTERM', () => shutdown('SIGTERM'));
      process.once('SIGINT', () => shutdown('SIGINT'));
    })
    .catch((err: unknown) => {
      console.error(`${def.name} failed to start: ${err instanceof Error ? err.message : String(err)}`);
      process.exit(1);
    });
}
