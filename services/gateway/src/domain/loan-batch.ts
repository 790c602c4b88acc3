import { checkLoanEvents, type LoanBatchCheck } from '@techcredit/contracts';
import type { FieldError } from '@techcredit/service';
import { asFieldErrors } from './batch';

export { MAX_BATCH, type ItemFieldError } from './batch';

/**
 * A bank's intake batch (`POST /v1/loan-events`, contracts `LoanEventBatchSchema`: 1..1000 items) is
 * checked whole before anything is published: every invalid item is named by its index with its issues
 * (422), then every `loan.disbursed` must carry the caller's own bankId (403). All or nothing.
 *
 * The rules (item schema, the borrower's credit code check character, an event id once per batch) are the
 * contracts' `checkLoanEvents`, which the bank producer straight to Kafka applies too.
 */
export type BatchCheck = Exclude<LoanBatchCheck, { reason: 'INVALID' }> | { ok: false; reason: 'INVALID'; errors: FieldError[]; invalidItems: number[] };

export function checkLoanBatch(body: unknown, bankId: string): BatchCheck {
  const r = checkLoanEvents(body, bankId);
  if (r.ok || r.reason === 'FOREIGN_BANK') return r;
  return { ok: false, reason: 'INVALID', errors: asFieldErrors(r.issues), invalidItems: r.invalidItems };
}

/** One row `POST /v1/loan-events` would refuse, with why: its field errors (INVALID) or another bank's disbursement. */
export interface RefusedRow {
  index: number;
  reason: 'INVALID' | 'FOREIGN_BANK';
  errors: FieldError[];
}

/** What `POST /v1/loan-events` would do with a batch, row by row (`POST /v1/loan-events/check`). */
export interface LoanBatchReport {
  /** 202 if it would be published, else the refusal: 422 (invalid rows) before 403 (another bank's disbursements). */
  status: 202 | 422 | 403;
  wouldAccept: boolean;
  items: number;
  /** Rows that would pass if the refused ones were taken out. */
  acceptable: number;
  invalidItems: number[];
  /** Valid rows whose `loan.disbursed` names another bank (403 once the invalid rows are fixed). */
  foreignItems: number[];
  refused: RefusedRow[];
}

export type LoanBatchDryRun = { ok: true; report: LoanBatchReport } | { ok: false; errors: FieldError[] };

const foreignRow = (index: number, bankId: string): RefusedRow => ({
  index,
  reason: 'FOREIGN_BANK',
  errors: [{ in: 'body', index, path: ['events', index, 'data', 'bankId'], message: `loan.disbursed for another bank: a bank posts its own loans only (${bankId})`, code: 'foreign_bank' } as FieldError],
});

/**
 * The dry run of a loan batch: `checkLoanBatch` exactly as the real route calls it, then (when rows are invalid) again
 * on the valid rows alone, so every row that would be refused is named — invalid ones with their issues, and valid
 * ones that name another bank. A body that is not a batch at all (no `events` array, 0 or over 1,000 items) is
 * `ok: false` with its errors, as the real route's 422. Pure: nothing is published.
 */
export function dryRunLoanBatch(body: unknown, bankId: string): LoanBatchDryRun {
  const events = typeof body === 'object' && body !== null ? (body as { events?: unknown }).events : undefined;
  const n = Array.isArray(events) ? events.length : 0;
  const report = (status: LoanBatchReport['status'], invalid: RefusedRow[], foreign: number[]): LoanBatchDryRun => {
    const refused = [...invalid, ...foreign.map((i) => foreignRow(i, bankId))].sort((a, b) => a.index - b.index);
    const invalidItems = invalid.map((r) => r.index);
    return { ok: true, report: { status, wouldAccept: status === 202, items: n, acceptable: n - refused.length, invalidItems, foreignItems: foreign, refused } };
  };
  const check = checkLoanBatch(body, bankId);
  if (check.ok) return report(202, [], []);
  if (check.reason === 'FOREIGN_BANK') return report(403, [], check.items);
  if (check.invalidItems.length === 0) return { ok: false, errors: check.errors };
  const byIndex = new Map<number, FieldError[]>(check.invalidItems.map((i) => [i, []]));
  for (const e of check.errors) byIndex.get((e as { index?: number }).index ?? -1)?.push(e);
  const invalid = [...byIndex].map(([index, errors]): RefusedRow => ({ index, reason: 'INVALID', errors }));
  const valid = Array.from({ length: n }, (_, i) => i).filter((i) => !byIndex.has(i));
  const rest = valid.length ? checkLoanBatch({ events: valid.map((i) => (events as unknown[])[i]) }, bankId) : undefined;
  const foreign = rest && !rest.ok && rest.reason === 'FOREIGN_BANK' ? rest.items.map((j) => valid[j]!) : [];
  return report(422, invalid, foreign);
}
