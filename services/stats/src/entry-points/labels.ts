/** Display names of slice keys (DOMAIN.md §1 reference data; banks from the registry). */
import { CLUSTERS, DESIGNATIONS, PREFECTURES, ZONES } from '@techcredit/reference';
import type { BankView } from '@techcredit/projections';
import { NONE_KEY, type SliceDimension } from '../domain';

const lookup = (table: Record<string, string>, key: string): string | undefined => (Object.hasOwn(table, key) ? table[key] : undefined);

export function sliceLabels(dimension: SliceDimension, keys: readonly string[], banks: readonly BankView[]): Record<string, string> {
  const zones: Record<string, string> = Object.fromEntries(ZONES.map((z) => [z.id, z.name]));
  const bankNames: Record<string, string> = Object.fromEntries(banks.map((b) => [b.bankId, b.name]));
  const table: Record<string, string> =
    dimension === 'prefecture' ? PREFECTURES
    : dimension === 'zone' ? zones
    : dimension === 'cluster' ? CLUSTERS
    : dimension === 'designation' ? DESIGNATIONS
    : bankNames;
  const out: Record<string, string> = {};
  for (const k of keys) out[k] = lookup(table, k) ?? (k === NONE_KEY ? '(none)' : k);
  return out;
}
