import express, { type RequestHandler } from 'express';

export interface JsonBodyOptions {
  /** Maximum body size (bytes or '100kb' / '1mb'); larger bodies are a 413 problem. Default '1mb'. */
  limit?: string | number;
}

/**
 * The JSON body parser every app uses: bounded size, objects and arrays only (`strict`), for
 * `application/json` and `application/*+json`. Malformed JSON → 400, too large → 413 (via `problemHandler`).
 */
export function jsonBody(opts: JsonBodyOptions = {}): RequestHandler {
  return express.json({ limit: opts.limit ?? '1mb', strict: true, type: ['application/json', 'application/*+json'] });
}
