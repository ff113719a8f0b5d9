// Quantiles as numpy computes them by default (method 'linear', Hyndman & Fan type 7). Pure, no allocation
// beyond the sorted copy of `quantile`/`median`.

function checkQ(q: number): void {
  if (!(q >= 0 && q <= 1)) throw new RangeError(`quantile q must be in [0, 1], got ${q}`);
}

/**
 * The q-quantile (q in [0, 1], RangeError otherwise) of values already sorted ascending, matching
 * `np.quantile(x, q)` / `np.percentile(x, 100·q)` with the default linear interpolation: position
 * h = (n − 1)·q, then numpy's lerp between the neighbours. `null` for no values. Not checked: that the
 * input is sorted and free of NaN (the caller sorted it), and that neighbour differences are finite.
 */
export function quantileSorted(sorted: ArrayLike<number>, q: number): number | null {
  checkQ(q);
  const n = sorted.length;
  if (n === 0) return null;
  const h = (n - 1) * q;
  const i = Math.floor(h);
  const a = sorted[i]!;
  if (i >= n - 1) return a;
  const t = h - i;
  if (t === 0) return a;
  const b = sorted[i + 1]!;
  // numpy's _lerp: interpolate from the nearer end, so t = 1 gives exactly b and results stay monotone.
  const diff = b - a;
  return t >= 0.5 ? b - diff * (1 - t) : a + diff * t;
}

/** Values as a sorted Float64Array; RangeError on NaN, which has no place in an ordering. */
function sortedCopy(values: ArrayLike<number>): Float64Array {
  const sorted = Float64Array.from(values);
  for (let i = 0; i < sorted.length; i++) if (Number.isNaN(sorted[i])) throw new RangeError(`NaN at position ${i}`);
  return sorted.sort();
}

/** The q-quantile of unsorted values (copied and sorted; see `quantileSorted`); `null` for no values, RangeError on NaN. */
export function quantile(values: ArrayLike<number>, q: number): number | null {
  checkQ(q);
  return quantileSorted(sortedCopy(values), q);
}

/** Median (`np.median`: mean of the two middle values for even n); `null` for no values, RangeError on NaN. */
export function median(values: ArrayLike<number>): number | null {
  return quantileSorted(sortedCopy(values), 0.5);
}
