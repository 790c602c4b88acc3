/**
 * Building the statistics input (DOMAIN.md §7) from the service's projections: registry enterprises with
 * their designation history, folded loans (refused movements are already excluded by the fold), and the
 * posted all-loans totals. Pure; the shapes are structural so no projection import is needed.
 */
import type { StatsEnterprise, StatsInput, StatsLoan, TotalLoanBalance } from './types';

/** The registry fields the statistics read (an `EnterpriseView` of `@techcredit/projections` fits). */
export interface RegistryEnterprise {
  enterpriseId: string;
  prefecture: string;
  zone: string | null;
  cluster: string | null;
  designations: readonly { code: string; validFrom: string; validTo: string | null }[];
}

/** The folded-loan fields the statistics read (a `LoanState` of `@techcredit/contracts` fits). */
export interface FoldedLoan {
  loanId: string;
  bankId: string;
  enterpriseId: string;
  principalFen: number;
  disbursedOn: string;
  guaranteeType: StatsLoan['guaranteeType'];
  movements: readonly { kind: 'repaid' | 'written_off'; amountFen: number; on: string }[];
  productId?: string;
}

export function toStatsEnterprise(e: RegistryEnterprise): StatsEnterprise {
  return {
    enterpriseId: e.enterpriseId,
    prefecture: e.prefecture,
    zone: e.zone,
    cluster: e.cluster,
    designations: e.designations.map((d) => ({ code: d.code, validFrom: d.validFrom, validTo: d.validTo })),
  };
}

export function toStatsLoan(l: FoldedLoan): StatsLoan {
  return {
    loanId: l.loanId,
    bankId: l.bankId,
    enterpriseId: l.enterpriseId,
    principalFen: l.principalFen,
    disbursedOn: l.disbursedOn,
    guaranteeType: l.guaranteeType,
    movements: l.movements.map((m) => ({ kind: m.kind, amountFen: m.amountFen, on: m.on })),
    ...(l.productId === undefined ? {} : { productId: l.productId }),
  };
}

/** The statistics input; loans are sorted by id so every computation sees the same order. */
export function buildStatsInput(
  enterprises: Iterable<RegistryEnterprise>,
  loans: Iterable<FoldedLoan>,
  totalLoans: readonly TotalLoanBalance[],
): StatsInput {
  return {
    enterprises: [...enterprises].map(toStatsEnterprise).sort((a, b) => cmp(a.enterpriseId, b.enterpriseId)),
    loans: [...loans].map(toStatsLoan).sort((a, b) => cmp(a.loanId, b.loanId)),
    totalLoans: [...totalLoans].sort((a, b) => cmp(a.date, b.date)),
  };
}

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * The input limited to a region scope: '65' (the whole region) keeps everything; a prefecture code keeps
 * its enterprises and their loans. The all-loans totals are region-wide reference input and are kept, so a
 * prefecture's spread is measured against the region's all-loans growth, as in the prefecture slices.
 */
export function restrictToRegion(input: StatsInput, region: string): StatsInput {
  if (region === '65') return input;
  const enterprises = input.enterprises.filter((e) => e.prefecture === region);
  const ids = new Set(enterprises.map((e) => e.enterpriseId));
  return { enterprises, loans: input.loans.filter((l) => ids.has(l.enterpriseId)), totalLoans: input.totalLoans };
}
