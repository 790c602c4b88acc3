/**
 * Prints a development JWT signed with the dev private key (created by `ensureDevKeys` if absent).
 *
 *   npm run token -- --role bank --bank-id B001
 *   npm run token -- --role enterprise --enterprise-id 91650100000000019J --ttl 15m
 *   npm run token -- --role regulator --region 6501
 *   npm run token -- --role insurer --insurer-id PICC_XJ
 *   npm run token -- --role admin --sub alice
 *
 * Issuer / audience: `techcredit-dev` / `techcredit`, overridden by AUTH_ISSUER / AUTH_AUDIENCE.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { signDevToken, type Principal } from '@techcredit/auth';
import { ensureDevKeys } from './dev-keys';

export const DEFAULT_ISSUER = 'techcredit-dev';
export const DEFAULT_AUDIENCE = 'techcredit';

const USAGE =
  'usage: npm run token -- --role bank|enterprise|regulator|insurer|admin [--bank-id ID] [--insurer-id ID] [--enterprise-id USCC] ' +
  '[--region 65|<prefecture>] [--sub SUBJECT] [--ttl 1h|3600]';

/** Parses CLI arguments into claims and a ttl; throws an Error with a usage message on bad input. */
export function parseTokenArgs(argv: string[]): { claims: Principal; ttl: string | number } {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    allowPositionals: false,
    options: {
      role: { type: 'string' },
      'bank-id': { type: 'string' },
      'insurer-id': { type: 'string' },
      'enterprise-id': { type: 'string' },
      region: { type: 'string' },
      sub: { type: 'string' },
      ttl: { type: 'string', default: '1h' },
    },
  });
  const need = (v: string | undefined, flag: string): string => {
    if (!v) throw new Error(`--role ${values.role} needs ${flag}\n${USAGE}`);
    return v;
  };
  let claims: Principal;
  switch (values.role) {
    case 'bank': {
      const bankId = need(values['bank-id'], '--bank-id');
      claims = { role: 'bank', bankId, sub: values.sub ?? `dev:bank:${bankId}` };
      break;
    }
    case 'enterprise': {
      const enterpriseId = need(values['enterprise-id'], '--enterprise-id');
      claims = { role: 'enterprise', enterpriseId, sub: values.sub ?? `dev:enterprise:${enterpriseId}` };
      break;
    }
    case 'regulator': {
      const region = need(values.region, '--region') as Extract<Principal, { role: 'regulator' }>['region'];
      claims = { role: 'regulator', region, sub: values.sub ?? `dev:regulator:${region}` };
      break;
    }
    case 'insurer': {
      const insurerId = need(values['insurer-id'], '--insurer-id');
      claims = { role: 'insurer', insurerId, sub: values.sub ?? `dev:insurer:${insurerId}` };
      break;
    }
    case 'admin':
      claims = { role: 'admin', sub: values.sub ?? 'dev:admin' };
      break;
    default:
      throw new Error(`unknown or missing --role ${String(values.role)}\n${USAGE}`);
  }
  // A bare number is seconds (jsonwebtoken would read the string "3600" as milliseconds).
  const ttl = /^\d+$/.test(values.ttl) ? Number(values.ttl) : values.ttl;
  return { claims, ttl };
}

/** Signs a token for the given CLI arguments with the dev key of `rootDir`. */
export function mintDevToken(argv: string[], rootDir: string, env: NodeJS.ProcessEnv = process.env): string {
  const { claims, ttl } = parseTokenArgs(argv);
  const { privateKeyPath } = ensureDevKeys(rootDir);
  return signDevToken({
    privateKeyPem: readFileSync(privateKeyPath, 'utf8'),
    issuer: env.AUTH_ISSUER ?? DEFAULT_ISSUER,
    audience: env.AUTH_AUDIENCE ?? DEFAULT_AUDIENCE,
    claims,
    expiresIn: ttl as Parameters<typeof signDevToken>[0]['expiresIn'],
  });
}

if (require.main === module) {
  try {
    console.log(mintDevToken(process.argv.slice(2), path.resolve(__dirname, '..')));
  } catch (err) {
    console.error(err instanceof Error ? err.message : String(err));
    process.exitCode = 2;
  }
}
