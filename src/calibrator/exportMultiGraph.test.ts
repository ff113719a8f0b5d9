// The exported multi-version candidate on onnxruntime-node, loaded fresh from its bytes: a model
// trained by trainMultiVersion, fed hand-made score rows (NaN padding and NaN in the middle, odd and
// even counts, a version missing, the own version missing → NaN) and a seeded random batch, against
// the reference `predictMultiVersionUnit` + `fromUnit` on features from `buildFeatures`, to float32
// rounding; the dataset's own examples against the run's kept-model predictions; the declared
// inputs and output; refusals; and no onnxruntime warning (read from a child process, with a
// mis-declared graph as the control).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { afterAll, describe, expect, it } from 'vitest';
import { runGraphsInChild } from '../test/ortChild.ts';
import { buildAnalysisInput } from '../domain/analysisInput.ts';
import { createRng, type Rng } from '../domain/rng.ts';
import type { Example, Rollout, Split } from '../domain/types.ts';
import { MANIFEST_METADATA_KEY, type ExportOptions } from './exportGraph.ts';
import { buildMultiVersionOnnx, MULTI_EXPORT_IO, MULTI_INITIALIZERS } from './exportMultiGraph.ts';
import { buildFeatures, fromUnit } from './features.ts';
import { predictMultiVersionUnit, trainMultiVersion, type MultiVersionModel } from './multiVersion.ts';
import { DataType } from './onnx/proto.ts';
import { readOnnxModel } from './onnx/read.ts';
import { DEFAULT_TRAIN_OPTIONS, planTraining } from './trainer.ts';

const SCALE = { min: 1, max: 5 };
const PROMPTS = ['A', 'B', 'C'];
const OPTIONS: ExportOptions = { manifest: '{"format":"rir-calibrator"}', appVersion: '0.1.0', metadata: { 'rir.prompt': 'A' } };

function normal(rng: Rng): number {
  return Math.sqrt(-2 * Math.log(1 - rng.next())) * Math.cos(2 * Math.PI * rng.next());
}

/** 90 examples: A noisy (3–6 rollouts), B close to the target (2–5 rollouts, none for every 6th), C noise (none for every 4th). */
function dataset(): Example[] {
  const rng = createRng(5);
  const splits: Split[] = ['train', 'val', 'train', 'test'];
  const clampRound = (v: number) => Math.min(5, Math.max(1, Math.round(v)));
  return Array.from({ length: 90 }, (_, i) => {
    const t = 1 + 4 * rng.next();
    const rollouts: Rollout[] = [];
    const a = 3 + rng.int(4);
    for (let r = 0; r < a; r++) rollouts.push({ prompt: 'A', score: clampRound(t + 2 * normal(rng)) });
    const b = i % 6 === 2 ? 0 : 2 + rng.int(4);
    for (let r = 0; r < b; r++) rollouts.push({ prompt: 'B', score: clampRound(t + 0.5 * normal(rng)) });
    if (i % 4 !== 1) for (let r = 0; r < 3; r++) rollouts.push({ prompt: 'C', score: 1 + rng.int(5) });
    return { id: `x${i}`, input: `q${i}`, split: splits[i % 4]!, target: t, rollouts };
  });
}

const input = buildAnalysisInput(dataset(), PROMPTS, SCALE);
const plan = planTraining(input, { ...DEFAULT_TRAIN_OPTIONS, prompt: 0, featureSet: 'compact', k: 4, folds: 4 });
const trained = trainMultiVersion(input, plan, [0, 1, 2], { weights: { ccc: 1, nmse: 1 } });
const model = trained.model;

/** Rows of scores per version: each row the present scores (any order). */
type Rows = number[][][]; // [row][version] → scores

/** The reference prediction of a row: NaN without scores of version 0, else fromUnit(predictMultiVersionUnit(features)). */
function reference(m: MultiVersionModel, row: number[][]): number {
  const features = row.map((s) =>
    s.length === 0
      ? null
      : buildFeatures({ prompt: 'v', offsets: Int32Array.of(0, s.length), scores: Float64Array.from(s), rail: null }, 1, m.scale, {
          set: 'compact',
          k: 1,
        }).x,
  );
  return features[0] === null ? NaN : fromUnit(predictMultiVersionUnit(m, features), m.scale);
}

/** The score tensors of `rows`: version v as [N, widths[v]], each row its scores at the given positions, NaN elsewhere. */
function tensors(rows: Rows, widths: number[], placed?: (r: number, v: number, i: number) => number): Record<string, ort.Tensor> {
  const n = rows.length;
  const feeds: Record<string, ort.Tensor> = {};
  widths.forEach((w, v) => {
    const data = new Float32Array(n * w).fill(NaN);
    rows.forEach((row, r) => row[v]!.forEach((s, i) => (data[r * w + (placed ? placed(r, v, i) : i)] = s)));
    feeds[MULTI_EXPORT_IO.scores(v)] = new ort.Tensor('float32', data, [n, w]);
  });
  return feeds;
}

async function run(bytes: Uint8Array, feeds: Record<string, ort.Tensor>): Promise<ort.Tensor> {
  // A copy of the bytes, so nothing of the exporter's objects is reused.
  const session = await ort.InferenceSession.create(Uint8Array.from(bytes), { logSeverityLevel: 2 });
  const out = await session.run(feeds);
  await session.release();
  return out[MULTI_EXPORT_IO.prediction]!;
}

/** Largest |prediction − reference|; NaN must meet NaN. */
function compare(pred: Float32Array, ref: number[]): { worst: number; nan: number } {
  let worst = 0;
  let nan = 0;
  ref.forEach((r, i) => {
    if (Number.isNaN(r)) {
      nan++;
      expect(pred[i], `row ${i}`).toBeNaN();
    } else worst = Math.max(worst, Math.abs(pred[i]! - r));
  });
  return { worst, nan };
}

describe('the multi-version graph', () => {
  const bytes = buildMultiVersionOnnx(model, OPTIONS);

  it('reproduces predictMultiVersionUnit + fromUnit on hand-made rows', async () => {
    const rows: Rows = [
      [
        [3, 1, 4, 1, 5],
        [2, 2, 3, 5],
        [1, 5, 2],
      ], // odd, even, odd
      [[2, 4], [5], []], // C missing
      [[4], [], [3, 3, 3, 3, 3, 3, 3]], // B missing, C full width
      [[], [2, 3], [4]], // A missing → NaN
      [[1, 2, 3, 4, 5, 5], [3, 2, 5, 1], []], // full widths
      [[4.5, 2.25], [1.5, 4.75, 3], [2]], // off the integers
      [[], [], []], // nothing → NaN
      [
        [5, 1, 3],
        [4, 4],
        [1, 1],
      ], // placed among NaN below
    ];
    const widths = [6, 4, 7];
    // Row 7's scores at scattered positions: NaN in the middle of a row, not only as padding.
    const placed = (r: number, v: number, i: number) => (r === 7 ? [1, 3, 5][i]! % widths[v]! : i);
    const out = await run(bytes, tensors(rows, widths, placed));
    expect(out.type).toBe('float32');
    expect(out.dims).toEqual([rows.length]);
    const ref = rows.map((row) => reference(model, row));
    const { worst, nan } = compare(out.data as Float32Array, ref);
    expect(nan).toBe(2);
    expect(worst).toBeLessThan(1e-6);
    // The missing versions changed the prediction (the indicator is read, not a zero row of features).
    expect(ref[1]).not.toBeCloseTo(reference(model, [[2, 4], [5], [3]]), 6);
  });

  it('reproduces the reference on a seeded random batch (float32 rounding)', async () => {
    const rng = createRng(17);
    const widths = [8, 5, 3];
    const rows: Rows = Array.from({ length: 300 }, (_, r) =>
      widths.map((w, v) => {
        const c = v === 0 && r % 9 === 4 ? 0 : rng.int(w + 1);
        return Array.from({ length: c }, () => Math.fround(SCALE.min + (SCALE.max - SCALE.min) * rng.next()));
      }),
    );
    const out = await run(bytes, tensors(rows, widths));
    const ref = rows.map((row) => reference(model, row));
    const { worst, nan } = compare(out.data as Float32Array, ref);
    expect(nan).toBeGreaterThan(30);
    expect(worst).toBeLessThan(1e-6);
    // Every path: each version missing somewhere among the predicted rows.
    for (let v = 1; v < 3; v++) expect(rows.some((row, r) => row[v]!.length === 0 && !Number.isNaN(ref[r]!))).toBe(true);
  });

  it("gives the dataset's examples outside the dev set the run's kept-model predictions", async () => {
    const dev = new Set(plan.devRows.map((r) => plan.features.rows[r]!));
    const examples = Array.from(plan.features.rows).filter((e) => !dev.has(e));
    const rows: Rows = examples.map((e) => input.prompts.map((p) => Array.from(p.scores.subarray(p.offsets[e]!, p.offsets[e + 1]!))));
    const widths = [0, 1, 2].map((v) => Math.max(1, ...rows.map((row) => row[v]!.length)));
    const out = await run(bytes, tensors(rows, widths));
    const { worst, nan } = compare(
      out.data as Float32Array,
      examples.map((e) => trained.predictions[e]!),
    );
    expect(nan).toBe(0);
    expect(examples.length).toBeGreaterThan(15);
    expect(worst).toBeLessThan(1e-6);
  });

  it('declares one scores input per version and a float32 prediction, opset 17, IR 8, and carries its manifest', () => {
    const info = readOnnxModel(bytes);
    expect(info.opsetVersion).toBe(17);
    expect(info.irVersion).toBe(8);
    expect(info.inputs.map((i) => [i.name, i.elemType, i.dims])).toEqual([
      ['scores_0', DataType.FLOAT, ['N', 'R_0']],
      ['scores_1', DataType.FLOAT, ['N', 'R_1']],
      ['scores_2', DataType.FLOAT, ['N', 'R_2']],
    ]);
    expect(info.outputs.map((o) => [o.name, o.elemType, o.dims])).toEqual([['prediction', DataType.FLOAT, ['N']]]);
    expect(info.metadata.get(MANIFEST_METADATA_KEY)).toBe(OPTIONS.manifest);
    expect(info.metadata.get('rir.prompt')).toBe('A');
    expect(info.ops.get('TopK')).toBe(3);
    const text = new TextDecoder('latin1').decode(bytes);
    for (const name of Object.values(MULTI_INITIALIZERS)) expect(text).toContain(name);
    expect(text).toContain('Deploying it means running A, B, C');
  });

  it('refuses a model whose parts do not fit together', () => {
    const bad = (over: Partial<MultiVersionModel>) => () => buildMultiVersionOnnx({ ...model, ...over }, OPTIONS);
    expect(bad({ weights: new Float64Array(29) })).toThrow(/29 weights/);
    expect(bad({ stats: model.stats.slice(0, 2) })).toThrow(/2 standardisations/);
    expect(bad({ stats: [model.stats[0]!, { mean: new Float64Array(8), sd: new Float64Array(9) }, model.stats[2]!] })).toThrow(/version 1/);
    expect(bad({ intercept: NaN })).toThrow(/intercept/);
    expect(bad({ scale: { min: 2, max: 2 } })).toThrow(/scale/);
  });
});

describe('onnxruntime warnings', () => {
  // ORT reports a declared-vs-inferred shape mismatch only as a native warning on stderr, which
  // this process cannot intercept: run the graphs in a child and read its stderr.
  const dir = mkdtempSync(join(tmpdir(), 'rir-multi-onnx-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('runs the graph of 3 and of 2 versions on several widths without a single onnxruntime warning', () => {
    const two = trainMultiVersion(input, plan, [0, 2], { weights: { ccc: 1, nmse: 1 } }).model;
    const cases: { m: MultiVersionModel; feeds: Record<string, [number, number]> }[] = [
      { m: model, feeds: { scores_0: [5, 4], scores_1: [5, 1], scores_2: [5, 7] } },
      { m: model, feeds: { scores_0: [1, 1], scores_1: [1, 3], scores_2: [1, 2] } },
      { m: two, feeds: { scores_0: [6, 3], scores_1: [6, 6] } },
    ];
    const jobs = cases.map(({ m, feeds }, i) => {
      const file = join(dir, `multi-${i}.onnx`);
      writeFileSync(file, buildMultiVersionOnnx(m, OPTIONS));
      return { file, feeds };
    });
    expect(runGraphsInChild(dir, jobs)).not.toMatch(/\[W:onnxruntime/);
  });
});
