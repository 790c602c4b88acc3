/**
 * Which IP pledges hold their assets (DOMAIN.md §4), shared by `pledge` (which records the decisions) and
 * `subsidy` (which pays fee subsidies on accepted pledges only), so both derive the same answer from the
 * same loan-topic events without one service calling the other. Pure: no I/O, no policy values (the
 * pledge-rate cap check, which never refuses, stays in the pledge service).
 *
 * Deterministic: pledges are decided in canonical order (registeredOn, then pledgeId), each against the
 * pledges accepted before it, so the same set of events gives the same decisions in any arrival order.
 */
import { isFullyRepaid, settledOn, type LoanState } from './loan-state';
import type { LoanEventLike, PledgeAssetKind, PledgeRegistered } from './loans';

/** An asset identity: kind + registration number. */
export interface AssetRef {
  kind: PledgeAssetKind;
  registrationNo: string;
}

/** A pledge currently active (accepted, not released) holding some assets. */
export interface ActivePledgeRef {
  pledgeId: string;
  assets: readonly AssetRef[];
}

export type PledgeRefusalReason = 'LOAN_NOT_IP_PLEDGE' | 'ASSET_ALREADY_PLEDGED' | 'ASSET_EXPIRES_BEFORE_MATURITY';

export interface PledgeRefusal {
  reason: PledgeRefusalReason;
  message: string;
  /** The assets at fault (empty for LOAN_NOT_IP_PLEDGE). */
  assets: AssetRef[];
}

/** The key of an asset in an "active assets" index: `kind|registrationNo`. */
export function assetKey(a: AssetRef): string {
  return `${a.kind}|${a.registrationNo}`;
}

const ref = (a: AssetRef): AssetRef => ({ kind: a.kind, registrationNo: a.registrationNo });

/**
 * The business refusal of a registration, or undefined if it may be accepted. Checks, in order: the
 * loan is `ip_pledge`; no asset is under an active pledge of ANOTHER pledgeId (the same id again is a
 * replay); no asset expires before the loan's current maturity (expiring on the maturity date is fine).
 */
export function pledgeRefusal(pledge: PledgeRegistered, loan: LoanState, activePledges: readonly ActivePledgeRef[]): PledgeRefusal | undefined {
  if (loan.guaranteeType !== 'ip_pledge') {
    return { reason: 'LOAN_NOT_IP_PLEDGE', message: `loan ${loan.loanId} is a ${loan.guaranteeType} loan, not ip_pledge`, assets: [] };
  }
  const taken = new Map<string, string>();
  for (const p of activePledges) {
    if (p.pledgeId === pledge.pledgeId) continue;
    for (const a of p.assets) taken.set(assetKey(a), p.pledgeId);
  }
  const pledged = pledge.assets.filter((a) => taken.has(assetKey(a)));
  if (pledged.length > 0) {
    const list = pledged.map((a) => `${assetKey(a)} (pledge ${taken.get(assetKey(a))})`).join(', ');
    return { reason: 'ASSET_ALREADY_PLEDGED', message: `already under an active pledge: ${list}`, assets: pledged.map(ref) };
  }
  const expiring = pledge.assets.filter((a) => a.expiresOn < loan.maturityOn);
  if (expiring.length > 0) {
    const list = expiring.map((a) => `${assetKey(a)} expires ${a.expiresOn}`).join(', ');
    return { reason: 'ASSET_EXPIRES_BEFORE_MATURITY', message: `loan ${loan.loanId} matures ${loan.maturityOn}: ${list}`, assets: expiring.map(ref) };
  }
  return undefined;
}

export type PledgeRelease = { released: false } | { released: true; releasedOn: string; cause: 'repaid' | 'release_event' };

/** Release (§4): when the loan is fully repaid (the balance reached 0 by repayments) or on a `pledge.released`, whichever is first. */
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

/** A `pledge.registered` event: its id and data. */
export interface PledgeRegistrationRef {
  eventId: string;
  pledge: PledgeRegistered;
}

/** A `pledge.released` event. */
export interface PledgeReleaseRef {
  eventId: string;
  pledgeId: string;
  loanId: string;
  releasedOn: string;
}

interface OutcomeBase {
  pledge: PledgeRegistered;
  /** The registration event the decision is about. */
  eventId: string;
  loan: LoanState;
}
export type PledgeOutcome =
  | (OutcomeBase & { status: 'accepted'; release: PledgeRelease })
  | (OutcomeBase & { status: 'refused'; refusal: PledgeRefusal });

/** The pledge registrations and releases among a loan's (or several loans') events. */
export function pledgeEventsOf(events: readonly LoanEventLike[]): { registrations: PledgeRegistrationRef[]; releases: PledgeReleaseRef[] } {
  const registrations: PledgeRegistrationRef[] = [];
  const releases: PledgeReleaseRef[] = [];
  for (const e of events) {
    if (e.type === 'pledge.registered') registrations.push({ eventId: e.id, pledge: e.data });
    else if (e.type === 'pledge.released') releases.push({ eventId: e.id, ...e.data });
  }
  return { registrations, releases };
}

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Decides every registration in canonical order (registeredOn, then pledgeId). A pledge id registered by
 * several events counts once (the earliest registeredOn, then the smallest event id). A registration whose
 * loan is not known (`loanOf` → undefined) is left out: it is parked upstream, not refused. An accepted
 * pledge is released on full repayment or on the earliest `pledge.released` of its id and loan.
 * Outcomes are returned in canonical order.
 */
export function decidePledges(
  registrations: readonly PledgeRegistrationRef[],
  releases: readonly PledgeReleaseRef[],
  loanOf: (loanId: string) => LoanState | undefined,
): PledgeOutcome[] {
  const byId = new Map<string, PledgeRegistrationRef>();
  for (const r of registrations) {
    const seen = byId.get(r.pledge.pledgeId);
    if (!seen || cmp(r.pledge.registeredOn, seen.pledge.registeredOn) < 0 || (r.pledge.registeredOn === seen.pledge.registeredOn && r.eventId < seen.eventId)) {
      byId.set(r.pledge.pledgeId, r);
    }
  }
  const releaseOf = new Map<string, string>();
  for (const r of releases) {
    const k = `${r.pledgeId}\u0000${r.loanId}`;
    const seen = releaseOf.get(k);
    if (seen === undefined || r.releasedOn < seen) releaseOf.set(k, r.releasedOn);
  }
  const ordered = [...byId.values()].sort((a, b) => cmp(a.pledge.registeredOn, b.pledge.registeredOn) || cmp(a.pledge.pledgeId, b.pledge.pledgeId));
  /** Accepted pledges by the assets they hold (only those can conflict with a later registration). */
  const holders = new Map<string, { pledgeId: string; assets: readonly AssetRef[]; registeredOn: string; releasedOn: string | null }[]>();
  const out: PledgeOutcome[] = [];
  for (const { eventId, pledge } of ordered) {
    const loan = loanOf(pledge.loanId);
    if (loan === undefined) continue;
    const active = [...new Set(pledge.assets.flatMap((a) => holders.get(assetKey(a)) ?? []))].filter((p) => isPledgeActiveOn(p, pledge.registeredOn));
    const refusal = pledgeRefusal(pledge, loan, active);
    if (refusal) {
      out.push({ status: 'refused', pledge, eventId, loan, refusal });
      continue;
    }
    const releasedOn = releaseOf.get(`${pledge.pledgeId}\u0000${pledge.loanId}`);
    const release = pledgeRelease(loan, releasedOn === undefined ? undefined : { releasedOn });
    const held = { pledgeId: pledge.pledgeId, assets: pledge.assets, registeredOn: pledge.registeredOn, releasedOn: release.released ? release.releasedOn : null };
    for (const a of pledge.assets) holders.set(assetKey(a), [...(holders.get(assetKey(a)) ?? []), held]);
    out.push({ status: 'accepted', pledge, eventId, loan, release });
  }
  return out;
}
