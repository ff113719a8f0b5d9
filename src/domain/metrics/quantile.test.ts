import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { median, quantile, quantileSorted } from './quantile.ts';

// Reference values: numpy 2.4, np.percentile(x, [...]) with the default method='linear'.
const A = [3, 1, 4, 1, 5, 9, 2, 6];
const B = [0.1, 0.7, 0.2, 0.25, 0.9, 0.35, 0.6, 0.05, 0.15, 0.4, 0.8, 0.3];

describe('quantile (numpy linear / type 7)', () => {
  it('matches np.percentile at the bootstrap endpoints and elsewhere', () => {
    expect(quantile(A, 0.025)).toBeCloseTo(1, 14); // np.percentile(A, 2.5) = 1.0
    expect(quantile(A, 0.975)).toBeCloseTo(8.475, 14); // np.percentile(A, 97.5) = 8.475
    expect([0, 0.25, 0.5, 0.75, 1].map((q) => quantile(A, q))).toEqual([1, 1.75, 3.5, 5.25, 9]);
    expect(quantile(B, 0.025)).toBeCloseTo(0.06375, 14);
    expect(quantile(B, 0.975)).toBeCloseTo(0.8725, 14);
    expect(quantile(B, 0.1)).toBeCloseTo(0.105, 14);
    expect(quantile(B, 0.5)).toBeCloseTo(0.325, 14);
    expect(quantile(B, 0.9)).toBeCloseTo(0.79, 14);
    expect(quantile([1, 2], 0.025)).toBeCloseTo(1.025, 14);
    expect(quantile([1, 2], 0.975)).toBeCloseTo(1.975, 14);
  });

  it('handles one value, no values and the median of even and odd counts', () => {
    expect(quantile([7], 0.025)).toBe(7);
    expect(quantile([7], 0.975)).toBe(7);
    expect(quantile([], 0.5)).toBeNull();
    expect(median([])).toBeNull();
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([-1e300, 1e300])).toBe(0); // np.median([-1e300, 1e300]) = 0.0
    expect(quantile([-1.7e308, 1.7e308], 0)).toBe(-1.7e308); // the neighbour difference overflows: not used at t = 0
  });

  it('does not modify its input and rejects NaN and q outside [0, 1]', () => {
    const xs = [3, 1, 2];
    quantile(xs, 0.5);
    expect(xs).toEqual([3, 1, 2]);
    expect(() => quantile([1, Number.NaN], 0.5)).toThrow(RangeError);
    expect(() => quantileSorted([1, 2], 1.5)).toThrow(RangeError);
    expect(() => quantileSorted([1, 2], Number.NaN)).toThrow(RangeError);
  });

  it('is monotone in q and stays within [min, max], hitting both ends', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: 1, maxLength: 30 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (xs, q1, q2) => {
          const sorted = Float64Array.from(xs).sort();
          const [lo, hi] = q1 <= q2 ? [q1, q2] : [q2, q1];
          const a = quantileSorted(sorted, lo)!;
          const b = quantileSorted(sorted, hi)!;
          expect(a).toBeLessThanOrEqual(b);
          expect(a).toBeGreaterThanOrEqual(sorted[0]!);
          expect(b).toBeLessThanOrEqual(sorted[sorted.length - 1]!);
          expect(quantileSorted(sorted, 0)).toBe(sorted[0]);
          expect(quantileSorted(sorted, 1)).toBe(sorted[sorted.length - 1]);
        },
      ),
      { numRuns: 1000 },
    );
  });
});
