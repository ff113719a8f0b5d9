// The stacked MLP (stacking.ts) on onnxruntime-node, on data where the reasoning names what the
// target counts and the scores are noise around it. References are hand computations: the MLP
// forward pass written out in Float64 here on the standardised score features and the text input
// each member should read (fold k's own column on the dev examples, the kept ridge's prediction
// elsewhere), and the score-only MLP of the plan without stacking.
import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { buildAnalysisInput } from '../domain/analysisInput.ts';
import { aspectExamples } from '../test/aspectData.ts';
import { prepareTraining, selectCalibrator } from './selection.ts';
import { stackGrid, stackPlan } from './stacking.ts';
import { trainTextRidge } from './textCandidate.ts';
import { promptTexts } from './textInput.ts';
import { initParams } from './engine.ts';
import { fromUnit } from './features.ts';
import { DEFAULT_TRAIN_OPTIONS, planTraining, train, type CalibratorModel, type TrainOptions } from './trainer.ts';

const SCALE = { min: 1, max: 5 };
const spec = { buckets: 1 << 10, ngrams: [1, 2] };
const weights = { ccc: 1, nmse: 1 };
const options: TrainOptions = {
  ...DEFAULT_TRAIN_OPTIONS,
  prompt: 0,
  featureSet: 'sorted',
  k: 3,
  folds: 4,
  grid: { hidden: [4, 8], weightDecay: [0.1], lr: [0.01] },
  maxEpochs: 300,
  patience: 100,
};

/** One member's unit-space output on `x` (its F + 1 inputs), in Float64. */
function forward(m: CalibratorModel['members'][number], x: readonly number[], h: number): number {
  let out = m.b2[0]!;
  for (let j = 0; j < h; j++) {
    let z = m.b1[j]!;
    x.forEach((v, k) => (z += v * m.w1[k * h + j]!));
    out += Math.max(0, z) * m.w2[j]!;
  }
  return out;
}

describe('stackGrid', () => {
  it('takes the middle width at every weight decay and learning rate', () => {
    expect(stackGrid({ hidden: [4, 8, 16], weightDecay: [0, 0.1, 1], lr: [0.01] })).toEqual({
      hidden: [8],
      weightDecay: [0, 0.1, 1],
      lr: [0.01],
    });
    expect(stackGrid({ hidden: [16, 4], weightDecay: [0], lr: [0.1, 0.01] })).toEqual({ hidden: [4], weightDecay: [0], lr: [0.1, 0.01] });
  });
});

describe('stackPlan', () => {
  const examples = aspectExamples(120, 23);
  const input = buildAnalysisInput(examples, ['v1'], SCALE);
  const base = planTraining(input, options);
  const run = trainTextRidge(base, promptTexts(examples, 'v1'), { spec, weights });
  const plan = stackPlan(base, run);
  const f = base.features.f;

  it('gives each stacked model its score features and its own fold’s text column, and the score-only models their init', () => {
    expect(plan.data.f).toBe(f + base.folds);
    // The run's grid has widths 4 and 8 at one weight decay: the stacked MLP takes width 4.
    expect(stackGrid(options.grid)).toEqual({ hidden: [4], weightDecay: [0.1], lr: [0.01] });
    expect(plan.models).toHaveLength(base.models.length + base.folds);
    for (const [i, m] of base.models.entries()) {
      const wide = plan.models[i]!;
      expect(Array.from(wide.features!)).toEqual([...Array<number>(f).fill(1), ...Array<number>(base.folds).fill(0)]);
      expect(wide.config).toBe(m.config);
      // The same init as without stacking (engine.ts initParams at F), zero on the text columns.
      expect(Array.from(wide.init!.w1.subarray(0, f * base.h))).toEqual(Array.from(initParams(m.seed, f, base.h, m.hidden).w1));
      expect(wide.init!.w1.subarray(f * base.h).every((v) => v === 0)).toBe(true);
    }
    const stacked = plan.models.slice(base.models.length);
    stacked.forEach((m) => {
      const on = Array.from(m.features!).flatMap((v, c) => (v ? [c] : []));
      expect(on).toEqual([...Array.from({ length: f }, (_, c) => c), f + m.fold]);
      expect(m.config).toBeGreaterThanOrEqual(base.configs.length);
      expect(m.hidden).toBe(4);
    });
  });

  it('standardises the text input by the out-of-fold values and writes fold k’s column for the dev examples', () => {
    const { mean, sd } = plan.stack!;
    const oof = Array.from({ length: base.data.n }, (_, i) => run.stack![base.fold[i]!]![i]!);
    const m = oof.reduce((a, b) => a + b, 0) / oof.length;
    expect(mean).toBeCloseTo(m, 12);
    expect(sd).toBeCloseTo(Math.sqrt(oof.reduce((a, b) => a + (b - m) ** 2, 0) / oof.length), 12);
    const w = plan.data.f;
    for (let i = 0; i < base.data.n; i++) {
      for (let k = 0; k < base.folds; k++) expect(plan.data.x[i * w + f + k]).toBeCloseTo((run.stack![k]![i]! - mean) / sd, 5);
    }
    // A test example: the kept ridge's prediction in every text column.
    const row = base.features.rows.findIndex((e) => input.splits[e] === 2);
    const e = base.features.rows[row]!;
    for (let k = 0; k < base.folds; k++) expect(plan.xAll[row * w + f + k]).toBeCloseTo((run.unit[e]! - mean) / sd, 12);
  });
});

describe('training with the stacked MLP', async () => {
  const examples = aspectExamples(120, 23);
  const input = buildAnalysisInput(examples, ['v1'], SCALE);
  const base = planTraining(input, options);
  const request = { texts: promptTexts(examples, 'v1'), options: { weights, text: spec } };
  const prepared = prepareTraining(base, request);
  const result = await train(ort, 'cpu', prepared.plan);
  const alone = await train(ort, 'cpu', base);

  it('leaves the score-only MLP as it trains without stacking', () => {
    expect(Array.from(result.predictions)).toEqual(Array.from(alone.predictions));
    expect(result.model.members).toEqual(alone.model.members);
  });

  it('predicts each dev example with its fold’s members on that fold’s text column, every other example on the kept ridge', () => {
    const s = result.stacked!;
    const { model } = s;
    const text = prepared.text.run!;
    const { mean, sd } = model.text;
    expect(model.members).toHaveLength(base.folds);
    const f = base.features.f;
    const dev = new Map(base.devRows.map((row, i) => [base.features.rows[row]!, i]));
    let devChecked = 0;
    base.features.rows.forEach((e, row) => {
      const z = Array.from(base.xAll.subarray(row * f, (row + 1) * f));
      const i = dev.get(e);
      let unit: number;
      if (i !== undefined) {
        const k = base.fold[i]!;
        unit = forward(model.members[k]!, [...z, (text.stack![k]![i]! - mean) / sd], model.h);
        devChecked++;
      } else {
        const outs = model.members.map((m) => forward(m, [...z, (text.unit[e]! - mean) / sd], model.h));
        unit = outs.reduce((a, b) => a + b, 0) / outs.length;
      }
      expect(s.predictions[e]).toBeCloseTo(fromUnit(unit, SCALE), 4);
    });
    expect(devChecked).toBe(base.devRows.length);
  });

  it('takes part in the choice as a text candidate with its own out-of-fold estimate', () => {
    const sel = selectCalibrator(input, prepared.plan, result, prepared.text, request.options);
    expect(sel.candidates.map((c) => c.id)).toEqual(['mean', 'median', 'linear', 'isotonic', 'mlp', 'text-ridge', 'stacked-mlp']);
    const c = sel.candidates[6]!;
    expect(c.kind).toBe('text');
    expect(c.predicted).toBe(base.devRows.length);
    // Reads the target from the reasoning: above the score-only MLP out of fold, near perfect.
    expect(c.oofCcc!).toBeGreaterThan(sel.candidates[4]!.oofCcc!);
    expect(c.oofCcc!).toBeGreaterThan(0.95);
  });
});
