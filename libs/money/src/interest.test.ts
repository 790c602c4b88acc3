import fc from 'fast-check';
import { ACT360_DENOMINATOR, act360InterestFen, interestNumerator, interestNumeratorToFen } from './interest';
import { daysBetween } from './dates';

describe('ACT/360 interest', () => {
  it('hand example: re-lending interest', () => {
    // 600万元 = 600,000,000 fen at 1.75% for 2025-01-01 .. 2026-01-01 (365 days):
    // 600,000,000 × 175 × 365 = 38,325,000,000,000; / 3,600,000 = 10,645,833.33 → 10,645,833 fen
    expect(interestNumerator(600_000_000, 175, 365)).toBe(38_325_000_000_000n);
    expect(act360InterestFen(600_000_000, 175, '2025-01-01', '2026-01-01')).toBe(10_645_833);
  });

  it('hand example: leap year and half-up', () => {
    // 100 fen at 1 bp for 18 days = 1800 / 3,600,000 = 0.0005 → 0 fen
    expect(act360InterestFen(100, 1, '2024-02-20', '2024-03-09')).toBe(0);
    // 1,800,000 fen at 100 bp (1%) for 1 day = 180,000,000 / 3,600,000 = 50 fen
    expect(act360InterestFen(1_800_000, 100, '2024-02-28', '2024-02-29')).toBe(50);
    // 36,000 fen at 50 bp for 1 day = 1,800,000 / 3,600,000 = 0.5 → 1 fen (half-up)
    expect(act360InterestFen(36_000, 50, '2024-02-29', '2024-03-01')).toBe(1);
    expect(act360InterestFen(36_000, 50, '2024-03-01', '2024-03-01')).toBe(0);
    expect(() => act360InterestFen(36_000, 50, '2024-03-02', '2024-03-01')).toThrow(RangeError);
  });

  it('is exact for amounts whose product exceeds 2^53', () => {
    // 3000万元 × 365bp × 366 days = 3,000,000,000 × 365 × 366 = 400,770,000,000,000
    expect(interestNumerator(3_000_000_000, 365, 366)).toBe(400_770_000_000_000n);
    // a balance near 2^53 fen: the product is ~3.3e22, far beyond exact doubles
    expect(interestNumerator(Number.MAX_SAFE_INTEGER, 10000, 366)).toBe(BigInt(Number.MAX_SAFE_INTEGER) * 3_660_000n);
  });

  it('splitting a period keeps the exact numerator additive', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 3e9 }), fc.integer({ min: 0, max: 2000 }), fc.integer({ min: 0, max: 400 }), fc.integer({ min: 0, max: 400 }), (p, bp, d1, d2) => {
        expect(interestNumerator(p, bp, d1) + interestNumerator(p, bp, d2)).toBe(interestNumerator(p, bp, d1 + d2));
        const fen = interestNumeratorToFen(interestNumerator(p, bp, d1));
        const err = BigInt(fen) * ACT360_DENOMINATOR - interestNumerator(p, bp, d1);
        expect(err >= -ACT360_DENOMINATOR / 2n && err < ACT360_DENOMINATOR / 2n).toBe(true);
      }),
    );
    expect(daysBetween('2024-01-01', '2024-12-31')).toBe(365);
  });
});
