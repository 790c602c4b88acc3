/**
 * Release of a pledge (DOMAIN.md §4): when the loan is fully repaid (repayments bring the balance to 0)
 * or on a `pledge.released` event, whichever comes first.
 */
import { isFullyRepaid, settledOn, type LoanState } from '@techcredit/contracts';

export type PledgeRelease =
  | { released: false }
  | { released: true; releasedOn: string; cause: 'repaid' | 'release_event' };

export function pledgeRelease(loan: LoanState | undefined, releaseEvent?: { releasedOn: string }): PledgeRelease {
  const repaidOn = loan !== undefined && isFullyRepaid(loan) ? settledOn(loan) : undefined;
  if (repaidOn !== undefined && (releaseEvent === undefined || repaidOn <= releaseEvent.releasedOn)) {
    return { released: true, releasedOn: repaidOn, cause: 'repaid' };
  }
  if (releaseEvent !== undefined) return { released: true, releasedOn: releaseEvent.releasedOn, cause: 'release_event' };
  return { released: false };
}

/** True if the pledge holds its assets on `date`: registered on or before it and not yet released. */
export function isPledgeActiveOn(p: { registeredOn: string; releasedOn?: string | null }, date: string): boolean {
  return p.registeredOn <= date && (p.releasedOn == null || date < p.releasedOn);
}
