import { request as httpRequest } from 'node:http';
import fc from 'fast-check';
import type { Express } from 'express';
import { z } from 'zod';

/**
 * Hostile-input helpers for integration tests (issue 14): malformed path escapes, over-deep JSON, the
 * routes an express app serves, the problem+json check, and fast-check arbitraries derived from the zod
 * schemas of a route (through `z.toJSONSchema`, input side) plus raw malformed bodies.
 */

/**
 * Path segments `decodeURIComponent` refuses: not hex, a lone `%`, a truncated 3-byte sequence, overlong
 * UTF-8 (`/` as C0 AF, `€` as F0 82 82 AC), a UTF-16 surrogate encoded as UTF-8, a stray continuation byte.
 */
export const MALFORMED_PATH_SEGMENTS = ['%ZZ', '%', '%E0%A4%A', '%C0%AF', '%F0%82%82%AC', '%ED%A0%80', '%80', 'A%2'] as const;

/**
 * `encodeURIComponent`, except that a lone UTF-16 surrogate (which it refuses) is sent as its raw 3-byte
 * UTF-8 form `%ED%xx%xx` — itself a malformed escape the server must answer with a 400.
 */
export function encodePart(s: string): string {
  return s.replace(/[\ud800-\udbff][\udc00-\udfff]|[\ud800-\udfff]|[^\ud800-\udfff]+/g, (chunk) => {
    if (chunk.length === 1 && chunk >= '\ud800' && chunk <= '\udfff') {
      const c = chunk.charCodeAt(0);
      return `%ED%${(0xa0 | ((c >> 6) & 0x1f)).toString(16).toUpperCase()}%${(0x80 | (c & 0x3f)).toString(16).toUpperCase()}`;
    }
    return encodeURIComponent(chunk);
  });
}

/** `[[[…]]]` nested `depth` levels, optionally inside `{"events": …}`. */
export function deepJson(depth: number, wrapKey?: string): string {
  const inner = '['.repeat(depth) + ']'.repeat(depth);
  return wrapKey === undefined ? inner : `{${JSON.stringify(wrapKey)}:${inner}}`;
}

export interface ServedRoute {
  method: string;
  path: string;
}

interface Layer {
  route?: { path: string | string[]; methods: Record<string, boolean> };
  handle?: { stack?: Layer[] };
}

/** Every route an express 5 app serves (nested routers included), as registered (`/v1/loans/:loanId`). */
export function routesOf(app: Express): ServedRoute[] {
  const out: ServedRoute[] = [];
  const walk = (stack: Layer[] | undefined): void => {
    for (const layer of stack ?? []) {
      if (layer.route) {
        const paths = Array.isArray(layer.route.path) ? layer.route.path : [layer.route.path];
        for (const path of paths) for (const m of Object.keys(layer.route.methods)) out.push({ method: m.toUpperCase(), path });
      } else {
        walk(layer.handle?.stack);
      }
    }
  };
  walk((app as unknown as { router: { stack: Layer[] } }).router.stack);
  return out;
}

/** Replaces every `:param` of an express path with `value(name)`. */
export function fillPath(path: string, value: (param: string) => string): string {
  return path.replace(/:([A-Za-z]+)/g, (_m, name: string) => value(name));
}

export interface RawAnswer {
  status: number;
  contentType: string | null;
  text: string;
  headers: Headers;
}

/**
 * Why an answer breaks the hostile-input contract (undefined if it holds): no 5xx, and every 4xx is an
 * RFC 9457 problem (`application/problem+json` with its status, a type and a title).
 */
export function contractViolation(a: RawAnswer): string | undefined {
  if (a.status >= 500) return `answered ${a.status}: ${a.text.slice(0, 300)}`;
  if (a.status < 400) return undefined;
  if (!a.contentType?.startsWith('application/problem+json')) return `${a.status} with content-type ${a.contentType}`;
  let doc: { status?: unknown; type?: unknown; title?: unknown };
  try {
    doc = JSON.parse(a.text) as typeof doc;
  } catch {
    return `${a.status} problem is not JSON: ${a.text.slice(0, 200)}`;
  }
  if (doc.status !== a.status || typeof doc.type !== 'string' || typeof doc.title !== 'string') return `${a.status} malformed problem ${a.text.slice(0, 200)}`;
  return undefined;
}

/**
 * One HTTP request sent as written (node:http, not fetch: the path goes out byte for byte, escapes
 * included, and a GET may carry a body).
 */
export function rawRequest(
  base: string,
  method: string,
  path: string,
  opts: { token?: string; body?: string | Uint8Array; contentType?: string; headers?: Record<string, string> } = {},
): Promise<RawAnswer> {
  const url = new URL(base);
  const headers: Record<string, string> = { ...(opts.headers ?? {}) };
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  const body = opts.body === undefined ? undefined : typeof opts.body === 'string' ? Buffer.from(opts.body, 'utf8') : Buffer.from(opts.body);
  if (body) {
    headers['content-type'] = opts.contentType ?? 'application/json';
    headers['content-length'] = String(body.length);
  }
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: url.hostname, port: url.port, method, path, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const h = new Headers();
        for (const [k, v] of Object.entries(res.headers)) if (typeof v === 'string') h.set(k, v);
        resolve({ status: res.statusCode ?? 0, contentType: res.headers['content-type'] ?? null, text: Buffer.concat(chunks).toString('utf8'), headers: h });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

// ---------------------------------------------------------------- arbitraries from the zod schemas

type JsonSchema = {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  prefixItems?: JsonSchema[];
  minItems?: number;
  maxItems?: number;
  enum?: unknown[];
  const?: unknown;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  pattern?: string;
  format?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  additionalProperties?: boolean | JsonSchema;
};

/** Values at and around the edges of any JSON type: what a hostile caller tries first. */
const hostileScalar: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(null, true, false, 0, -1, 1.5, -0, 1e308, -1e308, Number.MAX_SAFE_INTEGER + 2, '', ' ', '0x7E8', '1e2', ' 2024', '0000-01-01', '0001-12-31', '9999-12-31', '2024-02-30', '%ZZ', '\u0000', '\ud800', '__proto__', 'constructor'),
  fc.string({ maxLength: 40 }),
  fc.integer(),
  fc.double({ noNaN: true }),
);

const anyJson: fc.Arbitrary<unknown> = fc.oneof({ depthSize: 'small' }, hostileScalar, fc.jsonValue({ maxDepth: 3 }));

/**
 * Values for a JSON schema, mostly valid (so they reach the deep validation and the handlers), sometimes
 * with one part replaced by a hostile value, a required key dropped or an unknown key added.
 */
export function arbitraryFor(schema: JsonSchema, depth = 0): fc.Arbitrary<unknown> {
  const valid = validArbitrary(schema, depth);
  return fc.oneof({ arbitrary: valid, weight: 6 }, { arbitrary: anyJson, weight: 1 });
}

function validArbitrary(s: JsonSchema, depth: number): fc.Arbitrary<unknown> {
  if (depth > 6) return anyJson;
  if (s.const !== undefined) return fc.constant(s.const);
  if (s.enum) return fc.constantFrom(...s.enum);
  const alternatives = s.anyOf ?? s.oneOf;
  if (alternatives?.length) return fc.oneof(...alternatives.map((a) => arbitraryFor(a, depth + 1)));
  if (s.allOf?.length) return arbitraryFor(s.allOf[0]!, depth + 1);
  const type = Array.isArray(s.type) ? s.type[0] : s.type;
  switch (type) {
    case 'string':
      if (s.format === 'date') return fc.oneof(fc.date({ min: new Date('1890-01-01'), max: new Date('2210-12-31'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)), fc.constantFrom('0000-01-01', '0001-01-01', '2024-12-31'));
      if (s.format === 'date-time') return fc.date({ min: new Date('1990-01-01'), max: new Date('2100-01-01'), noInvalidDate: true }).map((d) => d.toISOString());
      if (s.format === 'uuid') return fc.uuid();
      if (s.pattern) {
        try {
          return fc.stringMatching(new RegExp(s.pattern));
        } catch {
          return fc.string();
        }
      }
      return fc.string({ minLength: s.minLength ?? 0, maxLength: Math.min(s.maxLength ?? 30, 60) });
    case 'integer': {
      const min = s.minimum ?? (s.exclusiveMinimum !== undefined ? s.exclusiveMinimum + 1 : -1_000_000);
      const max = s.maximum ?? (s.exclusiveMaximum !== undefined ? s.exclusiveMaximum - 1 : 1_000_000_000_000);
      return fc.integer({ min: Math.max(min, Number.MIN_SAFE_INTEGER), max: Math.min(max, Number.MAX_SAFE_INTEGER) });
    }
    case 'number':
      return fc.double({ noNaN: true, min: s.minimum ?? -1e12, max: s.maximum ?? 1e12 });
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'array': {
      const item = s.items ? arbitraryFor(s.items, depth + 1) : anyJson;
      const minLength = Math.min(s.minItems ?? 0, 20);
      return fc.array(item, { minLength, maxLength: Math.max(minLength, Math.min(s.maxItems ?? 4, 4)) });
    }
    case 'object': {
      const props = s.properties ?? {};
      const required = new Set(s.required ?? []);
      const keys = Object.keys(props);
      const record: Record<string, fc.Arbitrary<unknown>> = {};
      for (const k of keys) record[k] = arbitraryFor(props[k]!, depth + 1);
      const requiredKeys = keys.filter((k) => required.has(k));
      const base = fc.record(record, { requiredKeys });
      return fc.oneof(
        { arbitrary: base, weight: 8 },
        { arbitrary: fc.tuple(base, fc.constantFrom(...(keys.length ? keys : ['x']))).map(([o, k]) => omit(o as Record<string, unknown>, k)), weight: 1 },
        { arbitrary: fc.tuple(base, fc.string({ minLength: 1, maxLength: 12 }), anyJson).map(([o, k, v]) => ({ ...(o as object), [k]: v })), weight: 1 },
      );
    }
    default:
      return anyJson;
  }
}

function omit(o: Record<string, unknown>, key: string): Record<string, unknown> {
  const copy = { ...o };
  delete copy[key];
  return copy;
}

/** A zod schema's input JSON schema (unrepresentable refinements become "any"). */
export function inputJsonSchema(schema: z.ZodType): JsonSchema {
  return z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
}

/** Query strings for a strict query schema: schema-derived values as strings, hostile spellings, repeated and unknown keys. */
export function queryArbitrary(schema: z.ZodType | undefined): fc.Arbitrary<string> {
  const props = schema ? (inputJsonSchema(schema).properties ?? {}) : {};
  const keys = Object.keys(props);
  const value = (k: string) => arbitraryFor(props[k]!).map((v) => (typeof v === 'string' ? v : JSON.stringify(v) ?? ''));
  const pair = keys.length
    ? fc.oneof(
        fc.constantFrom(...keys).chain((k) => value(k).map((v) => [k, v] as const)),
        fc.tuple(fc.constantFrom(...keys), fc.constantFrom('0x7E8', '1e2', ' 2024', '', '%ZZ', '2024.0', '-1', '99999999999999999999', '0000-01-01')),
      )
    : fc.tuple(fc.string({ maxLength: 8 }), fc.string({ maxLength: 8 }));
  const encoded = fc.array(pair, { maxLength: 4 }).map((pairs) => pairs.map(([k, v]) => `${encodePart(k)}=${encodePart(v)}`).join('&'));
  const raw = fc.constantFrom('year=%ZZ', 'limit=%', 'asOf[]=2024-12-31', 'a[b][c]=1', '&&&', '=x', 'limit=1&limit=2', 'year=0x7E8', 'year=%202024', 'limit=1e2');
  return fc.oneof({ arbitrary: encoded, weight: 4 }, { arbitrary: raw, weight: 1 }).map((q) => (q ? `?${q}` : ''));
}

/** Raw request bodies no schema expects: random bytes, invalid UTF-8, truncated or over-deep JSON, wrong media. */
export function rawBodyArbitrary(): fc.Arbitrary<{ body: string | Uint8Array; contentType: string }> {
  const json = 'application/json';
  return fc.oneof(
    fc.uint8Array({ maxLength: 200 }).map((b) => ({ body: b, contentType: json })),
    fc.constantFrom(
      { body: new Uint8Array([0xc0, 0xaf, 0xff, 0xfe]), contentType: json },
      { body: '{"events":[{"id":', contentType: json },
      { body: deepJson(5000, 'events'), contentType: json },
      { body: deepJson(33), contentType: json },
      { body: '{"a":1,"a":2}', contentType: json },
      { body: '"just a string"', contentType: json },
      { body: '12', contentType: json },
      { body: 'null', contentType: json },
      { body: '{"__proto__":{"admin":true}}', contentType: json },
      { body: 'x=1', contentType: 'application/x-www-form-urlencoded' },
      { body: '{}', contentType: 'text/plain' },
      { body: '{"x":"\\ud800"}', contentType: json },
      { body: '{}', contentType: 'application/json; charset=utf-7' },
    ),
    fc.jsonValue({ maxDepth: 4 }).map((v) => ({ body: JSON.stringify(v) ?? 'null', contentType: json })),
  );
}
