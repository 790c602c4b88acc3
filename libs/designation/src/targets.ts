/**
 * Progress of a programme target on a date (DOMAIN.md §12). Pure and exact: values are integers (counts or
 * fen), the projection and paces are rationals rounded half-up once at the end.
 * - change = value − baseline value; share of the way = change / (target level − baseline value);
 * - projection = the pace so far (change per elapsed day since the baseline) carried linearly to the due date;
 * - on track iff the projection reaches the target level (cross-multiplied: change × totalDays ≥ goal × elapsedDays);
 * - pace needed per month = (target level − value) / (days left × 12 / 365): a month is 365/12 days.
 */
import type { TargetSpec } from '@techcredit/contracts';
import { daysBetween, divHalfUp, ratioHalfUp } from '@techcredit/money';

export interface TargetProgress {
  targetId: string;
  metric: string;
  region: string;
  mode: 'level' | 'change';
  asOf: string;
  baselineDate: string;
  dueDate: string;
  baselineValue: number;
  value: number;
  /** The level to reach: targetValue (level) or baseline value + targetValue (change). */
  targetLevel: number;
  targetValue: number;
  changeSinceBaseline: number;
  /** change / (targetLevel − baselineValue) in percent, 2 decimals; null when the goal is no change. */
  sharePercent: string | null;
  /** The value on the due date at the pace so far (half-up); null on the baseline date itself. */
  projectedValue: number | null;
  onTrack: boolean;
  /** What is still missing to the target level (0 when reached). */
  remaining: number;
  daysElapsed: number;
  daysLeft: number;
  /** Change per month so far, 2 decimals; null on the baseline date. */
  paceSoFarPerMonth: string | null;
  /** Change per month needed from asOf to reach the level by the due date, 2 decimals; null once due. */
  paceNeededPerMonth: string | null;
}

export function targetProgress(t: TargetSpec, asOf: string, baselineValue: number, value: number): TargetProgress {
  const targetLevel = t.mode === 'change' ? baselineValue + t.targetValue : t.targetValue;
  const change = BigInt(value - baselineValue);
  const goal = BigInt(targetLevel - baselineValue);
  const elapsed = daysBetween(t.baselineDate, asOf);
  const total = daysBetween(t.baselineDate, t.dueDate);
  const left = daysBetween(asOf, t.dueDate);
  const remaining = Math.max(0, targetLevel - value);
  const due = left <= 0;
  const projectedValue = due ? value : elapsed > 0 ? baselineValue + Number(divHalfUp(change * BigInt(total), BigInt(elapsed))) : null;
  const onTrack = due || elapsed <= 0 ? value >= targetLevel : change * BigInt(total) >= goal * BigInt(elapsed);
  return {
    targetId: t.targetId,
    metric: t.metric,
    region: t.region,
    mode: t.mode,
    asOf,
    baselineDate: t.baselineDate,
    dueDate: t.dueDate,
    baselineValue,
    value,
    targetLevel,
    targetValue: t.targetValue,
    changeSinceBaseline: value - baselineValue,
    sharePercent: goal === 0n ? null : ratioHalfUp(change * 100n, goal, 2),
    projectedValue,
    onTrack,
    remaining,
    daysElapsed: elapsed,
    daysLeft: Math.max(0, left),
    paceSoFarPerMonth: elapsed > 0 ? ratioHalfUp(change * 365n, 12n * BigInt(elapsed), 2) : null,
    paceNeededPerMonth: due ? null : ratioHalfUp(BigInt(remaining) * 365n, 12n * BigInt(left), 2),
  };
}

