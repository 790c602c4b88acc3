import { createHash } from 'node:crypto';

/**
 * A UUID (RFC 9562 version 8, "custom") derived from a seed: the events of a keyed request get the same
 * ids when the request is executed again (after a crash mid-request), and a follow-up event derived from
 * an event id (the grant of an approved application) is the same on every replay, so consumers dedupe them.
 */
export function derivedUuid(seed: string): string {
  const h = createHash('sha256').update(seed).digest('hex');
  const variant = ((parseInt(h[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-8${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}
