// An exported calibrator file (calibrator.onnx, optionally with its calibrator.json) written and
// read back and run: `exportKeptCalibrator` writes a run's kept calibrator (the MLP, the text
// ridge, the stacked MLP, a baseline or the multi-version ridge); `openCalibratorFile` checks the
// bytes are an ONNX model that carries a manifest this app reads and whose graph has the
// documented inputs and outputs; `scoresMatrix` lays a prompt version's rollout scores out as the
// graph's input, `multiScoresMatrix` those of every version a multi-version file reads,
// `countsMatrix` the hashed n-grams of the reasoning (text calibrators); `CalibratorSession` runs
// the file itself on any onnxruntime (web in the app's worker, node in the CLI). The app applies
// the file, not a re-creation of it, so what it shows is what a pipeline running the file gets.
// Pure; no DOM.
import type { InferenceSession, Tensor } from 'onnxruntime-common';
import type { PromptRollouts } from '../domain/analysisInput.ts';
import { buildBaselineCalibratorOnnx, isBaselineId, isotonicKnots, type BaselineModel } from './exportBaselineGraph.ts';
import { buildCalibratorOnnx, EXPORT_IO, MANIFEST_METADATA_KEY } from './exportGraph.ts';
import { buildMultiVersionOnnx, MULTI_EXPORT_IO } from './exportMultiGraph.ts';
import type { MultiVersionModel } from './multiVersion.ts';
import { buildStackedCalibratorOnnx } from './exportStackedGraph.ts';
import { buildTextCalibratorOnnx, TEXT_EXPORT_IO } from './exportTextGraph.ts';
import {
  baselineCalibratorManifest,
  calibratorManifest,
  countsJson,
  hasSpread,
  isBaselineManifest,
  isMultiManifest,
  metricsJson,
  multiVersionCalibratorManifest,
  ManifestError,
  parseManifest,
  readsReasoning,
  stackedCalibratorManifest,
  textCalibratorManifest,
  textSpecOf,
  type BaselineCalibratorManifest,
  type BaselineManifestContext,
  type CalibratorManifest,
  type ManifestContext,
  type MlpCalibratorManifest,
  type MultiManifestContext,
  type MultiVersionCalibratorManifest,
  type StackedCalibratorManifest,
  type TextCalibratorManifest,
  type TextManifestContext,
  type TextTrainingJson,
} from './manifest.ts';
import type { LossWeights } from './candidates.ts';
import type { TrainOutcome } from './report.ts';
import { OnnxReadError, readOnnxModel, type OnnxModelInfo } from './onnx/read.ts';
import type { OrtRuntime } from './engine.ts';
import type { FeatureSetId } from './features.ts';
import { hashNgrams } from './textFeatures.ts';
import { DEFAULT_LAMBDAS } from './ridge.ts';
import { INNER_FOLDS } from './textCandidate.ts';
import type { PromptTexts, PromptTextsPart, TextFeaturizerSpec, TextRidgeModel } from './textModel.ts';

export interface ExportedCalibrator<M extends CalibratorManifest = CalibratorManifest> {
  onnx: Uint8Array;
  manifest: M;
  /** calibrator.json: the manifest, pretty-printed, as the .onnx carries it. */
  json: string;
}

/** The two files of a trained calibrator: calibrator.onnx (which carries the manifest) and calibrator.json. */
export function exportCalibrator(outcome: TrainOutcome, ctx: ManifestContext): ExportedCalibrator<MlpCalibratorManifest> {
  const manifest = calibratorManifest(outcome, ctx);
  const json = JSON.stringify(manifest, null, 2) + '\n';
  const { model } = outcome.result;
  const onnx = buildCalibratorOnnx(model, {
    manifest: json,
    appVersion: ctx.appVersion,
    metadata: {
      'rir.format_version': String(manifest.format_version),
      'rir.prompt': model.prompt,
      'rir.feature_set': model.featureSet,
      'rir.k': String(model.k),
      'rir.scale': `${model.scale.min}..${model.scale.max}`,
    },
  });
  return { onnx, manifest, json };
}

/**
 * The two files of a text calibrator (a ridge on the hashed n-grams of the reasoning and the score
 * features): calibrator.onnx (inputs `counts` and `scores`, output `prediction`; it carries the
 * manifest) and calibrator.json. RangeError for a model the graph or the manifest cannot state.
 */
export function exportTextCalibrator(model: TextRidgeModel, ctx: TextManifestContext): ExportedCalibrator<TextCalibratorManifest> {
  const manifest = textCalibratorManifest(model, ctx);
  const json = JSON.stringify(manifest, null, 2) + '\n';
  const onnx = buildTextCalibratorOnnx(model, {
    manifest: json,
    appVersion: ctx.appVersion,
    metadata: {
      'rir.format_version': String(manifest.format_version),
      'rir.model': manifest.model.kind,
      'rir.prompt': model.prompt,
      'rir.feature_set': model.scoreSet,
      'rir.k': String(model.k),
      'rir.scale': `${model.scale.min}..${model.scale.max}`,
      'rir.buckets': String(model.text.buckets),
    },
  });
  return { onnx, manifest, json };
}

/**
 * The two files of a kept baseline (the mean or median of the scores, or a linear or isotonic fit
 * on their mean): calibrator.onnx (input `scores` [N, R], NaN-padded; output `prediction`; it
 * carries the manifest) and calibrator.json. RangeError for a model the graph cannot state.
 */
export function exportBaselineCalibrator(
  model: BaselineModel,
  ctx: BaselineManifestContext,
): ExportedCalibrator<BaselineCalibratorManifest> {
  const manifest = baselineCalibratorManifest(model, ctx);
  const json = JSON.stringify(manifest, null, 2) + '\n';
  const onnx = buildBaselineCalibratorOnnx(model, {
    manifest: json,
    appVersion: ctx.appVersion,
    metadata: {
      'rir.format_version': String(manifest.format_version),
      'rir.model': manifest.model.kind,
      'rir.baseline': model.baseline,
      'rir.prompt': model.prompt,
      'rir.feature_set': manifest.features.set,
      'rir.scale': `${model.scale.min}..${model.scale.max}`,
    },
  });
  return { onnx, manifest, json };
}

/**
 * The two files of a multi-version ridge (multiVersion.ts): calibrator.onnx (inputs `scores_0` …
 * `scores_{V−1}`, the scores of `model.prompts[v]`, NaN-padded; output `prediction`; it carries the
 * manifest) and calibrator.json. Deploying it means running every version in `model.prompts`.
 * RangeError for a model the graph or the manifest cannot state.
 */
export function exportMultiVersionCalibrator(
  model: MultiVersionModel,
  ctx: MultiManifestContext,
): ExportedCalibrator<MultiVersionCalibratorManifest> {
  const manifest = multiVersionCalibratorManifest(model, ctx);
  const json = JSON.stringify(manifest, null, 2) + '\n';
  const onnx = buildMultiVersionOnnx(model, {
    manifest: json,
    appVersion: ctx.appVersion,
    metadata: {
      'rir.format_version': String(manifest.format_version),
      'rir.model': manifest.model.kind,
      'rir.prompt': model.prompts[0]!,
      'rir.prompts': model.prompts.join(','),
      'rir.feature_set': manifest.features.set,
      'rir.scale': `${model.scale.min}..${model.scale.max}`,
    },
  });
  return { onnx, manifest, json };
}

/**
 * The two files of a run's stacked calibrator (the MLP on the score features and the text ridge's
 * prediction; `ridge` is the run's text ridge): calibrator.onnx (inputs `counts` and `scores`,
 * outputs `prediction` and `spread`; it carries the manifest) and calibrator.json. RangeError for a
 * run without a stacked MLP or a model the graph cannot state.
 */
export function exportStackedCalibrator(
  outcome: TrainOutcome,
  ridge: TextRidgeModel,
  ctx: ManifestContext,
): ExportedCalibrator<StackedCalibratorManifest> {
  const mlp = outcome.result.stacked?.model;
  if (!mlp) throw new RangeError('the run has no stacked MLP');
  const sel = outcome.selection;
  const manifest = stackedCalibratorManifest(outcome, ridge, ridgeTrainingJson(outcome, sel?.weights ?? null), ctx);
  const json = JSON.stringify(manifest, null, 2) + '\n';
  const onnx = buildStackedCalibratorOnnx(ridge, mlp, {
    manifest: json,
    appVersion: ctx.appVersion,
    metadata: {
      'rir.format_version': String(manifest.format_version),
      'rir.model': manifest.model.kind,
      'rir.prompt': mlp.prompt,
      'rir.feature_set': mlp.featureSet,
      'rir.k': String(mlp.k),
      'rir.scale': `${mlp.scale.min}..${mlp.scale.max}`,
      'rir.buckets': String(ridge.text.buckets),
    },
  });
  return { onnx, manifest, json };
}

/**
 * How a run's text ridge (or multi-version ridge: trained on the same folds, λ chosen the same way)
 * was trained: its folds, the folds that chose λ (the plan's own from 3 folds), the λ grid and the loss.
 */
function ridgeTrainingJson(outcome: TrainOutcome, loss: LossWeights | null): TextTrainingJson {
  const { result } = outcome;
  const folds = result.folds ?? null;
  return {
    seed: result.options?.seed ?? result.model.seed,
    folds,
    inner_folds: folds !== null && folds >= 3 ? folds : INNER_FOLDS,
    lambdas: [...DEFAULT_LAMBDAS],
    loss: loss && { ...loss },
    examples: countsJson(result),
    configs: [],
  };
}

/**
 * The files of a run's kept calibrator (the Train screen's Download and `cli train --out`): the MLP
 * ensemble, the text ridge, the stacked MLP, a baseline (with its fit) or the multi-version ridge
 * (`outcome.selection.multi`), with the run's settings and metrics.
 */
export function exportKeptCalibrator(outcome: TrainOutcome, ctx: ManifestContext): ExportedCalibrator {
  const sel = outcome.selection;
  const kept = sel?.candidates[sel.chosen];
  if (!sel || !kept || kept.id === 'mlp') return exportCalibrator(outcome, ctx);
  const { result } = outcome;
  const metrics = metricsJson(outcome.report, { test: result.counts.test, dev: result.counts.train });
  const seed = result.options?.seed ?? result.model.seed;
  if (kept.kind === 'baseline' && isBaselineId(kept.id)) {
    const { prompt, scale, k } = result.model;
    const model: BaselineModel = { prompt, scale, baseline: kept.id, ...(kept.fit ? { fit: kept.fit } : {}) };
    return exportBaselineCalibrator(model, {
      ...ctx,
      k,
      training: { seed, folds: result.folds ?? null, loss: { ...sel.weights }, kept_by: sel.keptBy, examples: countsJson(result) },
      metrics,
    });
  }
  if (kept.id === 'text-ridge' && sel.text) {
    return exportTextCalibrator(sel.text, { ...ctx, training: ridgeTrainingJson(outcome, sel.weights), metrics });
  }
  if (kept.id === 'stacked-mlp' && sel.text && result.stacked) return exportStackedCalibrator(outcome, sel.text, ctx);
  if (kept.id === 'multi-version' && sel.multi) {
    return exportMultiVersionCalibrator(sel.multi, {
      ...ctx,
      k: result.model.k,
      training: ridgeTrainingJson(outcome, sel.weights),
      metrics,
    });
  }
  throw new RangeError(`the kept calibrator ${kept.label} (${kept.id}) has no model this app can export`);
}

/** Why a calibrator file cannot be used, in words for the screen and the CLI. */
export class CalibratorFileError extends Error {}

export interface CalibratorFile {
  bytes: Uint8Array;
  manifest: CalibratorManifest;
  info: OnnxModelInfo;
  /** A text calibrator's featuriser (from its manifest, checked to be one this app reproduces); null for the MLP and a baseline. */
  text: TextFeaturizerSpec | null;
  /** Whether the graph has a `spread` output: the MLP ensemble's; a text ridge, a baseline and a multi-version ridge have none. */
  spread: boolean;
  /**
   * The prompt versions whose rollouts it reads, in input order (the manifest's `prompts`): one for
   * every kind but the multi-version ridge, which reads every one listed (`scores_i` ← versions[i]);
   * running it means running them all.
   */
  versions: readonly string[];
}

const FLOAT = 1;

/**
 * The calibrator in `bytes`, with `manifestText` (a calibrator.json chosen beside it) checked
 * against the manifest the file carries. CalibratorFileError says what is wrong: not an ONNX file,
 * a truncated one, an ONNX model that is no calibrator of ours, an unknown format version, a
 * manifest that belongs to another model, a graph whose inputs or outputs are not the documented
 * ones of its kind (MLP: `scores` → `prediction`, `spread`; text: `counts`, `scores` → `prediction`;
 * baseline: `scores` → `prediction`; multi-version: `scores_0` … `scores_{V−1}` → `prediction`), a
 * text featuriser this app cannot reproduce.
 */
export function openCalibratorFile(bytes: Uint8Array, manifestText?: string): CalibratorFile {
  let info: OnnxModelInfo;
  try {
    info = readOnnxModel(bytes);
  } catch (e) {
    if (e instanceof OnnxReadError) throw new CalibratorFileError(e.message);
    throw e;
  }
  const embedded = info.metadata.get(MANIFEST_METADATA_KEY);
  if (embedded === undefined) {
    throw new CalibratorFileError(
      `this ONNX model is not a rir-workbench calibrator (it carries no “${MANIFEST_METADATA_KEY}” manifest` +
        (info.producerName === 'rir-workbench' ? '; if it was exported as one, the file is cut short: download it again)' : ')'),
    );
  }
  let manifest: CalibratorManifest;
  try {
    manifest = parseManifest(embedded);
  } catch (e) {
    if (e instanceof ManifestError) throw new CalibratorFileError(`its manifest cannot be read: ${e.message}`);
    throw e;
  }
  if (manifestText !== undefined) {
    let beside: CalibratorManifest;
    try {
      beside = parseManifest(manifestText);
    } catch (e) {
      if (e instanceof ManifestError) throw new CalibratorFileError(`calibrator.json cannot be read: ${e.message}`);
      throw e;
    }
    if (JSON.stringify(beside) !== JSON.stringify(manifest)) {
      throw new CalibratorFileError(
        `calibrator.json does not belong to this calibrator.onnx (it describes “${beside.name}”, created ${beside.created}; the model carries “${manifest.name}”, created ${manifest.created})`,
      );
    }
  }
  const text = readsReasoning(manifest);
  const scoresSpec = manifest.inputs.find((i) => i.name === EXPORT_IO.scores)!;
  // A multi-version file's inputs are `scores_0` … in the manifest's order (parseManifest checked them).
  const want = isMultiManifest(manifest)
    ? manifest.inputs
    : text
      ? [manifest.inputs.find((i) => i.name === TEXT_EXPORT_IO.counts)!, scoresSpec]
      : [scoresSpec];
  const matches = want.every((spec) => {
    const input = info.inputs.find((i) => i.name === spec.name);
    const width = spec.shape[1];
    return (
      input !== undefined && input.elemType === FLOAT && input.dims.length === 2 && (typeof width !== 'number' || input.dims[1] === width)
    );
  });
  if (info.inputs.length !== want.length || !matches) {
    const documented = want.map((spec) => `“${spec.name}” float32 [${spec.shape.join(', ')}]`).join(' and ');
    throw new CalibratorFileError(
      `the model's ${want.length === 1 ? 'input is not the documented' : 'inputs are not the documented'} ${documented} (it has ${info.inputs.map((i) => `${i.name} [${i.dims.join(', ')}]`).join(', ') || 'none'})`,
    );
  }
  const prediction = info.outputs.find((o) => o.name === EXPORT_IO.prediction);
  if (!prediction) {
    throw new CalibratorFileError(`the model has no “${EXPORT_IO.prediction}” output`);
  }
  const spread = hasSpread(manifest);
  if (!spread && prediction.elemType !== FLOAT)
    throw new CalibratorFileError(`the model's “${EXPORT_IO.prediction}” output is not float32`);
  let spec: TextFeaturizerSpec | null = null;
  if (readsReasoning(manifest)) {
    try {
      spec = textSpecOf(manifest.model.text, manifest.model.buckets);
    } catch (e) {
      if (e instanceof ManifestError) throw new CalibratorFileError(`its manifest cannot be read: ${e.message}`);
      throw e;
    }
  }
  return { bytes, manifest, info, text: spec, spread, versions: [...manifest.prompts] };
}

/** Rows of the graph's input for one prompt version. */
export interface ScoresMatrix {
  /** Example index of each row. */
  rows: Int32Array;
  width: number;
  /** rows.length × width, row-major; NaN pads short rows of the compact set. */
  data: Float32Array;
  /** Examples with some rollouts but fewer than the calibrator needs (sorted set: K). */
  tooFew: number;
  /** Examples with no rollout of the prompt version. */
  none: number;
}

/**
 * The input matrix of examples [from, to) of `p`: the sorted set takes an example's first K
 * scores (as training did) and leaves out examples with fewer; the compact set takes every score,
 * NaN-padded to the widest example.
 */
export function scoresMatrix(p: PromptRollouts, set: FeatureSetId, k: number, from: number, to: number): ScoresMatrix {
  const { offsets, scores } = p;
  let width = set === 'sorted' ? k : 0;
  let count = 0;
  let tooFew = 0;
  let none = 0;
  for (let e = from; e < to; e++) {
    const c = offsets[e + 1]! - offsets[e]!;
    if (c === 0) none++;
    else if (set === 'sorted' && c < k) tooFew++;
    else {
      count++;
      if (set === 'compact' && c > width) width = c;
    }
  }
  const rows = new Int32Array(count);
  const data = new Float32Array(count * width).fill(NaN);
  let r = 0;
  for (let e = from; e < to; e++) {
    const start = offsets[e]!;
    const c = offsets[e + 1]! - start;
    if (c === 0 || (set === 'sorted' && c < k)) continue;
    const take = set === 'sorted' ? k : c;
    for (let i = 0; i < take; i++) data[r * width + i] = scores[start + i]!;
    rows[r++] = e;
  }
  return { rows, width, data, tooFew, none };
}

/** The inputs of a multi-version file for some examples: the rows of each version's scores. */
export interface MultiScoresMatrix {
  /** Example index of each row: the examples with a score of the file's own version (versions[0]). */
  rows: Int32Array;
  /**
   * Per version, in the file's order (input `scores_v`): [rows.length × width] float32, each row the
   * example's scores of that version NaN-padded to the widest (width ≥ 1 for v ≥ 1; a row of all
   * NaN = no score of that version, its indicator then counts).
   */
  inputs: { width: number; data: Float32Array }[];
  /** Examples without a score of versions[0]: not run (the graph would give them NaN). */
  none: number;
}

/**
 * The inputs of a multi-version file for examples [from, to): `ps` the rollouts of each version it
 * reads, in its order (`CalibratorFile.versions`). Every score of each version is taken (the
 * compact layout of `scoresMatrix`), for the examples with a score of ps[0].
 */
export function multiScoresMatrix(ps: readonly PromptRollouts[], from: number, to: number): MultiScoresMatrix {
  if (ps.length === 0) throw new RangeError('a multi-version file reads at least one version');
  const own = scoresMatrix(ps[0]!, 'compact', 1, from, to);
  const inputs = [{ width: own.width, data: own.data }];
  for (let v = 1; v < ps.length; v++) {
    const { offsets, scores } = ps[v]!;
    let width = 1;
    for (const e of own.rows) width = Math.max(width, offsets[e + 1]! - offsets[e]!);
    const data = new Float32Array(own.rows.length * width).fill(NaN);
    own.rows.forEach((e, r) => {
      const start = offsets[e]!;
      for (let i = start; i < offsets[e + 1]!; i++) data[r * width + i - start] = scores[i]!;
    });
    inputs.push({ width, data });
  }
  return { rows: own.rows, inputs, none: own.none };
}

/**
 * Dense float32 [rows.length, D] hashed n-gram counts of the examples `rows` (indices into `texts`,
 * any order) by `spec`: row r is example rows[r]'s counts summed over its texts (hashNgrams).
 */
export function countsMatrix(texts: PromptTexts, spec: TextFeaturizerSpec, rows: ArrayLike<number>): Float32Array {
  const offsets = new Int32Array(rows.length + 1);
  const picked: string[] = [];
  for (let r = 0; r < rows.length; r++) {
    const e = rows[r]!;
    if (!(Number.isInteger(e) && e >= 0 && e + 1 < texts.offsets.length)) throw new RangeError(`row ${e} is not an example of the texts`);
    for (let t = texts.offsets[e]!; t < texts.offsets[e + 1]!; t++) picked.push(texts.texts[t]!);
    offsets[r + 1] = picked.length;
  }
  const h = hashNgrams({ prompt: texts.prompt, offsets, texts: picked }, rows.length, spec);
  const d = spec.buckets;
  const dense = new Float32Array(rows.length * d);
  for (let r = 0; r < rows.length; r++) {
    for (let p = h.offsets[r]!; p < h.offsets[r + 1]!; p++) dense[r * d + h.index[p]!] = h.count[p]!;
  }
  return dense;
}

export interface CalibratorOutput {
  prediction: Float32Array;
  /** The ensemble's spread per row; null when the model has none (a text calibrator, a baseline). */
  spread: Float32Array | null;
}

/**
 * Rows per run of a text calibrator: its `counts` are dense [rows, D] float32 (D = 16384: 16 MB
 * for 256 rows) and the graph holds a few [rows, D] float64 tensors besides.
 */
export const TEXT_CHUNK_ROWS = 256;

/**
 * Cells of the [rows, points] tensors an isotonic baseline's graph holds per run (each point of
 * its fit compared with each row's mean): 2^21 (16 MB of float64). Its runs are cut to that many
 * rows, at least MIN_RUN_ROWS; fits of up to 128 points run APPLY_CHUNK_ROWS rows at once.
 */
const ISOTONIC_RUN_CELLS = 2 ** 21;
const MIN_RUN_ROWS = 256;

/** Most rows of one run of the file's graph (Infinity: any). */
function runRowsOf(manifest: CalibratorManifest): number {
  if (!isBaselineManifest(manifest) || manifest.model.fit?.kind !== 'isotonic') return Infinity;
  const points = isotonicKnots(manifest.model.fit).xs.length;
  return Math.max(MIN_RUN_ROWS, Math.floor(ISOTONIC_RUN_CELLS / points));
}

/**
 * One inference session of a calibrator file; `predict` takes [rows × width] scores (and, for a
 * text file, [rows × D] counts); a multi-version file takes one such matrix per version, through
 * `predictVersions` / `predictMultiMatrix`.
 */
export class CalibratorSession {
  private constructor(
    private readonly ort: OrtRuntime,
    private readonly session: InferenceSession,
    /** The text featuriser; null for the MLP and a baseline. */
    readonly text: TextFeaturizerSpec | null,
    /** Whether the file has a `spread` output (the MLP's). */
    readonly spread: boolean,
    /** Most rows of one run of the graph (Infinity: any); `predict` cuts longer inputs. */
    private readonly runRows: number,
    /** A multi-version file's versions (its `scores_i` inputs, in order); null for a file of one version. */
    readonly multiVersions: readonly string[] | null,
  ) {}

  static async create(ort: OrtRuntime, file: CalibratorFile, options: InferenceSession.SessionOptions = {}): Promise<CalibratorSession> {
    let session: InferenceSession;
    try {
      session = await ort.InferenceSession.create(file.bytes, { logSeverityLevel: 3, ...options });
    } catch (e) {
      throw new CalibratorFileError(`onnxruntime cannot load the model: ${e instanceof Error ? e.message : String(e)}`);
    }
    const multi = isMultiManifest(file.manifest) ? [...file.versions] : null;
    return new CalibratorSession(ort, session, file.text, file.spread, runRowsOf(file.manifest), multi);
  }

  /**
   * One run: `data` [rows × width] scores, and for a text calibrator `counts` [rows × D] (required
   * then, refused otherwise). The spread is null for a calibrator without one (a text ridge, a
   * baseline). An isotonic baseline with many points runs in several runs of its graph.
   */
  async predict(data: Float32Array, rows: number, width: number, counts?: Float32Array): Promise<CalibratorOutput> {
    if (this.multiVersions !== null)
      throw new RangeError(`this calibrator reads ${this.multiVersions.length} prompt versions: run it with predictVersions`);
    const text = this.text;
    if (text === null && counts !== undefined) throw new RangeError('this calibrator reads scores only: no counts');
    if (text !== null && (counts === undefined || counts.length !== rows * text.buckets)) {
      throw new RangeError(`this calibrator reads the reasoning: counts of ${rows} × ${text.buckets} are needed`);
    }
    if (rows === 0) return { prediction: new Float32Array(0), spread: this.spread ? new Float32Array(0) : null };
    if (rows > this.runRows) {
      // Only a baseline (no counts, no spread) is cut.
      const prediction = new Float32Array(rows);
      for (let from = 0; from < rows; from += this.runRows) {
        const to = Math.min(rows, from + this.runRows);
        prediction.set((await this.run(data.subarray(from * width, to * width), to - from, width)).prediction, from);
      }
      return { prediction, spread: null };
    }
    return this.run(data, rows, width, counts);
  }

  /**
   * One run of a multi-version file: `inputs[v]` [rows × width] float32 scores of its version v
   * (`multiVersions[v]`), NaN-padded. No spread (a ridge has none).
   */
  async predictVersions(inputs: readonly { data: Float32Array; width: number }[], rows: number): Promise<CalibratorOutput> {
    const versions = this.multiVersions;
    if (versions === null) throw new RangeError('this calibrator reads one prompt version: run it with predict');
    if (inputs.length !== versions.length)
      throw new RangeError(
        `this calibrator reads ${versions.length} prompt versions (${versions.join(', ')}), got ${inputs.length} inputs`,
      );
    inputs.forEach(({ data, width }, v) => {
      if (!(Number.isInteger(width) && width >= 0 && data.length === rows * width))
        throw new RangeError(`input ${v} (${versions[v]}): ${data.length} scores are not ${rows} rows of ${width}`);
    });
    if (rows === 0) return { prediction: new Float32Array(0), spread: null };
    const feeds: Record<string, Tensor> = {};
    inputs.forEach(({ data, width }, v) => (feeds[MULTI_EXPORT_IO.scores(v)] = new this.ort.Tensor('float32', data, [rows, width])));
    return this.runFeeds(feeds, rows);
  }

  /** The predictions of the rows of `m` (`multiScoresMatrix`), for a multi-version file. */
  predictMultiMatrix(m: MultiScoresMatrix): Promise<CalibratorOutput> {
    return this.predictVersions(m.inputs, m.rows.length);
  }

  private run(data: Float32Array, rows: number, width: number, counts?: Float32Array): Promise<CalibratorOutput> {
    const text = this.text;
    const feeds: Record<string, Tensor> = { [EXPORT_IO.scores]: new this.ort.Tensor('float32', data, [rows, width]) };
    if (text !== null) feeds[TEXT_EXPORT_IO.counts] = new this.ort.Tensor('float32', counts!, [rows, text.buckets]);
    return this.runFeeds(feeds, rows);
  }

  private async runFeeds(feeds: Record<string, Tensor>, rows: number): Promise<CalibratorOutput> {
    const out = await this.session.run(feeds);
    const read = (t: Tensor | undefined): Float32Array | null => {
      if (!t) return null;
      if (!(t.data instanceof Float32Array) || t.data.length !== rows)
        throw new CalibratorFileError(`the model's ${t.type} output has the wrong shape`);
      return t.data;
    };
    const prediction = read(out[EXPORT_IO.prediction]);
    if (!prediction) throw new CalibratorFileError(`the model gave no “${EXPORT_IO.prediction}”`);
    return { prediction, spread: this.spread ? read(out[EXPORT_IO.spread]) : null };
  }

  /**
   * The predictions of the rows of `m` (`scoresMatrix`, example indices into `texts`). A text
   * calibrator featurises those examples' reasoning from `texts` (required then) and runs in chunks
   * of TEXT_CHUNK_ROWS rows; the MLP and a baseline run `m` at once.
   */
  async predictMatrix(m: ScoresMatrix, texts?: PromptTexts): Promise<CalibratorOutput> {
    const spec = this.text;
    const n = m.rows.length;
    if (spec === null) return this.predict(m.data, n, m.width);
    if (texts === undefined)
      throw new CalibratorFileError('this calibrator reads the reasoning: apply it with the reasoning of its prompt version');
    const prediction = new Float32Array(n);
    const spread = this.spread ? new Float32Array(n) : null;
    for (let from = 0; from < n; from += TEXT_CHUNK_ROWS) {
      const to = Math.min(n, from + TEXT_CHUNK_ROWS);
      const rows = m.rows.subarray(from, to);
      const counts = countsMatrix(texts, spec, rows);
      const out = await this.predict(m.data.subarray(from * m.width, to * m.width), to - from, m.width, counts);
      prediction.set(out.prediction, from);
      if (spread && out.spread) spread.set(out.spread, from);
    }
    return { prediction, spread };
  }

  async release(): Promise<void> {
    await this.session.release();
  }
}

/** Rows per run when a whole dataset is applied: bounds the input tensor (and the graph's [M, N, H] activations). */
export const APPLY_CHUNK_ROWS = 16_384;

export interface AppliedPredictions {
  /** Per example; NaN where the calibrator cannot predict. */
  prediction: Float64Array;
  /** Per example, NaN where the calibrator cannot predict; null when the calibrator has no spread (a text ridge, a baseline). */
  spread: Float64Array | null;
  tooFew: number;
  none: number;
}

/** The rollouts a calibrator file reads: one prompt version's, or those of each of `file.versions`, in that order. */
export type FileRollouts = PromptRollouts | readonly PromptRollouts[];

/** `p` as a list of versions' rollouts. */
const rolloutList = (p: FileRollouts): readonly PromptRollouts[] => ('offsets' in p ? [p] : p);

/**
 * Runs the calibrator over every example of `n` with the rollouts `p`, in chunks of
 * APPLY_CHUNK_ROWS examples. `p` is the rollouts of the file's prompt version (or a list of that
 * one); a multi-version file takes a list, the rollouts of each of `file.versions` in that order
 * (CalibratorFileError for another list), and its examples without a score of versions[0] are
 * counted in `none`. A text calibrator also reads `texts`, the reasoning of the same prompt version
 * laid out as `p` (`promptTexts`), or the parts of it in order (read from storage a chunk at a time:
 * then memory holds about TEXT_CHUNK_ROWS examples' reasoning); CalibratorFileError without them, for
 * another prompt version's, or for parts that skip or repeat examples.
 */
export async function applyCalibratorFile(
  session: CalibratorSession,
  file: CalibratorFile,
  rollouts: FileRollouts,
  n: number,
  texts?: PromptTexts | AsyncIterable<PromptTextsPart>,
): Promise<AppliedPredictions> {
  const list = rolloutList(rollouts);
  if (isMultiManifest(file.manifest)) return applyMultiVersion(session, file.versions, list, n);
  if (list.length !== 1)
    throw new CalibratorFileError(`this calibrator reads one prompt version (“${file.versions[0]}”), not ${list.length}`);
  const p = list[0]!;
  const { set, k } = file.manifest.features;
  const prompt = file.manifest.prompts[0]!;
  if (file.text !== null) {
    if (texts === undefined)
      throw new CalibratorFileError(`this calibrator reads the reasoning: apply it with the reasoning of “${prompt}”`);
    if (!('offsets' in texts)) return applyTextParts(session, file, p, n, texts);
    if (texts.prompt !== prompt || texts.offsets.length < n + 1)
      throw new CalibratorFileError(`the reasoning given is not that of the ${n} examples of “${prompt}”`);
  }
  const prediction = new Float64Array(n).fill(NaN);
  const spread = file.spread ? new Float64Array(n).fill(NaN) : null;
  let tooFew = 0;
  let none = 0;
  for (let from = 0; from < n; from += APPLY_CHUNK_ROWS) {
    const m = scoresMatrix(p, set, k, from, Math.min(n, from + APPLY_CHUNK_ROWS));
    tooFew += m.tooFew;
    none += m.none;
    const out = await session.predictMatrix(m, texts as PromptTexts | undefined);
    m.rows.forEach((e, r) => {
      prediction[e] = out.prediction[r]!;
      if (spread && out.spread) spread[e] = out.spread[r]!;
    });
  }
  return { prediction, spread, tooFew, none };
}

/**
 * `applyCalibratorFile` for a text calibrator whose reasoning comes in parts: parts are gathered until
 * they hold TEXT_CHUNK_ROWS examples (or the last came), then those examples are scored, so memory
 * holds about that many examples' reasoning.
 */
async function applyTextParts(
  session: CalibratorSession,
  file: CalibratorFile,
  p: PromptRollouts,
  n: number,
  parts: AsyncIterable<PromptTextsPart>,
): Promise<AppliedPredictions> {
  const { set, k } = file.manifest.features;
  const prompt = file.manifest.prompts[0]!;
  const prediction = new Float64Array(n).fill(NaN);
  const spread = file.spread ? new Float64Array(n).fill(NaN) : null;
  let tooFew = 0;
  let none = 0;
  let from = 0;
  let held: PromptTextsPart[] = [];
  let heldExamples = 0;
  const flush = async () => {
    const to = from + heldExamples;
    const offsets = new Int32Array(heldExamples + 1);
    const all: string[] = [];
    for (const part of held) {
      const base = part.start - from;
      for (let i = 0; i + 1 < part.texts.offsets.length; i++) {
        for (let t = part.texts.offsets[i]!; t < part.texts.offsets[i + 1]!; t++) all.push(part.texts.texts[t]!);
        offsets[base + i + 1] = all.length;
      }
    }
    const m = scoresMatrix(p, set, k, from, to);
    tooFew += m.tooFew;
    none += m.none;
    // Rows relative to `from`, as the gathered texts are.
    const out = await session.predictMatrix({ ...m, rows: m.rows.map((e) => e - from) }, { prompt, offsets, texts: all });
    m.rows.forEach((e, r) => {
      prediction[e] = out.prediction[r]!;
      if (spread && out.spread) spread[e] = out.spread[r]!;
    });
    from = to;
    held = [];
    heldExamples = 0;
  };
  for await (const part of parts) {
    const count = part.texts.offsets.length - 1;
    if (part.texts.prompt !== prompt || part.start !== from + heldExamples || from + heldExamples + count > n) {
      throw new CalibratorFileError(`the reasoning given is not that of the ${n} examples of “${prompt}”, in order`);
    }
    held.push(part);
    heldExamples += count;
    if (heldExamples >= TEXT_CHUNK_ROWS) await flush();
  }
  if (heldExamples > 0) await flush();
  if (from !== n) throw new CalibratorFileError(`the reasoning given covers ${from} of the ${n} examples of “${prompt}”`);
  return { prediction, spread, tooFew, none };
}

/** `applyCalibratorFile` for a multi-version file: every version's rollouts, checked to be `versions` in order, of `n` examples. */
async function applyMultiVersion(
  session: CalibratorSession,
  versions: readonly string[],
  ps: readonly PromptRollouts[],
  n: number,
): Promise<AppliedPredictions> {
  const given = ps.map((p) => p.prompt);
  if (ps.length !== versions.length || given.some((p, v) => p !== versions[v])) {
    throw new CalibratorFileError(
      `this calibrator reads the rollouts of ${versions.map((p) => `“${p}”`).join(', ')}, in that order (running it means running every one); ` +
        `it was given ${given.map((p) => `“${p}”`).join(', ') || 'none'}`,
    );
  }
  const short = ps.find((p) => p.offsets.length < n + 1);
  if (short) throw new CalibratorFileError(`the rollouts given of “${short.prompt}” are not those of the ${n} examples`);
  const prediction = new Float64Array(n).fill(NaN);
  let none = 0;
  for (let from = 0; from < n; from += APPLY_CHUNK_ROWS) {
    const m = multiScoresMatrix(ps, from, Math.min(n, from + APPLY_CHUNK_ROWS));
    none += m.none;
    const out = await session.predictMultiMatrix(m);
    m.rows.forEach((e, r) => (prediction[e] = out.prediction[r]!));
  }
  return { prediction, spread: null, tooFew: 0, none };
}
