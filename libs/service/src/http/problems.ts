import type { z } from 'zod';

/**
 * RFC 9457 problem details. Throw (or `next()`) one of these from a route; `problemHandler` renders it
 * as `application/problem+json`: `{ type, title, status, detail, instance, ...extra }`.
 * Extension members (`extra`) never override the standard members.
 */

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';
export const PROBLEM_TYPE_PREFIX = 'urn:techcredit:problem:';

export interface ProblemDocument {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  [extension: string]: unknown;
}

export interface ProblemInit {
  status: number;
  /** A short slug (becomes `urn:techcredit:problem:<slug>`) or a full URI. */
  type: string;
  title: string;
  detail?: string;
  extra?: Record<string, unknown>;
  /** Response headers to send with the problem (e.g. `WWW-Authenticate`, `Retry-After`). */
  headers?: Record<string, string>;
}

const STANDARD_MEMBERS = new Set(['type', 'title', 'status', 'detail', 'instance']);

export class HttpProblem extends Error {
  readonly status: number;
  readonly type: string;
  readonly title: string;
  readonly detail: string | undefined;
  readonly extra: Record<string, unknown>;
  readonly headers: Record<string, string>;

  constructor(init: ProblemInit) {
    super(init.detail ?? init.title);
    this.name = new.target.name;
    this.status = init.status;
    this.type = init.type.includes(':') ? init.type : PROBLEM_TYPE_PREFIX + init.type;
    this.title = init.title;
    this.detail = init.detail;
    this.extra = init.extra ?? {};
    this.headers = init.headers ?? {};
  }

  toDocument(instance?: string): ProblemDocument {
    const doc: ProblemDocument = { type: this.type, title: this.title, status: this.status };
    if (this.detail !== undefined) doc.detail = this.detail;
    if (instance !== undefined) doc.instance = instance;
    for (const [k, v] of Object.entries(this.extra)) if (!STANDARD_MEMBERS.has(k)) doc[k] = v;
    return doc;
  }
}

export class BadRequest extends HttpProblem {
  constructor(detail?: string, extra?: Record<string, unknown>) {
    super({ status: 400, type: 'bad-request', title: 'Bad request', detail, extra });
  }
}

export class Unauthorized extends HttpProblem {
  constructor(detail = 'missing or invalid bearer token', extra?: Record<string, unknown>) {
    super({
      status: 401,
      type: 'unauthorized',
      title: 'Unauthorized',
      detail,
      extra,
      headers: { 'WWW-Authenticate': 'Bearer realm="techcredit"' },
    });
  }
}

export class Forbidden extends HttpProblem {
  constructor(detail?: string, extra?: Record<string, unknown>) {
    super({ status: 403, type: 'forbidden', title: 'Forbidden', detail, extra });
  }
}

export class NotFound extends HttpProblem {
  constructor(detail?: string, extra?: Record<string, unknown>) {
    super({ status: 404, type: 'not-found', title: 'Not found', detail, extra });
  }
}

/** 409 — e.g. a domain failure value: `new Conflict(f.message, { reason: f.reason })`. */
export class Conflict extends HttpProblem {
  constructor(detail?: string, extra?: Record<string, unknown>) {
    super({ status: 409, type: 'conflict', title: 'Conflict', detail, extra });
  }
}

export class PayloadTooLarge extends HttpProblem {
  constructor(detail?: string, extra?: Record<string, unknown>) {
    super({ status: 413, type: 'payload-too-large', title: 'Payload too large', detail, extra });
  }
}

export class UnsupportedMediaType extends HttpProblem {
  constructor(detail = 'request body must be application/json', extra?: Record<string, unknown>) {
    super({ status: 415, type: 'unsupported-media-type', title: 'Unsupported media type', detail, extra });
  }
}

export type ProblemLocation = 'body' | 'query' | 'params' | 'headers';

/** One field error: `path` is the zod path into the validated part (`in`); for unknown keys it ends with the key. */
export interface FieldError {
  in: ProblemLocation;
  path: (string | number)[];
  message: string;
  code: string;
}

/** 422 with `errors: [{ in, path, message, code }]`. */
export class ValidationProblem extends HttpProblem {
  readonly errors: FieldError[];

  constructor(errors: FieldError[], detail = 'the request did not pass validation') {
    super({ status: 422, type: 'validation', title: 'Validation failed', detail, extra: { errors } });
    this.errors = errors;
  }

  /** From zod issues; an `unrecognized_keys` issue becomes one error per unknown key. */
  static fromZod(error: z.ZodError, where: ProblemLocation): ValidationProblem {
    const errors: FieldError[] = [];
    for (const issue of error.issues) {
      const path = issue.path.filter((p): p is string | number => typeof p !== 'symbol');
      if (issue.code === 'unrecognized_keys') {
        for (const key of issue.keys) {
          errors.push({ in: where, path: [...path, key], message: 'unknown field', code: issue.code });
        }
      } else {
        errors.push({ in: where, path, message: issue.message, code: issue.code });
      }
    }
    return new ValidationProblem(errors);
  }
}

/**
 * Runs a computation over a caller's draft (a policy simulation, DOMAIN.md §13): a RangeError — a figure the
 * draft drives beyond the exact integer range — is the draft's fault, a 422 on `draft.value`, never a 5xx.
 */
export async function computeOverDraft<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (!(err instanceof RangeError)) throw err;
    throw new ValidationProblem(
      [{ in: 'body', path: ['draft', 'value'], message: `the draft's figures cannot be computed exactly: ${err.message}`, code: 'out_of_range' }],
      'the draft cannot be simulated',
    );
  }
}
