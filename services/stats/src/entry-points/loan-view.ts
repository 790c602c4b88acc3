/**
 * The folded loan as the stats API shows it (`GET /v1/loans/:loanId`): balance today and on an as-of date
 * (DOMAIN.md §7: principal − repayments − write-offs dated on or before the date, end of day), its
 * movements and extensions, the refusals the fold found (with reasons), and events still parked.
 */
import { outstandingOn, recordedBalance, type LoanFold, type LoanEventLike } from '@techcredit/contracts';

export interface ParkedNote {
  eventId: string;
  type: string;
  reason: string;
  since: string;
}

export type LoanStatus = 'outstanding' | 'repaid' | 'written_off';

/** Today's calendar date in China Standard Time (UTC+8, no daylight saving): the programme's local date. */
export function todayInChina(now: Date): string {
  return new Date(now.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
}

export function loanView(fold: LoanFold & { events: LoanEventLike[] }, dates: { today: string; asOf: string }, parked: ParkedNote[]) {
  const loan = fold.loan;
  if (!loan) return undefined;
  const sum = (kind: 'repaid' | 'written_off') => loan.movements.filter((m) => m.kind === kind).reduce((s, m) => s + m.amountFen, 0);
  const recorded = recordedBalance(loan);
  const status: LoanStatus = recorded > 0 ? 'outstanding' : loan.movements.some((m) => m.kind === 'written_off') ? 'written_off' : 'repaid';
  const pending = [
    ...fold.pending.map((e) => ({ eventId: e.id, type: e.type, reason: 'LOAN_NOT_DISBURSED', since: '' })),
    ...parked,
  ];
  return {
    loanId: loan.loanId,
    bankId: loan.bankId,
    enterpriseId: loan.enterpriseId,
    guaranteeType: loan.guaranteeType,
    principalFen: loan.principalFen,
    rateBp: loan.rateBp,
    disbursedOn: loan.disbursedOn,
    maturityOn: loan.maturityOn,
    originalMaturityOn: loan.originalMaturityOn,
    status,
    today: dates.today,
    balanceTodayFen: outstandingOn(loan, dates.today),
    asOf: dates.asOf,
    balanceAsOfFen: outstandingOn(loan, dates.asOf),
    /** After every recorded movement, whatever its date. */
    recordedBalanceFen: recorded,
    repaidFen: sum('repaid'),
    writtenOffFen: sum('written_off'),
    movements: loan.movements.map((m) => ({ eventId: m.eventId, kind: m.kind, amountFen: m.amountFen, on: m.on })),
    extensions: loan.extensions.map((x) => ({ eventId: x.eventId, maturityOn: x.maturityOn, extendedOn: x.extendedOn })),
    refusals: fold.refused.map((r) => ({ eventId: r.eventId, type: r.type, reason: r.reason, message: r.message })),
    pending: {
      count: pending.length,
      events: pending,
      note:
        pending.length === 0
          ? 'no event of this loan is waiting'
          : `${pending.length} event(s) of this loan wait for a prerequisite and are not in the balance yet`,
    },
  };
}

export type LoanView = NonNullable<ReturnType<typeof loanView>>;
