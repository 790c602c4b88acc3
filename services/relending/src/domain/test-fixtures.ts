/** Test data only: the re-lending versions of DOMAIN.md §5 as a lookup by disbursement/application date. */
import type { RelendingPolicyAt, RelendingTerms } from './eligibility';

const common = { claimRatioBp: 6000, minTermMonths: 6, termYears: 1, maxRollovers: 2 };
const v2024 = ['TSME', 'HTE', 'SRDI', 'LITTLE_GIANT', 'DEMO', 'CHAMPION'];
const versions: [string, RelendingTerms][] = [
  ['2022-04-28', { ...common, versionName: '2022', rateBp: 175, eligibleDesignations: ['HTE', 'SRDI', 'LITTLE_GIANT', 'DEMO', 'CHAMPION'] }],
  ['2024-04-07', { ...common, versionName: '2024', rateBp: 175, eligibleDesignations: v2024 }],
  ['2025-05-07', { ...common, versionName: '2025', rateBp: 150, eligibleDesignations: v2024 }],
  ['2026-01-19', { ...common, versionName: '2026', rateBp: 125, eligibleDesignations: v2024 }],
];

export const relendingAt: RelendingPolicyAt = (date) => [...versions].reverse().find(([from]) => from <= date)?.[1];
