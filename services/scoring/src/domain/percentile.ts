/**
 * Cohort percentiles with ties (DOMAIN.md §2): s = (L + 0.5·E) / N, where L counts strictly lower
 * values and E equal values (itself included). We keep the exact numerator over 2N:
 * 2L + E = L + U, with U = L + E the count of values ≤ v. One numeric sort of a Float64Array
 * (safe integers are exact in float64), one pass over the runs of equal values, then a hash lookup
 * per member: O(N log N) per indicator.
 */

/** Largest cohort: 2N must fit an Int32Array entry. */
export const MAX_COHORT = 1_000_000_000;

/** For each value, 2L + E within `values` (so the percentile is the result / (2·values.length)). */
export function twiceRankWithTies(values: Float64Array | readonly number[]): Int32Array {
  const n = values.length;
  if (n > MAX_COHORT) throw new RangeError(`cohort of ${n} exceeds ${MAX_COHORT}`);
  const sorted = new Float64Array(n);
  for (let i = 0; i < n; i++) sorted[i] = (values[i] as number) + 0; // + 0 folds −0 into 0
  sorted.sort();
  const rankOf = new Map<number, number>();
  for (let i = 0; i < n; ) {
    const v = sorted[i] as number;
    let j = i + 1;
    while (j < n && sorted[j] === v) j++;
    rankOf.set(v, i + j); // L = i, U = j (members with a value ≤ v)
    i = j;
  }
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) out[i] = rankOf.get((values[i] as number) + 0) as number;
  return out;
}

/**
 * 2L + E of one value `v` joining `others` (itself counted in E): the rank `twiceRankWithTies` gives it in
 * [v, ...others], by one linear count (a what-if asks for one member, not a whole cohort).
 */
export function twiceRankAmong(v: number, others: readonly number[]): number {
  let lower = 0;
  let equal = 1;
  for (const o of others) {
    if (o < v) lower++;
    else if (o === v) equal++;
  }
  return 2 * lower + equal;
}
