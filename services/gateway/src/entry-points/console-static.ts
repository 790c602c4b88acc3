import { existsSync } from 'node:fs';
import { join } from 'node:path';
import express, { type Response, type Router } from 'express';
import { NotFound } from '@techcredit/service';

/**
 * The web console (services/console, built by Vite) served at `/console/` on the gateway's own origin, so the
 * console calls the API without CORS (docs/decisions/0019).
 *
 * - Hashed build output (`/console/assets/*`, names carry a content hash) is cached for a year, `immutable`;
 *   `index.html` (and anything else) is `no-cache`, so a new build is picked up on the next load.
 * - Every answer carries a strict Content-Security-Policy: scripts, fetches, fonts and images from this
 *   origin only (no inline script, no eval); inline styles are allowed because ECharts positions its
 *   tooltips with style attributes.
 * - Not built (no index.html in the directory): `/console/` is a 404 problem naming the build command.
 */
export const CONSOLE_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

export const IMMUTABLE = 'public, max-age=31536000, immutable';

/** The console's default build directory in this repository (`services/console/dist`). */
export const DEFAULT_CONSOLE_DIR = join(__dirname, '..', '..', '..', 'console', 'dist');

function securityHeaders(res: Response): void {
  res.setHeader('Content-Security-Policy', CONSOLE_CSP);
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Referrer-Policy', 'no-referrer');
  res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
}

export function mountConsole(router: Router, dir: string): void {
  const files = express.static(dir, {
    index: 'index.html',
    redirect: true,
    fallthrough: true,
    setHeaders: (res, path) => {
      securityHeaders(res);
      const hashed = path.startsWith(join(dir, 'assets') + '/');
      res.setHeader('Cache-Control', hashed ? IMMUTABLE : 'no-cache');
    },
  });
  router.use('/console', (req, res, next) => {
    securityHeaders(res);
    if (!existsSync(join(dir, 'index.html'))) {
      next(new NotFound(`the console is not built in ${dir} (npm run build -w @techcredit/console)`));
      return;
    }
    files(req, res, next);
  });
}
