/**
 * Exact ratio tests in integers (DOMAIN.md §9: "rd × 100 ≥ 6 × revenue", never floating point). Figures may be
 * large fen amounts, so the cross-multiplication is done in bigint.
 */

/** num / den ≥ bp / 10000, exactly; a zero denominator never reaches a threshold (no ratio to speak of). */
export function reachesBp(num: number, den: number, bp: number): boolean {
  if (den <= 0) return false;
  return BigInt(num) * 10_000n >= BigInt(bp) * BigInt(den);
}

/** num / den in whole basis points, rounded down (for display; decisions use `reachesBp`); null when den = 0. */
export function floorBp(num: number, den: number): number | null {
  if (den <= 0) return null;
  return Number((BigInt(num) * 10_000n) / BigInt(den));
}

/** The points of the first band (descending thresholds) the ratio num/den reaches, else 0. */
export function bandPoints(num: number, den: number, bands: readonly { minBp: number; points: number }[]): number {
  return bands.find((b) => reachesBp(num, den, b.minBp))?.points ?? 0;
}

/** Percent text of a basis-point threshold: 600 → "6%", 2999 → "29.99%". */
export function pct(bp: number): string {
  const whole = Math.trunc(bp / 100);
  const frac = bp % 100;
  return frac === 0 ? `${whole}%` : `${whole}.${String(frac).padStart(2, '0').replace(/0$/, '')}%`;
}
