import fc from 'fast-check';
import { fitToSum, splitByWeights, splitWithMin } from './split';
import { Rng } from './prng';

describe('exact splitting', () => {
  it('splits by weights exactly (cumulative floor)', () => {
    // 10 × [1,1,1]/3: cumulative floors 3, 6, 10 → 3, 3, 4
    expect(splitByWeights(10, [1, 1, 1])).toEqual([3, 3, 4]);
    expect(splitByWeights(7, [0, 5, 0, 2])).toEqual([0, 5, 0, 2]);
    expect(splitWithMin(10, [1, 3], 2)).toEqual([3, 7]); // 2 + 6·1/4 → 2+1, 2+5
  });

  it('fits values to a target within bounds', () => {
    // +6 over slacks [2, 4] → [2, 4]; −3 over slacks [4, 8] → [1, 2]
    expect(fitToSum([5, 6], [0, 0], [7, 10], 17)).toEqual([7, 10]);
    expect(fitToSum([5, 9], [1, 1], [9, 9], 11)).toEqual([4, 7]);
    expect(() => fitToSum([5, 6], [0, 0], [7, 10], 18)).toThrow(RangeError);
  });

  it('properties: exact sums, bounds kept', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(50), fc.nat(50), fc.nat(50)), { minLength: 1, maxLength: 20 }), fc.nat(), (rows, seed) => {
        const lo = rows.map(([a]) => a);
        const hi = rows.map(([a, b, c]) => a + b + c);
        const v = rows.map(([a, b]) => a + b);
        const target = lo.reduce((x, y) => x + y, 0) + new Rng(seed).int(0, hi.reduce((x, y) => x + y, 0) - lo.reduce((x, y) => x + y, 0));
        const out = fitToSum(v, lo, hi, target);
        expect(out.reduce((a, b) => a + b, 0)).toBe(target);
        out.forEach((x, i) => {
          expect(x).toBeGreaterThanOrEqual(lo[i] ?? 0);
          expect(x).toBeLessThanOrEqual(hi[i] ?? 0);
        });
        const parts = splitByWeights(target, hi.map((h) => h + 1));
        expect(parts.reduce((a, b) => a + b, 0)).toBe(target);
      }),
    );
  });
});

describe('Rng', () => {
  it('is deterministic per seed and label', () => {
    const a = Rng.stream(7, 'x');
    const b = Rng.stream(7, 'x');
    const seqA = Array.from({ length: 5 }, () => a.u32());
    expect(Array.from({ length: 5 }, () => b.u32())).toEqual(seqA);
    const c = Rng.stream(8, 'x');
    expect(Array.from({ length: 5 }, () => c.u32())).not.toEqual(seqA);
  });

  it('draws in range and shapes v4 uuids', () => {
    const r = new Rng(1);
    for (let i = 0; i < 1000; i++) {
      const x = r.int(3, 5);
      expect(x >= 3 && x <= 5).toBe(true);
    }
    expect(r.uuid()).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});
