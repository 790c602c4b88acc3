import { oneYearBefore } from './dates';
import { holdsOn, positionsOn, techTest } from './figures';
import { statsFromPositions, type LendingStats } from './report';
import type { LoanPosition, StatsEnterprise, StatsInput } from './types';

export type SliceDimension = 'prefecture' | 'zone' | 'cluster' | 'designation' | 'bank';
export const SLICE_DIMENSIONS: readonly SliceDimension[] = ['prefecture', 'zone', 'cluster', 'designation', 'bank'];
/** Key of the slice holding enterprises outside every zone / cluster. */
export const NONE_KEY = 'none';

function partition<T>(items: readonly T[], key: (t: T) => string | undefined): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    if (k === undefined) continue;
    const list = out.get(k);
    if (list) list.push(item);
    else out.set(k, [item]);
  }
  return out;
}

/**
 * The §7 statistics sliced by one dimension, keyed by prefecture code, zone, cluster, designation code or
 * bank id (sorted keys). Region slices partition the enterprises (and their loans); in a designation slice
 * "tech" means holding that designation, and in a bank slice only that bank's loans count — so those two
 * may sum to more than the total. Registry counts are not repeated per slice.
 */
export function groupBy(input: StatsInput, asOf: string, dimension: SliceDimension): Record<string, LendingStats> {
  const previous = oneYearBefore(asOf);
  const all = { current: positionsOn(input.loans, asOf), prior: positionsOn(input.loans, previous) };
  const byId = new Map(input.enterprises.map((e) => [e.enterpriseId, e] as const));
  const isTech = techTest(input.enterprises);
  /** Split both position lists by a key, in one pass each (O(loans)). */
  const split = (key: (p: LoanPosition) => string | undefined) => {
    const current = partition(all.current, key);
    const prior = partition(all.prior, key);
    return (k: string) => ({ current: current.get(k) ?? [], prior: prior.get(k) ?? [] });
  };
  const out: Record<string, LendingStats> = {};

  if (dimension === 'designation') {
    const codes = new Set(input.enterprises.flatMap((e) => e.designations.map((d) => d.code)));
    for (const code of [...codes].sort()) {
      out[code] = statsFromPositions(asOf, all, (id, date) => holdsOn(byId.get(id), code, date), input.totalLoans);
    }
    return out;
  }
  if (dimension === 'bank') {
    const byBank = split((p) => p.bankId);
    for (const bank of [...new Set(input.loans.map((l) => l.bankId))].sort()) {
      out[bank] = statsFromPositions(asOf, byBank(bank), isTech, input.totalLoans);
    }
    return out;
  }
  const keyOf = (e: StatsEnterprise): string =>
    dimension === 'prefecture' ? e.prefecture : ((dimension === 'zone' ? e.zone : e.cluster) ?? NONE_KEY);
  const byKey = split((p) => {
    const e = byId.get(p.enterpriseId);
    return e && keyOf(e);
  });
  for (const k of [...new Set(input.enterprises.map(keyOf))].sort()) {
    out[k] = statsFromPositions(asOf, byKey(k), isTech, input.totalLoans);
  }
  return out;
}
