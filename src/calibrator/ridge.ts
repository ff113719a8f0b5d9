// Closed-form weighted ridge regression for the text calibrator (issue 15; textModel.ts): a design
// [S | Z] of a sparse block S (CSR, e.g. L2-normalised tf-idf over D = 2^14 hash buckets) and a dense
// block Z (standardised score features), an unpenalised intercept, and the inner cross-validation of
// the penalty over a λ grid from one tridiagonal reduction. Pure Float64 arithmetic, no DOM; the
// independent numpy reference is testdata/ridge-fixture.py.
//
// Problem: minimise Σ_i w_i (y_i − b − x_i·β)² + λ‖β‖² over b and β, w_i ≥ 0, λ > 0.
// With μ = Σ w_i x_i / Σ w_i, ȳ likewise, Xc = X − 1μᵀ and yc = y − ȳ, the intercept drops out
// (b = ȳ − μ·β) and β solves the centred weighted problem:
//   primal: (Xcᵀ W Xc + λI) β = Xcᵀ W yc                         (p × p, p = D + F);
//   dual:   with X̃ = W^½ Xc, β = X̃ᵀ α̃, (X̃ X̃ᵀ + λI) α̃ = W^½ yc     (m × m over the rows with w > 0).
// The dual kernel is built from sparse dot products and the rank-one centring terms, so the centred
// (dense) n × D matrix is never formed.

import { ccc as cccOf, nmse as nmseOf } from '../domain/metrics/pairwise.ts';
import type { SparseRows } from './textModel.ts';

/** The design X = [sparse | dense]: n rows, `sparse.d + f` columns. */
export interface RidgeDesign {
  sparse: SparseRows;
  /** Dense columns F. */
  f: number;
  /** n × f, row-major. */
  dense: Float64Array;
}

export interface RidgeFit {
  intercept: number;
  /** D + F weights: the sparse columns first, then the dense ones. */
  beta: Float64Array;
  lambda: number;
  /** Which normal equations were solved. */
  method: 'primal' | 'dual';
}

/**
 * The rows a fit uses: null = every row with weight 1; an Int32Array = these row numbers, weight 1
 * each (a row listed twice counts twice); a Float64Array of length n = a weight ≥ 0 per row (rows of
 * weight 0 take no part).
 */
export type RowSelection = Int32Array | Float64Array | null;

export interface RidgeOptions {
  /** 'auto' (default): dual when the rows with w > 0 are fewer than the columns D + F, else primal. */
  method?: 'auto' | 'primal' | 'dual';
  /** `ridgeGram(x)`, to share the sparse dot products between the fits of one design (dual form only). */
  gram?: Float64Array;
}

/** Ten log-spaced penalties 1e-3 … 1e2 (the trainer's default grid). */
export const DEFAULT_LAMBDAS: readonly number[] = Object.freeze(lambdaGrid(1e-3, 1e2, 10));

/** `count` penalties log-spaced from `min` to `max` inclusive (min > 0). */
export function lambdaGrid(min: number, max: number, count: number): number[] {
  if (!(min > 0 && max >= min && Number.isInteger(count) && count >= 1))
    throw new RangeError('lambdaGrid needs 0 < min ≤ max and count ≥ 1');
  if (count === 1) return [min];
  const a = Math.log(min);
  const step = (Math.log(max) - a) / (count - 1);
  return Array.from({ length: count }, (_, i) => (i === 0 ? min : i === count - 1 ? max : Math.exp(a + i * step)));
}

// ---------------------------------------------------------------------------------------------
// Dense linear algebra (row-major Float64Array, m × m)

/**
 * Overwrites the lower triangle of the symmetric positive definite `a` (m × m, row-major; the lower
 * triangle is read) with its Cholesky factor L (a = L Lᵀ); the strict upper triangle is left as is.
 * Throws a RangeError naming the pivot when `a` is not (numerically) positive definite.
 */
export function choleskyInPlace(a: Float64Array, m: number): void {
  for (let j = 0; j < m; j++) {
    const rj = j * m;
    let s = a[rj + j]!;
    for (let k = 0; k < j; k++) s -= a[rj + k]! * a[rj + k]!;
    if (!(s > 0) || !Number.isFinite(s)) throw new RangeError(`matrix is not positive definite (pivot ${j} of ${m} is ${s})`);
    const d = Math.sqrt(s);
    a[rj + j] = d;
    for (let i = j + 1; i < m; i++) {
      const ri = i * m;
      let t = a[ri + j]!;
      for (let k = 0; k < j; k++) t -= a[ri + k]! * a[rj + k]!;
      a[ri + j] = t / d;
    }
  }
}

/** Solves L Lᵀ x = b in place (b becomes x) with the factor of `choleskyInPlace`. */
export function choleskySolveInPlace(l: Float64Array, m: number, b: Float64Array): void {
  for (let i = 0; i < m; i++) {
    const ri = i * m;
    let s = b[i]!;
    for (let k = 0; k < i; k++) s -= l[ri + k]! * b[k]!;
    b[i] = s / l[ri + i]!;
  }
  for (let i = m - 1; i >= 0; i--) {
    let s = b[i]!;
    for (let k = i + 1; k < m; k++) s -= l[k * m + i]! * b[k]!;
    b[i] = s / l[i * m + i]!;
  }
}

export interface Tridiagonal {
  /** Diagonal of T (length m). */
  d: Float64Array;
  /** Off-diagonal T[k][k+1] = T[k+1][k] (length max(m − 1, 0)). */
  e: Float64Array;
  /** The orthogonal Q (m × m, row-major) with a = Q T Qᵀ. */
  q: Float64Array;
}

/**
 * Householder reduction of the symmetric m × m matrix `a` (row-major, both triangles equal; not
 * modified) to a symmetric tridiagonal T with a = Q T Qᵀ  (Golub & Van Loan, Algorithm 8.3.1), on
 * contiguous rows throughout. Backward stable: Q T Qᵀ reproduces `a` to ~m·2^-52·‖a‖. O(m³):
 * (4/3)m³ for T and (4/3)m³ for Q.
 * This replaces a full symmetric eigensolver: (T + λI)⁻¹ is a tridiagonal solve, so every λ of a
 * grid is as cheap after one reduction, while the eigenvectors (QL rotations, ≈ 6m³) would have cost
 * ≈ 0.6 s at m = 320 in node against ≈ 0.1 s for this (both measured on a loaded 2-core machine).
 */
export function tridiagonalize(a: Float64Array, m: number): Tridiagonal {
  if (a.length !== m * m) throw new RangeError(`tridiagonalize: expected ${m * m} entries, got ${a.length}`);
  for (let i = 0; i < a.length; i++) if (!Number.isFinite(a[i]!)) throw new RangeError('tridiagonalize: non-finite entry');
  const w = Float64Array.from(a);
  const d = new Float64Array(m);
  const e = new Float64Array(Math.max(m - 1, 0));
  const betas = new Float64Array(m);
  const p = new Float64Array(m);
  for (let k = 0; k + 2 < m; k++) {
    // x = column k below the diagonal (the lower triangle is the one kept up to date), copied into
    // row k right of the diagonal, where v then overwrites it.
    const rk = k * m;
    for (let i = k + 1; i < m; i++) w[rk + i] = w[i * m + k]!;
    let tail = 0;
    for (let i = k + 2; i < m; i++) tail += w[rk + i]! * w[rk + i]!;
    d[k] = w[rk + k]!;
    const x0 = w[rk + k + 1]!;
    if (tail === 0) {
      e[k] = x0;
      betas[k] = 0;
      continue;
    }
    const sigma = x0 >= 0 ? Math.sqrt(x0 * x0 + tail) : -Math.sqrt(x0 * x0 + tail);
    const v0 = x0 + sigma;
    w[rk + k + 1] = v0;
    const beta = 1 / (sigma * v0);
    betas[k] = beta;
    e[k] = -sigma;
    // p = β A₂₂ v, then w = p − (β pᵀv / 2) v, A₂₂ −= v wᵀ + w vᵀ; on the lower triangle of A₂₂ only.
    p.fill(0, k + 1);
    for (let i = k + 1; i < m; i++) {
      const ri = i * m;
      const vi = w[rk + i]!;
      let s = w[ri + i]! * vi;
      for (let j = k + 1; j < i; j++) {
        const aij = w[ri + j]!;
        s += aij * w[rk + j]!;
        p[j] = p[j]! + aij * vi;
      }
      p[i] = p[i]! + s;
    }
    let pv = 0;
    for (let i = k + 1; i < m; i++) {
      p[i] = beta * p[i]!;
      pv += p[i]! * w[rk + i]!;
    }
    const half = (beta * pv) / 2;
    for (let i = k + 1; i < m; i++) p[i] = p[i]! - half * w[rk + i]!;
    for (let i = k + 1; i < m; i++) {
      const ri = i * m;
      const vi = w[rk + i]!;
      const pi = p[i]!;
      for (let j = k + 1; j <= i; j++) w[ri + j] = w[ri + j]! - vi * p[j]! - pi * w[rk + j]!;
    }
  }
  if (m >= 2) {
    d[m - 2] = w[(m - 2) * m + m - 2]!;
    e[m - 2] = w[(m - 1) * m + m - 2]!;
  }
  if (m >= 1) d[m - 1] = w[(m - 1) * m + m - 1]!;
  // Q = H_0 H_1 ⋯ H_{m−3}, accumulated backwards on the trailing block.
  const q = new Float64Array(m * m);
  for (let i = 0; i < m; i++) q[i * m + i] = 1;
  const r = new Float64Array(m);
  for (let k = m - 3; k >= 0; k--) {
    const beta = betas[k]!;
    if (beta === 0) continue;
    const rk = k * m;
    r.fill(0, k + 1);
    // r = vᵀ Q₂₂ and Q₂₂ −= β v r, two rows at a time (half the passes over r).
    let i = k + 1;
    for (; i + 1 < m; i += 2) {
      const v0 = w[rk + i]!;
      const v1 = w[rk + i + 1]!;
      const r0 = i * m;
      const r1 = r0 + m;
      for (let j = k + 1; j < m; j++) r[j] = r[j]! + v0 * q[r0 + j]! + v1 * q[r1 + j]!;
    }
    if (i < m) {
      const v0 = w[rk + i]!;
      for (let j = k + 1; j < m; j++) r[j] = r[j]! + v0 * q[i * m + j]!;
    }
    for (i = k + 1; i < m; i++) {
      const bv = beta * w[rk + i]!;
      const ri = i * m;
      for (let j = k + 1; j < m; j++) q[ri + j] = q[ri + j]! - bv * r[j]!;
    }
  }
  return { d, e, q };
}

/**
 * Factors the symmetric positive definite tridiagonal T + λI (diagonal d + λ, off-diagonal e) as
 * L D Lᵀ: returns [piv, l] with D = diag(piv), L unit lower bidiagonal with sub-diagonal l.
 * RangeError when a pivot is not positive.
 */
function tridiagonalFactor(t: Tridiagonal, lambda: number): { piv: Float64Array; l: Float64Array } {
  const n = t.d.length;
  const piv = new Float64Array(n);
  const l = new Float64Array(Math.max(n - 1, 0));
  for (let j = 0; j < n; j++) {
    let s = t.d[j]! + lambda;
    if (j > 0) {
      l[j - 1] = t.e[j - 1]! / piv[j - 1]!;
      s -= l[j - 1]! * t.e[j - 1]!;
    }
    if (!(s > 0)) throw new RangeError(`T + λI is not positive definite (pivot ${j} is ${s}; λ = ${lambda})`);
    piv[j] = s;
  }
  return { piv, l };
}

/** Solves (T + λI) x = b in place at b[offset .. offset + n) with the factor of `tridiagonalFactor`. */
function tridiagonalSolve(f: { piv: Float64Array; l: Float64Array }, b: Float64Array, offset: number): void {
  const n = f.piv.length;
  for (let j = 1; j < n; j++) b[offset + j] = b[offset + j]! - f.l[j - 1]! * b[offset + j - 1]!;
  for (let j = 0; j < n; j++) b[offset + j] = b[offset + j]! / f.piv[j]!;
  for (let j = n - 2; j >= 0; j--) b[offset + j] = b[offset + j]! - f.l[j]! * b[offset + j + 1]!;
}

// ---------------------------------------------------------------------------------------------
// Design helpers

function checkDesign(x: RidgeDesign): void {
  const s = x.sparse;
  if (!(Number.isInteger(s.n) && s.n >= 0 && Number.isInteger(s.d) && s.d >= 0 && Number.isInteger(x.f) && x.f >= 0))
    throw new RangeError('ridge: bad design shape');
  if (s.offsets.length !== s.n + 1 || s.offsets[0] !== 0 || s.offsets[s.n] !== s.index.length || s.values.length !== s.index.length)
    throw new RangeError('ridge: inconsistent CSR arrays');
  if (x.dense.length !== s.n * x.f) throw new RangeError(`ridge: dense block has ${x.dense.length} entries, expected ${s.n} × ${x.f}`);
  for (let i = 0; i < s.n; i++) if (s.offsets[i + 1]! < s.offsets[i]!) throw new RangeError('ridge: CSR offsets decrease');
  for (let t = 0; t < s.index.length; t++) {
    const j = s.index[t]!;
    if (!(j >= 0 && j < s.d)) throw new RangeError(`ridge: column ${j} outside 0..${s.d - 1}`);
    if (!Number.isFinite(s.values[t]!)) throw new RangeError('ridge: non-finite sparse value');
  }
  for (let t = 0; t < x.dense.length; t++) if (!Number.isFinite(x.dense[t]!)) throw new RangeError('ridge: non-finite dense value');
}

function checkLambda(lambda: number): void {
  if (!(lambda > 0 && Number.isFinite(lambda))) throw new RangeError(`ridge: λ must be finite and > 0, got ${lambda}`);
}

/** Rows (with repetition) and their weights > 0. */
function selectRows(n: number, sel: RowSelection): { rows: Int32Array; w: Float64Array } {
  if (sel === null) return { rows: Int32Array.from({ length: n }, (_, i) => i), w: new Float64Array(n).fill(1) };
  if (sel instanceof Int32Array) {
    for (const r of sel) if (!(r >= 0 && r < n)) throw new RangeError(`ridge: row ${r} outside 0..${n - 1}`);
    return { rows: sel, w: new Float64Array(sel.length).fill(1) };
  }
  if (sel.length !== n) throw new RangeError(`ridge: ${sel.length} weights for ${n} rows`);
  const rows: number[] = [];
  for (let i = 0; i < n; i++) {
    const wi = sel[i]!;
    if (!(wi >= 0 && Number.isFinite(wi))) throw new RangeError(`ridge: weight ${wi} of row ${i} is not finite and ≥ 0`);
    if (wi > 0) rows.push(i);
  }
  return { rows: Int32Array.from(rows), w: Float64Array.from(rows, (i) => sel[i]!) };
}

interface Centre {
  /** Weighted column means: the sparse block (length D) and the dense block (length F). */
  muS: Float64Array;
  muZ: Float64Array;
  yBar: number;
  /** y − ȳ per selected row. */
  yc: Float64Array;
}

function centre(x: RidgeDesign, y: ArrayLike<number>, rows: Int32Array, w: Float64Array): Centre {
  const { offsets, index, values, d } = x.sparse;
  const f = x.f;
  const muS = new Float64Array(d);
  const muZ = new Float64Array(f);
  let sw = 0;
  let sy = 0;
  for (let a = 0; a < rows.length; a++) {
    const i = rows[a]!;
    const wi = w[a]!;
    const yi = y[i]!;
    if (!Number.isFinite(yi)) throw new RangeError(`ridge: non-finite target at row ${i}`);
    sw += wi;
    sy += wi * yi;
    for (let t = offsets[i]!; t < offsets[i + 1]!; t++) muS[index[t]!] = muS[index[t]!]! + wi * values[t]!;
    for (let c = 0; c < f; c++) muZ[c] = muZ[c]! + wi * x.dense[i * f + c]!;
  }
  if (!(sw > 0)) throw new RangeError('ridge: no row with a positive weight');
  for (let j = 0; j < d; j++) muS[j] = muS[j]! / sw;
  for (let c = 0; c < f; c++) muZ[c] = muZ[c]! / sw;
  const yBar = sy / sw;
  const yc = Float64Array.from(rows, (i) => y[i]! - yBar);
  return { muS, muZ, yBar, yc };
}

/**
 * The raw Gram matrix G = X Xᵀ of every row of the design (n × n, row-major): the sparse dot products
 * through a dense scatter of one row (O(nnz · n) in all) plus the dense ones. Computing it once lets
 * every fit and cross-validation over subsets of the rows (the `gram` options) skip that part.
 */
export function ridgeGram(x: RidgeDesign): Float64Array {
  checkDesign(x);
  return rawGram(
    x,
    Int32Array.from({ length: x.sparse.n }, (_, i) => i),
  );
}

function rawGram(x: RidgeDesign, rows: Int32Array): Float64Array {
  const { offsets, index, values, d } = x.sparse;
  const f = x.f;
  const dense = x.dense;
  const m = rows.length;
  const g = new Float64Array(m * m);
  const buf = new Float64Array(d);
  for (let a = 0; a < m; a++) {
    const i = rows[a]!;
    const i0 = offsets[i]!;
    const i1 = offsets[i + 1]!;
    for (let t = i0; t < i1; t++) buf[index[t]!] = values[t]!;
    for (let b = 0; b <= a; b++) {
      const r = rows[b]!;
      let s = 0;
      for (let t = offsets[r]!; t < offsets[r + 1]!; t++) s += values[t]! * buf[index[t]!]!;
      for (let j = 0; j < f; j++) s += dense[i * f + j]! * dense[r * f + j]!;
      g[a * m + b] = s;
      g[b * m + a] = s;
    }
    for (let t = i0; t < i1; t++) buf[index[t]!] = 0;
  }
  return g;
}

/**
 * The centred kernel Kc = Xc Xcᵀ over `rows` (m × m, row-major, unweighted):
 * Kc_ab = G_ab − x_a·μ − x_b·μ + μ·μ with G the raw Gram matrix over the rows (from `gram`, n × n,
 * when given) and x_a·μ = Σ_b w_b G_ab / Σ w, μ·μ = Σ_a w_a x_a·μ / Σ w.
 */
function centredKernel(x: RidgeDesign, rows: Int32Array, w: Float64Array, gram?: Float64Array): Float64Array {
  const n = x.sparse.n;
  const m = rows.length;
  let k: Float64Array;
  if (gram) {
    if (gram.length !== n * n) throw new RangeError(`ridge: the Gram matrix has ${gram.length} entries, expected ${n} × ${n}`);
    k = new Float64Array(m * m);
    for (let a = 0; a < m; a++) {
      const ra = rows[a]! * n;
      for (let b = 0; b < m; b++) k[a * m + b] = gram[ra + rows[b]!]!;
    }
  } else k = rawGram(x, rows);
  let sw = 0;
  for (let a = 0; a < m; a++) sw += w[a]!;
  const g = new Float64Array(m);
  let mu2 = 0;
  for (let a = 0; a < m; a++) {
    let s = 0;
    for (let b = 0; b < m; b++) s += w[b]! * k[a * m + b]!;
    g[a] = s / sw;
    mu2 += w[a]! * g[a]!;
  }
  mu2 /= sw;
  for (let a = 0; a < m; a++) for (let b = 0; b < m; b++) k[a * m + b] = k[a * m + b]! - g[a]! - g[b]! + mu2;
  return k;
}

/** β = Σ_a coef_a (x_a − μ) over the selected rows, and the intercept ȳ − μ·β. */
function fromDual(x: RidgeDesign, rows: Int32Array, coef: Float64Array, c: Centre, lambda: number): RidgeFit {
  const { offsets, index, values, d } = x.sparse;
  const f = x.f;
  const beta = new Float64Array(d + f);
  let sum = 0;
  for (let a = 0; a < rows.length; a++) {
    const i = rows[a]!;
    const ca = coef[a]!;
    sum += ca;
    for (let t = offsets[i]!; t < offsets[i + 1]!; t++) beta[index[t]!] = beta[index[t]!]! + ca * values[t]!;
    for (let j = 0; j < f; j++) beta[d + j] = beta[d + j]! + ca * x.dense[i * f + j]!;
  }
  for (let j = 0; j < d; j++) beta[j] = beta[j]! - sum * c.muS[j]!;
  for (let j = 0; j < f; j++) beta[d + j] = beta[d + j]! - sum * c.muZ[j]!;
  return { intercept: interceptOf(beta, c, d, f), beta, lambda, method: 'dual' };
}

function interceptOf(beta: Float64Array, c: Centre, d: number, f: number): number {
  let b = c.yBar;
  for (let j = 0; j < d; j++) b -= c.muS[j]! * beta[j]!;
  for (let j = 0; j < f; j++) b -= c.muZ[j]! * beta[d + j]!;
  return b;
}

// ---------------------------------------------------------------------------------------------
// Fitting and prediction

/**
 * The weighted ridge fit (see the top of the file) of `y` on `x` over the selected rows at penalty
 * `lambda` > 0; the intercept is not penalised. Dual (m × m kernel, m = selected rows) when m < D + F,
 * else primal ((D + F)² normal equations); both by Cholesky. Cost: dual O(nnz·m + m·(D + F) + m³),
 * primal O(m·(D + F)² + (D + F)³).
 */
export function fitRidge(
  x: RidgeDesign,
  y: ArrayLike<number>,
  rowsOrWeights: RowSelection,
  lambda: number,
  options: RidgeOptions = {},
): RidgeFit {
  checkDesign(x);
  checkLambda(lambda);
  if (y.length !== x.sparse.n) throw new RangeError(`ridge: ${y.length} targets for ${x.sparse.n} rows`);
  const { rows, w } = selectRows(x.sparse.n, rowsOrWeights);
  const c = centre(x, y, rows, w);
  const d = x.sparse.d;
  const f = x.f;
  const p = d + f;
  const m = rows.length;
  const method = options.method ?? 'auto';
  if (method === 'dual' || (method === 'auto' && m < p)) {
    const k = centredKernel(x, rows, w, options.gram);
    const sw = Float64Array.from(w, Math.sqrt);
    for (let a = 0; a < m; a++) {
      for (let b = 0; b < m; b++) k[a * m + b] = k[a * m + b]! * sw[a]! * sw[b]!;
      k[a * m + a] = k[a * m + a]! + lambda;
    }
    const alpha = Float64Array.from(c.yc, (v, a) => v * sw[a]!);
    choleskyInPlace(k, m);
    choleskySolveInPlace(k, m, alpha);
    for (let a = 0; a < m; a++) alpha[a] = alpha[a]! * sw[a]!;
    return fromDual(x, rows, alpha, c, lambda);
  }
  // Primal: accumulate Xcᵀ W Xc (lower triangle) and Xcᵀ W yc from one dense centred row at a time.
  const { offsets, index, values } = x.sparse;
  const a = new Float64Array(p * p);
  const rhs = new Float64Array(p);
  const row = new Float64Array(p);
  for (let r = 0; r < m; r++) {
    const i = rows[r]!;
    for (let j = 0; j < d; j++) row[j] = -c.muS[j]!;
    for (let t = offsets[i]!; t < offsets[i + 1]!; t++) row[index[t]!] = row[index[t]!]! + values[t]!;
    for (let j = 0; j < f; j++) row[d + j] = x.dense[i * f + j]! - c.muZ[j]!;
    const wr = w[r]!;
    const wy = wr * c.yc[r]!;
    for (let u = 0; u < p; u++) {
      const wu = wr * row[u]!;
      rhs[u] = rhs[u]! + wy * row[u]!;
      const ru = u * p;
      for (let v = 0; v <= u; v++) a[ru + v] = a[ru + v]! + wu * row[v]!;
    }
  }
  for (let u = 0; u < p; u++) a[u * p + u] = a[u * p + u]! + lambda;
  choleskyInPlace(a, p);
  choleskySolveInPlace(a, p, rhs);
  return { intercept: interceptOf(rhs, c, d, f), beta: rhs, lambda, method: 'primal' };
}

/** Unit-space predictions intercept + x_i·β for `rows` (default every row), in that order. */
export function predictRidge(model: RidgeFit, x: RidgeDesign, rows?: ArrayLike<number>): Float64Array {
  const { offsets, index, values, d, n } = x.sparse;
  const f = x.f;
  if (model.beta.length !== d + f) throw new RangeError(`predictRidge: model has ${model.beta.length} weights, design ${d} + ${f} columns`);
  const count = rows ? rows.length : n;
  const out = new Float64Array(count);
  for (let a = 0; a < count; a++) {
    const i = rows ? rows[a]! : a;
    if (!(i >= 0 && i < n)) throw new RangeError(`predictRidge: row ${i} outside 0..${n - 1}`);
    let u = model.intercept;
    for (let t = offsets[i]!; t < offsets[i + 1]!; t++) u += model.beta[index[t]!]! * values[t]!;
    for (let j = 0; j < f; j++) u += model.beta[d + j]! * x.dense[i * f + j]!;
    out[a] = u;
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Cross-validation over a λ grid

export interface RidgeCvPoint {
  lambda: number;
  /** Mean squared error of the out-of-fold predictions over the training rows. */
  mse: number;
  /** mse / population variance of y over the training rows; null when y is constant there. */
  nmse: number | null;
  /** Lin's CCC of the out-of-fold predictions against y (pairwise.ts `ccc`); null when degenerate. */
  ccc: number | null;
  /** The selection loss `loss.ccc · (1 − ccc) + loss.nmse · nmse` (ccc null → 0; mse when nmse is null). */
  loss: number;
  /** Out-of-fold unit-space prediction per training row (parallel to `trainRows`). */
  oof: Float64Array;
}

export interface RidgeCvResult {
  points: RidgeCvPoint[];
  /** Index into `points` of the smallest loss (ties → the larger λ). */
  best: number;
  lambda: number;
  /** fitRidge over every training row at the chosen λ (from the same decomposition). */
  model: RidgeFit;
}

export interface RidgeCvOptions {
  /** Weights a, b of the loss a·(1 − CCC) + b·NMSE that picks λ; default { ccc: 0, nmse: 1 } (least squares). */
  loss?: { ccc: number; nmse: number };
  /** `ridgeGram(x)`, to share the sparse dot products between the folds of a nested cross-validation. */
  gram?: Float64Array;
}

/**
 * K-fold cross-validation of the unit-weight ridge fit over `trainRows` (distinct), for every λ of
 * `lambdas`: `folds[a]` is the inner fold of `trainRows[a]` (e.g. `assignFolds(trainRows.length, 5,
 * seed)`); at least two folds must be non-empty. Each out-of-fold prediction equals that of `fitRidge`
 * refitted (with its own centring and intercept) on the other folds' rows, without a refit:
 * - with Kc the centred kernel over the m training rows and A = (Kc + λI)⁻¹, the hat matrix of the
 *   fit with intercept is H = 11ᵀ/m + Kc A, and the residuals of fold v's rows when v is left out
 *   are (I − H)_vv⁻¹ ((I − H) y)_v (the block form of the leave-one-out identity, exact for a
 *   penalised least-squares fit whose penalty does not depend on the data);
 * - Kc 1 = 0, so I − H = λ A⊥ with A⊥ = A restricted to 1⊥: the residuals are (A⊥)_vv⁻¹ (A⊥ yc)_v.
 *   A Householder reflection G taking 1/√m to −e₀ removes that direction exactly (G Kc G has a zero
 *   first row and column), the remaining (m − 1)² block is reduced once to Q T Qᵀ (`tridiagonalize`),
 *   and A⊥ = Q̂ (T + λI)⁻¹ Q̂ᵀ with Q̂ = G [0; Q] (m × (m − 1), orthonormal columns spanning 1⊥).
 * Cost: O(nnz·m + m³) once, then per λ O(m³ / folds) for the fold blocks; the model at the chosen λ
 * (α = A⊥ yc) then costs O(m² + nnz + D).
 */
export function ridgeCvPath(
  x: RidgeDesign,
  y: ArrayLike<number>,
  trainRows: Int32Array,
  folds: Uint8Array,
  lambdas: readonly number[],
  options: RidgeCvOptions = {},
): RidgeCvResult {
  checkDesign(x);
  if (y.length !== x.sparse.n) throw new RangeError(`ridge: ${y.length} targets for ${x.sparse.n} rows`);
  if (lambdas.length === 0) throw new RangeError('ridgeCvPath: no λ');
  lambdas.forEach(checkLambda);
  const m = trainRows.length;
  if (folds.length !== m) throw new RangeError(`ridgeCvPath: ${folds.length} fold numbers for ${m} training rows`);
  const { rows, w } = selectRows(x.sparse.n, trainRows);
  if (new Set(trainRows).size !== m) throw new RangeError('ridgeCvPath: a training row is listed twice');
  const lossW = options.loss ?? { ccc: 0, nmse: 1 };

  const members = new Map<number, number[]>();
  for (let a = 0; a < m; a++) {
    const list = members.get(folds[a]!);
    if (list) list.push(a);
    else members.set(folds[a]!, [a]);
  }
  if (members.size < 2) throw new RangeError('ridgeCvPath: at least two non-empty folds are needed');

  const c = centre(x, y, rows, w);
  const qh = deflatedBasis(centredKernel(x, rows, w, options.gram), m);
  const m1 = m - 1;
  const { q: basis, t } = qh;
  // q̂ = Q̂ᵀ yc.
  const qy = new Float64Array(m1);
  for (let a = 0; a < m; a++) {
    const ya = c.yc[a]!;
    const ra = a * m1;
    for (let j = 0; j < m1; j++) qy[j] = qy[j]! + ya * basis[ra + j]!;
  }
  const blocks = [...members.values()].map((list) => {
    const u = new Float64Array(list.length * m1);
    list.forEach((a, r) => u.set(basis.subarray(a * m1, a * m1 + m1), r * m1));
    return { list, u, zv: new Float64Array(u.length) };
  });
  const yTrain = Float64Array.from(rows, (i) => y[i]!);
  const z = new Float64Array(m1);

  const points = lambdas.map((lambda): RidgeCvPoint => {
    const factor = tridiagonalFactor(t, lambda);
    z.set(qy);
    tridiagonalSolve(factor, z, 0);
    const oof = new Float64Array(m);
    for (const { list, u, zv } of blocks) {
      const nv = list.length;
      // Z = (T + λI)⁻¹ Q̂_vᵀ (one row per fold row), B = Q̂_v Z ᵀ = (A⊥)_vv, rhs = Q̂_v z = (A⊥ yc)_v.
      zv.set(u);
      for (let r = 0; r < nv; r++) tridiagonalSolve(factor, zv, r * m1);
      const bv = new Float64Array(nv * nv);
      const rhs = new Float64Array(nv);
      for (let r = 0; r < nv; r++) {
        const ur = r * m1;
        let s0 = 0;
        for (let j = 0; j < m1; j++) s0 += u[ur + j]! * z[j]!;
        rhs[r] = s0;
      }
      // Lower triangle of B in 2 × 2 tiles (half the loads of one dot product at a time).
      for (let r = 0; r < nv; r += 2) {
        const r1 = Math.min(r + 1, nv - 1);
        const u0 = r * m1;
        const u1 = r1 * m1;
        for (let s = 0; s <= r1; s += 2) {
          const s1 = Math.min(s + 1, nv - 1);
          const z0 = s * m1;
          const z1 = s1 * m1;
          let h00 = 0;
          let h01 = 0;
          let h10 = 0;
          let h11 = 0;
          for (let j = 0; j < m1; j++) {
            const a0 = u[u0 + j]!;
            const a1 = u[u1 + j]!;
            const b0 = zv[z0 + j]!;
            const b1 = zv[z1 + j]!;
            h00 += a0 * b0;
            h01 += a0 * b1;
            h10 += a1 * b0;
            h11 += a1 * b1;
          }
          bv[r * nv + s] = h00;
          bv[r * nv + s1] = h01;
          bv[r1 * nv + s] = h10;
          bv[r1 * nv + s1] = h11;
        }
      }
      choleskyInPlace(bv, nv);
      choleskySolveInPlace(bv, nv, rhs);
      list.forEach((a, r) => (oof[a] = yTrain[a]! - rhs[r]!));
    }
    let sse = 0;
    for (let a = 0; a < m; a++) sse += (oof[a]! - yTrain[a]!) ** 2;
    const mse = sse / m;
    const nmse = nmseOf(oof, yTrain);
    const ccc = cccOf(oof, yTrain);
    const loss = nmse === null ? mse : lossW.ccc * (1 - (ccc ?? 0)) + lossW.nmse * nmse;
    return { lambda, mse, nmse, ccc, loss, oof };
  });

  let best = 0;
  for (let i = 1; i < points.length; i++) {
    const pi = points[i]!;
    const pb = points[best]!;
    if (pi.loss < pb.loss || (pi.loss === pb.loss && pi.lambda > pb.lambda)) best = i;
  }
  const lambda = points[best]!.lambda;
  // α = A⊥ yc = Q̂ (T + λI)⁻¹ q̂.
  z.set(qy);
  tridiagonalSolve(tridiagonalFactor(t, lambda), z, 0);
  const alpha = new Float64Array(m);
  for (let a = 0; a < m; a++) {
    let s = 0;
    const ra = a * m1;
    for (let j = 0; j < m1; j++) s += basis[ra + j]! * z[j]!;
    alpha[a] = s;
  }
  return { points, best, lambda, model: fromDual(x, rows, alpha, c, lambda) };
}

/**
 * For the centred kernel kc (m × m, kc·1 = 0 up to round-off; m ≥ 2): the reflection G = I − β u uᵀ,
 * u = 1/√m + e₀, maps 1/√m to −e₀; the trailing (m − 1)² block of G kc G is reduced to Q T Qᵀ and
 * q = G[:, 1:] Q (m × (m − 1), row-major): then kc = q T qᵀ with 1ᵀq = 0 exactly in exact arithmetic.
 */
function deflatedBasis(kc: Float64Array, m: number): { q: Float64Array; t: Tridiagonal } {
  const m1 = m - 1;
  const u = new Float64Array(m).fill(1 / Math.sqrt(m));
  u[0] = u[0]! + 1;
  let uu = 0;
  for (let i = 0; i < m; i++) uu += u[i]! * u[i]!;
  const beta = 2 / uu;
  // G K G = K − β u tᵀ − β t uᵀ + β² s u uᵀ with t = K u, s = uᵀ K u.
  const tv = new Float64Array(m);
  let s = 0;
  for (let i = 0; i < m; i++) {
    let h = 0;
    for (let j = 0; j < m; j++) h += kc[i * m + j]! * u[j]!;
    tv[i] = h;
    s += u[i]! * h;
  }
  const k1 = new Float64Array(m1 * m1);
  for (let i = 1; i < m; i++) {
    for (let j = 1; j < m; j++) {
      k1[(i - 1) * m1 + (j - 1)] = kc[i * m + j]! - beta * (u[i]! * tv[j]! + tv[i]! * u[j]!) + beta * beta * s * u[i]! * u[j]!;
    }
  }
  const t = tridiagonalize(k1, m1);
  // q = G[:, 1:] Q: q_aj = [a ≥ 1] Q_{a−1, j} − β u_a Σ_{i ≥ 1} u_i Q_{i−1, j}.
  const cu = new Float64Array(m1);
  for (let i = 1; i < m; i++) {
    const ri = (i - 1) * m1;
    for (let j = 0; j < m1; j++) cu[j] = cu[j]! + u[i]! * t.q[ri + j]!;
  }
  const q = new Float64Array(m * m1);
  for (let a = 0; a < m; a++) {
    const bu = beta * u[a]!;
    const ra = a * m1;
    for (let j = 0; j < m1; j++) q[ra + j] = (a >= 1 ? t.q[ra - m1 + j]! : 0) - bu * cu[j]!;
  }
  return { q, t };
}
