import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import express from 'express';
import { asyncApiDocument } from '@techcredit/contracts';
import { mountGateway } from './mount';
import { unusedMountOptions } from './mount-fixture';

/** The gateway's public documents, served by `mountGateway` on a loopback port (no route of the table is called). */
let server: Server;
let base: string;

beforeAll(async () => {
  const router = express.Router();
  mountGateway(router, unusedMountOptions({ verifier: { verify: () => ({ ok: false, reason: 'BAD_SIGNATURE', message: 'no token is valid here' }) } }));
  const app = express().use(router);
  await new Promise<void>((resolve) => {
    server = app.listen(0, '127.0.0.1', () => resolve());
  });
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise<void>((resolve, reject) => server.close((err) => (err ? reject(err) : resolve())));
});

describe('GET /asyncapi.json', () => {
  it('answers 200 without a token with the AsyncAPI 3.0 document of the contracts', async () => {
    const res = await fetch(`${base}/asyncapi.json`);
    expect([res.status, res.headers.get('content-type')]).toEqual([200, 'application/json; charset=utf-8']);
    const body = (await res.json()) as { asyncapi: string; channels: Record<string, { address: string }> };
    expect(body).toEqual(JSON.parse(JSON.stringify(asyncApiDocument())));
    expect(body.asyncapi).toBe('3.0.0');
    expect(body.channels.loan?.address).toBe('techcredit.loan.v1');
  });

  it('is listed as a public path of /openapi.json', async () => {
    const res = await fetch(`${base}/openapi.json`);
    const body = (await res.json()) as { paths: Record<string, { get?: { security?: unknown[] } }> };
    expect([res.status, body.paths['/asyncapi.json']?.get?.security]).toEqual([200, []]);
  });
});
