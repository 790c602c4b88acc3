import { z } from 'zod';
import { RegionScopeSchema, checkSeriesRange, seriesRangeShape, statsEvents, totalLoansPosted, TotalLoansPostedSchema } from './stats';
import { Topics } from './envelope';

describe('reference.total_loans_posted', () => {
  it('is a v1 event of the registry topic keyed by date', () => {
    expect(statsEvents).toEqual([totalLoansPosted]);
    expect([totalLoansPosted.type, totalLoansPosted.version, totalLoansPosted.topic]).toEqual(['reference.total_loans_posted', 1, Topics.registry]);
    expect(totalLoansPosted.key({ date: '2024-12-31', balanceFen: 1, region: '65' })).toBe('2024-12-31');
  });

  it('accepts the whole region only, integer fen and a calendar date, and nothing else', () => {
    expect(TotalLoansPostedSchema.safeParse({ date: '2024-12-31', balanceFen: 321_542_000_000_000, region: '65' }).success).toBe(true);
    for (const bad of [
      { date: '2024-12-31', balanceFen: 1, region: '6501' },
      { date: '2024-02-30', balanceFen: 1, region: '65' },
      { date: '2024-12-31', balanceFen: 1.5, region: '65' },
      { date: '2024-12-31', balanceFen: -1, region: '65' },
      { date: '2024-12-31', balanceFen: 1, region: '65', note: 'x' },
      { date: '2024-12-31', balanceFen: 1 },
    ]) {
      expect(TotalLoansPostedSchema.safeParse(bad).success).toBe(false);
    }
  });

  it('region scopes are 65 or a prefecture code', () => {
    expect(['65', '6501', '6543'].map((r) => RegionScopeSchema.safeParse(r).success)).toEqual([true, true, true]);
    expect(['66', '6503', ''].map((r) => RegionScopeSchema.safeParse(r).success)).toEqual([false, false, false]);
  });
});

describe('checkSeriesRange (the series query)', () => {
  const Q = z.strictObject(seriesRangeShape).superRefine(checkSeriesRange);
  it('leaves a malformed date to its field’s issue (never throws), and bounds the points', () => {
    for (const [from, to] of [['-1', 'constructor'], ['0x7E8', 'null'], ['2024-02-30', '2024-12-31'], [undefined, '2024-01-31']]) {
      const r = Q.safeParse({ from, to });
      expect([from, to, r.success]).toEqual([from, to, false]);
    }
    expect(Q.safeParse({ from: '2000-01-01', to: '2010-12-31' }).error?.issues.map((i) => [i.path, i.message])).toEqual([[['to'], '132 month ends from 2000-01-01 to 2010-12-31: at most 120 points per series']]);
    expect(Q.safeParse({ from: '2015-01-01', to: '2024-12-31' }).data).toEqual({ from: '2015-01-01', to: '2024-12-31', every: 'month' });
  });
});
