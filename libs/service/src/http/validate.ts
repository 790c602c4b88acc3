import type { Request, RequestHandler, Response } from 'express';
import type { z } from 'zod';
import { UnsupportedMediaType, ValidationProblem, type ProblemLocation } from './problems';

/**
 * zod validation of the request parts. Parsed values go to `res.locals.body | query | params`
 * (express 5's `req.query` is a getter and must not be assigned); failures are 422 problems with the issues.
 *
 * Schemas MUST be strict (`z.strictObject(...)` or `.strict()`) so unknown fields are rejected rather than
 * silently dropped: `validateBody` and `validateQuery` check this when the route is built and throw
 * otherwise (objects nested in arrays, optionals, unions and pipes included).
 * Query values arrive as strings (or string arrays for repeated keys): use contracts `queryInt` / `QueryYear` (plain decimal digits; `z.coerce.number()` would take `0x7E8`, `1e2`, ` 2024`).
 */

type Def = {
  type: string;
  catchall?: { _zod: { def: Def } };
  shape?: Record<string, { _zod: { def: Def } }>;
  element?: { _zod: { def: Def } };
  innerType?: { _zod: { def: Def } };
  options?: { _zod: { def: Def } }[];
  in?: { _zod: { def: Def } };
  valueType?: { _zod: { def: Def } };
  items?: { _zod: { def: Def } }[];
};

/** Paths of object schemas inside `schema` that would accept unknown keys. */
export function nonStrictObjectPaths(schema: z.ZodType): string[] {
  const found: string[] = [];
  const walk = (def: Def, path: string): void => {
    switch (def.type) {
      case 'object':
        if (def.catchall?._zod.def.type !== 'never') found.push(path || '(root)');
        for (const [k, v] of Object.entries(def.shape ?? {})) walk(v._zod.def, path ? `${path}.${k}` : k);
        return;
      case 'array':
        if (def.element) walk(def.element._zod.def, `${path}[]`);
        return;
      case 'record':
        if (def.valueType) walk(def.valueType._zod.def, `${path}{}`);
        return;
      case 'tuple':
        (def.items ?? []).forEach((s, i) => walk(s._zod.def, `${path}[${i}]`));
        return;
      case 'union':
        (def.options ?? []).forEach((s) => walk(s._zod.def, path));
        return;
      case 'pipe':
        if (def.in) walk(def.in._zod.def, path);
        return;
      default:
        // optional, nullable, default, prefault, catch, readonly, nonoptional wrap an inner type.
        if (def.innerType) walk(def.innerType._zod.def, path);
    }
  };
  walk((schema as unknown as { _zod: { def: Def } })._zod.def, '');
  return found;
}

function assertStrict(schema: z.ZodType, fn: string): void {
  const loose = nonStrictObjectPaths(schema);
  if (loose.length > 0) {
    throw new TypeError(`${fn}: schema must be strict (z.strictObject) so unknown fields are rejected; loose at ${loose.join(', ')}`);
  }
}

function validator(where: 'body' | 'query' | 'params', schema: z.ZodType): RequestHandler {
  return (req, res, next) => {
    if (where === 'body' && req.body === undefined && hasBody(req)) {
      return next(new UnsupportedMediaType()); // a body was sent but no JSON parser accepted it
    }
    const parsed = schema.safeParse(req[where]);
    if (!parsed.success) return next(ValidationProblem.fromZod(parsed.error, where as ProblemLocation));
    res.locals[where] = parsed.data;
    next();
  };
}

function hasBody(req: Request): boolean {
  const length = req.headers['content-length'];
  return req.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
}

/** Validates `req.body` (parsed by `jsonBody`) → `res.locals.body`. Non-JSON body → 415. */
export function validateBody(schema: z.ZodType): RequestHandler {
  assertStrict(schema, 'validateBody');
  return validator('body', schema);
}

/** Validates `req.query` → `res.locals.query`. */
export function validateQuery(schema: z.ZodType): RequestHandler {
  assertStrict(schema, 'validateQuery');
  return validator('query', schema);
}

/** Validates `req.params` → `res.locals.params`. Register on the route (params are per route). */
export function validateParams(schema: z.ZodType): RequestHandler {
  return validator('params', schema);
}

function read<S extends z.ZodType>(res: Response, where: 'body' | 'query' | 'params'): z.output<S> {
  if (!(where in res.locals)) {
    throw new Error(`res.locals.${where} is not set: register validate${where[0]?.toUpperCase()}${where.slice(1)}(schema) before this handler`);
  }
  return res.locals[where] as z.output<S>;
}

/** Typed read of the validated body: `const b = validBody(res, LoanSchema)`. The schema is used for its type only. */
export function validBody<S extends z.ZodType>(res: Response, _schema: S): z.output<S> {
  return read<S>(res, 'body');
}
export function validQuery<S extends z.ZodType>(res: Response, _schema: S): z.output<S> {
  return read<S>(res, 'query');
}
export function validParams<S extends z.ZodType>(res: Response, _schema: S): z.output<S> {
  return read<S>(res, 'params');
}
