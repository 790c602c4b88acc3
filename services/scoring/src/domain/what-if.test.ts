import { INDICATOR_KEYS } from '@techcredit/contracts/src/scoring';
import { scoreCohort } from './score-cohort';
import { member, NO_FLAGS, RULES, WEIGHTS } from './test-fixtures';
import type { CohortMember, Indicators } from './types';
import { nextStepValue, whatIf, type WhatIfInput } from './what-if';

/*
 * The cohort of 5 of score-cohort.test.ts (growth, N = 5, 2N = 10; growth weights rdExpense 8, patents 9, revenue 6,
 * roe 3, rdIntensity 9, techContractTurnover 8, highTechRevenue 8, revenueGrowth 8, …; the 14 indicators that are 0
 * for everyone weigh 74 → 2L+E 5 each, 370 in every numerator):
 *
 *   A rdExpense 100, patents 5, revenue 1e9, roe −500, nationalAward  → 56.00 C
 *   B rdExpense 200, patents 5, revenue 2e9, roe  300, majorViolation → 30.80 D
 *   C rdExpense 200, patents 5, revenue 3e9, roe  300, ipInfringement → 42.00 D
 *   D rdExpense 300, patents 1, revenue 4e9, roe −500                  → 49.90 D
 *   E rdExpense   0, patents 5, revenue 5e9, roe 1000, platform + LG   → 66.30 B
 *
 * Every member established 2015-05-05: 9 years old on 2024-12-31, growth below 2亿元 (20,000,000,000 fen).
 */
const ESTABLISHED = '2015-05-05';
const cohort = (): CohortMember[] => [
  member('A', { rdExpense: 100, inventionPatentApps: 5, revenue: 1e9, roe: -500 }, { flags: { nationalAward: true } }),
  member('B', { rdExpense: 200, inventionPatentApps: 5, revenue: 2e9, roe: 300 }, { flags: { majorViolation: true } }),
  member('C', { rdExpense: 200, inventionPatentApps: 5, revenue: 3e9, roe: 300 }, { flags: { ipInfringement: true } }),
  member('D', { rdExpense: 300, inventionPatentApps: 1, revenue: 4e9, roe: -500 }),
  member('E', { rdExpense: 0, inventionPatentApps: 5, revenue: 5e9, roe: 1000 }, { flags: { nationalPlatform: true }, littleGiant: true }),
];

function input(id: string, changes: Partial<Indicators>, others: CohortMember[] = cohort()): WhatIfInput {
  const me = cohort().find((m) => m.enterpriseId === id)!;
  return {
    enterpriseId: id,
    establishedOn: ESTABLISHED,
    littleGiantOnDec31: me.littleGiantOnDec31,
    filing: { year: 2024, indicators: me.indicators, flags: me.flags },
    changes,
    others,
    weights: WEIGHTS,
    rules: RULES,
  };
}
const entry = (r: { breakdown: { key: string }[] }, key: string) => r.breakdown.find((b) => b.key === key);

describe('whatIf: the cohort of 5', () => {
  it('answers the filed score unchanged when nothing changes, equal to scoreCohort’s', () => {
    const live = scoreCohort(cohort(), WEIGHTS, RULES);
    for (const m of cohort()) {
      const r = whatIf(input(m.enterpriseId, {}));
      expect(r.current).toEqual(live.find((s) => s.enterpriseId === m.enterpriseId));
      expect([r.whatIf, r.changes]).toEqual([r.current, []]);
    }
  });

  it('D files 5 patents instead of 1: ties A, B, C, E → 2L+E 1 → 5, +9·4/10 = 3.60 points, 49.90 D → 53.50 C', () => {
    const r = whatIf(input('D', { inventionPatentApps: 5 }));
    expect([r.current.total, r.current.grade, r.whatIf.total, r.whatIf.grade, r.whatIf.base, r.whatIf.cohortSize]).toEqual(['49.90', 'D', '53.50', 'C', '53.50', 5]);
    expect(entry(r.whatIf, 'inventionPatentApps')).toEqual({ key: 'inventionPatentApps', value: 5, percentile: '0.5000', weight: 9, points: '4.50' });
    expect(r.changes).toEqual([{ key: 'inventionPatentApps', from: 1, to: 5 }]);
    // The rest of the cohort held fixed: the live score of A is what it was (nothing filed).
    expect(scoreCohort(cohort(), WEIGHTS, RULES)[0]!.total).toBe('56.00');
  });

  it('B raises rdExpense past its tie with C (200 → 201): L 2, E 2 → L 3, E 1, 2L+E 6 → 7, +0.80 → 31.60 D', () => {
    expect(nextStepValue(200, [100, 200, 300, 0])).toBe(201);
    const r = whatIf(input('B', { rdExpense: 201 }));
    expect([r.current.total, r.whatIf.total, r.whatIf.grade]).toEqual(['30.80', '31.60', 'D']);
    expect(entry(r.whatIf, 'rdExpense')).toEqual({ key: 'rdExpense', value: 201, percentile: '0.7000', weight: 8, points: '5.60' });
  });

  it('names B’s three best next steps: a zero all five share rises to 1 (2L+E 5 → 9, weight × 0.4); ties in indicator order', () => {
    // rdIntensity (9) +3.60; techContractTurnover, highTechRevenue, revenueGrowth (8 each) +3.20 — the first two by order;
    // patents 5 → 6 (past A, C, E: 6 → 9) +2.70, rdExpense 200 → 201 +0.80, revenue 2e9 → 3e9 (C's) +0.60 rank lower.
    const r = whatIf(input('B', {}));
    expect(r.nextSteps.map((s) => [s.key, s.from, s.to, s.gain, s.total, s.grade, s.stage])).toEqual([
      ['rdIntensity', 0, 1, '3.60', '34.40', 'D', 'growth'],
      ['techContractTurnover', 0, 1, '3.20', '34.00', 'D', 'growth'],
      ['highTechRevenue', 0, 1, '3.20', '34.00', 'D', 'growth'],
    ]);
  });

  it('has no next step for an indicator already strictly highest: E’s roe 1000 is above everyone', () => {
    expect(nextStepValue(1000, [-500, 300, 300, -500])).toBeNull();
    const r = whatIf(input('E', {}));
    expect(r.nextSteps.map((s) => s.key)).not.toContain('roe');
    expect(r.nextSteps).toHaveLength(3);
  });
});

describe('whatIf: a stage change from new revenue', () => {
  /*
   * Two stable members S1, S2 (revenue 3亿 and 5亿 = 3e10, 5e10 fen; roe −1000; everything else 0) beside the cohort of 5.
   * A reports revenue 2亿元 = 2e10 fen: no longer below 20,000,000,000 → stable, cohort {A, S1, S2}, N 3, 2N 6, stable
   * weights (rdExpense 7, patents 8, revenue 9, roe 5; the 14 others weigh 71).
   *   rdExpense 100 vs 0, 0 → L 2, E 1 → 5;  patents 5 → 5;  revenue 2e10 below both → 1;  roe −500 above −1000 → 5;
   *   the zeros → 3;  numerator 7·5 + 8·5 + 9·1 + 5·5 + 71·3 = 322 → base 53.67; + nationalAward 10 → 382/6 = 63.67 C
   */
  const stable = (id: string, revenue: number) => ({ ...member(id, { revenue, roe: -1000 }, { stage: 'stable' }), flags: NO_FLAGS });
  const others = () => [...cohort(), stable('S1', 3e10), stable('S2', 5e10)];

  it('moves A from the growth cohort (56.00 C, N 5) to the stable one (63.67 C, N 3)', () => {
    const r = whatIf(input('A', { revenue: 20_000_000_000 }, others()));
    expect([r.current.stage, r.current.total, r.current.cohortSize]).toEqual(['growth', '56.00', 5]);
    expect([r.whatIf.stage, r.whatIf.base, r.whatIf.total, r.whatIf.grade, r.whatIf.cohortSize]).toEqual(['stable', '53.67', '63.67', 'C', 3]);
    expect(entry(r.whatIf, 'revenue')).toEqual({ key: 'revenue', value: 20_000_000_000, percentile: '0.1667', weight: 9, points: '1.50' });
  });

  it('keeps A in growth one fen below the threshold: above B–E’s revenues, L 4, E 1 → 9 (was 1), +6·8/10 = 4.80 → 60.80 C', () => {
    const r = whatIf(input('A', { revenue: 19_999_999_999 }, others()));
    expect([r.whatIf.stage, r.whatIf.total, r.whatIf.cohortSize]).toEqual(['growth', '60.80', 5]);
  });

  it('scores a next step that changes the stage in the cohort it lands in', () => {
    /*
     * G (growth, revenue 19,999,999,999, all else 0) joins; A at the same revenue ties it. Growth cohort N 6, 2N 12:
     *   rdExpense 5, patents L 2 (D, G) E 4 → 8, revenue L 4 E 2 → 10, roe L 0 E 2 → 2, the 14 zeros E 6 → 6 (74·6 = 444)
     *   numerator 40 + 72 + 60 + 6 + 444 = 622 → 51.83, + 10 → 742/12 = 61.83.
     * The tie's next step, 2e10, makes A stable: 63.67 as above, a gain of 1.84.
     */
    const g = member('G', { revenue: 19_999_999_999 });
    const r = whatIf({ ...input('A', { revenue: 19_999_999_999 }, [...others(), g]), steps: INDICATOR_KEYS.length });
    expect([r.whatIf.stage, r.whatIf.total, r.whatIf.cohortSize]).toEqual(['growth', '61.83', 6]);
    expect(r.nextSteps.find((s) => s.key === 'revenue')).toEqual({
      key: 'revenue',
      from: 19_999_999_999,
      to: 20_000_000_000,
      total: '63.67',
      totalHundredths: 6367,
      grade: 'C',
      stage: 'stable',
      gain: '1.84',
      gainHundredths: 184,
    });
    // Only three are answered by default, largest gain first: a zero everyone shares (+5·9/12 = 3.75 for rdIntensity;
    // +5·8/12 for an indicator of weight 8: 782/12 = 65.17, a gain of 3.34 between the rounded totals shown).
    const top = whatIf(input('A', { revenue: 19_999_999_999 }, [...others(), g]));
    expect(top.nextSteps.map((s) => [s.key, s.gain])).toEqual([
      ['rdIntensity', '3.75'],
      ['techContractTurnover', '3.34'],
      ['highTechRevenue', '3.34'],
    ]);
  });
});
