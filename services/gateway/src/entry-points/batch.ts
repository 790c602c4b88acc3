import type { BatchRule, EventDef } from '@techcredit/contracts';
import { ValidationProblem, type FieldError } from '@techcredit/service';
import { checkItems } from '../domain/batch';
import { eventSource } from '../domain/scope';
import { correlationIdOf } from '../upstream/client';
import type { Command } from './command';
import type { Publisher } from './publisher';
import { principalOf } from './route-helpers';

/**
 * The batch machinery of the write routes (`/loan-events`, `/{enterprises,designations,banks}/batch`): the
 * 422 that names every invalid item, and the command that checks a whole batch, then publishes all its
 * events in one send (all or nothing) under the request's Idempotency-Key.
 */

/** 422 naming the invalid items (`invalidItems`, `errors[].index`); at most 1,000 issues are listed. */
export function invalidBatchProblem(errors: readonly FieldError[], invalidItems: readonly number[], field: string, noun: string): ValidationProblem {
  const detail = invalidItems.length
    ? `${invalidItems.length} ${noun}(s) invalid, at index ${invalidItems.slice(0, 20).join(', ')}${invalidItems.length > 20 ? ', …' : ''}; nothing was published`
    : `the batch must be { ${field}: [1..1000 ${noun}s] }; nothing was published`;
  const problem = new ValidationProblem(errors.slice(0, 1000), detail);
  problem.extra.invalidItems = [...invalidItems];
  return problem;
}

/**
 * A batch command: the body is checked whole with `rule` (422 naming each bad item, nothing published), then
 * one event of `def` per item is published in one batch, with the request's event ids (derived from the
 * Idempotency-Key when there is one, so a re-run after a crash publishes the same ids).
 * 202 `{ accepted, eventIds, correlationId }`, the ids in the items' order.
 */
export function publishBatch<T>(publisher: Publisher, rule: BatchRule<T>, noun: string, def: EventDef): Command {
  return async (req, res, eventId) => {
    const check = checkItems(req.body ?? {}, rule);
    if (!check.ok) throw invalidBatchProblem(check.errors, check.invalidItems, rule.field, noun);
    const correlationId = correlationIdOf(res);
    const source = eventSource(principalOf(req));
    const envelopes = await publisher.publish(check.items.map((data, i) => ({ def, data, meta: { id: eventId(i), correlationId, source } })));
    return { status: 202, body: { accepted: envelopes.length, eventIds: envelopes.map((e) => e.id), correlationId } };
  };
}
