import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import express from 'express';
import { problemHandler } from '@techcredit/service';
import { CONSOLE_CSP, IMMUTABLE, mountConsole } from './console-static';

/** The console's files on a loopback port: cache headers by kind of file, the CSP on every answer, a 404 problem when not built. */
const built = mkdtempSync(join(tmpdir(), 'console-dist-'));
const empty = mkdtempSync(join(tmpdir(), 'console-none-'));
mkdirSync(join(built, 'assets'));
writeFileSync(join(built, 'index.html'), '<!doctype html><title>TechCredit</title><script type="module" src="/console/assets/index-AbC123.js"></script>');
writeFileSync(join(built, 'assets', 'index-AbC123.js'), 'console.log(1)');
const servers: Server[] = [];

async function serve(dir: string): Promise<string> {
  const router = express.Router();
  mountConsole(router, dir);
  const app = express().use(router).use(problemHandler({ error: () => undefined, warn: () => undefined } as never));
  const server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  servers.push(server);
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

afterAll(async () => {
  for (const s of servers) await new Promise((r) => s.close(r));
  rmSync(built, { recursive: true, force: true });
  rmSync(empty, { recursive: true, force: true });
});

describe('the console at /console/', () => {
  it('serves index.html with no-cache and the strict CSP', async () => {
    const base = await serve(built);
    const res = await fetch(`${base}/console/`);
    expect([res.status, res.headers.get('content-type'), res.headers.get('cache-control')]).toEqual([200, 'text/html; charset=utf-8', 'no-cache']);
    expect(res.headers.get('content-security-policy')).toBe(CONSOLE_CSP);
    expect(CONSOLE_CSP).toContain("script-src 'self'");
    expect(CONSOLE_CSP).not.toMatch(/script-src[^;]*unsafe/);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await res.text()).toContain('/console/assets/index-AbC123.js');
  });

  it('caches hashed assets for a year, immutable', async () => {
    const base = await serve(built);
    const res = await fetch(`${base}/console/assets/index-AbC123.js`);
    expect([res.status, res.headers.get('cache-control'), res.headers.get('content-type')]).toEqual([200, IMMUTABLE, 'text/javascript; charset=utf-8']);
    expect(res.headers.get('content-security-policy')).toBe(CONSOLE_CSP);
  });

  it('redirects /console to /console/ and answers a missing file with 404', async () => {
    const base = await serve(built);
    const redirect = await fetch(`${base}/console`, { redirect: 'manual' });
    expect([redirect.status, redirect.headers.get('location')]).toEqual([301, '/console/']);
    expect((await fetch(`${base}/console/assets/nothing.js`)).status).toBe(404);
  });

  it('answers a 404 problem naming the build command when the console is not built', async () => {
    const base = await serve(empty);
    const res = await fetch(`${base}/console/`);
    expect([res.status, res.headers.get('content-type')]).toEqual([404, 'application/problem+json; charset=utf-8']);
    expect(((await res.json()) as { detail: string }).detail).toContain('npm run build -w @techcredit/console');
  });
});
