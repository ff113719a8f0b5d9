import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createRng } from '../domain/rng.ts';
import { testDataFile } from '../test/testData.ts';
import {
  choleskyInPlace,
  choleskySolveInPlace,
  DEFAULT_LAMBDAS,
  fitRidge,
  lambdaGrid,
  predictRidge,
  ridgeCvPath,
  ridgeGram,
  tridiagonalize,
  type RidgeDesign,
  type RidgeFit,
} from './ridge.ts';
import { assignFolds } from './trainer.ts';

// ---------------------------------------------------------------------------------------------
// Helpers

/** |actual − expected| ≤ tol · max(1, |expected|): absolute near 0, relative for large values. */
function expectClose(actual: number, expected: number, tol = 1e-8): void {
  const err = Math.abs(actual - expected);
  if (!(err <= tol * Math.max(1, Math.abs(expected)))) throw new Error(`expected ${expected}, got ${actual} (error ${err})`);
}

function expectAllClose(actual: ArrayLike<number>, expected: readonly number[], tol = 1e-8): void {
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    try {
      expectClose(actual[i]!, expected[i]!, tol);
    } catch (e) {
      throw new Error(`at ${i}: ${(e as Error).message}`);
    }
  }
}

interface DesignJson {
  sparse: { n: number; d: number; offsets: number[]; index: number[]; values: number[] };
  f: number;
  dense: number[];
}

function toDesign(j: DesignJson): RidgeDesign {
  return {
    sparse: {
      n: j.sparse.n,
      d: j.sparse.d,
      offsets: Int32Array.from(j.sparse.offsets),
      index: Int32Array.from(j.sparse.index),
      values: Float64Array.from(j.sparse.values),
    },
    f: j.f,
    dense: Float64Array.from(j.dense),
  };
}

/** A design from dense rows: columns 0..d−1 sparse (zeros left out), the rest dense. */
function designOf(rows: readonly (readonly number[])[], d: number): RidgeDesign {
  const offsets = [0];
  const index: number[] = [];
  const values: number[] = [];
  const dense: number[] = [];
  for (const r of rows) {
    for (let j = 0; j < d; j++) {
      if (r[j] !== 0) {
        index.push(j);
        values.push(r[j]!);
      }
    }
    offsets.push(index.length);
    dense.push(...r.slice(d));
  }
  return {
    sparse: { n: rows.length, d, offsets: Int32Array.from(offsets), index: Int32Array.from(index), values: Float64Array.from(values) },
    f: (rows[0]?.length ?? d) - d,
    dense: Float64Array.from(dense),
  };
}

interface FitJson {
  lambda: number;
  intercept: number;
  beta: number[];
  predictions: number[];
}

interface Fixture {
  source: string;
  cases: {
    a: { design: DesignJson; y: number[]; rows: number[]; predictRows: number[]; fits: FitJson[] };
    b: { design: DesignJson; y: number[]; rows: number[]; predictRows: number[]; fits: FitJson[] };
    c: {
      design: DesignJson;
      y: number[];
      rows: number[];
      weights: number[];
      predictRows: number[];
      subsetFit: FitJson;
      weightedFit: FitJson;
    };
    cv: {
      design: DesignJson;
      y: number[];
      trainRows: number[];
      folds: number[];
      path: { lambda: number; oof: number[]; mse: number; nmse: number; ccc: number; intercept: number; beta: number[] }[];
    };
  };
}

const fx = JSON.parse(readFileSync(testDataFile('ridge-fixture.json'), 'utf8')) as Fixture;

function expectFit(fit: RidgeFit, x: RidgeDesign, ref: FitJson, predictRows: readonly number[]): void {
  expectClose(fit.intercept, ref.intercept);
  expectAllClose(fit.beta, ref.beta);
  expectAllClose(predictRidge(fit, x, Int32Array.from(predictRows)), ref.predictions);
}

// ---------------------------------------------------------------------------------------------

describe('fitRidge', () => {
  // Rows (s | z): (1 | 1), (0 | −1), (0 | 0), y = (1, 0, 2), λ = 1. Centred: μ = (1/3, 0), ȳ = 1,
  // XcᵀXc = [[2/3, 1], [1, 2]], Xcᵀyc = (0, 1); ([[5/3, 1], [1, 3]]) β = (0, 1) → β = (−1/4, 5/12),
  // b = ȳ − μ·β = 13/12; the prediction of row 0 is 13/12 − 1/4 + 5/12 = 5/4.
  const hand = designOf(
    [
      [1, 1],
      [0, -1],
      [0, 0],
    ],
    1,
  );
  const handY = [1, 0, 2];

  it.each(['primal', 'dual'] as const)('solves a 2 × 2 case by hand (%s)', (method) => {
    const fit = fitRidge(hand, handY, null, 1, { method });
    expect(fit.method).toBe(method);
    expectClose(fit.beta[0]!, -1 / 4, 1e-14);
    expectClose(fit.beta[1]!, 5 / 12, 1e-14);
    expectClose(fit.intercept, 13 / 12, 1e-14);
    expectClose(predictRidge(fit, hand, [0])[0]!, 5 / 4, 1e-14);
  });

  it('picks the dual form when rows < columns and the primal otherwise', () => {
    expect(fitRidge(hand, handY, null, 1).method).toBe('primal'); // 3 rows ≥ 2 columns
    expect(fitRidge(hand, handY, Int32Array.of(0), 1).method).toBe('dual'); // 1 row < 2 columns
  });

  const a = fx.cases.a;
  const xa = toDesign(a.design);
  it.each(a.fits.map((f) => [f.lambda, f] as const))(
    'case a (n 30 < D + F = 54), λ = %s: both forms match numpy, held-out rows too',
    (lambda, ref) => {
      const dual = fitRidge(xa, a.y, Int32Array.from(a.rows), lambda);
      expect(dual.method).toBe('dual');
      expectFit(dual, xa, ref, a.predictRows);
      const primal = fitRidge(xa, a.y, Int32Array.from(a.rows), lambda, { method: 'primal' });
      expectFit(primal, xa, ref, a.predictRows);
    },
  );

  const b = fx.cases.b;
  const xb = toDesign(b.design);
  it.each(b.fits.map((f) => [f.lambda, f] as const))('case b (n 60 ≥ D + F = 11), λ = %s: both forms match numpy', (lambda, ref) => {
    const primal = fitRidge(xb, b.y, null, lambda);
    expect(primal.method).toBe('primal');
    expectFit(primal, xb, ref, b.predictRows);
    expectFit(fitRidge(xb, b.y, null, lambda, { method: 'dual' }), xb, ref, b.predictRows);
  });

  const c = fx.cases.c;
  const xc = toDesign(c.design);
  it('case c: a row subset, as row numbers or as 0/1 weights, matches numpy', () => {
    expectFit(fitRidge(xc, c.y, Int32Array.from(c.rows), 0.5), xc, c.subsetFit, c.predictRows);
    const w01 = new Float64Array(c.y.length);
    for (const r of c.rows) w01[r] = 1;
    expectFit(fitRidge(xc, c.y, w01, 0.5), xc, c.subsetFit, c.predictRows);
    expectFit(fitRidge(xc, c.y, w01, 0.5, { method: 'primal' }), xc, c.subsetFit, c.predictRows);
  });

  it.each(['dual', 'primal'] as const)('case c: general weights (some 0) match numpy (%s)', (method) => {
    expectFit(fitRidge(xc, c.y, Float64Array.from(c.weights), 0.5, { method }), xc, c.weightedFit, c.predictRows);
  });

  it('counts a row listed twice as weight 2', () => {
    const rows = Int32Array.from([...c.rows, c.rows[0]!]);
    const w = new Float64Array(c.y.length);
    for (const r of c.rows) w[r] = 1;
    w[c.rows[0]!] = 2;
    const byRows = fitRidge(xc, c.y, rows, 0.5);
    const byWeights = fitRidge(xc, c.y, w, 0.5);
    expectClose(byRows.intercept, byWeights.intercept, 1e-10);
    expectAllClose(byRows.beta, Array.from(byWeights.beta), 1e-10);
  });

  it('rejects λ ≤ 0, bad weights, rows out of range and inconsistent designs', () => {
    expect(() => fitRidge(hand, handY, null, 0)).toThrow(RangeError);
    expect(() => fitRidge(hand, handY, null, -1)).toThrow(/λ must be finite and > 0/);
    expect(() => fitRidge(hand, handY, null, Number.NaN)).toThrow(RangeError);
    expect(() => fitRidge(hand, handY, Float64Array.of(1, -1, 1), 1)).toThrow(/weight/);
    expect(() => fitRidge(hand, handY, Float64Array.of(0, 0, 0), 1)).toThrow(/no row with a positive weight/);
    expect(() => fitRidge(hand, handY, Int32Array.of(3), 1)).toThrow(/outside/);
    expect(() => fitRidge(hand, [1, Number.NaN, 2], null, 1)).toThrow(/non-finite target/);
    expect(() => fitRidge({ ...hand, f: 2 }, handY, null, 1)).toThrow(/dense block/);
  });
});

describe('ridgeCvPath', () => {
  const cv = fx.cases.cv;
  const x = toDesign(cv.design);
  const trainRows = Int32Array.from(cv.trainRows);
  const folds = Uint8Array.from(cv.folds);
  const lambdas = cv.path.map((p) => p.lambda);

  it('gives the out-of-fold predictions, MSE, NMSE and CCC of explicit numpy refits per fold', () => {
    const res = ridgeCvPath(x, cv.y, trainRows, folds, lambdas);
    expect(res.points.length).toBe(lambdas.length);
    res.points.forEach((p, i) => {
      const ref = cv.path[i]!;
      expect(p.lambda).toBe(ref.lambda);
      expectAllClose(p.oof, ref.oof);
      expectClose(p.mse, ref.mse);
      expectClose(p.nmse!, ref.nmse);
      expectClose(p.ccc!, ref.ccc);
    });
  });

  it('chooses λ by the requested loss and returns the full fit at that λ', () => {
    const argmin = (v: number[]) => v.indexOf(Math.min(...v));
    const byNmse = ridgeCvPath(x, cv.y, trainRows, folds, lambdas);
    const iNmse = argmin(cv.path.map((p) => p.nmse));
    expect(byNmse.best).toBe(iNmse);
    expect(byNmse.lambda).toBe(lambdas[iNmse]);
    expectClose(byNmse.model.intercept, cv.path[iNmse]!.intercept);
    expectAllClose(byNmse.model.beta, cv.path[iNmse]!.beta);

    const mixed = ridgeCvPath(x, cv.y, trainRows, folds, lambdas, { loss: { ccc: 2, nmse: 0.5 } });
    const iMixed = argmin(cv.path.map((p) => 2 * (1 - p.ccc) + 0.5 * p.nmse));
    expect(mixed.best).toBe(iMixed);
    expectClose(mixed.points[iMixed]!.loss, 2 * (1 - cv.path[iMixed]!.ccc) + 0.5 * cv.path[iMixed]!.nmse);
    expectAllClose(mixed.model.beta, cv.path[iMixed]!.beta);
  });

  it('the model at every λ of the path equals fitRidge on the training rows', () => {
    for (const [i, lambda] of lambdas.entries()) {
      const one = ridgeCvPath(x, cv.y, trainRows, folds, [lambda]).model;
      expectClose(one.intercept, cv.path[i]!.intercept);
      expectAllClose(one.beta, cv.path[i]!.beta);
    }
  });

  it('a shared Gram matrix (ridgeGram) gives the same path and fits', () => {
    const gram = ridgeGram(x);
    const plain = ridgeCvPath(x, cv.y, trainRows, folds, lambdas);
    const shared = ridgeCvPath(x, cv.y, trainRows, folds, lambdas, { gram });
    shared.points.forEach((p, i) => expectAllClose(p.oof, Array.from(plain.points[i]!.oof), 1e-10));
    expectAllClose(shared.model.beta, Array.from(plain.model.beta), 1e-10);
    const w = Float64Array.from({ length: cv.y.length }, (_, i) => (i % 4 === 0 ? 0 : 0.5 + (i % 3)));
    const a = fitRidge(x, cv.y, w, 0.3);
    const b = fitRidge(x, cv.y, w, 0.3, { gram });
    expect(b.method).toBe('dual');
    expectClose(b.intercept, a.intercept, 1e-10);
    expectAllClose(b.beta, Array.from(a.beta), 1e-10);
    expect(() => ridgeCvPath(x, cv.y, trainRows, folds, lambdas, { gram: gram.subarray(1) })).toThrow(/Gram matrix/);
  });

  it('rejects a single fold, mismatched folds and duplicated rows', () => {
    expect(() => ridgeCvPath(x, cv.y, trainRows, new Uint8Array(trainRows.length), lambdas)).toThrow(/at least two non-empty folds/);
    expect(() => ridgeCvPath(x, cv.y, trainRows, folds.subarray(1), lambdas)).toThrow(/fold numbers/);
    expect(() => ridgeCvPath(x, cv.y, Int32Array.of(0, 0, 1), Uint8Array.of(0, 1, 1), lambdas)).toThrow(/twice/);
    expect(() => ridgeCvPath(x, cv.y, trainRows, folds, [])).toThrow(/no λ/);
    expect(() => ridgeCvPath(x, cv.y, trainRows, folds, [1, 0])).toThrow(/λ must be/);
  });
});

describe('linear algebra', () => {
  it.each([1, 2, 3, 60])('tridiagonalize: Q T Qᵀ rebuilds a random symmetric %i × %i matrix with orthogonal Q', (m) => {
    const rng = createRng(7 + m);
    const a = new Float64Array(m * m);
    for (let i = 0; i < m; i++) for (let j = 0; j <= i; j++) a[i * m + j] = a[j * m + i] = rng.next() * 2 - 1;
    const { d, e, q } = tridiagonalize(a, m);
    const tAt = (i: number, j: number) => (i === j ? d[i]! : Math.abs(i - j) === 1 ? e[Math.min(i, j)]! : 0);
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < m; j++) {
        let rebuilt = 0;
        let gram = 0;
        for (let k = 0; k < m; k++) {
          gram += q[k * m + i]! * q[k * m + j]!;
          for (let l = Math.max(0, k - 1); l <= Math.min(m - 1, k + 1); l++) rebuilt += q[i * m + k]! * tAt(k, l) * q[j * m + l]!;
        }
        expectClose(rebuilt, a[i * m + j]!, 1e-13);
        expectClose(gram, i === j ? 1 : 0, 1e-13);
      }
    }
  });

  it('tridiagonalize: a matrix that is already tridiagonal (second differences) keeps its eigenvalues 2 − 2cos(kπ/(m + 1))', () => {
    // Eigenvalues of T via the Sturm count: #{pivots of T − σI < 0} = #{eigenvalues < σ}.
    const m = 30;
    const a = new Float64Array(m * m);
    for (let i = 0; i < m; i++) {
      a[i * m + i] = 2;
      if (i > 0) a[i * m + i - 1] = a[(i - 1) * m + i] = -1;
    }
    const { d, e } = tridiagonalize(a, m);
    const below = (sigma: number) => {
      let count = 0;
      let piv = 1;
      for (let j = 0; j < m; j++) {
        piv = d[j]! - sigma - (j > 0 ? e[j - 1]! ** 2 / piv : 0);
        if (piv < 0) count++;
      }
      return count;
    };
    for (let k = 1; k <= m; k++) {
      const ev = 2 - 2 * Math.cos((k * Math.PI) / (m + 1));
      expect(below(ev - 1e-9)).toBe(k - 1);
      expect(below(ev + 1e-9)).toBe(k);
    }
  });

  it('Cholesky solves an SPD system and throws a RangeError when not positive definite', () => {
    // [[4, 2], [2, 3]] x = (2, 1) → x = (1/2, 0).
    const l = Float64Array.of(4, 2, 2, 3);
    choleskyInPlace(l, 2);
    const b = Float64Array.of(2, 1);
    choleskySolveInPlace(l, 2, b);
    expectClose(b[0]!, 0.5, 1e-15);
    expectClose(b[1]!, 0, 1e-15);
    expect(() => choleskyInPlace(Float64Array.of(1, 2, 2, 1), 2)).toThrow(/not positive definite \(pivot 1/);
    expect(() => choleskyInPlace(Float64Array.of(0, 0, 0, 1), 2)).toThrow(RangeError);
  });

  it('lambdaGrid is log-spaced with exact ends', () => {
    expect(DEFAULT_LAMBDAS.length).toBe(10);
    expect(DEFAULT_LAMBDAS[0]).toBe(1e-3);
    expect(DEFAULT_LAMBDAS[9]).toBe(1e2);
    expectClose(DEFAULT_LAMBDAS[1]! / DEFAULT_LAMBDAS[0]!, 10 ** (5 / 9), 1e-14);
    expect(lambdaGrid(0.5, 8, 5)).toEqual([0.5, 1, 2, 4, 8].map((v, i) => (i === 0 || i === 4 ? v : expect.closeTo(v, 12))));
  });
});

describe('speed', () => {
  it('nested CV at the text calibrator size (400 examples, D = 2^14, ~300 nonzeros per row, F = 9) takes well under 1 s', () => {
    const n = 400;
    const d = 1 << 14;
    const f = 9;
    const rng = createRng(11);
    const offsets = new Int32Array(n + 1);
    const index: number[] = [];
    const values: number[] = [];
    for (let i = 0; i < n; i++) {
      const cols = new Set<number>();
      // Zipf-like buckets, so rows share columns as real n-grams do.
      while (cols.size < 300) cols.add(Math.min(d - 1, Math.floor(d * rng.next() ** 3)));
      const sorted = [...cols].sort((p, q) => p - q);
      const v = sorted.map(() => 0.5 + rng.next());
      const norm = Math.hypot(...v);
      sorted.forEach((j, t) => {
        index.push(j);
        values.push(v[t]! / norm);
      });
      offsets[i + 1] = index.length;
    }
    const x: RidgeDesign = {
      sparse: { n, d, offsets, index: Int32Array.from(index), values: Float64Array.from(values) },
      f,
      dense: Float64Array.from({ length: n * f }, () => rng.next() * 2 - 1),
    };
    const y = Float64Array.from({ length: n }, (_, i) => values[offsets[i]!]! * 3 + x.dense[i * f]! * 0.2 + rng.next() * 0.1);
    const outer = assignFolds(n, 5, 1);
    const t0 = performance.now();
    const gram = ridgeGram(x);
    const tGram = performance.now() - t0;
    const chosen: number[] = [];
    for (let k = 0; k < 5; k++) {
      const train = Int32Array.from(Array.from({ length: n }, (_, i) => i).filter((i) => outer[i] !== k));
      const res = ridgeCvPath(x, y, train, assignFolds(train.length, 5, 100 + k), DEFAULT_LAMBDAS, { gram });
      chosen.push(res.lambda);
      const test = Int32Array.from(Array.from({ length: n }, (_, i) => i).filter((i) => outer[i] === k));
      expect(predictRidge(res.model, x, test).every(Number.isFinite)).toBe(true);
    }
    const ms = performance.now() - t0;
    console.warn(
      `ridge nested CV (5 outer × 5 inner, 10 λ, m = 320, D = 16384): ${ms.toFixed(0)} ms (Gram ${tGram.toFixed(0)} ms); λ chosen ${chosen.join(', ')}`,
    );
    expect(ms).toBeLessThan(3000);
  });
});
