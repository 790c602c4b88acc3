import type { ScoreResult } from './types';

const FIELDS = [
  'enterpriseId',
  'year',
  'stage',
  'vetoed',
  'vetoReason',
  'total',
  'totalHundredths',
  'grade',
  'base',
  'bonus',
  'penalty',
  'cohortSize',
  'revenueFen',
] as const satisfies readonly (keyof ScoreResult)[];

/**
 * True when `next` must be published (DOMAIN.md §2: "publish a score event for every enterprise whose
 * score changed"): there is no previous score, or any published field differs — total, grade, veto,
 * stage, bonus/penalty, cohort size, revenue or any breakdown entry (so the "why" an enterprise sees
 * stays current). `computedAt` and any other extra field are ignored.
 */
export function scoreChanged(prev: ScoreResult | null | undefined, next: ScoreResult): boolean {
  if (!prev) return true;
  for (const f of FIELDS) if (prev[f] !== next[f]) return true;
  if (prev.breakdown.length !== next.breakdown.length) return true;
  return prev.breakdown.some((a, i) => {
    const b = next.breakdown[i];
    return (
      !b ||
      a.key !== b.key ||
      a.value !== b.value ||
      a.percentile !== b.percentile ||
      a.weight !== b.weight ||
      a.points !== b.points
    );
  });
}
