import { assertScoringPolicy, bonusOf, gradeOf, penaltyOf } from './rules';
import { NO_FLAGS, RULES, WEIGHTS } from './test-fixtures';

describe('bonusOf', () => {
  it('adds award 10, platform 10, 5 per led standard and little giant 5', () => {
    expect(bonusOf({ ...NO_FLAGS, nationalAward: true }, false, RULES)).toBe(10);
    expect(bonusOf({ ...NO_FLAGS, standardsLed: 1 }, true, RULES)).toBe(10); // 5 + 5
    expect(bonusOf({ ...NO_FLAGS, nationalPlatform: true, standardsLed: 1 }, false, RULES)).toBe(15);
  });

  it('caps standards at 10 (3 × 5 = 15 → 10) and the total at 30 (10 + 10 + 10 + 5 = 35 → 30)', () => {
    expect(bonusOf({ ...NO_FLAGS, standardsLed: 3 }, false, RULES)).toBe(10);
    expect(bonusOf({ ...NO_FLAGS, nationalAward: true, nationalPlatform: true, standardsLed: 2 }, true, RULES)).toBe(30);
    // 10 + 10 + 10 = 30 exactly: not reduced
    expect(bonusOf({ ...NO_FLAGS, nationalAward: true, nationalPlatform: true, standardsLed: 2 }, false, RULES)).toBe(30);
    // 10 + 10 + 5 = 25 stays under the cap
    expect(bonusOf({ ...NO_FLAGS, nationalAward: true, nationalPlatform: true }, true, RULES)).toBe(25);
  });
});

describe('penaltyOf', () => {
  it('subtracts 20 for a major violation and 10 for IP infringement', () => {
    expect(penaltyOf(NO_FLAGS, RULES)).toBe(0);
    expect(penaltyOf({ ...NO_FLAGS, majorViolation: true }, RULES)).toBe(20);
    expect(penaltyOf({ ...NO_FLAGS, majorViolation: true, ipInfringement: true }, RULES)).toBe(30);
  });
});

describe('gradeOf (hundredths)', () => {
  it.each([
    [13000, 'A'],
    [8000, 'A'],
    [7999, 'B'],
    [6500, 'B'],
    [6499, 'C'],
    [5000, 'C'],
    [4999, 'D'],
    [0, 'D'],
  ])('%d → %s', (h, g) => expect(gradeOf(h, RULES.grades)).toBe(g));
});

describe('assertScoringPolicy', () => {
  it('accepts the DOMAIN.md §2 defaults (each stage sums to 100)', () => {
    expect(() => assertScoringPolicy(WEIGHTS, RULES)).not.toThrow();
  });

  it('rejects 17 weights, fractional weights and fractional rules', () => {
    expect(() => assertScoringPolicy({ ...WEIGHTS, stable: WEIGHTS.stable.slice(1) }, RULES)).toThrow(/18 whole/);
    const frac = [...WEIGHTS.startup];
    frac[0] = 8.5;
    frac[1] = 6.5; // still sums to 100
    expect(() => assertScoringPolicy({ ...WEIGHTS, startup: frac }, RULES)).toThrow(/18 whole/);
    expect(() => assertScoringPolicy(WEIGHTS, { ...RULES, littleGiant: 2.5 })).toThrow(/littleGiant/);
    expect(() => assertScoringPolicy(WEIGHTS, { ...RULES, grades: { A: 80, B: 65.5, C: 50 } })).toThrow(/B/);
  });
});
