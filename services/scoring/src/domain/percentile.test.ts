import { twiceRankWithTies } from './percentile';
import { divHalfUpInt, formatFixed } from './exact';

describe('twiceRankWithTies (2L + E)', () => {
  it('counts lower and equal values, itself included', () => {
    // values 7, 3, 7, −1, 7: for 7 → L 2 (3, −1), E 3 → 7; for 3 → L 1, E 1 → 3; for −1 → 1.
    expect([...twiceRankWithTies([7, 3, 7, -1, 7])]).toEqual([7, 3, 7, 1, 7]);
  });

  it('treats −0 as 0 and handles values above 2^31', () => {
    expect([...twiceRankWithTies([0, -0, 2 ** 40, 2 ** 40 + 1])]).toEqual([2, 2, 5, 7]);
  });
});

describe('exact helpers', () => {
  it('divides half-up: 1/2 → 1, 49/100 → 0, 4078·100/80 = 5097.5 → 5098', () => {
    expect(divHalfUpInt(1, 2)).toBe(1);
    expect(divHalfUpInt(49, 100)).toBe(0);
    expect(divHalfUpInt(407_800, 80)).toBe(5098);
    expect(() => divHalfUpInt(-1, 2)).toThrow(RangeError);
  });

  it('formats fixed decimals', () => {
    expect(formatFixed(7345, 2)).toBe('73.45');
    expect(formatFixed(5, 2)).toBe('0.05');
    expect(formatFixed(10_000, 4)).toBe('1.0000');
    expect(formatFixed(0, 4)).toBe('0.0000');
  });
});
