// Histogram, reliability and density binning; expected values are worked out by hand in the comments.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { densityCell, densityGrid, histogram, histogramForScale, reliabilityBins, widenRange } from './binning.ts';

describe('histogram', () => {
  it('counts equal-width bins, an interior edge going to the bin on its right and max to the last bin', () => {
    // edges 0, 2.5, 5, 7.5, 10: 0 and 1 → bin 0; 2.5 → bin 1; 5 → bin 2; 9.9 and 10 → bin 3.
    expect(histogram([0, 1, 2.5, 5, 9.9, 10], { min: 0, max: 10 }, 4)).toEqual({ edges: [0, 2.5, 5, 7.5, 10], counts: [2, 1, 1, 2] });
  });

  it('puts values outside the range in the end bins and skips non-finite values', () => {
    expect(histogram([-3, 11, NaN, Infinity, -Infinity, 4], { min: 0, max: 10 }, 2).counts).toEqual([2, 1]);
  });

  it('gives zero counts for empty input', () => {
    expect(histogram([], { min: 1, max: 5 }, 4)).toEqual({ edges: [1, 2, 3, 4, 5], counts: [0, 0, 0, 0] });
  });

  it('widens a degenerate range to one unit around it', () => {
    // [3, 3] → [2.5, 3.5] in 2 bins: edges 2.5, 3, 3.5; every 3 sits on the interior edge → bin 1.
    expect(histogram([3, 3, 3], { min: 3, max: 3 }, 2)).toEqual({ edges: [2.5, 3, 3.5], counts: [0, 3] });
  });

  it('keeps the last edge exactly at max and follows the stored edges where float division lands off', () => {
    // 0.2–0.9 in 7 bins: edges[1] = 0.3, but ⌊(0.3 − 0.2)/0.7 · 7⌋ = 0 in floating point; 0.3 still goes to bin 1.
    const { edges, counts } = histogram([0.3, 0.9], { min: 0.2, max: 0.9 }, 7);
    expect(edges[1]).toBe(0.3);
    expect(edges[7]).toBe(0.9);
    expect(counts).toEqual([0, 1, 0, 0, 0, 0, 1]);
  });

  it('reads typed arrays', () => {
    expect(histogram(new Float64Array([1, 2, 3]), { min: 0, max: 4 }, 2).counts).toEqual([1, 2]);
  });

  it('counts every finite value once, in a bin whose edges contain it', () => {
    const value = fc.oneof(fc.double({ min: -20, max: 20, noNaN: true }), fc.constantFrom(NaN, Infinity, -Infinity, -5, 0, 5, 2.5));
    fc.assert(
      fc.property(
        fc.array(value, { maxLength: 60 }),
        fc.integer({ min: 1, max: 12 }),
        fc.double({ min: -10, max: 0, noNaN: true }),
        fc.double({ min: 0.001, max: 20, noNaN: true }),
        (values, bins, min, width) => {
          const range = { min, max: min + width };
          const { edges, counts } = histogram(values, range, bins);
          expect(edges).toHaveLength(bins + 1);
          expect(counts.reduce((a, b) => a + b, 0)).toBe(values.filter(Number.isFinite).length);
          // Each in-range value alone lands in bin i with edges[i] ≤ v < edges[i+1] (≤ for the last bin).
          for (const v of values) {
            if (!(v >= range.min && v <= range.max)) continue;
            const i = histogram([v], range, bins).counts.indexOf(1);
            expect(edges[i]!).toBeLessThanOrEqual(v);
            if (i === bins - 1) expect(v).toBeLessThanOrEqual(edges[i + 1]!);
            else expect(v).toBeLessThan(edges[i + 1]!);
          }
        },
      ),
    );
  });
});

describe('histogramForScale', () => {
  it('gives one bin per step value, centred on it', () => {
    // 1–5 step 1: edges 0.5 … 5.5, values 1, 2, 2, 5.
    expect(histogramForScale([1, 2, 2, 5], { min: 1, max: 5, step: 1 })).toEqual({
      edges: [0.5, 1.5, 2.5, 3.5, 4.5, 5.5],
      counts: [1, 2, 0, 0, 1],
    });
  });

  it('groups whole step values when there are more than maxBins of them', () => {
    // 0–10 step 1 = 11 values, maxBins 4 → 3 values a bin, ⌈11/3⌉ = 4 bins: edges −0.5, 2.5, 5.5, 8.5, 11.5.
    const { edges, counts } = histogramForScale([0, 2, 3, 10], { min: 0, max: 10, step: 1 }, 4);
    expect(edges).toEqual([-0.5, 2.5, 5.5, 8.5, 11.5]);
    expect(counts).toEqual([2, 1, 0, 1]);
  });

  it('uses maxBins equal bins without a step or when the range is not whole steps', () => {
    expect(histogramForScale([0.05], { min: 0, max: 1 }, 20).edges).toHaveLength(21);
    expect(histogramForScale([], { min: 0, max: 1, step: 0.3 }, 5).edges).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
  });

  it('gives one bin of one step for a degenerate scale', () => {
    expect(histogramForScale([4, 4], { min: 4, max: 4, step: 1 })).toEqual({ edges: [3.5, 4.5], counts: [2] });
  });
});

describe('reliabilityBins', () => {
  it('computes mean and normal-approximation CI of the target per bin', () => {
    // One bin, targets 1, 2, 3: mean 2, s = 1 → 2 ± 1.96/√3.
    const [bin, ...rest] = reliabilityBins([5, 5, 5], [1, 2, 3], { bins: 4 });
    expect(rest).toEqual([]);
    expect(bin).toMatchObject({ lo: 5, hi: 5, n: 3, meanPred: 5, meanTarget: 2 });
    expect(bin!.ci![0]).toBeCloseTo(2 - 1.96 / Math.sqrt(3), 12);
    expect(bin!.ci![1]).toBeCloseTo(2 + 1.96 / Math.sqrt(3), 12);
  });

  it('has no CI for a bin of one', () => {
    expect(reliabilityBins([1], [4], {})).toEqual([{ lo: 1, hi: 1, n: 1, meanPred: 1, meanTarget: 4, ci: null }]);
  });

  it('splits quantile bins into equal counts', () => {
    // 8 distinct predictions, 4 bins → cuts at 2, 4, 6.
    const bins = reliabilityBins([8, 1, 2, 3, 4, 5, 6, 7], [8, 1, 2, 3, 4, 5, 6, 7], { bins: 4 });
    expect(bins.map((b) => [b.lo, b.hi, b.n, b.meanPred])).toEqual([
      [1, 2, 2, 1.5],
      [3, 4, 2, 3.5],
      [5, 6, 2, 5.5],
      [7, 8, 2, 7.5],
    ]);
  });

  it('keeps equal predictions together: one bin per distinct value of a quantised predictor', () => {
    // 90 × 1, 5 × 2, 5 × 3 with 10 bins: three distinct values → three bins, however unequal.
    const pred = [...Array<number>(90).fill(1), ...Array<number>(5).fill(2), ...Array<number>(5).fill(3)];
    const bins = reliabilityBins(pred, pred, { bins: 10 });
    expect(bins.map((b) => [b.lo, b.hi, b.n])).toEqual([
      [1, 1, 90],
      [2, 2, 5],
      [3, 3, 5],
    ]);
  });

  it('moves a quantile cut to the nearest change of prediction', () => {
    // sorted 1 1 1 2 2 2 | 3 4 5 6 with 2 bins: ideal cut 5 is inside the run of 2s (starts 0, 3, 6, 7, 8, 9) → nearest 6.
    const bins = reliabilityBins([1, 1, 1, 2, 2, 2, 3, 4, 5, 6], [0, 0, 0, 0, 0, 0, 0, 0, 0, 0], { bins: 2 });
    expect(bins.map((b) => b.n)).toEqual([6, 4]);
    expect(bins.map((b) => [b.lo, b.hi])).toEqual([
      [1, 2],
      [3, 6],
    ]);
  });

  it('never splits ties and never loses a pair (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 12 }), fc.integer({ min: 0, max: 5 })), { maxLength: 80 }),
        fc.integer({ min: 1, max: 8 }),
        (pairs, k) => {
          const bins = reliabilityBins(
            pairs.map((p) => p[0]),
            pairs.map((p) => p[1]),
            { bins: k },
          );
          expect(bins.reduce((a, b) => a + b.n, 0)).toBe(pairs.length);
          expect(bins.length).toBeLessThanOrEqual(k);
          for (let i = 1; i < bins.length; i++) expect(bins[i]!.lo).toBeGreaterThan(bins[i - 1]!.hi);
        },
      ),
    );
  });

  it('splits uniform bins by width over the range, omitting empty ones', () => {
    // range 0–10 in 5 bins (edges 0, 2, 4, 6, 8, 10): 1, 1.5 → [0, 2); 6 → [6, 8); 10 → [8, 10].
    const bins = reliabilityBins([1, 1.5, 6, 10], [2, 4, 5, 9], { bins: 5, strategy: 'uniform', range: { min: 0, max: 10 } });
    expect(bins.map((b) => [b.lo, b.hi, b.n, b.meanPred, b.meanTarget])).toEqual([
      [0, 2, 2, 1.25, 3],
      [6, 8, 1, 6, 5],
      [8, 10, 1, 10, 9],
    ]);
  });

  it('defaults the uniform range to the lowest and highest prediction', () => {
    // predictions 2..6 in 2 bins: edges 2, 4, 6.
    const bins = reliabilityBins([2, 3, 4, 6], [0, 0, 0, 0], { bins: 2, strategy: 'uniform' });
    expect(bins.map((b) => [b.lo, b.hi, b.n])).toEqual([
      [2, 4, 2],
      [4, 6, 2],
    ]);
  });

  it('skips pairs with a non-finite value and returns no bins for empty input', () => {
    expect(reliabilityBins([], [], {})).toEqual([]);
    expect(reliabilityBins([NaN, 1], [1, Infinity], {})).toEqual([]);
    expect(reliabilityBins([NaN, 2, 3], [1, 2, 4], { bins: 1 })).toMatchObject([{ n: 2, meanPred: 2.5, meanTarget: 3 }]);
  });
});

describe('densityGrid', () => {
  it('counts points per cell, row 0 at the lowest y', () => {
    // 2 × 2 over [0, 2]²: (0.5, 0.5) → col 0 row 0 = 0; (1.5, 0.2) → 1; (0.2, 1.8) → 2; (1.9, 1.9) ×2 → 3.
    const g = densityGrid([0.5, 1.5, 0.2, 1.9, 1.9], [0.5, 0.2, 1.8, 1.9, 1.9], { min: 0, max: 2 }, { min: 0, max: 2 }, 2, 2);
    expect([...g.counts]).toEqual([1, 1, 1, 2]);
    expect(g.max).toBe(2);
  });

  it('clamps points outside the ranges (and on the top/right edge) into edge cells, skipping non-finite ones', () => {
    const g = densityGrid([-5, 2, 9, NaN, 1], [-5, 2, 0.5, 1, Infinity], { min: 0, max: 2 }, { min: 0, max: 2 }, 2, 2);
    // (−5, −5) → 0; (2, 2) → 3; (9, 0.5) → col 1 row 0 = 1.
    expect([...g.counts]).toEqual([1, 1, 0, 1]);
    expect(densityCell(g, 9, 0.5)).toBe(1);
    expect(densityCell(g, NaN, 0.5)).toBe(-1);
  });

  it('is empty for empty input and widens degenerate ranges', () => {
    const empty = densityGrid([], [], { min: 0, max: 1 }, { min: 0, max: 1 }, 3, 2);
    expect(empty.counts).toHaveLength(6);
    expect(empty.max).toBe(0);
    const flat = densityGrid([4, 4], [1, 1], { min: 4, max: 4 }, { min: 0, max: 2 }, 2, 1);
    expect(flat.x).toEqual({ min: 3.5, max: 4.5 });
    expect([...flat.counts]).toEqual([0, 2]);
  });

  it('counts every finite point once (property)', () => {
    const coord = fc.oneof(fc.double({ min: -3, max: 3, noNaN: true }), fc.constant(NaN));
    fc.assert(
      fc.property(
        fc.array(fc.tuple(coord, coord), { maxLength: 50 }),
        fc.integer({ min: 1, max: 6 }),
        fc.integer({ min: 1, max: 6 }),
        (pts, cols, rows) => {
          const g = densityGrid(
            pts.map((p) => p[0]),
            pts.map((p) => p[1]),
            { min: -1, max: 1 },
            { min: -2, max: 2 },
            cols,
            rows,
          );
          expect(g.counts.reduce((a, b) => a + b, 0)).toBe(pts.filter(([x, y]) => Number.isFinite(x) && Number.isFinite(y)).length);
        },
      ),
    );
  });
});

describe('widenRange', () => {
  it('keeps proper ranges and centres one unit on degenerate ones', () => {
    expect(widenRange({ min: 1, max: 5 })).toEqual({ min: 1, max: 5 });
    expect(widenRange({ min: 2, max: 2 })).toEqual({ min: 1.5, max: 2.5 });
    expect(widenRange({ min: 2, max: 1 })).toEqual({ min: 1.5, max: 2.5 });
    expect(widenRange({ min: NaN, max: 1 })).toEqual({ min: 0, max: 1 });
  });
});
