/**
 * Batches (DOMAIN intake: ≤ 1,000 items, all or nothing): a bank's loan events (`POST /v1/loan-events`, and a
 * bank producing straight to Kafka) and an admin's registry writes (`POST /v1/{enterprises,designations,banks}/batch`).
 * A batch is checked whole before anything is published: every invalid item is named by its index with its
 * issues. The same checks run in the gateway and in the bank producer of `@techcredit/bus`, so the HTTP and
 * the Kafka intake enforce one contract.
 */
import { z } from 'zod';
import { validateUscc } from '@techcredit/reference';
import { LoanEventItemSchema, type LoanEventItem } from './loans';
import { BankRegistration, DesignationGranted, EnterpriseRegistration } from './registry';

export const MAX_BATCH_ITEMS = 1000;

type Path = (string | number)[];

/** One problem of a batch: `path` from the body's root (`['enterprises', 3, 'prefecture']`), `index` = the item's. */
export interface BatchIssue {
  path: Path;
  message: string;
  code: string;
  /** Absent for a problem of the batch's shape (no array, too many items, an unknown field). */
  index?: number;
}

export type BatchItemsCheck<T> = { ok: true; items: T[] } | { ok: false; issues: BatchIssue[]; invalidItems: number[] };

/** How one kind of batch is checked: the body is `{ [field]: [1..1000 items] }`. */
export interface BatchRule<T> {
  field: string;
  item: z.ZodType<T>;
  /**
   * What identifies an item within a batch (an event id, an enterpriseId): a second item with the same identity
   * is refused, naming the earlier one — consumers would treat it as the same event or a silent overwrite.
   */
  identity?: { name: string; path: Path; of: (item: T) => string };
  /** Checks beyond the schema, with paths relative to the item. */
  check?: (item: T) => Omit<BatchIssue, 'index'>[];
}

/** zod issues as batch issues (an `unrecognized_keys` issue becomes one per unknown key). */
export function zodBatchIssues(error: z.ZodError, prefix: Path = [], index?: number): BatchIssue[] {
  const at = index === undefined ? {} : { index };
  return error.issues.flatMap((issue): BatchIssue[] => {
    const path = [...prefix, ...issue.path.filter((p): p is string | number => typeof p !== 'symbol')];
    return issue.code === 'unrecognized_keys'
      ? issue.keys.map((key) => ({ path: [...path, key], message: 'unknown field', code: issue.code, ...at }))
      : [{ path, message: issue.message, code: issue.code, ...at }];
  });
}

/** The zod schema of a batch body (documentation and clients; the gateway checks with `checkBatch`). */
export function batchSchema<F extends string, S extends z.ZodType>(field: F, item: S) {
  return z.strictObject({ [field]: z.array(item).min(1).max(MAX_BATCH_ITEMS) } as { [K in F]: z.ZodArray<S> });
}

export function checkBatch<T>(body: unknown, rule: BatchRule<T>): BatchItemsCheck<T> {
  const shape = z.strictObject({ [rule.field]: z.array(z.unknown()).min(1).max(MAX_BATCH_ITEMS) }).safeParse(body);
  if (!shape.success) return { ok: false, issues: zodBatchIssues(shape.error), invalidItems: [] };
  const raws = (shape.data as Record<string, unknown[]>)[rule.field]!;
  const issues: BatchIssue[] = [];
  const items: T[] = [];
  const firstIndexOf = new Map<string, number>();
  raws.forEach((raw, index) => {
    const parsed = rule.item.safeParse(raw);
    if (!parsed.success) {
      issues.push(...zodBatchIssues(parsed.error, [rule.field, index], index));
      return;
    }
    const item = parsed.data;
    if (rule.identity) {
      const id = rule.identity.of(item);
      const seen = firstIndexOf.get(id);
      if (seen !== undefined) {
        issues.push({ path: [rule.field, index, ...rule.identity.path], message: `duplicate ${rule.identity.name} (also at index ${seen})`, code: 'duplicate_id', index });
      } else firstIndexOf.set(id, index);
    }
    for (const i of rule.check?.(item) ?? []) issues.push({ ...i, path: [rule.field, index, ...i.path], index });
    items.push(item);
  });
  if (issues.length > 0) {
    const invalidItems = [...new Set(issues.map((e) => e.index!))].sort((a, b) => a - b);
    return { ok: false, issues, invalidItems };
  }
  return { ok: true, items };
}

// ---------------- loan events ----------------

/**
 * Loan events of one bank. Beyond the item schema: the borrower's credit code check character (DOMAIN.md §1,
 * the loan contract leaves it to the intake), and an event id may appear once per batch.
 */
export const loanEventBatchRule: BatchRule<LoanEventItem> = {
  field: 'events',
  item: LoanEventItemSchema,
  identity: { name: 'event id', path: ['id'], of: (e) => e.id },
  check: (e) => {
    if (e.type !== 'loan.disbursed') return [];
    const uscc = validateUscc(e.data.enterpriseId);
    return uscc.ok ? [] : [{ path: ['data', 'enterpriseId'], message: `invalid unified social credit code (${uscc.reason}): ${uscc.message}`, code: 'custom' }];
  },
};

export type LoanBatchCheck =
  | { ok: true; items: LoanEventItem[] }
  | { ok: false; reason: 'INVALID'; issues: BatchIssue[]; invalidItems: number[] }
  /** Valid, but a `loan.disbursed` names another bank (the indexes): a bank lends only its own money. */
  | { ok: false; reason: 'FOREIGN_BANK'; items: number[] };

/** A bank's batch of loan events: invalid items first (all named), then every disbursement must be the bank's own. */
export function checkLoanEvents(body: unknown, bankId: string): LoanBatchCheck {
  const r = checkBatch(body, loanEventBatchRule);
  if (!r.ok) return { ok: false, reason: 'INVALID', issues: r.issues, invalidItems: r.invalidItems };
  const foreign = r.items.flatMap((item, index) => (item.type === 'loan.disbursed' && item.data.bankId !== bankId ? [index] : []));
  if (foreign.length > 0) return { ok: false, reason: 'FOREIGN_BANK', items: foreign };
  return { ok: true, items: r.items };
}

// ---------------- registry ----------------

export const enterpriseBatchRule: BatchRule<EnterpriseRegistration> = {
  field: 'enterprises',
  item: EnterpriseRegistration,
  identity: { name: 'enterpriseId', path: ['enterpriseId'], of: (e) => e.enterpriseId },
};

/** A designation twice in one batch (same enterprise, code and validFrom) would enter the history twice. */
export const designationBatchRule: BatchRule<DesignationGranted> = {
  field: 'designations',
  item: DesignationGranted,
  identity: { name: 'designation (enterpriseId, code, validFrom)', path: ['code'], of: (d) => `${d.enterpriseId}|${d.code}|${d.validFrom}` },
};

export const bankBatchRule: BatchRule<BankRegistration> = {
  field: 'banks',
  item: BankRegistration,
  identity: { name: 'bankId', path: ['bankId'], of: (b) => b.bankId },
};

/** `POST /v1/enterprises/batch`, `/v1/designations/batch`, `/v1/banks/batch` bodies. */
export const EnterpriseBatchSchema = batchSchema('enterprises', EnterpriseRegistration);
export const DesignationBatchSchema = batchSchema('designations', DesignationGranted);
export const BankBatchSchema = batchSchema('banks', BankRegistration);
