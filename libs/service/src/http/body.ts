import express, { type RequestHandler } from 'express';
import { BadRequest } from './problems';

export interface JsonBodyOptions {
  /** Maximum body size (bytes or '100kb' / '1mb'); larger bodies are a 413 problem. Default '1mb'. */
  limit?: string | number;
  /** Maximum nesting of arrays and objects; deeper bodies are a 400 problem. Default `MAX_JSON_DEPTH`. */
  maxDepth?: number;
}

/**
 * Deepest nesting a request body may have. The deepest body of the public API (a loan-event batch with a
 * pledge's assets, a policy version) nests 5 levels; 32 leaves room and keeps every recursive walk of a
 * parsed body (zod, the Idempotency-Key fingerprint, logging) far from the stack limit.
 */
export const MAX_JSON_DEPTH = 32;

/**
 * Nesting depth of JSON text (`[]` and `{}` levels outside strings), scanned byte by byte without
 * recursion and without parsing; stops as soon as `limit` is exceeded (returns `limit + 1`).
 */
export function jsonNestingDepth(text: Uint8Array, limit = Number.POSITIVE_INFINITY): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === 0x5c) i++; // backslash: skip the escaped byte
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) {
      inString = true;
    } else if (c === 0x5b || c === 0x7b) {
      if (++depth > max && (max = depth) > limit) return max;
    } else if (c === 0x5d || c === 0x7d) {
      depth--;
    }
  }
  return max;
}

/**
 * The JSON body parser every app uses: bounded size, bounded nesting (checked on the raw bytes before
 * anything parses or walks the body), objects and arrays only (`strict`), for `application/json` and
 * `application/*+json`. Malformed or too deep JSON → 400, too large → 413 (via `problemHandler`).
 */
export function jsonBody(opts: JsonBodyOptions = {}): RequestHandler {
  const maxDepth = opts.maxDepth ?? MAX_JSON_DEPTH;
  return express.json({
    limit: opts.limit ?? '1mb',
    strict: true,
    type: ['application/json', 'application/*+json'],
    verify: (_req, _res, buf) => {
      if (jsonNestingDepth(buf, maxDepth) > maxDepth) {
        throw new BadRequest(`request body nests deeper than ${maxDepth} levels`, { maxDepth });
      }
    },
  });
}
