import { WHOLE_REGION, type RegulatorRegion } from '@techcredit/auth';
import { regionQuery } from './access';
import type { ForwardQuery, UpstreamName } from './upstreams';

/**
 * The regulator's report (`GET /v1/report?asOf=`): one answer composed from the internal read APIs,
 * called in parallel — lending statistics and the benchmark against the published figures (DOMAIN.md
 * §7–8), the re-lending summary (§5), the subsidy summary (§6) and the score distribution (§2), the last
 * three for the calendar year of `asOf`. The benchmark compares region-wide published figures, so a
 * prefecture regulator's report has `benchmark: null`. If any part fails, there is no report (502 naming it).
 */
export const REPORT_PARTS = ['lending', 'benchmark', 'relending', 'subsidies', 'scores'] as const;
export type ReportPart = (typeof REPORT_PARTS)[number];

export interface PartCall {
  part: ReportPart;
  service: UpstreamName;
  path: string;
  query: ForwardQuery;
}

export const yearOf = (isoDate: string): number => Number(isoDate.slice(0, 4));

export function reportCalls(region: RegulatorRegion, asOf: string): PartCall[] {
  const year = yearOf(asOf);
  const scope = regionQuery(region);
  const calls: PartCall[] = [
    { part: 'lending', service: 'stats', path: '/v1/stats/lending', query: { asOf, ...scope } },
    { part: 'relending', service: 'relending', path: '/v1/relending/summary', query: { year } },
    { part: 'subsidies', service: 'subsidy', path: '/v1/subsidies/summary', query: { year } },
    { part: 'scores', service: 'scoring', path: '/v1/scores/distribution', query: { year, ...scope } },
  ];
  if (region === WHOLE_REGION) calls.splice(1, 0, { part: 'benchmark', service: 'stats', path: '/v1/stats/benchmark', query: { asOf } });
  return calls;
}

export type PartOutcome = { ok: true; body: unknown } | { ok: false; status: number; detail: string };

export interface FailedPart {
  part: ReportPart;
  service: UpstreamName;
  status: number;
  detail: string;
}

export type Report = { asOf: string; year: number; region: RegulatorRegion } & Record<ReportPart, unknown>;

export type ReportResult = { ok: true; report: Report } | { ok: false; failed: FailedPart[] };

/** `outcomes[i]` is the outcome of `calls[i]`. */
export function composeReport(region: RegulatorRegion, asOf: string, calls: PartCall[], outcomes: PartOutcome[]): ReportResult {
  const failed: FailedPart[] = [];
  const report: Report = { asOf, year: yearOf(asOf), region, lending: null, benchmark: null, relending: null, subsidies: null, scores: null };
  calls.forEach((call, i) => {
    const outcome = outcomes[i];
    if (!outcome) failed.push({ part: call.part, service: call.service, status: 502, detail: 'no answer' });
    else if (!outcome.ok) failed.push({ part: call.part, service: call.service, status: outcome.status, detail: outcome.detail });
    else report[call.part] = outcome.body;
  });
  return failed.length > 0 ? { ok: false, failed } : { ok: true, report };
}
