// Baseline predictors of one prompt version (docs/ARCHITECTURE.md §8.3, §9.6): mean, median and
// first rollout; RAIL expected value when rollouts carry logprobs; linear and isotonic regression
// of the rollout mean, fitted on the train split. Pure; one prediction per example, NaN where a
// predictor has nothing to say (no rollouts, no logprobs).
import type { AnalysisInput, PromptRollouts } from './analysisInput.ts';
import { fitIsotonic, fitLinear, predictRegression, type IsotonicFit, type LinearFit } from './regression.ts';

export type BaselineId = 'mean' | 'median' | 'first' | 'rail' | 'linear' | 'isotonic';
/** A calibrator applied from a file, by its name (manifest `name`): `applied:<name>`. */
export type AppliedId = `applied:${string}`;
/** Baselines, the MENTAT calibrator once one is trained, and calibrators applied from files (their predictions come with the input). */
export type PredictorId = BaselineId | 'calibrator' | AppliedId;

export interface PredictorInfo {
  id: PredictorId;
  label: string;
  description: string;
  /** Fitted on the train split: its metrics on a split that includes train are in-sample. */
  fitted: boolean;
}

export const PREDICTORS: Readonly<Record<BaselineId | 'calibrator', PredictorInfo>> = {
  mean: { id: 'mean', label: 'Mean', description: 'Mean of the rollout scores', fitted: false },
  median: { id: 'median', label: 'Median', description: 'Median of the rollout scores', fitted: false },
  first: {
    id: 'first',
    label: 'First rollout',
    description: 'Score of the first rollout only (what a single call would give)',
    fitted: false,
  },
  rail: { id: 'rail', label: 'RAIL', description: 'Expected score under the logprobs, Σ p(s)·s, averaged over rollouts', fitted: false },
  linear: { id: 'linear', label: 'Linear', description: 'Least-squares line of target on the rollout mean, fitted on train', fitted: true },
  isotonic: {
    id: 'isotonic',
    label: 'Isotonic',
    description: 'Monotone (PAV) fit of target on the rollout mean, fitted on train',
    fitted: true,
  },
  // Not `fitted` in the in-sample sense: on the examples it was trained on it predicts out of fold.
  calibrator: {
    id: 'calibrator',
    label: 'Calibrator',
    description: 'MENTAT calibrator trained on this prompt: out-of-fold predictions on its training examples, its fold ensemble elsewhere',
    fitted: false,
  },
};

export function appliedId(name: string): AppliedId {
  return `applied:${name}`;
}

function isApplied(id: PredictorId): id is AppliedId {
  return id.startsWith('applied:');
}

/** What to call a predictor and whether it is fitted on train; applied calibrators are named after their file's manifest. */
export function predictorInfo(id: PredictorId): PredictorInfo {
  if (!isApplied(id)) return PREDICTORS[id];
  return {
    id,
    label: id.slice('applied:'.length),
    description: 'Calibrator applied from a file: its fold ensemble on every example (the examples it was trained on included)',
    fitted: false,
  };
}

export interface Prediction {
  id: PredictorId;
  values: Float64Array;
  /** The fitted regression, for fitted predictors. */
  fit?: LinearFit | IsotonicFit;
}

export interface SkippedPredictor {
  id: PredictorId;
  reason: string;
}

/** Fewest labelled train examples a regression baseline is fitted on. */
export const MIN_FIT_EXAMPLES = 2;

function rolloutMeans(p: PromptRollouts, n: number): Float64Array {
  const out = new Float64Array(n);
  for (let e = 0; e < n; e++) {
    const a = p.offsets[e]!;
    const b = p.offsets[e + 1]!;
    if (a === b) {
      out[e] = NaN;
      continue;
    }
    let s = 0;
    for (let i = a; i < b; i++) s += p.scores[i]!;
    out[e] = s / (b - a);
  }
  return out;
}

function rolloutMedians(p: PromptRollouts, n: number): Float64Array {
  const out = new Float64Array(n);
  let buf = new Float64Array(16);
  for (let e = 0; e < n; e++) {
    const a = p.offsets[e]!;
    const k = p.offsets[e + 1]! - a;
    if (k === 0) {
      out[e] = NaN;
      continue;
    }
    if (k > buf.length) buf = new Float64Array(k);
    for (let i = 0; i < k; i++) buf[i] = p.scores[a + i]!;
    out[e] = medianInPlace(buf, k);
  }
  return out;
}

/**
 * The median of `v[0..k)` as `quantileSorted(sorted, 0.5)` gives it (numpy's), found by selection
 * instead of a sort; reorders `v`. At 100 rollouts per example sorting each example's scores was
 * 400 of the 455 ms per prompt version of `prepareAnalysis` over 100k examples (bench:compare).
 */
export function medianInPlace(v: Float64Array, k: number): number {
  const m = (k - 1) >> 1;
  selectInPlace(v, k, m);
  const lo = v[m]!;
  if (k % 2 === 1) return lo;
  let hi = v[m + 1]!;
  for (let i = m + 2; i < k; i++) if (v[i]! < hi) hi = v[i]!;
  // quantileSorted at h = m + 0.5 (t = 0.5): b − (b − a)·0.5, bit for bit.
  return hi - (hi - lo) * 0.5;
}

/** Puts the m-th smallest of `v[0..k)` at `v[m]`, smaller ones before it and larger ones after (Hoare's selection). */
function selectInPlace(v: Float64Array, k: number, m: number): void {
  let left = 0;
  let right = k - 1;
  while (right > left) {
    // Median of three as the pivot, so sorted and constant runs stay linear.
    const mid = (left + right) >> 1;
    const a = v[left]!;
    const b = v[mid]!;
    const c = v[right]!;
    const pivot = a < b ? (b < c ? b : a < c ? c : a) : a < c ? a : b < c ? c : b;
    let i = left;
    let j = right;
    while (i <= j) {
      while (v[i]! < pivot) i++;
      while (v[j]! > pivot) j--;
      if (i <= j) {
        const t = v[i]!;
        v[i] = v[j]!;
        v[j] = t;
        i++;
        j--;
      }
    }
    if (m <= j) right = j;
    else if (m >= i) left = i;
    else return;
  }
}

function firstRollout(p: PromptRollouts, n: number): Float64Array {
  const out = new Float64Array(n);
  for (let e = 0; e < n; e++) out[e] = p.offsets[e + 1]! > p.offsets[e]! ? p.scores[p.offsets[e]!]! : NaN;
  return out;
}

/** Clamps to the scale: a regression may extrapolate past it, a score cannot. */
function clamp(v: number, min: number, max: number): number {
  return v < min ? min : v > max ? max : v;
}

/**
 * Every baseline available for prompt `p`, and the ones that are not, with why. Regressions are
 * fitted on the train examples that have both a target and rollouts, and predict every example.
 */
export function baselinePredictions(input: AnalysisInput, p: PromptRollouts): { predictions: Prediction[]; skipped: SkippedPredictor[] } {
  const { n, scale } = input;
  const means = rolloutMeans(p, n);
  const predictions: Prediction[] = [
    { id: 'mean', values: means },
    { id: 'median', values: rolloutMedians(p, n) },
    { id: 'first', values: firstRollout(p, n) },
  ];
  const skipped: SkippedPredictor[] = [];
  if (p.rail) predictions.push({ id: 'rail', values: p.rail });
  else skipped.push({ id: 'rail', reason: 'no rollout of this prompt carries logprobs' });

  const trainX: number[] = [];
  const trainY: number[] = [];
  for (let e = 0; e < n; e++) {
    if (input.splits[e] === 0 && Number.isFinite(means[e]!) && Number.isFinite(input.targets[e]!)) {
      trainX.push(means[e]!);
      trainY.push(input.targets[e]!);
    }
  }
  for (const [id, fitter] of [
    ['linear', fitLinear],
    ['isotonic', fitIsotonic],
  ] as const) {
    const fit = trainX.length >= MIN_FIT_EXAMPLES ? fitter(trainX, trainY) : null;
    if (!fit) {
      skipped.push({ id, reason: `needs at least ${MIN_FIT_EXAMPLES} labelled train examples with rollouts (has ${trainX.length})` });
      continue;
    }
    const values = new Float64Array(n);
    for (let e = 0; e < n; e++) values[e] = clamp(predictRegression(fit, means[e]!), scale.min, scale.max);
    predictions.push({ id, values, fit });
  }
  if (p.calibrated) predictions.push({ id: 'calibrator', values: p.calibrated });
  for (const a of p.applied ?? []) predictions.push({ id: appliedId(a.name), values: a.values });
  return { predictions, skipped };
}
