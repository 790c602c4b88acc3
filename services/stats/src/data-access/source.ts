/**
 * The statistics input (DOMAIN.md §7) built on every request from the service's own projections: the
 * registry view and the loan ledger (in-memory mirrors of their collections, docs/decisions/0006), every
 * loan folded on read, and the posted all-loans totals (a handful of documents). Measured at full scale
 * (≈9,600 enterprises, 10,650 loans, 22,900 loan events) a whole statistics read takes 0.15–0.55 s, within
 * the 2 s budget, so no cache is kept (services/stats/bench/lending-read.ts).
 */
import type { BankView, LoanLedger, RegistryView } from '@techcredit/projections';
import type { Collection } from '@techcredit/store';
import { buildStatsInput, type FoldedLoan, type StatsInput } from '../domain';
import { allTotalLoans, type TotalLoansDoc } from './total-loans';

export interface StatsData {
  input: StatsInput;
  banks: BankView[];
}

export interface StatsSource {
  load(): Promise<StatsData>;
}

export function statsSource(deps: { registry: RegistryView; ledger: LoanLedger; totals: Collection<TotalLoansDoc> }): StatsSource {
  return {
    async load() {
      const [enterprises, folds, totals, banks] = await Promise.all([
        deps.registry.allEnterprises(),
        deps.ledger.allLoans(),
        allTotalLoans(deps.totals),
        deps.registry.allBanks(),
      ]);
      const loans: FoldedLoan[] = [];
      for (const f of folds.values()) if (f.loan) loans.push(f.loan);
      return { input: buildStatsInput(enterprises, loans, totals.map((t) => ({ date: t.date, balanceFen: t.balanceFen }))), banks };
    },
  };
}
