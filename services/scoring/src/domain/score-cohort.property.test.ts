import fc from 'fast-check';
import { INDICATOR_KEYS } from '@techcredit/contracts/src/scoring';
import { gradeOf } from './rules';
import { scoreCohort } from './score-cohort';
import { nextStepValue, scoreAgainst } from './what-if';
import { RULES, WEIGHTS } from './test-fixtures';
import type { CohortMember, Indicators, ScoreResult, Stage } from './types';

// Small value ranges so that ties are frequent; negative values where the schema allows them.
const indicatorsArb: fc.Arbitrary<Indicators> = fc
  .array(fc.integer({ min: -3, max: 4 }), { minLength: 18, maxLength: 18 })
  .map((vs) => Object.fromEntries(INDICATOR_KEYS.map((k, i) => [k, k === 'roe' ? (vs[i] ?? 0) : Math.abs(vs[i] ?? 0)])) as Indicators);

const flagsArb = fc.record({
  seriousDishonesty: fc.constant(false), // set from `veto` below (about 1 in 10)
  majorViolation: fc.boolean(),
  ipInfringement: fc.boolean(),
  nationalAward: fc.boolean(),
  nationalPlatform: fc.boolean(),
  standardsLed: fc.integer({ min: 0, max: 4 }),
});

const cohortArb = (stage: Stage): fc.Arbitrary<CohortMember[]> =>
  fc
    .array(
      fc.record({
        indicators: indicatorsArb,
        flags: flagsArb,
        veto: fc.integer({ min: 0, max: 9 }).map((x) => x === 0),
        littleGiantOnDec31: fc.boolean(),
      }),
      { minLength: 1, maxLength: 25 },
    )
    .map((rows) =>
      rows.map((r, i) => ({
        enterpriseId: `E${String(i).padStart(3, '0')}`,
        year: 2024,
        stage,
        indicators: r.indicators,
        flags: { ...r.flags, seriousDishonesty: r.veto },
        littleGiantOnDec31: r.littleGiantOnDec31,
      })),
    );

const stageArb = fc.constantFrom<Stage>('startup', 'growth', 'stable');
const anyCohort = stageArb.chain(cohortArb);
const byId = (rs: ScoreResult[]) => new Map(rs.map((r) => [r.enterpriseId, r]));

/** Reference model: O(N²) counting and bigint rationals, straight from DOMAIN.md §2. */
function referenceHundredths(members: CohortMember[], id: string): number | null {
  const me = members.find((m) => m.enterpriseId === id) as CohortMember;
  if (me.flags.seriousDishonesty) return null;
  const cohort = members.filter((m) => !m.flags.seriousDishonesty);
  const n = BigInt(cohort.length);
  const w = WEIGHTS[me.stage];
  let num = 0n; // Σ w·(L + E/2)/N = Σ w·(2L + E) / 2N
  INDICATOR_KEYS.forEach((k, i) => {
    const v = me.indicators[k];
    const l = cohort.filter((m) => m.indicators[k] < v).length;
    const e = cohort.filter((m) => m.indicators[k] === v).length;
    num += BigInt(w[i] as number) * BigInt(2 * l + e);
  });
  const f = me.flags;
  const bonus = Math.min(30, (f.nationalAward ? 10 : 0) + (f.nationalPlatform ? 10 : 0) + Math.min(10, 5 * f.standardsLed) + (me.littleGiantOnDec31 ? 5 : 0));
  const penalty = (f.majorViolation ? 20 : 0) + (f.ipInfringement ? 10 : 0);
  let t = num + BigInt(bonus - penalty) * 2n * n;
  if (t < 0n) t = 0n;
  const den = 2n * n;
  const q = (t * 100n) / den;
  return Number((t * 100n) % den * 2n >= den ? q + 1n : q);
}

describe('scoreCohort properties', () => {
  it('every total is in [0, 130] with a consistent string, grade and veto', () => {
    fc.assert(
      fc.property(anyCohort, (members) => {
        const rs = scoreCohort(members, WEIGHTS, RULES);
        const n = members.filter((m) => !m.flags.seriousDishonesty).length;
        for (const r of rs) {
          expect(r.cohortSize).toBe(n);
          if (r.vetoed) {
            expect(r.total).toBeNull();
            continue;
          }
          const h = r.totalHundredths as number;
          expect(h).toBeGreaterThanOrEqual(0);
          expect(h).toBeLessThanOrEqual(13_000);
          expect(Number(r.total)).toBe(h / 100);
          expect(r.grade).toBe(gradeOf(h, RULES.grades));
          expect(r.breakdown).toHaveLength(18);
        }
      }),
    );
  });

  it('matches an O(N²) bigint reference model of DOMAIN.md §2', () => {
    fc.assert(
      fc.property(anyCohort, (members) => {
        for (const r of scoreCohort(members, WEIGHTS, RULES)) {
          expect(r.totalHundredths).toBe(referenceHundredths(members, r.enterpriseId));
        }
      }),
    );
  });

  it('raising one of an enterprise’s indicators never lowers its own score', () => {
    fc.assert(
      fc.property(
        anyCohort,
        fc.nat(),
        fc.integer({ min: 0, max: 17 }),
        fc.integer({ min: 1, max: 5 }),
        (members, pick, k, delta) => {
          const i = pick % members.length;
          const key = INDICATOR_KEYS[k] as keyof Indicators;
          const target = members[i] as CohortMember;
          const raised = members.map((m, j) =>
            j === i ? { ...m, indicators: { ...m.indicators, [key]: m.indicators[key] + delta } } : m,
          );
          const before = scoreCohort(members, WEIGHTS, RULES)[i] as ScoreResult;
          const after = scoreCohort(raised, WEIGHTS, RULES)[i] as ScoreResult;
          expect(after.enterpriseId).toBe(target.enterpriseId);
          if (before.vetoed) return expect(after.vetoed).toBe(true);
          expect(after.totalHundredths as number).toBeGreaterThanOrEqual(before.totalHundredths as number);
        },
      ),
    );
  });

  it('does not depend on member order', () => {
    fc.assert(
      fc.property(
        anyCohort.chain((ms) => fc.tuple(fc.constant(ms), fc.shuffledSubarray(ms, { minLength: ms.length, maxLength: ms.length }))),
        ([members, shuffled]) => {
          expect(byId(scoreCohort(shuffled, WEIGHTS, RULES))).toEqual(byId(scoreCohort(members, WEIGHTS, RULES)));
        },
      ),
    );
  });
  it('scores one member against the rest of its cohort exactly as scoreCohort scores it (the what-if path)', () => {
    fc.assert(
      fc.property(anyCohort, (members) => {
        const all = scoreCohort(members, WEIGHTS, RULES);
        members.forEach((m, i) => expect(scoreAgainst(m, members, WEIGHTS, RULES)).toEqual(all[i]));
      }),
    );
  });

  it('the next step of an indicator is the smallest value above it that raises its 2L+E, and none moves it less far', () => {
    fc.assert(
      fc.property(fc.integer({ min: -3, max: 6 }), fc.array(fc.integer({ min: -3, max: 6 }), { maxLength: 12 }), (v, others) => {
        const rank = (x: number) => 2 * others.filter((o) => o < x).length + others.filter((o) => o === x).length + 1;
        const to = nextStepValue(v, others);
        const moving = Array.from({ length: 12 }, (_, d) => v + 1 + d).filter((x) => rank(x) > rank(v));
        expect(to).toBe(moving[0] ?? null);
      }),
    );
  });
});
