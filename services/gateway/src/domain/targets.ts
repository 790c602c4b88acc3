/**
 * Where a programme target's metric (DOMAIN.md §12) is read on a date, and how its value is taken from the
 * answer: a designation count from the registry's counts, a lending figure from the statistics. Pure.
 */
import type { TargetMetric } from '@techcredit/contracts';
import type { UpstreamName } from './upstreams';

export interface MetricCall {
  service: UpstreamName;
  path: string;
  query: Record<string, string>;
}

export function metricCall(metric: TargetMetric, region: string, date: string): MetricCall {
  if (metric.startsWith('designation:')) return { service: 'registry', path: '/v1/registry/designation-counts', query: { asOf: date, region } };
  return { service: 'stats', path: '/v1/stats/lending', query: { asOf: date, region } };
}

type Json = Record<string, unknown>;
const at = (o: unknown, ...keys: string[]): unknown => keys.reduce<unknown>((v, k) => (v && typeof v === 'object' ? (v as Json)[k] : undefined), o);

/** The metric's integer value in an answer of `metricCall`; throws when the answer lacks it (an upstream bug). */
export function metricValue(metric: TargetMetric, body: unknown): number {
  const v = metric.startsWith('designation:')
    ? at(body, 'counts', metric.slice('designation:'.length))
    : metric === 'supportedEnterprises'
      ? at(body, 'stats', 'supportedEnterprises', 'value')
      : metric === 'balanceFen'
        ? at(body, 'stats', 'balance', 'fen')
        : at(body, 'stats', 'creditLoansIssued', 'fen');
  if (typeof v !== 'number' || !Number.isSafeInteger(v)) throw new Error(`no ${metric} in the upstream answer`);
  return v;
}
