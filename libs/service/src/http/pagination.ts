import { z } from 'zod';
import { queryInt } from '@techcredit/contracts';

/**
 * Paging query parameters (strings in the URL: plain decimal digits only, contracts `queryInt`). Extend with `.extend({...})` (strictness is
 * kept) or spread `paginationShape` into your own `z.strictObject`.
 */
export const MAX_PAGE_LIMIT = 500;
export const DEFAULT_PAGE_LIMIT = 100;
export const MAX_OFFSET = 1_000_000;

const limit = queryInt(1, MAX_PAGE_LIMIT).default(DEFAULT_PAGE_LIMIT);

export const paginationShape = {
  /** 1..500, default 100. */
  limit,
  /** 0..1e6, default 0. */
  offset: queryInt(0, MAX_OFFSET).default(0),
};
export const Pagination = z.strictObject(paginationShape);
export type Pagination = z.output<typeof Pagination>;

export const cursorPaginationShape = {
  limit,
  /** Opaque continuation token returned by the previous page (absent on the first page). */
  cursor: z.string().min(1).max(512).optional(),
};
/** Keyset paging for large or live collections, where offsets would skip or repeat items. */
export const CursorPagination = z.strictObject(cursorPaginationShape);
export type CursorPagination = z.output<typeof CursorPagination>;
