/**
 * The quality figure of §12: the share of HTE whose filed rdIntensity is below 5% (seed: 43%), per year and
 * region. An enterprise counts when it holds HTE valid on Dec 31 of the year; its filing of that year gives
 * rdIntensity (bp); HTE holders without a filing are reported apart, not guessed. Pure.
 */
import { ratioHalfUp } from '@techcredit/money';

export interface RdQuality {
  year: number;
  /** HTE holders (valid on Dec 31 of the year) with a filing for the year. */
  filed: number;
  /** Of those, rdIntensity below the threshold. */
  below: number;
  /** HTE holders without a filing for the year. */
  unfiled: number;
  thresholdBp: number;
  /** below / filed in percent, 2 decimals; null when none filed. */
  sharePercent: string | null;
}

export function rdQuality(year: number, hteRdIntensities: readonly (number | null)[], thresholdBp: number): RdQuality {
  let filed = 0;
  let below = 0;
  let unfiled = 0;
  for (const bp of hteRdIntensities) {
    if (bp === null) unfiled += 1;
    else {
      filed += 1;
      if (bp < thresholdBp) below += 1;
    }
  }
  return { year, filed, below, unfiled, thresholdBp, sharePercent: filed === 0 ? null : ratioHalfUp(BigInt(below) * 100n, BigInt(filed), 2) };
}
