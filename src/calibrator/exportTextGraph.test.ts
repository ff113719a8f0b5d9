// The exported text calibrator on onnxruntime-node, loaded fresh from its bytes: seeded random
// TextRidgeModels (D = 64 and 16384, sorted and compact score sets) against the reference
// `predictTextRidgeUnit` + `fromUnit` of textModel.ts to 1e-9 relative (float64 output) and to
// float32 rounding (the default output); rows without any n-gram, NaN-padded rows, rows with too
// few scores; the declared inputs and outputs; no onnxruntime warning (read from a child process,
// with a mis-declared graph as the control); the file size; and the manifest's text block.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { afterAll, describe, expect, it } from 'vitest';
import { runGraphsInChild } from '../test/ortChild.ts';
import { createRng, type Rng } from '../domain/rng.ts';
import type { Scale } from '../domain/types.ts';
import { buildTextCalibratorOnnx, TEXT_EXPORT_IO, TEXT_INITIALIZERS, textSpecJson, type TextExportOptions } from './exportTextGraph.ts';
import { MANIFEST_METADATA_KEY } from './exportGraph.ts';
import { buildFeatures, featureCount, fromUnit, type FeatureSetId } from './features.ts';
import { DataType } from './onnx/proto.ts';
import { readOnnxModel } from './onnx/read.ts';
import { DEFAULT_TEXT_SPEC, predictTextRidgeUnit, type TextRidgeModel } from './textModel.ts';

const OPTIONS: TextExportOptions = { manifest: '{"format":"rir-calibrator"}', appVersion: '0.1.0', metadata: { 'rir.prompt': 'v1' } };

/** A standard normal draw (Box–Muller). */
function normal(rng: Rng): number {
  return Math.sqrt(-2 * Math.log(1 - rng.next())) * Math.cos(2 * Math.PI * rng.next());
}

/** A random model whose unit predictions spread around 0.5, so some rows clip and most do not. */
function randomModel(seed: number, d: number, scoreSet: FeatureSetId, k: number, scale: Scale): TextRidgeModel {
  const rng = createRng(seed);
  const f = featureCount({ set: scoreSet, k });
  const m = 500;
  return {
    prompt: 'v1',
    scale,
    text: { buckets: d, ngrams: [1, 2] },
    // ln((1 + m) / (1 + df)) + 1 for df in 1..m.
    idf: Float64Array.from({ length: d }, () => Math.log((1 + m) / (2 + rng.int(m))) + 1),
    wText: Float64Array.from({ length: d }, () => 0.25 * normal(rng)),
    scoreSet,
    k,
    stats: {
      mean: Float64Array.from({ length: f }, () => 0.3 + 0.4 * rng.next()),
      sd: Float64Array.from({ length: f }, () => 0.2 + 0.15 * rng.next()),
    },
    wScore: Float64Array.from({ length: f }, () => 0.03 * normal(rng)),
    intercept: 0.5 + 0.05 * normal(rng),
    lambda: 1,
  };
}

interface Batch {
  n: number;
  width: number;
  /** Dense [n, d] counts. */
  counts: Float32Array;
  /** [n, width] scores, NaN-padded. */
  scores: Float32Array;
  /** Per row: sparse counts (ascending buckets) and the present scores, as the reference takes them. */
  index: number[][];
  count: number[][];
  present: number[][];
}

/**
 * `n` rows: every 5th row without any n-gram; others with 1..40 distinct buckets of counts 1..6
 * (some of 100, to exercise ln of larger counts). Sorted set: K scores a row, every 7th row with
 * one NaN (too few). Compact set: 1..width scores a row, NaN-padded; every 9th row none at all.
 */
function randomBatch(seed: number, n: number, d: number, scoreSet: FeatureSetId, k: number, width: number, scale: Scale): Batch {
  const rng = createRng(seed);
  const counts = new Float32Array(n * d);
  const scores = new Float32Array(n * width).fill(NaN);
  const index: number[][] = [];
  const count: number[][] = [];
  const present: number[][] = [];
  for (let r = 0; r < n; r++) {
    const buckets = new Map<number, number>();
    if (r % 5 !== 1) {
      const distinct = 1 + rng.int(40);
      for (let i = 0; i < distinct; i++) buckets.set(rng.int(d), rng.int(10) === 0 ? 100 : 1 + rng.int(6));
    }
    const idx = [...buckets.keys()].sort((a, b) => a - b);
    index.push(idx);
    count.push(idx.map((j) => buckets.get(j)!));
    for (const j of idx) counts[r * d + j] = buckets.get(j)!;
    const c = scoreSet === 'sorted' ? (r % 7 === 3 ? k - 1 : k) : r % 9 === 4 ? 0 : 1 + rng.int(width);
    const row: number[] = [];
    for (let i = 0; i < c; i++) {
      // Any value on the scale, as float32 reads it.
      const v = Math.fround(scale.min + (scale.max - scale.min) * rng.next());
      row.push(v);
      scores[r * width + i] = v;
    }
    // Scores in any order, the NaN padding anywhere for the sorted set's short rows.
    if (scoreSet === 'sorted' && c < k) {
      const at = rng.int(k);
      const line = scores.subarray(r * width, (r + 1) * width);
      [line[at], line[k - 1]] = [line[k - 1]!, line[at]!];
    }
    present.push(row);
  }
  return { n, width, counts, scores, index, count, present };
}

/** The reference prediction of each row: NaN with too few scores, else fromUnit(predictTextRidgeUnit(...)). */
function referencePredictions(model: TextRidgeModel, b: Batch): number[] {
  const spec = { set: model.scoreSet, k: model.k };
  return b.present.map((row, r) => {
    const fm = buildFeatures(
      { prompt: 'v1', offsets: Int32Array.of(0, row.length), scores: Float64Array.from(row), rail: null },
      1,
      model.scale,
      spec,
    );
    if (fm.rows.length === 0) return NaN;
    return fromUnit(predictTextRidgeUnit(model, b.index[r]!, b.count[r]!, fm.x), model.scale);
  });
}

async function run(bytes: Uint8Array, b: Batch, d: number): Promise<ort.Tensor> {
  // A copy of the bytes, so nothing of the exporter's objects is reused.
  const session = await ort.InferenceSession.create(Uint8Array.from(bytes), { logSeverityLevel: 2 });
  const out = await session.run({
    [TEXT_EXPORT_IO.counts]: new ort.Tensor('float32', b.counts, [b.n, d]),
    [TEXT_EXPORT_IO.scores]: new ort.Tensor('float32', b.scores, [b.n, b.width]),
  });
  await session.release();
  return out[TEXT_EXPORT_IO.prediction]!;
}

const SCALE = { min: 1, max: 5 };
const CASES = [
  { d: 64, set: 'sorted' as const, k: 3, width: 3, n: 200, scale: SCALE },
  { d: 64, set: 'compact' as const, k: 5, width: 12, n: 200, scale: { min: 0, max: 10 } },
  { d: 16384, set: 'sorted' as const, k: 8, width: 8, n: 60, scale: SCALE },
  { d: 16384, set: 'compact' as const, k: 20, width: 20, n: 60, scale: { min: -3, max: 7 } },
];

describe.each(CASES)('the text calibrator of D = $d, $set scores', ({ d, set, k, width, n, scale }) => {
  const model = randomModel(1000 + d + width, d, set, k, scale);
  const batch = randomBatch(7 + d + width, n, d, set, k, width, scale);
  const reference = referencePredictions(model, batch);

  it('reproduces predictTextRidgeUnit + fromUnit to 1e-9 relative with a float64 prediction', async () => {
    const out = await run(buildTextCalibratorOnnx(model, { ...OPTIONS, predictionType: 'float64' }), batch, d);
    expect(out.type).toBe('float64');
    expect(out.dims).toEqual([n]);
    const pred = out.data as Float64Array;
    let worst = 0;
    let clipped = 0;
    let noText = 0;
    let nan = 0;
    reference.forEach((ref, r) => {
      if (Number.isNaN(ref)) {
        nan++;
        expect(pred[r], `row ${r}`).toBeNaN();
        return;
      }
      if (ref === scale.min || ref === scale.max) clipped++;
      if (batch.index[r]!.length === 0) noText++;
      worst = Math.max(worst, Math.abs(pred[r]! - ref) / Math.max(1, Math.abs(ref)));
    });
    expect(worst).toBeLessThan(1e-9);
    // The batch exercises every path: rows clipped and not, rows without n-grams, rows with too few scores.
    expect(clipped).toBeGreaterThan(0);
    expect(clipped).toBeLessThan(n / 3);
    expect(noText).toBeGreaterThan(0);
    expect(nan).toBeGreaterThan(0);
  });

  it('gives the reference rounded to float32 by default', async () => {
    const out = await run(buildTextCalibratorOnnx(model, OPTIONS), batch, d);
    expect(out.type).toBe('float32');
    const pred = out.data as Float32Array;
    reference.forEach((ref, r) => {
      if (Number.isNaN(ref)) expect(pred[r], `row ${r}`).toBeNaN();
      // Float32 rounding is at most 2⁻²⁴ relative.
      else expect(Math.abs(pred[r]! - ref), `row ${r}`).toBeLessThanOrEqual(2 ** -24 * Math.abs(ref) + 1e-12);
    });
  });

  it('declares its inputs and output, opset 17, IR 8 and carries its manifest', () => {
    const info = readOnnxModel(buildTextCalibratorOnnx(model, OPTIONS));
    expect(info.opsetVersion).toBe(17);
    expect(info.irVersion).toBe(8);
    expect(info.inputs.map((i) => [i.name, i.elemType, i.dims])).toEqual([
      [TEXT_EXPORT_IO.counts, DataType.FLOAT, ['N', d]],
      [TEXT_EXPORT_IO.scores, DataType.FLOAT, ['N', set === 'sorted' ? k : 'R']],
    ]);
    expect(info.outputs.map((o) => [o.name, o.elemType, o.dims])).toEqual([[TEXT_EXPORT_IO.prediction, DataType.FLOAT, ['N']]]);
    expect(info.metadata.get(MANIFEST_METADATA_KEY)).toBe(OPTIONS.manifest);
    expect(info.metadata.get('rir.prompt')).toBe('v1');
    expect(info.ops.get('TopK')).toBe(1);
    expect(info.ops.get('Log')).toBe(1);
  });
});

describe('the text calibrator graph', () => {
  const d = 64;
  const model = randomModel(3, d, 'compact', 5, SCALE);

  it('ignores the order of the scores in a row and gives a row without n-grams the score-only ridge', async () => {
    const rows = 3;
    const counts = new Float32Array(rows * d);
    const scores = Float32Array.from([2, 4.5, 3, NaN, NaN, 3, 2, 4.5, NaN, NaN, NaN, NaN, 1.5, NaN, NaN]);
    counts[d + 5] = 2;
    const bytes = buildTextCalibratorOnnx(model, { ...OPTIONS, predictionType: 'float64' });
    const out = await run(bytes, { n: rows, width: 5, counts, scores, index: [], count: [], present: [] }, d);
    const pred = out.data as Float64Array;
    const features = (row: number[]) =>
      buildFeatures({ prompt: 'v1', offsets: Int32Array.of(0, row.length), scores: Float64Array.from(row), rail: null }, 1, SCALE, {
        set: 'compact',
        k: 5,
      }).x;
    const noText = fromUnit(predictTextRidgeUnit(model, [], [], features([2, 3, 4.5])), SCALE);
    expect(Math.abs(pred[0]! - noText)).toBeLessThan(1e-12);
    const withText = fromUnit(predictTextRidgeUnit(model, [5], [2], features([2, 3, 4.5])), SCALE);
    expect(withText).not.toBeCloseTo(noText, 6);
    expect(Math.abs(pred[1]! - withText)).toBeLessThan(1e-12);
    expect(Math.abs(pred[2]! - fromUnit(predictTextRidgeUnit(model, [], [], features([1.5])), SCALE))).toBeLessThan(1e-12);
  });

  it('stores idf and the weights as doubles: the file for D = 16384 is about 256 KB', () => {
    const big = randomModel(5, 16384, 'sorted', 8, SCALE);
    const bytes = buildTextCalibratorOnnx(big, OPTIONS);
    const info = readOnnxModel(bytes);
    expect(info.initializers).toBeGreaterThanOrEqual(4);
    const weights = 2 * 16384 * 8;
    expect(bytes.length).toBeGreaterThan(weights);
    expect(bytes.length).toBeLessThan(weights + 8 * 1024);
  });

  it('refuses a model whose parts do not fit together', () => {
    const bad = (over: Partial<TextRidgeModel>) => () => buildTextCalibratorOnnx({ ...model, ...over }, OPTIONS);
    expect(bad({ idf: new Float64Array(d - 1) })).toThrow(/idf has 63/);
    expect(bad({ wText: new Float64Array(d + 1) })).toThrow(/wText 65/);
    expect(bad({ wScore: new Float64Array(3) })).toThrow(/wScore has 3/);
    expect(bad({ scale: { min: 2, max: 2 } })).toThrow(/scale/);
    expect(bad({ intercept: NaN })).toThrow(/intercept/);
    expect(bad({ text: { buckets: 0, ngrams: [1] } })).toThrow(/buckets/);
  });

  it('names its initializers as TEXT_INITIALIZERS says', () => {
    const bytes = new TextDecoder('latin1').decode(buildTextCalibratorOnnx(model, OPTIONS));
    for (const name of Object.values(TEXT_INITIALIZERS)) expect(bytes).toContain(name);
  });
});

describe('onnxruntime warnings', () => {
  // ORT reports a declared-vs-inferred shape mismatch only as a native warning on stderr, which
  // this process cannot intercept: run the graphs in a child and read its stderr.
  const dir = mkdtempSync(join(tmpdir(), 'rir-text-onnx-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('runs every tested shape of the text graph without a single onnxruntime warning', () => {
    const jobs = CASES.flatMap(({ d, set, k, width, scale }, i) =>
      (['float32', 'float64'] as const).map((predictionType) => {
        const file = join(dir, `case-${i}-${predictionType}.onnx`);
        writeFileSync(file, buildTextCalibratorOnnx(randomModel(i, d, set, k, scale), { ...OPTIONS, predictionType }));
        return { file, feeds: { counts: [5, d] as [number, number], scores: [5, width] as [number, number] } };
      }),
    );
    expect(runGraphsInChild(dir, jobs)).not.toMatch(/\[W:onnxruntime/);
  });
});

describe('textSpecJson', () => {
  it('states the featuriser of textModel.ts for the manifest', () => {
    const json = textSpecJson(DEFAULT_TEXT_SPEC);
    expect(json).toMatchObject({
      input: 'counts',
      buckets: 16384,
      ngrams: [1, 2],
      ngram_separator: ' ',
      lowercase: 'String.prototype.toLowerCase',
      hash: { name: 'fnv1a-32', encoding: 'utf-8', offset_basis: 2166136261, prime: 16777619 },
      bucket: 'hash mod buckets',
    });
    // Plain JSON: survives a round trip unchanged.
    expect(JSON.parse(JSON.stringify(json))).toEqual(json);
  });

  it('gives a token pattern that splits on anything but letters, marks and numbers', () => {
    const json = textSpecJson(DEFAULT_TEXT_SPEC);
    const re = new RegExp(json.token_pattern, `g${json.token_pattern_flags}`);
    expect('Café, x²=4; naïve-ness 42 日本語'.toLowerCase().match(re)).toEqual(['café', 'x²', '4', 'naïve', 'ness', '42', '日本語']);
  });

  it('refuses buckets that are not a power of two and n-gram orders out of order', () => {
    expect(() => textSpecJson({ buckets: 1000, ngrams: [1, 2] })).toThrow(/power of two/);
    expect(() => textSpecJson({ buckets: 1024, ngrams: [2, 1] })).toThrow(/ascending/);
    expect(() => textSpecJson({ buckets: 1024, ngrams: [] })).toThrow(/ascending/);
  });
});
