/**
 * Quarterly re-lending applications (DOMAIN.md §5): the bank lends first and borrows after (先贷后借).
 * Bank B's application for quarter Q is dated the first day of Q+1; amount = min(Σ claims of B's
 * eligible loans disbursed in Q with balance > 0 at the end of Q, B's remaining quota); the rate is the
 * version in force on the APPLICATION date; interest = amount × rate × days / 360 over the term, where
 * days = actual days from the application date to the same date `termYears` later, fen half-up.
 */
import {
  act360InterestFen,
  addYears,
  daysBetween,
  nextQuarterStart,
  quarterBounds,
  sumFen,
  type Quarter,
} from '@techcredit/money';
import type { RelendingBank, RelendingPolicyAt } from './eligibility';

/** An eligible loan with its claim and its balance at the end of the quarter. */
export interface ApplicationLoan {
  loanId: string;
  disbursedOn: string;
  claimFen: number;
  balanceAtQuarterEndFen: number;
}

export interface RelendingTerm {
  /** 0 for the first term, 1.. for roll-overs. */
  rollover: number;
  maxRollovers: number;
  startsOn: string;
  maturesOn: string;
  days: number;
  rateBp: number;
  versionName: string;
  interestFen: number;
}

export interface RelendingApplication extends RelendingTerm {
  bankId: string;
  quarter: Quarter;
  applicationDate: string;
  claims: { loanId: string; claimFen: number }[];
  claimsFen: number;
  remainingQuotaFen: number;
  amountFen: number;
}

export type ApplicationResult =
  | { ok: true; application: RelendingApplication }
  | { ok: false; reason: 'NO_POLICY_VERSION'; message: string };

function term(amountFen: number, startsOn: string, rollover: number, policyAt: RelendingPolicyAt, maxRollovers?: number): RelendingTerm | undefined {
  const terms = policyAt(startsOn);
  if (terms === undefined) return undefined;
  const maturesOn = addYears(startsOn, terms.termYears);
  return {
    rollover,
    maxRollovers: maxRollovers ?? terms.maxRollovers,
    startsOn,
    maturesOn,
    days: daysBetween(startsOn, maturesOn),
    rateBp: terms.rateBp,
    versionName: terms.versionName,
    interestFen: act360InterestFen(amountFen, terms.rateBp, startsOn, maturesOn),
  };
}

/**
 * Builds the application. `loans` are the bank's ELIGIBLE loans (see relendingEligibility); those not
 * disbursed in Q or with no balance at the end of Q are left out here. Claims are listed by
 * disbursement date, then loan id.
 */
export function quarterlyApplication(
  bank: Pick<RelendingBank, 'bankId' | 'quotaFen'>,
  quarter: Quarter,
  loans: readonly ApplicationLoan[],
  usedQuotaFen: number,
  policyAt: RelendingPolicyAt,
): ApplicationResult {
  const { start, end } = quarterBounds(quarter);
  const applicationDate = nextQuarterStart(quarter);
  const included = loans
    .filter((l) => l.disbursedOn >= start && l.disbursedOn <= end && l.balanceAtQuarterEndFen > 0)
    .sort((a, b) => (a.disbursedOn < b.disbursedOn ? -1 : a.disbursedOn > b.disbursedOn ? 1 : a.loanId < b.loanId ? -1 : a.loanId > b.loanId ? 1 : 0));
  const claimsFen = sumFen(included.map((l) => l.claimFen));
  const remainingQuotaFen = Math.max(0, bank.quotaFen - usedQuotaFen);
  const amountFen = Math.min(claimsFen, remainingQuotaFen);
  const t = term(amountFen, applicationDate, 0, policyAt);
  if (t === undefined) {
    return { ok: false, reason: 'NO_POLICY_VERSION', message: `no re-lending version in force on ${applicationDate}` };
  }
  return {
    ok: true,
    application: {
      ...t,
      bankId: bank.bankId,
      quarter,
      applicationDate,
      claims: included.map((l) => ({ loanId: l.loanId, claimFen: l.claimFen })),
      claimsFen,
      remainingQuotaFen,
      amountFen,
    },
  };
}

export type RolloverResult =
  | { ok: true; term: RelendingTerm }
  | { ok: false; reason: 'MAX_ROLLOVERS' | 'NO_POLICY_VERSION'; message: string };

/**
 * The next term of a re-lending when it matures (up to maxRollovers of the first term's version):
 * it starts on the previous maturity, at the rate in force on that date.
 */
export function rollOver(previous: RelendingTerm, amountFen: number, policyAt: RelendingPolicyAt): RolloverResult {
  if (previous.rollover >= previous.maxRollovers) {
    return { ok: false, reason: 'MAX_ROLLOVERS', message: `already rolled over ${previous.rollover} times (max ${previous.maxRollovers})` };
  }
  const t = term(amountFen, previous.maturesOn, previous.rollover + 1, policyAt, previous.maxRollovers);
  if (t === undefined) return { ok: false, reason: 'NO_POLICY_VERSION', message: `no re-lending version in force on ${previous.maturesOn}` };
  return { ok: true, term: t };
}
