/**
 * Exact percentages for the statistics (§7): computed as rationals, rounded half-up (away from zero) only
 * for display, kept as reduced fractions in JSON-safe strings. Arithmetic from `@techcredit/money`.
 */
import { divHalfUp, FEN_PER_YI, fenToYi as yi, percentChangeRatio, ratio, ratioHalfUp, subtractRatios } from '@techcredit/money';

export { FEN_PER_YI };

/** An exact percentage (or percentage points): value = num / den, den > 0, reduced. */
export interface Pct {
  num: string;
  den: string;
  /** Rounded half-up to 2 decimals, e.g. "14.48", "-3.10". */
  value: string;
}

const abs = (x: bigint): bigint => (x < 0n ? -x : x);

function gcd(a: bigint, b: bigint): bigint {
  let x = abs(a);
  let y = abs(b);
  while (y !== 0n) [x, y] = [y, x % y];
  return x;
}

/** num/den rounded half-up to `decimals`, as a string. */
export function roundHalfUp(num: bigint, den: bigint, decimals: number): string {
  return ratioHalfUp(num, den, decimals);
}

/** num/den × 10^decimals rounded half-up: the value at that precision as a scaled integer. */
export function roundScaled(num: bigint, den: bigint, decimals: number): bigint {
  const r = ratio(num, den);
  return divHalfUp(r.num * 10n ** BigInt(decimals), r.den);
}

/** A scaled integer (value × 10^decimals) as a fixed-point decimal string. */
export function formatScaled(scaled: bigint, decimals: number): string {
  return ratioHalfUp(scaled, 10n ** BigInt(decimals), decimals);
}

/** A reduced percentage (value already in percent units). */
export function pct(num: bigint, den: bigint): Pct {
  const r = ratio(num, den);
  const g = gcd(r.num, r.den) || 1n;
  const n = r.num / g;
  const d = r.den / g;
  return { num: n.toString(), den: d.toString(), value: ratioHalfUp(n, d, 2) };
}

/** Year-on-year growth in percent: 100·(current − previous)/previous; null when previous is 0. */
export function growthPct(current: number, previous: number): Pct | null {
  if (previous === 0) return null;
  const r = percentChangeRatio(BigInt(current), BigInt(previous));
  return pct(r.num, r.den);
}

/** Spread in percentage points between two growths, subtracted unrounded (§7); null on a zero base. */
export function spreadPoints(a: number, a0: number, b: number, b0: number): Pct | null {
  if (a0 === 0 || b0 === 0) return null;
  const r = subtractRatios(percentChangeRatio(BigInt(a), BigInt(a0)), percentChangeRatio(BigInt(b), BigInt(b0)));
  return pct(r.num, r.den);
}

/** Amount in 亿元 (1亿元 = 10^10 fen), rounded half-up to `decimals` (default 2). */
export function fenToYi(fen: number, decimals = 2): string {
  return yi(fen, decimals);
}
