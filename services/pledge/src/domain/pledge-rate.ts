/**
 * Pledge-rate cap (DOMAIN.md §4): loan principal ≤ Σ cap_bp(kind) × appraised value / 10000, compared
 * exactly as principal × 10000 ≤ Σ cap_bp × appraised (bigint). A breach is recorded and flagged for
 * regulators, never dropped.
 */
import type { PledgeAssetKind } from '@techcredit/contracts';
import { divFloor, toSafeNumber } from '@techcredit/money';

/** Cap per asset kind in bp of the appraised value (policy `pledgeCaps`). */
export type PledgeCaps = Readonly<Record<PledgeAssetKind, number>>;

export interface PledgeRateCheck {
  breach: boolean;
  /** Σ cap × appraised rounded down to the fen (principal ≤ exact value ⇔ principal ≤ this floor). */
  allowedFen: number;
  principalFen: number;
}

export function pledgeRateCheck(
  principalFen: number,
  assets: readonly { kind: PledgeAssetKind; appraisedValueFen: number }[],
  caps: PledgeCaps,
): PledgeRateCheck {
  let allowedTimes10000 = 0n;
  for (const a of assets) allowedTimes10000 += BigInt(caps[a.kind]) * BigInt(a.appraisedValueFen);
  const breach = BigInt(principalFen) * 10_000n > allowedTimes10000;
  return { breach, allowedFen: toSafeNumber(divFloor(allowedTimes10000, 10_000n), 'allowedFen'), principalFen };
}
