// Rank statistics: average ranks (for Spearman) and Kendall pair counts in O(n log n) (Knight 1966).
// Pure; values are assumed finite and the arrays equally long (pairwise.ts checks both).

/** Indices 0..n−1 ordered by `values` ascending (ties in index order). */
function order(values: ArrayLike<number>): Uint32Array {
  const idx = new Uint32Array(values.length);
  for (let i = 0; i < idx.length; i++) idx[i] = i;
  return idx.sort((a, b) => values[a]! - values[b]! || a - b);
}

/**
 * 1-based ranks with ties given the average of the ranks they span, as `scipy.stats.rankdata(x)`
 * (method 'average'); e.g. [10, 20, 20, 5] → [2, 3.5, 3.5, 1]. Equality is exact (−0 equals 0).
 */
export function averageRanks(values: ArrayLike<number>): Float64Array {
  const n = values.length;
  const idx = order(values);
  const ranks = new Float64Array(n);
  for (let start = 0; start < n;) {
    const v = values[idx[start]!]!;
    let end = start + 1;
    while (end < n && values[idx[end]!] === v) end++;
    // Positions start..end−1 hold ranks start+1..end; their average:
    const rank = (start + 1 + end) / 2;
    for (let k = start; k < end; k++) ranks[idx[k]!] = rank;
    start = end;
  }
  return ranks;
}

/** Pair counts behind Kendall's τ (all exact integers, held in doubles: n(n−1)/2 exceeds 2³¹ at n ≈ 65k). */
export interface KendallCounts {
  /** n(n−1)/2. */
  pairs: number;
  /** Pairs tied in x (whether or not also tied in y). */
  tiedX: number;
  /** Pairs tied in y (whether or not also tied in x). */
  tiedY: number;
  /** Pairs tied in both. */
  tiedBoth: number;
  /** Pairs ordered the same way by x and y, neither tied. */
  concordant: number;
  /** Pairs ordered opposite ways, neither tied. */
  discordant: number;
}

const tiedPairs = (run: number): number => (run * (run - 1)) / 2;

/**
 * Kendall pair counts by Knight's algorithm: sort by (x, y), count x ties and joint ties on the runs,
 * then merge-sort by y counting the exchanges, which are the discordant pairs; y ties are runs of the
 * result. O(n log n) time, O(n) extra memory.
 */
export function kendallCounts(x: ArrayLike<number>, y: ArrayLike<number>): KendallCounts {
  const n = x.length;
  const idx = new Uint32Array(n);
  for (let i = 0; i < n; i++) idx[i] = i;
  idx.sort((a, b) => x[a]! - x[b]! || y[a]! - y[b]!);

  let tiedX = 0;
  let tiedBoth = 0;
  let runX = 1;
  let runXY = 1;
  for (let k = 1; k <= n; k++) {
    const sameX = k < n && x[idx[k]!] === x[idx[k - 1]!];
    const sameXY = sameX && y[idx[k]!] === y[idx[k - 1]!];
    if (sameX) runX++;
    else {
      tiedX += tiedPairs(runX);
      runX = 1;
    }
    if (sameXY) runXY++;
    else {
      tiedBoth += tiedPairs(runXY);
      runXY = 1;
    }
  }

  // Bottom-up merge sort of y in (x, y) order; every element taken from the right run while the left
  // run still has m elements greater than it is m discordant pairs (ties are taken from the left: no swap).
  let src = new Float64Array(n);
  for (let k = 0; k < n; k++) src[k] = y[idx[k]!]!;
  let dst = new Float64Array(n);
  let discordant = 0;
  for (let width = 1; width < n; width *= 2) {
    for (let lo = 0; lo < n; lo += 2 * width) {
      const mid = Math.min(lo + width, n);
      const hi = Math.min(lo + 2 * width, n);
      let i = lo;
      let j = mid;
      let k = lo;
      while (i < mid && j < hi) {
        if (src[j]! < src[i]!) {
          discordant += mid - i;
          dst[k++] = src[j++]!;
        } else dst[k++] = src[i++]!;
      }
      while (i < mid) dst[k++] = src[i++]!;
      while (j < hi) dst[k++] = src[j++]!;
    }
    [src, dst] = [dst, src];
  }

  let tiedY = 0;
  let runY = 1;
  for (let k = 1; k <= n; k++) {
    if (k < n && src[k] === src[k - 1]) runY++;
    else {
      tiedY += tiedPairs(runY);
      runY = 1;
    }
  }

  const pairs = tiedPairs(n);
  const concordant = pairs - tiedX - tiedY + tiedBoth - discordant;
  return { pairs, tiedX, tiedY, tiedBoth, concordant, discordant };
}
