import { makeUscc } from '@techcredit/reference';
import { Topics } from './envelope';
import {
  INDICATOR_KEYS,
  IndicatorFilingSchema,
  indicatorsFiled,
  scoreComputed,
  ScoreComputedSchema,
  scoringEvents,
} from './scoring';

const indicators = Object.fromEntries(INDICATOR_KEYS.map((k) => [k, 0]));
const flags = {
  seriousDishonesty: false,
  majorViolation: false,
  ipInfringement: false,
  nationalAward: false,
  nationalPlatform: false,
  standardsLed: 0,
};
const filing = { year: 2024, indicators, flags };
const withIndicator = (k: string, v: unknown) => ({ ...filing, indicators: { ...indicators, [k]: v } });
const ok = (x: unknown) => IndicatorFilingSchema.safeParse(x).success;

describe('INDICATOR_KEYS', () => {
  it('lists the 18 indicators in DOMAIN.md §2 order', () => {
    expect(INDICATOR_KEYS).toHaveLength(18);
    expect(INDICATOR_KEYS[0]).toBe('rdExpense');
    expect(INDICATOR_KEYS[8]).toBe('revenue');
    expect(INDICATOR_KEYS[12]).toBe('roe');
    expect(INDICATOR_KEYS[17]).toBe('standards');
  });
});

describe('IndicatorFilingSchema', () => {
  it('accepts all zeros and the bounds of every constraint', () => {
    expect(ok(filing)).toBe(true);
    expect(ok(withIndicator('sciStaffRatio', 10_000))).toBe(true);
    expect(ok(withIndicator('rdIntensity', 25_000))).toBe(true); // R&D above 100% of revenue
    expect(ok(withIndicator('revenueGrowth', -10_000))).toBe(true);
    expect(ok(withIndicator('roe', -50_000))).toBe(true);
    expect(ok({ ...filing, year: 2000 })).toBe(true);
  });

  it.each([
    ['sciStaffRatio', 10_001],
    ['postgradRatio', -1],
    ['rdIntensity', -1],
    ['rdExpenseGrowth', -10_001],
    ['revenue', -1],
    ['revenue', 1.5],
    ['pctApps', -1],
    ['roe', 0.5],
    ['awards', '3'],
  ])('rejects %s = %p', (k, v) => expect(ok(withIndicator(k, v))).toBe(false));

  it('rejects a missing or an unknown indicator, a bad year and bad flags', () => {
    const { standards: _s, ...missing } = indicators;
    expect(ok({ ...filing, indicators: missing })).toBe(false);
    expect(ok(withIndicator('patents', 1))).toBe(false);
    expect(ok({ ...filing, year: 1999 })).toBe(false);
    expect(ok({ ...filing, extra: 1 })).toBe(false);
    expect(ok({ ...filing, flags: { ...flags, standardsLed: -1 } })).toBe(false);
    expect(ok({ ...filing, flags: { ...flags, majorViolation: 'yes' } })).toBe(false);
  });
});

describe('scoring events', () => {
  const enterpriseId = makeUscc(42);

  it('indicators_filed: enterprise topic, keyed by enterprise, valid credit code required', () => {
    const data = { enterpriseId, filedAt: '2025-03-01T08:00:00+08:00', ...filing };
    expect(indicatorsFiled).toMatchObject({ type: 'enterprise.indicators_filed', version: 1, topic: Topics.enterprise });
    expect(indicatorsFiled.schema.parse(data)).toEqual(data);
    expect(indicatorsFiled.key(indicatorsFiled.schema.parse(data))).toBe(enterpriseId);
    const wrongCheck = enterpriseId.slice(0, 17) + (enterpriseId.endsWith('0') ? '1' : '0');
    expect(indicatorsFiled.schema.safeParse({ ...data, enterpriseId: wrongCheck }).success).toBe(false);
  });

  const scored = {
    enterpriseId,
    year: 2024,
    stage: 'growth',
    vetoed: false,
    total: '73.45',
    totalHundredths: 7345,
    grade: 'B',
    base: '63.45',
    bonus: 10,
    penalty: 0,
    cohortSize: 5,
    revenueFen: 1_000,
    breakdown: [{ key: 'rdExpense', value: 200, percentile: '0.6000', weight: 8, points: '4.80' }],
    computedAt: '2025-03-01T00:00:00Z',
  };
  const vetoed = {
    ...scored,
    vetoed: true,
    vetoReason: 'SERIOUS_DISHONESTY',
    total: null,
    totalHundredths: null,
    grade: null,
    base: null,
    bonus: 0,
    breakdown: [],
  };
  const okScore = (x: unknown) => ScoreComputedSchema.safeParse(x).success;

  it('score.computed: score topic, keyed by enterprise; accepts a score and a veto', () => {
    expect(scoreComputed).toMatchObject({ type: 'score.computed', version: 1, topic: Topics.score });
    expect(scoreComputed.key(ScoreComputedSchema.parse(scored))).toBe(enterpriseId);
    expect(okScore(scored)).toBe(true);
    expect(okScore(vetoed)).toBe(true);
    expect(scoringEvents).toEqual([indicatorsFiled, scoreComputed]);
  });

  it('score.computed: rejects an inconsistent veto, total ≠ hundredths, and a badly formatted total', () => {
    expect(okScore({ ...vetoed, vetoReason: undefined })).toBe(false);
    expect(okScore({ ...vetoed, total: '10.00', totalHundredths: 1000 })).toBe(false);
    expect(okScore({ ...scored, vetoReason: 'X' })).toBe(false);
    expect(okScore({ ...scored, grade: null })).toBe(false);
    expect(okScore({ ...scored, total: '73.46' })).toBe(false);
    expect(okScore({ ...scored, total: '73.4', totalHundredths: 7340 })).toBe(false);
    expect(okScore({ ...scored, breakdown: [{ ...scored.breakdown[0], percentile: '0.6' }] })).toBe(false);
  });
});
