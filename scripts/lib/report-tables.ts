/**
 * The terminal form of the regulator's report (`GET /v1/report`, issue 9 point 8): the re-lending, subsidy and score
 * summaries as tables, not JSON. Amounts in 万元 (exact, half-up), counts with thousands separators; a part that does
 * not apply prints its reason.
 */
import { ratioHalfUp } from '@techcredit/money';
import { formatTable, grouped } from './table';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** Fen as 万元 with 2 decimals, half-up: 1,234,567 fen → "1.23". */
export const fenToWan = (fen: number): string => ratioHalfUp(BigInt(fen), 1_000_000n, 2);

export interface PrintedPart {
  title: string;
  lines: string[];
}

const notApplicable = (part: unknown): string | undefined => {
  const p = part as { applicable?: boolean; reason?: string } | null;
  return p && p.applicable === false ? `not applicable: ${p.reason}` : undefined;
};

export function relendingTable(r: Json): string[] {
  const rows = (r.banks as Json[])
    .filter((b) => b.eligibleLoans > 0 || b.applications > 0)
    .map((b) => [b.bankId, b.relendingEligible ? 'yes' : 'no', grouped(b.eligibleLoans), fenToWan(b.claimsFen), grouped(b.applications), fenToWan(b.appliedFen), fenToWan(b.interestFen), fenToWan(b.quotaFen), fenToWan(b.quotaUsedFen)]);
  const t = r.totals as Json;
  rows.push(['total', '', grouped(t.eligibleLoans), fenToWan(t.claimsFen), grouped(t.applications), fenToWan(t.appliedFen), fenToWan(t.interestFen), fenToWan(t.quotaFen), fenToWan(t.quotaUsedFen)]);
  const lines = formatTable(['bank', 'eligible bank', 'eligible loans', 'claims (万元)', 'applications', 'applied (万元)', 'interest (万元)', 'quota (万元)', 'quota used (万元)'], rows);
  const reasons = Object.entries((r.ineligibleByReason ?? {}) as Record<string, number>);
  if (reasons.length) lines.push('', ...formatTable(['ineligible loans by reason', 'loans'], reasons.map(([k, v]) => [k, grouped(v)])));
  return lines;
}

export function subsidyTable(s: Json): string[] {
  const i = s.interest as Json;
  const f = s.fees as Json;
  const rows: [string, string][] = [
    ['enterprises subsidised', grouped(s.enterprises)],
    ['subsidised loans', grouped(i.subsidisedLoans)],
    ['interest paid on them (万元)', fenToWan(i.grossFen)],
    ['interest subsidy (万元)', fenToWan(i.subsidyFen)],
    ['  payable: loans repaid (万元)', fenToWan(i.payableFen)],
    ['  accruing: loans outstanding (万元)', fenToWan(i.accruingFen)],
    ['loan-years at the enterprise cap', grouped(i.cappedLoanYears)],
    ['loan-years over the loan limit', grouped(i.overLoanLimitLoanYears)],
    ['forfeited (written off)', grouped(i.forfeitedLoans)],
    ['pledges with fee subsidy', grouped(f.pledges)],
    ['appraisal fee subsidy (万元)', fenToWan(f.appraisalFen)],
    ['insurance premium subsidy (万元)', fenToWan(f.insuranceFen)],
    ['total subsidy (万元)', fenToWan(s.totalFen)],
  ];
  for (const [reason, n] of Object.entries((i.ineligibleLoans ?? {}) as Record<string, number>)) rows.push([`ineligible: ${reason}`, grouped(n)]);
  return formatTable(['figure', 'value'], rows);
}

export function scoreTable(s: Json): string[] {
  const g = s.grades as Record<string, number>;
  const scored = s.scored as number;
  const share = (n: number) => (scored > 0 ? `${ratioHalfUp(BigInt(n) * 100n, BigInt(scored), 1)}%` : '—');
  return formatTable(
    ['grade', 'enterprises', 'share of scored'],
    [...['A', 'B', 'C', 'D'].map((k) => [k, grouped(g[k] ?? 0), share(g[k] ?? 0)]), ['vetoed', grouped(s.vetoed), ''], ['scored', grouped(scored), share(scored)]],
  );
}

/** The three summaries of a report, each a titled table (or the reason it does not apply). */
export function reportTables(report: Json): PrintedPart[] {
  const part = (title: string, value: unknown, table: (v: Json) => string[]): PrintedPart => {
    const na = notApplicable(value);
    if (na) return { title, lines: [na] };
    if (!value || typeof value !== 'object') return { title, lines: ['(missing from the report)'] };
    return { title, lines: table(value as Json) };
  };
  const scope = `year ${report.year}, region ${report.region}`;
  return [
    part(`Re-lending summary (${scope})`, report.relending, relendingTable),
    part(`Subsidy summary (${scope})`, report.subsidies, subsidyTable),
    part(`Innovation-score distribution (${scope})`, report.scores, scoreTable),
  ];
}
