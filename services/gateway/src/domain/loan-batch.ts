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
