import { randomUUID } from 'node:crypto';
import type { RequestHandler } from 'express';
import { correlationIdFrom } from '../domain/correlation';

/**
 * First middleware of the app (before the body parser and the health routes): every response carries
 * `X-Correlation-Id` — the caller's if usable, else a new uuid — and `res.locals.correlationId` holds it
 * for events and calls to internal services.
 */
export const correlation: RequestHandler = (req, res, next) => {
  const id = correlationIdFrom(req.get('x-correlation-id'), randomUUID);
  res.locals.correlationId = id;
  res.setHeader('X-Correlation-Id', id);
  next();
};
