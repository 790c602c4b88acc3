/**
 * Integer money in fen (分) and exact rational helpers.
 * Money is a `number` of fen within Number.isSafeInteger; intermediate products use `bigint`.
 * "Half-up" everywhere means round half away from zero on the exact rational (preamble, DOMAIN.md §5–7).
 */

/** Money in integer fen (1 元 = 100 fen; 1 亿元 = 10^10 fen). */
export type Fen = number;

/** Fen per 亿元 (10^8 元 × 100). */
export const FEN_PER_YI = 10_000_000_000n;
/** Basis points per unit (1 = 10000 bp). */
export const BP_PER_UNIT = 10_000n;

/** Throws RangeError unless `n` is a safe integer ≥ 0 (a programmer error, not a business failure). */
export function assertFen(n: number, name = 'amount'): asserts n is Fen {
  if (!Number.isSafeInteger(n) || n < 0) {
    throw new RangeError(`${name} must be a non-negative safe integer of fen, got ${String(n)}`);
  }
}

/** Throws RangeError unless `n` is a safe integer (any sign). */
export function assertSafeInt(n: number, name = 'value'): void {
  if (!Number.isSafeInteger(n)) throw new RangeError(`${name} must be a safe integer, got ${String(n)}`);
}

/** Converts a bigint to a safe-integer number, throwing RangeError if it does not fit. */
export function toSafeNumber(x: bigint, name = 'value'): number {
  if (x > BigInt(Number.MAX_SAFE_INTEGER) || x < BigInt(Number.MIN_SAFE_INTEGER)) {
    throw new RangeError(`${name} ${x} exceeds the safe integer range`);
  }
  return Number(x);
}

function assertDen(den: bigint): void {
  if (den <= 0n) throw new RangeError(`denominator must be > 0, got ${den}`);
}

/** num/den rounded half away from zero (den > 0). */
export function divHalfUp(num: bigint, den: bigint): bigint {
  assertDen(den);
  const neg = num < 0n;
  const a = neg ? -num : num;
  let q = a / den;
  if ((a % den) * 2n >= den) q += 1n;
  return neg ? -q : q;
}

/** num/den rounded toward −∞ (den > 0). */
export function divFloor(num: bigint, den: bigint): bigint {
  assertDen(den);
  const q = num / den;
  return num % den !== 0n && num < 0n ? q - 1n : q;
}

/** amount × bp / 10000, half-up, computed exactly (e.g. a 60% claim: applyBp(p, 6000)). */
export function applyBp(amountFen: Fen, bp: number): Fen {
  assertFen(amountFen, 'amountFen');
  assertSafeInt(bp, 'bp');
  return toSafeNumber(divHalfUp(BigInt(amountFen) * BigInt(bp), BP_PER_UNIT), 'applyBp result');
}

/** amount × bp / 10000, rounded down (e.g. a suggested credit line, DOMAIN.md §3). */
export function applyBpFloor(amountFen: Fen, bp: number): Fen {
  assertFen(amountFen, 'amountFen');
  assertSafeInt(bp, 'bp');
  return toSafeNumber(divFloor(BigInt(amountFen) * BigInt(bp), BP_PER_UNIT), 'applyBpFloor result');
}

/** Sum of fen amounts; throws RangeError on a non-fen input or a sum beyond the safe range. */
export function sumFen(xs: Iterable<Fen>): Fen {
  let total = 0n;
  for (const x of xs) {
    assertFen(x, 'summand');
    total += BigInt(x);
  }
  return toSafeNumber(total, 'sumFen result');
}

/**
 * Yuan to fen. A number must be a whole number of yuan; a string may carry up to 2 decimals ("12.34").
 */
export function yuanToFen(yuan: number | string): Fen {
  let fen: bigint;
  if (typeof yuan === 'number') {
    assertFen(yuan, 'yuan');
    fen = BigInt(yuan) * 100n;
  } else {
    const m = /^(\d+)(?:\.(\d{1,2}))?$/.exec(yuan);
    if (!m) throw new RangeError(`not a yuan amount: ${JSON.stringify(yuan)}`);
    fen = BigInt(m[1] ?? '0') * 100n + BigInt((m[2] ?? '').padEnd(2, '0'));
  }
  const n = toSafeNumber(fen, 'yuanToFen result');
  assertFen(n);
  return n;
}

/** An exact rational num/den with den > 0. */
export interface Ratio {
  num: bigint;
  den: bigint;
}

/** Builds a ratio normalised to den > 0 (den ≠ 0). */
export function ratio(num: bigint, den: bigint): Ratio {
  if (den === 0n) throw new RangeError('ratio denominator must not be 0');
  return den < 0n ? { num: -num, den: -den } : { num, den };
}

/** Formats num/den as a decimal string with `decimals` places, half-up ("14.48", "-0.50", "7"). */
export function ratioHalfUp(num: bigint, den: bigint, decimals: number): string {
  if (!Number.isInteger(decimals) || decimals < 0 || decimals > 30) {
    throw new RangeError(`decimals must be an integer in 0..30, got ${decimals}`);
  }
  const r = ratio(num, den);
  const scale = 10n ** BigInt(decimals);
  const scaled = divHalfUp(r.num * scale, r.den);
  const neg = scaled < 0n;
  const abs = neg ? -scaled : scaled;
  const int = abs / scale;
  const frac = decimals === 0 ? '' : '.' + (abs % scale).toString().padStart(decimals, '0');
  return `${neg ? '-' : ''}${int}${frac}`;
}

/** Formats a ratio with `decimals` places, half-up. */
export function formatRatio(r: Ratio, decimals: number): string {
  return ratioHalfUp(r.num, r.den, decimals);
}

/** The exact percentage change (now/before − 1) × 100 as a ratio (before ≠ 0). */
export function percentChangeRatio(now: bigint, before: bigint): Ratio {
  return ratio((now - before) * 100n, before);
}

/** (now/before − 1) × 100 rounded half-up to `decimals` places, e.g. "14.48" (before ≠ 0). */
export function percentChange(now: bigint, before: bigint, decimals: number): string {
  return formatRatio(percentChangeRatio(now, before), decimals);
}

/** a − b exactly (e.g. spread = growth − all-loans growth, DOMAIN.md §7, rounded only afterwards). */
export function subtractRatios(a: Ratio, b: Ratio): Ratio {
  return ratio(a.num * b.den - b.num * a.den, a.den * b.den);
}

/** Compares two ratios: −1, 0 or 1. */
export function compareRatios(a: Ratio, b: Ratio): -1 | 0 | 1 {
  const x = ratio(a.num, a.den);
  const y = ratio(b.num, b.den);
  const d = x.num * y.den - y.num * x.den;
  return d < 0n ? -1 : d > 0n ? 1 : 0;
}

/** Fen as 亿元 with `decimals` places, half-up: 66_169_300_000_000 fen → "6616.93" (2 decimals). */
export function fenToYi(fen: number | bigint, decimals: number): string {
  const f = typeof fen === 'bigint' ? fen : BigInt(toSafeIntegerChecked(fen));
  return ratioHalfUp(f, FEN_PER_YI, decimals);
}

/** Alias of {@link fenToYi}. */
export const formatYi = fenToYi;

function toSafeIntegerChecked(n: number): number {
  assertSafeInt(n, 'fen');
  return n;
}
