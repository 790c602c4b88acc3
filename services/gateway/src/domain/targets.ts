/**
 * Where a programme target's metric (DOMAIN.md §12) is read on a date, and how its value is taken from the
 * answer: every metric from the lending statistics of the region on that date — the designation counts are its
 * `registry` part (enterprises holding each code on D, kept incrementally; the registry's own counts read every
 * enterprise and its designations, too slow for a read at scale). Pure.
 */
import type { TargetMetric } from '@techcredit/contracts';
import type { UpstreamName } from './upstreams';

export interface MetricCall {
  service: UpstreamName;
  path: string;
  query: Record<string, string>;
}

export function metricCall(_metric: TargetMetric, region: string, date: string): MetricCall {
  return { service: 'stats', path: '/v1/stats/lending', query: { asOf: date, region } };
}

type Json = Record<string, unknown>;
const at = (o: unknown, ...keys: string[]): unknown => keys.reduce<unknown>((v, k) => (v && typeof v === 'object' ? (v as Json)[k] : undefined), o);

/** The metric's integer value in an answer of `metricCall`; throws when the answer lacks it (an upstream bug). */
export function metricValue(metric: TargetMetric, body: unknown): number {
  const registry = at(body, 'stats', 'registry');
  // The registry part lists the codes somebody holds: an absent code is 0, an absent part an error.
  const v = metric.startsWith('designation:')
    ? registry && typeof registry === 'object'
      ? ((registry as Json)[metric.slice('designation:'.length)] ?? 0)
      : undefined
    : metric === 'supportedEnterprises'
      ? at(body, 'stats', 'supportedEnterprises', 'value')
      : metric === 'balanceFen'
        ? at(body, 'stats', 'balance', 'fen')
        : at(body, 'stats', 'creditLoansIssued', 'fen');
  if (typeof v !== 'number' || !Number.isSafeInteger(v)) throw new Error(`no ${metric} in the upstream answer`);
  return v;
}
