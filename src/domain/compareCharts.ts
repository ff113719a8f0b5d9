// The numbers behind the Compare screen's charts (docs/ARCHITECTURE.md §8.6, §11.4): which version is closer to
// the target per example, Bland–Altman bias and limits of agreement, the per-example Δ|error| sorted, and the
// binned bootstrap distribution of ΔCCC. Pure TS; no React or DOM. Arrays are aligned with the compared examples.
import { histogram, widenRange, type HistogramBins, type Range } from './binning.ts';
import type { Interval } from './metrics/bootstrap.ts';

/**
 * |Δ|error|| at or below this counts as a tie: scores like 3.1 and 2.9 around a target of 3 are equally far
 * from it, though float subtraction makes them differ in the 16th digit.
 */
export const TIE_TOLERANCE = 1e-9;

/** Category per example of "which version is closer to the target". */
export const CLOSER_B = 0;
export const CLOSER_A = 1;
export const CLOSER_TIE = 2;
/** An example with a non-finite target or prediction: in no category. */
export const CLOSER_NONE = 255;

/**
 * Per example, |B − target| − |A − target|: negative where B is closer (B helps), positive where A is (B hurts).
 * NaN where the target or either prediction is not finite.
 */
export function deltaAbsError(target: ArrayLike<number>, a: ArrayLike<number>, b: ArrayLike<number>): Float64Array {
  const n = Math.min(target.length, a.length, b.length);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const t = target[i]!;
    const av = a[i]!;
    const bv = b[i]!;
    out[i] = Number.isFinite(t) && Number.isFinite(av) && Number.isFinite(bv) ? Math.abs(bv - t) - Math.abs(av - t) : NaN;
  }
  return out;
}

export interface CloserSplit {
  /** Per example: CLOSER_B, CLOSER_A, CLOSER_TIE, or CLOSER_NONE where Δ|error| is NaN. */
  category: Uint8Array;
  /** Examples where B is closer (Δ|error| < −tolerance): where B helps. */
  bCloser: number;
  /** Examples where A is closer (Δ|error| > tolerance): where B hurts. */
  aCloser: number;
  tied: number;
  /** Examples in a category: bCloser + aCloser + tied. */
  n: number;
}

/** Which version is closer to the target per example, from `deltaAbsError`, with the counts of each. */
export function closerSplit(delta: ArrayLike<number>, tolerance = TIE_TOLERANCE): CloserSplit {
  const category = new Uint8Array(delta.length);
  let bCloser = 0;
  let aCloser = 0;
  let tied = 0;
  for (let i = 0; i < delta.length; i++) {
    const d = delta[i]!;
    if (Number.isNaN(d)) category[i] = CLOSER_NONE;
    else if (d < -tolerance) {
      category[i] = CLOSER_B;
      bCloser++;
    } else if (d > tolerance) {
      category[i] = CLOSER_A;
      aCloser++;
    } else {
      category[i] = CLOSER_TIE;
      tied++;
    }
  }
  return { category, bCloser, aCloser, tied, n: bCloser + aCloser + tied };
}

export interface BlandAltman {
  /** Per example (A + B) / 2, NaN where either is not finite. */
  means: Float64Array;
  /** Per example B − A, NaN where either is not finite. */
  diffs: Float64Array;
  /** Examples with both predictions. */
  n: number;
  /** Mean of B − A; null with no example. */
  bias: number | null;
  /** Sample sd (n − 1) of B − A; null for fewer than 2 examples. */
  sd: number | null;
  /** 95% limits of agreement, bias ∓ 1.96 sd; null with `sd`. */
  lower: number | null;
  upper: number | null;
}

/** Bland–Altman statistics of B against A (Bland & Altman 1986): bias and 95% limits of agreement. */
export function blandAltman(a: ArrayLike<number>, b: ArrayLike<number>): BlandAltman {
  const len = Math.min(a.length, b.length);
  const means = new Float64Array(len);
  const diffs = new Float64Array(len);
  let n = 0;
  let sum = 0;
  for (let i = 0; i < len; i++) {
    const av = a[i]!;
    const bv = b[i]!;
    if (Number.isFinite(av) && Number.isFinite(bv)) {
      means[i] = (av + bv) / 2;
      diffs[i] = bv - av;
      n++;
      sum += bv - av;
    } else {
      means[i] = NaN;
      diffs[i] = NaN;
    }
  }
  if (n === 0) return { means, diffs, n, bias: null, sd: null, lower: null, upper: null };
  const bias = sum / n;
  if (n < 2) return { means, diffs, n, bias, sd: null, lower: null, upper: null };
  let ss = 0;
  for (let i = 0; i < len; i++) if (!Number.isNaN(diffs[i]!)) ss += (diffs[i]! - bias) ** 2;
  const sd = Math.sqrt(ss / (n - 1));
  return { means, diffs, n, bias, sd, lower: bias - 1.96 * sd, upper: bias + 1.96 * sd };
}

export interface SortedDeltas {
  /** Δ|error| of the examples that have one, ascending (B's biggest help first, its biggest harm last). */
  deltas: Float64Array;
  /** 1-based rank of each sorted value: the x of the sorted chart. */
  ranks: Float64Array;
  /** Index into the input (the example) of each sorted value. */
  order: Int32Array;
  /** Category (CLOSER_B = B helps, CLOSER_A = B hurts, CLOSER_TIE) of each sorted value. */
  category: Uint8Array;
  helps: number;
  hurts: number;
  ties: number;
}

/** `deltaAbsError` sorted ascending (equal values in input order), NaNs left out, with where each came from. */
export function sortedDeltas(delta: ArrayLike<number>, tolerance = TIE_TOLERANCE): SortedDeltas {
  const kept: number[] = [];
  for (let i = 0; i < delta.length; i++) if (!Number.isNaN(delta[i]!)) kept.push(i);
  const order = Int32Array.from(kept).sort((i, j) => delta[i]! - delta[j]! || i - j);
  const m = order.length;
  const deltas = new Float64Array(m);
  const ranks = new Float64Array(m);
  for (let r = 0; r < m; r++) {
    deltas[r] = delta[order[r]!]!;
    ranks[r] = r + 1;
  }
  const split = closerSplit(deltas, tolerance);
  return { deltas, ranks, order, category: split.category, helps: split.bCloser, hurts: split.aCloser, ties: split.tied };
}

/**
 * A range symmetric about 0 that holds every finite value of `values` and of `extra`, widened by `pad` (a share of
 * the half-width, default 5%) so points on the edge are not cut; [−0.5, 0.5] when everything is 0 or nothing is
 * finite (`widenRange`). For charts of differences, where 0 should sit in the middle.
 */
export function symmetricRange(values: ArrayLike<number>, extra: readonly (number | null)[] = [], pad = 0.05): Range {
  let m = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (Number.isFinite(v)) m = Math.max(m, Math.abs(v));
  }
  for (const v of extra) if (v !== null && Number.isFinite(v)) m = Math.max(m, Math.abs(v));
  m *= 1 + pad;
  return widenRange({ min: -m, max: m });
}

export interface DeltaDistribution {
  bins: HistogramBins;
  /** Finite resamples binned. */
  n: number;
  /** Resamples with Δ ≤ 0. */
  atMostZero: number;
  /** The binned range: the resamples' span stretched to include 0 and the interval's bounds. */
  range: Range;
}

/** Default number of bins of the ΔCCC histogram. */
export const DELTA_BINS = 30;

/**
 * The bootstrap distribution of a paired difference (e.g. ΔCCC per resample) as a histogram over a range that
 * holds the resamples, 0 and the interval's bounds (so all three can be marked on it), with the count at or
 * below 0. Non-finite resamples are left out.
 */
export function deltaDistribution(values: ArrayLike<number>, ci: Interval | null, bins = DELTA_BINS): DeltaDistribution {
  let lo = 0;
  let hi = 0;
  let n = 0;
  let atMostZero = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (!Number.isFinite(v)) continue;
    n++;
    if (v <= 0) atMostZero++;
    lo = Math.min(lo, v);
    hi = Math.max(hi, v);
  }
  if (ci) {
    if (Number.isFinite(ci[0])) lo = Math.min(lo, ci[0]);
    if (Number.isFinite(ci[1])) hi = Math.max(hi, ci[1]);
  }
  const range = widenRange({ min: lo, max: hi });
  return { bins: histogram(values, range, bins), n, atMostZero, range };
}
