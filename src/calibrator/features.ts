// Calibrator input features of one prompt version (docs/ARCHITECTURE.md §9.1): per example, its rollout scores mapped
// to [0, 1] by the scale and sorted, as K order statistics ('sorted') or as fixed quantiles ('compact'),
// followed by mean, population std, min and max; plus the train-split standardisation and the target's
// mapping to and from [0, 1]. Pure, no DOM; runs in the training worker over ~100k examples.
import type { PromptRollouts } from '../domain/analysisInput.ts';
import { quantileSorted } from '../domain/metrics/quantile.ts';
import type { Scale } from '../domain/types.ts';

export type FeatureSetId = 'sorted' | 'compact';

/** Quantile levels of the compact set (numpy 'linear' / type 7). */
export const COMPACT_QUANTILES: readonly number[] = Object.freeze([0.1, 0.25, 0.5, 0.75, 0.9]);

/** Columns after the order statistics / quantiles, in this order. */
const STAT_NAMES = ['mean', 'std', 'min', 'max'] as const;

export interface FeatureSpec {
  set: FeatureSetId;
  /** Rollouts per example for 'sorted'; recorded but unused for 'compact'. */
  k: number;
}

export function featureCount(spec: FeatureSpec): number {
  return (spec.set === 'sorted' ? spec.k : COMPACT_QUANTILES.length) + STAT_NAMES.length;
}

/** Column names: `s1..sK` or `q10..q90`, then mean, std, min, max. */
export function featureNames(spec: FeatureSpec): string[] {
  const head =
    spec.set === 'sorted' ? Array.from({ length: spec.k }, (_, i) => `s${i + 1}`) : COMPACT_QUANTILES.map((q) => `q${Math.round(q * 100)}`);
  return [...head, ...STAT_NAMES];
}

/** The most common rollout count among examples with ≥ 1 rollout of this prompt (ties → larger); null if none has any. */
export function defaultK(p: PromptRollouts, n: number): number | null {
  const freq = new Map<number, number>();
  for (let e = 0; e < n; e++) {
    const c = p.offsets[e + 1]! - p.offsets[e]!;
    if (c > 0) freq.set(c, (freq.get(c) ?? 0) + 1);
  }
  let best: number | null = null;
  let bestFreq = 0;
  for (const [c, f] of freq) {
    if (f > bestFreq || (f === bestFreq && c > best!)) {
      best = c;
      bestFreq = f;
    }
  }
  return best;
}

export interface FeatureMatrix {
  spec: FeatureSpec;
  f: number;
  /** Example index of each row, ascending. */
  rows: Int32Array;
  /** rows.length × f, row-major, raw (unstandardised) features. */
  x: Float64Array;
  /** Examples with rollouts but fewer than K (sorted set only). */
  tooFewRollouts: number;
  /** Examples with no rollout of this prompt. */
  noRollouts: number;
}

/** Up to this length insertion sort beats the native typed-array sort (≈ 30 % faster at K = 20 in V8). */
const INSERTION_MAX = 32;

/** Sorts v[0..len) ascending in place; the values are finite, so `>` orders them as `sort()` would. */
function insertionSort(v: Float64Array, len: number): void {
  for (let i = 1; i < len; i++) {
    const x = v[i]!;
    let j = i - 1;
    while (j >= 0 && v[j]! > x) {
      v[j + 1] = v[j]!;
      j--;
    }
    v[j + 1] = x;
  }
}

function checkScale(scale: Scale): void {
  if (!(Number.isFinite(scale.min) && Number.isFinite(scale.max) && scale.max > scale.min)) {
    throw new RangeError(`scale must have finite min < max, got ${scale.min}..${scale.max}`);
  }
}

/**
 * Features of every example that qualifies (≥ K rollouts for 'sorted', ≥ 1 for 'compact'). 'sorted'
 * uses the first K rollouts in file order. Scores are assumed finite (the importer rejects others).
 * RangeError for a scale without min < max, a non-integer K < 1 (sorted) or offsets shorter than n + 1.
 */
export function buildFeatures(p: PromptRollouts, n: number, scale: Scale, spec: FeatureSpec): FeatureMatrix {
  checkScale(scale);
  const sorted = spec.set === 'sorted';
  const k = spec.k;
  if (sorted && !(Number.isInteger(k) && k >= 1)) throw new RangeError(`K must be an integer ≥ 1, got ${k}`);
  const { offsets, scores } = p;
  if (offsets.length < n + 1) throw new RangeError(`offsets has ${offsets.length} entries, expected n + 1 = ${n + 1}`);

  // Counting pass over the offsets only: exact output sizes and the largest scratch buffer needed.
  let count = 0;
  let noRollouts = 0;
  let tooFewRollouts = 0;
  let maxLen = 0;
  for (let e = 0; e < n; e++) {
    const c = offsets[e + 1]! - offsets[e]!;
    if (c === 0) noRollouts++;
    else if (sorted && c < k) tooFewRollouts++;
    else {
      count++;
      if (c > maxLen) maxLen = c;
    }
  }
  const f = featureCount(spec);
  const nq = COMPACT_QUANTILES.length;
  const rows = new Int32Array(count);
  const x = new Float64Array(count * f);
  const scratch = new Float64Array(sorted ? k : maxLen);
  // One view of the scratch buffer per distinct length, made once: sort and quantileSorted need an
  // array of the example's length, and a fresh subarray per example would be an allocation each.
  const views: Float64Array[] = [];
  const viewOf = (len: number): Float64Array => (views[len] ??= scratch.subarray(0, len));
  const min = scale.min;
  const span = scale.max - scale.min;

  let r = 0;
  for (let e = 0; e < n; e++) {
    const start = offsets[e]!;
    const c = offsets[e + 1]! - start;
    if (c === 0 || (sorted && c < k)) continue;
    const len = sorted ? k : c;
    const v = viewOf(len);
    for (let i = 0; i < len; i++) v[i] = (scores[start + i]! - min) / span;
    if (len <= INSERTION_MAX) insertionSort(v, len);
    else v.sort();
    const o = r * f;
    let head: number;
    if (sorted) {
      x.set(v, o);
      head = k;
    } else {
      for (let j = 0; j < nq; j++) x[o + j] = quantileSorted(v, COMPACT_QUANTILES[j]!)!;
      head = nq;
    }
    // Sums the sorted values, so the result does not depend on the rollouts' file order; two-pass population std.
    let sum = 0;
    for (let i = 0; i < len; i++) sum += v[i]!;
    const mean = sum / len;
    let sq = 0;
    for (let i = 0; i < len; i++) {
      const d = v[i]! - mean;
      sq += d * d;
    }
    x[o + head] = mean;
    x[o + head + 1] = Math.sqrt(sq / len);
    x[o + head + 2] = v[0]!;
    x[o + head + 3] = v[len - 1]!;
    rows[r++] = e;
  }
  return { spec: { set: spec.set, k: spec.k }, f, rows, x, tooFewRollouts, noRollouts };
}

/** Per-column standardisation; a near-constant column (sd < 1e-12) carries sd = 1, so it maps to 0 rather than blowing up. */
export interface FeatureStats {
  mean: Float64Array;
  sd: Float64Array;
}

const MIN_SD = 1e-12;

/**
 * Column stats over the rows whose positions (indices into the matrix rows, not example ids) are given:
 * mean and two-pass population sd, with sd < 1e-12 stored as 1. RangeError for no positions or one
 * outside 0..rows.length − 1.
 */
export function featureStats(m: FeatureMatrix, rowPositions: ArrayLike<number>): FeatureStats {
  const { f, x } = m;
  const nRows = m.rows.length;
  const count = rowPositions.length;
  if (count === 0) throw new RangeError('feature stats need at least one row');
  for (let i = 0; i < count; i++) {
    const r = rowPositions[i]!;
    if (!(Number.isInteger(r) && r >= 0 && r < nRows)) throw new RangeError(`row position ${r} outside 0..${nRows - 1}`);
  }
  const mean = new Float64Array(f);
  const sd = new Float64Array(f);
  for (let i = 0; i < count; i++) {
    const o = rowPositions[i]! * f;
    for (let j = 0; j < f; j++) mean[j]! += x[o + j]!;
  }
  for (let j = 0; j < f; j++) mean[j]! /= count;
  for (let i = 0; i < count; i++) {
    const o = rowPositions[i]! * f;
    for (let j = 0; j < f; j++) {
      const d = x[o + j]! - mean[j]!;
      sd[j]! += d * d;
    }
  }
  for (let j = 0; j < f; j++) {
    const s = Math.sqrt(sd[j]! / count);
    sd[j] = s < MIN_SD ? 1 : s;
  }
  return { mean, sd };
}

/** (x − mean) / sd for every cell, as a new array; RangeError when the stats have another column count. */
export function standardise(m: FeatureMatrix, stats: FeatureStats): Float64Array {
  const { f, x } = m;
  if (stats.mean.length !== f || stats.sd.length !== f) {
    throw new RangeError(`stats have ${stats.mean.length}/${stats.sd.length} columns, matrix has ${f}`);
  }
  const out = new Float64Array(x.length);
  for (let o = 0; o < x.length; o += f) {
    for (let j = 0; j < f; j++) out[o + j] = (x[o + j]! - stats.mean[j]!) / stats.sd[j]!;
  }
  return out;
}

/** A value on the scale mapped to [0, 1]: (v − min) / (max − min); not clipped. */
export function toUnit(v: number, scale: Scale): number {
  return (v - scale.min) / (scale.max - scale.min);
}

/** A [0, 1]-space prediction back on the scale, clipped to [min, max] (the MLP output is unbounded); NaN stays NaN. */
export function fromUnit(u: number, scale: Scale): number {
  const v = u * (scale.max - scale.min) + scale.min;
  return v < scale.min ? scale.min : v > scale.max ? scale.max : v;
}
