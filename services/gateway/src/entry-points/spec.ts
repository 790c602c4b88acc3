import type { RequestHandler } from 'express';
import type { z } from 'zod';
import type { Role, Rule } from '@techcredit/auth';
import type { Command } from './command';

/**
 * One public route, as data: what it does, who may call it, what it validates, what it answers. The same
 * table registers the routes (deny by default: each has a rule), generates the OpenAPI document and
 * drives the role tests.
 */
export const REGION_SCOPES = ['filtered', 'checked', 'whole-region', 'none'] as const;
export type RegionScope = (typeof REGION_SCOPES)[number];

interface SpecBase {
  /** Express path under `/v1`. */
  path: string;
  summary: string;
  /** The roles the route rule can let through (some only for their own resource); every other role gets 403. */
  roles: readonly Role[];
  /** Who may call it, in words (OpenAPI `description`). */
  access: string;
  rule: Rule;
  /**
   * How a regulator's region scope applies (every route a regulator may call states one; `none` means no
   * regulator passes the rule): `filtered` — the region is forwarded and the answer holds only the region's
   * enterprises; `checked` — the one enterprise or loan asked for must be in the region (else 403/404);
   * `whole-region` — only a regulator of '65' (the data cannot be split by prefecture).
   */
  regionScope: RegionScope;
  params?: z.ZodType;
  query?: z.ZodType;
  /** Success status. */
  status: 200 | 202;
  /** Problem statuses this route can answer besides 401/403 (documented in OpenAPI). */
  problems: readonly number[];
}

export interface GetSpec extends SpecBase {
  method: 'get';
  handler: RequestHandler;
}

export interface PostSpec extends SpecBase {
  method: 'post';
  /** A command (the default): Idempotency-Key, audit record, events published, 202. */
  kind?: 'command';
  body: z.ZodType;
  /** Body validated by the command itself (the loan batch names each invalid item), not by `validateBody`. */
  customBodyCheck?: boolean;
  command: Command;
}

/**
 * A read whose question does not fit a query string (a what-if, a dry run): a POST with a validated JSON body,
 * answered like a GET (200, proxied or computed) — no Idempotency-Key, no audit record, nothing published.
 */
export interface PostReadSpec extends SpecBase {
  method: 'post';
  kind: 'read';
  body: z.ZodType;
  /** Body checked by the handler itself (the loan-batch dry run reports each row), not by `validateBody`. */
  customBodyCheck?: boolean;
  status: 200;
  handler: RequestHandler;
}

export type RouteSpec = GetSpec | PostSpec | PostReadSpec;

/** Does the route change anything (a command: idempotent, audited, publishes)? GETs and POST reads do not. */
export const isCommand = (spec: RouteSpec): spec is PostSpec => spec.method === 'post' && spec.kind !== 'read';
