// Moment metrics from weighted sufficient statistics: the bootstrap fast path, where a resample is a vector
// of counts and costs one pass over the data with no allocation. Pure; same definitions as pairwise.ts.
import { powerOfTwoScale, twoPassMoments } from './pairwise.ts';

/** The metrics that depend only on first and second moments (no ranks), so a resample needs one pass. */
export type MomentMetricName = 'ccc' | 'nmse' | 'pearson' | 'mae' | 'rmse' | 'bias' | 'dispersion';

/** Order of the values `momentMetricsInto` writes. */
export const MOMENT_METRICS: readonly MomentMetricName[] = ['ccc', 'nmse', 'pearson', 'mae', 'rmse', 'bias', 'dispersion'];
const SLOT = { ccc: 0, nmse: 1, pearson: 2, mae: 3, rmse: 4, bias: 5, dispersion: 6 } as const satisfies Record<MomentMetricName, number>;

/**
 * Data prepared once for many weightings: scaled by a power of two (exact; see `powerOfTwoScale`) and
 * centred on the unweighted means, so the one-pass sums of a resample cancel little.
 */
export interface MomentData {
  n: number;
  /** False when pred or target holds a non-finite value: every metric is null. */
  finite: boolean;
  scale: number;
  /** pred·s − mean(pred·s), target·s − mean(target·s), (pred − target)·s. */
  p: Float64Array;
  t: Float64Array;
  d: Float64Array;
  /** The inputs, for the exact two-pass fallback. */
  pred: ArrayLike<number>;
  target: ArrayLike<number>;
}

/** Prepares `pred` and `target` (equal lengths, else RangeError) for `momentMetricsInto`. */
export function prepareMoments(pred: ArrayLike<number>, target: ArrayLike<number>): MomentData {
  const n = pred.length;
  if (target.length !== n) throw new RangeError(`pred has ${n} values but target has ${target.length}`);
  let finite = true;
  for (let i = 0; i < n && finite; i++) finite = Number.isFinite(pred[i]) && Number.isFinite(target[i]);
  const scale = finite ? powerOfTwoScale(pred, target) : 1;
  const p = new Float64Array(n);
  const t = new Float64Array(n);
  const d = new Float64Array(n);
  if (finite) {
    let sumP = 0;
    let sumT = 0;
    for (let i = 0; i < n; i++) {
      p[i] = pred[i]! * scale;
      t[i] = target[i]! * scale;
      d[i] = p[i]! - t[i]!;
      sumP += p[i]!;
      sumT += t[i]!;
    }
    const centreP = n > 0 ? sumP / n : 0;
    const centreT = n > 0 ? sumT / n : 0;
    for (let i = 0; i < n; i++) {
      p[i]! -= centreP;
      t[i]! -= centreT;
    }
  }
  return { n, finite, scale, p, t, d, pred, target };
}

/**
 * When a one-pass variance keeps less than this share of the raw second moment around the centre, the
 * resample's mean sits far from the centre relative to its spread and cancellation may have eaten digits
 * (or the resample is constant): recompute that resample with two passes and exact constancy checks.
 * Ordinary resamples keep ≈ 1 − 1/n of it and never take the slow path.
 */
const CANCELLATION_LIMIT = 1e-4;

/** Weighted population moments in scaled units; `constP`/`constT` are exact (all weighted values equal). */
interface Moments {
  w: number;
  varP: number;
  varT: number;
  cov: number;
  mse: number;
  mae: number;
  bias: number;
  constP: boolean;
  constT: boolean;
}
const scratch: Moments = { w: 0, varP: 0, varT: 0, cov: 0, mse: 0, mae: 0, bias: 0, constP: false, constT: false };

/** The exact moments of a resample (`twoPassMoments`, shared with the point metrics); the rare slow path. */
function exactMoments(data: MomentData, weights: Uint32Array, m: Moments): void {
  const exact = twoPassMoments(data.pred, data.target, data.scale, weights);
  m.varP = exact.varP;
  m.varT = exact.varT;
  m.cov = exact.cov;
  m.constP = exact.constP;
  m.constT = exact.constT;
}

const clamp1 = (r: number): number => Math.min(1, Math.max(-1, r));
const finiteOrNaN = (v: number): number => (Number.isFinite(v) ? v : Number.NaN);

/** Weighted sums [w, Σwp, Σwt, Σwp², Σwt², Σwpt, Σwd, Σwd², Σw|d|] of the prepared data. */
const sums = new Float64Array(9);

/** The hot loop alone, so the JIT optimises it without the branches of the caller. Returns Σw. */
function accumulate({ n, p, t, d }: MomentData, weights: Uint32Array, into: Float64Array): number {
  let w = 0;
  let sP = 0;
  let sT = 0;
  let sPP = 0;
  let sTT = 0;
  let sPT = 0;
  let sD = 0;
  let sDD = 0;
  let sA = 0;
  for (let i = 0; i < n; i++) {
    const c = weights[i]!;
    const a = p[i]!;
    const b = t[i]!;
    const e = d[i]!;
    const ca = c * a;
    const cb = c * b;
    const ce = c * e;
    w += c;
    sP += ca;
    sT += cb;
    sPP += ca * a;
    sTT += cb * b;
    sPT += ca * b;
    sD += ce;
    sDD += ce * e;
    sA += Math.abs(ce);
  }
  into[0] = w;
  into[1] = sP;
  into[2] = sT;
  into[3] = sPP;
  into[4] = sTT;
  into[5] = sPT;
  into[6] = sD;
  into[7] = sDD;
  into[8] = sA;
  return w;
}

/**
 * The moment metrics of the data weighted by `weights` (one count per example), written into `out` in
 * `MOMENT_METRICS` order with NaN for null; the same values and degenerate cases as `computeMetrics` on
 * the materialised resample (example i repeated weights[i] times), without materialising it, except that
 * a non-finite value anywhere in the data nulls everything even where its weight is 0. One pass, no
 * allocation; `weights` must have length n (not checked here).
 */
export function momentMetricsInto(data: MomentData, weights: Uint32Array, out: Float64Array): void {
  out.fill(Number.NaN);
  if (!data.finite) return;
  const w = accumulate(data, weights, sums);
  if (w === 0) return;
  const m = scratch;
  m.w = w;
  m.mse = sums[7]! / w;
  m.mae = sums[8]! / w;
  m.bias = sums[6]! / w;
  const mP = sums[1]! / w;
  const mT = sums[2]! / w;
  const rawP = sums[3]! / w;
  const rawT = sums[4]! / w;
  m.varP = rawP - mP * mP;
  m.varT = rawT - mT * mT;
  m.cov = sums[5]! / w - mP * mT;
  m.constP = false;
  m.constT = false;
  if (m.varP <= CANCELLATION_LIMIT * rawP || m.varT <= CANCELLATION_LIMIT * rawT) exactMoments(data, weights, m);

  const s = data.scale;
  out[SLOT.mae] = finiteOrNaN(m.mae / s);
  out[SLOT.rmse] = finiteOrNaN(Math.sqrt(m.mse) / s);
  out[SLOT.bias] = finiteOrNaN(m.bias / s);
  if (w < 2) return;
  const den = m.varP + m.varT + m.bias * m.bias;
  if (den > 0) out[SLOT.ccc] = finiteOrNaN(clamp1((2 * m.cov) / den));
  if (m.constT) return;
  out[SLOT.nmse] = finiteOrNaN(m.mse / m.varT);
  if (!m.constP) out[SLOT.pearson] = finiteOrNaN(clamp1(m.cov / (Math.sqrt(m.varP) * Math.sqrt(m.varT))));
  out[SLOT.dispersion] = finiteOrNaN(Math.sqrt(m.varP) / Math.sqrt(m.varT));
}

/**
 * Moment metrics (see `computeMetrics` for definitions and degenerate cases) of the data weighted by
 * non-negative integer `weights`, e.g. bootstrap counts, or all ones when omitted: equal to
 * `computeMetrics` on the materialised resample. Accumulated in one pass around the unweighted means, with
 * an exact two-pass fallback for resamples where that would cancel. Unequal lengths or weights that are
 * not integers in [0, 2³²) throw RangeError.
 */
export function momentMetrics(
  pred: ArrayLike<number>,
  target: ArrayLike<number>,
  weights?: ArrayLike<number>,
): Record<MomentMetricName, number | null> {
  const data = prepareMoments(pred, target);
  let counts: Uint32Array;
  if (weights === undefined) counts = new Uint32Array(data.n).fill(1);
  else {
    if (weights.length !== data.n) throw new RangeError(`weights has ${weights.length} values for ${data.n} examples`);
    for (let i = 0; i < weights.length; i++) {
      const w = weights[i]!;
      if (!(Number.isInteger(w) && w >= 0 && w < 2 ** 32)) throw new RangeError(`weight at position ${i} is not a count: ${w}`);
    }
    counts = Uint32Array.from(weights);
  }
  const out = new Float64Array(MOMENT_METRICS.length);
  momentMetricsInto(data, counts, out);
  const result = {} as Record<MomentMetricName, number | null>;
  MOMENT_METRICS.forEach((name, k) => (result[name] = Number.isNaN(out[k]) ? null : out[k]!));
  return result;
}
