import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

/**
 * Debian's Chromium for the browser tests (playwright-core drives it; no browser download). Installed with
 * apt-get (as root, as CI runs) when missing, with a CJK font so Chinese renders in screenshots.
 */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export function ensureChromium(log: (m: string) => void = () => undefined): string {
  if (existsSync(CHROMIUM)) return CHROMIUM;
  log(`${CHROMIUM} missing: apt-get install chromium fonts-wqy-zenhei`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  execFileSync('apt-get', ['update', '-q'], { stdio: 'inherit', env });
  execFileSync('apt-get', ['install', '-y', '-q', '--no-install-recommends', 'chromium', 'fonts-wqy-zenhei'], { stdio: 'inherit', env });
  if (!existsSync(CHROMIUM)) throw new Error(`apt-get installed chromium but ${CHROMIUM} is still missing`);
  return CHROMIUM;
}
