import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fitIsotonic, fitLinear, predictRegression } from './regression.ts';

// Reference values from scipy 1.17 (python3):
//   ux = unique(x); my = mean of y per ux; w = counts
//   scipy.optimize.isotonic_regression(my, weights=w).x; np.interp(q, ux, fit); scipy.stats.linregress(x, y)
const x = [1, 2, 2, 3, 4, 4, 4, 5, 6, 7];
const y = [2, 1, 3, 2.5, 5, 3, 4, 3.5, 6, 5.5];

describe('isotonic regression (PAV)', () => {
  it('matches scipy on data with tied x and violations', () => {
    const fit = fitIsotonic(x, y)!;
    expect(fit.xs).toEqual([1, 2, 3, 4, 5, 6, 7]);
    const want = [2.0, 2.0, 2.5, 3.875, 3.875, 5.75, 5.75];
    fit.ys.forEach((v, i) => expect(v).toBeCloseTo(want[i]!, 12));
  });

  it('interpolates between fitted points and clips outside the training range', () => {
    const fit = fitIsotonic(x, y)!;
    const q = [0.5, 1.5, 2.5, 4.2, 6.5, 8];
    const want = [2.0, 2.0, 2.25, 3.875, 5.75, 5.75];
    q.forEach((v, i) => expect(predictRegression(fit, v)).toBeCloseTo(want[i]!, 12));
    expect(predictRegression(fit, NaN)).toBeNaN();
  });

  it('ignores non-finite pairs and returns null with none left', () => {
    expect(fitIsotonic([NaN, 1, 2], [1, 5, Infinity])).toEqual({ kind: 'isotonic', xs: [1], ys: [5] });
    expect(fitIsotonic([NaN], [1])).toBeNull();
  });

  it('is non-decreasing, keeps the weighted mean of y, and leaves sorted y unchanged (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 8 }), fc.double({ min: -5, max: 5, noNaN: true })), { minLength: 1, maxLength: 40 }),
        (pairs) => {
          const fit = fitIsotonic(
            pairs.map((p) => p[0]),
            pairs.map((p) => p[1]),
          )!;
          for (let i = 1; i < fit.ys.length; i++) expect(fit.ys[i]!).toBeGreaterThanOrEqual(fit.ys[i - 1]! - 1e-12);
          const fitted = pairs.reduce((s, p) => s + predictRegression(fit, p[0]), 0);
          const raw = pairs.reduce((s, p) => s + p[1], 0);
          expect(fitted).toBeCloseTo(raw, 8);
        },
      ),
    );
    const sorted = fitIsotonic([1, 2, 3], [1, 4, 9])!;
    expect(sorted.ys).toEqual([1, 4, 9]);
  });
});

describe('linear least squares', () => {
  it('matches scipy.stats.linregress', () => {
    const fit = fitLinear(x, y)!;
    expect(fit.intercept).toBeCloseTo(0.8322784810126587, 12);
    expect(fit.slope).toBeCloseTo(0.7151898734177214, 12);
    expect(predictRegression(fit, 10)).toBeCloseTo(0.8322784810126587 + 7.151898734177214, 12);
  });

  it('falls back to the mean of y when x is constant, and to null without pairs', () => {
    expect(fitLinear([3, 3, 3], [1, 2, 6])).toEqual({ kind: 'linear', intercept: 3, slope: 0 });
    expect(fitLinear([], [])).toBeNull();
  });
});
