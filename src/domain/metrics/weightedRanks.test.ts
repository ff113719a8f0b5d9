import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createRng } from '../rng.ts';
import { resampleCounts } from './bootstrap.ts';
import { materialise, naivePearson, naiveRanks } from '../../test/naiveStats.ts';
import { tieGroups, weightedAverageRanksInto, weightedRankCorrelation, weightedSpearman } from './weightedRanks.ts';

// References independent of the module (src/test/naiveStats.ts): the weighted data materialised
// (example i repeated weights[i] times), ranked naively in O(n²) with average ranks for ties (as
// scipy.stats.rankdata), and Pearson's r of the ranks by the textbook two-pass formula.

/** Pearson's r, or null where it is undefined (fewer than 2 values, a constant side). */
function pearsonOrNull(x: readonly number[], y: readonly number[]): number | null {
  if (x.length < 2 || x.every((v) => v === x[0]) || y.every((v) => v === y[0])) return null;
  return naivePearson(x, y);
}

function naiveSpearman(x: readonly number[], y: readonly number[]): number | null {
  if (x.length < 2 || x.every((v) => v === x[0]) || y.every((v) => v === y[0])) return null;
  return pearsonOrNull(naiveRanks(x), naiveRanks(y));
}

function expectSame(actual: number | null, expected: number | null, tol = 1e-12): void {
  if (expected === null) expect(actual).toBeNull();
  else {
    expect(actual).not.toBeNull();
    expect(Math.abs(actual! - expected)).toBeLessThanOrEqual(tol);
  }
}

describe('weightedAverageRanksInto', () => {
  it('gives each example the average rank its copies get in the materialised resample', () => {
    // [10, 20, 20, 5] drawn [1, 2, 0, 1] times is [10, 20, 20, 5] again: ranks 2, 3.5, 3.5, 1
    // (example 1's two copies tie with each other; example 2 is not drawn and gets its group's rank).
    const values = [10, 20, 20, 5];
    const out = new Float64Array(4);
    expect(weightedAverageRanksInto(tieGroups(values), [1, 2, 0, 1], out)).toBe(3);
    expect(Array.from(out)).toEqual([2, 3.5, 3.5, 1]);
    // Drawn [0, 3, 1, 2]: 5 5 20 20 20 20 → the 20s share ranks 3..6, the 5s ranks 1..2.
    expect(weightedAverageRanksInto(tieGroups(values), [0, 3, 1, 2], out)).toBe(2);
    expect([out[1], out[2], out[3]]).toEqual([4.5, 4.5, 1.5]);
  });

  it('reports a constant resample as one occupied group', () => {
    const out = new Float64Array(3);
    expect(weightedAverageRanksInto(tieGroups([1, 2, 3]), [0, 3, 0], out)).toBe(1);
    expect(out[1]).toBe(2);
  });

  it('treats −0 and 0 as ties', () => {
    const g = tieGroups([0, -0, 1]);
    expect(g.starts.length - 1).toBe(2);
  });
});

describe('weightedSpearman', () => {
  it('equals scipy-style Spearman of the data when unweighted', () => {
    // scipy.stats.spearmanr([1, 2, 2, 3, 5], [2, 1, 4, 4, 3]).statistic = 0.3947368421052632 (scipy 1.17)
    expectSame(weightedSpearman([1, 2, 2, 3, 5], [2, 1, 4, 4, 3]), 0.3947368421052632, 1e-15);
  });

  it('equals the naive Spearman of the materialised resample, on data with many ties (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ x: fc.integer({ min: 0, max: 4 }), y: fc.integer({ min: 0, max: 3 }), c: fc.integer({ min: 0, max: 3 }) }), {
          minLength: 1,
          maxLength: 40,
        }),
        (rows) => {
          const x = rows.map((r) => r.x);
          const y = rows.map((r) => r.y);
          const c = rows.map((r) => r.c);
          expectSame(weightedSpearman(x, y, c), naiveSpearman(materialise(x, c), materialise(y, c)));
        },
      ),
      { numRuns: 500 },
    );
  });

  it('equals the naive Spearman of bootstrap resamples of tied real-valued data (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.constantFrom(0.1, 0.2, 0.30000000000000004, 1 / 3, 2.5, -7), fc.double({ min: -5, max: 5, noNaN: true })), {
          minLength: 2,
          maxLength: 60,
        }),
        fc.integer({ min: 0, max: 1000 }),
        (rows, seed) => {
          const x = rows.map((r) => r[0]);
          // y ties too: rounded to one decimal.
          const y = rows.map((r) => Math.round(r[1] * 2) / 2);
          const counts = resampleCounts(createRng(seed), x.length);
          expectSame(weightedSpearman(x, y, counts), naiveSpearman(materialise(x, counts), materialise(y, counts)));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('is null for fewer than 2 draws or a constant side, and rejects bad input', () => {
    expect(weightedSpearman([1, 2, 3], [3, 1, 2], [0, 1, 0])).toBeNull();
    expect(weightedSpearman([1, 2, 3], [3, 1, 2], [0, 2, 0])).toBeNull();
    expect(weightedSpearman([1, 1, 1], [3, 1, 2])).toBeNull();
    expect(weightedSpearman([1, 2, 3], [3, 1, 2], [2, 0, 2])).toBe(-1);
    expect(() => weightedSpearman([1, 2], [1])).toThrow(RangeError);
    expect(() => weightedSpearman([1, 2], [1, 2], [1])).toThrow(RangeError);
    expect(() => weightedSpearman([1, 2], [1, 2], [1, 0.5])).toThrow(RangeError);
  });

  it('sums exactly at 100k draws: perfect agreement gives exactly 1', () => {
    const n = 100_000;
    const x = Float64Array.from({ length: n }, (_, i) => i % 97);
    const counts = resampleCounts(createRng(1), n);
    const g = tieGroups(x);
    const rx = new Float64Array(n);
    weightedAverageRanksInto(g, counts, rx);
    expect(weightedRankCorrelation(rx, rx, counts, n)).toBe(1);
  });
});
