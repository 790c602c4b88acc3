/**
 * The scenario's expected statistics, computed by the stats domain itself (single source of truth) over the
 * generated registry and loan events, exactly as the pipeline must.
 */
import { policyBook } from '@techcredit/policy';
import { benchmark, classifyLoans, computeLendingStats, groupBy, SLICE_DIMENSIONS, type SliceDimension, type StatsInput, type StatsLoan } from '@techcredit/stats/src/domain';
import type { LendingStats } from '@techcredit/stats/src/domain';
import type { InvestmentRecord } from './insurance';
import type { DesignationGrantRecord, EnterpriseRecord, LoanEventRecord, ProductRecord, ScenarioExpected } from './types';

export const AS_OF = '2024-12-31';

/** The stats-domain input of a scenario: enterprises with their designations, loans with their movements. */
export function toStatsInput(s: {
  enterprises: readonly EnterpriseRecord[];
  designationGrants: readonly DesignationGrantRecord[];
  loanEvents: readonly LoanEventRecord[];
  totalLoans: readonly { date: string; balanceFen: number }[];
  /** §11: investments and products classify the loans as the stats service does (absent: none). */
  investments?: readonly InvestmentRecord[];
  products?: readonly ProductRecord[];
}): StatsInput {
  const grants = new Map<string, DesignationGrantRecord[]>();
  for (const g of s.designationGrants) grants.set(g.enterpriseId, [...(grants.get(g.enterpriseId) ?? []), g]);
  const loans = new Map<string, StatsLoan>();
  for (const e of s.loanEvents) {
    if (e.type === 'loan.disbursed') {
      const d = e.data;
      loans.set(d.loanId, {
        loanId: d.loanId,
        bankId: d.bankId,
        enterpriseId: d.enterpriseId,
        principalFen: d.principalFen,
        disbursedOn: d.disbursedOn,
        guaranteeType: d.guaranteeType,
        movements: [],
        ...(d.productId === undefined ? {} : { productId: d.productId }),
      });
    } else if (e.type === 'loan.repaid') loans.get(e.data.loanId)?.movements.push({ kind: 'repaid', amountFen: e.data.amountFen, on: e.data.repaidOn });
    else if (e.type === 'loan.written_off') loans.get(e.data.loanId)?.movements.push({ kind: 'written_off', amountFen: e.data.amountFen, on: e.data.writtenOffOn });
  }
  return {
    enterprises: s.enterprises.map((e) => ({
      enterpriseId: e.enterpriseId,
      prefecture: e.prefecture,
      zone: e.zone,
      cluster: e.cluster,
      designations: (grants.get(e.enterpriseId) ?? []).map((g) => ({ code: g.code, validFrom: g.validFrom, validTo: g.validTo })),
    })),
    loans: classified(s, [...loans.values()]),
    totalLoans: [...s.totalLoans],
  };
}

/** Each enterprise's loans with their §11 classification (the default link window, as the stats service uses). */
function classified(s: Parameters<typeof toStatsInput>[0], loans: StatsLoan[]): StatsLoan[] {
  const investments = (s.investments ?? []).map((i) => i.data);
  const products = new Map((s.products ?? []).map((p) => [p.productId, { bankId: p.bankId, kind: p.kind, minScore: p.minScore }] as const));
  const ctx = { investments, windowAt: (d: string) => policyBook.at('investmentLink', d)?.windowDays, productOf: (id: string) => products.get(id) };
  const byEnterprise = new Map<string, StatsLoan[]>();
  for (const l of loans) byEnterprise.set(l.enterpriseId, [...(byEnterprise.get(l.enterpriseId) ?? []), l]);
  return [...byEnterprise.values()].flatMap((own) => classifyLoans(own, ctx)).sort((a, b) => (a.loanId < b.loanId ? -1 : a.loanId > b.loanId ? 1 : 0));
}

/** Run the stats domain over the scenario's data: totals, slices and the §8 benchmark at 2024-12-31. */
export function computeExpected(s: Parameters<typeof toStatsInput>[0]): ScenarioExpected {
  const input = toStatsInput(s);
  const stats = computeLendingStats(input, AS_OF);
  const slices = Object.fromEntries(SLICE_DIMENSIONS.map((d) => [d, groupBy(input, AS_OF, d)])) as Record<SliceDimension, Record<string, LendingStats>>;
  return { asOf: AS_OF, stats, stats2023: computeLendingStats(input, '2023-12-31'), slices, benchmark: benchmark(stats) };
}
