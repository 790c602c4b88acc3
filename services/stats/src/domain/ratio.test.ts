import { fenToYi, growthPct, pct, roundHalfUp, spreadPoints } from './ratio';
import { oneYearBefore, yearStart } from './dates';

describe('half-up rounding on exact rationals', () => {
  it('rounds half away from zero', () => {
    expect(roundHalfUp(1n, 8n, 2)).toBe('0.13'); // 0.125 → 0.13
    expect(roundHalfUp(-1n, 8n, 2)).toBe('-0.13'); // −0.125 → −0.13
    expect(roundHalfUp(1n, 3n, 2)).toBe('0.33');
    expect(roundHalfUp(2n, 3n, 0)).toBe('1');
    expect(roundHalfUp(1449n, 100n, 1)).toBe('14.5'); // 14.49 → 14.5
    expect(roundHalfUp(5n, -100n, 2)).toBe('-0.05');
  });

  it('reduces percentages and keeps the exact fraction', () => {
    expect(pct(50n, 100n)).toEqual({ num: '1', den: '2', value: '0.50' });
    expect(pct(3n, -6n)).toEqual({ num: '-1', den: '2', value: '-0.50' });
  });

  it('computes YoY growth in percent, null on a zero base', () => {
    // 380/330 − 1 = 50/330 = 15.1515…% → 15.15
    expect(growthPct(380, 330)?.value).toBe('15.15');
    expect(growthPct(50, 100)?.value).toBe('-50.00');
    expect(growthPct(5, 0)).toBeNull();
  });

  it('computes the spread from the unrounded growths', () => {
    // 110006/100000 − 1 = 10.006% (rounds 10.01); 105004/100000 − 1 = 5.004% (rounds 5.00)
    // rounded-then-subtracted would give 5.01; the exact spread is 5.002 → 5.00
    const s = spreadPoints(110_006, 100_000, 105_004, 100_000);
    expect(s).toEqual({ num: '2501', den: '500', value: '5.00' });
  });

  it('converts fen to 亿元 (1亿元 = 10^10 fen)', () => {
    expect(fenToYi(66_169_300_000_000)).toBe('6616.93');
    expect(fenToYi(21_267_950_000_000, 1)).toBe('2126.8'); // 2126.795 → 2126.8
    expect(fenToYi(21_267_949_999_999, 2)).toBe('2126.79');
  });
});

describe('dates', () => {
  it('D − 1 year keeps month and day, Feb 29 → Feb 28', () => {
    expect(oneYearBefore('2024-12-31')).toBe('2023-12-31');
    expect(oneYearBefore('2024-02-29')).toBe('2023-02-28');
    expect(oneYearBefore('2025-02-28')).toBe('2024-02-28');
    expect(yearStart('2024-06-30')).toBe('2024-01-01');
  });
});
