// One-variable regressions used as calibration baselines: ordinary least squares and isotonic
// regression (pool-adjacent-violators). Pure; fitted on the train split by the callers.

export interface LinearFit {
  kind: 'linear';
  intercept: number;
  slope: number;
}

/**
 * Least-squares line y ≈ intercept + slope·x over the finite pairs. When x is constant the slope
 * is 0 and the intercept is the mean of y. `null` for no finite pair.
 */
export function fitLinear(x: ArrayLike<number>, y: ArrayLike<number>): LinearFit | null {
  let n = 0;
  let mx = 0;
  let my = 0;
  for (let i = 0; i < x.length; i++) {
    const xi = x[i]!;
    const yi = y[i]!;
    if (!Number.isFinite(xi) || !Number.isFinite(yi)) continue;
    n++;
    mx += (xi - mx) / n;
    my += (yi - my) / n;
  }
  if (n === 0) return null;
  let sxx = 0;
  let sxy = 0;
  for (let i = 0; i < x.length; i++) {
    const xi = x[i]!;
    const yi = y[i]!;
    if (!Number.isFinite(xi) || !Number.isFinite(yi)) continue;
    sxx += (xi - mx) * (xi - mx);
    sxy += (xi - mx) * (yi - my);
  }
  const slope = sxx > 0 ? sxy / sxx : 0;
  return { kind: 'linear', intercept: my - slope * mx, slope };
}

export interface IsotonicFit {
  kind: 'isotonic';
  /** Distinct x values of the training data, ascending. */
  xs: number[];
  /** Fitted non-decreasing value at each of `xs`. */
  ys: number[];
}

/**
 * Non-decreasing least-squares fit of y on x (PAV). Pairs with equal x are pooled first (their
 * mean, weighted by count), as scikit-learn's IsotonicRegression does. `null` for no finite pair.
 */
export function fitIsotonic(x: ArrayLike<number>, y: ArrayLike<number>): IsotonicFit | null {
  const idx: number[] = [];
  for (let i = 0; i < x.length; i++) if (Number.isFinite(x[i]!) && Number.isFinite(y[i]!)) idx.push(i);
  if (idx.length === 0) return null;
  idx.sort((a, b) => x[a]! - x[b]!);
  // Pool equal x: one point per distinct x with weight = count.
  const px: number[] = [];
  const py: number[] = [];
  const pw: number[] = [];
  for (const i of idx) {
    const last = px.length - 1;
    if (last >= 0 && px[last] === x[i]) {
      pw[last]!++;
      py[last]! += (y[i]! - py[last]!) / pw[last]!;
    } else {
      px.push(x[i]!);
      py.push(y[i]!);
      pw.push(1);
    }
  }
  // PAV over the pooled points: a stack of blocks (mean, weight, number of points).
  const bMean: number[] = [];
  const bWeight: number[] = [];
  const bSize: number[] = [];
  for (let j = 0; j < px.length; j++) {
    let m = py[j]!;
    let w = pw[j]!;
    let size = 1;
    while (bMean.length > 0 && bMean[bMean.length - 1]! >= m) {
      const pm = bMean.pop()!;
      const pwt = bWeight.pop()!;
      size += bSize.pop()!;
      m = (pm * pwt + m * w) / (pwt + w);
      w += pwt;
    }
    bMean.push(m);
    bWeight.push(w);
    bSize.push(size);
  }
  const ys: number[] = [];
  for (let b = 0; b < bMean.length; b++) for (let s = 0; s < bSize[b]!; s++) ys.push(bMean[b]!);
  return { kind: 'isotonic', xs: px, ys };
}

/**
 * Prediction of a fitted model at `x`. Isotonic: linear interpolation between the fitted points,
 * clipped to the end values outside the training range (scikit-learn's `out_of_bounds="clip"`).
 * Non-finite x gives NaN.
 */
export function predictRegression(fit: LinearFit | IsotonicFit, x: number): number {
  if (!Number.isFinite(x)) return NaN;
  if (fit.kind === 'linear') return fit.intercept + fit.slope * x;
  const { xs, ys } = fit;
  const last = xs.length - 1;
  if (x <= xs[0]!) return ys[0]!;
  if (x >= xs[last]!) return ys[last]!;
  let lo = 0;
  let hi = last;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (xs[mid]! <= x) lo = mid;
    else hi = mid;
  }
  const t = (x - xs[lo]!) / (xs[hi]! - xs[lo]!);
  return ys[lo]! + t * (ys[hi]! - ys[lo]!);
}
