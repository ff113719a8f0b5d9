// The calibrator manifest (calibrator.json, also inside the .onnx as metadata_props
// "rir.manifest"): what the file computes, from which data and how it scored, versioned. Five
// kinds of model, told apart by `model.kind`: the MLP ensemble on the score features
// ('mlp-ensemble', input `scores`, outputs `prediction` and `spread`), the ridge on the hashed
// n-grams of the reasoning and the score features ('text-ridge', inputs `counts` and `scores`,
// output `prediction` only), the MLP stacked on that ridge ('stacked-mlp', inputs `counts` and
// `scores`, outputs `prediction` and `spread`), a kept baseline ('baseline': the mean or median
// of the scores, or a linear or isotonic fit on their mean; input `scores`, output `prediction`
// only) and the multi-version ridge ('multi-version': a ridge on the compact score features of
// several prompt versions of the same example; inputs `scores_0` … `scores_{V−1}`, one per
// version, output `prediction` only; running it means running every version it lists).
// `calibratorManifest` / `textCalibratorManifest` / `stackedCalibratorManifest` /
// `baselineCalibratorManifest` / `multiVersionCalibratorManifest` write them;
// `parseManifest` reads any back with every problem named by its field; `checkFits` says in
// words why a calibrator cannot be applied to a dataset. The JSON Schema is
// docs/calibrator.schema.json (tests keep the two in step). Pure.
//
// The text, baseline and multi-version kinds are format version 1 too: each adds a kind and
// changes nothing of the MLP manifest, so every file written before reads as it did; and a reader of version 1 that
// knows only the MLP cannot misread them (its parseManifest refuses two inputs, a model without
// members and a null standardisation, and onnxruntime refuses a run without `counts`), which is
// the rule for a bump below. A multi-version file is refused by such a reader on its null
// standardisation and its first input's name (`scores_0`).
import type { PromptReport } from '../domain/analysis.ts';
import { promptJson } from '../domain/reportJson.ts';
import type { Scale } from '../domain/types.ts';
import type { IsotonicFit, LinearFit } from '../domain/regression.ts';
import {
  BASELINE_EXPORT_IO,
  BASELINE_IDS,
  baselineDescription,
  checkBaselineModel,
  isBaselineId,
  type BaselineKind,
  type BaselineModel,
} from './exportBaselineGraph.ts';
import { EXPORT_IO } from './exportGraph.ts';
import { MULTI_EXPORT_IO } from './exportMultiGraph.ts';
import { TEXT_EXPORT_IO, textSpecJson, type TextSpecJson } from './exportTextGraph.ts';
import { COMPACT_QUANTILES, featureNames, type FeatureSetId } from './features.ts';
import { MULTI_COLUMNS, MULTI_FEATURES, type MultiVersionModel } from './multiVersion.ts';
import { REPORT_OPTIONS, type CalibrationReport, type TrainOutcome } from './report.ts';
import { MAX_ORDER } from './textFeatures.ts';
import type { TextFeaturizerSpec, TextRidgeModel } from './textModel.ts';
import type { CalibratorModel, ConfigResult, TrainGrid, TrainResult } from './trainer.ts';
import { stackGrid } from './stacking.ts';
import { DEFAULT_ADAM_CONSTANTS } from './trainGraph.ts';

export const MANIFEST_FORMAT = 'rir-calibrator';
/** Bump on any change a reader of version 1 would misread; readers refuse versions they do not know. */
export const MANIFEST_FORMAT_VERSION = 1;

export interface TensorSpec {
  name: string;
  dtype: 'float32';
  shape: (number | string)[];
  description: string;
  /** The prompt version whose rollout scores feed this input. */
  prompt?: string;
}

/** What every kind of calibrator.json holds (format version 1, snake_case as the CLI's JSON). */
interface ManifestCommon {
  format: typeof MANIFEST_FORMAT;
  format_version: number;
  app: { name: 'rir-workbench'; version: string };
  /** ISO 8601 time of export. */
  created: string;
  /** What the app calls it once applied (a predictor's name). */
  name: string;
  /** The dataset it was trained on: name and content hash, never a path. */
  dataset: { name: string; content_hash: string; examples: number };
  prompts: string[];
  scale: Scale;
  inputs: TensorSpec[];
  outputs: TensorSpec[];
  /** How the input is read: the score features (MLP, text), the compact input a baseline reads, or the compact set of each version (multi-version). */
  features: ScoreFeaturesJson | BaselineFeaturesJson | MultiFeaturesJson;
  metrics: ManifestMetrics;
}

/** The score features of the MLP and text kinds. */
export interface ScoreFeaturesJson {
  set: FeatureSetId;
  /** Rollout scores per example of the sorted set (the input width); for compact, the K of training, informative. */
  k: number;
  names: string[];
  quantiles: number[] | null;
  /** Fewest scores a row needs for a prediction (K for sorted, 1 for compact); below it the prediction is NaN. */
  min_scores: number;
  standardisation: { mean: number[]; sd: number[] };
}

/** A baseline's input: every score of a row (the compact layout, NaN-padded), one statistic of them, nothing standardised. */
export interface BaselineFeaturesJson {
  set: 'compact';
  /** The K of training, informative. */
  k: number;
  /** The statistic of the present scores the baseline reads: ["mean"] (mean, linear, isotonic) or ["median"]. */
  names: string[];
  quantiles: null;
  min_scores: 1;
  standardisation: null;
}

/**
 * A multi-version calibrator's features: every score of a row of each version (the compact layout,
 * NaN-padded), the compact set computed per version; the standardisation is per version, in
 * `model.stats` (hence null here), and the model adds a "no scores of this version" indicator.
 */
export interface MultiFeaturesJson {
  set: 'compact';
  /** The K of training, informative (the file reads any number of scores per version). */
  k: number;
  /** The compact features computed from each version's scores in unit space (9). */
  names: string[];
  quantiles: number[];
  /** A prediction needs one score of prompts[0]; another version may have none (its indicator then counts). */
  min_scores: 1;
  standardisation: null;
}

/** The test and out-of-fold metrics of a calibrator, beside the baselines'. */
export interface ManifestMetrics {
  seed: number;
  resamples: number;
  test: MetricsBlock | null;
  out_of_fold: MetricsBlock | null;
  /** The calibrator minus each baseline on the test split, with the paired bootstrap 95% CI. */
  comparisons: { id: string; delta_ccc: number | null; delta_ci: readonly [number, number] | null; verdict: string }[];
}

/** A training's example counts. */
export interface ExamplesJson {
  dev: number;
  test: number;
  too_few_rollouts: number;
  no_rollouts: number;
}

/** The MLP ensemble's manifest (input `scores`; outputs `prediction` and `spread`). */
export interface MlpCalibratorManifest extends ManifestCommon {
  features: ScoreFeaturesJson;
  model: { kind: 'mlp-ensemble'; activation: 'relu'; hidden: number; members: number; features: number };
  training: {
    seed: number;
    folds: number | null;
    seeds: number | null;
    grid: { hidden: number[]; weight_decay: number[]; lr: number[] } | null;
    selected: { hidden: number; weight_decay: number; lr: number };
    max_epochs: number | null;
    patience: number | null;
    steps_per_run: number | null;
    loss: { ccc: number; nmse: number } | null;
    optimiser: { name: 'adamw'; beta1: number; beta2: number; eps: number };
    epochs: number;
    stopped_early: boolean;
    backend: string;
    examples: ExamplesJson;
    configs: { hidden: number; weight_decay: number; lr: number; oof_ccc: number | null; oof_nmse: number | null; best_epoch: number }[];
  };
}

/** How a text calibrator was trained (null in the manifest when the exporter did not record it). */
export interface TextTrainingJson {
  seed: number;
  /** Outer folds of the out-of-fold predictions. */
  folds: number | null;
  /** Folds of the cross-validation that chose λ. */
  inner_folds: number | null;
  /** The λ grid searched. */
  lambdas: number[] | null;
  /** Weights of the loss a·(1 − CCC) + b·NMSE that chose λ. */
  loss: { ccc: number; nmse: number } | null;
  examples: ExamplesJson;
  /** Each λ with its cross-validated CCC and NMSE. */
  configs: { lambda: number; oof_ccc: number | null; oof_nmse: number | null }[];
}

/** The text calibrator's manifest (inputs `counts` and `scores`; output `prediction` only). */
export interface TextCalibratorManifest extends ManifestCommon {
  features: ScoreFeaturesJson;
  model: {
    kind: 'text-ridge';
    /** The ridge penalty. */
    lambda: number;
    /** Hash buckets D: the width of `counts`. */
    buckets: number;
    /** Score features F. */
    features: number;
    /** How reasoning becomes `counts`, exactly (exportTextGraph.ts `textSpecJson`). */
    text: TextSpecJson;
  };
  training: TextTrainingJson | null;
}

/** A baseline's fit as the manifest states it (null for mean and median). */
export type BaselineFitJson =
  { kind: 'linear'; intercept: number; slope: number } | { kind: 'isotonic'; xs: number[]; ys: number[] } | null;

/** How the run that kept a baseline chose it (null in the manifest when not recorded). */
export interface BaselineTrainingJson {
  seed: number;
  /** Folds of the out-of-fold predictions the candidates were compared on. */
  folds: number | null;
  /** Weights of the loss a·(1 − CCC) + b·NMSE the candidates were compared at. */
  loss: { ccc: number; nmse: number } | null;
  /** 'loss': the lowest out-of-fold loss; 'user': picked from the frontier. */
  kept_by: 'loss' | 'user';
  /** The examples; a linear or isotonic fit is on every dev example. */
  examples: ExamplesJson;
}

/** A kept baseline's manifest (input `scores`, every score of a row; output `prediction` only). */
export interface BaselineCalibratorManifest extends ManifestCommon {
  features: BaselineFeaturesJson;
  model: {
    kind: 'baseline';
    baseline: BaselineKind;
    /** What it computes, in words. */
    description: string;
    /** The fit on the mean of the scores (linear: intercept, slope; isotonic: the points xs → ys); null for mean and median. */
    fit: BaselineFitJson;
  };
  training: BaselineTrainingJson | null;
}

/**
 * The stacked calibrator's manifest (inputs `counts` and `scores`; outputs `prediction` and
 * `spread`): the text ridge's unit-space prediction, standardised by `model.text_input`, is the
 * MLP ensemble's last input after the score features.
 */
export interface StackedCalibratorManifest extends ManifestCommon {
  features: ScoreFeaturesJson;
  model: {
    kind: 'stacked-mlp';
    activation: 'relu';
    hidden: number;
    members: number;
    /** The MLP's inputs: the score features F, then the text input (F + 1). */
    features: number;
    /** Hash buckets D: the width of `counts`. */
    buckets: number;
    /** How reasoning becomes `counts`, exactly (exportTextGraph.ts `textSpecJson`). */
    text: TextSpecJson;
    /** The ridge that reads `counts` and the score features: its penalty. */
    ridge: { lambda: number; features: number };
    /** (ridge prediction in unit space − mean) / sd is the MLP's last input. */
    text_input: { mean: number; sd: number };
  };
  /** The stacked MLP's training (its grid is the run's middle width, stacking.ts `stackGrid`) and the ridge's. */
  training: (MlpCalibratorManifest['training'] & { ridge: TextTrainingJson }) | null;
}

/** One version's standardisation in a multi-version manifest. */
export interface MultiStatsJson {
  /** The version (prompts[i]). */
  prompt: string;
  mean: number[];
  sd: number[];
}

/** The multi-version ridge as its manifest states it (the graph carries the same weights). */
export interface MultiModelJson {
  kind: 'multi-version';
  /** V: the versions read, prompts[0 … V − 1] (inputs `scores_0` … `scores_{V−1}`). */
  versions: number;
  /** The compact features per version (9); each version has them and a "no scores" indicator: 10 columns. */
  features_per_version: number;
  /** The ridge penalty. */
  lambda: number;
  /** Per version, in prompts order: mean and sd of its 9 features over the training examples that had its scores. */
  stats: MultiStatsJson[];
  /** 10·V weights: per version, 9 on its standardised features, then 1 on its indicator. */
  weights: number[];
  intercept: number;
  /** What the file computes, in words. */
  description: string;
  /** What deploying it takes, in words: every listed version must be run on each example. */
  deploy: string;
}

/** The multi-version calibrator's manifest (inputs `scores_0` … `scores_{V−1}`, one per prompt version; output `prediction` only). */
export interface MultiVersionCalibratorManifest extends ManifestCommon {
  features: MultiFeaturesJson;
  model: MultiModelJson;
  /** How λ was chosen (the text ridge's layout; `configs` empty); null when not recorded. */
  training: TextTrainingJson | null;
}

/** calibrator.json, format version 1: one of the five kinds, by `model.kind`. */
export type CalibratorManifest =
  MlpCalibratorManifest | TextCalibratorManifest | BaselineCalibratorManifest | StackedCalibratorManifest | MultiVersionCalibratorManifest;

/** A calibrator whose graph reads the reasoning (`counts`): the text ridge and the stacked MLP. */
export type ReasoningManifest = TextCalibratorManifest | StackedCalibratorManifest;

export const isTextManifest = (m: CalibratorManifest): m is TextCalibratorManifest => m.model.kind === 'text-ridge';
export const isBaselineManifest = (m: CalibratorManifest): m is BaselineCalibratorManifest => m.model.kind === 'baseline';
/** Whether the calibrator reads the scores of several prompt versions (inputs `scores_0` …, in prompts order). */
export const isMultiManifest = (m: CalibratorManifest): m is MultiVersionCalibratorManifest => m.model.kind === 'multi-version';
/** Whether the calibrator reads the reasoning's hashed n-gram counts beside the scores. */
export const readsReasoning = (m: CalibratorManifest): m is ReasoningManifest =>
  m.model.kind === 'text-ridge' || m.model.kind === 'stacked-mlp';
/** Whether the calibrator's file has a `spread` output (the MLP ensembles have: score-only and stacked). */
export const hasSpread = (m: CalibratorManifest): m is MlpCalibratorManifest | StackedCalibratorManifest =>
  m.model.kind === 'mlp-ensemble' || m.model.kind === 'stacked-mlp';

/** The baseline a manifest states, as the graph builder takes it. */
export function baselineModelOf(m: BaselineCalibratorManifest): BaselineModel {
  const fit = m.model.fit;
  const model: BaselineModel = { prompt: m.prompts[0]!, scale: { ...m.scale }, baseline: m.model.baseline };
  if (fit?.kind === 'linear') model.fit = { kind: 'linear', intercept: fit.intercept, slope: fit.slope } satisfies LinearFit;
  else if (fit?.kind === 'isotonic') model.fit = { kind: 'isotonic', xs: [...fit.xs], ys: [...fit.ys] } satisfies IsotonicFit;
  return model;
}

/** The multi-version model a manifest states (as `buildMultiVersionOnnx` and `predictMultiVersionUnit` take it). */
export function multiVersionModelOf(m: MultiVersionCalibratorManifest): MultiVersionModel {
  return {
    prompts: [...m.prompts],
    scale: { ...m.scale },
    stats: m.model.stats.map((s) => ({ mean: Float64Array.from(s.mean), sd: Float64Array.from(s.sd) })),
    weights: Float64Array.from(m.model.weights),
    intercept: m.model.intercept,
    lambda: m.model.lambda,
  };
}

/** A prompt report in the `cli eval --json` layout, with how many examples it scored. */
export type MetricsBlock = ReturnType<typeof promptJson> & { examples: number };

export interface ManifestContext {
  dataset: { name: string; contentHash: string; examples: number };
  appVersion: string;
  /** Time of export (ms since epoch). */
  now: number;
  /** Defaults to "<dataset> · <prompt>". */
  name?: string;
}

/** What a baseline's manifest takes beside the model: the K of training, and the run's record, when there is one. */
export interface BaselineManifestContext extends ManifestContext {
  /** Rollouts per example of the training (informative: the file reads any number). */
  k: number;
  /** null / absent: not recorded. */
  training?: BaselineTrainingJson | null;
  /** The metrics of the training run (`metricsJson`); absent: none recorded. */
  metrics?: ManifestMetrics;
}

/** What a multi-version manifest takes beside the model: the K of training, and the run's record, when there is one. */
export interface MultiManifestContext extends ManifestContext {
  /** Rollouts per example of the training's own version (informative: the file reads any number). */
  k: number;
  /** null / absent: not recorded. */
  training?: TextTrainingJson | null;
  /** The metrics of the training run (`metricsJson`); absent: none recorded. */
  metrics?: ManifestMetrics;
}

/** What a text calibrator's manifest takes beside the model: the training run's record, when there is one. */
export interface TextManifestContext extends ManifestContext {
  /** null / absent: not recorded. */
  training?: TextTrainingJson | null;
  /** The metrics of the training run (`metricsJson`); absent: none recorded (both blocks null, no comparison). */
  metrics?: ManifestMetrics;
}

function inputSpec(model: Pick<CalibratorModel, 'featureSet' | 'k' | 'prompt' | 'scale'>): TensorSpec {
  const sorted = model.featureSet === 'sorted';
  return {
    name: EXPORT_IO.scores,
    prompt: model.prompt,
    dtype: 'float32',
    shape: ['N', sorted ? model.k : 'R'],
    description: sorted
      ? `exactly ${model.k} rollout scores of prompt version ${model.prompt} per example, in any order, on the scale ${model.scale.min}..${model.scale.max}; a row with a NaN gets a NaN prediction`
      : `the rollout scores of prompt version ${model.prompt} per example, in any order, on the scale ${model.scale.min}..${model.scale.max}, rows padded with NaN to the widest; a row without any score gets a NaN prediction`,
  };
}

const OUTPUTS: TensorSpec[] = [
  { name: EXPORT_IO.prediction, dtype: 'float32', shape: ['N'], description: 'calibrated prediction on the dataset scale, clipped to it' },
  {
    name: EXPORT_IO.spread,
    dtype: 'float32',
    shape: ['N'],
    description: "population sd of the ensemble members' predictions (before clipping), on the dataset scale: the calibrator's uncertainty",
  },
];

const TEXT_OUTPUTS: TensorSpec[] = [
  {
    name: TEXT_EXPORT_IO.prediction,
    dtype: 'float32',
    shape: ['N'],
    description:
      'calibrated prediction on the dataset scale, clipped to it; no spread output (a single ridge model has no members to disagree)',
  },
];

const BASELINE_OUTPUTS: TensorSpec[] = [
  {
    name: BASELINE_EXPORT_IO.prediction,
    dtype: 'float32',
    shape: ['N'],
    description:
      "the baseline's prediction on the dataset scale (a linear or isotonic fit clipped to it; the mean and median as they come); no spread output (a baseline has none)",
  },
];

function countsSpec(model: TextRidgeModel): TensorSpec {
  return {
    name: TEXT_EXPORT_IO.counts,
    prompt: model.prompt,
    dtype: 'float32',
    shape: ['N', model.text.buckets],
    description:
      `hashed n-gram counts of the reasoning of prompt version ${model.prompt} per example, summed over its rollouts (model.text says how, exactly), ` +
      `dense: column = bucket, value = count; a row of zeros for an example without reasoning (its text part is then 0)`,
  };
}

function block(report: PromptReport | null, examples: number): MetricsBlock | null {
  return report && { examples, ...promptJson(report) };
}

/**
 * The manifest's metrics of a calibration report: the test split's block (`test` examples), the
 * out-of-fold block (`dev` examples) and the paired ΔCCC comparisons, with the report's seed and resamples.
 */
export function metricsJson(report: CalibrationReport, counts: { test: number; dev: number }): ManifestMetrics {
  return {
    seed: REPORT_OPTIONS.seed,
    resamples: REPORT_OPTIONS.resamples,
    test: block(report.test, counts.test),
    out_of_fold: block(report.outOfFold, counts.dev),
    comparisons: report.comparisons.map((c) => ({ id: c.id, delta_ccc: c.deltaCcc, delta_ci: c.deltaCi, verdict: c.verdict })),
  };
}

/** A training's example counts, as the manifest and `cli train --json` give them. */
export function countsJson(result: TrainResult): ExamplesJson {
  const c = result.counts;
  return { dev: c.train, test: c.test, too_few_rollouts: c.tooFewRollouts, no_rollouts: c.noRollouts };
}

/** Each grid configuration with its out-of-fold scores (a run's or its stacked MLP's), as the manifest and `cli train --json` give them. */
export function configsJson(configs: readonly ConfigResult[]): MlpCalibratorManifest['training']['configs'] {
  return configs.map((c) => ({
    hidden: c.config.hidden,
    weight_decay: c.config.weightDecay,
    lr: c.config.lr,
    oof_ccc: c.oofCcc,
    oof_nmse: c.oofNmse,
    best_epoch: c.bestEpoch,
  }));
}

/** What every manifest opens with: format, app, time, name, dataset, prompt version and scale. */
function manifestHead(
  ctx: ManifestContext,
  prompt: string,
  scale: Scale,
): Pick<MlpCalibratorManifest, 'format' | 'format_version' | 'app' | 'created' | 'name' | 'dataset' | 'prompts' | 'scale'> {
  return {
    format: MANIFEST_FORMAT,
    format_version: MANIFEST_FORMAT_VERSION,
    app: { name: 'rir-workbench', version: ctx.appVersion },
    created: new Date(ctx.now).toISOString(),
    name: ctx.name ?? `${ctx.dataset.name} · ${prompt}`,
    dataset: { name: ctx.dataset.name, content_hash: ctx.dataset.contentHash, examples: ctx.dataset.examples },
    prompts: [prompt],
    scale: { ...scale },
  };
}

/** The score features' block: set, K, names, quantile levels, the scores a row needs, and the standardisation. */
function featuresJson(set: FeatureSetId, k: number, stats: { mean: ArrayLike<number>; sd: ArrayLike<number> }): ScoreFeaturesJson {
  const sorted = set === 'sorted';
  return {
    set,
    k,
    names: featureNames({ set, k }),
    quantiles: sorted ? null : [...COMPACT_QUANTILES],
    min_scores: sorted ? k : 1,
    standardisation: { mean: Array.from(stats.mean), sd: Array.from(stats.sd) },
  };
}

/** The metrics block of a manifest that records none: both blocks null, no comparison. */
const NO_METRICS = (): ManifestMetrics => ({
  seed: REPORT_OPTIONS.seed,
  resamples: REPORT_OPTIONS.resamples,
  test: null,
  out_of_fold: null,
  comparisons: [],
});

/** The manifest of a finished training. */
export function calibratorManifest(outcome: TrainOutcome, ctx: ManifestContext): MlpCalibratorManifest {
  const { result, report } = outcome;
  const { model } = result;
  const o = result.options;
  return {
    ...manifestHead(ctx, model.prompt, model.scale),
    inputs: [inputSpec(model)],
    outputs: OUTPUTS,
    features: featuresJson(model.featureSet, model.k, model.stats),
    model: { kind: 'mlp-ensemble', activation: 'relu', hidden: model.h, members: model.members.length, features: model.stats.mean.length },
    training: mlpTrainingJson(result, model, o?.grid ?? null, configsJson(result.configs)),
    metrics: metricsJson(report, { test: result.counts.test, dev: result.counts.train }),
  };
}

/**
 * The manifest of a text calibrator (inputs `counts` and `scores`, output `prediction`): the
 * model's featuriser spec (`textSpecJson`: RangeError if it is not one a reader can reproduce), λ,
 * D, and the score features' standardisation; training and metrics as `ctx` records them.
 */
export function textCalibratorManifest(model: TextRidgeModel, ctx: TextManifestContext): TextCalibratorManifest {
  const f = model.stats.mean.length;
  return {
    ...manifestHead(ctx, model.prompt, model.scale),
    inputs: [countsSpec(model), inputSpec({ featureSet: model.scoreSet, k: model.k, prompt: model.prompt, scale: model.scale })],
    outputs: TEXT_OUTPUTS,
    features: featuresJson(model.scoreSet, model.k, model.stats),
    model: { kind: 'text-ridge', lambda: model.lambda, buckets: model.text.buckets, features: f, text: textSpecJson(model.text) },
    training: ctx.training ?? null,
    metrics: ctx.metrics ?? NO_METRICS(),
  };
}

/** The MLP's training record of a run (the score-only MLP's, or with `mlp` the stacked MLP's). */
function mlpTrainingJson(
  result: TrainResult,
  mlp: CalibratorModel,
  grid: TrainGrid | null,
  configs: MlpCalibratorManifest['training']['configs'],
): MlpCalibratorManifest['training'] {
  const o = result.options;
  return {
    seed: mlp.seed,
    folds: result.folds ?? null,
    seeds: o?.seeds ?? null,
    grid: grid ? { hidden: [...grid.hidden], weight_decay: [...grid.weightDecay], lr: [...grid.lr] } : null,
    selected: { hidden: mlp.config.hidden, weight_decay: mlp.config.weightDecay, lr: mlp.config.lr },
    max_epochs: o?.maxEpochs ?? null,
    patience: o?.patience ?? null,
    steps_per_run: o?.steps ?? null,
    loss: o ? { ...o.loss } : null,
    optimiser: { name: 'adamw', ...DEFAULT_ADAM_CONSTANTS },
    epochs: result.epochs,
    stopped_early: result.cancelled,
    backend: result.provider,
    examples: countsJson(result),
    configs,
  };
}

/**
 * The manifest of a stacked calibrator (inputs `counts` and `scores`, outputs `prediction` and
 * `spread`) of a run whose result has one (`result.stacked`), with its text ridge `ridge`; the
 * ridge's training as `ridgeTraining` records it. RangeError for a run without a stacked MLP or a
 * featuriser a reader cannot reproduce.
 */
export function stackedCalibratorManifest(
  outcome: TrainOutcome,
  ridge: TextRidgeModel,
  ridgeTraining: TextTrainingJson,
  ctx: ManifestContext,
): StackedCalibratorManifest {
  const { result, report } = outcome;
  const stacked = result.stacked;
  if (!stacked) throw new RangeError('the run has no stacked MLP');
  const mlp = stacked.model;
  const f = mlp.stats.mean.length;
  const configs = configsJson(stacked.configs);
  return {
    ...manifestHead(ctx, mlp.prompt, mlp.scale),
    inputs: [countsSpec(ridge), inputSpec(mlp)],
    outputs: OUTPUTS,
    features: featuresJson(mlp.featureSet, mlp.k, mlp.stats),
    model: {
      kind: 'stacked-mlp',
      activation: 'relu',
      hidden: mlp.h,
      members: mlp.members.length,
      features: f + 1,
      buckets: ridge.text.buckets,
      text: textSpecJson(ridge.text),
      ridge: { lambda: ridge.lambda, features: f },
      text_input: { mean: mlp.text.mean, sd: mlp.text.sd },
    },
    training: {
      ...mlpTrainingJson(result, mlp, result.options ? stackGrid(result.options.grid) : null, configs),
      ridge: ridgeTraining,
    },
    metrics: metricsJson(report, { test: result.counts.test, dev: result.counts.train }),
  };
}

/**
 * The manifest of a kept baseline (input `scores` in the compact layout, output `prediction`): the
 * baseline, its fit, what it computes in words; training and metrics as `ctx` records them.
 * RangeError for a model the graph cannot state (checkBaselineModel).
 */
export function baselineCalibratorManifest(model: BaselineModel, ctx: BaselineManifestContext): BaselineCalibratorManifest {
  checkBaselineModel(model);
  const fit = model.fit;
  return {
    ...manifestHead(ctx, model.prompt, model.scale),
    inputs: [inputSpec({ featureSet: 'compact', k: ctx.k, prompt: model.prompt, scale: model.scale })],
    outputs: BASELINE_OUTPUTS,
    features: {
      set: 'compact',
      k: ctx.k,
      names: [model.baseline === 'median' ? 'median' : 'mean'],
      quantiles: null,
      min_scores: 1,
      standardisation: null,
    },
    model: {
      kind: 'baseline',
      baseline: model.baseline,
      description: baselineDescription(model),
      fit:
        fit === undefined
          ? null
          : fit.kind === 'linear'
            ? { kind: 'linear', intercept: fit.intercept, slope: fit.slope }
            : { kind: 'isotonic', xs: [...fit.xs], ys: [...fit.ys] },
    },
    training: ctx.training ?? null,
    metrics: ctx.metrics ?? NO_METRICS(),
  };
}

/** What a multi-version file computes, in words (the manifest's `model.description`). */
function multiDescription(prompts: readonly string[], scale: Scale): string {
  const range = scale.max - scale.min;
  return (
    `prediction = clip(${scale.min} + ${range} · (intercept + Σ_v Σ_j weights[10·v + j] · x_vj), ${scale.min}, ${scale.max}) over the versions v of prompts (${prompts.join(', ')}): ` +
    `for j < 9, x_vj = (feature j of the row's scores of v in unit space, (score − ${scale.min}) / ${range}, − stats[v].mean[j]) / stats[v].sd[j], features.names in order, ` +
    `0 when the row has no score of v; x_v9 = 1 when the row has no score of v, else 0. NaN for a row without any score of ${prompts[0]}.`
  );
}

/** What deploying a multi-version file takes, in words (the manifest's `model.deploy`). */
export function multiDeploy(prompts: readonly string[]): string {
  return (
    `running it means running every listed version on each example: ${prompts.join(', ')} (input scores_i takes the scores of prompts[i]); ` +
    `it predicts examples with a score of ${prompts[0]}, and an example without scores of another version is predicted without them`
  );
}

/**
 * The manifest of a multi-version ridge (inputs `scores_0` … `scores_{V−1}`, the compact layout of
 * each version in `model.prompts` order; output `prediction`): the model written out (per-version
 * standardisation, weights, intercept, λ), what it computes and what deploying it takes; training
 * and metrics as `ctx` records them. RangeError for a model whose parts do not fit together.
 */
export function multiVersionCalibratorManifest(model: MultiVersionModel, ctx: MultiManifestContext): MultiVersionCalibratorManifest {
  const { prompts, scale, stats } = model;
  const nv = prompts.length;
  if (nv < 1) throw new RangeError('a multi-version model reads at least one version');
  if (new Set(prompts).size !== nv) throw new RangeError(`the versions must be distinct, got ${prompts.join(', ')}`);
  if (stats.length !== nv) throw new RangeError(`${stats.length} standardisations for ${nv} versions`);
  if (model.weights.length !== nv * MULTI_COLUMNS) throw new RangeError(`${model.weights.length} weights, expected ${nv * MULTI_COLUMNS}`);
  const range = `${scale.min}..${scale.max}`;
  return {
    ...manifestHead(ctx, prompts[0]!, scale),
    prompts: [...prompts],
    inputs: prompts.map((p, v) => ({
      name: MULTI_EXPORT_IO.scores(v),
      prompt: p,
      dtype: 'float32',
      shape: ['N', `R_${v}`],
      description:
        `the rollout scores of prompt version ${p} per example (${v === 0 ? 'the version it calibrates' : `version ${v + 1} of ${nv} it reads`}), in any order, on the scale ${range}, ` +
        `rows padded with NaN to the widest; a row of all NaN = no score of ${p}` +
        (v === 0 ? ' (its prediction is then NaN)' : ' (its "no scores" indicator then counts)'),
    })),
    outputs: [
      {
        name: MULTI_EXPORT_IO.prediction,
        dtype: 'float32',
        shape: ['N'],
        description: `calibrated prediction on the dataset scale, clipped to it; NaN where the row has no score of ${prompts[0]}; no spread output (a single ridge model has none)`,
      },
    ],
    features: {
      set: 'compact',
      k: ctx.k,
      names: featureNames({ set: 'compact', k: 1 }),
      quantiles: [...COMPACT_QUANTILES],
      min_scores: 1,
      standardisation: null,
    },
    model: {
      kind: 'multi-version',
      versions: nv,
      features_per_version: MULTI_FEATURES,
      lambda: model.lambda,
      stats: stats.map((st, v) => ({ prompt: prompts[v]!, mean: Array.from(st.mean), sd: Array.from(st.sd) })),
      weights: Array.from(model.weights),
      intercept: model.intercept,
      description: multiDescription(prompts, scale),
      deploy: multiDeploy(prompts),
    },
    training: ctx.training ?? null,
    metrics: ctx.metrics ?? NO_METRICS(),
  };
}

/** A manifest that cannot be read, with the field at fault. */
export class ManifestError extends Error {}

type Json = Record<string, unknown>;

function obj(v: unknown, field: string): Json {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new ManifestError(`${field} must be an object`);
  return v as Json;
}
function str(v: unknown, field: string): string {
  if (typeof v !== 'string' || v === '') throw new ManifestError(`${field} must be a non-empty string`);
  return v;
}
function num(v: unknown, field: string): number {
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new ManifestError(`${field} must be a finite number`);
  return v;
}
function whole(v: unknown, field: string, min: number): number {
  const n = num(v, field);
  if (!Number.isInteger(n) || n < min) throw new ManifestError(`${field} must be a whole number ≥ ${min}`);
  return n;
}
function nums(v: unknown, field: string, length: number): number[] {
  if (!Array.isArray(v) || v.length !== length) throw new ManifestError(`${field} must be a list of ${length} numbers`);
  return v.map((x, i) => num(x, `${field}[${i}]`));
}

/**
 * Reads a manifest (JSON text or a parsed value), checking what applying it relies on: format and
 * version, prompt versions, scale, feature set, K, the model's kind and its input and output
 * tensors; for a text calibrator also λ, D and a featuriser this app reproduces exactly
 * (`textSpecOf`). ManifestError names the first field at fault; a newer format version is
 * refused, never guessed at.
 */
export function parseManifest(source: string | unknown): CalibratorManifest {
  let raw: unknown = source;
  if (typeof source === 'string') {
    try {
      raw = JSON.parse(source);
    } catch {
      throw new ManifestError('the manifest is not valid JSON');
    }
  }
  const m = obj(raw, 'manifest');
  if (m.format !== MANIFEST_FORMAT)
    throw new ManifestError(`format must be "${MANIFEST_FORMAT}" (this is not a rir-workbench calibrator manifest)`);
  const version = whole(m.format_version, 'format_version', 1);
  if (version > MANIFEST_FORMAT_VERSION) {
    throw new ManifestError(
      `format version ${version} is newer than this app reads (${MANIFEST_FORMAT_VERSION}): open it with a newer rir-workbench`,
    );
  }
  str(m.name, 'name');
  const dataset = obj(m.dataset, 'dataset');
  str(dataset.name, 'dataset.name');
  str(dataset.content_hash, 'dataset.content_hash');
  if (!Array.isArray(m.prompts) || m.prompts.length === 0) throw new ManifestError('prompts must list at least one prompt version');
  m.prompts.forEach((p, i) => str(p, `prompts[${i}]`));
  const scale = obj(m.scale, 'scale');
  if (num(scale.max, 'scale.max') <= num(scale.min, 'scale.min')) throw new ManifestError('scale.max must be above scale.min');
  const features = obj(m.features, 'features');
  if (features.set !== 'sorted' && features.set !== 'compact') throw new ManifestError('features.set must be "sorted" or "compact"');
  const k = whole(features.k, 'features.k', 1);
  const f = (features.set === 'sorted' ? k : COMPACT_QUANTILES.length) + 4;
  // A baseline reads every score of a row and standardises nothing; a multi-version model reads every
  // score of each version and standardises per version, in its model (told by the kind, checked below).
  const kind = typeof m.model === 'object' && m.model !== null ? (m.model as Json).kind : undefined;
  const baseline = kind === 'baseline';
  const multi = kind === 'multi-version';
  if (baseline || multi) {
    const what = baseline ? 'a baseline model' : 'a multi-version model (its standardisation is per version, in model.stats)';
    if (features.set !== 'compact') throw new ManifestError(`features.set must be "compact" for ${what}`);
    if (features.min_scores !== 1) throw new ManifestError(`features.min_scores must be 1 for ${what}`);
    if (features.standardisation !== null) throw new ManifestError(`features.standardisation must be null for ${what}`);
  } else {
    const stand = obj(features.standardisation, 'features.standardisation');
    nums(stand.mean, 'features.standardisation.mean', f);
    nums(stand.sd, 'features.standardisation.sd', f);
  }
  const model = obj(m.model, 'model');
  if (
    model.kind !== 'mlp-ensemble' &&
    model.kind !== 'text-ridge' &&
    model.kind !== 'baseline' &&
    model.kind !== 'stacked-mlp' &&
    model.kind !== 'multi-version'
  )
    throw new ManifestError('model.kind must be "mlp-ensemble", "text-ridge", "stacked-mlp", "baseline" or "multi-version"');
  if (multi) {
    multiOf(m, model);
    return m as unknown as CalibratorManifest;
  }
  const text = model.kind === 'text-ridge' || model.kind === 'stacked-mlp';
  const prompt = m.prompts[0] as string;
  const inputs = m.inputs;
  const inputNames = text ? [TEXT_EXPORT_IO.counts, TEXT_EXPORT_IO.scores] : [EXPORT_IO.scores];
  if (!Array.isArray(inputs) || inputs.length !== inputNames.length) {
    throw new ManifestError(
      text
        ? `inputs must list exactly two inputs ("${TEXT_EXPORT_IO.counts}" and "${TEXT_EXPORT_IO.scores}") for a ${String(model.kind)} model`
        : 'inputs must list exactly one input (one prompt version)',
    );
  }
  inputNames.forEach((name, i) => {
    const input = obj(inputs[i], `inputs[${i}]`);
    if (input.name !== name) throw new ManifestError(`inputs[${i}].name must be "${name}"`);
    if (input.prompt !== prompt) throw new ManifestError(`inputs[${i}].prompt must be the prompt version in prompts`);
  });
  const outputs = m.outputs;
  if (!Array.isArray(outputs) || !outputs.some((o) => (o as Json | null)?.name === EXPORT_IO.prediction)) {
    throw new ManifestError(`outputs must include "${EXPORT_IO.prediction}"`);
  }
  if (baseline) {
    const shape = (inputs[0] as Json).shape;
    if (!Array.isArray(shape) || shape.length !== 2 || shape[0] !== 'N' || shape[1] !== 'R')
      throw new ManifestError('inputs[0].shape must be ["N", "R"] for a baseline model (every score of a row, NaN-padded)');
    if (outputs.length !== 1)
      throw new ManifestError(`outputs must be exactly "${BASELINE_EXPORT_IO.prediction}" for a baseline model (no spread)`);
    baselineOf(model);
  } else if (text) {
    const stacked = model.kind === 'stacked-mlp';
    const ridge = stacked ? obj(model.ridge, 'model.ridge') : model;
    const at = stacked ? 'model.ridge.' : 'model.';
    const lambda = num(ridge.lambda, `${at}lambda`);
    if (lambda < 0) throw new ManifestError(`${at}lambda must be ≥ 0`);
    const buckets = whole(model.buckets, 'model.buckets', 1);
    const shape = (inputs[0] as Json).shape;
    if (!Array.isArray(shape) || shape.length !== 2 || shape[1] !== buckets)
      throw new ManifestError(`inputs[0].shape must be ["N", ${buckets}] (model.buckets)`);
    if (whole(ridge.features, `${at}features`, 1) !== f) throw new ManifestError(`${at}features must be ${f} (the score features)`);
    textSpecOf(model.text, buckets);
    if (stacked) {
      if (whole(model.features, 'model.features', 1) !== f + 1)
        throw new ManifestError(`model.features must be ${f + 1} (the score features and the text input)`);
      whole(model.members, 'model.members', 1);
      whole(model.hidden, 'model.hidden', 1);
      const input = obj(model.text_input, 'model.text_input');
      num(input.mean, 'model.text_input.mean');
      if (!(num(input.sd, 'model.text_input.sd') > 0)) throw new ManifestError('model.text_input.sd must be > 0');
    }
  } else {
    whole(model.members, 'model.members', 1);
    whole(model.hidden, 'model.hidden', 1);
  }
  return m as unknown as CalibratorManifest;
}

/**
 * A multi-version manifest's inputs, outputs, features and model, checked strictly against its
 * prompts (distinct; one `scores_i` input per version, in order, ["N", "R_i"]; the prediction only;
 * the compact names; per-version stats, 10·V weights). ManifestError names the field at fault.
 */
function multiOf(m: Json, model: Json): void {
  const prompts = m.prompts as string[];
  const nv = prompts.length;
  prompts.forEach((p, i) => {
    if (prompts.indexOf(p) !== i) throw new ManifestError(`prompts[${i}] repeats “${p}”: a multi-version model reads each version once`);
  });
  const inputs = m.inputs;
  if (!Array.isArray(inputs) || inputs.length !== nv)
    throw new ManifestError(
      `inputs must list exactly ${nv} inputs ("scores_0" … "scores_${nv - 1}"), one per version in prompts, for a multi-version model`,
    );
  inputs.forEach((raw, i) => {
    const input = obj(raw, `inputs[${i}]`);
    const name = MULTI_EXPORT_IO.scores(i);
    if (input.name !== name) throw new ManifestError(`inputs[${i}].name must be "${name}"`);
    if (input.prompt !== prompts[i]) throw new ManifestError(`inputs[${i}].prompt must be prompts[${i}] (“${prompts[i]}”)`);
    if (input.dtype !== 'float32') throw new ManifestError(`inputs[${i}].dtype must be "float32"`);
    const shape = input.shape;
    if (!Array.isArray(shape) || shape.length !== 2 || shape[0] !== 'N' || shape[1] !== `R_${i}`)
      throw new ManifestError(`inputs[${i}].shape must be ["N", "R_${i}"] (every score of a row of ${prompts[i]}, NaN-padded)`);
  });
  const outputs = m.outputs;
  if (!Array.isArray(outputs) || outputs.length !== 1 || (outputs[0] as Json | null)?.name !== MULTI_EXPORT_IO.prediction)
    throw new ManifestError(`outputs must be exactly "${MULTI_EXPORT_IO.prediction}" for a multi-version model (no spread)`);
  const features = m.features as Json;
  const names = featureNames({ set: 'compact', k: 1 });
  if (JSON.stringify(features.names) !== JSON.stringify(names))
    throw new ManifestError(`features.names must be ${JSON.stringify(names)} for a multi-version model (the compact set of each version)`);
  if (JSON.stringify(features.quantiles) !== JSON.stringify(COMPACT_QUANTILES))
    throw new ManifestError(`features.quantiles must be ${JSON.stringify(COMPACT_QUANTILES)} for a multi-version model`);
  if (whole(model.versions, 'model.versions', 1) !== nv) throw new ManifestError(`model.versions must be ${nv} (the versions in prompts)`);
  if (model.features_per_version !== MULTI_FEATURES)
    throw new ManifestError(`model.features_per_version must be ${MULTI_FEATURES} (the compact set)`);
  if (num(model.lambda, 'model.lambda') < 0) throw new ManifestError('model.lambda must be ≥ 0');
  const stats = model.stats;
  if (!Array.isArray(stats) || stats.length !== nv)
    throw new ManifestError(`model.stats must list ${nv} standardisations, one per version`);
  stats.forEach((raw, v) => {
    const at = `model.stats[${v}]`;
    const st = obj(raw, at);
    if (st.prompt !== prompts[v]) throw new ManifestError(`${at}.prompt must be prompts[${v}] (“${prompts[v]}”)`);
    nums(st.mean, `${at}.mean`, MULTI_FEATURES);
    nums(st.sd, `${at}.sd`, MULTI_FEATURES).forEach((x, j) => {
      if (!(x > 0)) throw new ManifestError(`${at}.sd[${j}] must be > 0`);
    });
  });
  nums(model.weights, 'model.weights', nv * MULTI_COLUMNS);
  num(model.intercept, 'model.intercept');
  str(model.description, 'model.description');
  str(model.deploy, 'model.deploy');
}

/** The baseline and fit of a baseline manifest's `model`, checked strictly; ManifestError names the field at fault. */
function baselineOf(model: Json): void {
  const id = model.baseline;
  if (typeof id !== 'string' || !isBaselineId(id))
    throw new ManifestError(`model.baseline must be one of ${BASELINE_IDS.map((b) => `"${b}"`).join(', ')}`);
  str(model.description, 'model.description');
  if (id === 'mean' || id === 'median') {
    if (model.fit !== null) throw new ManifestError(`model.fit must be null for the ${id} baseline (nothing is fitted)`);
    return;
  }
  const fit = obj(model.fit, 'model.fit');
  if (fit.kind !== id) throw new ManifestError(`model.fit.kind must be "${id}" (model.baseline)`);
  if (id === 'linear') {
    num(fit.intercept, 'model.fit.intercept');
    num(fit.slope, 'model.fit.slope');
    return;
  }
  if (!Array.isArray(fit.xs) || fit.xs.length === 0) throw new ManifestError('model.fit.xs must be a list of at least one number');
  const xs = nums(fit.xs, 'model.fit.xs', fit.xs.length);
  const ys = nums(fit.ys, 'model.fit.ys', xs.length);
  for (let i = 1; i < xs.length; i++) {
    if (!(xs[i]! > xs[i - 1]!)) throw new ManifestError(`model.fit.xs must be strictly ascending (model.fit.xs[${i}])`);
    if (!(ys[i]! >= ys[i - 1]!)) throw new ManifestError(`model.fit.ys must not decrease (model.fit.ys[${i}])`);
  }
}

/**
 * The featuriser of a text manifest's `model.text`, checked to be one this app reproduces exactly:
 * every field `textSpecJson` writes must read as it writes it for those buckets and n-gram orders
 * (another hash, tokeniser or separator is refused, never approximated). ManifestError names the
 * first field that differs; `buckets` (model.buckets) must agree with `model.text.buckets`.
 */
export function textSpecOf(source: unknown, buckets: number): TextFeaturizerSpec {
  const t = obj(source, 'model.text');
  const b = whole(t.buckets, 'model.text.buckets', 1);
  if (b !== buckets) throw new ManifestError(`model.text.buckets (${b}) must equal model.buckets (${buckets})`);
  if ((b & (b - 1)) !== 0 || b > 2 ** 30) throw new ManifestError('model.text.buckets must be a power of two ≤ 2^30');
  const ngrams = t.ngrams;
  if (
    !Array.isArray(ngrams) ||
    ngrams.length === 0 ||
    ngrams.some(
      (n, i) => !(typeof n === 'number' && Number.isInteger(n) && n >= 1 && n <= MAX_ORDER && (i === 0 || n > (ngrams[i - 1] as number))),
    )
  ) {
    throw new ManifestError(`model.text.ngrams must be ascending whole numbers in 1..${MAX_ORDER}`);
  }
  const spec: TextFeaturizerSpec = { buckets: b, ngrams: ngrams as number[] };
  const want = textSpecJson(spec) as unknown as Json;
  const same = (a: unknown, w: unknown, field: string): void => {
    if (typeof w === 'object' && w !== null && !Array.isArray(w)) {
      const o = obj(a, field);
      for (const [key, v] of Object.entries(w)) same(o[key], v, `${field}.${key}`);
    } else if (JSON.stringify(a) !== JSON.stringify(w)) {
      throw new ManifestError(
        `${field} must be ${JSON.stringify(w)} (this app reproduces no other featuriser; it reads ${JSON.stringify(a) ?? 'nothing'})`,
      );
    }
  };
  same(t, want, 'model.text');
  return spec;
}

/** What `checkFits` needs of a dataset. */
export interface DatasetShape {
  scale: Scale;
  promptOrder: readonly string[];
  /** The most common rollout count of a prompt version (null: it has no rollouts). */
  typicalRollouts: (prompt: string) => number | null;
  /**
   * Whether some rollout of a prompt version has reasoning (non-blank): a text calibrator reads it.
   * Needed to check a text calibrator; without it that check is left to the caller.
   */
  hasReasoning?: (prompt: string) => boolean;
}

const quoted = (ps: readonly string[]) => ps.map((p) => `“${p}”`).join(', ');

/** Why the calibrator cannot be applied to the dataset, in words; null when it can. */
export function checkFits(m: CalibratorManifest, d: DatasetShape): string | null {
  const prompt = m.prompts[0]!;
  if (isMultiManifest(m)) {
    const missing = m.prompts.filter((p) => !d.promptOrder.includes(p) || d.typicalRollouts(p) === null);
    if (missing.length > 0) {
      return (
        `the calibrator reads the rollouts of ${m.prompts.length} prompt versions (${quoted(m.prompts)}: running it means running every one), ` +
        `and this dataset has none of ${quoted(missing)} (it has ${quoted(d.promptOrder) || 'no rollouts'})`
      );
    }
  }
  if (!d.promptOrder.includes(prompt)) {
    return `the calibrator reads the rollouts of prompt version “${prompt}”, which this dataset does not have (it has ${d.promptOrder.map((p) => `“${p}”`).join(', ') || 'no rollouts'})`;
  }
  if (m.scale.min !== d.scale.min || m.scale.max !== d.scale.max) {
    return `the calibrator was trained on the scale ${m.scale.min}–${m.scale.max}; this dataset’s scale is ${d.scale.min}–${d.scale.max} (set the scale on Browse if it is wrong)`;
  }
  const typical = d.typicalRollouts(prompt);
  if (typical === null) return `prompt version “${prompt}” has no rollouts in this dataset`;
  if (m.features.set === 'sorted' && typical !== m.features.k) {
    return `the calibrator takes exactly ${m.features.k} rollout scores per example (sorted features); this dataset’s examples of “${prompt}” mostly have ${typical}`;
  }
  if (readsReasoning(m) && d.hasReasoning && !d.hasReasoning(prompt)) return noReasoning(prompt);
  return null;
}

/** Why a text calibrator cannot be applied to data whose rollouts of `prompt` have no reasoning. */
export function noReasoning(prompt: string): string {
  return `this calibrator reads the reasoning, and no rollout of “${prompt}” has any`;
}
