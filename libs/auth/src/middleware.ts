import { Router, type Request, type RequestHandler, type Response } from 'express';
import type { Principal, PrincipalOf, Role } from './principal';
import type { Verifier } from './verifier';

/**
 * Express 5 middleware: `authenticate` turns a Bearer token into `req.principal` (or 401);
 * `authorize(rule)` lets the request through only if the rule holds (or 403). Both answer with
 * RFC 9457 `application/problem+json` themselves, using the same problem types as
 * `@techcredit/service`'s `Unauthorized` / `Forbidden`, so they work before or without its error handler.
 */

declare module 'express-serve-static-core' {
  interface Request {
    /** Set by `authenticate` once the token is verified; absent on public routes. */
    principal?: Principal;
  }
}

const RULE = Symbol('techcredit.auth.rule');
type Predicate = (principal: Principal, req: Request, res: Response) => boolean;
/**
 * A rule decides whether an authenticated principal may use a route. Pure and synchronous. Rules are
 * branded (made by `allow`, `anyOf`, `allOf`, `ownBank`, `ownEnterprise` or `rule(fn)`), so a request
 * handler passed where a rule belongs is refused when the route is built.
 */
export type Rule = Predicate & { readonly [RULE]: true };
export type Matcher<R extends Role> = (principal: PrincipalOf<R>, req: Request, res: Response) => boolean;

/** Brands a custom predicate as a rule. */
export function rule(predicate: Predicate): Rule {
  return Object.assign((p: Principal, req: Request, res: Response) => predicate(p, req, res), { [RULE]: true as const });
}

export function isRule(x: unknown): x is Rule {
  return typeof x === 'function' && (x as Partial<Rule>)[RULE] === true;
}

export const PROBLEM_TYPE_UNAUTHORIZED = 'urn:techcredit:problem:unauthorized';
export const PROBLEM_TYPE_FORBIDDEN = 'urn:techcredit:problem:forbidden';

function sendProblem(req: Request, res: Response, status: 401 | 403, detail: string): void {
  const [type, title] =
    status === 401 ? [PROBLEM_TYPE_UNAUTHORIZED, 'Unauthorized'] : [PROBLEM_TYPE_FORBIDDEN, 'Forbidden'];
  const instance = req.originalUrl.split('?')[0];
  res.status(status).type('application/problem+json').json({ type, title, status, detail, instance });
}

/** `Authorization: Bearer <token>` → `req.principal`, else 401 with a `WWW-Authenticate` challenge (RFC 6750). */
export function authenticate(verifier: Verifier): RequestHandler {
  return (req, res, next) => {
    const header = req.get('authorization');
    if (header === undefined) {
      res.set('WWW-Authenticate', 'Bearer realm="techcredit"');
      return sendProblem(req, res, 401, 'missing bearer token');
    }
    const m = /^Bearer +([A-Za-z0-9._~+/=-]+)$/i.exec(header.trim());
    const result = m?.[1] ? verifier.verify(m[1]) : null;
    if (!result || !result.ok) {
      const detail = result ? result.message : 'Authorization header must be "Bearer <token>"';
      const description = detail.replace(/["\\]/g, "'").replace(/[^\x20-\x7e]/g, '?');
      res.set('WWW-Authenticate', `Bearer realm="techcredit", error="invalid_token", error_description="${description}"`);
      return sendProblem(req, res, 401, detail);
    }
    req.principal = result.principal;
    next();
  };
}

/** Route-level guard: 401 if not authenticated, 403 unless `rule` holds. Register it on the route (it needs `req.params`). */
export function authorize(ruleToCheck: Rule): RequestHandler {
  if (!isRule(ruleToCheck)) throw new TypeError('authorize: a rule is required (see allow / rule)');
  return (req, res, next) => {
    const principal = req.principal;
    if (!principal) {
      res.set('WWW-Authenticate', 'Bearer realm="techcredit"');
      return sendProblem(req, res, 401, 'missing bearer token');
    }
    if (!ruleToCheck(principal, req, res)) return sendProblem(req, res, 403, `role ${principal.role} may not do this`);
    next();
  };
}

export type AllowSpec<R extends Role> =
  | { role: R; match?: Matcher<R> }
  | { roles: readonly R[]; match?: Matcher<R> };

/**
 * `allow({ roles: ['admin', 'regulator'] })`, or with a predicate on the (narrowed) principal:
 * `allow({ role: 'enterprise', match: (p, req) => p.enterpriseId === req.params.id })`.
 */
export function allow<R extends Role>(spec: AllowSpec<R>): Rule {
  const roles: readonly Role[] = 'roles' in spec ? spec.roles : [spec.role];
  const match = spec.match;
  return rule((p, req, res) => roles.includes(p.role) && (!match || match(p as PrincipalOf<R>, req, res)));
}

/** Holds if any of the rules holds (no rules → never). */
export function anyOf(...rules: Rule[]): Rule {
  return rule((p, req, res) => rules.some((r) => r(p, req, res)));
}

/** Holds if every rule holds (no rules → never, to stay deny-by-default). */
export function allOf(...rules: Rule[]): Rule {
  return rule((p, req, res) => rules.length > 0 && rules.every((r) => r(p, req, res)));
}

/** An enterprise acting on itself: `req.params[param]` is its own credit code. */
export function ownEnterprise(param = 'enterpriseId'): Rule {
  return allow({ role: 'enterprise', match: (p, req) => p.enterpriseId === req.params[param] });
}

/** A bank acting on itself: `req.params[param]` is its own bankId. */
export function ownBank(param = 'bankId'): Rule {
  return allow({ role: 'bank', match: (p, req) => p.bankId === req.params[param] });
}

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';
type GuardedRoute = (path: string, rule: Rule, ...handlers: RequestHandler[]) => GuardedRouter;

export interface GuardedRouter extends Record<Method, GuardedRoute> {
  /** Mount this: `app.use('/v1', guard.handler)`. Routes can only be added through the methods below. */
  readonly handler: RequestHandler;
  /** A sub-tree behind one rule (the rule sees only the params of `path`, not the sub-router's). */
  use(path: string, rule: Rule, ...handlers: RequestHandler[]): GuardedRouter;
}

/**
 * Deny by default. Every request entering the guard is authenticated first (401 otherwise), and
 * every route must be registered with an explicit rule — there is no way to add a route without one:
 *
 *   app.get('/healthz', …)                        // public routes: on the app, BEFORE the guard
 *   const guard = routeGuard(verifier)
 *     .get('/enterprises/:id', anyOf(allow({ roles: ['admin'] }), ownEnterprise('id')), handler)
 *     .post('/loans', allow({ role: 'bank' }), validateBody(Loan), handler);
 *   app.use('/v1', guard.handler);
 *   app.use(notFoundHandler, problemHandler(logger)); // authenticated requests to unknown paths → 404
 *
 * Ownership that depends on the body (a bank posting for its own bankId) is checked after validation,
 * e.g. `validateBody(S), authorize(allow({ role: 'bank', match: (p, _req, res) => p.bankId === res.locals.body.bankId }))`.
 */
export function routeGuard(verifier: Verifier): GuardedRouter {
  const router = Router();
  router.use(authenticate(verifier));
  const add =
    (method: Method | 'use'): GuardedRoute =>
    (path, routeRule, ...handlers) => {
      if (!isRule(routeRule)) throw new TypeError(`routeGuard.${method}(${path}): a rule is required (see allow / rule)`);
      if (handlers.length === 0) throw new TypeError(`routeGuard.${method}(${path}): no handler`);
      router[method](path, authorize(routeRule), ...handlers);
      return guard;
    };
  const guard: GuardedRouter = {
    handler: router,
    get: add('get'),
    post: add('post'),
    put: add('put'),
    patch: add('patch'),
    delete: add('delete'),
    use: add('use'),
  };
  return guard;
}
