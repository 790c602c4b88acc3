import { PolicyBook, PolicyConfigError, PolicyVersionSchema, DEFAULT_POLICIES, policyBook, type PolicyVersion } from './index';

describe('default re-lending versions (DOMAIN.md §5)', () => {
  it('none before 2022-04-28', () => {
    expect(policyBook.at('relending', '2022-04-27')).toBeUndefined();
    expect(policyBook.versionAt('relending', '2022-04-28')?.effectiveFrom).toBe('2022-04-28');
  });

  it('2022 → 2024 at 2024-04-07: TSME becomes eligible, rate stays 1.75%', () => {
    const before = policyBook.at('relending', '2024-04-06');
    const after = policyBook.at('relending', '2024-04-07');
    expect(before).toMatchObject({ versionName: '2022', rateBp: 175, claimRatioBp: 6000, minTermMonths: 6, termYears: 1, maxRollovers: 2 });
    expect(before?.eligibleDesignations).toEqual(['HTE', 'SRDI', 'LITTLE_GIANT', 'DEMO', 'CHAMPION']);
    expect(after).toMatchObject({ versionName: '2024', rateBp: 175 });
    expect(after?.eligibleDesignations).toContain('TSME');
  });

  it('2025 at 2025-05-07 (1.50%), 2026 at 2026-01-19 (1.25%)', () => {
    expect(policyBook.at('relending', '2025-05-06')?.rateBp).toBe(175);
    expect(policyBook.at('relending', '2025-05-07')).toMatchObject({ versionName: '2025', rateBp: 150 });
    expect(policyBook.at('relending', '2026-01-18')?.rateBp).toBe(150);
    expect(policyBook.at('relending', '2026-01-19')).toMatchObject({ versionName: '2026', rateBp: 125 });
    expect(policyBook.at('relending', '2030-01-01')?.rateBp).toBe(125);
  });
});

describe('1-year LPR (DOMAIN.md §6)', () => {
  it.each([
    ['2022-12-31', undefined],
    ['2023-01-01', 365],
    ['2023-06-19', 365],
    ['2023-06-20', 355],
    ['2023-08-20', 355],
    ['2023-08-21', 345],
    ['2024-07-21', 345],
    ['2024-07-22', 335],
    ['2024-10-20', 335],
    ['2024-10-21', 310],
    ['2025-05-19', 310],
    ['2025-05-20', 300],
  ])('on %s is %s bp', (date, bp) => {
    expect(policyBook.at('lpr1y', date)?.rateBp).toBe(bp);
  });
});

describe('other defaults', () => {
  it('scoring weights sum to 100 per stage, 18 each, as in §2', () => {
    const w = policyBook.at('scoringWeights', '2024-12-31');
    expect(w).toBeDefined();
    for (const stage of ['startup', 'growth', 'stable'] as const) {
      expect(w?.[stage]).toHaveLength(18);
      expect(w?.[stage].reduce((a, b) => a + b, 0)).toBe(100);
    }
    expect(w?.growth.slice(0, 7)).toEqual([8, 5, 9, 7, 9, 4, 8]);
  });

  it('subsidy, caps, rules and line ratios are in force from 2020-01-01', () => {
    expect(policyBook.at('subsidy', '2019-12-31')).toBeUndefined();
    expect(policyBook.require('subsidy', '2024-01-01')).toMatchObject({ minPrincipalFen: 200_000_000, maxPrincipalFen: 3_000_000_000, shareBp: 5000, capPerEnterpriseYearFen: 50_000_000 });
    expect(policyBook.require('pledgeCaps', '2024-01-01').trademark).toBe(4000);
    expect(policyBook.require('riskCompensation', '2024-01-01').shareBp).toBe(3000);
    expect(policyBook.require('scoringRules', '2024-01-01').grades).toEqual({ A: 80, B: 65, C: 50 });
    expect(policyBook.require('matchingLineRatio', '2024-01-01')).toEqual({ A: 3000, B: 2000, C: 1000, D: 0 });
    expect(() => policyBook.require('lpr1y', '2020-01-01')).toThrow(RangeError);
  });

  it('rejects a malformed date', () => {
    expect(() => policyBook.at('lpr1y', '2024-7-22')).toThrow(RangeError);
  });
});

describe('PolicyBook', () => {
  it('a newly added version takes effect from its date only', () => {
    const next: PolicyVersion<'lpr1y'> = { key: 'lpr1y', effectiveFrom: '2025-09-22', value: { rateBp: 290 } };
    const book = policyBook.with(next);
    expect(book.at('lpr1y', '2025-09-21')?.rateBp).toBe(300);
    expect(book.at('lpr1y', '2025-09-22')?.rateBp).toBe(290);
    expect(policyBook.at('lpr1y', '2025-09-22')?.rateBp).toBe(300); // the original is unchanged
    expect(book.all()).toHaveLength(DEFAULT_POLICIES.length + 1);
  });

  it('a version with the same key and date replaces the old one', () => {
    const book = policyBook.with({ key: 'lpr1y', effectiveFrom: '2024-10-21', value: { rateBp: 315 } });
    expect(book.at('lpr1y', '2024-10-21')?.rateBp).toBe(315);
    expect(book.history('lpr1y')).toHaveLength(6);
    expect(book.all()).toHaveLength(DEFAULT_POLICIES.length);
  });

  it('versions given out of order are sorted', () => {
    const book = new PolicyBook([
      { key: 'riskCompensation', effectiveFrom: '2025-01-01', value: { shareBp: 4000 } },
      { key: 'riskCompensation', effectiveFrom: '2021-01-01', value: { shareBp: 3000 } },
    ]);
    expect(book.at('riskCompensation', '2024-12-31')?.shareBp).toBe(3000);
    expect(book.at('riskCompensation', '2025-01-01')?.shareBp).toBe(4000);
    expect(book.at('lpr1y', '2025-01-01')).toBeUndefined();
    expect(book.history('riskCompensation').map((v) => v.effectiveFrom)).toEqual(['2021-01-01', '2025-01-01']);
  });

  it('invalid versions throw PolicyConfigError with the zod issues', () => {
    const bad = [
      { key: 'lpr1y', effectiveFrom: '2025-01-01', value: { rateBp: 2.5 } },
      { key: 'lpr1y', effectiveFrom: '2025-02-30', value: { rateBp: 250 } },
      { key: 'nope', effectiveFrom: '2025-01-01', value: {} },
      { key: 'scoringWeights', effectiveFrom: '2025-01-01', value: { startup: Array(18).fill(5), growth: Array(18).fill(5), stable: Array(18).fill(5) } },
      { key: 'relending', effectiveFrom: '2025-01-01', value: { versionName: 'x', rateBp: 100, claimRatioBp: 6000, eligibleDesignations: ['NOT_A_CODE'], minTermMonths: 6, termYears: 1, maxRollovers: 2 } },
      { key: 'subsidy', effectiveFrom: '2025-01-01', value: { ...policyBook.require('subsidy', '2025-01-01'), minPrincipalFen: 4_000_000_000 } },
      { key: 'matchingLineRatio', effectiveFrom: '2025-01-01', value: { A: 3000, B: 2000, C: 1000, D: 0, E: 0 } },
    ];
    for (const v of bad) {
      let err: unknown;
      try {
        new PolicyBook([v]);
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(PolicyConfigError);
      expect((err as PolicyConfigError).issues.length).toBeGreaterThan(0);
    }
    expect(() => policyBook.with(bad[0])).toThrow(PolicyConfigError);
  });

  it('PolicyVersionSchema validates a POST /v1/policies body', () => {
    expect(PolicyVersionSchema.safeParse({ key: 'riskCompensation', effectiveFrom: '2026-01-01', value: { shareBp: 3500 } }).success).toBe(true);
    expect(PolicyVersionSchema.safeParse({ key: 'riskCompensation', effectiveFrom: '2026-01-01', value: { shareBp: 10001 } }).success).toBe(false);
    expect(PolicyVersionSchema.safeParse({ key: 'riskCompensation', effectiveFrom: '2026-01-01', value: { shareBp: 3500 }, extra: 1 }).success).toBe(false);
  });
});

describe('PolicyBook.withDraft (DOMAIN.md §13)', () => {
  const draft: PolicyVersion<'relending'> = {
    key: 'relending',
    effectiveFrom: '2024-04-07',
    value: { ...policyBook.require('relending', '2024-04-07'), versionName: 'draft', rateBp: 100 },
  };
  it('without effectiveTo, is in force until the next version of its key (as publishing it would be)', () => {
    const book = policyBook.withDraft(draft);
    expect(book.at('relending', '2024-04-06')?.versionName).toBe('2022');
    expect(book.at('relending', '2024-04-07')).toMatchObject({ versionName: 'draft', rateBp: 100 });
    expect(book.at('relending', '2025-05-06')?.versionName).toBe('draft');
    expect(book.at('relending', '2025-05-07')?.versionName).toBe('2025');
    expect(policyBook.at('relending', '2024-04-07')?.versionName).toBe('2024'); // the live book is unchanged
  });
  it('with effectiveTo, replaces every version starting in its range; the one in force after it resumes the next day', () => {
    const book = policyBook.withDraft(draft, '2025-12-31');
    expect(book.at('relending', '2024-04-07')?.versionName).toBe('draft');
    expect(book.at('relending', '2025-05-07')?.versionName).toBe('draft'); // 2025 is replaced inside the range
    expect(book.at('relending', '2025-12-31')?.versionName).toBe('draft');
    expect(book.versionAt('relending', '2026-01-01')).toMatchObject({ effectiveFrom: '2026-01-01', value: { versionName: '2025', rateBp: 150 } });
    expect(book.at('relending', '2026-01-19')?.versionName).toBe('2026');
    expect(book.history('lpr1y')).toEqual(policyBook.history('lpr1y')); // other keys untouched
  });
  it('a range ending the day before the next version adds no resumed copy', () => {
    const book = policyBook.withDraft(draft, '2025-05-06');
    expect(book.history('relending').map((v) => [v.effectiveFrom, v.value.versionName])).toEqual([
      ['2022-04-28', '2022'],
      ['2024-04-07', 'draft'],
      ['2025-05-07', '2025'],
      ['2026-01-19', '2026'],
    ]);
  });
  it('the version in force, drafted again, gives the same book', () => {
    const inForce = policyBook.versionAt('subsidy', '2024-06-30')!;
    expect(policyBook.withDraft(inForce).all()).toEqual(policyBook.all());
    expect(policyBook.withDraft(policyBook.versionAt('lpr1y', '2024-07-22')!).all()).toEqual(policyBook.all());
  });
  it('refuses an invalid draft and a range ending before it starts', () => {
    expect(() => policyBook.withDraft({ ...draft, value: { ...draft.value, rateBp: -1 } })).toThrow(PolicyConfigError);
    expect(() => policyBook.withDraft(draft, '2024-04-06')).toThrow(RangeError);
  });
});

describe('designation defaults (DOMAIN.md §9)', () => {
  it('TSME bands, HTE tiers and validity are versioned data from 2020-01-01', () => {
    expect(policyBook.at('tsmeEvaluation', '2019-12-31')).toBeUndefined();
    const t = policyBook.require('tsmeEvaluation', '2025-01-01');
    expect(t.staffBands.map((b) => [b.minBp, b.points])).toEqual([[3000, 20], [2500, 16], [2000, 12], [1500, 8], [1000, 4]]);
    expect(t.ipClass2Bands.map((b) => [b.minCount, b.points])).toEqual([[4, 24], [3, 18], [2, 12], [1, 6]]);
    expect(policyBook.require('hteEligibility', '2025-01-01').rdTiers).toEqual([{ maxLastYearRevenueFen: 5_000_000_000, minBp: 500 }, { maxLastYearRevenueFen: 20_000_000_000, minBp: 400 }]);
    expect(policyBook.require('designationValidity', '2025-01-01')).toEqual({ TSME: { kind: 'evaluationYearEnd' }, HTE: { kind: 'years', years: 3 } });
  });

  it('rejects bands out of order', () => {
    const value = { ...policyBook.require('tsmeEvaluation', '2025-01-01'), staffBands: [{ minBp: 1000, points: 4 }, { minBp: 3000, points: 20 }] };
    expect(() => policyBook.with({ key: 'tsmeEvaluation', effectiveFrom: '2026-01-01', value })).toThrow(PolicyConfigError);
  });
});
