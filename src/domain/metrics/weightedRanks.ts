// Spearman's ρ of a bootstrap resample given as counts per example, without materialising the
// resample (docs/ARCHITECTURE.md §8.2): the rank counterpart of moments.ts, used by compare.ts for
// the paired interval of Δρ. Pure; values are assumed finite (callers gather finite pairs).
//
// Why it is exact: in the materialised resample, example i appears c_i times. Sort the distinct
// values once; a tie group g (all examples with one value) then holds W_g = Σ_{i∈g} c_i draws,
// which occupy positions S_g + 1 .. S_g + W_g, S_g being the draws of the smaller values. Every
// draw of the group gets the average of those positions, S_g + (W_g + 1) / 2: the average rank of
// `scipy.stats.rankdata` on the resample, repeated draws of one example being ties like any other.
// So one walk over the sorted order per resample gives every example's rank in O(n), and ρ is the
// Pearson correlation of the two rank vectors weighted by the counts. The weighted mean rank is
// exactly (W + 1) / 2 (W = Σ c_i), so the ranks are centred exactly; centred ranks are multiples
// of 1/2, and every product and partial sum below is a multiple of 1/4 under 2⁵³/4 for
// W ≤ 200,000, so the sums are exact there and only the final division and square root round.

/** The tie structure of one variable, computed once per data set: its sort order cut into runs of equal values. */
export interface TieGroups {
  n: number;
  /** Example indices by value ascending (ties in index order). */
  order: Uint32Array;
  /** Group g holds `order[starts[g] .. starts[g + 1])`; length = groups + 1. */
  starts: Uint32Array;
}

/** Sorts `values` once and finds its tie groups (exact equality, −0 equals 0). O(n log n). */
export function tieGroups(values: ArrayLike<number>): TieGroups {
  const n = values.length;
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  order.sort((a, b) => values[a]! - values[b]! || a - b);
  const starts: number[] = [];
  for (let k = 0; k < n; k++) if (k === 0 || values[order[k]!] !== values[order[k - 1]!]) starts.push(k);
  starts.push(n);
  return { n, order, starts: Uint32Array.from(starts) };
}

/**
 * Average ranks (1-based, as `scipy.stats.rankdata`) of the resample in which example i is drawn
 * `counts[i]` times: `out[i]` is the rank every copy of example i gets. Examples with count 0 get
 * the rank their group would have (it carries no weight). Returns the number of tie groups with
 * at least one draw: under 2 means the resampled variable is constant. O(n), no allocation;
 * `counts` and `out` must have length n (not checked here).
 */
export function weightedAverageRanksInto(groups: TieGroups, counts: ArrayLike<number>, out: Float64Array): number {
  const { order, starts } = groups;
  const last = starts.length - 1;
  let below = 0;
  let occupied = 0;
  for (let g = 0; g < last; g++) {
    const a = starts[g]!;
    const b = starts[g + 1]!;
    let w = 0;
    for (let k = a; k < b; k++) w += counts[order[k]!]!;
    const rank = below + (w + 1) / 2;
    for (let k = a; k < b; k++) out[order[k]!] = rank;
    below += w;
    if (w > 0) occupied++;
  }
  return occupied;
}

/**
 * Pearson's r of two rank vectors from `weightedAverageRanksInto` under the same `counts`, whose
 * sum is `total`: Spearman's ρ of the resample. The caller makes sure neither side is constant
 * (at least 2 occupied groups each), so the denominator is positive. In [−1, 1].
 */
export function weightedRankCorrelation(rx: Float64Array, ry: Float64Array, counts: ArrayLike<number>, total: number): number {
  const centre = (total + 1) / 2;
  const n = rx.length;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    const c = counts[i]!;
    const a = rx[i]! - centre;
    const b = ry[i]! - centre;
    const ca = c * a;
    sxy += ca * b;
    sxx += ca * a;
    syy += c * b * b;
  }
  return Math.min(1, Math.max(-1, sxy / (Math.sqrt(sxx) * Math.sqrt(syy))));
}

/**
 * Spearman's ρ of x against y with example i counted `weights[i]` times (non-negative integers;
 * all ones when omitted): equal to `spearman` of the materialised data. Null when fewer than 2
 * draws or either side is constant among the drawn examples. For one-off use and tests; a
 * bootstrap keeps the `TieGroups` and rank buffers across resamples instead. Unequal lengths or
 * weights that are not counts throw RangeError.
 */
export function weightedSpearman(x: ArrayLike<number>, y: ArrayLike<number>, weights?: ArrayLike<number>): number | null {
  const n = x.length;
  if (y.length !== n) throw new RangeError(`x has ${n} values but y has ${y.length}`);
  if (weights !== undefined && weights.length !== n) throw new RangeError(`weights has ${weights.length} values for ${n} examples`);
  const counts = new Float64Array(n);
  let total = 0;
  for (let i = 0; i < n; i++) {
    const w = weights === undefined ? 1 : weights[i]!;
    if (!(Number.isInteger(w) && w >= 0)) throw new RangeError(`weight at position ${i} is not a count: ${w}`);
    counts[i] = w;
    total += w;
  }
  if (total < 2) return null;
  const rx = new Float64Array(n);
  const ry = new Float64Array(n);
  if (weightedAverageRanksInto(tieGroups(x), counts, rx) < 2) return null;
  if (weightedAverageRanksInto(tieGroups(y), counts, ry) < 2) return null;
  return weightedRankCorrelation(rx, ry, counts, total);
}
