import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import fixtures from './fixtures/metrics-fixtures.json';
import {
  ccc,
  computeMetrics,
  dispersionRatio,
  distinctCount,
  kendallTauB,
  mae,
  meanBias,
  METRIC_NAMES,
  nmse,
  pearson,
  rmse,
  spearman,
  type MetricName,
} from './pairwise.ts';

/** |a − e| ≤ tol·max(1, |e|): absolute near 0, relative otherwise. */
function expectClose(actual: number | null | undefined, expected: number, tol = 1e-9): void {
  expect(actual).not.toBeNull();
  expect(Math.abs(actual! - expected)).toBeLessThanOrEqual(tol * Math.max(1, Math.abs(expected)));
}

const FIXTURE_KEYS: Record<MetricName, keyof (typeof fixtures.cases)[number]> = {
  ccc: 'ccc',
  nmse: 'nmse',
  pearson: 'pearson',
  spearman: 'spearman',
  kendall: 'kendall_tau_b',
  mae: 'mae',
  rmse: 'rmse',
  bias: 'mean_bias',
  dispersion: 'dispersion_ratio',
};

const SINGLE: Record<MetricName, (p: ArrayLike<number>, t: ArrayLike<number>) => number | null> = {
  ccc,
  nmse,
  pearson,
  spearman,
  kendall: kendallTauB,
  mae,
  rmse,
  bias: meanBias,
  dispersion: dispersionRatio,
};

describe('computeMetrics against numpy/scipy fixtures', () => {
  it.each(fixtures.cases)('$name', (c) => {
    const { metrics, reasons } = computeMetrics(c.pred, c.target);
    expect(metrics.n).toBe(c.pred.length);
    expect(reasons).toEqual({});
    for (const name of METRIC_NAMES) {
      const expected = c[FIXTURE_KEYS[name]] as number;
      expectClose(metrics[name], expected);
      expectClose(SINGLE[name](c.pred, c.target), expected);
    }
    expect(metrics.distinct).toBe(new Set(c.pred).size);
  });

  // scipy 1.17: scipy.stats.kendalltau / spearmanr / pearsonr on these literal arrays.
  it.each([
    {
      name: 'likert',
      x: [1, 1, 2, 2, 3, 3, 3, 4, 1, 2, 5, 5],
      y: [2, 1, 2, 2, 3, 1, 3, 3, 2, 2, 4, 5],
      tau: 0.6856556179115186,
      rho: 0.7604916688219394,
      r: 0.8134892168199606,
    },
    {
      name: 'binary vs graded',
      x: [0, 0, 0, 1, 1, 1, 0, 1],
      y: [0.5, 1, 0, 3, 2, 2, 1, 0.5],
      tau: 0.55,
      rho: 0.6111111111111112,
      r: 0.668153104781061,
    },
    {
      name: 'half steps',
      x: [2.5, 2.5, 3, 3, 3.5, 2, 2, 4, 4, 4],
      y: [3, 2, 3, 3, 4, 2, 2.5, 4, 3.5, 4],
      tau: 0.7792865001991967,
      rho: 0.8917378341287411,
      r: 0.8902676110102926,
    },
    {
      name: 'signed zero ties with zero',
      x: [-0, 0, 1, 1, 2],
      y: [0, 1, 1, 2, 2],
      tau: 0.7499999999999999,
      rho: 0.8055555555555555,
      r: 0.7857142857142854,
    },
  ])('ties-heavy case matches scipy: $name', ({ x, y, tau, rho, r }) => {
    expectClose(kendallTauB(x, y), tau);
    expectClose(spearman(x, y), rho);
    expectClose(pearson(x, y), r);
  });
});

describe('degenerate input', () => {
  it('throws on unequal lengths', () => {
    expect(() => computeMetrics([1, 2], [1])).toThrow(RangeError);
    expect(() => ccc([1], [])).toThrow(RangeError);
  });

  it('nulls every metric on a non-finite value and names its position', () => {
    const { metrics, reasons } = computeMetrics([1, 2, 3, 4], [1, 2, Number.NaN, 4]);
    for (const name of METRIC_NAMES) {
      expect(metrics[name]).toBeNull();
      expect(reasons[name]).toBe('non-finite target at position 2');
    }
    expect(metrics.distinct).toBe(4);
    const inf = computeMetrics([1, Infinity, Number.NaN], [1, 2, 3]);
    expect(inf.reasons.mae).toBe('non-finite prediction at position 1');
    expect(inf.metrics.distinct).toBe(1);
    expect(mae([1, -Infinity], [1, 2])).toBeNull();
  });

  it('gives nothing for no examples and only mae/rmse/bias for one', () => {
    const empty = computeMetrics([], []);
    expect(empty.metrics).toEqual({
      n: 0,
      ccc: null,
      nmse: null,
      pearson: null,
      spearman: null,
      kendall: null,
      mae: null,
      rmse: null,
      bias: null,
      dispersion: null,
      distinct: 0,
    });
    expect(Object.keys(empty.reasons).sort()).toEqual([...METRIC_NAMES].sort());

    const one = computeMetrics([3], [5]);
    expect(one.metrics).toMatchObject({ n: 1, mae: 2, rmse: 2, bias: -2, ccc: null, pearson: null, dispersion: null, distinct: 1 });
    expect(one.reasons).toEqual({
      ccc: 'fewer than 2 examples',
      nmse: 'fewer than 2 examples',
      pearson: 'fewer than 2 examples',
      spearman: 'fewer than 2 examples',
      kendall: 'fewer than 2 examples',
      dispersion: 'fewer than 2 examples',
    });
  });

  it('handles a constant target: ccc 0, ratio-to-target metrics null', () => {
    // 0.1 three times: a naive mean gives 0.10000000000000002 and a variance of ~1e-33, not 0.
    const { metrics, reasons } = computeMetrics([0.1, 0.2, 0.4], [0.1, 0.1, 0.1]);
    expect(metrics.ccc).toBe(0);
    expectClose(metrics.mae, (0 + 0.1 + 0.3) / 3, 1e-15);
    expect(reasons).toEqual({
      nmse: 'target is constant',
      pearson: 'target is constant',
      spearman: 'target is constant',
      kendall: 'target is constant',
      dispersion: 'target is constant',
    });
  });

  it('handles constant predictions: ccc 0, dispersion 0, correlations null', () => {
    const { metrics, reasons } = computeMetrics([0.1, 0.1, 0.1], [1, 2, 4]);
    expect(metrics.ccc).toBe(0);
    expect(metrics.dispersion).toBe(0);
    // mean((0.1 − t)²) / var(t): var(t) = 14/9, mean of squares = (0.81 + 3.61 + 15.21) / 3
    expectClose(metrics.nmse, (0.81 + 3.61 + 15.21) / 3 / (14 / 9), 1e-12);
    expect(reasons).toEqual({
      pearson: 'predictions are constant',
      spearman: 'predictions are constant',
      kendall: 'predictions are constant',
    });
    expect(metrics.distinct).toBe(1);
  });

  it('nulls ccc only when both sides are the same constant', () => {
    expect(computeMetrics([2, 2], [2, 2]).reasons.ccc).toBe('predictions and target are constant and equal');
    expect(ccc([2, 2], [3, 3])).toBe(0);
    expect(ccc([2, -0], [2, 0])).toBe(1);
  });

  it('keeps full precision far from zero (not raw sums of squares)', () => {
    // Dyadic values so that the shift by 1e6 is exact; a sum-of-squares variance loses ~4 digits here.
    const n = 10_000;
    const t = Float64Array.from({ length: n }, (_, i) => ((i * 7919) % 1024) / 256);
    const p = t.map((v, i) => v + (((i * 104729) % 512) - 256) / 512);
    const shift = (xs: Float64Array) => xs.map((v) => v + 1e6);
    const near = computeMetrics(p, t).metrics;
    const far = computeMetrics(shift(p), shift(t)).metrics;
    for (const name of ['ccc', 'nmse', 'pearson', 'mae', 'rmse', 'bias', 'dispersion'] as const) expectClose(far[name], near[name]!, 1e-9);
  });

  it('stays finite for huge and tiny magnitudes', () => {
    const big = computeMetrics([1e308, -1e308, 5e307], [-1e308, 1e308, 0]);
    expectClose(big.metrics.pearson, pearson([1, -1, 0.5], [-1, 1, 0])!, 1e-12);
    expectClose(big.metrics.mae, 1.5e308, 1e-12); // |p − t| = 2e308, 2e308, 5e307: the sum alone would overflow
    const over = computeMetrics([1.5e308, -1.5e308], [-1.5e308, 1.5e308]);
    expect(over.metrics.mae).toBeNull(); // 3e308 is beyond the double range
    expect(over.reasons.mae).toMatch(/floating point/);
    expect(over.metrics.bias).toBe(0);
    expect(over.metrics.pearson).toBe(-1);
    const tiny = computeMetrics([1e-310, 3e-310, 2e-310], [1e-310, 2e-310, 3e-310]);
    expectClose(tiny.metrics.pearson, 0.5, 1e-9);
  });
});

// Generators: equal-length (pred, target) pairs, including ties, constants and arbitrary doubles.
const finiteDouble = fc.double({ noNaN: true, noDefaultInfinity: true });
const value = fc.oneof(fc.integer({ min: -3, max: 3 }), fc.double({ min: -1000, max: 1000, noNaN: true }), finiteDouble);
const pairOf = (v: fc.Arbitrary<number>, minLength = 0, maxLength = 25) =>
  fc
    .integer({ min: minLength, max: maxLength })
    .chain((n) => fc.tuple(fc.array(v, { minLength: n, maxLength: n }), fc.array(v, { minLength: n, maxLength: n })));
const anyPair = fc.oneof(
  pairOf(value),
  pairOf(value, 0, 2),
  fc
    .tuple(fc.integer({ min: 0, max: 6 }), value, value)
    .map(([n, a, b]) => [Array<number>(n).fill(a), Array<number>(n).fill(b)] as [number[], number[]]),
  pairOf(value).map(([p]) => [p, p.slice()] as [number[], number[]]),
);
// Moderate data for the algebraic identities: quarter steps, so affine maps and shifts stay exact.
const quarter = fc.integer({ min: -40, max: 40 }).map((k) => k / 4);
const moderatePair = pairOf(quarter, 3, 40);

describe('metric properties', () => {
  it('never returns NaN or ±Infinity, and gives a reason exactly for each null', () => {
    fc.assert(
      fc.property(anyPair, ([p, t]) => {
        const { metrics, reasons } = computeMetrics(p, t);
        for (const name of METRIC_NAMES) {
          const v = metrics[name];
          if (v === null) expect(typeof reasons[name]).toBe('string');
          else {
            expect(Number.isFinite(v)).toBe(true);
            expect(reasons[name]).toBeUndefined();
          }
          expect(SINGLE[name](p, t)).toBe(v);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('keeps correlations in [−1, 1] and |ccc| ≤ |pearson|', () => {
    fc.assert(
      fc.property(anyPair, ([p, t]) => {
        const { metrics: m } = computeMetrics(p, t);
        for (const r of [m.ccc, m.pearson, m.spearman, m.kendall]) if (r !== null) expect(Math.abs(r)).toBeLessThanOrEqual(1);
        if (m.ccc !== null && m.pearson !== null) expect(Math.abs(m.ccc)).toBeLessThanOrEqual(Math.abs(m.pearson) + 1e-12);
      }),
      { numRuns: 500 },
    );
  });

  it('has a symmetric ccc', () => {
    fc.assert(
      fc.property(anyPair, ([p, t]) => {
        const a = ccc(p, t);
        const b = ccc(t, p);
        if (a === null) expect(b).toBeNull();
        else expectClose(b, a, 1e-12);
      }),
    );
  });

  it('gives ccc(t, t) = 1 for any non-constant t', () => {
    fc.assert(
      fc.property(
        fc.array(value, { minLength: 2, maxLength: 30 }).filter((t) => new Set(t).size > 1),
        (t) => {
          expectClose(ccc(t, t), 1, 1e-12);
        },
      ),
    );
  });

  it('leaves pearson, spearman and kendall unchanged under positive affine maps of pred', () => {
    fc.assert(
      fc.property(moderatePair, fc.constantFrom(0.5, 2, 3, 10), fc.integer({ min: -20, max: 20 }), ([p, t], a, b) => {
        const q = p.map((v) => a * v + b);
        for (const f of [pearson, spearman, kendallTauB]) {
          const before = f(p, t);
          if (before === null) expect(f(q, t)).toBeNull();
          else expectClose(f(q, t), before, 1e-12);
        }
      }),
    );
  });

  it('leaves spearman and kendall unchanged under strictly increasing maps', () => {
    fc.assert(
      fc.property(moderatePair, ([p, t]) => {
        const q = p.map((v) => v ** 3 + Math.exp(v / 3));
        expect(spearman(q, t)).toBe(spearman(p, t));
        expect(kendallTauB(q, t)).toBe(kendallTauB(p, t));
        expect(
          kendallTauB(
            p,
            q.map((v) => -v),
          ),
        ).toBe(kendallTauB(p, p) === null ? null : -1);
      }),
    );
  });

  it('penalises a shift of pred in ccc but not in pearson', () => {
    fc.assert(
      fc.property(moderatePair, fc.integer({ min: 1, max: 8 }), fc.boolean(), ([p0, t], shift, down) => {
        // Centre the predictions on the target mean first; any shift then lowers a positive ccc.
        const mp = p0.reduce((s, v) => s + v, 0) / p0.length;
        const mt = t.reduce((s, v) => s + v, 0) / t.length;
        const p = p0.map((v) => v - mp + mt);
        const q = p.map((v) => v + (down ? -shift : shift));
        const r = pearson(p, t);
        fc.pre(r !== null && r > 0.05);
        expect(ccc(q, t)!).toBeLessThan(ccc(p, t)!);
        expectClose(pearson(q, t), r!, 1e-12);
      }),
    );
  });

  it('counts distinct predictions like a Set of the finite values', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.integer({ min: -3, max: 3 }), fc.constantFrom(-0, Number.NaN, Infinity, -Infinity)), { maxLength: 30 }),
        (xs) => {
          expect(distinctCount(xs)).toBe(new Set(xs.filter(Number.isFinite)).size);
          expect(computeMetrics(xs, xs).metrics.distinct).toBe(distinctCount(xs));
        },
      ),
    );
  });
});
