// A kept baseline as a file: for each of mean, median, linear and isotonic the ONNX graph, run by
// onnxruntime-node from its bytes, against references that do not share its code — hand-computed
// numbers, and plain JavaScript (a sort for the median, a loop for the mean, predictRegression of
// domain/regression.ts for the isotonic interpolation) — on hand-made NaN-padded rows (odd and
// even counts, an empty row, means outside the fit's range, a one-point fit) and on random ones.
// Then the file through openCalibratorFile / CalibratorSession / applyCalibratorFile, and its
// manifest: read back, validated against docs/calibrator.schema.json, refused field by field.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import * as ort from 'onnxruntime-node';
import { afterAll, describe, expect, it } from 'vitest';
import { runGraphsInChild } from '../test/ortChild.ts';
import { withValueAt } from '../test/builders.ts';
import type { PromptRollouts } from '../domain/analysisInput.ts';
import { predictRegression, type IsotonicFit, type LinearFit } from '../domain/regression.ts';
import { createRng } from '../domain/rng.ts';
import {
  applyCalibratorFile,
  CalibratorFileError,
  CalibratorSession,
  exportBaselineCalibrator,
  exportTextCalibrator,
  openCalibratorFile,
} from './calibratorFile.ts';
import { buildBaselineCalibratorOnnx, isotonicKnots, type BaselineKind, type BaselineModel } from './exportBaselineGraph.ts';
import { baselineModelOf, checkFits, hasSpread, isBaselineManifest, ManifestError, parseManifest } from './manifest.ts';
import { featureCount } from './features.ts';

const SCALE = { min: 1, max: 5 };
const CTX = { dataset: { name: 'base', contentHash: 'b0b0', examples: 12 }, appVersion: '0.1.0', now: Date.UTC(2026, 4, 2), k: 3 };
const validate = new Ajv({ allErrors: true }).compile(
  JSON.parse(readFileSync(new URL('../../docs/calibrator.schema.json', import.meta.url), 'utf8')),
);

const LINEAR: LinearFit = { kind: 'linear', intercept: -1, slope: 1.6 };
/** A run of equal values (1.8…2.5 → 0.5, 3…3.5 → 3) whose inner points the graph drops, values below and above the scale (clipped). */
const ISOTONIC: IsotonicFit = { kind: 'isotonic', xs: [1.8, 2, 2.5, 3, 3.5, 4], ys: [0.5, 0.5, 0.5, 3, 3, 5.6] };
const ONE_POINT: IsotonicFit = { kind: 'isotonic', xs: [3], ys: [2.7] };

const model = (baseline: BaselineKind, fit?: LinearFit | IsotonicFit): BaselineModel => ({
  prompt: 'v1',
  scale: SCALE,
  baseline,
  ...(fit ? { fit } : {}),
});

/** The file's `prediction` for `rows` (NaN-padded to one width), from a fresh session on its bytes. */
async function run(onnx: Uint8Array, rows: number[][]): Promise<Float32Array> {
  const width = Math.max(1, ...rows.map((r) => r.length));
  const data = new Float32Array(rows.length * width).fill(NaN);
  rows.forEach((r, i) => data.set(r, i * width));
  const session = await ort.InferenceSession.create(onnx, { logSeverityLevel: 3 });
  const out = await session.run({ scores: new ort.Tensor('float32', data, [rows.length, width]) });
  await session.release();
  expect(Object.keys(out)).toEqual(['prediction']);
  const p = out.prediction!;
  expect(p.dims).toEqual([rows.length]);
  return p.data as Float32Array;
}

const present = (row: number[]) => row.filter((v) => !Number.isNaN(v));
const mean = (v: number[]) => (v.length === 0 ? NaN : v.reduce((a, b) => a + b, 0) / v.length);
/** The textbook median: the middle one, or the mean of the two middle ones. */
function median(v: number[]): number {
  if (v.length === 0) return NaN;
  const s = [...v].sort((a, b) => a - b);
  const h = s.length >> 1;
  return s.length % 2 === 1 ? s[h]! : (s[h - 1]! + s[h]!) / 2;
}
const clip = (v: number) => Math.min(SCALE.max, Math.max(SCALE.min, v));

/** The reference of each baseline for one row, in plain JavaScript. */
function reference(m: BaselineModel, row: number[]): number {
  const v = present(row);
  if (v.length === 0) return NaN;
  if (m.baseline === 'median') return median(v);
  const x = mean(v);
  if (m.baseline === 'mean') return x;
  if (m.fit!.kind === 'linear') return clip(m.fit!.intercept + m.fit!.slope * x);
  return clip(predictRegression(m.fit!, x));
}

/** Hand-made rows: odd and even counts, NaN anywhere, a row without scores, one score, unsorted. */
const ROWS: number[][] = [
  [3, NaN, 1, NaN, 2], // 3 scores: mean 2, median 2
  [4, 1], // 2: mean 2.5, median 2.5
  [5, 5, 1, 2], // 4: mean 3.25, median 3.5
  [NaN, NaN, NaN], // none: NaN
  [], // none (all padding): NaN
  [2.5], // 1: 2.5
  [1, 1, 1, 1, 1], // mean 1, below the isotonic range
  [5, 4, 3, 2, 1], // mean 3, median 3
  [5, 5, 5, 4.5, NaN], // mean 4.875, above the isotonic range; median 5
  [3, 4, 3, 5], // mean 3.75, median 3.5
  [2, 3.5], // mean 2.75, median 2.75
];

/** Hand-computed predictions of the rows above (independent of predictRegression and the graph). */
const HAND: Record<string, number[]> = {
  mean: [2, 2.5, 3.25, NaN, NaN, 2.5, 1, 3, 4.875, 3.75, 2.75],
  median: [2, 2.5, 3.5, NaN, NaN, 2.5, 1, 3, 5, 3.5, 2.75],
  // clip(−1 + 1.6·mean, 1, 5)
  linear: [2.2, 3, 4.2, NaN, NaN, 3, 1, 3.8, 5, 5, 3.4],
  // 2 → 0.5 (clipped to 1); 2.5 → 0.5 → 1; 3.25 in the run 3…3.5 → 3; 1 below 1.8 → 0.5 → 1; 3 → 3;
  // 4.875 above 4 → 5.6 → 5; 3.75 → 3 + 0.5·2.6 = 4.3; 2.75 → 0.5 + 0.5·2.5 = 1.75
  isotonic: [1, 1, 3, NaN, NaN, 1, 1, 3, 5, 4.3, 1.75],
  'one-point': [2.7, 2.7, 2.7, NaN, NaN, 2.7, 2.7, 2.7, 2.7, 2.7, 2.7],
};

const CASES: [string, BaselineModel][] = [
  ['mean', model('mean')],
  ['median', model('median')],
  ['linear', model('linear', LINEAR)],
  ['isotonic', model('isotonic', ISOTONIC)],
  ['one-point', model('isotonic', ONE_POINT)],
];

function expectClose(got: ArrayLike<number>, want: ArrayLike<number>, tol: number): number {
  expect(got.length).toBe(want.length);
  let worst = 0;
  for (let i = 0; i < want.length; i++) {
    if (Number.isNaN(want[i]!)) {
      expect(Number.isNaN(got[i]!), `row ${i}: NaN expected, got ${got[i]}`).toBe(true);
      continue;
    }
    const d = Math.abs(got[i]! - want[i]!);
    expect(d, `row ${i}: ${got[i]} vs ${want[i]}`).toBeLessThanOrEqual(tol);
    worst = Math.max(worst, d);
  }
  return worst;
}

describe('the baseline graph', () => {
  it.each(CASES)('%s: the hand-made rows give the hand-computed predictions, and the JavaScript reference', async (name, m) => {
    const { onnx } = exportBaselineCalibrator(m, CTX);
    const got = await run(onnx, ROWS);
    expectClose(got, HAND[name]!, 1e-6);
    expectClose(
      got,
      ROWS.map((r) => reference(m, r)),
      1e-6,
    );
  });

  it.each(CASES)(
    '%s: 600 random rows (0–12 scores, some off the grid and off the scale) match the reference to float32 rounding',
    async (_name, m) => {
      const rng = createRng(11);
      const rows = Array.from({ length: 600 }, (_, i) => {
        const count = i % 50 === 0 ? 0 : rng.int(13);
        // Whole scores, halves, and any float32 in [0, 6] (outside the scale too).
        return Array.from({ length: count }, () =>
          i % 3 === 0 ? 1 + rng.int(5) : i % 3 === 1 ? 0.5 * (2 + rng.int(9)) : Math.fround(6 * rng.next()),
        );
      });
      const got = await run(buildBaselineCalibratorOnnx(m, { manifest: '{}', appVersion: '0' }), rows);
      const want = rows.map((r) => reference(m, r));
      // float32 output of a value ≤ 6: half an ulp is 2.4e-7.
      const worst = expectClose(got, want, 3e-7);
      expect(worst).toBeLessThanOrEqual(3e-7);
    },
  );

  it('drops only the inner points of a run of equal values, which changes no interpolation', () => {
    expect(isotonicKnots(ISOTONIC)).toEqual({ xs: [1.8, 2.5, 3, 3.5, 4], ys: [0.5, 0.5, 3, 3, 5.6] });
    expect(isotonicKnots(ONE_POINT)).toEqual({ xs: [3], ys: [2.7] });
    const rng = createRng(3);
    for (let trial = 0; trial < 50; trial++) {
      const n = 1 + rng.int(30);
      const xs: number[] = [];
      const ys: number[] = [];
      for (let i = 0; i < n; i++) {
        xs.push((xs[i - 1] ?? 0) + 0.1 + rng.next());
        ys.push((ys[i - 1] ?? 0) + (rng.int(3) === 0 ? rng.next() : 0));
      }
      const fit: IsotonicFit = { kind: 'isotonic', xs, ys };
      const knots: IsotonicFit = { kind: 'isotonic', ...isotonicKnots(fit) };
      for (let j = 0; j < 200; j++) {
        const x = -1 + (xs[n - 1]! + 2) * rng.next();
        expect(predictRegression(knots, x)).toBe(predictRegression(fit, x));
      }
      for (const x of xs) expect(predictRegression(knots, x)).toBe(predictRegression(fit, x));
    }
  });

  it('runs every baseline without a single onnxruntime warning (declared shapes agree with the inferred ones)', () => {
    // As in exportTextGraph.test.ts: ORT says a shape mismatch only on the native stderr, so a child runs the graphs.
    const dir = mkdtempSync(join(tmpdir(), 'rir-baseline-onnx-'));
    afterAll(() => rmSync(dir, { recursive: true, force: true }));
    const files = CASES.map(([name, m]) => {
      const file = join(dir, `${name}.onnx`);
      writeFileSync(file, buildBaselineCalibratorOnnx(m, { manifest: '{}', appVersion: '0' }));
      return file;
    });
    const stderr = runGraphsInChild(
      dir,
      files.map((file) => ({ file, feeds: { scores: [5, 4] } })),
    );
    expect(stderr).not.toMatch(/\[W:onnxruntime/);
  });

  it('refuses a model it cannot state', () => {
    const build = (m: BaselineModel) => () => buildBaselineCalibratorOnnx(m, { manifest: '{}', appVersion: '0' });
    expect(build(model('linear'))).toThrow(/needs its linear fit/);
    expect(build(model('isotonic', LINEAR))).toThrow(/needs its isotonic fit/);
    expect(build(model('mean', LINEAR))).toThrow(/the mean baseline has no fit/);
    expect(build(model('isotonic', { kind: 'isotonic', xs: [1, 1], ys: [1, 2] }))).toThrow(/strictly ascending/);
    expect(build(model('isotonic', { kind: 'isotonic', xs: [1, 2], ys: [2, 1] }))).toThrow(/must not decrease/);
    expect(build(model('isotonic', { kind: 'isotonic', xs: [], ys: [] }))).toThrow(/at least one/);
    expect(build(model('linear', { kind: 'linear', intercept: NaN, slope: 1 }))).toThrow(/finite/);
    expect(build({ ...model('mean'), scale: { min: 5, max: 1 } })).toThrow(/scale/);
  });
});

/** `n` examples of v1: example e has e % 7 scores (0…6: none, odd and even counts), whole and half scores. */
function rollouts(n: number): PromptRollouts {
  const rng = createRng(5);
  const offsets = new Int32Array(n + 1);
  const scores: number[] = [];
  for (let e = 0; e < n; e++) {
    for (let r = 0; r < e % 7; r++) scores.push(1 + 0.5 * rng.int(9));
    offsets[e + 1] = scores.length;
  }
  return { prompt: 'v1', offsets, scores: Float64Array.from(scores), rail: null };
}

describe('a baseline calibrator file', () => {
  it.each(CASES)('%s: opens, has no spread, and applies over a dataset as the reference', async (_name, m) => {
    const exported = exportBaselineCalibrator(m, CTX);
    const file = openCalibratorFile(exported.onnx, exported.json);
    expect(file.text).toBeNull();
    expect(file.spread).toBe(false);
    expect(file.info.inputs.map((i) => [i.name, i.dims])).toEqual([['scores', ['N', 'R']]]);
    expect(file.info.outputs.map((o) => o.name)).toEqual(['prediction']);
    expect(file.info.metadata.get('rir.model')).toBe('baseline');
    expect(file.info.metadata.get('rir.baseline')).toBe(m.baseline);
    const p = rollouts(300);
    const session = await CalibratorSession.create(ort, file);
    const out = await applyCalibratorFile(session, file, p, 300);
    expect(out.spread).toBeNull();
    expect(out.none).toBe(43); // e % 7 === 0 for e < 300
    expect(out.tooFew).toBe(0);
    const want = Array.from({ length: 300 }, (_, e) => reference(m, Array.from(p.scores.subarray(p.offsets[e]!, p.offsets[e + 1]!))));
    expectClose(out.prediction, want, 3e-7);
    // One run of rows straight through the session: spread null too.
    const direct = await session.predict(Float32Array.from([2, 4, NaN]), 1, 3);
    expect(direct.spread).toBeNull();
    await session.release();
  });

  it('an isotonic fit of many points runs in several runs of its graph, with the same predictions', async () => {
    const rng = createRng(9);
    const xs = Array.from({ length: 5000 }, (_, i) => 1 + (4 * i) / 4999);
    const ys = xs.map((x) => 1 + 4 * ((x - 1) / 4) ** 2 + 1e-9 * rng.next()).sort((a, b) => a - b);
    const m = model('isotonic', { kind: 'isotonic', xs, ys });
    const exported = exportBaselineCalibrator(m, CTX);
    const file = openCalibratorFile(exported.onnx);
    const session = await CalibratorSession.create(ort, file);
    const p = rollouts(2000);
    const out = await applyCalibratorFile(session, file, p, 2000);
    await session.release();
    const want = Array.from({ length: 2000 }, (_, e) => reference(m, Array.from(p.scores.subarray(p.offsets[e]!, p.offsets[e + 1]!))));
    expectClose(out.prediction, want, 5e-7);
  });

  it('is refused where its graph is not the documented one', () => {
    const { json } = exportBaselineCalibrator(model('mean'), CTX);
    // A text calibrator's graph carrying a baseline manifest: two inputs where one is documented.
    const d = 8;
    const f = featureCount({ set: 'compact', k: 3 });
    const text = exportTextCalibrator(
      {
        prompt: 'v1',
        scale: SCALE,
        text: { buckets: d, ngrams: [1] },
        idf: new Float64Array(d).fill(1),
        wText: new Float64Array(d),
        scoreSet: 'compact',
        k: 3,
        stats: { mean: new Float64Array(f), sd: new Float64Array(f).fill(1) },
        wScore: new Float64Array(f),
        intercept: 0.5,
        lambda: 1,
      },
      CTX,
    );
    const swapped = buildBaselineCalibratorOnnx(model('mean'), { manifest: json, appVersion: '0' });
    expect(() => openCalibratorFile(swapped, text.json)).toThrow(/does not belong to this calibrator\.onnx/);
    expect(() => openCalibratorFile(text.onnx, json)).toThrow(CalibratorFileError);
  });
});

describe('the baseline manifest', () => {
  const isotonic = exportBaselineCalibrator(model('isotonic', ISOTONIC), {
    ...CTX,
    training: {
      seed: 0,
      folds: 5,
      loss: { ccc: 1, nmse: 1 },
      kept_by: 'loss',
      examples: { dev: 8, test: 4, too_few_rollouts: 0, no_rollouts: 0 },
    },
  }).manifest;

  it('states the baseline, its fit, the compact input and one output, and reads back as written', () => {
    expect(isotonic.model).toEqual({
      kind: 'baseline',
      baseline: 'isotonic',
      description: expect.stringMatching(/^the isotonic fit at the mean of the rollout scores .* clipped to the scale 1\.\.5$/),
      fit: { kind: 'isotonic', xs: ISOTONIC.xs, ys: ISOTONIC.ys },
    });
    expect(isotonic.features).toEqual({ set: 'compact', k: 3, names: ['mean'], quantiles: null, min_scores: 1, standardisation: null });
    expect(isotonic.inputs.map((i) => [i.name, i.prompt, i.shape])).toEqual([['scores', 'v1', ['N', 'R']]]);
    expect(isotonic.outputs.map((o) => o.name)).toEqual(['prediction']);
    const back = parseManifest(JSON.stringify(isotonic));
    expect(back).toEqual(isotonic);
    expect(isBaselineManifest(back) && baselineModelOf(back)).toEqual(model('isotonic', ISOTONIC));
    expect(hasSpread(back)).toBe(false);
    for (const [, m] of CASES) {
      const manifest = exportBaselineCalibrator(m, CTX).manifest;
      expect(validate(JSON.parse(JSON.stringify(manifest))), JSON.stringify(validate.errors)).toBe(true);
      expect(parseManifest(JSON.stringify(manifest))).toEqual(manifest);
      expect(manifest.features.names).toEqual([m.baseline === 'median' ? 'median' : 'mean']);
      expect(manifest.model.fit).toEqual(m.fit ?? null);
    }
    expect(validate(JSON.parse(JSON.stringify(isotonic))), JSON.stringify(validate.errors)).toBe(true);
  });

  /** The isotonic manifest with the value at `path` (dot-separated, numbers index arrays) replaced. */
  const changed = (path: string, value: unknown) => withValueAt(JSON.stringify(isotonic), path, value);
  const refusal = (j: unknown): string => {
    try {
      parseManifest(JSON.stringify(j));
    } catch (e) {
      expect(e).toBeInstanceOf(ManifestError);
      return (e as Error).message;
    }
    throw new Error('accepted');
  };

  // The schema cannot say that the points ascend, the values do not decrease or the two lists are as long: parseManifest does.
  const schemaCannot = new Set(['points out of order', 'decreasing values', 'fewer values than points']);
  it.each<[string, string, unknown, RegExp]>([
    ['an unknown baseline', 'model.baseline', 'mode', /^model\.baseline must be one of "mean", "median", "linear", "isotonic"/],
    ['a fit of another kind', 'model.fit', { kind: 'linear', intercept: 0, slope: 1 }, /^model\.fit\.kind must be "isotonic"/],
    ['no fit', 'model.fit', null, /^model\.fit must be an object/],
    ['points out of order', 'model.fit.xs', [1.8, 2, 2, 3, 3.5, 4], /^model\.fit\.xs must be strictly ascending \(model\.fit\.xs\[2\]\)/],
    ['decreasing values', 'model.fit.ys', [0.5, 0.5, 0.5, 3, 2, 5.6], /^model\.fit\.ys must not decrease \(model\.fit\.ys\[4\]\)/],
    ['fewer values than points', 'model.fit.ys', [0.5, 3], /^model\.fit\.ys must be a list of 6 numbers/],
    ['a value that is no number', 'model.fit.ys.1', 'x', /^model\.fit\.ys\[1\] must be a finite number/],
    ['no points', 'model.fit.xs', [], /^model\.fit\.xs must be a list of at least one number/],
    ['no description', 'model.description', '', /^model\.description must be a non-empty string/],
    ['sorted features', 'features.set', 'sorted', /^features\.set must be "compact" for a baseline model/],
    [
      'a standardisation',
      'features.standardisation',
      { mean: [0], sd: [1] },
      /^features\.standardisation must be null for a baseline model/,
    ],
    ['more scores needed', 'features.min_scores', 3, /^features\.min_scores must be 1 for a baseline model/],
    ['a fixed input width', 'inputs.0.shape', ['N', 3], /^inputs\[0\]\.shape must be \["N", "R"\] for a baseline model/],
    [
      'a second input',
      'inputs',
      [
        { name: 'scores', prompt: 'v1', shape: ['N', 'R'] },
        { name: 'counts', prompt: 'v1', shape: ['N', 8] },
      ],
      /^inputs must list exactly one input/,
    ],
    [
      'a spread output',
      'outputs',
      [{ name: 'prediction' }, { name: 'spread' }],
      /^outputs must be exactly "prediction" for a baseline model/,
    ],
  ])('refuses %s, naming the field (and the schema where it can say it)', (name, path, value, message) => {
    const j = changed(path, value);
    expect(refusal(j)).toMatch(message);
    expect(validate(j)).toBe(schemaCannot.has(name));
  });

  it('refuses a fit on the mean or median baseline, and a linear fit without its slope', () => {
    const mean = JSON.parse(JSON.stringify(exportBaselineCalibrator(model('mean'), CTX).manifest)) as Record<
      string,
      Record<string, unknown>
    >;
    mean.model!.fit = { kind: 'linear', intercept: 0, slope: 1 };
    expect(refusal(mean)).toMatch(/^model\.fit must be null for the mean baseline/);
    expect(validate(mean)).toBe(false);
    const linear = JSON.parse(JSON.stringify(exportBaselineCalibrator(model('linear', LINEAR), CTX).manifest)) as Record<
      string,
      Record<string, Record<string, unknown>>
    >;
    delete linear.model!.fit!.slope;
    expect(refusal(linear)).toMatch(/^model\.fit\.slope must be a finite number/);
    expect(validate(linear)).toBe(false);
  });

  it('checkFits reads any number of rollouts (compact input)', () => {
    const shape = { scale: SCALE, promptOrder: ['v1'], typicalRollouts: () => 7 };
    expect(checkFits(isotonic, shape)).toBeNull();
    expect(checkFits(isotonic, { ...shape, scale: { min: 0, max: 10 } })).toMatch(/trained on the scale 1–5/);
  });
});
