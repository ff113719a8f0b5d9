// The stacked calibrator as a file (issue 15 point 5): a run that keeps the stacked MLP writes one
// ONNX graph doing tf-idf, the ridge, the standardised text input and the MLP ensemble inside; the
// file, opened and applied by onnxruntime-node over the dataset's rollouts and reasoning, gives the
// run's own predictions and spread (computed by the trainer's BatchPredictor on the batch's feature
// matrix, another path) on every example the run did not cross-validate; its manifest reads back,
// validates against docs/calibrator.schema.json and is refused field by field when broken.
import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { buildAnalysisInput } from '../domain/analysisInput.ts';
import { aspectExamples } from '../test/aspectData.ts';
import { applyCalibratorFile, CalibratorSession, exportKeptCalibrator, openCalibratorFile } from './calibratorFile.ts';
import { hasSpread, ManifestError, parseManifest, readsReasoning, type StackedCalibratorManifest } from './manifest.ts';
import { keepCandidate } from './report.ts';
import { outcomeOf, prepareTraining } from './selection.ts';
import { promptTexts } from './textInput.ts';
import { DEFAULT_TRAIN_OPTIONS, planTraining, train, type TrainOptions } from './trainer.ts';

const validate = new Ajv({ allErrors: true }).compile(
  JSON.parse(readFileSync(new URL('../../docs/calibrator.schema.json', import.meta.url), 'utf8')),
);
const CTX = { dataset: { name: 'stacked', contentHash: 'c0ffee', examples: 150 }, appVersion: '0.1.0', now: Date.UTC(2026, 11, 7) };
const SCALE = { min: 1, max: 5 };
const options: TrainOptions = {
  ...DEFAULT_TRAIN_OPTIONS,
  prompt: 0,
  featureSet: 'sorted',
  k: 3,
  folds: 3,
  grid: { hidden: [4], weightDecay: [0.1], lr: [0.01] },
  maxEpochs: 200,
  patience: 100,
};

describe('the stacked calibrator file', async () => {
  const examples = aspectExamples(150, 41, { withoutReasoningEvery: 7, tail: 'naïve ÉCOLE x² 42' });
  const input = buildAnalysisInput(examples, ['v1'], SCALE);
  const texts = promptTexts(examples, 'v1');
  const request = { texts, options: { weights: { ccc: 1, nmse: 1 }, text: { buckets: 1 << 10, ngrams: [1, 2] } } };
  const prepared = prepareTraining(planTraining(input, options), request);
  const result = await train(ort, 'cpu', prepared.plan);
  const outcome = keepCandidate(outcomeOf(input, prepared, result, request), input, 0, 'stacked-mlp');
  const exported = exportKeptCalibrator(outcome, CTX);

  it('carries a manifest of its own kind that reads back and validates', () => {
    const m = exported.manifest as StackedCalibratorManifest;
    expect(m.model.kind).toBe('stacked-mlp');
    expect(readsReasoning(m) && hasSpread(m)).toBe(true);
    expect(m.inputs.map((i) => i.name)).toEqual(['counts', 'scores']);
    expect(m.outputs.map((o) => o.name)).toEqual(['prediction', 'spread']);
    // Sorted K = 3: F = 3 + 4 score features, then the text input.
    expect(m.model).toMatchObject({
      features: 8,
      buckets: 1024,
      members: 3,
      ridge: { features: 7, lambda: outcome.selection!.text!.lambda },
    });
    expect(m.model.text_input).toEqual(result.stacked!.model.text);
    expect(m.training!.ridge.inner_folds).toBe(3);
    expect(parseManifest(exported.json)).toEqual(m);
    expect(validate(m), JSON.stringify(validate.errors)).toBe(true);
  });

  it('gives the run’s predictions and spread on every example it did not cross-validate', async () => {
    const file = openCalibratorFile(exported.onnx, exported.json);
    expect(file.text).toEqual({ buckets: 1024, ngrams: [1, 2] });
    expect(file.spread).toBe(true);
    const session = await CalibratorSession.create(ort, file);
    try {
      const applied = await applyCalibratorFile(session, file, input.prompts[0]!, input.n, texts);
      const dev = new Set(result.devExamples);
      const stacked = result.stacked!;
      let checked = 0;
      let maxDiff = 0;
      for (let e = 0; e < input.n; e++) {
        if (dev.has(e)) continue;
        maxDiff = Math.max(maxDiff, Math.abs(applied.prediction[e]! - stacked.predictions[e]!));
        expect(applied.spread![e]).toBeCloseTo(stacked.spread[e]!, 4);
        checked++;
      }
      expect(checked).toBe(30);
      expect(maxDiff).toBeLessThan(2e-5);
    } finally {
      await session.release();
    }
  });

  it('refuses a broken manifest naming the field', () => {
    // The schema checks each field alone; the sizes that must agree with F are the reader's to check.
    const broken = (edit: (m: StackedCalibratorManifest) => void, schemaRefuses = true): string => {
      const m = JSON.parse(exported.json) as StackedCalibratorManifest;
      edit(m);
      try {
        parseManifest(m);
      } catch (e) {
        expect(e).toBeInstanceOf(ManifestError);
        expect(validate(m)).toBe(!schemaRefuses);
        return (e as Error).message;
      }
      throw new Error('accepted');
    };
    expect(broken((m) => (m.model.text_input.sd = 0))).toBe('model.text_input.sd must be > 0');
    expect(broken((m) => (m.model.features = 7), false)).toBe('model.features must be 8 (the score features and the text input)');
    expect(broken((m) => (m.model.ridge.features = 4), false)).toBe('model.ridge.features must be 7 (the score features)');
    expect(broken((m) => (m.model.ridge.lambda = -1))).toBe('model.ridge.lambda must be ≥ 0');
  });
});
