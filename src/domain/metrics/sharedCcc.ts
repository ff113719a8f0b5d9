// CCC of many predictors against one target under the same bootstrap count vector (docs/ARCHITECTURE.md
// §8.2, §15): the hot loop of compare.ts's ranking, where 20 versions × 100k examples × 1000 resamples
// make `momentMetricsInto` (nine sums per predictor, seven metrics) the bottleneck. Here the target's
// sums are taken once per resample and each predictor needs three (Σc·p, Σc·p², Σc·p·t), in a loop
// unrolled by two. Same definitions and degenerate cases as the CCC of `momentMetricsInto` (equal to it
// up to rounding, ~1e-15), including its exact two-pass fallback for resamples that would cancel.
// Pure; values are assumed finite (callers gather finite pairs).
import { powerOfTwoScale, twoPassMoments } from './pairwise.ts';

/** Predictors and a target prepared once: one power-of-two scale for all, each centred on its unweighted mean. */
export interface SharedCccData {
  n: number;
  scale: number;
  /** target·s − mean(target·s). */
  t: Float64Array;
  /** pred·s − mean(pred·s), per predictor. */
  p: Float64Array[];
  /** mean(pred·s) − mean(target·s), per predictor: added back to the mean difference. */
  offset: Float64Array;
  /** The inputs, for the exact fallback. */
  preds: readonly ArrayLike<number>[];
  target: ArrayLike<number>;
  /** Scratch: the counts of the current resample as doubles (the hot loop runs faster on them than on Uint32). */
  weights: Float64Array;
}

/** Prepares `preds` (each as long as `target`, else RangeError) for `sharedCccInto`. */
export function prepareSharedCcc(preds: readonly ArrayLike<number>[], target: ArrayLike<number>): SharedCccData {
  const n = target.length;
  let scale = Infinity;
  for (const pred of preds) {
    if (pred.length !== n) throw new RangeError(`pred has ${pred.length} values but target has ${n}`);
    scale = Math.min(scale, powerOfTwoScale(pred, target));
  }
  if (scale === Infinity) scale = powerOfTwoScale(target, target);
  const centred = (x: ArrayLike<number>): { v: Float64Array; mean: number } => {
    const v = new Float64Array(n);
    let sum = 0;
    for (let i = 0; i < n; i++) sum += v[i] = x[i]! * scale;
    const mean = n > 0 ? sum / n : 0;
    for (let i = 0; i < n; i++) v[i]! -= mean;
    return { v, mean };
  };
  const t = centred(target);
  const ps = preds.map(centred);
  return {
    n,
    scale,
    t: t.v,
    p: ps.map((x) => x.v),
    offset: Float64Array.from(ps, (x) => x.mean - t.mean),
    preds,
    target,
    weights: new Float64Array(n),
  };
}

/** As moments.ts: a one-pass variance keeping less than this share of the raw second moment is recomputed exactly. */
const CANCELLATION_LIMIT = 1e-4;

const sums = new Float64Array(3);

/** Σc·p, Σc·p², Σc·p·t into `sums`; unrolled by two for independent accumulators. */
function accumulate(p: Float64Array, t: Float64Array, c: Float64Array, n: number): void {
  let s0 = 0;
  let q0 = 0;
  let x0 = 0;
  let s1 = 0;
  let q1 = 0;
  let x1 = 0;
  let i = 0;
  for (; i + 1 < n; i += 2) {
    const a = p[i]!;
    const ca = c[i]! * a;
    s0 += ca;
    q0 += ca * a;
    x0 += ca * t[i]!;
    const b = p[i + 1]!;
    const cb = c[i + 1]! * b;
    s1 += cb;
    q1 += cb * b;
    x1 += cb * t[i + 1]!;
  }
  if (i < n) {
    const a = p[i]!;
    const ca = c[i]! * a;
    s0 += ca;
    q0 += ca * a;
    x0 += ca * t[i]!;
  }
  sums[0] = s0 + s1;
  sums[1] = q0 + q1;
  sums[2] = x0 + x1;
}

const clamp1 = (r: number): number => Math.min(1, Math.max(-1, r));

/** The exact CCC of predictor k under `counts` (two passes; `momentMetricsInto`'s slow path). */
function exactCcc(data: SharedCccData, k: number, counts: Uint32Array): number {
  const m = twoPassMoments(data.preds[k]!, data.target, data.scale, counts);
  const diff = m.meanP - m.meanT;
  const den = m.varP + m.varT + diff * diff;
  return den > 0 ? clamp1((2 * m.cov) / den) : Number.NaN;
}

/**
 * Lin's CCC of every predictor against the target with example i counted `counts[i]` times, into
 * `out` (one value per predictor; NaN where undefined: fewer than 2 draws, or both sides constant
 * and equal). O(n) per predictor, no allocation; `counts` must have length n (not checked here).
 */
export function sharedCccInto(data: SharedCccData, counts: Uint32Array, out: Float64Array): void {
  const { n, t, weights } = data;
  let w = 0;
  let sT = 0;
  let sTT = 0;
  for (let i = 0; i < n; i++) {
    const c = (weights[i] = counts[i]!);
    const ct = c * t[i]!;
    w += c;
    sT += ct;
    sTT += ct * t[i]!;
  }
  if (w < 2) {
    out.fill(Number.NaN);
    return;
  }
  const mT = sT / w;
  const rawT = sTT / w;
  const varT = rawT - mT * mT;
  const targetCancels = varT <= CANCELLATION_LIMIT * rawT;
  for (let k = 0; k < data.p.length; k++) {
    accumulate(data.p[k]!, t, weights, n);
    const mP = sums[0]! / w;
    const rawP = sums[1]! / w;
    const varP = rawP - mP * mP;
    if (targetCancels || varP <= CANCELLATION_LIMIT * rawP) {
      out[k] = exactCcc(data, k, counts);
      continue;
    }
    const cov = sums[2]! / w - mP * mT;
    const diff = mP - mT + data.offset[k]!;
    const den = varP + varT + diff * diff;
    const v = den > 0 ? clamp1((2 * cov) / den) : Number.NaN;
    out[k] = Number.isFinite(v) ? v : Number.NaN;
  }
}
