// Binning behind the Analyze charts (docs/ARCHITECTURE.md §8.6): histograms, regression reliability bins, 2D density grids. Pure TS; no React or DOM.

/** A closed numeric interval. */
export interface Range {
  min: number;
  max: number;
}

export interface HistogramBins {
  /** Bin edges, ascending; `bins + 1` of them. */
  edges: number[];
  /** Count per bin; `edges.length − 1` of them. */
  counts: number[];
}

/**
 * The range binning actually uses: `range` itself when finite with max > min; otherwise (a degenerate
 * or inverted range) one unit centred on `min` ([min − 0.5, min + 0.5]), or [0, 1] when `min` is not
 * finite. Charts draw degenerate domains through the same rule, so bins and pixels agree.
 */
export function widenRange(range: Range): Range {
  const { min, max } = range;
  if (Number.isFinite(min) && Number.isFinite(max) && max > min) return { min, max };
  if (Number.isFinite(min)) return { min: min - 0.5, max: min + 0.5 };
  return { min: 0, max: 1 };
}

/** `count` equal-width edges over `r`; the last edge is exactly `r.max` (no float drift). */
function equalEdges(r: Range, count: number): number[] {
  const edges: number[] = [];
  for (let i = 0; i < count; i++) edges.push(r.min + (i / count) * (r.max - r.min));
  edges.push(r.max);
  return edges;
}

/**
 * Index of the bin of `v` among ascending `edges`: bins are [edges[i], edges[i+1]), except the last,
 * which also holds its right edge. Values below the first edge go to bin 0, above the last to the last bin.
 * `v` must be finite. Starts from the arithmetic guess and corrects it against the stored edges, so the
 * answer agrees with the edges exactly even where float division lands a hair off.
 */
function binOf(v: number, edges: readonly number[]): number {
  const bins = edges.length - 1;
  const lo = edges[0]!;
  const hi = edges[bins]!;
  let i = Math.floor(((v - lo) / (hi - lo)) * bins);
  if (!(i >= 0)) i = 0;
  if (i > bins - 1) i = bins - 1;
  while (i > 0 && v < edges[i]!) i--;
  while (i < bins - 1 && v >= edges[i + 1]!) i++;
  return i;
}

/**
 * Equal-width histogram over `range` with `bins` bins (at least 1). Each bin is [left, right) and the
 * last also holds its right edge, so a value on an interior edge counts in the bin to its right and
 * `range.max` counts in the last bin. Values outside the range go to the end bins; non-finite values
 * are skipped. A degenerate range is widened by {@link widenRange}.
 */
export function histogram(values: ArrayLike<number>, range: Range, bins: number): HistogramBins {
  const n = Math.max(1, Math.floor(Number.isFinite(bins) ? bins : 1));
  const edges = equalEdges(widenRange(range), n);
  const counts = new Array<number>(n).fill(0);
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (Number.isFinite(v)) counts[binOf(v, edges)]!++;
  }
  return { edges, counts };
}

/**
 * Histogram on a dataset scale. With a `step` whose values fit in `maxBins` bins ((max − min)/step + 1 ≤
 * maxBins), one bin per step value, centred on it: edges at min − step/2, min + step/2, …, max + step/2.
 * With a step but too many values, each bin takes g = ⌈values / maxBins⌉ whole step values (fewer than
 * maxBins bins; the last may reach past max), so no bin gets more step values than another. Without a
 * usable step (none, or range not a whole number of steps): `maxBins` equal-width bins over [min, max].
 * Edges depend only on the scale, so histograms of predictions and targets on one scale share them.
 */
export function histogramForScale(
  values: ArrayLike<number>,
  scale: { min: number; max: number; step?: number },
  maxBins = 40,
): HistogramBins {
  const cap = Math.max(1, Math.floor(maxBins));
  const step = scale.step;
  if (step !== undefined && step > 0 && Number.isFinite(step) && Number.isFinite(scale.min)) {
    const span = scale.max > scale.min ? scale.max - scale.min : 0;
    const steps = span / step;
    if (Math.abs(steps - Math.round(steps)) < 1e-6) {
      const stepValues = Math.round(steps) + 1;
      const perBin = Math.ceil(stepValues / cap);
      const bins = Math.ceil(stepValues / perBin);
      const lo = scale.min - step / 2;
      return histogram(values, { min: lo, max: lo + bins * perBin * step }, bins);
    }
  }
  return histogram(values, scale, cap);
}

export interface ReliabilityBin {
  /** Prediction range covered by the bin: the bin's edges ('uniform') or its lowest and highest prediction ('quantile'). */
  lo: number;
  hi: number;
  /** Examples in the bin. */
  n: number;
  meanPred: number;
  meanTarget: number;
  /**
   * 95% CI of the bin's mean target by the normal approximation: mean ± 1.96 · s/√n with s the sample
   * standard deviation (n − 1). Too narrow for small n (no t correction); null when n < 2.
   */
  ci: readonly [number, number] | null;
}

export interface ReliabilityOptions {
  /** Number of bins (at most this many for 'quantile'). Default 10. */
  bins?: number;
  /** Default 'quantile'. */
  strategy?: 'quantile' | 'uniform';
  /** For 'uniform': the prediction range to split. Default: lowest to highest finite prediction. */
  range?: Range;
}

interface Pair {
  p: number;
  t: number;
}

function summarise(pairs: readonly Pair[], lo: number, hi: number): ReliabilityBin {
  const n = pairs.length;
  let sp = 0;
  let st = 0;
  for (const { p, t } of pairs) {
    sp += p;
    st += t;
  }
  const meanPred = sp / n;
  const meanTarget = st / n;
  let ss = 0;
  for (const { t } of pairs) ss += (t - meanTarget) ** 2;
  const half = n < 2 ? 0 : (1.96 * Math.sqrt(ss / (n - 1))) / Math.sqrt(n);
  return { lo, hi, n, meanPred, meanTarget, ci: n < 2 ? null : [meanTarget - half, meanTarget + half] };
}

/** Start index of each run of equal predictions in `sorted` (ascending by p). */
function runStarts(sorted: readonly Pair[]): number[] {
  const starts: number[] = [];
  for (let i = 0; i < sorted.length; i++) if (i === 0 || sorted[i]!.p !== sorted[i - 1]!.p) starts.push(i);
  return starts;
}

/** The element of ascending `xs` nearest to `v` (the later one on a tie). */
function nearest(xs: readonly number[], v: number): number {
  let lo = 0;
  let hi = xs.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (xs[mid]! < v) lo = mid + 1;
    else hi = mid;
  }
  const after = xs[lo]!;
  const before = lo > 0 ? xs[lo - 1]! : after;
  return v - before < after - v ? before : after;
}

function quantileBins(pairs: Pair[], bins: number): ReliabilityBin[] {
  const sorted = pairs.slice().sort((a, b) => a.p - b.p);
  const n = sorted.length;
  const starts = runStarts(sorted);
  let cuts: number[];
  if (starts.length <= bins) {
    cuts = starts.slice(1);
  } else {
    // Ideal cut k·n/bins moved to the nearest start of a run of equal predictions, so ties stay together.
    const set = new Set<number>();
    for (let k = 1; k < bins; k++) set.add(nearest(starts, Math.round((k * n) / bins)));
    set.delete(0);
    cuts = [...set].sort((a, b) => a - b);
  }
  const out: ReliabilityBin[] = [];
  let from = 0;
  for (const to of [...cuts, n]) {
    const part = sorted.slice(from, to);
    out.push(summarise(part, part[0]!.p, part[part.length - 1]!.p));
    from = to;
  }
  return out;
}

function uniformBins(pairs: Pair[], bins: number, range: Range | undefined): ReliabilityBin[] {
  let r = range;
  if (!r) {
    let min = Infinity;
    let max = -Infinity;
    for (const { p } of pairs) {
      if (p < min) min = p;
      if (p > max) max = p;
    }
    r = { min, max };
  }
  const edges = equalEdges(widenRange(r), bins);
  const parts: Pair[][] = Array.from({ length: bins }, () => []);
  for (const pair of pairs) parts[binOf(pair.p, edges)]!.push(pair);
  const out: ReliabilityBin[] = [];
  parts.forEach((part, i) => {
    if (part.length) out.push(summarise(part, edges[i]!, edges[i + 1]!));
  });
  return out;
}

/**
 * Regression reliability diagram: examples binned by prediction, each bin's mean prediction against
 * its mean target. 'quantile' (default) gives about equal counts per bin and never splits equal
 * predictions across bins: with at most `bins` distinct predictions (a quantised predictor) one bin per
 * distinct value, otherwise each of the `bins − 1` ideal cuts moves to the nearest change of prediction
 * (so possibly fewer bins). 'uniform' splits `range` into equal widths with the edge rule of
 * {@link histogram}; predictions outside it go to the end bins. Empty bins are omitted; pairs with a
 * non-finite value are skipped; bins are in ascending order of prediction.
 */
export function reliabilityBins(pred: ArrayLike<number>, target: ArrayLike<number>, options: ReliabilityOptions = {}): ReliabilityBin[] {
  const bins = Math.max(1, Math.floor(options.bins ?? 10));
  const pairs: Pair[] = [];
  const len = Math.min(pred.length, target.length);
  for (let i = 0; i < len; i++) {
    const p = pred[i]!;
    const t = target[i]!;
    if (Number.isFinite(p) && Number.isFinite(t)) pairs.push({ p, t });
  }
  if (!pairs.length) return [];
  return options.strategy === 'uniform' ? uniformBins(pairs, bins, options.range) : quantileBins(pairs, bins);
}

export interface DensityGrid {
  cols: number;
  rows: number;
  /** Ranges covered by the grid (after {@link widenRange}). */
  x: Range;
  y: Range;
  /** Count per cell, row-major: cell (col, row) at `row · cols + col`, row 0 = lowest y. */
  counts: Uint32Array;
  /** Largest cell count (0 when empty). */
  max: number;
}

function cellOf(v: number, r: Range, cells: number): number {
  const i = Math.floor(((v - r.min) / (r.max - r.min)) * cells);
  return i < 0 ? 0 : i >= cells ? cells - 1 : i;
}

/**
 * Index into `grid.counts` of the cell holding point (x, y), by the rule {@link densityGrid} counts
 * with; -1 when either coordinate is not finite.
 */
export function densityCell(grid: Pick<DensityGrid, 'cols' | 'rows' | 'x' | 'y'>, x: number, y: number): number {
  if (!Number.isFinite(x) || !Number.isFinite(y)) return -1;
  return cellOf(y, grid.y, grid.rows) * grid.cols + cellOf(x, grid.x, grid.cols);
}

/**
 * 2D histogram for drawing large scatters as density: `cols × rows` equal cells over the ranges
 * (degenerate ranges widened by {@link widenRange}). Cells are [left, right) × [bottom, top); points
 * on or beyond the top/right edge, or outside the ranges, are clamped into the edge cells. Points with
 * a non-finite coordinate are skipped; extra entries of the longer array are ignored.
 */
export function densityGrid(xs: ArrayLike<number>, ys: ArrayLike<number>, x: Range, y: Range, cols: number, rows: number): DensityGrid {
  const grid = {
    cols: Math.max(1, Math.floor(cols)),
    rows: Math.max(1, Math.floor(rows)),
    x: widenRange(x),
    y: widenRange(y),
  };
  const counts = new Uint32Array(grid.cols * grid.rows);
  let max = 0;
  const len = Math.min(xs.length, ys.length);
  for (let i = 0; i < len; i++) {
    const c = densityCell(grid, xs[i]!, ys[i]!);
    if (c >= 0 && ++counts[c]! > max) max = counts[c]!;
  }
  return { ...grid, counts, max };
}
