// Point metrics of predictions against targets (docs/ARCHITECTURE.md §8.1): agreement, correlation, error and spread.
// Pure and allocation-light; no React, DOM or store. Degenerate input gives null with a reason, never
// NaN or ±Infinity.
import { averageRanks, kendallCounts } from './ranks.ts';

export type MetricName = 'ccc' | 'nmse' | 'pearson' | 'spearman' | 'kendall' | 'mae' | 'rmse' | 'bias' | 'dispersion';

export const METRIC_NAMES: readonly MetricName[] = ['ccc', 'nmse', 'pearson', 'spearman', 'kendall', 'mae', 'rmse', 'bias', 'dispersion'];

export interface MetricSet {
  /** Number of examples (pairs), including any non-finite ones. */
  n: number;
  /** Lin's (1989) concordance correlation, population moments: 2·cov / (var_p + var_t + (mean_p − mean_t)²); in [−1, 1]. */
  ccc: number | null;
  /** mean((p − t)²) / population var(t); 0 is perfect, 1 is what predicting the target mean scores. */
  nmse: number | null;
  /** Pearson's r; in [−1, 1]. */
  pearson: number | null;
  /** Spearman's ρ: Pearson's r of average ranks (ties share the mean rank); in [−1, 1]. */
  spearman: number | null;
  /** Kendall's τ-b (tie-corrected); in [−1, 1]. */
  kendall: number | null;
  /** mean |p − t|, in target units. */
  mae: number | null;
  /** √mean((p − t)²), in target units. */
  rmse: number | null;
  /** mean(p − t), in target units; positive = predictions too high. */
  bias: number | null;
  /** σ_pred / σ_target (population sds); below 1 = predictions squeezed toward the middle. */
  dispersion: number | null;
  /** Number of distinct finite prediction values (exact equality, −0 equals 0). */
  distinct: number;
}

/** Why a metric is null, in words for the UI (e.g. "target is constant", "fewer than 2 examples", "non-finite value at position 7"). */
export type MetricReasons = Partial<Record<MetricName, string>>;

const FEWER_THAN_2 = 'fewer than 2 examples';
const TARGET_CONSTANT = 'target is constant';
const PRED_CONSTANT = 'predictions are constant';
const BOTH_CONSTANT_EQUAL = 'predictions and target are constant and equal';
const OUT_OF_RANGE = 'not representable in floating point (values span too many orders of magnitude)';

/** A metric's value, or the reason it has none. */
type Outcome = number | string;

/**
 * Population moments of (pred·s, target·s), s from `powerOfTwoScale`, so squares and sums cannot overflow
 * for any finite input and ordinary magnitudes give bit-identical results to unscaled arithmetic. Corrected two-pass
 * algorithm (Chan, Golub & LeVeque 1983). Constant inputs are detected by exact equality, so their variance
 * is exactly 0 and never a rounding residue.
 */
interface PointMoments extends TwoPassMoments {
  n: number;
  scale: number;
  /** mean((p − t)·s)², mean |p − t|·s, mean (p − t)·s. */
  mse: number;
  mae: number;
  bias: number;
}

/**
 * A power of two s with max |x·s| about 1 over both arrays (1 when all are 0; clamped to 2^±1000 so s is
 * finite). Multiplying by it is exact, so moments of the scaled data equal the unscaled ones times s or s²
 * bit for bit, but cannot overflow. Shared with moments.ts.
 */
export function powerOfTwoScale(pred: ArrayLike<number>, target: ArrayLike<number>): number {
  let maxAbs = 0;
  for (let i = 0; i < pred.length; i++) maxAbs = Math.max(maxAbs, Math.abs(pred[i]!), Math.abs(target[i]!));
  if (maxAbs === 0) return 1;
  const exponent = Math.min(1000, Math.max(-1000, Math.floor(Math.log2(maxAbs))));
  return 2 ** -exponent;
}

/** Corrected two-pass weighted population moments of (pred·s, target·s), with exact constancy checks. */
export interface TwoPassMoments {
  /** Σ weights (n without weights). */
  w: number;
  meanP: number;
  meanT: number;
  varP: number;
  varT: number;
  cov: number;
  /** Σw·d², Σw·|d|, Σw·d with d = (p − t)·s. */
  sumSq: number;
  sumAbs: number;
  sumDiff: number;
  /** Every counted value is the same (exact equality, so the variance is exactly 0). */
  constP: boolean;
  constT: boolean;
}

/**
 * Moments of (pred·s, target·s) with example i counted `weights[i]` times (once each without
 * weights), by the corrected two-pass algorithm (Chan, Golub & LeVeque 1983). Shared by the point
 * metrics and the bootstrap's exact path (moments.ts), so both define the moments the same way.
 * Needs Σw > 0 and finite inputs.
 */
export function twoPassMoments(pred: ArrayLike<number>, target: ArrayLike<number>, s: number, weights?: ArrayLike<number>): TwoPassMoments {
  const n = pred.length;
  let w = 0;
  let first = -1;
  let sumP = 0;
  let sumT = 0;
  let constP = true;
  let constT = true;
  for (let i = 0; i < n; i++) {
    const c = weights ? weights[i]! : 1;
    if (c === 0) continue;
    if (first < 0) first = i;
    if (pred[i] !== pred[first]) constP = false;
    if (target[i] !== target[first]) constT = false;
    w += c;
    sumP += c * pred[i]! * s;
    sumT += c * target[i]! * s;
  }
  let meanP = constP ? pred[first]! * s : sumP / w;
  let meanT = constT ? target[first]! * s : sumT / w;
  let dP = 0;
  let dT = 0;
  let dPP = 0;
  let dTT = 0;
  let dPT = 0;
  let sumSq = 0;
  let sumAbs = 0;
  let sumDiff = 0;
  for (let i = 0; i < n; i++) {
    const c = weights ? weights[i]! : 1;
    if (c === 0) continue;
    const p = pred[i]! * s;
    const t = target[i]! * s;
    const a = p - meanP;
    const b = t - meanT;
    dP += c * a;
    dT += c * b;
    dPP += c * a * a;
    dTT += c * b * b;
    dPT += c * a * b;
    const d = p - t;
    sumSq += c * d * d;
    sumAbs += c * Math.abs(d);
    sumDiff += c * d;
  }
  const varP = Math.max(0, (dPP - (dP * dP) / w) / w);
  const varT = Math.max(0, (dTT - (dT * dT) / w) / w);
  const cov = (dPT - (dP * dT) / w) / w;
  meanP += dP / w;
  meanT += dT / w;
  return { w, meanP, meanT, varP, varT, cov, sumSq, sumAbs, sumDiff, constP, constT };
}

function pointMoments(pred: ArrayLike<number>, target: ArrayLike<number>): PointMoments {
  const n = pred.length;
  const s = powerOfTwoScale(pred, target);
  const m = twoPassMoments(pred, target, s);
  return { ...m, n, scale: s, mse: m.sumSq / n, mae: m.sumAbs / n, bias: m.sumDiff / n };
}

const clamp1 = (r: number): number => Math.min(1, Math.max(-1, r));

/** Correlation-type metrics need ≥ 2 examples and neither side constant. */
function correlationGuard(m: PointMoments): string | null {
  if (m.n < 2) return FEWER_THAN_2;
  if (m.constT) return TARGET_CONSTANT;
  if (m.constP) return PRED_CONSTANT;
  return null;
}

function pearsonOf(m: PointMoments): Outcome {
  return correlationGuard(m) ?? clamp1(m.cov / (Math.sqrt(m.varP) * Math.sqrt(m.varT)));
}

/** Inputs to every metric once validity is established: n ≥ 1, all finite, equal lengths. */
interface Context {
  pred: ArrayLike<number>;
  target: ArrayLike<number>;
  m: PointMoments;
}

const EVALUATE: Record<MetricName, (c: Context) => Outcome> = {
  ccc: ({ m }) => {
    if (m.n < 2) return FEWER_THAN_2;
    const meanDiff = m.meanP - m.meanT;
    const den = m.varP + m.varT + meanDiff * meanDiff;
    return den === 0 ? BOTH_CONSTANT_EQUAL : clamp1((2 * m.cov) / den);
  },
  nmse: ({ m }) => (m.n < 2 ? FEWER_THAN_2 : m.constT ? TARGET_CONSTANT : m.mse / m.varT),
  pearson: ({ m }) => pearsonOf(m),
  spearman: ({ pred, target, m }) => correlationGuard(m) ?? pearsonOf(pointMoments(averageRanks(pred), averageRanks(target))),
  kendall: ({ pred, target, m }) => {
    const guard = correlationGuard(m);
    if (guard !== null) return guard;
    const k = kendallCounts(pred, target);
    return clamp1((k.concordant - k.discordant) / Math.sqrt((k.pairs - k.tiedX) * (k.pairs - k.tiedY)));
  },
  mae: ({ m }) => m.mae / m.scale,
  rmse: ({ m }) => Math.sqrt(m.mse) / m.scale,
  bias: ({ m }) => m.bias / m.scale,
  dispersion: ({ m }) => (m.n < 2 ? FEWER_THAN_2 : m.constT ? TARGET_CONSTANT : Math.sqrt(m.varP) / Math.sqrt(m.varT)),
};

/** Throws on unequal lengths; otherwise the reason every metric is null (non-finite value, no examples), or null if none. */
function inputProblem(pred: ArrayLike<number>, target: ArrayLike<number>): string | null {
  if (pred.length !== target.length) throw new RangeError(`pred has ${pred.length} values but target has ${target.length}`);
  for (let i = 0; i < pred.length; i++) {
    if (!Number.isFinite(pred[i])) return `non-finite prediction at position ${i}`;
    if (!Number.isFinite(target[i])) return `non-finite target at position ${i}`;
  }
  return pred.length === 0 ? 'no examples' : null;
}

function toNullable(outcome: Outcome): { value: number | null; reason?: string } {
  if (typeof outcome === 'string') return { value: null, reason: outcome };
  return Number.isFinite(outcome) ? { value: outcome } : { value: null, reason: OUT_OF_RANGE };
}

function single(name: MetricName, pred: ArrayLike<number>, target: ArrayLike<number>): number | null {
  if (inputProblem(pred, target) !== null) return null;
  return toNullable(EVALUATE[name]({ pred, target, m: pointMoments(pred, target) })).value;
}

/** A metric set of `n` examples and `distinct` distinct predictions with every metric still undefined. */
export function emptyMetricSet(n: number, distinct: number): MetricSet {
  return {
    n,
    ccc: null,
    nmse: null,
    pearson: null,
    spearman: null,
    kendall: null,
    mae: null,
    rmse: null,
    bias: null,
    dispersion: null,
    distinct,
  };
}

/**
 * Every metric of `pred` against `target` (equal lengths, else RangeError), with the reason for each null:
 * - a non-finite value anywhere: all null, the reason names the first one ("non-finite target at position 7",
 *   0-based); `distinct` still counts the finite predictions;
 * - no examples: all null; one example: only mae, rmse and bias;
 * - constant target: nmse, pearson, spearman, kendall and dispersion null; ccc is 0 unless the predictions
 *   are the same constant (then null);
 * - constant predictions: pearson, spearman and kendall null; ccc 0 (unless as above), dispersion 0;
 * - a result outside the double range (e.g. mae of values near ±1e308): null.
 * Any finite input gives finite results; they are accurate to ~1e-12 unless predictions and targets differ
 * in magnitude by more than ~1e150 (squares of the smaller side become subnormal).
 * Reasons are present exactly for the null metrics.
 */
export function computeMetrics(pred: ArrayLike<number>, target: ArrayLike<number>): { metrics: MetricSet; reasons: MetricReasons } {
  const problem = inputProblem(pred, target);
  const metrics = emptyMetricSet(pred.length, distinctCount(pred));
  const reasons: MetricReasons = {};
  const context = problem === null ? { pred, target, m: pointMoments(pred, target) } : null;
  for (const name of METRIC_NAMES) {
    const { value, reason } = toNullable(context === null ? problem! : EVALUATE[name](context));
    metrics[name] = value;
    if (reason !== undefined) reasons[name] = reason;
  }
  return { metrics, reasons };
}

/** Lin's CCC (see `computeMetrics` for degenerate input); null for < 2 examples, non-finite values, or constant equal sides. */
export function ccc(pred: ArrayLike<number>, target: ArrayLike<number>): number | null {
  return single('ccc', pred, target);
}

/** mean((p − t)²) / population var(t); null for < 2 examples, non-finite values or a constant target. */
export function nmse(pred: ArrayLike<number>, target: ArrayLike<number>): number | null {
  return single('nmse', pred, target);
}

/** Pearson's r; null for < 2 examples, non-finite values or either side constant. */
export function pearson(pred: ArrayLike<number>, target: ArrayLike<number>): number | null {
  return single('pearson', pred, target);
}

/** Spearman's ρ with average ranks for ties (`scipy.stats.spearmanr`); null as for `pearson`. */
export function spearman(pred: ArrayLike<number>, target: ArrayLike<number>): number | null {
  return single('spearman', pred, target);
}

/** Kendall's τ-b (`scipy.stats.kendalltau`), O(n log n); null as for `pearson`. */
export function kendallTauB(pred: ArrayLike<number>, target: ArrayLike<number>): number | null {
  return single('kendall', pred, target);
}

/** mean |p − t|; null for no examples or non-finite values. */
export function mae(pred: ArrayLike<number>, target: ArrayLike<number>): number | null {
  return single('mae', pred, target);
}

/** √mean((p − t)²); null for no examples or non-finite values. */
export function rmse(pred: ArrayLike<number>, target: ArrayLike<number>): number | null {
  return single('rmse', pred, target);
}

/** mean(p − t), positive when predictions are too high; null for no examples or non-finite values. */
export function meanBias(pred: ArrayLike<number>, target: ArrayLike<number>): number | null {
  return single('bias', pred, target);
}

/** σ_pred / σ_target (population sds); 0 for constant predictions; null for < 2 examples, non-finite values or a constant target. */
export function dispersionRatio(pred: ArrayLike<number>, target: ArrayLike<number>): number | null {
  return single('dispersion', pred, target);
}

/** Number of distinct finite values (exact equality, −0 equals 0); NaN and ±Infinity are not counted. */
export function distinctCount(values: ArrayLike<number>): number {
  const seen = new Set<number>();
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (Number.isFinite(v)) seen.add(v);
  }
  return seen.size;
}
