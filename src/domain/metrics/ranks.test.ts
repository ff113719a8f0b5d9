import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { averageRanks, kendallCounts } from './ranks.ts';

/** O(n²) pair classification straight from the definitions, the reference for Knight's algorithm. */
function naiveCounts(x: readonly number[], y: readonly number[]) {
  let tiedX = 0;
  let tiedY = 0;
  let tiedBoth = 0;
  let concordant = 0;
  let discordant = 0;
  for (let i = 0; i < x.length; i++) {
    for (let j = i + 1; j < x.length; j++) {
      const dx = Math.sign(x[i]! - x[j]!);
      const dy = Math.sign(y[i]! - y[j]!);
      if (dx === 0) tiedX++;
      if (dy === 0) tiedY++;
      if (dx === 0 && dy === 0) tiedBoth++;
      if (dx * dy > 0) concordant++;
      if (dx * dy < 0) discordant++;
    }
  }
  return { pairs: (x.length * (x.length - 1)) / 2, tiedX, tiedY, tiedBoth, concordant, discordant };
}

const tiedSample = (maxValue: number, maxLength: number) =>
  fc
    .integer({ min: 0, max: maxLength })
    .chain((n) =>
      fc.tuple(
        fc.array(fc.integer({ min: 0, max: maxValue }), { minLength: n, maxLength: n }),
        fc.array(fc.integer({ min: 0, max: maxValue }), { minLength: n, maxLength: n }),
      ),
    );

describe('averageRanks', () => {
  it('matches scipy.stats.rankdata (method average)', () => {
    // scipy 1.17: rankdata([10, 20, 20, 5]) and rankdata([3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5])
    expect(Array.from(averageRanks([10, 20, 20, 5]))).toEqual([2, 3.5, 3.5, 1]);
    expect(Array.from(averageRanks([3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5]))).toEqual([4.5, 1.5, 6, 1.5, 8, 11, 3, 10, 8, 4.5, 8]);
    expect(Array.from(averageRanks([0, -0]))).toEqual([1.5, 1.5]);
    expect(averageRanks([]).length).toBe(0);
  });

  it('equals #smaller + (#equal + 1) / 2 for every element', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -5, max: 5 }), { maxLength: 40 }), (xs) => {
        const expected = xs.map((v) => xs.filter((w) => w < v).length + (xs.filter((w) => w === v).length + 1) / 2);
        expect(Array.from(averageRanks(xs))).toEqual(expected);
      }),
    );
  });
});

describe('kendallCounts (Knight, O(n log n))', () => {
  it('equals the naive O(n²) pair counts on heavily tied data', () => {
    fc.assert(
      fc.property(tiedSample(4, 60), ([x, y]) => {
        expect(kendallCounts(x, y)).toEqual(naiveCounts(x, y));
      }),
      { numRuns: 300 },
    );
  });

  it('equals the naive counts on mostly distinct doubles, lengths across merge-sort widths', () => {
    fc.assert(
      fc.property(
        fc
          .integer({ min: 0, max: 130 })
          .chain((n) =>
            fc.tuple(
              fc.array(fc.double({ min: -10, max: 10, noNaN: true }), { minLength: n, maxLength: n }),
              fc.array(fc.double({ min: -10, max: 10, noNaN: true }), { minLength: n, maxLength: n }),
            ),
          ),
        ([x, y]) => {
          expect(kendallCounts(x, y)).toEqual(naiveCounts(x, y));
        },
      ),
    );
  });

  it('counts n(n−1)/2 pairs beyond 2³¹ exactly', () => {
    const n = 70_000;
    const x = Float64Array.from({ length: n }, (_, i) => i);
    const k = kendallCounts(x, x);
    expect(k.pairs).toBe((n * (n - 1)) / 2);
    expect(k.concordant).toBe(k.pairs);
    expect(k.discordant).toBe(0);
    const reversed = kendallCounts(
      x,
      x.map((v) => -v),
    );
    expect(reversed.discordant).toBe(k.pairs);
  });
});
