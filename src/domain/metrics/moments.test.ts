import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import fixtures from './fixtures/metrics-fixtures.json';
import { createRng } from '../rng.ts';
import { resampleCounts } from './bootstrap.ts';
import { MOMENT_METRICS, momentMetrics, type MomentMetricName } from './moments.ts';
import { computeMetrics } from './pairwise.ts';

/** |a − e| ≤ tol·max(1, |e|): absolute near 0, relative otherwise; null must match null. */
function expectSame(actual: number | null, expected: number | null, tol = 1e-9): void {
  if (expected === null) expect(actual).toBeNull();
  else {
    expect(actual).not.toBeNull();
    expect(Math.abs(actual! - expected)).toBeLessThanOrEqual(tol * Math.max(1, Math.abs(expected)));
  }
}

/** The resample written out: example i repeated counts[i] times. */
function materialise(values: ArrayLike<number>, counts: ArrayLike<number>): number[] {
  const out: number[] = [];
  for (let i = 0; i < values.length; i++) for (let k = 0; k < counts[i]!; k++) out.push(values[i]!);
  return out;
}

function expectMatchesMaterialised(pred: ArrayLike<number>, target: ArrayLike<number>, counts: ArrayLike<number>): void {
  const weighted = momentMetrics(pred, target, counts);
  const { metrics } = computeMetrics(materialise(pred, counts), materialise(target, counts));
  for (const name of MOMENT_METRICS) expectSame(weighted[name], metrics[name]);
}

describe('momentMetrics', () => {
  it.each(fixtures.cases)('equals computeMetrics without weights: $name', (c) => {
    const moments = momentMetrics(c.pred, c.target);
    const { metrics } = computeMetrics(c.pred, c.target);
    for (const name of MOMENT_METRICS) expectSame(moments[name], metrics[name]);
  });

  it.each(fixtures.cases)('equals computeMetrics on materialised bootstrap resamples: $name', (c) => {
    const rng = createRng(c.pred.length);
    const counts = new Uint32Array(c.pred.length);
    for (let r = 0; r < 20; r++) expectMatchesMaterialised(c.pred, c.target, resampleCounts(rng, c.pred.length, counts));
  });

  it('equals computeMetrics on materialised resamples of small, tied data, constant resamples included', () => {
    const tied = fc.integer({ min: 0, max: 4 }).map((k) => k / 2 + 0.1);
    fc.assert(
      fc.property(
        fc
          .integer({ min: 1, max: 8 })
          .chain((n) =>
            fc.tuple(
              fc.array(tied, { minLength: n, maxLength: n }),
              fc.array(tied, { minLength: n, maxLength: n }),
              fc.array(fc.integer({ min: 0, max: 3 }), { minLength: n, maxLength: n }),
            ),
          ),
        ([p, t, w]) => expectMatchesMaterialised(p, t, w),
      ),
      { numRuns: 1000 },
    );
  });

  it('equals computeMetrics on materialised resamples far from zero and of wide range', () => {
    // Magnitudes from 2⁻²⁰ to 1e6 (or 0): values spanning ~150+ orders of magnitude stay finite but lose
    // precision differently in the two implementations (squares become subnormal), see computeMetrics.
    const wide = fc.double({ min: -1e6, max: 1e6, noNaN: true }).map((v) => Math.round(v * 2 ** 20) / 2 ** 20);
    fc.assert(
      fc.property(
        fc
          .integer({ min: 2, max: 30 })
          .chain((n) =>
            fc.tuple(
              fc.array(fc.double({ min: 999, max: 1001, noNaN: true }), { minLength: n, maxLength: n }),
              fc.array(wide, { minLength: n, maxLength: n }),
              fc.array(fc.integer({ min: 0, max: 4 }), { minLength: n, maxLength: n }),
            ),
          ),
        ([p, t, w]) => {
          expectMatchesMaterialised(p, t, w);
          expectMatchesMaterialised(t, p, w);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('handles weights that leave a constant target or nothing at all', () => {
    const pred = [1, 2, 3, 4];
    const target = [0.1, 0.1, 5, 0.1];
    const m = momentMetrics(pred, target, [2, 1, 0, 3]);
    expect(m.ccc).toBe(0);
    expect([m.nmse, m.pearson, m.dispersion]).toEqual([null, null, null]);
    expect(m.mae).toBeCloseTo((2 * 0.9 + 1.9 + 3 * 3.9) / 6, 14);
    const none = momentMetrics(pred, target, [0, 0, 0, 0]);
    for (const name of MOMENT_METRICS) expect(none[name]).toBeNull();
    const one = momentMetrics(pred, target, [0, 1, 0, 0]);
    expect(one).toMatchObject({ ccc: null, pearson: null, mae: 1.9, bias: 1.9 });
  });

  it('nulls everything on a non-finite value and rejects bad weights', () => {
    const m = momentMetrics([1, 2, Number.NaN], [1, 2, 3]);
    for (const name of MOMENT_METRICS) expect(m[name]).toBeNull();
    expect(() => momentMetrics([1, 2], [1, 2], [1])).toThrow(RangeError);
    expect(() => momentMetrics([1, 2], [1, 2], [1, 0.5])).toThrow(RangeError);
    expect(() => momentMetrics([1, 2], [1, 2], [1, -1])).toThrow(RangeError);
    expect(() => momentMetrics([1, 2], [1])).toThrow(RangeError);
  });

  it('exposes the metrics in a fixed order', () => {
    expect(MOMENT_METRICS).toEqual(['ccc', 'nmse', 'pearson', 'mae', 'rmse', 'bias', 'dispersion'] satisfies MomentMetricName[]);
  });
});
