import { stageOf } from './stage';
import { memberFromFiling } from './member';
import { indicators, NO_FLAGS, RULES } from './test-fixtures';

describe('stageOf (age in whole years at Dec 31 of the filing year)', () => {
  it('is startup below 3 years: 2022-01-01 → 2024-12-31 is 2 years 364 days', () => {
    expect(stageOf('2022-01-01', 2024, 0, RULES)).toBe('startup');
  });

  it('is no longer startup at exactly 3 years: 2021-12-31 → 2024-12-31', () => {
    expect(stageOf('2021-12-31', 2024, 0, RULES)).toBe('growth');
  });

  it('counts a 29 February founding as 3 years old on 2023-12-31', () => {
    expect(stageOf('2020-02-29', 2023, 0, RULES)).toBe('growth');
  });

  it('treats a filing year before the founding as startup', () => {
    expect(stageOf('2025-03-01', 2024, 50_000_000_000, RULES)).toBe('startup');
  });

  it('is stable from revenue 2亿元 = 20,000,000,000 fen exactly, growth one fen below', () => {
    expect(stageOf('2010-06-15', 2024, 20_000_000_000, RULES)).toBe('stable');
    expect(stageOf('2010-06-15', 2024, 19_999_999_999, RULES)).toBe('growth');
  });

  it('ignores revenue for a startup', () => {
    expect(stageOf('2023-06-15', 2024, 90_000_000_000, RULES)).toBe('startup');
  });
});

describe('memberFromFiling', () => {
  it('takes the stage from the founding date and the filed revenue', () => {
    const filing = { year: 2024, indicators: indicators({ revenue: 20_000_000_000 }), flags: NO_FLAGS };
    const m = memberFromFiling({ enterpriseId: 'X', establishedOn: '2015-01-01', filing, littleGiantOnDec31: true }, RULES);
    expect(m).toEqual({ enterpriseId: 'X', year: 2024, stage: 'stable', indicators: filing.indicators, flags: NO_FLAGS, littleGiantOnDec31: true });
  });
});
