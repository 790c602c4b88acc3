import fc from 'fast-check';
import {
  applyBp,
  applyBpFloor,
  assertFen,
  compareRatios,
  divFloor,
  divHalfUp,
  fenToYi,
  formatYi,
  percentChange,
  percentChangeRatio,
  formatRatio,
  ratioHalfUp,
  subtractRatios,
  sumFen,
  yuanToFen,
} from './fen';

describe('assertFen', () => {
  it('accepts safe non-negative integers and rejects the rest', () => {
    expect(() => assertFen(0)).not.toThrow();
    expect(() => assertFen(Number.MAX_SAFE_INTEGER)).not.toThrow();
    expect(() => assertFen(-1)).toThrow(RangeError);
    expect(() => assertFen(1.5)).toThrow(RangeError);
    expect(() => assertFen(Number.MAX_SAFE_INTEGER + 1)).toThrow(RangeError);
    expect(() => assertFen(NaN, 'principal')).toThrow(/principal/);
  });
});

describe('divHalfUp', () => {
  it('rounds half away from zero', () => {
    expect(divHalfUp(5n, 2n)).toBe(3n); // 2.5 → 3
    expect(divHalfUp(-5n, 2n)).toBe(-3n); // −2.5 → −3
    expect(divHalfUp(7n, 3n)).toBe(2n); // 2.33 → 2
    expect(divHalfUp(8n, 3n)).toBe(3n); // 2.67 → 3
    expect(divHalfUp(-7n, 3n)).toBe(-2n);
    expect(divHalfUp(0n, 9n)).toBe(0n);
    expect(() => divHalfUp(1n, 0n)).toThrow(RangeError);
    expect(() => divHalfUp(1n, -2n)).toThrow(RangeError);
  });

  it('matches the exact rational rounding: |q − num/den| ≤ 1/2, ties away from zero', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 30n), max: 10n ** 30n }), fc.bigInt({ min: 1n, max: 10n ** 20n }), (num, den) => {
        const q = divHalfUp(num, den);
        const twiceErr = 2n * (q * den - num); // 2·den·(q − num/den)
        expect(twiceErr <= den && twiceErr >= -den).toBe(true);
        // a tie (error exactly ±1/2) must go away from zero: q·num ≥ 0 and |q| ≥ |num/den|
        if (twiceErr === den || twiceErr === -den) expect(num >= 0n ? twiceErr === den : twiceErr === -den).toBe(true);
      }),
    );
  });

  it('divFloor rounds toward −∞', () => {
    expect(divFloor(7n, 2n)).toBe(3n);
    expect(divFloor(-7n, 2n)).toBe(-4n);
    expect(divFloor(-8n, 2n)).toBe(-4n);
  });
});

describe('applyBp', () => {
  it('hand examples', () => {
    // 60% claim of 1,000,001 fen = 600,000.6 → 600,001
    expect(applyBp(1_000_001, 6000)).toBe(600_001);
    // 30% of 5 fen = 1.5 → 2 (half-up)
    expect(applyBp(5, 3000)).toBe(2);
    // 30% of 5 fen rounded down = 1 (credit lines)
    expect(applyBpFloor(5, 3000)).toBe(1);
    // 50% of 3 fen = 1.5 → 2
    expect(applyBp(3, 5000)).toBe(2);
    expect(() => applyBp(-1, 100)).toThrow(RangeError);
    expect(() => applyBp(1, 0.5)).toThrow(RangeError);
  });

  it('is exact beyond 2^53 intermediates', () => {
    // 9e15 fen × 9000 bp = 8.1e19 overflows exact doubles; exact 90% = 8.1e15
    expect(applyBp(9_000_000_000_000_000, 9000)).toBe(8_100_000_000_000_000);
  });

  it('applyBp(a, 10000) = a and matches the rational rounding', () => {
    fc.assert(
      fc.property(fc.maxSafeNat(), (a) => {
        expect(applyBp(a, 10000)).toBe(a);
      }),
    );
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1e12 }), fc.integer({ min: 0, max: 10000 }), (a, bp) => {
        const r = applyBp(a, bp);
        // |r·10000 − a·bp| ≤ 5000, and a tie rounds up
        const err = BigInt(r) * 10000n - BigInt(a) * BigInt(bp);
        expect(err >= -5000n && err <= 5000n && err !== -5000n).toBe(true);
      }),
    );
  });
});

describe('sumFen / yuanToFen', () => {
  it('sums and checks', () => {
    expect(sumFen([1, 2, 3])).toBe(6);
    expect(sumFen([])).toBe(0);
    expect(() => sumFen([Number.MAX_SAFE_INTEGER, 1])).toThrow(RangeError);
    expect(() => sumFen([1, -1])).toThrow(RangeError);
  });
  it('converts yuan', () => {
    expect(yuanToFen(3)).toBe(300);
    expect(yuanToFen('12.34')).toBe(1234);
    expect(yuanToFen('12.3')).toBe(1230);
    expect(yuanToFen('2000000')).toBe(200_000_000); // 200万元
    expect(() => yuanToFen('1.234')).toThrow(RangeError);
    expect(() => yuanToFen(1.5)).toThrow(RangeError);
  });
});

describe('ratios and formatting', () => {
  it('fenToYi: 1亿元 = 10^10 fen', () => {
    // 6,616.93亿元 = 661,693,000,000 元 = 66,169,300,000,000 fen
    expect(fenToYi(66_169_300_000_000, 2)).toBe('6616.93');
    expect(formatYi(66_169_300_000_000n, 2)).toBe('6616.93');
    // 2,126.8亿元 published to 1 decimal; 2,126.75亿 rounds half-up to 2126.8
    expect(fenToYi(21_267_500_000_000, 1)).toBe('2126.8');
    expect(fenToYi(21_267_499_999_999, 1)).toBe('2126.7');
    expect(fenToYi(0, 2)).toBe('0.00');
  });

  it('ratioHalfUp', () => {
    expect(ratioHalfUp(1n, 3n, 2)).toBe('0.33');
    expect(ratioHalfUp(2n, 3n, 2)).toBe('0.67');
    expect(ratioHalfUp(-1n, 8n, 2)).toBe('-0.13'); // −0.125 → −0.13
    expect(ratioHalfUp(1n, -8n, 2)).toBe('-0.13');
    expect(ratioHalfUp(-1n, 1000n, 2)).toBe('0.00'); // −0.001 rounds to zero, no "-0.00"
    expect(ratioHalfUp(5n, 2n, 0)).toBe('3');
    expect(ratioHalfUp(7n, 1n, 3)).toBe('7.000');
  });

  it('percentChange: published balance growth 14.48%', () => {
    // 6616.93 / 5780.00 − 1 = 0.144797… → 14.48
    expect(percentChange(661_693n, 578_000n, 2)).toBe('14.48');
    // 7880 vs 6799 supported enterprises: 1081/6799 = 15.899… %
    expect(percentChange(7880n, 6799n, 2)).toBe('15.90');
    expect(percentChange(90n, 100n, 1)).toBe('-10.0');
  });

  it('spread is computed unrounded: growth − all-loans growth', () => {
    // growth = 14.484%, all-loans growth = 7.905% → exact spread 6.579 → "6.58";
    // rounding first would give 14.48 − 7.91 = 6.57.
    const growth = percentChangeRatio(114_484n, 100_000n);
    const all = percentChangeRatio(107_905n, 100_000n);
    expect(formatRatio(subtractRatios(growth, all), 2)).toBe('6.58');
    expect(compareRatios(growth, all)).toBe(1);
    expect(compareRatios(all, growth)).toBe(-1);
    expect(compareRatios({ num: 1n, den: 2n }, { num: -2n, den: -4n })).toBe(0);
  });

  it('percentChange sign matches now − before', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 10n ** 18n }), fc.bigInt({ min: 1n, max: 10n ** 18n }), (now, before) => {
        const r = percentChangeRatio(now, before);
        const sign = (x: bigint) => (x > 0n ? 1 : x < 0n ? -1 : 0);
        expect(sign(r.num)).toBe(sign(now - before));
        const s = percentChange(now, before, 2);
        if (now < before && s !== '0.00') expect(s.startsWith('-')).toBe(true);
        if (now >= before) expect(s.startsWith('-')).toBe(false);
      }),
    );
  });

  it('ratioHalfUp agrees with divHalfUp on the scaled value', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 20n), max: 10n ** 20n }), fc.bigInt({ min: 1n, max: 10n ** 12n }), fc.integer({ min: 0, max: 6 }), (n, d, k) => {
        const s = ratioHalfUp(n, d, k);
        const scaled = divHalfUp(n * 10n ** BigInt(k), d);
        expect(BigInt(s.replace('.', ''))).toBe(scaled);
      }),
    );
  });
});
