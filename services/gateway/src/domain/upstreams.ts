/** The internal services the gateway calls (ARCHITECTURE.md §Layout), each at its `<NAME>_URL`. */
export const UPSTREAMS = ['registry', 'scoring', 'matching', 'pledge', 'relending', 'subsidy', 'stats'] as const;
export type UpstreamName = (typeof UPSTREAMS)[number];

/** Query parameters as forwarded: absent values are left out. */
export type ForwardQuery = Record<string, string | number | undefined>;
