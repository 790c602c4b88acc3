import { compareInstants } from '@techcredit/money';

/** What decides which filing of an (enterprise, year) is current. */
export interface FilingVersion {
  eventId: string;
  filedAt: string;
}

/**
 * DOMAIN.md §2: "a later filing for the same enterprise and year (by `filedAt`) replaces the earlier one".
 * Equal `filedAt` instants are broken by the larger event id (code-unit order), so the current filing does
 * not depend on the order in which events arrive or are replayed. The same event is never "later" than itself.
 */
export function isLaterFiling(candidate: FilingVersion, current: FilingVersion | null | undefined): boolean {
  if (!current) return true;
  const c = compareInstants(candidate.filedAt, current.filedAt);
  if (c !== 0) return c > 0;
  return candidate.eventId > current.eventId;
}

/** Key of a (year, stage) cohort: `2024:growth`. */
export const cohortKey = (year: number, stage: string): string => `${year}:${stage}`;
