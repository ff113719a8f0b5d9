// The exported calibrator file on onnxruntime-node, loaded fresh from its bytes: it reproduces the
// app's predictions (the trainer's ensemble, and a Float64 forward pass written out here from the
// manifest's standardisation and the member weights), ignores the order of the scores in a row,
// says NaN for rows with too few scores, and every hostile file is refused in words.
import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import * as ort from 'onnxruntime-node';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildAnalysisInput, type AnalysisInput } from '../domain/analysisInput.ts';
import { createRng } from '../domain/rng.ts';
import type { Example, Split } from '../domain/types.ts';
import {
  applyCalibratorFile,
  CalibratorFileError,
  CalibratorSession,
  exportCalibrator,
  openCalibratorFile,
  scoresMatrix,
  type ExportedCalibrator,
} from './calibratorFile.ts';
import { checkFits, parseManifest, MANIFEST_FORMAT_VERSION, type MlpCalibratorManifest } from './manifest.ts';
import { trainOutcome } from './report.ts';
import { applyCalibrator, DEFAULT_TRAIN_OPTIONS, planTraining, train, type CalibratorModel, type TrainOptions } from './trainer.ts';
import { buildPredictGraph } from './trainGraph.ts';
import { featureStats } from './features.ts';

const SCALE = { min: 1, max: 5 };
const validate = new Ajv({ allErrors: true }).compile(
  JSON.parse(readFileSync(new URL('../../docs/calibrator.schema.json', import.meta.url), 'utf8')),
);
const CTX = { dataset: { name: 'synthetic', contentHash: 'abc123', examples: 0 }, appVersion: '0.1.0', now: Date.UTC(2026, 11, 6) };

/** `n` examples, train/val/test 3 : 1 : 1; rollouts 0.5·target + 1.4 + noise, rounded to whole scores; counts from `count(i)`. */
function dataset(n: number, seed: number, count: (i: number) => number): { examples: Example[]; input: AnalysisInput } {
  const rng = createRng(seed);
  const splits: Split[] = ['train', 'train', 'train', 'val', 'test'];
  const examples: Example[] = Array.from({ length: n }, (_, i) => {
    const target = 1 + 4 * rng.next();
    const rollouts = Array.from({ length: count(i) }, () => ({
      prompt: 'v1',
      score: Math.min(5, Math.max(1, Math.round(0.5 * target + 1.4 + (rng.next() - 0.5) * 2))),
    }));
    return { id: `e${i}`, input: '', split: splits[i % 5]!, target, rollouts };
  });
  return { examples, input: buildAnalysisInput(examples, ['v1'], SCALE) };
}

function options(over: Partial<TrainOptions>): TrainOptions {
  return {
    ...DEFAULT_TRAIN_OPTIONS,
    prompt: 0,
    featureSet: 'sorted',
    k: 3,
    folds: 3,
    grid: { hidden: [4, 8], weightDecay: [0.1], lr: [0.01] },
    maxEpochs: 300,
    ...over,
  };
}

/** numpy's linear quantile of sorted values. */
function quantile(v: number[], q: number): number {
  const h = (v.length - 1) * q;
  const i = Math.floor(h);
  return i + 1 < v.length ? v[i]! + (h - i) * (v[i + 1]! - v[i]!) : v[i]!;
}

/** The calibrator's prediction for one example's scores, in Float64 from the manifest's description. */
function handPredict(model: CalibratorModel, scores: number[]): number {
  const u = scores.map((s) => (s - SCALE.min) / (SCALE.max - SCALE.min)).sort((a, b) => a - b);
  const mean = u.reduce((a, b) => a + b, 0) / u.length;
  const sd = Math.sqrt(u.reduce((a, b) => a + (b - mean) ** 2, 0) / u.length);
  const head = model.featureSet === 'sorted' ? u : [0.1, 0.25, 0.5, 0.75, 0.9].map((q) => quantile(u, q));
  const x = [...head, mean, sd, u[0]!, u[u.length - 1]!].map((v, j) => (v - model.stats.mean[j]!) / model.stats.sd[j]!);
  let sum = 0;
  for (const m of model.members) {
    let out = m.b2[0]!;
    for (let h = 0; h < model.config.hidden; h++) {
      let z = m.b1[h]!;
      for (let j = 0; j < x.length; j++) z += x[j]! * m.w1[j * model.config.hidden + h]!;
      out += Math.max(0, z) * m.w2[h]!;
    }
    sum += out;
  }
  return Math.min(SCALE.max, Math.max(SCALE.min, SCALE.min + (sum / model.members.length) * (SCALE.max - SCALE.min)));
}

async function freshPredict(bytes: Uint8Array, data: Float32Array, rows: number, width: number): Promise<Float32Array> {
  // A copy of the bytes, so nothing of the exporter's objects is reused.
  const session = await ort.InferenceSession.create(Uint8Array.from(bytes), { logSeverityLevel: 2 });
  const out = await session.run({ scores: new ort.Tensor('float32', data, [rows, width]) });
  await session.release();
  return out.prediction!.data as Float32Array;
}

describe.each([
  { set: 'sorted' as const, count: () => 3 },
  // Compact: 3 to 9 rollouts, so rows carry NaN padding.
  { set: 'compact' as const, count: (i: number) => 3 + (i % 7) },
])('an exported $set calibrator', ({ set, count }) => {
  const { examples, input } = dataset(250, 11, count);
  let exported: ExportedCalibrator<MlpCalibratorManifest>;
  let model: CalibratorModel;
  let appPredictions: Float64Array;
  let ensemble: Float64Array;

  beforeAll(async () => {
    const opts = options({ featureSet: set });
    const result = await train(ort, 'cpu', planTraining(input, opts));
    model = result.model;
    appPredictions = result.predictions;
    ensemble = await applyCalibrator(ort, 'cpu', model, input);
    exported = exportCalibrator(trainOutcome(input, opts, result), CTX);
  });

  it('reproduces the app’s predictions to 1e-5 in a fresh onnxruntime session', async () => {
    const m = scoresMatrix(input.prompts[0]!, set, 3, 0, input.n);
    expect(m.rows).toHaveLength(input.n);
    const pred = await freshPredict(exported.onnx, m.data, m.rows.length, m.width);
    let worstApp = 0;
    let worstHand = 0;
    let worstTest = 0;
    for (let r = 0; r < input.n; r++) {
      const e = m.rows[r]!;
      worstApp = Math.max(worstApp, Math.abs(pred[r]! - ensemble[e]!));
      worstHand = Math.max(
        worstHand,
        Math.abs(pred[r]! - handPredict(model, examples[e]!.rollouts.map((ro) => ro.score).slice(0, set === 'sorted' ? 3 : undefined))),
      );
      if (input.splits[e] === 2) worstTest = Math.max(worstTest, Math.abs(pred[r]! - appPredictions[e]!));
    }
    expect(worstApp).toBeLessThan(1e-5);
    expect(worstHand).toBeLessThan(1e-5);
    expect(worstTest).toBeLessThan(1e-5);
  });

  it('gives the same prediction for any order of the scores in a row', async () => {
    const m = scoresMatrix(input.prompts[0]!, set, 3, 0, input.n);
    const shuffled = Float32Array.from(m.data);
    const rng = createRng(5);
    for (let r = 0; r < m.rows.length; r++) {
      const row = shuffled.subarray(r * m.width, (r + 1) * m.width);
      for (let i = row.length - 1; i > 0; i--) {
        const j = rng.int(i + 1);
        [row[i], row[j]] = [row[j]!, row[i]!];
      }
    }
    const a = await freshPredict(exported.onnx, m.data, m.rows.length, m.width);
    const b = await freshPredict(exported.onnx, shuffled, m.rows.length, m.width);
    expect(Array.from(b)).toEqual(Array.from(a));
  });

  it('gives NaN, never a number, for a row with too few scores', async () => {
    const width = set === 'sorted' ? 3 : 4;
    const rows = [
      [2, 3, NaN, NaN],
      [NaN, NaN, NaN, NaN],
    ].map((r) => r.slice(0, width));
    const pred = await freshPredict(exported.onnx, Float32Array.from(rows.flat()), rows.length, width);
    if (set === 'sorted') expect(Number.isNaN(pred[0]!)).toBe(true);
    else expect(pred[0]).toBeCloseTo(handPredict(model, [2, 3]), 5);
    expect(Number.isNaN(pred[1]!)).toBe(true);
  });

  it('applies through CalibratorSession over a dataset, counting the examples it cannot predict', async () => {
    const file = openCalibratorFile(exported.onnx, exported.json);
    const session = await CalibratorSession.create(ort, file);
    const short = dataset(40, 3, (i) => (i % 4 === 0 ? 0 : i % 4 === 1 ? 2 : 3));
    const out = await applyCalibratorFile(session, file, short.input.prompts[0]!, short.input.n);
    await session.release();
    expect(out.none).toBe(10);
    expect(out.tooFew).toBe(set === 'sorted' ? 10 : 0);
    short.examples.forEach((ex, e) => {
      const scores = ex.rollouts.map((r) => r.score);
      if (scores.length === 0 || (set === 'sorted' && scores.length < 3)) expect(Number.isNaN(out.prediction[e]!)).toBe(true);
      else expect(Math.abs(out.prediction[e]! - handPredict(model, scores))).toBeLessThan(1e-5);
    });
  });

  it('carries its manifest in metadata_props and says what it is', () => {
    const file = openCalibratorFile(exported.onnx);
    expect(file.manifest).toEqual(JSON.parse(exported.json));
    expect(file.info.opsetVersion).toBe(17);
    expect(file.info.irVersion).toBe(8);
    const m = exported.manifest;
    expect(m.format_version).toBe(MANIFEST_FORMAT_VERSION);
    expect(m.dataset).toEqual({ name: 'synthetic', content_hash: 'abc123', examples: 0 });
    expect(m.features.set).toBe(set);
    expect(m.model.members).toBe(3);
    expect(m.training.folds).toBe(3);
    expect(m.training.grid).toEqual({ hidden: [4, 8], weight_decay: [0.1], lr: [0.01] });
    expect(m.metrics.test?.predictors.calibrator?.ccc).toBeGreaterThan(0);
    expect(m.metrics.test?.predictors.mean?.ccc_ci).toHaveLength(2);
    expect(m.inputs[0]!.shape).toEqual(['N', set === 'sorted' ? 3 : 'R']);
    // The standardisation is the dev examples' feature statistics.
    expect(m.features.standardisation.mean).toHaveLength(set === 'sorted' ? 7 : 9);
    expect(Object.keys(m.dataset).sort()).toEqual(['content_hash', 'examples', 'name']);
  });

  it('validates against docs/calibrator.schema.json, which refuses a manifest without its dataset hash', () => {
    const m = JSON.parse(exported.json) as Record<string, unknown>;
    expect(validate(m), JSON.stringify(validate.errors)).toBe(true);
    expect(validate({ ...m, dataset: { name: 'x', examples: 1 } })).toBe(false);
    expect(validate({ ...m, format_version: 2 })).toBe(false);
  });
});

describe('openCalibratorFile refuses in words', () => {
  const { input } = dataset(100, 2, () => 3);
  let good: ExportedCalibrator<MlpCalibratorManifest>;
  beforeAll(async () => {
    const opts = options({ maxEpochs: 30, grid: { hidden: [2], weightDecay: [0], lr: [0.01] } });
    good = exportCalibrator(trainOutcome(input, opts, await train(ort, 'cpu', planTraining(input, opts))), CTX);
  });
  const refusal = (bytes: Uint8Array, json?: string): string => {
    try {
      openCalibratorFile(bytes, json);
    } catch (e) {
      expect(e).toBeInstanceOf(CalibratorFileError);
      return (e as Error).message;
    }
    throw new Error('accepted');
  };

  it('a file that is not ONNX: text, a PNG header, empty', () => {
    expect(refusal(new TextEncoder().encode('{"format": "rir-calibrator"}'))).toMatch(/not an ONNX model file/);
    expect(refusal(Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))).toMatch(/not an ONNX model file/);
    expect(refusal(new Uint8Array(0))).toMatch(/not an ONNX model file/);
  });

  it('a truncated file, cut anywhere after its first bytes', () => {
    for (const keep of [20, 200, Math.floor(good.onnx.length / 2), good.onnx.length - 1]) {
      expect(refusal(good.onnx.subarray(0, keep))).toMatch(/cut short/);
    }
  });

  it('an ONNX model that is not a calibrator', () => {
    expect(refusal(buildPredictGraph(4, 2))).toMatch(/not a rir-workbench calibrator/);
  });

  it('an unknown format version, and a manifest that belongs to another model', () => {
    const newer = { ...JSON.parse(good.json), format_version: MANIFEST_FORMAT_VERSION + 1 };
    expect(() => parseManifest(JSON.stringify(newer))).toThrow(/format version 2 is newer than this app reads \(1\)/);
    expect(refusal(good.onnx, JSON.stringify(newer))).toMatch(/newer than this app reads/);
    const other = { ...JSON.parse(good.json), created: '2020-01-01T00:00:00.000Z' };
    expect(refusal(good.onnx, JSON.stringify(other))).toMatch(/does not belong to this calibrator.onnx/);
    expect(refusal(good.onnx, 'not json')).toMatch(/calibrator.json cannot be read: the manifest is not valid JSON/);
  });

  it('checkFits names the mismatch: prompt version, scale, K', () => {
    const m = good.manifest;
    const shape = { scale: SCALE, promptOrder: ['v1'], typicalRollouts: () => 3 };
    expect(checkFits(m, shape)).toBeNull();
    expect(checkFits(m, { ...shape, promptOrder: ['v2', 'v3'] })).toMatch(
      /prompt version “v1”, which this dataset does not have \(it has “v2”, “v3”\)/,
    );
    expect(checkFits(m, { ...shape, scale: { min: 0, max: 10 } })).toMatch(/trained on the scale 1–5; this dataset’s scale is 0–10/);
    expect(checkFits(m, { ...shape, typicalRollouts: () => 5 })).toMatch(/exactly 3 rollout scores per example .* mostly have 5/);
  });
});

describe('featureStats and the manifest', () => {
  it('the manifest’s standardisation equals the dev rows’ feature statistics', async () => {
    const { input } = dataset(100, 4, () => 3);
    const opts = options({ maxEpochs: 20, grid: { hidden: [2], weightDecay: [0], lr: [0.01] } });
    const plan = planTraining(input, opts);
    const exported = exportCalibrator(trainOutcome(input, opts, await train(ort, 'cpu', plan)), CTX);
    const stats = featureStats(plan.features, plan.devRows);
    expect(exported.manifest.features.standardisation.mean).toEqual(Array.from(stats.mean));
  });
});
