import { z } from 'zod';

/**
 * Fail-fast configuration: every service declares its environment as a zod object whose keys carry a
 * `.describe()` doc. A bad or missing variable stops start-up with one message naming each variable,
 * its doc and the problem.
 */
export class ConfigError extends Error {
  constructor(readonly problems: { variable: string; problem: string; doc?: string }[]) {
    super(
      `invalid configuration:\n${problems
        .map((p) => `  - ${p.variable}: ${p.problem}${p.doc ? ` (${p.doc})` : ''}`)
        .join('\n')}`,
    );
    this.name = 'ConfigError';
  }
}

export function loadConfig<S extends z.ZodObject>(schema: S, env: NodeJS.ProcessEnv = process.env): z.infer<S> {
  const parsed = schema.safeParse(env);
  if (parsed.success) return parsed.data;
  const shape = schema.shape as Record<string, z.ZodType>;
  throw new ConfigError(
    parsed.error.issues.map((issue) => {
      const variable = String(issue.path[0] ?? '(root)');
      return { variable, problem: issue.message, doc: shape[variable]?.description };
    }),
  );
}

const port = z.coerce.number().int().min(0).max(65535);

/** The variables every service reads (ARCHITECTURE.md §Ports; each is overridable). */
export const baseConfigShape = {
  SERVICE_NAME: z.string().min(1).describe('service name used in logs, client ids and the default database name'),
  KAFKA_BROKERS: z
    .string()
    .default('127.0.0.1:9092')
    .transform((s) => s.split(',').map((b) => b.trim()).filter(Boolean))
    .pipe(z.array(z.string().regex(/^[^:\s]+:\d+$/, 'each broker must be host:port')).min(1))
    .describe('comma-separated Kafka bootstrap brokers, host:port'),
  MONGO_URL: z
    .string()
    .regex(/^mongodb(\+srv)?:\/\//, 'must be a mongodb:// URL')
    .default('mongodb://127.0.0.1:27017')
    .describe('MongoDB-wire database URL (MongoDB or FerretDB), without a database name'),
  FERRETDB_POSTGRES_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL')
    .optional()
    .describe('the PostgreSQL database behind FerretDB (local default); enables the GIN indexes its equality filters need'),
  MONGO_DB: z.string().regex(/^[A-Za-z0-9_-]{1,60}$/).optional().describe('database name; default techcredit_<service>'),
  TECHCREDIT_NAMESPACE: z
    .string()
    .regex(/^[a-z0-9_-]{0,40}$/, 'lower-case letters, digits, _ and - only')
    .default('')
    .describe('prefix for topics, consumer groups and databases, so isolated platforms share a broker (tests)'),
  HTTP_PORT: port.default(0).describe('port of this service\'s HTTP API (0 = any free port)'),
  HTTP_HOST: z.string().default('127.0.0.1').describe('interface the HTTP API listens on'),
  PARK_INLINE_WAIT_MS: z.coerce
    .number()
    .int()
    .min(0)
    .optional()
    .describe('how long an event whose prerequisite is missing first waits in line before it is parked (default 15 s)'),
  PARK_MAX_WAIT_MS: z.coerce
    .number()
    .int()
    .min(0)
    .optional()
    .describe('how long a parked event may wait for its prerequisite before it is dead-lettered (default 10 min)'),
  INSTANCE_ID: z
    .string()
    .regex(/^[a-z0-9-]{1,40}$/, 'lower-case letters, digits and - only')
    .optional()
    .describe('this instance among the replicas of a service (e.g. the pod name); default a random id per start'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info').describe('pino log level'),
};

export const BaseConfigSchema = z.object(baseConfigShape);
export type BaseConfig = z.infer<typeof BaseConfigSchema>;

/** Base config extended with a service's own variables. */
export function serviceConfigSchema<E extends z.ZodRawShape>(extra: E) {
  return z.object({ ...baseConfigShape, ...extra });
}
