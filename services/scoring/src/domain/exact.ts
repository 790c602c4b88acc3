/**
 * Exact integer helpers for the scoring hot path (100,000 members × 18 indicators). Every operand is a
 * safe integer, and `%`, `-` and the division of an exact multiple are exact in IEEE-754 for safe
 * integers, so these never round through floating point. Bigint equivalents live in @techcredit/money;
 * these avoid allocating a bigint per breakdown entry.
 */

function assertSafe(n: number, name: string): void {
  if (!Number.isSafeInteger(n)) throw new RangeError(`${name} must be a safe integer, got ${String(n)}`);
}

/** a / b rounded half-up, for safe integers a ≥ 0 and b > 0 (2·(a mod b) stays below 2^53). */
export function divHalfUpInt(a: number, b: number): number {
  assertSafe(a, 'numerator');
  assertSafe(b, 'denominator');
  if (a < 0 || b <= 0) throw new RangeError(`divHalfUpInt needs a ≥ 0 and b > 0, got ${a}/${b}`);
  const r = a % b;
  const q = (a - r) / b;
  return 2 * r >= b ? q + 1 : q;
}

/** A non-negative integer count of 10^-decimals units as a decimal string: (7345, 2) → "73.45". */
export function formatFixed(units: number, decimals: number): string {
  if (!Number.isSafeInteger(units) || units < 0) throw new RangeError(`units must be a safe integer ≥ 0, got ${units}`);
  const s = String(units).padStart(decimals + 1, '0');
  return `${s.slice(0, s.length - decimals)}.${s.slice(s.length - decimals)}`;
}
