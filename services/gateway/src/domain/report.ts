import { WHOLE_REGION, type RegulatorRegion } from '@techcredit/auth';
import { BENCHMARK_DATES } from '@techcredit/contracts';
import { regionQuery } from './access';
import type { ForwardQuery, UpstreamName } from './upstreams';

/**
 * The regulator's report (`GET /v1/report?asOf=`): one answer composed from the internal read APIs,
 * called in parallel — lending statistics and the benchmark against the published figures (DOMAIN.md
 * §7–8), the re-lending summary (§5), the subsidy summary (§6) and the score distribution (§2), the last
 * three for the calendar year of `asOf`. Every part is scoped to the regulator's region.
 *
 * A part that does not apply is not called and is marked `{ applicable: false, reason }`: the benchmark
 * off its published dates (`BENCHMARK_DATES`) or for a prefecture (the published figures are region-wide),
 * the re-lending summary for a prefecture (applications are per bank across all prefectures). So the report
 * answers for any valid date; only a failure of a part that applies fails it (502 naming the part).
 */
export const REPORT_PARTS = ['lending', 'benchmark', 'relending', 'subsidies', 'scores'] as const;
export type ReportPart = (typeof REPORT_PARTS)[number];

export interface PartCall {
  part: ReportPart;
  service: UpstreamName;
  path: string;
  query: ForwardQuery;
}

export interface NotApplicable {
  applicable: false;
  reason: string;
}

export const yearOf = (isoDate: string): number => Number(isoDate.slice(0, 4));

/** Why a part does not apply to this report (undefined: it applies). */
export function notApplicable(part: ReportPart, region: RegulatorRegion, asOf: string): NotApplicable | undefined {
  if (part === 'benchmark') {
    if (region !== WHOLE_REGION) return { applicable: false, reason: 'the published figures cover the whole region (65); a prefecture cannot be compared with them' };
    if (!(BENCHMARK_DATES as readonly string[]).includes(asOf)) {
      return { applicable: false, reason: `figures are published for ${BENCHMARK_DATES.join(', ')} only` };
    }
  }
  if (part === 'relending' && region !== WHOLE_REGION) {
    return { applicable: false, reason: 're-lending applications are per bank across all prefectures; see /v1/relending/claims for this region' };
  }
  return undefined;
}

export function reportCalls(region: RegulatorRegion, asOf: string): PartCall[] {
  const year = yearOf(asOf);
  const scope = regionQuery(region);
  const calls: PartCall[] = [
    { part: 'lending', service: 'stats', path: '/v1/stats/lending', query: { asOf, ...scope } },
    { part: 'benchmark', service: 'stats', path: '/v1/stats/benchmark', query: { asOf } },
    { part: 'relending', service: 'relending', path: '/v1/relending/summary', query: { year } },
    { part: 'subsidies', service: 'subsidy', path: '/v1/subsidies/summary', query: { year, ...scope } },
    { part: 'scores', service: 'scoring', path: '/v1/scores/distribution', query: { year, ...scope } },
  ];
  return calls.filter((c) => notApplicable(c.part, region, asOf) === undefined);
}

/** A composed answer's part (report, simulation): its body, or its failure status and detail. */
export type PartOutcome = { ok: true; body: unknown } | { ok: false; status: number; detail: string };

export interface FailedPart {
  part: ReportPart;
  service: UpstreamName;
  status: number;
  detail: string;
}

export type Report = { asOf: string; year: number; region: RegulatorRegion } & Record<ReportPart, unknown>;

export type ReportResult = { ok: true; report: Report } | { ok: false; failed: FailedPart[] };

/** `outcomes[i]` is the outcome of `calls[i]`; parts without a call are marked not applicable. */
export function composeReport(region: RegulatorRegion, asOf: string, calls: PartCall[], outcomes: PartOutcome[]): ReportResult {
  const failed: FailedPart[] = [];
  const report = { asOf, year: yearOf(asOf), region } as Report;
  for (const part of REPORT_PARTS) report[part] = notApplicable(part, region, asOf) ?? null;
  calls.forEach((call, i) => {
    const outcome = outcomes[i];
    if (!outcome) failed.push({ part: call.part, service: call.service, status: 502, detail: 'no answer' });
    else if (!outcome.ok) failed.push({ part: call.part, service: call.service, status: outcome.status, detail: outcome.detail });
    else report[call.part] = outcome.body;
  });
  return failed.length > 0 ? { ok: false, failed } : { ok: true, report };
}
