import { z } from 'zod';
import { LoanEventItemSchema, type LoanEventItem } from '@techcredit/contracts';
import { validateUscc } from '@techcredit/reference';
import type { FieldError } from '@techcredit/service';

/**
 * A bank's intake batch (`POST /v1/loan-events`, contracts `LoanEventBatchSchema`: 1..1000 items) is
 * checked whole before anything is published: every invalid item is named by its index with its issues
 * (422), then every `loan.disbursed` must carry the caller's own bankId (403). All or nothing.
 *
 * Beyond the item schema: the borrower's credit code check character is verified here (DOMAIN.md §1,
 * the loan contract leaves it to the gateway), and an event id may appear once per batch (consumers
 * treat equal ids as one event, so a second item with the same id would silently vanish).
 */
export const MAX_BATCH = 1000;

export interface ItemFieldError extends FieldError {
  /** Index of the item in `events`. */
  index: number;
}

export type BatchCheck =
  | { ok: true; items: LoanEventItem[] }
  | { ok: false; reason: 'INVALID'; errors: FieldError[]; invalidItems: number[] }
  | { ok: false; reason: 'FOREIGN_BANK'; items: number[] };

const Shape = z.strictObject({ events: z.array(z.unknown()).min(1).max(MAX_BATCH) });

const toErrors = (error: z.ZodError, prefix: (string | number)[] = []): FieldError[] =>
  error.issues.flatMap((issue): FieldError[] => {
    const path = [...prefix, ...issue.path.filter((p): p is string | number => typeof p !== 'symbol')];
    return issue.code === 'unrecognized_keys'
      ? issue.keys.map((key) => ({ in: 'body' as const, path: [...path, key], message: 'unknown field', code: issue.code }))
      : [{ in: 'body' as const, path, message: issue.message, code: issue.code }];
  });

export function checkLoanBatch(body: unknown, bankId: string): BatchCheck {
  const shape = Shape.safeParse(body);
  if (!shape.success) return { ok: false, reason: 'INVALID', errors: toErrors(shape.error), invalidItems: [] };

  const errors: ItemFieldError[] = [];
  const items: LoanEventItem[] = [];
  const firstIndexOfId = new Map<string, number>();
  shape.data.events.forEach((raw, index) => {
    const at = (path: (string | number)[], message: string, code: string): ItemFieldError => ({
      in: 'body',
      path: ['events', index, ...path],
      message,
      code,
      index,
    });
    const parsed = LoanEventItemSchema.safeParse(raw);
    if (!parsed.success) {
      for (const e of toErrors(parsed.error, ['events', index])) errors.push({ ...e, index });
      return;
    }
    const item = parsed.data;
    const seen = firstIndexOfId.get(item.id);
    if (seen !== undefined) errors.push(at(['id'], `duplicate event id (also at index ${seen})`, 'duplicate_id'));
    else firstIndexOfId.set(item.id, index);
    if (item.type === 'loan.disbursed') {
      const uscc = validateUscc(item.data.enterpriseId);
      if (!uscc.ok) errors.push(at(['data', 'enterpriseId'], `invalid unified social credit code (${uscc.reason}): ${uscc.message}`, 'custom'));
    }
    items.push(item);
  });
  if (errors.length > 0) {
    const invalidItems = [...new Set(errors.map((e) => e.index))].sort((a, b) => a - b);
    return { ok: false, reason: 'INVALID', errors, invalidItems };
  }

  const foreign = items.flatMap((item, index) => (item.type === 'loan.disbursed' && item.data.bankId !== bankId ? [index] : []));
  if (foreign.length > 0) return { ok: false, reason: 'FOREIGN_BANK', items: foreign };
  return { ok: true, items };
}
