/** Shared HTTP conventions (ARCHITECTURE.md "HTTP"): RFC 9457 problems, zod validation, JSON body, paging. */
export {
  PROBLEM_CONTENT_TYPE,
  PROBLEM_TYPE_PREFIX,
  HttpProblem,
  BadRequest,
  Unauthorized,
  Forbidden,
  NotFound,
  Conflict,
  PayloadTooLarge,
  UnsupportedMediaType,
  ValidationProblem,
  computeOverDraft,
  type ProblemDocument,
  type ProblemInit,
  type ProblemLocation,
  type FieldError,
} from './problems';
export { problemHandler, notFoundHandler, sendProblem, type ProblemLogger } from './handlers';
export {
  validateBody,
  validateQuery,
  validateParams,
  validBody,
  validQuery,
  validParams,
  nonStrictObjectPaths,
} from './validate';
export { jsonBody, jsonNestingDepth, MAX_JSON_DEPTH, type JsonBodyOptions } from './body';
export {
  Pagination,
  CursorPagination,
  paginationShape,
  cursorPaginationShape,
  MAX_PAGE_LIMIT,
  DEFAULT_PAGE_LIMIT,
  MAX_OFFSET,
} from './pagination';
