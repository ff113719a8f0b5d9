// The text calibrator as a file (issue 15 point 5): a hand-made TextRidgeModel (D = 64) exported by
// exportTextCalibrator, its manifest read back and validated against docs/calibrator.schema.json
// (and every field the apply relies on refused in step by both), the file opened and refused in
// words, and applied over a dataset — reasoning featurised in chunks of TEXT_CHUNK_ROWS — against
// the reference predictTextRidgeUnit + fromUnit computed here from the same texts (hashNgrams).
import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import * as ort from 'onnxruntime-node';
import { withValueAt } from '../test/builders.ts';
import { describe, expect, it } from 'vitest';
import type { PromptRollouts } from '../domain/analysisInput.ts';
import { createRng } from '../domain/rng.ts';
import {
  applyCalibratorFile,
  CalibratorFileError,
  CalibratorSession,
  countsMatrix,
  exportCalibrator,
  exportTextCalibrator,
  openCalibratorFile,
  scoresMatrix,
  TEXT_CHUNK_ROWS,
} from './calibratorFile.ts';
import { buildCalibratorOnnx } from './exportGraph.ts';
import { buildTextCalibratorOnnx, textSpecJson } from './exportTextGraph.ts';
import { buildFeatures, featureCount, fromUnit, type FeatureSetId } from './features.ts';
import {
  checkFits,
  isTextManifest,
  MANIFEST_FORMAT_VERSION,
  parseManifest,
  textCalibratorManifest,
  type TextCalibratorManifest,
} from './manifest.ts';
import { hashNgrams } from './textFeatures.ts';
import { predictTextRidgeUnit, type PromptTexts, type TextRidgeModel } from './textModel.ts';
import type { CalibratorModel } from './trainer.ts';

const validate = new Ajv({ allErrors: true }).compile(
  JSON.parse(readFileSync(new URL('../../docs/calibrator.schema.json', import.meta.url), 'utf8')),
);
const CTX = { dataset: { name: 'texts', contentHash: 'feed42', examples: 700 }, appVersion: '0.1.0', now: Date.UTC(2026, 4, 1) };
const SCALE = { min: 1, max: 5 };
const D = 64;

/** A small model: idf and weights from a seeded stream, the score weights small, so predictions spread inside the scale and some clip. */
function model(scoreSet: FeatureSetId = 'sorted', k = 3): TextRidgeModel {
  const rng = createRng(7);
  const f = featureCount({ set: scoreSet, k });
  return {
    prompt: 'v1',
    scale: SCALE,
    text: { buckets: D, ngrams: [1, 2] },
    idf: Float64Array.from({ length: D }, () => 1 + 3 * rng.next()),
    wText: Float64Array.from({ length: D }, () => rng.next() - 0.5),
    scoreSet,
    k,
    stats: { mean: Float64Array.from({ length: f }, () => 0.5), sd: Float64Array.from({ length: f }, () => 0.3) },
    wScore: Float64Array.from({ length: f }, (_, i) => 0.02 * (i + 1)),
    intercept: 0.45,
    lambda: 0.3,
  };
}

const WORDS = ['the', 'answer', 'is', 'correct', 'wrong', 'because', 'step', 'two', 'fails', 'Proof', 'ÉCOLE', 'naïve', '42', 'x²', 'so'];

interface Data {
  n: number;
  rollouts: PromptRollouts;
  texts: PromptTexts;
}

/**
 * `n` examples of prompt v1: 0..4 rollouts (whole scores 1..5), each with 0..12 random words of
 * reasoning ('' for every 6th rollout), so some examples have too few scores (sorted K = 3),
 * some none, and some scores without reasoning.
 */
function data(n: number, seed: number): Data {
  const rng = createRng(seed);
  const offsets = new Int32Array(n + 1);
  const scores: number[] = [];
  const texts: string[] = [];
  for (let e = 0; e < n; e++) {
    const count = e % 11 === 5 ? 0 : e % 13 === 7 ? 2 : 3 + rng.int(2);
    for (let r = 0; r < count; r++) {
      scores.push(1 + rng.int(5));
      const words = texts.length % 6 === 0 ? 0 : rng.int(13);
      texts.push(Array.from({ length: words }, () => WORDS[rng.int(WORDS.length)]!).join(rng.int(3) === 0 ? ', ' : ' '));
    }
    offsets[e + 1] = scores.length;
  }
  return {
    n,
    rollouts: { prompt: 'v1', offsets, scores: Float64Array.from(scores), rail: null },
    texts: { prompt: 'v1', offsets: offsets.slice(), texts },
  };
}

/** The reference prediction of every example (NaN with too few scores): hashNgrams of its texts, the score features, predictTextRidgeUnit, fromUnit. */
function reference(m: TextRidgeModel, d: Data): Float64Array {
  const counts = hashNgrams(d.texts, d.n, m.text);
  const fm = buildFeatures(d.rollouts, d.n, m.scale, { set: m.scoreSet, k: m.k });
  const out = new Float64Array(d.n).fill(NaN);
  fm.rows.forEach((e, r) => {
    const from = counts.offsets[e]!;
    const to = counts.offsets[e + 1]!;
    const u = predictTextRidgeUnit(
      m,
      counts.index.subarray(from, to),
      counts.count.subarray(from, to),
      fm.x.subarray(r * fm.f, (r + 1) * fm.f),
    );
    out[e] = fromUnit(u, m.scale);
  });
  return out;
}

const refusal = (f: () => unknown): string => {
  try {
    f();
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('accepted');
};

describe('the text calibrator’s manifest', () => {
  const exported = exportTextCalibrator(model(), CTX);
  const m = exported.manifest;

  it('states the model, its two inputs, one output and the featuriser, and reads back as written', () => {
    expect(m.format_version).toBe(MANIFEST_FORMAT_VERSION);
    expect(m.model).toEqual({
      kind: 'text-ridge',
      lambda: 0.3,
      buckets: D,
      features: 7,
      text: textSpecJson({ buckets: D, ngrams: [1, 2] }),
    });
    expect(m.inputs.map((i) => [i.name, i.prompt, i.shape])).toEqual([
      ['counts', 'v1', ['N', D]],
      ['scores', 'v1', ['N', 3]],
    ]);
    expect(m.outputs.map((o) => o.name)).toEqual(['prediction']);
    expect(m.features).toMatchObject({ set: 'sorted', k: 3, min_scores: 3, quantiles: null });
    expect(m.training).toBeNull();
    expect(m.metrics).toEqual({ seed: 0, resamples: 1000, test: null, out_of_fold: null, comparisons: [] });
    expect(m.name).toBe('texts · v1');
    const back = parseManifest(exported.json);
    expect(back).toEqual(JSON.parse(exported.json));
    expect(isTextManifest(back)).toBe(true);
  });

  it('validates against the schema, with and without a training record and metrics', () => {
    expect(validate(JSON.parse(exported.json)), JSON.stringify(validate.errors)).toBe(true);
    const recorded = textCalibratorManifest(model('compact', 5), {
      ...CTX,
      name: 'mine',
      training: {
        seed: 3,
        folds: 5,
        inner_folds: 4,
        lambdas: [0.1, 1, 10],
        loss: { ccc: 1, nmse: 1 },
        examples: { dev: 400, test: 100, too_few_rollouts: 0, no_rollouts: 2 },
        configs: [
          { lambda: 0.1, oof_ccc: 0.5, oof_nmse: 0.7 },
          { lambda: 1, oof_ccc: null, oof_nmse: null },
        ],
      },
      metrics: {
        seed: 0,
        resamples: 1000,
        test: null,
        out_of_fold: null,
        comparisons: [{ id: 'mean', delta_ccc: 0.1, delta_ci: [0.01, 0.2], verdict: 'better' }],
      },
    });
    expect(recorded.name).toBe('mine');
    expect(recorded.inputs[1]!.shape).toEqual(['N', 'R']);
    expect(validate(JSON.parse(JSON.stringify(recorded))), JSON.stringify(validate.errors)).toBe(true);
    expect(parseManifest(JSON.stringify(recorded))).toEqual(JSON.parse(JSON.stringify(recorded)));
  });

  /** The manifest as JSON with the value at `path` (dotted; numbers index arrays) replaced by `value`. */
  const changed = (path: string, value: unknown) => withValueAt(exported.json, path, value);
  const [countsInput, scoresInput] = m.inputs;

  // The schema cannot relate two fields (ascending orders, one width stated twice): those four are parseManifest's alone.
  const related = new Set(['model.text.ngrams', 'model.text.buckets', 'inputs.0.shape', 'model.features']);
  it.each<[string, string, unknown, RegExp]>([
    ['another hash', 'model.text.hash.name', 'murmur3', /^model\.text\.hash\.name must be "fnv1a-32"/],
    ['another offset basis', 'model.text.hash.offset_basis', 0, /^model\.text\.hash\.offset_basis must be 2166136261/],
    ['another tokeniser', 'model.text.token_pattern', '\\w+', /^model\.text\.token_pattern must be/],
    ['no lowercasing', 'model.text.lowercase', 'none', /^model\.text\.lowercase must be/],
    ['another separator', 'model.text.ngram_separator', '_', /^model\.text\.ngram_separator must be " "/],
    ['n-grams out of order', 'model.text.ngrams', [2, 1], /^model\.text\.ngrams must be ascending/],
    ['text buckets other than the model’s', 'model.text.buckets', 128, /^model\.text\.buckets \(128\) must equal model\.buckets \(64\)/],
    ['counts of another width', 'inputs.0.shape', ['N', 32], /^inputs\[0\]\.shape must be \["N", 64\]/],
    ['no counts input', 'inputs', [scoresInput], /^inputs must list exactly two inputs/],
    ['the inputs swapped', 'inputs', [scoresInput, countsInput], /^inputs\[0\]\.name must be "counts"/],
    ['a negative λ', 'model.lambda', -1, /^model\.lambda must be ≥ 0/],
    [
      'an unknown kind',
      'model.kind',
      'forest',
      /^model\.kind must be "mlp-ensemble", "text-ridge", "stacked-mlp", "baseline" or "multi-version"/,
    ],
    ['a score-feature count other than the standardisation’s', 'model.features', 9, /^model\.features must be 7/],
  ])('refuses %s, in parseManifest (and the schema where one field says it)', (_name, path, value, message) => {
    const j = changed(path, value);
    expect(refusal(() => parseManifest(JSON.stringify(j)))).toMatch(message);
    expect(validate(j)).toBe(related.has(path));
  });

  it('an MLP manifest and a text one are not each other: the schema and parseManifest tell them apart', () => {
    const mlp = mlpManifest();
    expect(validate(JSON.parse(JSON.stringify(mlp))), JSON.stringify(validate.errors)).toBe(true);
    // An MLP manifest that calls itself text-ridge: no λ, no featuriser, one input.
    const fake = { ...JSON.parse(JSON.stringify(mlp)), model: { ...mlp.model, kind: 'text-ridge' } };
    expect(validate(fake)).toBe(false);
    expect(refusal(() => parseManifest(fake))).toMatch(/^inputs must list exactly two inputs/);
    // A text manifest with the MLP's model block: two inputs.
    const hybrid = changed('model', mlp.model);
    expect(validate(hybrid)).toBe(false);
    expect(refusal(() => parseManifest(hybrid))).toMatch(/^inputs must list exactly one input/);
    // The text training block is no MLP training block, and the reverse.
    expect(validate(changed('training', mlp.training))).toBe(false);
    expect(validate({ ...JSON.parse(JSON.stringify(mlp)), training: null })).toBe(false);
  });

  it('checkFits says when no rollout of the prompt version has reasoning (text only)', () => {
    const shape = { scale: SCALE, promptOrder: ['v1'], typicalRollouts: () => 3 };
    expect(checkFits(m, { ...shape, hasReasoning: () => true })).toBeNull();
    expect(checkFits(m, { ...shape, hasReasoning: (p) => p !== 'v1' })).toBe(
      'this calibrator reads the reasoning, and no rollout of “v1” has any',
    );
    // The earlier checks come first.
    expect(checkFits(m, { ...shape, typicalRollouts: () => null, hasReasoning: () => false })).toMatch(/has no rollouts/);
    const mlp = mlpManifest();
    expect(checkFits(mlp, { ...shape, hasReasoning: () => false })).toBeNull();
  });
});

/** The manifest of the two-member MLP below, exported as the app does. */
function mlpManifest() {
  return exportCalibrator(
    {
      result: mlpResult(),
      report: { test: null, outOfFold: null, comparisons: [] },
      targets: new Float64Array(0),
      splits: new Uint8Array(0),
    },
    CTX,
  ).manifest;
}

/** A TrainResult with just what calibratorManifest reads (a two-member MLP, nothing recorded of its training). */
function mlpResult(): Parameters<typeof exportCalibrator>[0]['result'] {
  const f = 7;
  const h = 2;
  const mlp: CalibratorModel = {
    prompt: 'v1',
    featureSet: 'sorted',
    k: 3,
    scale: SCALE,
    stats: { mean: Array(f).fill(0.5), sd: Array(f).fill(0.25) },
    h,
    config: { hidden: h, weightDecay: 0, lr: 0.01 },
    members: [{ w1: Array.from({ length: f * h }, (_, i) => Math.sin(i) / 3), b1: [0.1, -0.1], w2: [0.4, 0.3], b2: [0.5] }],
    seed: 0,
  };
  return {
    model: mlp,
    epochs: 10,
    cancelled: false,
    provider: 'cpu',
    counts: { train: 10, test: 5, tooFewRollouts: 0, noRollouts: 0 },
    configs: [],
  } as unknown as Parameters<typeof exportCalibrator>[0]['result'];
}

describe('a text calibrator file', () => {
  it('opens with its featuriser, and is refused in words where its graph, manifest or featuriser is not the documented one', () => {
    const exported = exportTextCalibrator(model(), CTX);
    const file = openCalibratorFile(exported.onnx, exported.json);
    expect(file.text).toEqual({ buckets: D, ngrams: [1, 2] });
    expect(file.manifest).toEqual(JSON.parse(exported.json));
    expect(file.info.metadata.get('rir.model')).toBe('text-ridge');
    expect(file.info.inputs.map((i) => [i.name, i.dims])).toEqual([
      ['counts', ['N', D]],
      ['scores', ['N', 3]],
    ]);

    const open = (bytes: Uint8Array) => refusal(() => openCalibratorFile(bytes));
    const onnxWith = (manifest: string, over: Partial<TextRidgeModel> = {}, float64 = false) =>
      buildTextCalibratorOnnx(
        { ...model(), ...over },
        { manifest, appVersion: '0.1.0', ...(float64 ? { predictionType: 'float64' as const } : {}) },
      );
    // A featuriser this app cannot reproduce: refused on opening, before anything runs.
    const murmur = JSON.parse(exported.json) as TextCalibratorManifest;
    (murmur.model.text.hash as { name: string }).name = 'murmur3';
    expect(open(onnxWith(JSON.stringify(murmur)))).toMatch(/^its manifest cannot be read: model\.text\.hash\.name must be "fnv1a-32"/);
    // A graph of another width than the manifest's counts.
    const wide = { ...model(), text: { buckets: 128, ngrams: [1, 2] }, idf: new Float64Array(128).fill(1), wText: new Float64Array(128) };
    expect(open(onnxWith(exported.json, wide))).toMatch(
      /inputs are not the documented “counts” float32 \[N, 64\] and “scores” float32 \[N, 3\]/,
    );
    // A float64 prediction: not what the session reads.
    expect(open(onnxWith(exported.json, {}, true))).toMatch(/“prediction” output is not float32/);
    // The text manifest in an MLP graph, and the MLP manifest in a text graph.
    const mlp = exportCalibrator(
      {
        result: mlpResult(),
        report: { test: null, outOfFold: null, comparisons: [] },
        targets: new Float64Array(0),
        splits: new Uint8Array(0),
      },
      CTX,
    );
    const mlpModel = mlpResult().model;
    expect(open(buildCalibratorOnnx(mlpModel, { manifest: exported.json, appVersion: '0.1.0' }))).toMatch(
      /inputs are not the documented “counts” float32 \[N, 64\] and “scores” float32 \[N, 3\] \(it has scores \[N, 3\]\)/,
    );
    expect(open(onnxWith(mlp.json))).toMatch(
      /input is not the documented “scores” float32 \[N, 3\] \(it has counts \[N, 64\], scores \[N, 3\]\)/,
    );
  });

  it.each<[FeatureSetId, number]>([
    ['sorted', 3],
    ['compact', 5],
  ])(
    'applied over 700 examples (%s scores, K = %i) equals the reference from the same texts, across chunks of 256 rows',
    async (set, k) => {
      expect(TEXT_CHUNK_ROWS).toBe(256);
      const m = model(set, k);
      const exported = exportTextCalibrator(m, CTX);
      const file = openCalibratorFile(exported.onnx, exported.json);
      const session = await CalibratorSession.create(ort, file);
      const d = data(700, set === 'sorted' ? 1 : 2);
      const want = reference(m, d);
      try {
        const out = await applyCalibratorFile(session, file, d.rollouts, d.n, d.texts);
        expect(out.spread).toBeNull();
        const counted = { none: 0, tooFew: 0 };
        for (let e = 0; e < d.n; e++) {
          const c = d.rollouts.offsets[e + 1]! - d.rollouts.offsets[e]!;
          if (c === 0) counted.none++;
          else if (set === 'sorted' && c < k) counted.tooFew++;
        }
        expect({ none: out.none, tooFew: out.tooFew }).toEqual(counted);
        expect(counted.none + counted.tooFew).toBeGreaterThan(0);
        let predicted = 0;
        let worst = 0;
        let clipped = 0;
        for (let e = 0; e < d.n; e++) {
          if (Number.isNaN(want[e]!)) {
            expect(out.prediction[e], `example ${e}`).toBeNaN();
            continue;
          }
          predicted++;
          if (want[e] === SCALE.min || want[e] === SCALE.max) clipped++;
          // The graph's float64 prediction cast to float32: within float32 rounding of the reference.
          worst = Math.max(worst, Math.abs(out.prediction[e]! - want[e]!) / Math.abs(want[e]!));
        }
        expect(worst).toBeLessThan(2 ** -23);
        // Enough rows to cross two chunk boundaries, and predictions that are not all clipped.
        expect(predicted).toBeGreaterThan(2 * TEXT_CHUNK_ROWS);
        expect(clipped).toBeLessThan(predicted / 2);

        // The texts matter: the same scores with the texts of the examples shifted by one give other predictions.
        const shifted: PromptTexts = { ...d.texts, texts: [...d.texts.texts.slice(1), d.texts.texts[0]!] };
        const other = await applyCalibratorFile(session, file, d.rollouts, d.n, shifted);
        let differ = 0;
        for (let e = 0; e < d.n; e++) if (Number.isFinite(want[e]!) && Math.abs(other.prediction[e]! - out.prediction[e]!) > 1e-6) differ++;
        expect(differ).toBeGreaterThan(predicted / 2);
      } finally {
        await session.release();
      }
    },
    20_000,
  );

  it('applied to the reasoning in parts (stored chunks of uneven sizes) gives the reference too, and refuses parts that skip or fall short', async () => {
    const m = model('sorted', 3);
    const exported = exportTextCalibrator(m, CTX);
    const file = openCalibratorFile(exported.onnx, exported.json);
    const session = await CalibratorSession.create(ort, file);
    const d = data(700, 1);
    const want = reference(m, d);
    /** The texts of examples from..to as a part. */
    const part = (from: number, to: number) => {
      const offsets = Int32Array.from({ length: to - from + 1 }, (_, i) => d.texts.offsets[from + i]! - d.texts.offsets[from]!);
      return {
        start: from,
        texts: { prompt: d.texts.prompt, offsets, texts: d.texts.texts.slice(d.texts.offsets[from]!, d.texts.offsets[to]!) },
      };
    };
    async function* parts(cuts: number[]) {
      for (let i = 0; i + 1 < cuts.length; i++) yield part(cuts[i]!, cuts[i + 1]!);
    }
    try {
      // Parts of 1, 7, 300 and the rest: gathered across the 256-row runs, one run straddling three parts.
      const out = await applyCalibratorFile(session, file, d.rollouts, d.n, parts([0, 1, 8, 308, 700]));
      let predicted = 0;
      for (let e = 0; e < d.n; e++) {
        if (Number.isNaN(want[e]!)) expect(out.prediction[e], `example ${e}`).toBeNaN();
        else {
          predicted++;
          expect(Math.abs(out.prediction[e]! - want[e]!) / Math.abs(want[e]!), `example ${e}`).toBeLessThan(2 ** -23);
        }
      }
      expect(predicted).toBeGreaterThan(2 * TEXT_CHUNK_ROWS);
      await expect(applyCalibratorFile(session, file, d.rollouts, d.n, parts([0, 10, 20, 700]))).resolves.toBeTruthy();
      await expect(applyCalibratorFile(session, file, d.rollouts, d.n, parts([0, 10]))).rejects.toThrow(/covers 10 of the 700 examples/);
      async function* skipping() {
        yield part(0, 10);
        yield part(11, 700);
      }
      await expect(applyCalibratorFile(session, file, d.rollouts, d.n, skipping())).rejects.toThrow(/in order/);
    } finally {
      await session.release();
    }
  });

  it('predictMatrix over rows not in order, and countsMatrix, agree with hashNgrams', async () => {
    const m = model();
    const exported = exportTextCalibrator(m, CTX);
    const file = openCalibratorFile(exported.onnx);
    const d = data(40, 3);
    const rows = Int32Array.from([9, 2, 30, 2]);
    const dense = countsMatrix(d.texts, m.text, rows);
    const h = hashNgrams(d.texts, d.n, m.text);
    rows.forEach((e, r) => {
      const row = Array.from(dense.subarray(r * D, (r + 1) * D));
      const want = new Array<number>(D).fill(0);
      for (let p = h.offsets[e]!; p < h.offsets[e + 1]!; p++) want[h.index[p]!] = h.count[p]!;
      expect(row).toEqual(want);
    });
    const session = await CalibratorSession.create(ort, file);
    try {
      const sm = scoresMatrix(d.rollouts, 'sorted', 3, 0, d.n);
      const out = await session.predictMatrix(sm, d.texts);
      const want = reference(m, d);
      expect(out.spread).toBeNull();
      sm.rows.forEach((e, r) => expect(Math.abs(out.prediction[r]! - want[e]!)).toBeLessThan(1e-6));
    } finally {
      await session.release();
    }
  });

  it('refuses to run without the reasoning, with another prompt version’s, or with counts for an MLP', async () => {
    const exported = exportTextCalibrator(model(), CTX);
    const file = openCalibratorFile(exported.onnx);
    const session = await CalibratorSession.create(ort, file);
    const d = data(20, 4);
    try {
      await expect(applyCalibratorFile(session, file, d.rollouts, d.n)).rejects.toThrow(CalibratorFileError);
      await expect(applyCalibratorFile(session, file, d.rollouts, d.n)).rejects.toThrow(
        /reads the reasoning: apply it with the reasoning of “v1”/,
      );
      await expect(applyCalibratorFile(session, file, d.rollouts, d.n, { ...d.texts, prompt: 'v2' })).rejects.toThrow(
        /not that of the 20 examples of “v1”/,
      );
      await expect(session.predict(new Float32Array(3), 1, 3)).rejects.toThrow(/counts of 1 × 64 are needed/);
    } finally {
      await session.release();
    }
    const mlp = exportCalibrator(
      {
        result: mlpResult(),
        report: { test: null, outOfFold: null, comparisons: [] },
        targets: new Float64Array(0),
        splits: new Uint8Array(0),
      },
      CTX,
    );
    const mlpFile = openCalibratorFile(mlp.onnx);
    expect(mlpFile.text).toBeNull();
    const mlpSession = await CalibratorSession.create(ort, mlpFile);
    try {
      await expect(mlpSession.predict(new Float32Array(3), 1, 3, new Float32Array(64))).rejects.toThrow(/scores only/);
      // The MLP still applies as before, texts or not, with its spread.
      const out = await applyCalibratorFile(mlpSession, mlpFile, d.rollouts, d.n, d.texts);
      expect(out.spread).toBeInstanceOf(Float64Array);
      expect(out.spread!.some((v) => Number.isFinite(v))).toBe(true);
    } finally {
      await mlpSession.release();
    }
  });
});
