/**
 * Pledge-cap breaches of a policy simulation (DOMAIN.md §13) per registration year and prefecture, from the
 * pledge records of the live rules (`pledgeRecord`): accepted or released pledges checked against the caps in
 * force on their registration date, those that breach them and their loans' principal. Refused pledges and
 * pledges with no caps in force are not checked.
 */
import type { PledgeBreachFigures } from '@techcredit/contracts';
import type { PledgeRecord } from './decisions';

export interface PledgeBreachRow extends PledgeBreachFigures {
  year: number;
  prefecture: string;
}

/** Rows with any figure ≠ 0, by year then prefecture. */
export function pledgeBreachRows(records: readonly PledgeRecord[], years: readonly number[], prefectureOf: (enterpriseId: string) => string): PledgeBreachRow[] {
  const keep = new Set(years);
  const rows = new Map<string, PledgeBreachRow>();
  for (const r of records) {
    const year = Number(r.registeredOn.slice(0, 4));
    if (r.breach === null || !keep.has(year)) continue;
    const prefecture = prefectureOf(r.enterpriseId);
    const key = `${year}|${prefecture}`;
    const row = rows.get(key) ?? { year, prefecture, checkedPledges: 0, breaches: 0, breachPrincipalFen: 0 };
    row.checkedPledges += 1;
    if (r.breach) {
      row.breaches += 1;
      row.breachPrincipalFen += r.principalFen;
    }
    rows.set(key, row);
  }
  return [...rows.values()].sort((a, b) => a.year - b.year || (a.prefecture < b.prefecture ? -1 : a.prefecture > b.prefecture ? 1 : 0));
}
