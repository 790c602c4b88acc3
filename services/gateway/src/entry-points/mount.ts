import type { RequestHandler, Router } from 'express';
import { routeGuard, type Verifier } from '@techcredit/auth';
import { asyncApiDocument } from '@techcredit/contracts';
import { UnsupportedMediaType, validateBody, validateParams, validateQuery } from '@techcredit/service';
import { command, type CommandOptions } from './command';
import { mountDevSignIn, type DevSignInOptions } from './dev-signin';
import { openApiDocument } from './openapi';
import { isCommand, type RouteSpec } from './spec';

/**
 * Mounts the public API on the service router: `GET /openapi.json` and `GET /asyncapi.json` (public: the
 * HTTP API and the events, both generated from the contracts), then every route of the
 * table behind the deny-by-default guard at `/v1` (401 without a valid token, 403 unless the route's rule
 * holds), each with its validators, GETs and POST reads (`kind: 'read'`) as handlers and other POSTs as idempotent commands. `/healthz`,
 * `/readyz` and `/metrics` come from the service runtime.
 */
export interface MountOptions {
  verifier: Verifier;
  specs: readonly RouteSpec[];
  commands: CommandOptions;
  /** Set only when the gateway starts with GATEWAY_DEV_SIGNIN=1: mounts `POST /dev/token` (else that path is a 404). */
  devSignIn?: DevSignInOptions;
}

/** A body the JSON parser did not take (another content type) is a 415, as `validateBody` answers. */
const jsonBodyRequired: RequestHandler = (req, _res, next) => {
  const length = req.headers['content-length'];
  const sent = req.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
  next(req.body === undefined && sent ? new UnsupportedMediaType() : undefined);
};

export function mountGateway(router: Router, opts: MountOptions): void {
  const document = openApiDocument(opts.specs);
  router.get('/openapi.json', (_req, res) => {
    res.json(document);
  });
  const events = asyncApiDocument();
  router.get('/asyncapi.json', (_req, res) => {
    res.json(events);
  });
  if (opts.devSignIn) mountDevSignIn(router, opts.devSignIn);
  const guard = routeGuard(opts.verifier);
  for (const spec of opts.specs) {
    const handlers: RequestHandler[] = [];
    if (spec.params) handlers.push(validateParams(spec.params));
    if (spec.query) handlers.push(validateQuery(spec.query));
    if (spec.method === 'post') {
      handlers.push(spec.customBodyCheck ? jsonBodyRequired : validateBody(spec.body));
      handlers.push(isCommand(spec) ? command(opts.commands, spec.command) : spec.handler);
    } else {
      handlers.push(spec.handler);
    }
    guard[spec.method](spec.path, spec.rule, ...handlers);
  }
  router.use('/v1', guard.handler);
}
