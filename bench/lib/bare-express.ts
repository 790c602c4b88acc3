/**
 * The baselines of `bench:read-path`, each a bare express 5 app in its own process, answering
 * `GET /v1/enterprises/:id/innovation-score`:
 *  - with `BODY_FILE`: the JSON in that file (serialised per request by `res.json`, as a plain express app
 *    would). No auth, no validation, no upstream.
 *  - with `UPSTREAM` (a base URL): the same GET sent on to that app over an undici keep-alive pool, its
 *    bytes sent back — the least any two-hop read (a proxy in front of a service) costs on this machine.
 * Prints `listening <port>`.
 */
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { Pool } from 'undici';

const app = express();
app.disable('x-powered-by');
const path = '/v1/enterprises/:id/innovation-score';
const upstream = process.env.UPSTREAM;
if (upstream) {
  const pool = new Pool(upstream, { connections: 64 });
  app.get(path, async (req, res) => {
    const r = await pool.request({ method: 'GET', path: req.originalUrl, headers: { accept: 'application/json' } });
    const bytes = Buffer.from(await r.body.arrayBuffer());
    res.status(r.statusCode).type(String(r.headers['content-type'])).send(bytes);
  });
} else {
  const file = process.env.BODY_FILE;
  if (!file) throw new Error('BODY_FILE or UPSTREAM is required');
  const body = JSON.parse(readFileSync(file, 'utf8')) as unknown;
  app.get(path, (_req, res) => {
    res.json(body);
  });
}
const server = app.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  process.stdout.write(`listening ${(server.address() as AddressInfo).port}\n`);
});
process.once('SIGTERM', () => server.close(() => process.exit(0)));
