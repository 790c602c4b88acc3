/**
 * The re-lending summary for regulators (DOMAIN.md §5): per bank and in total, the eligible loans and
 * claims of loans disbursed in the year, the applications for the year's quarters (amount, the bank's
 * interest cost) and the quota used by the end of the year; claims by programme version; ineligible loans
 * by reason. Without a year, everything so far.
 */
import { yearOf } from '@techcredit/money';
import type { RelendingIneligibility } from './eligibility';
import type { BankRelending } from './bank';

export interface RelendingFigures {
  eligibleLoans: number;
  claimsFen: number;
  applications: number;
  appliedFen: number;
  interestFen: number;
}

export interface BankRelendingSummary extends RelendingFigures {
  bankId: string;
  relendingEligible: boolean;
  quotaFen: number;
  /** Σ amounts of the bank's applications up to the end of the year (all, without a year). */
  quotaUsedFen: number;
  quotaRemainingFen: number;
}

export interface RelendingSummary {
  year: number | null;
  banks: BankRelendingSummary[];
  totals: RelendingFigures & { quotaFen: number; quotaUsedFen: number };
  byVersion: Record<string, { loans: number; claimsFen: number }>;
  ineligibleByReason: Partial<Record<RelendingIneligibility, number>>;
}

const quarterYear = (q: string): number => Number(q.slice(0, 4));

export function relendingSummary(banks: readonly BankRelending[], year: number | null): RelendingSummary {
  const inYear = (y: number) => year === null || y === year;
  const byVersion: RelendingSummary['byVersion'] = {};
  const ineligibleByReason: RelendingSummary['ineligibleByReason'] = {};
  const rows = [...banks]
    .sort((a, b) => (a.bankId < b.bankId ? -1 : a.bankId > b.bankId ? 1 : 0))
    .map((b): BankRelendingSummary => {
      const claims = b.claims.filter((c) => inYear(yearOf(c.disbursedOn)));
      for (const c of claims) {
        const v = (byVersion[c.versionName] ??= { loans: 0, claimsFen: 0 });
        v.loans += 1;
        v.claimsFen += c.claimFen;
      }
      for (const l of b.ineligible) if (inYear(yearOf(l.disbursedOn))) ineligibleByReason[l.reason] = (ineligibleByReason[l.reason] ?? 0) + 1;
      const apps = b.applications.filter((a) => inYear(quarterYear(a.quarter)));
      const quotaUsedFen = b.applications.filter((a) => year === null || quarterYear(a.quarter) <= year).reduce((s, a) => s + a.amountFen, 0);
      return {
        bankId: b.bankId,
        relendingEligible: b.relendingEligible,
        quotaFen: b.quotaFen,
        eligibleLoans: claims.length,
        claimsFen: claims.reduce((s, c) => s + c.claimFen, 0),
        applications: apps.length,
        appliedFen: apps.reduce((s, a) => s + a.amountFen, 0),
        interestFen: apps.reduce((s, a) => s + a.interestFen, 0),
        quotaUsedFen,
        quotaRemainingFen: Math.max(0, b.quotaFen - quotaUsedFen),
      };
    });
  const total = (f: (r: BankRelendingSummary) => number) => rows.reduce((s, r) => s + f(r), 0);
  return {
    year,
    banks: rows,
    totals: {
      eligibleLoans: total((r) => r.eligibleLoans),
      claimsFen: total((r) => r.claimsFen),
      applications: total((r) => r.applications),
      appliedFen: total((r) => r.appliedFen),
      interestFen: total((r) => r.interestFen),
      quotaFen: total((r) => r.quotaFen),
      quotaUsedFen: total((r) => r.quotaUsedFen),
    },
    byVersion,
    ineligibleByReason,
  };
}
