import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import express from 'express';
import pino from 'pino';
import { z } from 'zod';
import { PROBLEM_TYPE_FORBIDDEN, PROBLEM_TYPE_UNAUTHORIZED } from '@techcredit/auth';
import {
  BadRequest,
  Conflict,
  Forbidden,
  jsonBody,
  notFoundHandler,
  Pagination,
  problemHandler,
  Unauthorized,
  jsonNestingDepth,
  MAX_JSON_DEPTH,
  validateBody,
  validateParams,
  validateQuery,
  validBody,
  validParams,
  validQuery,
} from './index';

/** Real HTTP: an express app on an ephemeral loopback port, called with node's fetch. */

const Item = z.strictObject({ name: z.string().min(1), amountFen: z.number().int().nonnegative() });
const ItemQuery = Pagination.extend({ status: z.enum(['open', 'closed']).optional() });
const ItemParams = z.strictObject({ id: z.string().regex(/^I\d+$/) });

const logLines: Record<string, unknown>[] = [];
const logger = pino({ level: 'error' }, { write: (line: string) => logLines.push(JSON.parse(line)) });

let server: Server;
let base: string;

beforeAll(async () => {
  const app = express();
  app.use(jsonBody({ limit: '1kb' }));
  app.post('/items', validateBody(Item), (_req, res) => {
    res.status(201).json(validBody(res, Item));
  });
  app.get('/items', validateQuery(ItemQuery), (_req, res) => {
    res.json(validQuery(res, ItemQuery));
  });
  app.get('/items/:id', validateParams(ItemParams), (_req, res) => {
    res.json(validParams(res, ItemParams));
  });
  app.get('/bad', () => {
    throw new BadRequest('as-of date is in the future');
  });
  app.get('/unauthorized', () => {
    throw new Unauthorized();
  });
  app.get('/forbidden', () => {
    throw new Forbidden('not your enterprise');
  });
  app.get('/conflict', () => {
    // extension members never override the standard ones (status stays 409)
    throw new Conflict('asset already pledged', { reason: 'ASSET_ALREADY_PLEDGED', status: 200 });
  });
  app.get('/boom', () => {
    throw new Error('connection string mongodb://admin:s3cret@db');
  });
  app.get('/async-boom', async () => {
    await Promise.resolve();
    throw new TypeError('undefined is not a function');
  });
  app.use(notFoundHandler, problemHandler(logger));
  await new Promise<void>((resolve) => {
    server = app.listen(0, '127.0.0.1', () => resolve());
  });
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise<void>((resolve, reject) => server.close((err) => (err ? reject(err) : resolve())));
});

const postRaw = (path: string, body: string, contentType = 'application/json') =>
  fetch(base + path, { method: 'POST', headers: { 'content-type': contentType }, body });

async function problem(res: Response, status: number): Promise<Record<string, unknown>> {
  expect(res.status).toBe(status);
  expect(res.headers.get('content-type')).toBe('application/problem+json; charset=utf-8');
  const body = (await res.json()) as Record<string, unknown>;
  expect(body.status).toBe(status);
  expect(typeof body.type).toBe('string');
  expect(typeof body.title).toBe('string');
  return body;
}

describe('problem+json shapes', () => {
  it('400 for malformed JSON', async () => {
    const body = await problem(await postRaw('/items', '{"name": '), 400);
    expect(body).toEqual({
      type: 'urn:techcredit:problem:bad-request',
      title: 'Bad request',
      status: 400,
      detail: 'request body is not valid JSON',
      instance: '/items',
    });
  });

  it('400 thrown by a route', async () => {
    expect(await problem(await fetch(`${base}/bad?x=1`), 400)).toEqual({
      type: 'urn:techcredit:problem:bad-request',
      title: 'Bad request',
      status: 400,
      detail: 'as-of date is in the future',
      instance: '/bad', // no query string
    });
  });

  it('401 with a Bearer challenge and the same type as the auth middleware', async () => {
    const res = await fetch(`${base}/unauthorized`);
    expect(res.headers.get('www-authenticate')).toBe('Bearer realm="techcredit"');
    expect((await problem(res, 401)).type).toBe(PROBLEM_TYPE_UNAUTHORIZED);
  });

  it('403', async () => {
    const body = await problem(await fetch(`${base}/forbidden`), 403);
    expect(body).toMatchObject({ type: PROBLEM_TYPE_FORBIDDEN, title: 'Forbidden', detail: 'not your enterprise' });
  });

  it('404 for an unknown route', async () => {
    expect(await problem(await fetch(`${base}/nowhere`), 404)).toEqual({
      type: 'urn:techcredit:problem:not-found',
      title: 'Not found',
      status: 404,
      detail: 'no route for GET /nowhere',
      instance: '/nowhere',
    });
  });

  it('409 with extension members', async () => {
    expect(await problem(await fetch(`${base}/conflict`), 409)).toEqual({
      type: 'urn:techcredit:problem:conflict',
      title: 'Conflict',
      status: 409,
      detail: 'asset already pledged',
      instance: '/conflict',
      reason: 'ASSET_ALREADY_PLEDGED',
    });
  });

  it('413 for a body over the limit', async () => {
    const big = JSON.stringify({ name: 'x'.repeat(2000), amountFen: 1 });
    const body = await problem(await postRaw('/items', big), 413);
    expect(body).toMatchObject({ type: 'urn:techcredit:problem:payload-too-large', detail: 'request body exceeds the limit of 1024 bytes' });
  });

  it('415 for a body that is not JSON', async () => {
    const body = await problem(await postRaw('/items', 'name=x', 'application/x-www-form-urlencoded'), 415);
    expect(body.type).toBe('urn:techcredit:problem:unsupported-media-type');
  });

  it('500 with a generic detail; the error is logged, never sent', async () => {
    logLines.length = 0;
    const res = await fetch(`${base}/boom`);
    const text = await res.text();
    expect(res.status).toBe(500);
    expect(res.headers.get('content-type')).toBe('application/problem+json; charset=utf-8');
    expect(JSON.parse(text)).toEqual({
      type: 'urn:techcredit:problem:internal',
      title: 'Internal server error',
      status: 500,
      detail: 'an unexpected error occurred',
      instance: '/boom',
    });
    expect(text).not.toMatch(/s3cret|at .*\.ts|stack/);
    expect(logLines).toHaveLength(1);
    expect(logLines[0]).toMatchObject({ msg: 'unhandled error in HTTP request', method: 'GET', url: '/boom' });
    expect((logLines[0]?.err as { message: string; stack: string }).message).toContain('s3cret');
  });

  it('500 for a rejected async handler (express 5 forwards it)', async () => {
    logLines.length = 0;
    const body = await problem(await fetch(`${base}/async-boom`), 500);
    expect(body.detail).toBe('an unexpected error occurred');
    expect(logLines).toHaveLength(1);
  });
});

describe('validation (422)', () => {
  it('accepts a valid body and puts the parsed value on res.locals.body', async () => {
    const res = await postRaw('/items', JSON.stringify({ name: 'loan', amountFen: 100_000 }));
    expect(res.status).toBe(201);
    expect(await res.json()).toEqual({ name: 'loan', amountFen: 100_000 });
  });

  it('rejects unknown fields, one error per key', async () => {
    const res = await postRaw('/items', JSON.stringify({ name: 'loan', amountFen: 1, isAdmin: true, note: 'x' }));
    const body = await problem(res, 422);
    expect(body).toMatchObject({ type: 'urn:techcredit:problem:validation', title: 'Validation failed' });
    expect(body.errors).toEqual([
      { in: 'body', path: ['isAdmin'], message: 'unknown field', code: 'unrecognized_keys' },
      { in: 'body', path: ['note'], message: 'unknown field', code: 'unrecognized_keys' },
    ]);
  });

  it('reports each invalid field with its path and zod code', async () => {
    const body = await problem(await postRaw('/items', JSON.stringify({ name: '', amountFen: 1.5 })), 422);
    const errors = body.errors as { in: string; path: unknown[]; code: string; message: string }[];
    expect(errors.map((e) => [e.in, e.path, e.code])).toEqual([
      ['body', ['name'], 'too_small'],
      ['body', ['amountFen'], 'invalid_type'],
    ]);
    for (const e of errors) expect(e.message.length).toBeGreaterThan(0);
  });

  it('an empty JSON body is a 422 listing the required fields', async () => {
    const res = await fetch(`${base}/items`, { method: 'POST', headers: { 'content-type': 'application/json' } });
    const body = await problem(res, 422);
    const errors = body.errors as { path: unknown[]; code: string }[];
    expect(errors.map((e) => [e.path, e.code])).toEqual([
      [['name'], 'invalid_type'],
      [['amountFen'], 'invalid_type'],
    ]);
  });

  it('query: defaults, coercion, bounds and unknown parameters', async () => {
    expect(await (await fetch(`${base}/items`)).json()).toEqual({ limit: 100, offset: 0 });
    expect(await (await fetch(`${base}/items?limit=500&offset=1000000&status=open`)).json()).toEqual({
      limit: 500,
      offset: 1_000_000,
      status: 'open',
    });
    const tooMuch = await problem(await fetch(`${base}/items?limit=501&offset=-1`), 422);
    expect((tooMuch.errors as { in: string; path: unknown[] }[]).map((e) => [e.in, e.path])).toEqual([
      ['query', ['limit']],
      ['query', ['offset']],
    ]);
    const zero = await problem(await fetch(`${base}/items?limit=0`), 422);
    expect((zero.errors as { code: string }[])[0]?.code).toBe('too_small');
    const unknown = await problem(await fetch(`${base}/items?sort=desc`), 422);
    expect(unknown.errors).toEqual([{ in: 'query', path: ['sort'], message: 'unknown field', code: 'unrecognized_keys' }]);
  });

  it('params', async () => {
    expect(await (await fetch(`${base}/items/I42`)).json()).toEqual({ id: 'I42' });
    const body = await problem(await fetch(`${base}/items/42`), 422);
    expect((body.errors as { in: string; path: unknown[] }[])[0]).toMatchObject({ in: 'params', path: ['id'] });
  });
});

describe('hostile input is a 4xx problem, never a 500', () => {
  it.each(['%ZZ', '%', '%E0%A4%A', '%C0%AF', '%ED%A0%80', 'I1%'])('malformed percent-escape %s in a path parameter → 400', async (raw) => {
    const body = await problem(await fetch(`${base}/items/${raw}`), 400);
    expect(body).toMatchObject({ type: 'urn:techcredit:problem:bad-request', reason: 'MALFORMED_PATH' });
  });
  it('a body nested deeper than MAX_JSON_DEPTH → 400 before anything parses it; at the limit it reaches validation', async () => {
    const deep = (n: number) => '['.repeat(n) + ']'.repeat(n);
    const tooDeep = await problem(await postRaw('/items', `{"name":${deep(MAX_JSON_DEPTH)}}`), 400);
    expect(tooDeep.detail).toBe(`request body nests deeper than ${MAX_JSON_DEPTH} levels`);
    // over this app's 1kb limit the size check answers first
    await problem(await postRaw('/items', deep(100_000)), 413);
    await problem(await postRaw('/items', `{"name":${deep(MAX_JSON_DEPTH - 1)}}`), 422);
  });
  it('jsonNestingDepth ignores brackets inside strings and escaped quotes', () => {
    const enc = (s: string) => new TextEncoder().encode(s);
    expect(jsonNestingDepth(enc('{"a":"[[[{{{\\"}'))).toBe(1);
    expect(jsonNestingDepth(enc('{"a":"\\"[[[","b":[[1]]}'))).toBe(3);
    expect(jsonNestingDepth(enc('[[[[]]]]'))).toBe(4);
    expect(jsonNestingDepth(enc('[[[[]]]]'), 2)).toBe(3);
    expect(jsonNestingDepth(enc('"plain"'))).toBe(0);
  });
});

describe('strict schemas are enforced when routes are built', () => {
  it('validateBody and validateQuery refuse schemas that would accept unknown fields', () => {
    expect(() => validateBody(z.object({ a: z.string() }))).toThrow(/must be strict.*\(root\)/);
    expect(() => validateBody(z.strictObject({ items: z.array(z.object({ x: z.number() })) }))).toThrow(/items\[\]/);
    expect(() => validateQuery(z.looseObject({}))).toThrow(/must be strict/);
    expect(() => validateBody(z.strictObject({ inner: z.strictObject({ x: z.number() }).optional() }))).not.toThrow();
  });
});
