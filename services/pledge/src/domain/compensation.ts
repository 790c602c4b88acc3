/**
 * Risk compensation (DOMAIN.md §4): when a pledged loan is written off, the regional pool pays the bank
 * shareBp (30%) of the written-off amount, in fen half-up, recorded per loan. A write-off counts if a
 * pledge of the loan is active on its date; its share is the version in force on that date. The exact
 * Σ amount × share is rounded once per loan.
 */
import type { LoanState } from '@techcredit/contracts';
import { divHalfUp, toSafeNumber } from '@techcredit/money';
import { isPledgeActiveOn } from './release';

export interface RiskCompensationTerms {
  shareBp: number;
}

export interface CompensationItem {
  eventId: string;
  on: string;
  amountFen: number;
  /** undefined: no pledge active or no policy in force on that date, so not compensated. */
  shareBp: number | undefined;
}

export interface LoanCompensation {
  loanId: string;
  bankId: string;
  writtenOffFen: number;
  /** Σ of the written-off amounts that are compensated. */
  coveredFen: number;
  compensationFen: number;
  items: CompensationItem[];
}

export function riskCompensation(
  loan: LoanState,
  pledges: readonly { registeredOn: string; releasedOn?: string | null }[],
  shareAt: (date: string) => RiskCompensationTerms | undefined,
): LoanCompensation {
  let exact = 0n;
  let writtenOffFen = 0;
  let coveredFen = 0;
  const items: CompensationItem[] = [];
  for (const m of loan.movements.filter((x) => x.kind === 'written_off')) {
    const pledged = pledges.some((p) => isPledgeActiveOn(p, m.on));
    const shareBp = pledged ? shareAt(m.on)?.shareBp : undefined;
    writtenOffFen += m.amountFen;
    if (shareBp !== undefined) {
      coveredFen += m.amountFen;
      exact += BigInt(m.amountFen) * BigInt(shareBp);
    }
    items.push({ eventId: m.eventId, on: m.on, amountFen: m.amountFen, shareBp });
  }
  return {
    loanId: loan.loanId,
    bankId: loan.bankId,
    writtenOffFen,
    coveredFen,
    compensationFen: toSafeNumber(divHalfUp(exact, 10_000n), 'compensationFen'),
    items,
  };
}
