import { scoreChanged } from './changed';
import { scoreCohort } from './score-cohort';
import { member, RULES, WEIGHTS } from './test-fixtures';
import type { ScoreResult } from './types';

const scoreOf = (id: string, ms: Parameters<typeof scoreCohort>[0]) =>
  scoreCohort(ms, WEIGHTS, RULES).find((r) => r.enterpriseId === id) as ScoreResult;

describe('scoreChanged', () => {
  const a = scoreOf('A', [member('A', { rdExpense: 5 }), member('B', { rdExpense: 1 })]);

  it('is true when there is no previous score', () => {
    expect(scoreChanged(null, a)).toBe(true);
    expect(scoreChanged(undefined, a)).toBe(true);
  });

  it('is false for the same score recomputed later (computedAt is ignored)', () => {
    const prev = { ...a, computedAt: '2025-01-01T00:00:00Z' };
    const next = { ...structuredClone(a), computedAt: '2025-02-01T00:00:00Z' };
    expect(scoreChanged(prev, next)).toBe(false);
  });

  it('is true when the total changes', () => {
    const next = scoreOf('A', [member('A', { rdExpense: 5 }, { flags: { nationalAward: true } }), member('B', { rdExpense: 1 })]);
    expect(next.totalHundredths).toBe((a.totalHundredths as number) + 1000);
    expect(scoreChanged(a, next)).toBe(true);
  });

  it('is true when only the breakdown changes (same total, another "why")', () => {
    // A is still top on rdExpense, but its filed value changed: total equal, breakdown value differs.
    const next = scoreOf('A', [member('A', { rdExpense: 7 }), member('B', { rdExpense: 1 })]);
    expect(next.total).toBe(a.total);
    expect(scoreChanged(a, next)).toBe(true);
  });

  it('is true when the enterprise becomes vetoed', () => {
    const next = scoreOf('A', [member('A', { rdExpense: 5 }, { flags: { seriousDishonesty: true } }), member('B')]);
    expect(scoreChanged(a, next)).toBe(true);
  });
});
