import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

const root = join(__dirname, '..', '..');
/** The console's build directory the gateway serves by default (its CONSOLE_DIR). */
export const CONSOLE_DIST = join(root, 'services', 'console', 'dist');

/** `vite build` of services/console into `outDir` (default services/console/dist); about 5 s. Returns the directory. */
export function buildConsole(outDir: string = CONSOLE_DIST): string {
  execFileSync(join(root, 'node_modules', '.bin', 'vite'), ['build', '--outDir', outDir, '--emptyOutDir', '--logLevel', 'warn'], {
    cwd: join(root, 'services', 'console'),
    stdio: 'inherit',
  });
  return outDir;
}
