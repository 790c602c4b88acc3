import type { z } from 'zod';
import { toJsonSchema as jsonSchema } from '@techcredit/contracts';
import { isCommand, type RouteSpec } from './spec';

/**
 * The OpenAPI 3.1 document of the public API, generated from the route table: every route with its
 * roles (`x-roles` and the description), parameters, request body schema (zod 4 `z.toJSONSchema`, input
 * side) and problem responses (RFC 9457).
 */
type Json = Record<string, unknown>;

const TITLES: Record<number, string> = {
  400: 'Bad request: a malformed percent-escape in the path, malformed JSON, a body nested deeper than 32 levels, or a malformed Idempotency-Key',
  401: 'Missing, invalid or expired bearer token',
  403: 'The caller’s role or scope does not allow this',
  404: 'Not found',
  409: 'Idempotency-Key reused with another request, or still in flight',
  413: 'Request body too large',
  415: 'Request body is not JSON',
  422: 'Validation failed (each issue with its path)',
  502: 'An internal service failed or is unreachable (named in the problem)',
  503: 'An internal service or the event bus is unavailable; retry',
  504: 'An internal service did not answer in time',
};

/** Path and query parameters from a (strict object) zod schema. */
function parameters(schema: z.ZodType | undefined, where: 'path' | 'query'): Json[] {
  if (!schema) return [];
  const shape = (schema as unknown as { shape?: Record<string, z.ZodType> }).shape ?? {};
  return Object.entries(shape).map(([name, s]) => ({
    name,
    in: where,
    required: where === 'path' || !s.safeParse(undefined).success,
    schema: jsonSchema(s),
  }));
}

const problemResponse = (status: number): Json => ({
  description: TITLES[status] ?? 'Problem',
  content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
});

const openApiPath = (path: string): string => `/v1${path.replace(/:([A-Za-z]+)/g, '{$1}')}`;

const publicGet = (summary: string, content: string): Json => ({
  get: { summary, tags: ['operations'], security: [], responses: { 200: { description: 'OK', content: { [content]: {} } } } },
});

export function openApiDocument(specs: readonly RouteSpec[]): Json {
  const paths: Record<string, Json> = {
    '/healthz': publicGet('Liveness', 'application/json'),
    '/readyz': publicGet('Readiness (database reachable)', 'application/json'),
    '/metrics': publicGet('Prometheus metrics', 'text/plain'),
    '/openapi.json': publicGet('This document', 'application/json'),
    '/asyncapi.json': publicGet('The AsyncAPI 3.0 document of the events (topics, keys, event types and versions)', 'application/json'),
  };
  for (const spec of specs) {
    const params = [...parameters(spec.params, 'path'), ...parameters(spec.query, 'query')];
    if (isCommand(spec)) {
      params.push({
        name: 'Idempotency-Key',
        in: 'header',
        required: false,
        description: 'the same key and body return the first answer without re-publishing; another body → 409',
        schema: { type: 'string', pattern: '^[\\x21-\\x7e]{1,255}$' },
      });
    }
    params.push({ name: 'X-Correlation-Id', in: 'header', required: false, description: 'echoed on the response and carried by the events', schema: { type: 'string', maxLength: 200 } });
    const responses: Json = {
      [spec.status]: {
        description: spec.status === 202 ? 'Accepted: the events are on the bus' : 'OK',
        headers: { 'X-Correlation-Id': { schema: { type: 'string' } } },
        content: { 'application/json': { schema: { type: 'object' } } },
      },
    };
    // Every route can answer 400 (the path, the JSON body and its depth are checked before the route runs).
    for (const status of [400, 401, 403, ...spec.problems]) responses[status] = problemResponse(status);
    const operation: Json = {
      summary: spec.summary,
      description: `Who: ${spec.access}.${spec.regionScope === 'none' ? '' : ` Regulator region scope: ${spec.regionScope}.`}`,
      'x-roles': spec.roles,
      'x-region-scope': spec.regionScope,
      tags: [spec.path.split('/')[1] ?? 'api'],
      security: [{ bearer: [] }],
      parameters: params,
      responses,
    };
    if (spec.method === 'post') {
      operation.requestBody = { required: true, content: { 'application/json': { schema: jsonSchema(spec.body) } } };
    }
    const path = openApiPath(spec.path);
    paths[path] = { ...paths[path], [spec.method]: operation };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'TechCredit public API',
      version: '1',
      description: 'The gateway: the only public HTTP surface. Bearer JWT (ES256/RS256); roles bank, enterprise, regulator, admin; deny by default.',
    },
    paths,
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
      schemas: {
        Problem: {
          type: 'object',
          required: ['type', 'title', 'status'],
          properties: {
            type: { type: 'string' },
            title: { type: 'string' },
            status: { type: 'integer' },
            detail: { type: 'string' },
            instance: { type: 'string' },
            errors: {
              type: 'array',
              items: {
                type: 'object',
                properties: {
                  in: { type: 'string', enum: ['body', 'query', 'params', 'headers'] },
                  path: { type: 'array', items: { type: ['string', 'integer'] } },
                  message: { type: 'string' },
                  code: { type: 'string' },
                  index: { type: 'integer', description: 'loan-event batches: the index of the invalid item' },
                },
              },
            },
          },
        },
      },
    },
  };
}
