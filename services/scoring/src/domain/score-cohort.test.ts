import { scoreCohort, groupIntoCohorts } from './score-cohort';
import { indicators, member, RULES, WEIGHTS } from './test-fixtures';
import type { ScoreResult } from './types';

const byId = (rs: ScoreResult[]): Record<string, ScoreResult> => Object.fromEntries(rs.map((r) => [r.enterpriseId, r]));
const entry = (r: ScoreResult | undefined, key: string) => r?.breakdown.find((b) => b.key === key);

/*
 * A growth cohort of 5 (N = 5, 2N = 10). Growth weights: rdExpense 8, inventionPatentApps 9, revenue 6, roe 3;
 * the other 14 indicators weigh 100 − 26 = 74 and are 0 for everyone: L = 0, E = 5, 2L+E = 5 (s = 0.5),
 * contributing 74 × 5 = 370 to every numerator.
 *
 * rdExpense  A 100, B 200, C 200, D 300, E 0  → 2L+E: E 1, A 3, B 6 (L 2, E 2), C 6, D 9 (L 4)
 * patents    A 5, B 5, C 5, D 1, E 5          → D 1; the others L 1, E 4 → 6
 * revenue    A 1e9 … E 5e9 (all distinct)     → A 1, B 3, C 5, D 7, E 9
 * roe        A −500, B 300, C 300, D −500, E 1000 → A, D: L 0, E 2 → 2; B, C: L 2, E 2 → 6; E: L 4 → 9
 *
 * numerator = 8·rd + 9·pat + 6·rev + 3·roe + 370, base = numerator / 10:
 * A 24 + 54 +  6 +  6 + 370 = 460 → 46.00; + nationalAward 10            → 56.00 C
 * B 48 + 54 + 18 + 18 + 370 = 508 → 50.80; − majorViolation 20          → 30.80 D
 * C 48 + 54 + 30 + 18 + 370 = 520 → 52.00; − ipInfringement 10          → 42.00 D
 * D 72 +  9 + 42 +  6 + 370 = 499 → 49.90                               → 49.90 D
 * E  8 + 54 + 54 + 27 + 370 = 513 → 51.30; + platform 10 + little giant 5 → 66.30 B
 */
function cohortOf5() {
  return [
    member('A', { rdExpense: 100, inventionPatentApps: 5, revenue: 1e9, roe: -500 }, { flags: { nationalAward: true } }),
    member('B', { rdExpense: 200, inventionPatentApps: 5, revenue: 2e9, roe: 300 }, { flags: { majorViolation: true } }),
    member('C', { rdExpense: 200, inventionPatentApps: 5, revenue: 3e9, roe: 300 }, { flags: { ipInfringement: true } }),
    member('D', { rdExpense: 300, inventionPatentApps: 1, revenue: 4e9, roe: -500 }),
    member('E', { rdExpense: 0, inventionPatentApps: 5, revenue: 5e9, roe: 1000 }, {
      flags: { nationalPlatform: true },
      littleGiant: true,
    }),
  ];
}

describe('scoreCohort: a cohort of 5 with ties', () => {
  const r = byId(scoreCohort(cohortOf5(), WEIGHTS, RULES));

  it('computes base, bonus, penalty, total and grade exactly', () => {
    const summary = Object.values(r).map((x) => [x.enterpriseId, x.base, x.bonus, x.penalty, x.total, x.totalHundredths, x.grade]);
    expect(summary).toEqual([
      ['A', '46.00', 10, 0, '56.00', 5600, 'C'],
      ['B', '50.80', 0, 20, '30.80', 3080, 'D'],
      ['C', '52.00', 0, 10, '42.00', 4200, 'D'],
      ['D', '49.90', 0, 0, '49.90', 4990, 'D'],
      ['E', '51.30', 15, 0, '66.30', 6630, 'B'],
    ]);
    for (const x of Object.values(r)) {
      expect(x).toMatchObject({ year: 2024, stage: 'growth', vetoed: false, cohortSize: 5 });
      expect(x.vetoReason).toBeUndefined();
    }
    expect(r.C?.revenueFen).toBe(3e9);
  });

  it('gives each indicator its percentile (L + E/2)/N and points weight × percentile', () => {
    // B on rdExpense: L 2, E 2 → (2 + 1)/5 = 0.6; points 8 × 0.6 = 4.80
    expect(entry(r.B, 'rdExpense')).toEqual({ key: 'rdExpense', value: 200, percentile: '0.6000', weight: 8, points: '4.80' });
    // A on roe: L 0, E 2 → 1/5 = 0.2; points 3 × 0.2 = 0.60 (negative values rank like any integer)
    expect(entry(r.A, 'roe')).toEqual({ key: 'roe', value: -500, percentile: '0.2000', weight: 3, points: '0.60' });
    // D on patents: L 0, E 1 → 0.5/5 = 0.1; points 9 × 0.1 = 0.90
    expect(entry(r.D, 'inventionPatentApps')?.percentile).toBe('0.1000');
    // an all-equal indicator: L 0, E 5 → 2.5/5 = 0.5; awards weighs 4 → 2.00
    expect(entry(r.E, 'awards')).toEqual({ key: 'awards', value: 0, percentile: '0.5000', weight: 4, points: '2.00' });
    // breakdown in DOMAIN.md §2 order, weights of the growth stage
    expect(r.A?.breakdown.map((b) => b.weight)).toEqual(WEIGHTS.growth);
  });

  it('vetoes serious dishonesty: no total, a reason, and not counted in N', () => {
    // V would rank top on everything; vetoed, it changes nobody's percentile (N stays 5).
    const v = member('V', { rdExpense: 9e9, roe: 9e9, revenue: 9e9 }, { flags: { seriousDishonesty: true, nationalAward: true } });
    const withV = scoreCohort([...cohortOf5(), v], WEIGHTS, RULES);
    const rv = byId(withV);
    expect(rv.V).toEqual({
      enterpriseId: 'V',
      year: 2024,
      stage: 'growth',
      vetoed: true,
      vetoReason: 'SERIOUS_DISHONESTY',
      total: null,
      totalHundredths: null,
      grade: null,
      base: null,
      bonus: 0,
      penalty: 0,
      cohortSize: 5,
      revenueFen: 9e9,
      breakdown: [],
    });
    expect(withV.filter((x) => !x.vetoed)).toEqual(Object.values(r));
  });
});

describe('scoreCohort: bonus cap, floor and rounding', () => {
  it('caps the bonus at 30 (10 + 10 + 2 standards × 5 + 5 = 35 → 30)', () => {
    // A cohort of 1: every 2L+E = 1 over 2N = 2, so base = 100 × 1/2 = 50.00; total 50 + 30 = 80.00 → A.
    const [x] = scoreCohort(
      [member('S', {}, { flags: { nationalAward: true, nationalPlatform: true, standardsLed: 2 }, littleGiant: true })],
      WEIGHTS,
      RULES,
    );
    expect(x).toMatchObject({ base: '50.00', bonus: 30, total: '80.00', totalHundredths: 8000, grade: 'A' });
  });

  it('floors the total at 0 when penalties exceed the base', () => {
    // N = 2: P is lower on all 18 indicators: 2L+E = 1 → base 100 × 1/4 = 25.00; 25 − 20 − 10 < 0 → 0.00.
    // Q is higher on all: 2L+E = 3 → 100 × 3/4 = 75.00.
    const rs = byId(
      scoreCohort(
        [member('P', {}, { flags: { majorViolation: true, ipInfringement: true } }), member('Q', indicators({}, 1))],
        WEIGHTS,
        RULES,
      ),
    );
    expect(rs.P).toMatchObject({ base: '25.00', penalty: 30, total: '0.00', totalHundredths: 0, grade: 'D' });
    expect(rs.Q).toMatchObject({ base: '75.00', penalty: 0, total: '75.00', grade: 'B' });
  });

  it('rounds half-up on the exact fraction, where floating point would round down', () => {
    // N = 40, 2N = 80; all equal except vcRaised (weight 2), where T is top.
    // Equal indicators: 2L+E = 40. On vcRaised T: L 39, E 1 → 79; the others: L 0, E 39 → 39.
    // T: 98 × 40 + 2 × 79 = 4078 → 4078/80 = 50.975 exactly → 50.98 (in floats 50.975 is 50.97499…).
    // others: 98 × 40 + 2 × 39 = 3998 → 49.975 → 49.98.
    const members = Array.from({ length: 39 }, (_, i) => member(`M${i}`));
    members.push(member('T', { vcRaised: 1 }));
    const rs = byId(scoreCohort(members, WEIGHTS, RULES));
    expect(rs.T).toMatchObject({ base: '50.98', total: '50.98', totalHundredths: 5098, grade: 'C' });
    expect(rs.M0).toMatchObject({ total: '49.98', totalHundredths: 4998, grade: 'D' });
    // vcRaised percentile of T: 79/80 = 0.9875 exactly; points 2 × 0.9875 = 1.975 → 1.98
    expect(entry(rs.T, 'vcRaised')).toMatchObject({ percentile: '0.9875', points: '1.98' });
  });

  it('grades the total: 80.00 → A, 65.00 → B, 50.00 → C', () => {
    // Uses the cohort of 1 (base 50.00) with bonuses: +30 → 80.00; +15 → 65.00; +0 → 50.00.
    const grade = (flags: Parameters<typeof member>[2]) => scoreCohort([member('G', {}, flags)], WEIGHTS, RULES)[0]?.grade;
    expect(grade({ flags: { nationalAward: true, nationalPlatform: true, standardsLed: 2 } })).toBe('A');
    expect(grade({ flags: { nationalAward: true }, littleGiant: true })).toBe('B');
    expect(grade({})).toBe('C');
  });
});

describe('scoreCohort: input checks', () => {
  it('returns [] for an empty cohort and scores an all-vetoed cohort with N = 0', () => {
    expect(scoreCohort([], WEIGHTS, RULES)).toEqual([]);
    const [v] = scoreCohort([member('V', {}, { flags: { seriousDishonesty: true } })], WEIGHTS, RULES);
    expect(v).toMatchObject({ vetoed: true, cohortSize: 0, total: null });
  });

  it('throws on mixed cohorts, duplicates and bad weights (programmer errors)', () => {
    expect(() => scoreCohort([member('A'), member('B', {}, { stage: 'stable' })], WEIGHTS, RULES)).toThrow(RangeError);
    expect(() => scoreCohort([member('A'), member('A')], WEIGHTS, RULES)).toThrow(/duplicate/);
    const bad = { ...WEIGHTS, growth: [...WEIGHTS.growth.slice(0, 17), 3] }; // sums to 101
    expect(() => scoreCohort([member('A')], bad, RULES)).toThrow(/sum to 100/);
  });
});

describe('groupIntoCohorts', () => {
  it('groups by (year, stage), ordered by year then startup, growth, stable', () => {
    const cohorts = groupIntoCohorts([
      member('a', {}, { year: 2024, stage: 'stable' }),
      member('b', {}, { year: 2023, stage: 'growth' }),
      member('c', {}, { year: 2024, stage: 'startup' }),
      member('d', {}, { year: 2024, stage: 'stable' }),
    ]);
    expect(cohorts.map((c) => [c.year, c.stage, c.members.map((m) => m.enterpriseId)])).toEqual([
      [2023, 'growth', ['b']],
      [2024, 'startup', ['c']],
      [2024, 'stable', ['a', 'd']],
    ]);
  });
});
