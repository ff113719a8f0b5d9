// The multi-version calibrator as a file (issue 15 (c)): a MultiVersionModel trained by
// trainMultiVersion on a synthetic 3-version dataset (src/test/multiVersionFixture.ts; the model
// reads B, A, C, the dataset has them as A, B, C), exported by exportMultiVersionCalibrator and
// by exportKeptCalibrator from a run that kept it. Its manifest reads back, validates against
// docs/calibrator.schema.json and is refused field by field when broken; openCalibratorFile checks
// the graph's inputs; applyCalibratorFile on onnxruntime-node with every version's rollouts gives
// the reference computed from each example's rollouts by prompt name (buildFeatures,
// predictMultiVersionUnit, fromUnit), NaN and `none` for the examples without a score of B;
// checkFits names the versions a dataset lacks.
import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import * as ort from 'onnxruntime-node';
import { withValueAt } from '../test/builders.ts';
import { describe, expect, it } from 'vitest';
import { buildAnalysisInput } from '../domain/analysisInput.ts';
import { MULTI_PROMPTS, MULTI_SCALE, multiReference, trainedMulti, worstDifference } from '../test/multiVersionFixture.ts';
import {
  applyCalibratorFile,
  CalibratorFileError,
  CalibratorSession,
  exportCalibrator,
  exportKeptCalibrator,
  exportMultiVersionCalibrator,
  multiScoresMatrix,
  openCalibratorFile,
} from './calibratorFile.ts';
import { buildMultiVersionOnnx } from './exportMultiGraph.ts';
import {
  checkFits,
  hasSpread,
  isBaselineManifest,
  isMultiManifest,
  isTextManifest,
  ManifestError,
  multiVersionModelOf,
  parseManifest,
  readsReasoning,
  type DatasetShape,
  type MultiVersionCalibratorManifest,
} from './manifest.ts';
import { outcomeOf, prepareTraining } from './selection.ts';
import { DEFAULT_TRAIN_OPTIONS, planTraining, train } from './trainer.ts';

const validate = new Ajv({ allErrors: true }).compile(
  JSON.parse(readFileSync(new URL('../../docs/calibrator.schema.json', import.meta.url), 'utf8')),
);
const CTX = { dataset: { name: 'multi', contentHash: 'f00d', examples: 120 }, appVersion: '0.1.0', now: Date.UTC(2026, 4, 3), k: 4 };
const TRAINING = {
  seed: 0,
  folds: 4,
  inner_folds: 4,
  lambdas: [0.001, 0.01, 0.1, 1, 10, 100],
  loss: { ccc: 1, nmse: 1 },
  examples: { dev: 80, test: 25, too_few_rollouts: 0, no_rollouts: 15 },
  configs: [],
};

const t = trainedMulti();
const { model } = t;
const exported = exportMultiVersionCalibrator(model, { ...CTX, training: TRAINING });
const m = exported.manifest;

const refusal = (f: () => unknown): string => {
  try {
    f();
  } catch (e) {
    if (e instanceof ManifestError || e instanceof CalibratorFileError) return e.message;
    throw e;
  }
  return 'no refusal';
};

describe('the multi-version manifest', () => {
  it('states the model, its inputs in the model’s version order, and what deploying it takes', () => {
    expect(model.prompts).toEqual(['B', 'A', 'C']);
    expect(m.prompts).toEqual(['B', 'A', 'C']);
    expect(m.inputs.map((i) => [i.name, i.prompt, i.dtype, i.shape])).toEqual([
      ['scores_0', 'B', 'float32', ['N', 'R_0']],
      ['scores_1', 'A', 'float32', ['N', 'R_1']],
      ['scores_2', 'C', 'float32', ['N', 'R_2']],
    ]);
    expect(m.outputs.map((o) => o.name)).toEqual(['prediction']);
    expect(m.features).toEqual({
      set: 'compact',
      k: 4,
      names: ['q10', 'q25', 'q50', 'q75', 'q90', 'mean', 'std', 'min', 'max'],
      quantiles: [0.1, 0.25, 0.5, 0.75, 0.9],
      min_scores: 1,
      standardisation: null,
    });
    expect(m.model.kind).toBe('multi-version');
    expect(m.model.versions).toBe(3);
    expect(m.model.features_per_version).toBe(9);
    expect(m.model.lambda).toBe(model.lambda);
    expect(m.model.weights).toEqual(Array.from(model.weights));
    expect(m.model.weights).toHaveLength(30);
    expect(m.model.intercept).toBe(model.intercept);
    expect(m.model.stats.map((s) => s.prompt)).toEqual(['B', 'A', 'C']);
    m.model.stats.forEach((s, v) => {
      expect(s.mean).toEqual(Array.from(model.stats[v]!.mean));
      expect(s.sd).toEqual(Array.from(model.stats[v]!.sd));
    });
    expect(m.model.deploy).toMatch(/running it means running every listed version on each example: B, A, C/);
    expect(m.training).toEqual(TRAINING);
    expect(isMultiManifest(m) && !hasSpread(m) && !readsReasoning(m) && !isTextManifest(m) && !isBaselineManifest(m)).toBe(true);
  });

  it('reads back exactly, validates against the schema with and without a training record, and states the same model', () => {
    const parsed = parseManifest(exported.json);
    expect(parsed).toEqual(JSON.parse(exported.json));
    expect(validate(JSON.parse(exported.json)), JSON.stringify(validate.errors)).toBe(true);
    const bare = exportMultiVersionCalibrator(model, CTX).manifest;
    expect(bare.training).toBeNull();
    expect(validate(JSON.parse(JSON.stringify(bare))), JSON.stringify(validate.errors)).toBe(true);
    const back = multiVersionModelOf(parsed as MultiVersionCalibratorManifest);
    expect(back.prompts).toEqual(model.prompts);
    expect(back.weights).toEqual(model.weights);
    expect(back.stats).toEqual(model.stats);
    expect([back.intercept, back.lambda, back.scale]).toEqual([model.intercept, model.lambda, model.scale]);
  });

  it('is told apart from the other kinds: the schema matches one branch only, and an MLP manifest still validates', async () => {
    const other = trainedMulti(60, 9);
    const mlpPlan = planTraining(other.input, {
      ...DEFAULT_TRAIN_OPTIONS,
      prompt: 1,
      featureSet: 'compact',
      k: 4,
      folds: 3,
      maxEpochs: 20,
    });
    const { trainOutcome } = await import('./report.ts');
    const outcome = trainOutcome(other.input, mlpPlan.options, await train(ort, 'cpu', mlpPlan));
    const mlp = exportCalibrator(outcome, CTX).manifest;
    expect(validate(JSON.parse(JSON.stringify(mlp))), JSON.stringify(validate.errors)).toBe(true);
    // A multi-version model under an MLP's inputs, or the MLP's model under multi-version inputs: neither validates.
    expect(validate({ ...JSON.parse(exported.json), inputs: mlp.inputs, prompts: mlp.prompts })).toBe(false);
    expect(validate({ ...JSON.parse(JSON.stringify(mlp)), model: m.model })).toBe(false);
  });

  /** The manifest as JSON with the value at `path` (dotted; numbers index arrays) replaced by `value`. */
  const changed = (path: string, value: unknown) => withValueAt(exported.json, path, value);
  const nine = (v: number) => Array.from({ length: 9 }, () => v);
  const [in0, in1] = m.inputs;

  // The schema checks each field alone: what must agree with another field (prompts, V) is parseManifest's alone.
  it.each<[string, string, unknown, RegExp, boolean]>([
    ['an input of another name', 'inputs.1.name', 'scores_2', /^inputs\[1\]\.name must be "scores_1"/, false],
    ['an input of another version', 'inputs.1.prompt', 'C', /^inputs\[1\]\.prompt must be prompts\[1\] \(“A”\)/, false],
    ['an input of a fixed width', 'inputs.2.shape', ['N', 7], /^inputs\[2\]\.shape must be \["N", "R_2"\]/, true],
    ['an input missing', 'inputs', [in0, in1], /^inputs must list exactly 3 inputs \("scores_0" … "scores_2"\)/, false],
    ['a spread output', 'outputs', [...m.outputs, { ...m.outputs[0]!, name: 'spread' }], /^outputs must be exactly "prediction"/, true],
    ['a repeated version', 'prompts', ['B', 'B', 'C'], /^prompts\[1\] repeats “B”/, false],
    [
      'a shared standardisation',
      'features.standardisation',
      { mean: nine(0), sd: nine(1) },
      /^features\.standardisation must be null for a multi-version model/,
      true,
    ],
    ['other feature names', 'features.names', ['s1', 's2'], /^features\.names must be \["q10"/, true],
    ['other quantiles', 'features.quantiles', [0.5], /^features\.quantiles must be \[0\.1/, true],
    ['two scores needed', 'features.min_scores', 2, /^features\.min_scores must be 1 for a multi-version model/, true],
    ['another version count', 'model.versions', 2, /^model\.versions must be 3/, false],
    ['another feature count', 'model.features_per_version', 7, /^model\.features_per_version must be 9/, true],
    ['a negative λ', 'model.lambda', -1, /^model\.lambda must be ≥ 0/, true],
    ['stats of another version', 'model.stats.1.prompt', 'C', /^model\.stats\[1\]\.prompt must be prompts\[1\] \(“A”\)/, false],
    ['stats missing', 'model.stats', m.model.stats.slice(0, 2), /^model\.stats must list 3 standardisations/, false],
    ['a short mean', 'model.stats.2.mean', nine(0).slice(1), /^model\.stats\[2\]\.mean must be a list of 9 numbers/, true],
    ['a zero sd', 'model.stats.0.sd', [1, 1, 1, 0, 1, 1, 1, 1, 1], /^model\.stats\[0\]\.sd\[3\] must be > 0/, true],
    ['weights of another length', 'model.weights', m.model.weights.slice(1), /^model\.weights must be a list of 30 numbers/, false],
    ['a weight that is no number', 'model.weights.4', 'x', /^model\.weights\[4\] must be a finite number/, true],
    ['no intercept', 'model.intercept', null, /^model\.intercept must be a finite number/, true],
    ['no deploy note', 'model.deploy', '', /^model\.deploy must be a non-empty string/, true],
    // An older or newer kind is refused on the null standardisation first, as an MLP reader refuses this file.
    ['another kind', 'model.kind', 'mlp-ensemble', /^features\.standardisation must be an object/, true],
  ])('refuses %s, naming the field (and the schema where one field says it)', (_name, path, value, message, schemaRefuses) => {
    const j = changed(path, value);
    expect(refusal(() => parseManifest(JSON.stringify(j)))).toMatch(message);
    expect(validate(j)).toBe(!schemaRefuses);
  });
});

describe('the multi-version file', () => {
  it('opens: the versions it reads, no spread, no featuriser; a graph whose inputs are not the manifest’s is refused', () => {
    const file = openCalibratorFile(exported.onnx, exported.json);
    expect(file.versions).toEqual(['B', 'A', 'C']);
    expect(file.spread).toBe(false);
    expect(file.text).toBeNull();
    expect(file.info.inputs.map((i) => [i.name, i.dims])).toEqual([
      ['scores_0', ['N', 'R_0']],
      ['scores_1', ['N', 'R_1']],
      ['scores_2', ['N', 'R_2']],
    ]);
    // The graph of a model of two versions carrying the manifest of three.
    const two = { ...model, prompts: ['B', 'A'], stats: model.stats.slice(0, 2), weights: model.weights.slice(0, 20) };
    const wrong = buildMultiVersionOnnx(two, { manifest: exported.json, appVersion: '0.1.0' });
    expect(refusal(() => openCalibratorFile(wrong))).toMatch(
      /^the model's inputs are not the documented “scores_0” float32 \[N, R_0\] and “scores_1” float32 \[N, R_1\] and “scores_2” float32 \[N, R_2\] \(it has scores_0 \[N, R_0\], scores_1 \[N, R_1\]\)/,
    );
  });

  it('applied with every version’s rollouts gives the reference of each example, NaN and `none` without a score of B', async () => {
    const file = openCalibratorFile(Uint8Array.from(exported.onnx));
    const session = await CalibratorSession.create(ort, file);
    try {
      const byPrompt = new Map(t.input.prompts.map((p) => [p.prompt, p]));
      const result = await applyCalibratorFile(
        session,
        file,
        file.versions.map((p) => byPrompt.get(p)!),
        t.input.n,
      );
      const ref = multiReference(model, t.examples);
      const { worst, nan, mismatched } = worstDifference(result.prediction, ref);
      expect(mismatched).toEqual([]);
      const noB = t.examples.filter((e) => !e.rollouts.some((r) => r.prompt === 'B')).length;
      expect(noB).toBeGreaterThan(10);
      expect(nan).toBe(noB);
      expect(result.none).toBe(noB);
      expect(result.tooFew).toBe(0);
      expect(result.spread).toBeNull();
      expect(worst).toBeLessThan(1e-6);
      // Every path was taken: predicted examples without A, and without C.
      for (const p of ['A', 'C'])
        expect(t.examples.some((e, i) => !Number.isNaN(ref[i]!) && !e.rollouts.some((r) => r.prompt === p))).toBe(true);
      // And the file predicts what the run's kept model predicted on the examples outside its dev set.
      const dev = new Set(t.plan.devRows.map((r) => t.plan.features.rows[r]!));
      const outside = Array.from(t.plan.features.rows).filter((e) => !dev.has(e));
      expect(outside.length).toBeGreaterThan(15);
      for (const e of outside) expect(Math.abs(result.prediction[e]! - t.run.predictions[e]!)).toBeLessThan(1e-6);
    } finally {
      await session.release();
    }
  });

  it('runs on slices as on the whole (multiScoresMatrix over [from, to))', async () => {
    const file = openCalibratorFile(exported.onnx);
    const session = await CalibratorSession.create(ort, file);
    try {
      const byPrompt = new Map(t.input.prompts.map((p) => [p.prompt, p]));
      const ps = file.versions.map((p) => byPrompt.get(p)!);
      const ref = multiReference(model, t.examples);
      const got = new Float64Array(t.input.n).fill(NaN);
      let none = 0;
      for (const [from, to] of [
        [0, 7],
        [7, 8],
        [8, 61],
        [61, t.input.n],
      ] as const) {
        const mm = multiScoresMatrix(ps, from, to);
        none += mm.none;
        expect(mm.inputs.map((x) => x.data.length)).toEqual(mm.inputs.map((x) => x.width * mm.rows.length));
        const out = await session.predictMultiMatrix(mm);
        mm.rows.forEach((e, r) => (got[e] = out.prediction[r]!));
      }
      const { worst, mismatched, nan } = worstDifference(got, ref);
      expect(mismatched).toEqual([]);
      expect(none).toBe(nan);
      expect(worst).toBeLessThan(1e-6);
    } finally {
      await session.release();
    }
  });

  it('refuses the rollouts of one version, of the versions in another order, and the scores-only entry points', async () => {
    const file = openCalibratorFile(exported.onnx);
    const session = await CalibratorSession.create(ort, file);
    try {
      const [a, b, c] = t.input.prompts;
      await expect(applyCalibratorFile(session, file, b!, t.input.n)).rejects.toThrow(
        /reads the rollouts of “B”, “A”, “C”, in that order \(running it means running every one\); it was given “B”/,
      );
      await expect(applyCalibratorFile(session, file, [a!, b!, c!], t.input.n)).rejects.toThrow(/it was given “A”, “B”, “C”/);
      await expect(session.predict(new Float32Array(2), 1, 2)).rejects.toThrow(/reads 3 prompt versions: run it with predictVersions/);
      await expect(session.predictVersions([{ data: new Float32Array(2), width: 2 }], 1)).rejects.toThrow(/got 1 inputs/);
    } finally {
      await session.release();
    }
  });
});

describe('checkFits of a multi-version manifest', () => {
  const shape = (promptOrder: string[], over: Partial<DatasetShape> = {}): DatasetShape => ({
    scale: MULTI_SCALE,
    promptOrder,
    typicalRollouts: (p) => (promptOrder.includes(p) ? 3 : null),
    ...over,
  });

  it('fits a dataset with every version, in any order, and names the ones a dataset lacks', () => {
    expect(checkFits(m, shape(MULTI_PROMPTS))).toBeNull();
    expect(checkFits(m, shape(['C', 'A', 'B', 'D']))).toBeNull();
    expect(checkFits(m, shape(['A', 'B']))).toBe(
      'the calibrator reads the rollouts of 3 prompt versions (“B”, “A”, “C”: running it means running every one), and this dataset has none of “C” (it has “A”, “B”)',
    );
    expect(checkFits(m, shape(['B']))).toMatch(/this dataset has none of “A”, “C” \(it has “B”\)$/);
    expect(checkFits(m, shape(['A', 'C']))).toMatch(/this dataset has none of “B” \(it has “A”, “C”\)$/);
    expect(checkFits(m, shape([]))).toMatch(/none of “B”, “A”, “C” \(it has no rollouts\)$/);
    // Listed but without a rollout.
    expect(checkFits(m, shape(MULTI_PROMPTS, { typicalRollouts: (p) => (p === 'A' ? null : 3) }))).toMatch(/none of “A” /);
  });

  it('refuses another scale', () => {
    expect(checkFits(m, shape(MULTI_PROMPTS, { scale: { min: 0, max: 10 } }))).toBe(
      'the calibrator was trained on the scale 1–5; this dataset’s scale is 0–10 (set the scale on Browse if it is wrong)',
    );
  });
});

describe('a run that kept the multi-version ridge', async () => {
  const request = { texts: null, options: { weights: { ccc: 1, nmse: 1 }, text: null, multiVersion: true, keep: 'multi-version' } };
  const input = buildAnalysisInput(t.examples, MULTI_PROMPTS, MULTI_SCALE);
  const options = { ...DEFAULT_TRAIN_OPTIONS, prompt: 1, featureSet: 'compact' as const, k: 4, folds: 4, maxEpochs: 30 };
  const prepared = prepareTraining(planTraining(input, options), request);
  const result = await train(ort, 'cpu', prepared.plan);
  const outcome = outcomeOf(input, prepared, result, request);

  it('is written by exportKeptCalibrator: its model, the run’s training record and metrics, and the same predictions', async () => {
    const kept = outcome.selection!;
    expect(kept.candidates[kept.chosen]!.id).toBe('multi-version');
    const files = exportKeptCalibrator(outcome, CTX);
    const man = files.manifest as MultiVersionCalibratorManifest;
    expect(man.model.kind).toBe('multi-version');
    expect(man.prompts).toEqual(['B', 'A', 'C']);
    expect(man.model.weights).toEqual(Array.from(kept.multi!.weights));
    expect(man.features.k).toBe(4);
    expect(man.training).toMatchObject({ seed: options.seed, folds: 4, inner_folds: 4, loss: { ccc: 1, nmse: 1 }, configs: [] });
    expect(man.metrics.out_of_fold).not.toBeNull();
    expect(validate(JSON.parse(files.json)), JSON.stringify(validate.errors)).toBe(true);
    const file = openCalibratorFile(files.onnx, files.json);
    const session = await CalibratorSession.create(ort, file);
    try {
      const byPrompt = new Map(input.prompts.map((p) => [p.prompt, p]));
      const applied = await applyCalibratorFile(
        session,
        file,
        file.versions.map((p) => byPrompt.get(p)!),
        input.n,
      );
      const { worst, mismatched } = worstDifference(applied.prediction, multiReference(kept.multi!, t.examples));
      expect(mismatched).toEqual([]);
      expect(worst).toBeLessThan(1e-6);
    } finally {
      await session.release();
    }
  });
});
