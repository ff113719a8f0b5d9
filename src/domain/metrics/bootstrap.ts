// Seeded percentile bootstrap over examples (docs/ARCHITECTURE.md §8.2): confidence intervals of one predictor's metrics
// and paired intervals of the difference between two predictors on the same resamples. Pure.
import { createRng, type Rng } from '../rng.ts';
import { MOMENT_METRICS, momentMetricsInto, prepareMoments, type MomentData, type MomentMetricName } from './moments.ts';
import { quantileSorted } from './quantile.ts';

export type Interval = readonly [lo: number, hi: number];

export interface BootstrapOptions {
  /** Any safe integer; the same seed gives the same intervals. */
  seed: number;
  /** Number of resamples, a positive integer; default 1000. */
  resamples?: number;
  /** Coverage in (0, 1); default 0.95, the 2.5th and 97.5th percentiles. */
  level?: number;
}

/** A resample is dropped when its statistic is null; more than this share dropped and the interval is null. */
const MAX_NULL_SHARE = 0.1;

function resolve(options: BootstrapOptions): { rng: Rng; resamples: number; level: number } {
  const { seed, resamples = 1000, level = 0.95 } = options;
  if (!(Number.isInteger(resamples) && resamples >= 1)) throw new RangeError(`resamples must be a positive integer, got ${resamples}`);
  if (!(level > 0 && level < 1)) throw new RangeError(`level must be in (0, 1), got ${level}`);
  return { rng: createRng(seed), resamples, level };
}

/** Multinomial resample counts: n draws with replacement, reusing `out` (length n, else RangeError) when given. */
export function resampleCounts(rng: Rng, n: number, out?: Uint32Array): Uint32Array {
  const counts = out ?? new Uint32Array(n);
  if (counts.length !== n) throw new RangeError(`counts array has length ${counts.length}, expected ${n}`);
  counts.fill(0);
  for (let k = 0; k < n; k++) counts[rng.int(n)]!++;
  return counts;
}

/**
 * The percentile interval of `values[offset .. offset + length)`, NaN marking dropped resamples, as
 * `np.percentile(kept, [100·(1 − level)/2, 100·(1 + level)/2])`; sorts that range in place. Null
 * when more than 10% are dropped. Exported for compare.ts, whose paired deltas follow the same rule.
 */
export function percentileInterval(values: Float64Array, offset: number, length: number, level: number): Interval | null {
  const slice = values.subarray(offset, offset + length);
  slice.sort(); // NaN sorts last
  let kept = length;
  while (kept > 0 && Number.isNaN(slice[kept - 1])) kept--;
  if (length - kept > MAX_NULL_SHARE * length) return null;
  const sorted = slice.subarray(0, kept);
  return [quantileSorted(sorted, (1 - level) / 2)!, quantileSorted(sorted, (1 + level) / 2)!];
}

const orNaN = (v: number | null): number => (v === null || !Number.isFinite(v) ? Number.NaN : v);

/**
 * Percentile CI of a statistic of resampled examples: `statistic` gets the resample as counts per example
 * (a reused array it must not modify or keep). Resamples where it returns null (or a non-finite number)
 * are dropped; if more than 10% are dropped, or n < 2, the result is null.
 */
export function bootstrapCi(n: number, statistic: (counts: Uint32Array) => number | null, options: BootstrapOptions): Interval | null {
  const { rng, resamples, level } = resolve(options);
  if (n < 2) return null;
  const counts = new Uint32Array(n);
  const values = new Float64Array(resamples);
  for (let r = 0; r < resamples; r++) values[r] = orNaN(statistic(resampleCounts(rng, n, counts)));
  return percentileInterval(values, 0, resamples, level);
}

/**
 * Paired CI of statA − statB over the SAME resamples, for two predictors on the same examples; a
 * resample is dropped when either statistic is null. Null rules as `bootstrapCi`.
 */
export function pairedBootstrapCi(
  n: number,
  statA: (counts: Uint32Array) => number | null,
  statB: (counts: Uint32Array) => number | null,
  options: BootstrapOptions,
): Interval | null {
  return bootstrapCi(
    n,
    (counts) => {
      const a = statA(counts);
      const b = statB(counts);
      return a === null || b === null ? null : a - b;
    },
    options,
  );
}

function intervalsByMetric(values: Float64Array, resamples: number, level: number): Record<MomentMetricName, Interval | null> {
  const result = {} as Record<MomentMetricName, Interval | null>;
  MOMENT_METRICS.forEach((name, k) => (result[name] = percentileInterval(values, k * resamples, resamples, level)));
  return result;
}

const allNull = (): Record<MomentMetricName, Interval | null> =>
  Object.fromEntries(MOMENT_METRICS.map((name) => [name, null])) as Record<MomentMetricName, Interval | null>;

/**
 * CIs of every moment metric of several predictors against one target, all on the same resamples: one
 * count vector per resample serves every predictor (drawing it costs more than a pass over the data),
 * and the CIs are paired by construction. Runs in steps, so a worker can yield between them to take a
 * cancel or post progress. Per predictor: all null for n < 2 or a non-finite value; otherwise each
 * metric follows the null rules of `bootstrapCi`. Unequal lengths throw RangeError.
 */
export class MomentBootstrap {
  readonly resamples: number;
  private readonly level: number;
  private readonly rng: Rng;
  private readonly n: number;
  /** Prepared data per predictor; null where every interval is null. */
  private readonly data: (MomentData | null)[];
  private readonly values: (Float64Array | null)[];
  private readonly counts: Uint32Array;
  private readonly out = new Float64Array(MOMENT_METRICS.length);
  private r = 0;

  constructor(preds: readonly ArrayLike<number>[], target: ArrayLike<number>, options: BootstrapOptions) {
    const { rng, resamples, level } = resolve(options);
    this.rng = rng;
    this.resamples = resamples;
    this.level = level;
    this.n = target.length;
    this.data = preds.map((pred) => {
      const data = prepareMoments(pred, target);
      return data.n < 2 || !data.finite ? null : data;
    });
    this.values = this.data.map((d) => (d ? new Float64Array(MOMENT_METRICS.length * resamples) : null));
    this.counts = new Uint32Array(this.data.some((d) => d) ? this.n : 0);
    if (this.counts.length === 0) this.r = resamples;
  }

  /** Resamples done so far. */
  get done(): number {
    return this.r;
  }

  /** Runs up to `count` more resamples; true once all are done. */
  step(count = Infinity): boolean {
    const { resamples, data, values, counts, out } = this;
    const metrics = MOMENT_METRICS.length;
    const end = Math.min(resamples, this.r + count);
    for (; this.r < end; this.r++) {
      resampleCounts(this.rng, this.n, counts);
      for (let p = 0; p < data.length; p++) {
        const d = data[p];
        if (!d) continue;
        momentMetricsInto(d, counts, out);
        const v = values[p]!;
        for (let k = 0; k < metrics; k++) v[k * resamples + this.r] = out[k]!;
      }
    }
    return this.r >= resamples;
  }

  /** The intervals of each predictor, in the order given; call once all steps are done. */
  intervals(): Record<MomentMetricName, Interval | null>[] {
    if (this.r < this.resamples) throw new Error(`bootstrap not finished: ${this.r} of ${this.resamples} resamples`);
    return this.values.map((v) => (v ? intervalsByMetric(v, this.resamples, this.level) : allNull()));
  }
}

/** `MomentBootstrap` of one predictor, run to the end. */
export function bootstrapMomentCis(
  pred: ArrayLike<number>,
  target: ArrayLike<number>,
  options: BootstrapOptions,
): Record<MomentMetricName, Interval | null> {
  const b = new MomentBootstrap([pred], target, options);
  b.step();
  return b.intervals()[0]!;
}

/**
 * Paired CIs of (metric of predA) − (metric of predB) against the same target on the same resamples, for
 * every moment metric. Null rules as `bootstrapMomentCis`; unequal lengths throw RangeError.
 */
export function pairedMomentCis(
  predA: ArrayLike<number>,
  predB: ArrayLike<number>,
  target: ArrayLike<number>,
  options: BootstrapOptions,
): Record<MomentMetricName, Interval | null> {
  const { rng, resamples, level } = resolve(options);
  const a = prepareMoments(predA, target);
  const b = prepareMoments(predB, target);
  if (a.n < 2 || !a.finite || !b.finite) return allNull();
  const metrics = MOMENT_METRICS.length;
  const counts = new Uint32Array(a.n);
  const outA = new Float64Array(metrics);
  const outB = new Float64Array(metrics);
  const values = new Float64Array(metrics * resamples);
  for (let r = 0; r < resamples; r++) {
    resampleCounts(rng, a.n, counts);
    momentMetricsInto(a, counts, outA);
    momentMetricsInto(b, counts, outB);
    for (let k = 0; k < metrics; k++) values[k * resamples + r] = outA[k]! - outB[k]!;
  }
  return intervalsByMetric(values, resamples, level);
}
