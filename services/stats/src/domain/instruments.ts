/**
 * §11 loan classifications (DOMAIN.md): investment-linked loans, innovation-points loans and first loans.
 * Pure; the contribution (./contribution.ts) turns them into day deltas.
 */
import { addDays } from '@techcredit/money';
import type { LoanInstruments, StatsLoan } from './types';

/** An outside equity investment (`investment.recorded`). */
export interface StatsInvestment {
  investmentId: string;
  enterpriseId: string;
  amountFen: number;
  closedOn: string;
}

/** Link window in days in force on a disbursement date (libs/policy `investmentLink`), undefined = none. */
export type LinkWindowAt = (date: string) => number | undefined;

/**
 * The investments linked to a loan: in the same enterprise, closed within `window` days before or after the
 * disbursement (both ends inclusive: day −180 and day +180 link, day 181 does not).
 */
export function linkedInvestments(loan: Pick<StatsLoan, 'enterpriseId' | 'disbursedOn'>, investments: readonly StatsInvestment[], windowAt: LinkWindowAt): StatsInvestment[] {
  const window = windowAt(loan.disbursedOn);
  if (window === undefined) return [];
  const from = addDays(loan.disbursedOn, -window);
  const to = addDays(loan.disbursedOn, window);
  return investments.filter((i) => i.enterpriseId === loan.enterpriseId && i.closedOn >= from && i.closedOn <= to);
}

/** Σ amounts of the distinct investments linked to the loan (0 = not investment-linked). */
export function linkedInvestmentFen(loan: Pick<StatsLoan, 'enterpriseId' | 'disbursedOn'>, investments: readonly StatsInvestment[], windowAt: LinkWindowAt): number {
  const unique = new Map(linkedInvestments(loan, investments, windowAt).map((i) => [i.investmentId, i.amountFen] as const));
  let sum = 0;
  for (const v of unique.values()) sum += v;
  return sum;
}

/** Is the loan linked to at least one investment? */
export function isInvestmentLinked(loan: Pick<StatsLoan, 'enterpriseId' | 'disbursedOn'>, investments: readonly StatsInvestment[], windowAt: LinkWindowAt): boolean {
  return linkedInvestments(loan, investments, windowAt).length > 0;
}

/** A credit product's terms as the stats service knows them (from `product.published`). */
export interface ProductTerms {
  bankId: string;
  kind: string;
  minScore: number;
}

/** An innovation-points loan (创新积分贷): made under a `credit` product with minScore > 0. A v1 loan (no product) never is. */
export function isInnovationPointsLoan(product: ProductTerms | undefined): boolean {
  return product !== undefined && product.kind === 'credit' && product.minScore > 0;
}

/**
 * The enterprise's first loan on the platform (首贷): the earliest disbursement, ties by loan id. A later loan is
 * never a first loan, even after the first was repaid in full.
 */
export function firstLoan<T extends Pick<StatsLoan, 'loanId' | 'disbursedOn'>>(loans: readonly T[]): T | undefined {
  let first: T | undefined;
  for (const l of loans) {
    if (first === undefined || l.disbursedOn < first.disbursedOn || (l.disbursedOn === first.disbursedOn && l.loanId < first.loanId)) first = l;
  }
  return first;
}

/** What the §11 classification of one enterprise's loans needs beyond the loans. */
export interface InstrumentContext {
  investments: readonly StatsInvestment[];
  windowAt: LinkWindowAt;
  /** A product's terms by id (undefined: not published). */
  productOf: (productId: string) => ProductTerms | undefined;
}

/**
 * One enterprise's loans with their §11 classification (`instruments`). A product counts only if it is the
 * lending bank's own (another bank's product id, e.g. produced straight to Kafka, classifies nothing).
 */
export function classifyLoans(loans: readonly StatsLoan[], ctx: InstrumentContext): StatsLoan[] {
  const first = firstLoan(loans);
  return loans.map((l) => {
    const product = l.productId === undefined ? undefined : ctx.productOf(l.productId);
    const instruments: LoanInstruments = {
      innovationPoints: product !== undefined && product.bankId === l.bankId && isInnovationPointsLoan(product),
      linkedInvestmentFen: linkedInvestmentFen(l, ctx.investments, ctx.windowAt),
      firstLoan: first !== undefined && first.loanId === l.loanId,
    };
    return { ...l, instruments };
  });
}
