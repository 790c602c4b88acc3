/**
 * The recorded outcome of every pledge (DOMAIN.md §4) and the risk compensation of every written-off
 * pledged loan, from the canonical-order decisions of `decidePledges` (@techcredit/contracts):
 *  - accepted (or released, once the loan is fully repaid or a `pledge.released` arrived), with the
 *    pledge-rate check of the caps in force on the registration date (a breach is flagged, not refused);
 *  - refused with its reason, message and the assets at fault (a refused pledge holds nothing).
 */
import { isWrittenOff, type AssetRef, type PledgeAsset, type PledgeOutcome, type PledgeRefusalReason } from '@techcredit/contracts';
import { riskCompensation, type LoanCompensation, type RiskCompensationTerms } from './compensation';
import { pledgeRateCheck, type PledgeCaps } from './pledge-rate';

export type PledgeStatus = 'accepted' | 'refused' | 'released';

export interface PledgeRecord {
  pledgeId: string;
  loanId: string;
  bankId: string;
  enterpriseId: string;
  /** The `pledge.registered` event decided. */
  eventId: string;
  registeredOn: string;
  cnipaRegistrationNo: string;
  assets: PledgeAsset[];
  appraisalFeeFen: number;
  insurancePremiumFen: number;
  principalFen: number;
  status: PledgeStatus;
  reason: PledgeRefusalReason | null;
  message: string | null;
  /** The assets at fault of a refusal (already pledged, or expiring before maturity). */
  refusedAssets: AssetRef[];
  /** Pledge-rate cap breach (accepted pledges; null if refused or no caps in force on the registration date). */
  breach: boolean | null;
  /** Σ cap × appraised value, rounded down to the fen (null as for `breach`). */
  allowedFen: number | null;
  releasedOn: string | null;
  releaseCause: 'repaid' | 'release_event' | null;
}

/** The pledge-rate caps in force on a date (`pledgeCaps` policy). */
export type CapsAt = (date: string) => PledgeCaps | undefined;
/** The risk-compensation share in force on a date (`riskCompensation` policy). */
export type ShareAt = (date: string) => RiskCompensationTerms | undefined;

export function pledgeRecord(o: PledgeOutcome, capsAt: CapsAt): PledgeRecord {
  const p = o.pledge;
  const base = {
    pledgeId: p.pledgeId,
    loanId: p.loanId,
    bankId: o.loan.bankId,
    enterpriseId: o.loan.enterpriseId,
    eventId: o.eventId,
    registeredOn: p.registeredOn,
    cnipaRegistrationNo: p.cnipaRegistrationNo,
    assets: p.assets.map((a) => ({ ...a })),
    appraisalFeeFen: p.appraisalFeeFen,
    insurancePremiumFen: p.insurancePremiumFen,
    principalFen: o.loan.principalFen,
  };
  if (o.status === 'refused') {
    const { reason, message, assets } = o.refusal;
    return { ...base, status: 'refused', reason, message, refusedAssets: assets, breach: null, allowedFen: null, releasedOn: null, releaseCause: null };
  }
  const caps = capsAt(p.registeredOn);
  const rate = caps ? pledgeRateCheck(o.loan.principalFen, p.assets, caps) : undefined;
  const r = o.release;
  return {
    ...base,
    status: r.released ? 'released' : 'accepted',
    reason: null,
    message: null,
    refusedAssets: [],
    breach: rate ? rate.breach : null,
    allowedFen: rate ? rate.allowedFen : null,
    releasedOn: r.released ? r.releasedOn : null,
    releaseCause: r.released ? r.cause : null,
  };
}

/**
 * Risk compensation per written-off loan that has a pledge: the write-offs dated while an accepted pledge
 * of the loan was active are compensated at the share in force on their date (§4, 30%), half-up once per loan.
 */
export function loanCompensations(outcomes: readonly PledgeOutcome[], shareAt: ShareAt): LoanCompensation[] {
  const byLoan = new Map<string, PledgeOutcome[]>();
  for (const o of outcomes) byLoan.set(o.loan.loanId, [...(byLoan.get(o.loan.loanId) ?? []), o]);
  const out: LoanCompensation[] = [];
  for (const list of byLoan.values()) {
    const loan = list[0]!.loan;
    if (!isWrittenOff(loan)) continue;
    const windows = list.flatMap((o) =>
      o.status === 'accepted' ? [{ registeredOn: o.pledge.registeredOn, releasedOn: o.release.released ? o.release.releasedOn : null }] : [],
    );
    out.push(riskCompensation(loan, windows, shareAt));
  }
  return out.sort((a, b) => (a.loanId < b.loanId ? -1 : a.loanId > b.loanId ? 1 : 0));
}
