// Reference statistics for tests, written independently of the code they check: plain two-pass
// formulas on explicit arrays, average ranks counted naively in O(n²) (as scipy.stats.rankdata),
// and a count-weighted resample materialised as an explicit array. Never used by the app.

/** `values[i]` repeated `counts[i]` times, in order. */
export function materialise(values: ArrayLike<number>, counts: ArrayLike<number>): number[] {
  const out: number[] = [];
  for (let i = 0; i < values.length; i++) for (let c = 0; c < counts[i]!; c++) out.push(values[i]!);
  return out;
}

export const meanOf = (xs: readonly number[]): number => xs.reduce((s, x) => s + x, 0) / xs.length;

/** Average ranks, 1-based: (values below) + (ties including itself + 1) / 2. */
export function naiveRanks(xs: readonly number[]): number[] {
  return xs.map((x) => {
    let below = 0;
    let equal = 0;
    for (const y of xs) {
      if (y < x) below++;
      else if (y === x) equal++;
    }
    return below + (equal + 1) / 2;
  });
}

/** Means, population variances and covariance of `p` and `t`, two-pass. */
export function naiveMoments(p: readonly number[], t: readonly number[]): { mp: number; mt: number; vp: number; vt: number; cov: number } {
  const n = p.length;
  const mp = meanOf(p);
  const mt = meanOf(t);
  let vp = 0;
  let vt = 0;
  let cov = 0;
  for (let i = 0; i < n; i++) {
    vp += (p[i]! - mp) ** 2 / n;
    vt += (t[i]! - mt) ** 2 / n;
    cov += ((p[i]! - mp) * (t[i]! - mt)) / n;
  }
  return { mp, mt, vp, vt, cov };
}

/** Lin's concordance correlation coefficient, 2·cov / (σp² + σt² + (μp − μt)²), no guards. */
export function naiveCcc(p: readonly number[], t: readonly number[]): number {
  const { mp, mt, vp, vt, cov } = naiveMoments(p, t);
  return (2 * cov) / (vp + vt + (mp - mt) ** 2);
}

/** Pearson's r by the textbook two-pass formula, no guards. */
export function naivePearson(x: readonly number[], y: readonly number[]): number {
  const mx = meanOf(x);
  const my = meanOf(y);
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < x.length; i++) {
    sxy += (x[i]! - mx) * (y[i]! - my);
    sxx += (x[i]! - mx) ** 2;
    syy += (y[i]! - my) ** 2;
  }
  return sxy / Math.sqrt(sxx * syy);
}
