import { compareInstants } from '@techcredit/money';

/** A product version as published: `product.published` envelope time and id. */
export interface ProductVersion {
  occurredAt: string;
  eventId: string;
}

/**
 * A bank replaces a product by publishing it again (same productId): the version with the latest
 * `occurredAt` wins, ties to the larger event id, so the outcome does not depend on arrival order and a
 * redelivered event (same id) is not newer than itself.
 */
export function isNewerProduct(candidate: ProductVersion, current: ProductVersion | null | undefined): boolean {
  if (!current) return true;
  const c = compareInstants(candidate.occurredAt, current.occurredAt);
  return c !== 0 ? c > 0 : candidate.eventId > current.eventId;
}

/** A score as matching keeps it: one per enterprise, of its latest year. */
export interface ScoreVersion {
  year: number;
  computedAt: string;
  eventId: string;
}

/**
 * DOMAIN.md §3 matches on an enterprise's latest score: a later year wins; within a year the later
 * `computedAt` (a recompute), ties to the larger event id. A redelivery is not newer than itself.
 */
export function isNewerScore(candidate: ScoreVersion, current: ScoreVersion | null | undefined): boolean {
  if (!current) return true;
  if (candidate.year !== current.year) return candidate.year > current.year;
  const c = compareInstants(candidate.computedAt, current.computedAt);
  return c !== 0 ? c > 0 : candidate.eventId > current.eventId;
}
