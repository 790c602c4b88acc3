/**
 * Exact integer splitting: the calibration sets category totals first, then distributes them over loans
 * so the sums are exact by construction (never by search).
 */

/**
 * Split `total` (integer ≥ 0) over non-negative integer weights (Σ > 0) by cumulative flooring:
 * parts sum to `total` exactly, and each part is below (exact share + 1), so never above the ceiling of it.
 */
export function splitByWeights(total: number, weights: readonly number[]): number[] {
  const W = BigInt(weights.reduce((a, w) => a + w, 0));
  if (W <= 0n) {
    if (total === 0) return weights.map(() => 0);
    throw new RangeError('cannot split a positive total over zero weights');
  }
  const T = BigInt(total);
  let cum = 0n;
  let prev = 0n;
  return weights.map((w) => {
    cum += BigInt(w);
    const upTo = (T * cum) / W;
    const part = upTo - prev;
    prev = upTo;
    return Number(part);
  });
}

/** Split `total` so that every part is at least `min`, the rest by weights. */
export function splitWithMin(total: number, weights: readonly number[], min: number): number[] {
  const rest = total - min * weights.length;
  if (rest < 0) throw new RangeError(`total ${total} is below ${weights.length} × ${min}`);
  return splitByWeights(rest, weights).map((p) => p + min);
}

/**
 * Adjust integer values within [lo_i, hi_i] so they sum to `target`, moving each in proportion to its
 * slack (so no bound is crossed). Throws when the target is outside [Σ lo, Σ hi].
 */
export function fitToSum(values: readonly number[], lo: readonly number[], hi: readonly number[], target: number): number[] {
  const at = (xs: readonly number[], i: number): number => xs[i] ?? 0;
  const sum = values.reduce((a, v) => a + v, 0);
  const d = target - sum;
  if (d === 0) return [...values];
  const slack = values.map((v, i) => (d > 0 ? at(hi, i) - v : v - at(lo, i)));
  if (slack.some((s) => s < 0)) throw new RangeError('a value lies outside its bounds');
  if (slack.reduce((a, s) => a + s, 0) < Math.abs(d)) throw new RangeError(`cannot reach ${target} from ${sum} within the bounds`);
  const moves = splitByWeights(Math.abs(d), slack);
  return values.map((v, i) => v + Math.sign(d) * at(moves, i));
}
