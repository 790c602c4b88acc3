import { createHash } from 'node:crypto';
import type { Principal } from '@techcredit/auth';
import { canonicalJson } from './idempotency';

/**
 * The audit trail of accepted writes (DOMAIN.md §15, docs/decisions/0015): one record per accepted write
 * through the gateway (`command`), or per Idempotency-Key replay of one (`replay`, naming the original).
 * Records are chained per UTC day: `seq` counts 1, 2, 3… within the day, `prevHash` is the `hash` of the
 * record before it (the day's genesis hash for seq 1) and `hash` is the SHA-256 of the canonical JSON (keys
 * sorted at every level) of every other field. A changed field, a removed or reordered record is found by
 * recomputing the chain (`verifyChain`). Pure: no I/O, no clock.
 */

export const AUDIT_KINDS = ['command', 'replay'] as const;
export type AuditKind = (typeof AUDIT_KINDS)[number];

/** What a write is recorded with, before it gets its place in the chain. Optional fields are absent, never undefined. */
export interface AuditEntry {
  /** Unique per write (derived from the Idempotency-Key for a keyed command, so a re-run records nothing new). */
  id: string;
  /** ISO-8601 instant (UTC) the record was made. */
  at: string;
  kind: AuditKind;
  subject: string;
  role: Principal['role'];
  bankId?: string;
  insurerId?: string;
  enterpriseId?: string;
  region?: string;
  method: string;
  /** The route pattern, e.g. `/v1/enterprises/:id/designations`. */
  route: string;
  /** The path called, e.g. `/v1/enterprises/91650100…/designations`. */
  path: string;
  /** HTTP status answered. */
  status: number;
  /** Ids of the events the write published (none for a replay: it published nothing). */
  eventIds: string[];
  idempotencyKey?: string;
  correlationId: string;
  /** A replay: the id of the command record it replays (absent if that write predates the trail). */
  replayOf?: string;
}

export interface AuditRecord extends AuditEntry {
  /** UTC day of `at`, `YYYY-MM-DD`: the chain the record belongs to. */
  day: string;
  seq: number;
  prevHash: string;
  hash: string;
}

/** The chain position a new record is appended after: the day's last record, or none yet. */
export interface ChainHead {
  seq: number;
  hash: string;
}

const sha256 = (s: string): string => createHash('sha256').update(s).digest('hex');

/** The UTC day of an ISO instant. */
export function auditDay(at: string): string {
  const d = new Date(at);
  if (Number.isNaN(d.getTime())) throw new Error(`auditDay: not an instant: ${at}`);
  return d.toISOString().slice(0, 10);
}

/** `prevHash` of a day's first record: bound to the day, so a record moved from another day does not fit. */
export function genesisHash(day: string): string {
  return sha256(`techcredit-audit-genesis:${day}`);
}

/** SHA-256 over the canonical JSON of every field but `hash` (unknown fields included: an added field is a change). */
export function recordHash(record: Omit<AuditRecord, 'hash'> | Record<string, unknown>): string {
  const { hash: _ignored, ...fields } = record as Record<string, unknown>;
  return sha256(canonicalJson(fields));
}

/** The principal's fields that say who: subject, role and its bank, enterprise or region. */
export function who(p: Principal): Pick<AuditEntry, 'subject' | 'role' | 'bankId' | 'insurerId' | 'enterpriseId' | 'region'> {
  switch (p.role) {
    case 'bank':
      return { subject: p.sub, role: p.role, bankId: p.bankId };
    case 'enterprise':
      return { subject: p.sub, role: p.role, enterpriseId: p.enterpriseId };
    case 'regulator':
      return { subject: p.sub, role: p.role, region: p.region };
    case 'insurer':
      return { subject: p.sub, role: p.role, insurerId: p.insurerId };
    case 'admin':
      return { subject: p.sub, role: p.role };
  }
}

/** Drops undefined fields (the driver would store them as null, and null is hashed differently). */
function defined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

/** The record that follows `head` (or starts the day when `head` is undefined) in the chain of the entry's day. */
export function chainRecord(entry: AuditEntry, head: ChainHead | undefined): AuditRecord {
  const day = auditDay(entry.at);
  const unhashed = { ...defined(entry), eventIds: [...entry.eventIds], day, seq: (head?.seq ?? 0) + 1, prevHash: head?.hash ?? genesisHash(day) };
  return { ...unhashed, hash: recordHash(unhashed) };
}

export const BREAK_REASONS = ['hash-mismatch', 'prev-hash-mismatch', 'missing', 'out-of-order', 'wrong-day'] as const;
export type BreakReason = (typeof BREAK_REASONS)[number];

/** The first record of a day's chain that does not verify. A `missing` record has no id (it is gone). */
export interface ChainBreak {
  seq: number;
  id?: string;
  reason: BreakReason;
  detail: string;
}

export interface ChainVerdict {
  date: string;
  ok: boolean;
  /** Records read for the day. */
  records: number;
  /** Hash of the day's last record (the genesis hash of an empty day): note it to detect a later truncation. */
  lastHash: string;
  firstBreak?: ChainBreak;
}

/** A stored record as read back: any fields (a tampered one may have lost or gained some). */
export type StoredRecord = Record<string, unknown> & { id: string; seq: unknown; hash?: unknown; prevHash?: unknown; day?: unknown };

/**
 * Recomputes the chain of `date` from its records in the order they are stored by seq (the reader sorts by
 * `seq`) and names the first record that does not verify: its own hash does not match its fields
 * (`hash-mismatch`: a field was changed), its `prevHash` is not the previous record's hash (`prev-hash-mismatch`:
 * the previous record was replaced, re-hashed, or this one re-linked), a seq is absent (`missing`: removed), or the
 * records are not in seq order (`out-of-order`: a seq comes before a lower one, or twice).
 */
export function verifyChain(date: string, read: readonly (StoredRecord | AuditRecord)[]): ChainVerdict {
  const records = read as readonly StoredRecord[];
  let prevHash = genesisHash(date);
  let expected = 1;
  const broken = (b: ChainBreak): ChainVerdict => ({ date, ok: false, records: records.length, lastHash: lastHashOf(date, records), firstBreak: b });
  for (const r of records) {
    const seq = typeof r.seq === 'number' ? r.seq : Number.NaN;
    if (r.day !== date) return broken({ seq, id: r.id, reason: 'wrong-day', detail: `record ${r.id} at seq ${String(r.seq)} says day ${String(r.day)}` });
    if (!Number.isInteger(seq) || seq < expected) {
      return broken({ seq, id: r.id, reason: 'out-of-order', detail: `record ${r.id} has seq ${String(r.seq)} where seq ${expected} was expected` });
    }
    if (seq > expected) {
      const later = records.find((x) => x.seq === expected);
      if (later) return broken({ seq, id: r.id, reason: 'out-of-order', detail: `record ${r.id} (seq ${seq}) comes before seq ${expected} (${later.id})` });
      return broken({ seq: expected, reason: 'missing', detail: `seq ${expected} is missing (the next record is seq ${seq}, ${r.id})` });
    }
    if (recordHash(r) !== r.hash) return broken({ seq, id: r.id, reason: 'hash-mismatch', detail: `record ${r.id} (seq ${seq}) does not match its hash: a field was changed` });
    if (r.prevHash !== prevHash) {
      return broken({
        seq,
        id: r.id,
        reason: 'prev-hash-mismatch',
        detail: `record ${r.id} (seq ${seq}) does not follow ${seq === 1 ? "the day's genesis" : `seq ${seq - 1}`}: a record before it was replaced or re-hashed`,
      });
    }
    prevHash = r.hash;
    expected += 1;
  }
  return { date, ok: true, records: records.length, lastHash: prevHash };
}

function lastHashOf(date: string, records: readonly StoredRecord[]): string {
  const last = records.at(-1)?.hash;
  return typeof last === 'string' ? last : genesisHash(date);
}
