/**
 * A book of versioned policy values. The value in force on a date is the latest version of the key with
 * effectiveFrom ≤ date (DOMAIN.md: "every parameter is a versioned policy value with an effective date").
 * Immutable: `with` returns a new book.
 */
import type { z } from 'zod';
import { addDays, parseDate } from '@techcredit/money';
import { PolicyVersionSchema, type AnyPolicyVersion, type PolicyKey, type PolicyValue, type PolicyVersion } from './schemas';

/** A policy configuration error (invalid version): carries the zod issues. */
export class PolicyConfigError extends Error {
  constructor(
    message: string,
    readonly issues: z.core.$ZodIssue[],
  ) {
    super(message);
    this.name = 'PolicyConfigError';
  }
}

function parseVersion(v: unknown, index: number): AnyPolicyVersion {
  const r = PolicyVersionSchema.safeParse(v);
  if (!r.success) {
    const detail = r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new PolicyConfigError(`invalid policy version #${index}: ${detail}`, r.error.issues);
  }
  return r.data;
}

function compareVersions(a: AnyPolicyVersion, b: AnyPolicyVersion): number {
  if (a.key !== b.key) return a.key < b.key ? -1 : 1;
  return a.effectiveFrom < b.effectiveFrom ? -1 : a.effectiveFrom > b.effectiveFrom ? 1 : 0;
}

export class PolicyBook {
  /** Versions per key, ascending by effectiveFrom, unique per (key, effectiveFrom). */
  private readonly byKey: ReadonlyMap<PolicyKey, readonly AnyPolicyVersion[]>;

  /** Validates every version; throws PolicyConfigError on the first invalid one. A later duplicate (key, effectiveFrom) wins. */
  constructor(versions: Iterable<unknown>) {
    const unique = new Map<string, AnyPolicyVersion>();
    let i = 0;
    for (const raw of versions) {
      const v = parseVersion(raw, i++);
      unique.set(`${v.key}@${v.effectiveFrom}`, v);
    }
    const byKey = new Map<PolicyKey, AnyPolicyVersion[]>();
    for (const v of [...unique.values()].sort(compareVersions)) {
      const list = byKey.get(v.key) ?? [];
      list.push(v);
      byKey.set(v.key, list);
    }
    this.byKey = byKey;
  }

  /** Answers of `versionAt` by key and date (the book is immutable; rules ask for the same dates over and over). */
  private readonly found = new Map<string, AnyPolicyVersion | null>();

  /** The version of `key` in force on `date` (YYYY-MM-DD), or undefined if none is. */
  versionAt<K extends PolicyKey>(key: K, date: string): PolicyVersion<K> | undefined {
    const memo = `${key}|${date}`;
    const known = this.found.get(memo);
    if (known !== undefined) return (known ?? undefined) as PolicyVersion<K> | undefined;
    parseDate(date); // RangeError on a malformed date: string comparison below needs YYYY-MM-DD
    const list = this.byKey.get(key) ?? [];
    let found: AnyPolicyVersion | undefined;
    for (const v of list) {
      if (v.effectiveFrom <= date) found = v;
      else break;
    }
    this.found.set(memo, found ?? null);
    return found as PolicyVersion<K> | undefined;
  }

  /** The value of `key` in force on `date`, or undefined if none is. */
  at<K extends PolicyKey>(key: K, date: string): PolicyValue<K> | undefined {
    return this.versionAt(key, date)?.value as PolicyValue<K> | undefined;
  }

  /** Like `at`, but throws RangeError when no version is in force (for keys that always have one). */
  require<K extends PolicyKey>(key: K, date: string): PolicyValue<K> {
    const v = this.at(key, date);
    if (v === undefined) throw new RangeError(`no ${key} policy in force on ${date}`);
    return v;
  }

  /** All versions of one key, ascending by effectiveFrom. */
  history<K extends PolicyKey>(key: K): PolicyVersion<K>[] {
    return [...(this.byKey.get(key) ?? [])] as PolicyVersion<K>[];
  }

  /** A new book with `version` added (validated); it replaces a version with the same key and effectiveFrom. */
  with(version: unknown): PolicyBook {
    return new PolicyBook([...this.all(), version]);
  }

  /**
   * A book in which a DRAFT version (validated) is in force for its key from its effectiveFrom through
   * `effectiveTo` (inclusive), replacing every version of that key starting in that range; the version in
   * force on the day after `effectiveTo` in this book resumes then. Without `effectiveTo`, the draft is in
   * force until the next version of its key that starts after it (exactly what publishing it would do).
   * Other keys are untouched; this book is unchanged (DOMAIN.md §13: a draft is never published).
   */
  withDraft(version: unknown, effectiveTo?: string): PolicyBook {
    const draft = parseVersion(version, 0);
    if (effectiveTo === undefined) return this.with(draft);
    parseDate(effectiveTo);
    if (effectiveTo < draft.effectiveFrom) throw new RangeError(`effectiveTo ${effectiveTo} is before the draft's effectiveFrom ${draft.effectiveFrom}`);
    const resumeOn = addDays(effectiveTo, 1);
    const resumed = this.versionAt(draft.key, resumeOn);
    const kept = this.all().filter((v) => v.key !== draft.key || v.effectiveFrom < draft.effectiveFrom || v.effectiveFrom > effectiveTo);
    const after = resumed && resumed.effectiveFrom <= effectiveTo ? [{ ...resumed, effectiveFrom: resumeOn }] : [];
    return new PolicyBook([...kept, draft, ...after]);
  }

  /** Every version, by key then effectiveFrom. */
  all(): AnyPolicyVersion[] {
    return [...this.byKey.values()].flat();
  }
}
