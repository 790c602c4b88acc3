/**
 * Registering an IP pledge (DOMAIN.md §4). A business refusal is a value: the service records it as a
 * refused pledge with its reason and changes nothing else. A pledge for an unknown loan is parked.
 * The refusal rules live in `@techcredit/contracts` (pledge-decision), shared with the subsidy service.
 */
import { pledgeRefusal, type ActivePledgeRef, type LoanState, type PledgeRefusalReason, type PledgeRegistered, type AssetRef } from '@techcredit/contracts';
import { pledgeRateCheck, type PledgeCaps, type PledgeRateCheck } from './pledge-rate';

export { assetKey, type ActivePledgeRef, type AssetRef, type PledgeRefusalReason } from '@techcredit/contracts';

export type PledgeDecision =
  | { ok: true; status: 'accepted'; rate: PledgeRateCheck }
  | { ok: false; status: 'refused'; reason: PledgeRefusalReason; message: string; assets: AssetRef[] }
  | { ok: false; status: 'parked'; reason: 'PARK'; message: string };

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
  const refusal = pledgeRefusal(pledge, loan, activePledges);
  if (refusal) return { ok: false, status: 'refused', ...refusal };
  return { ok: true, status: 'accepted', rate: pledgeRateCheck(loan.principalFen, pledge.assets, caps) };
}
