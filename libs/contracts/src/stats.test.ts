import { RegionScopeSchema, statsEvents, totalLoansPosted, TotalLoansPostedSchema } from './stats';
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
