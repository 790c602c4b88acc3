/**
 * Development signing keys (ES256, P-256) for local runs and tests: `.runtime/keys/dev-private.pem`
 * and `.runtime/keys/dev-public.pem` (git-ignored). Idempotent and safe to call concurrently (e.g. from
 * parallel jest workers): the private key is created exclusively once, and the public key is always
 * derived from the private key on disk, so the pair never mismatches.
 *
 *   npx tsx scripts/dev-keys.ts        # prints the two paths
 */
import { createPublicKey, generateKeyPairSync, randomBytes } from 'node:crypto';
import { existsSync, linkSync, mkdirSync, readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export interface DevKeyPaths {
  privateKeyPath: string;
  publicKeyPath: string;
  /** True if this call generated the private key. */
  created: boolean;
}

export function devKeyPaths(rootDir: string): { privateKeyPath: string; publicKeyPath: string } {
  const dir = path.join(rootDir, '.runtime', 'keys');
  return { privateKeyPath: path.join(dir, 'dev-private.pem'), publicKeyPath: path.join(dir, 'dev-public.pem') };
}

export function ensureDevKeys(rootDir: string): DevKeyPaths {
  const { privateKeyPath, publicKeyPath } = devKeyPaths(rootDir);
  mkdirSync(path.dirname(privateKeyPath), { recursive: true, mode: 0o700 });
  let created = false;
  if (!existsSync(privateKeyPath)) {
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    const tmp = `${privateKeyPath}.${randomBytes(6).toString('hex')}.tmp`;
    writeFileSync(tmp, pem, { mode: 0o600 });
    try {
      linkSync(tmp, privateKeyPath); // atomic and exclusive: fails if another process won the race
      created = true;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    } finally {
      unlinkSync(tmp);
    }
  }
  const publicPem = createPublicKey(readFileSync(privateKeyPath, 'utf8')).export({ type: 'spki', format: 'pem' }).toString();
  if (!existsSync(publicKeyPath) || readFileSync(publicKeyPath, 'utf8') !== publicPem) {
    const tmp = `${publicKeyPath}.${randomBytes(6).toString('hex')}.tmp`;
    writeFileSync(tmp, publicPem, { mode: 0o644 });
    renameSync(tmp, publicKeyPath);
  }
  return { privateKeyPath, publicKeyPath, created };
}

if (require.main === module) {
  const paths = ensureDevKeys(path.resolve(__dirname, '..'));
  console.log(`${paths.created ? 'created' : 'exists'}: ${paths.privateKeyPath}`);
  console.log(`public key: ${paths.publicKeyPath}`);
}
