// The multi-version candidate (issue 15 (c), docs/ARCHITECTURE.md §9.11): a ridge regression that
// predicts the target of the plan's prompt version from the scores several prompt versions gave the
// same example. Per version v it reads the compact score features of features.ts (quantiles .1 .25
// .5 .75 .9, mean, sd, min, max in unit space), standardised by that version's statistics over the
// training examples that have its scores, and a "no scores of v" indicator; an example without
// rollouts of v gets 0 for v's nine standardised features and 1 for the indicator. Trained on the
// MLP plan's own folds exactly as the text ridge is (textCandidate.ts): per outer fold the
// standardisation from the other folds only, λ by `fitByInnerCv` over them; the kept model on every
// dev example. Deploying it means running every version it reads. Pure; no DOM.
import type { AnalysisInput } from '../domain/analysisInput.ts';
import type { Scale } from '../domain/types.ts';
import { scoreCandidate, type Candidate, type LossWeights } from './candidates.ts';
import { buildFeatures, featureCount, featureStats, fromUnit, toUnit, type FeatureMatrix, type FeatureSpec } from './features.ts';
import { predictRidge, type RidgeDesign } from './ridge.ts';
import { fitByInnerCv, formatLambda, keptInnerFolds, outOfFoldOnScale, ridgeFolds } from './textCandidate.ts';
import type { TrainPlan } from './trainer.ts';

/** Score features read per version: the compact set (5 quantiles, mean, sd, min, max). */
export const MULTI_FEATURES = featureCount({ set: 'compact', k: 1 });

/** Columns per version in the design and in `weights`: its standardised features, then its indicator. */
export const MULTI_COLUMNS = MULTI_FEATURES + 1;

export interface MultiVersionModel {
  /** The prompt versions read, in input order; prompts[0] is the plan's own version. */
  prompts: string[];
  scale: Scale;
  /** Per version: mean and sd of its compact features over the dev examples that have its scores. */
  stats: { mean: Float64Array; sd: Float64Array }[];
  /** Per version, MULTI_COLUMNS weights: 9 on its standardised compact features, then 1 on its "no scores" indicator (length 10·V). */
  weights: Float64Array;
  intercept: number;
  lambda: number;
}

export interface MultiVersionOptions {
  /** The operating point: λ is chosen by this loss on the inner folds. */
  weights: LossWeights;
  lambdas?: readonly number[];
}

export interface MultiVersionRun {
  model: MultiVersionModel;
  candidate: Candidate;
  /** Per example on the scale: out of fold on the dev examples, the kept model's on the plan's other feature rows; NaN elsewhere. */
  predictions: Float64Array;
  /** λ chosen in each outer fold, then for the kept model. */
  foldLambdas: number[];
}

/** The plan's version first, then the others in the order given; RangeError for an unusable list. */
function versionOrder(input: AnalysisInput, plan: TrainPlan, versions: readonly number[]): number[] {
  const own = plan.options.prompt;
  if (versions.length < 2) throw new RangeError(`a multi-version candidate reads at least 2 versions, got ${versions.length}`);
  const seen = new Set<number>();
  for (const v of versions) {
    if (!(Number.isInteger(v) && v >= 0 && v < input.prompts.length))
      throw new RangeError(`prompt version #${v} outside 0..${input.prompts.length - 1}`);
    if (seen.has(v)) throw new RangeError(`prompt version #${v} listed twice`);
    seen.add(v);
  }
  if (!seen.has(own)) throw new RangeError(`the versions must include the plan's own (#${own})`);
  if (input.prompts[own]!.prompt !== plan.prompt || input.n !== plan.n)
    throw new RangeError(`the plan (prompt ${plan.prompt}, ${plan.n} examples) was not made from this input`);
  return [own, ...versions.filter((v) => v !== own)];
}

/** Feature-matrix row of each example (−1 without scores). */
function rowIndex(m: FeatureMatrix, n: number): Int32Array {
  const out = new Int32Array(n).fill(-1);
  m.rows.forEach((e, r) => (out[e] = r));
  return out;
}

/** A design with an empty sparse block (d = 0) over `dense` (rows × f). */
function denseDesign(dense: Float64Array, f: number): RidgeDesign {
  const n = dense.length / f;
  return { sparse: { n, d: 0, offsets: new Int32Array(n + 1), index: new Int32Array(0), values: new Float64Array(0) }, f, dense };
}

/**
 * Trains the multi-version ridge on `plan`'s dev examples and folds. `versions` are indices into
 * `input.prompts` and must include the plan's own (`plan.options.prompt`), which is put first.
 * RangeError for fewer than 2 versions, a duplicate, an index out of range, or a plan not made
 * from `input`.
 */
export function trainMultiVersion(
  input: AnalysisInput,
  plan: TrainPlan,
  versions: readonly number[],
  options: MultiVersionOptions,
): MultiVersionRun {
  const order = versionOrder(input, plan, versions);
  const nv = order.length;
  const scale = plan.scale;
  const f = MULTI_FEATURES;
  const cols = MULTI_COLUMNS * nv;
  const spec: FeatureSpec = { set: 'compact', k: plan.options.k };
  const matrices = order.map((v) => buildFeatures(input.prompts[v]!, plan.n, scale, spec));
  const rowOf = matrices.map((m) => rowIndex(m, plan.n));
  const devExamples = Int32Array.from(plan.devRows, (r) => plan.features.rows[r]!);
  const nDev = devExamples.length;
  const y = Float64Array.from(plan.yDev, (v) => toUnit(v, scale));
  const seed = plan.options.seed;

  /** Per version, the stats over the given examples that have its scores (mean 0, sd 1 when none has). */
  const statsOver = (examples: ArrayLike<number>) =>
    matrices.map((m, v) => {
      const positions: number[] = [];
      for (let i = 0; i < examples.length; i++) {
        const r = rowOf[v]![examples[i]!]!;
        if (r >= 0) positions.push(r);
      }
      return positions.length > 0 ? featureStats(m, positions) : { mean: new Float64Array(f), sd: new Float64Array(f).fill(1) };
    });
  /** The design rows of `examples` (examples × 10·V) under `stats`. */
  const designOf = (examples: ArrayLike<number>, stats: MultiVersionModel['stats']): Float64Array => {
    const out = new Float64Array(examples.length * cols);
    for (let i = 0; i < examples.length; i++) {
      for (let v = 0; v < nv; v++) {
        const o = i * cols + v * MULTI_COLUMNS;
        const r = rowOf[v]![examples[i]!]!;
        if (r < 0) {
          out[o + f] = 1;
          continue;
        }
        const { x } = matrices[v]!;
        const { mean, sd } = stats[v]!;
        for (let j = 0; j < f; j++) out[o + j] = (x[r * f + j]! - mean[j]!) / sd[j]!;
      }
    }
    return out;
  };

  // As trainTextRidge: with 3 or more folds λ is chosen on the other outer folds, renumbered;
  // with 2 (a training part is then one fold) on seeded random inner folds.
  const oofUnit = new Float64Array(nDev).fill(NaN);
  const foldLambdas: number[] = [];
  for (const { k, train, held, inner } of ridgeFolds(plan)) {
    const stats = statsOver(train.map((i) => devExamples[i]!));
    const x = denseDesign(designOf(devExamples, stats), cols);
    const { fit } = fitByInnerCv(x, y, Int32Array.from(train), inner, seed * 7919 + 1 + k, options);
    foldLambdas.push(fit.lambda);
    const p = predictRidge(fit, x, held);
    held.forEach((i, j) => (oofUnit[i] = p[j]!));
  }

  // The kept model: statistics from every dev example, λ from the plan's folds.
  const stats = statsOver(devExamples);
  const xDev = denseDesign(designOf(devExamples, stats), cols);
  const allDev = Int32Array.from({ length: nDev }, (_, i) => i);
  const { fit } = fitByInnerCv(xDev, y, allDev, keptInnerFolds(plan), seed * 7919, options);
  foldLambdas.push(fit.lambda);
  const prompts = order.map((v) => input.prompts[v]!.prompt);
  const model: MultiVersionModel = { prompts, scale, stats, weights: fit.beta.slice(), intercept: fit.intercept, lambda: fit.lambda };

  const predictions = new Float64Array(plan.n).fill(NaN);
  const rows = plan.features.rows;
  const pAll = predictRidge(fit, denseDesign(designOf(rows, stats), cols));
  rows.forEach((e, r) => (predictions[e] = fromUnit(pAll[r]!, scale)));
  const oof = outOfFoldOnScale(oofUnit, devExamples, scale, predictions);
  const candidate = scoreCandidate(
    {
      id: 'multi-version',
      label: `Ridge on the scores of ${nv} versions`,
      kind: 'multi',
      oof,
      detail: `λ ${formatLambda(fit.lambda)}; deploying it means running ${prompts.join(', ')}`,
    },
    plan.yDev,
  );
  return { model, candidate, predictions, foldLambdas };
}

/**
 * The model's unit-space prediction (not clipped) from the raw, unstandardised compact features of
 * each version (`buildFeatures(…, { set: 'compact' })`, 9 values) in `model.prompts` order; null =
 * no scores of that version (its indicator then counts). NaN when version 0, the model's own, has
 * none: the model only ever predicts examples with scores of its own version. The reference the
 * exported graph (exportMultiGraph.ts) is tested against.
 */
export function predictMultiVersionUnit(model: MultiVersionModel, rawFeaturesPerVersion: readonly (ArrayLike<number> | null)[]): number {
  const nv = model.prompts.length;
  const f = MULTI_FEATURES;
  if (rawFeaturesPerVersion.length !== nv)
    throw new RangeError(`${rawFeaturesPerVersion.length} versions of features, the model reads ${nv}`);
  if (model.weights.length !== nv * MULTI_COLUMNS)
    throw new RangeError(`the model has ${model.weights.length} weights, expected ${nv * MULTI_COLUMNS}`);
  if (rawFeaturesPerVersion[0] === null) return NaN;
  let u = model.intercept;
  for (let v = 0; v < nv; v++) {
    const raw = rawFeaturesPerVersion[v] ?? null;
    const o = v * MULTI_COLUMNS;
    if (raw === null) {
      u += model.weights[o + f]!;
      continue;
    }
    if (raw.length !== f) throw new RangeError(`version ${v}: ${raw.length} features, expected ${f}`);
    const { mean, sd } = model.stats[v]!;
    for (let j = 0; j < f; j++) u += model.weights[o + j]! * ((raw[j]! - mean[j]!) / sd[j]!);
  }
  return u;
}
