import { STATUS_CODES } from 'node:http';
import type { ErrorRequestHandler, Request, RequestHandler, Response } from 'express';
import { BadRequest, HttpProblem, NotFound, PayloadTooLarge, PROBLEM_CONTENT_TYPE, UnsupportedMediaType } from './problems';

/** The part of a pino logger the error handler uses (a pino `Logger` fits). */
export interface ProblemLogger {
  error(obj: object, msg: string): void;
}

/** Sends a problem as `application/problem+json` with its headers. */
export function sendProblem(req: Request, res: Response, problem: HttpProblem): void {
  res.status(problem.status).set(problem.headers).type(PROBLEM_CONTENT_TYPE);
  res.json(problem.toDocument(req.originalUrl.split('?')[0]));
}

/** Errors raised by express's router and body parsers (http-errors with a `type`), mapped to problems. */
function fromBodyParser(err: unknown): HttpProblem | undefined {
  if (typeof err !== 'object' || err === null) return undefined;
  // The router decodes path parameters with decodeURIComponent: `%ZZ`, a lone `%`, a truncated or
  // overlong UTF-8 sequence or a lone surrogate is a URIError (status 400) on every route with a path id.
  if (err instanceof URIError) return new BadRequest('the request path has a malformed percent-encoding', { reason: 'MALFORMED_PATH' });
  const e = err as { type?: unknown; status?: unknown; expose?: unknown; limit?: unknown };
  switch (e.type) {
    case 'entity.parse.failed':
      return new BadRequest('request body is not valid JSON');
    case 'entity.too.large':
      return new PayloadTooLarge(`request body exceeds the limit of ${String(e.limit)} bytes`);
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return new UnsupportedMediaType('unsupported content encoding or charset');
    case 'request.aborted':
    case 'request.size.invalid':
      return new BadRequest('request body was incomplete');
  }
  // Other client errors from http-errors that are safe to expose (status 4xx, expose: true).
  if (e.expose === true && typeof e.status === 'number' && e.status >= 400 && e.status < 500) {
    const title = STATUS_CODES[e.status] ?? 'Client error';
    return new HttpProblem({ status: e.status, type: 'about:blank', title, detail: (err as Error).message });
  }
  return undefined;
}

/**
 * The one error handler every express app registers last: `HttpProblem`s and body-parser errors become
 * their problem; anything else is a 500 with a generic detail, logged with the error (never sent back).
 */
export function problemHandler(logger: ProblemLogger): ErrorRequestHandler {
  return (err: unknown, req, res, next) => {
    if (res.headersSent) return next(err); // express closes the connection
    const known = err instanceof HttpProblem ? err : fromBodyParser(err);
    if (known) return sendProblem(req, res, known);
    logger.error({ err, method: req.method, url: req.originalUrl }, 'unhandled error in HTTP request');
    sendProblem(
      req,
      res,
      new HttpProblem({ status: 500, type: 'internal', title: 'Internal server error', detail: 'an unexpected error occurred' }),
    );
  };
}

/** Register after all routes (before `problemHandler`): anything unmatched is a 404 problem. */
export const notFoundHandler: RequestHandler = (req, _res, next) => {
  next(new NotFound(`no route for ${req.method} ${req.originalUrl.split('?')[0]}`));
};
