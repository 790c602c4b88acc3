import { checkBatch, MAX_BATCH_ITEMS, type BatchIssue, type BatchRule } from '@techcredit/contracts';
import type { FieldError } from '@techcredit/service';

/**
 * Batch bodies in the gateway: the contracts' batch checks (`checkBatch`, shared with the bank producer),
 * their issues as the problem's field errors (`in: 'body'`, with the item's `index`). All or nothing.
 */
export const MAX_BATCH = MAX_BATCH_ITEMS;

export interface ItemFieldError extends FieldError {
  /** Index of the item in the batch's array. */
  index: number;
}

export type ItemsCheck<T> = { ok: true; items: T[] } | { ok: false; errors: FieldError[]; invalidItems: number[] };

export function asFieldErrors(issues: readonly BatchIssue[]): FieldError[] {
  return issues.map(({ index, ...issue }) => (index === undefined ? { in: 'body', ...issue } : ({ in: 'body', ...issue, index } as ItemFieldError)));
}

export function checkItems<T>(body: unknown, rule: BatchRule<T>): ItemsCheck<T> {
  const r = checkBatch(body, rule);
  return r.ok ? r : { ok: false, errors: asFieldErrors(r.issues), invalidItems: r.invalidItems };
}
