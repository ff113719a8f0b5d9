// The calibrator manifest (calibrator.json, also inside the .onnx as metadata_props
// "rir.manifest"): what the file computes, from which data and how it scored, versioned.
// `calibratorManifest` writes it from a finished training; `parseManifest` reads one back with
// every problem named by its field; `checkFits` says in words why a calibrator cannot be applied
// to a dataset. The JSON Schema is docs/calibrator.schema.json (tests keep the two in step). Pure.
import type { PromptReport } from '../domain/analysis.ts';
import { promptJson } from '../domain/reportJson.ts';
import type { Scale } from '../domain/types.ts';
import { EXPORT_IO } from './exportGraph.ts';
import { COMPACT_QUANTILES, featureNames, type FeatureSetId } from './features.ts';
import { REPORT_OPTIONS, type TrainOutcome } from './report.ts';
import type { CalibratorModel, TrainResult } from './trainer.ts';
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

/** calibrator.json, format version 1 (snake_case, as the CLI's JSON). */
export interface CalibratorManifest {
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
  features: {
    set: FeatureSetId;
    /** Rollout scores per example of the sorted set (the input width); for compact, the K of training, informative. */
    k: number;
    names: string[];
    quantiles: number[] | null;
    /** Fewest scores a row needs for a prediction (K for sorted, 1 for compact); below it the prediction is NaN. */
    min_scores: number;
    standardisation: { mean: number[]; sd: number[] };
  };
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
    examples: { dev: number; test: number; too_few_rollouts: number; no_rollouts: number };
    configs: { hidden: number; weight_decay: number; lr: number; oof_ccc: number | null; oof_nmse: number | null; best_epoch: number }[];
  };
  metrics: {
    seed: number;
    resamples: number;
    test: MetricsBlock | null;
    out_of_fold: MetricsBlock | null;
    /** The calibrator minus each baseline on the test split, with the paired bootstrap 95% CI. */
    comparisons: { id: string; delta_ccc: number | null; delta_ci: readonly [number, number] | null; verdict: string }[];
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

function block(report: PromptReport | null, examples: number): MetricsBlock | null {
  return report && { examples, ...promptJson(report) };
}

/** A training's example counts, as the manifest and `cli train --json` give them. */
export function countsJson(result: TrainResult): CalibratorManifest['training']['examples'] {
  const c = result.counts;
  return { dev: c.train, test: c.test, too_few_rollouts: c.tooFewRollouts, no_rollouts: c.noRollouts };
}

/** Each grid configuration with its out-of-fold scores, as the manifest and `cli train --json` give them. */
export function configsJson(result: TrainResult): CalibratorManifest['training']['configs'] {
  return result.configs.map((c) => ({
    hidden: c.config.hidden,
    weight_decay: c.config.weightDecay,
    lr: c.config.lr,
    oof_ccc: c.oofCcc,
    oof_nmse: c.oofNmse,
    best_epoch: c.bestEpoch,
  }));
}

/** The manifest of a finished training. */
export function calibratorManifest(outcome: TrainOutcome, ctx: ManifestContext): CalibratorManifest {
  const { result, report } = outcome;
  const { model } = result;
  const o = result.options;
  const sorted = model.featureSet === 'sorted';
  return {
    format: MANIFEST_FORMAT,
    format_version: MANIFEST_FORMAT_VERSION,
    app: { name: 'rir-workbench', version: ctx.appVersion },
    created: new Date(ctx.now).toISOString(),
    name: ctx.name ?? `${ctx.dataset.name} · ${model.prompt}`,
    dataset: { name: ctx.dataset.name, content_hash: ctx.dataset.contentHash, examples: ctx.dataset.examples },
    prompts: [model.prompt],
    scale: { ...model.scale },
    inputs: [inputSpec(model)],
    outputs: OUTPUTS,
    features: {
      set: model.featureSet,
      k: model.k,
      names: featureNames({ set: model.featureSet, k: model.k }),
      quantiles: sorted ? null : [...COMPACT_QUANTILES],
      min_scores: sorted ? model.k : 1,
      standardisation: { mean: [...model.stats.mean], sd: [...model.stats.sd] },
    },
    model: { kind: 'mlp-ensemble', activation: 'relu', hidden: model.h, members: model.members.length, features: model.stats.mean.length },
    training: {
      seed: model.seed,
      folds: result.folds ?? null,
      seeds: o?.seeds ?? null,
      grid: o ? { hidden: [...o.grid.hidden], weight_decay: [...o.grid.weightDecay], lr: [...o.grid.lr] } : null,
      selected: { hidden: model.config.hidden, weight_decay: model.config.weightDecay, lr: model.config.lr },
      max_epochs: o?.maxEpochs ?? null,
      patience: o?.patience ?? null,
      steps_per_run: o?.steps ?? null,
      loss: o ? { ...o.loss } : null,
      optimiser: { name: 'adamw', ...DEFAULT_ADAM_CONSTANTS },
      epochs: result.epochs,
      stopped_early: result.cancelled,
      backend: result.provider,
      examples: countsJson(result),
      configs: configsJson(result),
    },
    metrics: {
      seed: REPORT_OPTIONS.seed,
      resamples: REPORT_OPTIONS.resamples,
      test: block(report.test, result.counts.test),
      out_of_fold: block(report.outOfFold, result.counts.train),
      comparisons: report.comparisons.map((c) => ({ id: c.id, delta_ccc: c.deltaCcc, delta_ci: c.deltaCi, verdict: c.verdict })),
    },
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
 * version, prompt versions, scale, feature set, K, the input and output tensors. ManifestError
 * names the first field at fault; a newer format version is refused, never guessed at.
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
  const stand = obj(features.standardisation, 'features.standardisation');
  nums(stand.mean, 'features.standardisation.mean', f);
  nums(stand.sd, 'features.standardisation.sd', f);
  const inputs = m.inputs;
  if (!Array.isArray(inputs) || inputs.length !== 1) throw new ManifestError('inputs must list exactly one input (one prompt version)');
  const input = obj(inputs[0], 'inputs[0]');
  if (input.name !== EXPORT_IO.scores) throw new ManifestError(`inputs[0].name must be "${EXPORT_IO.scores}"`);
  if (input.prompt !== m.prompts[0]) throw new ManifestError('inputs[0].prompt must be the prompt version in prompts');
  const outputs = m.outputs;
  if (!Array.isArray(outputs) || !outputs.some((o) => (o as Json | null)?.name === EXPORT_IO.prediction)) {
    throw new ManifestError(`outputs must include "${EXPORT_IO.prediction}"`);
  }
  const model = obj(m.model, 'model');
  whole(model.members, 'model.members', 1);
  whole(model.hidden, 'model.hidden', 1);
  return m as unknown as CalibratorManifest;
}

/** What `checkFits` needs of a dataset. */
export interface DatasetShape {
  scale: Scale;
  promptOrder: readonly string[];
  /** The most common rollout count of a prompt version (null: it has no rollouts). */
  typicalRollouts: (prompt: string) => number | null;
}

/** Why the calibrator cannot be applied to the dataset, in words; null when it can. */
export function checkFits(m: CalibratorManifest, d: DatasetShape): string | null {
  const prompt = m.prompts[0]!;
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
  return null;
}
