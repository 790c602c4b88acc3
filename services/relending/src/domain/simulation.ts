/**
 * Re-lending figures of a policy simulation (DOMAIN.md §13) per quarter and bank, from the banks' positions
 * computed by the live rules (`bankRelending`): the eligible loans and claims of loans disbursed in the
 * quarter, and the quarter's application (amount, the bank's interest). Only quarters of `years`.
 */
import type { RelendingFigures } from '@techcredit/contracts';
import type { BankRelending } from './bank';

export interface RelendingFigureRow extends RelendingFigures {
  quarter: string;
  bankId: string;
}

const ZERO: RelendingFigures = { eligibleLoans: 0, claimsFen: 0, applications: 0, appliedFen: 0, interestFen: 0 };

/** Rows with any figure ≠ 0, by quarter then bank. */
export function relendingFigureRows(banks: readonly BankRelending[], years: readonly number[]): RelendingFigureRow[] {
  const keep = new Set(years);
  const rows = new Map<string, RelendingFigureRow>();
  const row = (quarter: string, bankId: string): RelendingFigureRow => {
    const key = `${quarter}|${bankId}`;
    let r = rows.get(key);
    if (!r) rows.set(key, (r = { quarter, bankId, ...ZERO }));
    return r;
  };
  for (const b of banks) {
    for (const c of b.claims) {
      if (!keep.has(Number(c.quarter.slice(0, 4)))) continue;
      const r = row(c.quarter, b.bankId);
      r.eligibleLoans += 1;
      r.claimsFen += c.claimFen;
    }
    for (const a of b.applications) {
      if (!keep.has(Number(a.quarter.slice(0, 4)))) continue;
      const r = row(a.quarter, b.bankId);
      r.applications += 1;
      r.appliedFen += a.amountFen;
      r.interestFen += a.interestFen;
    }
  }
  return [...rows.values()].sort((a, b) => (a.quarter < b.quarter ? -1 : a.quarter > b.quarter ? 1 : a.bankId < b.bankId ? -1 : a.bankId > b.bankId ? 1 : 0));
}
