import { createHash } from 'node:crypto';

/**
 * The id of a `score.computed` event, derived from the id of the score it replaces and its content
 * (a name-based UUID, RFC 9562 version 8 layout over SHA-256). A recompute publishes before it stores; if
 * the service dies in between, the restart recomputes the same score from the same previous one and
 * republishes it under the same id, so consumers deduplicate it. A score that returns to an earlier value
 * (A → B → A) follows a different predecessor, so it gets a new id.
 */
export function scoreEventId(previousEventId: string | null, content: unknown): string {
  const h = createHash('sha256').update(previousEventId ?? '-').update('\n').update(JSON.stringify(content)).digest();
  h[6] = ((h[6] as number) & 0x0f) | 0x80; // version 8 (custom)
  h[8] = ((h[8] as number) & 0x3f) | 0x80; // variant 10xx
  const x = h.subarray(0, 16).toString('hex');
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20, 32)}`;
}
