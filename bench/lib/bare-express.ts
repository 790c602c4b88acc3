/**
 * The baseline of `bench:read-path`: a bare express 5 app, in its own process, answering
 * `GET /v1/enterprises/:id/innovation-score` with the JSON body in `BODY_FILE` (serialised per request by
 * `res.json`, as a plain express app would). No auth, no validation, no upstream. Prints `listening <port>`.
 */
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import express from 'express';

const file = process.env.BODY_FILE;
if (!file) throw new Error('BODY_FILE is required');
const body = JSON.parse(readFileSync(file, 'utf8')) as unknown;
const app = express();
app.disable('x-powered-by');
app.get('/v1/enterprises/:id/innovation-score', (_req, res) => {
  res.json(body);
});
const server = app.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  process.stdout.write(`listening ${(server.address() as AddressInfo).port}\n`);
});
process.once('SIGTERM', () => server.close(() => process.exit(0)));
