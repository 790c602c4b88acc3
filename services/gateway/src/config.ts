import { z } from 'zod';

/**
 * The gateway's environment (merged with the base variables of `@techcredit/config`). Internal service
 * URLs default to the standalone ports of ARCHITECTURE.md §Ports (registry 8081 … stats 8087).
 */
const url = (port: number, service: string) =>
  z.url({ protocol: /^https?$/ }).default(`http://127.0.0.1:${port}`).describe(`base URL of the ${service} service's internal API`);

export const ALGORITHMS = ['ES256', 'RS256'] as const;

export const gatewayEnv = {
  HTTP_PORT: z.coerce.number().int().min(0).max(65535).default(8080).describe('port of the public API (0 = any free port)'),
  AUTH_PUBLIC_KEY_FILE: z.string().min(1).describe('path of the PEM (SPKI) public key that verifies access tokens'),
  AUTH_ISSUER: z.string().min(1).describe('required `iss` of access tokens'),
  AUTH_AUDIENCE: z.string().min(1).describe('required `aud` of access tokens'),
  AUTH_ALGORITHMS: z
    .string()
    .default('ES256')
    .transform((s) => s.split(',').map((a) => a.trim()).filter(Boolean))
    .pipe(z.array(z.enum(ALGORITHMS)).min(1))
    .describe('comma-separated token algorithms accepted (ES256, RS256); each must fit the key'),
  REGISTRY_URL: url(8081, 'registry'),
  SCORING_URL: url(8082, 'scoring'),
  MATCHING_URL: url(8083, 'matching'),
  PLEDGE_URL: url(8084, 'pledge'),
  RELENDING_URL: url(8085, 'relending'),
  SUBSIDY_URL: url(8086, 'subsidy'),
  STATS_URL: url(8087, 'stats'),
  UPSTREAM_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(10_000).describe('timeout of each call to an internal service, ms'),
  GATEWAY_DEV_SIGNIN: z
    .enum(['0', '1'])
    .default('0')
    .transform((v) => v === '1')
    .describe('1 mounts POST /dev/token (local runs and the demo only): mints tokens for any role; never set it in production'),
  DEV_SIGNIN_PRIVATE_KEY_FILE: z
    .string()
    .min(1)
    .optional()
    .describe('path of the PEM private key the dev sign-in signs with (scripts/dev-keys.ts); required with GATEWAY_DEV_SIGNIN=1'),
  DEV_SIGNIN_TTL_SECONDS: z.coerce.number().int().min(60).max(86_400).default(3600).describe('lifetime of a dev sign-in token, seconds'),
  IDEMPOTENCY_WAIT_MS: z.coerce
    .number()
    .int()
    .min(0)
    .max(60_000)
    .default(5_000)
    .describe('how long a request waits for an in-flight request with the same Idempotency-Key before answering 409'),
  CONSOLE_DIR: z
    .string()
    .min(1)
    .optional()
    .describe('directory of the built web console served at /console/ (default services/console/dist of this repository)'),
};
