// An exported calibrator file (calibrator.onnx, optionally with its calibrator.json) read back and
// run: `openCalibratorFile` checks the bytes are an ONNX model that carries a manifest this app
// reads and whose graph has the documented input and outputs; `scoresMatrix` lays a prompt
// version's rollout scores out as the graph's input; `CalibratorSession` runs the file itself on
// any onnxruntime (web in the app's worker, node in the CLI). The app applies the file, not a
// re-creation of it, so what it shows is what a pipeline running the file gets. Pure; no DOM.
import type { InferenceSession, Tensor } from 'onnxruntime-common';
import type { PromptRollouts } from '../domain/analysisInput.ts';
import { buildCalibratorOnnx, EXPORT_IO, MANIFEST_METADATA_KEY } from './exportGraph.ts';
import { calibratorManifest, ManifestError, parseManifest, type CalibratorManifest, type ManifestContext } from './manifest.ts';
import type { TrainOutcome } from './report.ts';
import { OnnxReadError, readOnnxModel, type OnnxModelInfo } from './onnx/read.ts';
import type { OrtRuntime } from './engine.ts';
import type { FeatureSetId } from './features.ts';

export interface ExportedCalibrator {
  onnx: Uint8Array;
  manifest: CalibratorManifest;
  /** calibrator.json: the manifest, pretty-printed, as the .onnx carries it. */
  json: string;
}

/** The two files of a trained calibrator: calibrator.onnx (which carries the manifest) and calibrator.json. */
export function exportCalibrator(outcome: TrainOutcome, ctx: ManifestContext): ExportedCalibrator {
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

/** Why a calibrator file cannot be used, in words for the screen and the CLI. */
export class CalibratorFileError extends Error {}

export interface CalibratorFile {
  bytes: Uint8Array;
  manifest: CalibratorManifest;
  info: OnnxModelInfo;
}

const FLOAT = 1;

/**
 * The calibrator in `bytes`, with `manifestText` (a calibrator.json chosen beside it) checked
 * against the manifest the file carries. CalibratorFileError says what is wrong: not an ONNX file,
 * a truncated one, an ONNX model that is no calibrator of ours, an unknown format version, a
 * manifest that belongs to another model.
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
  const input = info.inputs.find((i) => i.name === EXPORT_IO.scores);
  const want = manifest.inputs[0]!.shape;
  if (
    info.inputs.length !== 1 ||
    !input ||
    input.elemType !== FLOAT ||
    input.dims.length !== 2 ||
    (typeof want[1] === 'number' && input.dims[1] !== want[1])
  ) {
    throw new CalibratorFileError(
      `the model's input is not the documented “${EXPORT_IO.scores}” float32 [${want.join(', ')}] (it has ${info.inputs.map((i) => `${i.name} [${i.dims.join(', ')}]`).join(', ') || 'none'})`,
    );
  }
  if (!info.outputs.some((o) => o.name === EXPORT_IO.prediction)) {
    throw new CalibratorFileError(`the model has no “${EXPORT_IO.prediction}” output`);
  }
  return { bytes, manifest, info };
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

export interface CalibratorOutput {
  prediction: Float32Array;
  spread: Float32Array | null;
}

/** One inference session of a calibrator file; `predict` takes [rows × width] scores. */
export class CalibratorSession {
  private constructor(
    private readonly ort: OrtRuntime,
    private readonly session: InferenceSession,
  ) {}

  static async create(ort: OrtRuntime, file: CalibratorFile, options: InferenceSession.SessionOptions = {}): Promise<CalibratorSession> {
    try {
      return new CalibratorSession(ort, await ort.InferenceSession.create(file.bytes, { logSeverityLevel: 3, ...options }));
    } catch (e) {
      throw new CalibratorFileError(`onnxruntime cannot load the model: ${e instanceof Error ? e.message : String(e)}`);
    }
  }

  async predict(data: Float32Array, rows: number, width: number): Promise<CalibratorOutput> {
    if (rows === 0) return { prediction: new Float32Array(0), spread: new Float32Array(0) };
    const feeds: Record<string, Tensor> = { [EXPORT_IO.scores]: new this.ort.Tensor('float32', data, [rows, width]) };
    const out = await this.session.run(feeds);
    const read = (t: Tensor | undefined): Float32Array | null => {
      if (!t) return null;
      if (!(t.data instanceof Float32Array) || t.data.length !== rows)
        throw new CalibratorFileError(`the model's ${t.type} output has the wrong shape`);
      return t.data;
    };
    const prediction = read(out[EXPORT_IO.prediction]);
    if (!prediction) throw new CalibratorFileError(`the model gave no “${EXPORT_IO.prediction}”`);
    return { prediction, spread: read(out[EXPORT_IO.spread]) };
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
  spread: Float64Array;
  tooFew: number;
  none: number;
}

/** Runs the calibrator over every example of `n` with the rollouts `p`, in chunks of APPLY_CHUNK_ROWS examples. */
export async function applyCalibratorFile(
  session: CalibratorSession,
  file: CalibratorFile,
  p: PromptRollouts,
  n: number,
): Promise<AppliedPredictions> {
  const { set, k } = file.manifest.features;
  const prediction = new Float64Array(n).fill(NaN);
  const spread = new Float64Array(n).fill(NaN);
  let tooFew = 0;
  let none = 0;
  for (let from = 0; from < n; from += APPLY_CHUNK_ROWS) {
    const m = scoresMatrix(p, set, k, from, Math.min(n, from + APPLY_CHUNK_ROWS));
    tooFew += m.tooFew;
    none += m.none;
    const out = await session.predict(m.data, m.rows.length, m.width);
    m.rows.forEach((e, r) => {
      prediction[e] = out.prediction[r]!;
      if (out.spread) spread[e] = out.spread[r]!;
    });
  }
  return { prediction, spread, tooFew, none };
}
