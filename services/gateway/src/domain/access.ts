import { regionCovers, type RegulatorRegion } from '@techcredit/auth';
import type { ForwardQuery } from './upstreams';

/**
 * Scope rules that need an answer from an internal service first (the route rules of `libs/auth` are
 * synchronous). Pure: the caller fetches the facts, these decide.
 */

/**
 * The `region` query passed to internal services for a regulator: its token's scope, '65' (the whole
 * region) or a prefecture (contracts `RegionScopeSchema`). Never taken from the caller's query.
 */
export function regionQuery(region: RegulatorRegion): ForwardQuery {
  return { region };
}

/** A regulator sees an enterprise when its region covers the enterprise's prefecture (DOMAIN.md §1 codes nest). */
export function regulatorCoversEnterprise(region: RegulatorRegion, enterprise: unknown): boolean {
  const prefecture = (enterprise as { prefecture?: unknown } | null)?.prefecture;
  return typeof prefecture === 'string' && regionCovers(region, prefecture);
}

/** A bank sees an enterprise's score only while the enterprise is on its recommendation list. */
export function isListed(answer: unknown): boolean {
  return (answer as { listed?: unknown } | null)?.listed === true;
}

/** The bank that owns a loan, from the stats service's folded loan (undefined if the answer has none). */
export function loanBankId(loan: unknown): string | undefined {
  const bankId = (loan as { bankId?: unknown } | null)?.bankId;
  return typeof bankId === 'string' ? bankId : undefined;
}

/** The borrower of a loan, from the stats service's folded loan. */
export function loanEnterpriseId(loan: unknown): string | undefined {
  const id = (loan as { enterpriseId?: unknown } | null)?.enterpriseId;
  return typeof id === 'string' ? id : undefined;
}
