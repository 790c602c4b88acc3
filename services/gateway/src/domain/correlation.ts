/**
 * Correlation ids (ARCHITECTURE.md §Events: every envelope carries one). A caller may send
 * `X-Correlation-Id`; a usable one is kept, anything else is replaced by a fresh id, so a hostile header
 * never reaches logs, events or response headers.
 */
const USABLE = /^[A-Za-z0-9._:@/+=-]{1,200}$/;

/** The caller's correlation id if usable (1..200 safe characters, the envelope's bound), else `fresh()`. */
export function correlationIdFrom(header: string | undefined, fresh: () => string): string {
  const trimmed = header?.trim();
  return trimmed !== undefined && USABLE.test(trimmed) ? trimmed : fresh();
}
