/**
 * The quality figure of §12: the share of HTE whose filed rdIntensity is below 5% (seed: 43%), per year and
 * region. An enterprise counts when it holds HTE valid on Dec 31 of the year and filed for that year; its
 * filing gives rdIntensity (bp). The threshold is policy data (`hteEligibility.qualityRdIntensityBelowBp`). Pure.
 */
import { ratioHalfUp } from '@techcredit/money';

export interface RdQuality {
  year: number;
  /** HTE holders (valid on Dec 31 of the year) with a filing for the year. */
  filed: number;
  /** Of those, rdIntensity below the threshold. */
  below: number;
  thresholdBp: number;
  /** below / filed in percent, 2 decimals; null when none filed. */
  sharePercent: string | null;
}

export function rdQuality(year: number, hteRdIntensities: readonly number[], thresholdBp: number): RdQuality {
  const below = hteRdIntensities.filter((bp) => bp < thresholdBp).length;
  const filed = hteRdIntensities.length;
  return { year, filed, below, thresholdBp, sharePercent: filed === 0 ? null : ratioHalfUp(BigInt(below) * 100n, BigInt(filed), 2) };
}
