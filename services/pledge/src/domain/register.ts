/**
 * Registering an IP pledge (DOMAIN.md §4). A business refusal is a value: the service records it as a
 * refused pledge with its reason and changes nothing else. A pledge for an unknown loan is parked.
 */
import type { LoanState, PledgeAssetKind, PledgeRegistered } from '@techcredit/contracts';
import { pledgeRateCheck, type PledgeCaps, type PledgeRateCheck } from './pledge-rate';

/** An asset identity: kind + registration number. */
export interface AssetRef {
  kind: PledgeAssetKind;
  registrationNo: string;
}

/** A pledge currently active (registered, accepted, not released) holding some assets. */
export interface ActivePledgeRef {
  pledgeId: string;
  assets: readonly AssetRef[];
}

export type PledgeRefusalReason = 'LOAN_NOT_IP_PLEDGE' | 'ASSET_ALREADY_PLEDGED' | 'ASSET_EXPIRES_BEFORE_MATURITY';

export type PledgeDecision =
  | { ok: true; status: 'accepted'; rate: PledgeRateCheck }
  | { ok: false; status: 'refused'; reason: PledgeRefusalReason; message: string; assets: AssetRef[] }
  | { ok: false; status: 'parked'; reason: 'PARK'; message: string };

/** The key of an asset in an "active assets" index: `kind|registrationNo`. */
export function assetKey(a: AssetRef): string {
  return `${a.kind}|${a.registrationNo}`;
}

export interface RegisterPledgeInput {
  pledge: PledgeRegistered;
  /** The loan's state, undefined if its disbursement is not known yet. */
  loan: LoanState | undefined;
  /** Active pledges that hold any of the pledge's assets (others are ignored). */
  activePledges: readonly ActivePledgeRef[];
  /** Pledge-rate caps in force on the registration date. */
  caps: PledgeCaps;
}

/**
 * Checks, in order: loan known (else PARK); loan is `ip_pledge`; no asset is under an active pledge of
 * ANOTHER pledgeId (the same pledgeId again is a replay, not a conflict); no asset expires before the
 * loan's current maturity (expiring on the maturity date is fine). Then the pledge-rate cap is
 * checked: a breach is accepted but flagged.
 */
export function decidePledgeRegistration(input: RegisterPledgeInput): PledgeDecision {
  const { pledge, loan, activePledges, caps } = input;
  if (loan === undefined) {
    return { ok: false, status: 'parked', reason: 'PARK', message: `loan ${pledge.loanId} is not known yet; pledge ${pledge.pledgeId} is parked` };
  }
  if (loan.guaranteeType !== 'ip_pledge') {
    return {
      ok: false,
      status: 'refused',
      reason: 'LOAN_NOT_IP_PLEDGE',
      message: `loan ${loan.loanId} is a ${loan.guaranteeType} loan, not ip_pledge`,
      assets: [],
    };
  }
  const taken = new Map<string, string>();
  for (const p of activePledges) {
    if (p.pledgeId === pledge.pledgeId) continue;
    for (const a of p.assets) taken.set(assetKey(a), p.pledgeId);
  }
  const pledged = pledge.assets.filter((a) => taken.has(assetKey(a)));
  if (pledged.length > 0) {
    const list = pledged.map((a) => `${assetKey(a)} (pledge ${taken.get(assetKey(a))})`).join(', ');
    return { ok: false, status: 'refused', reason: 'ASSET_ALREADY_PLEDGED', message: `already under an active pledge: ${list}`, assets: pledged.map(ref) };
  }
  const expiring = pledge.assets.filter((a) => a.expiresOn < loan.maturityOn);
  if (expiring.length > 0) {
    const list = expiring.map((a) => `${assetKey(a)} expires ${a.expiresOn}`).join(', ');
    return {
      ok: false,
      status: 'refused',
      reason: 'ASSET_EXPIRES_BEFORE_MATURITY',
      message: `loan ${loan.loanId} matures ${loan.maturityOn}: ${list}`,
      assets: expiring.map(ref),
    };
  }
  return { ok: true, status: 'accepted', rate: pledgeRateCheck(loan.principalFen, pledge.assets, caps) };
}

const ref = (a: AssetRef): AssetRef => ({ kind: a.kind, registrationNo: a.registrationNo });
