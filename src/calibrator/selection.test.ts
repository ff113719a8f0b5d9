// The choice among candidates: the text ridge wins where only the reasoning carries the target; a
// baseline wins over a model whose out-of-fold estimate is worse; every candidate predicts every
// example (out of fold on the dev ones) and is scored on the test split beside.
import { describe, expect, it } from 'vitest';
import { buildAnalysisInput } from '../domain/analysisInput.ts';
import { createRng } from '../domain/rng.ts';
import type { Example, Split } from '../domain/types.ts';
import { prepareTraining, selectCalibrator, type SelectionOptions } from './selection.ts';
import type { PromptTexts } from './textModel.ts';
import { promptTexts } from './textInput.ts';
import { DEFAULT_TRAIN_OPTIONS, planTraining, type TrainOptions } from './trainer.ts';

const SCALE = { min: 1, max: 5 };
const SPLITS: Split[] = ['train', 'train', 'train', 'val', 'test'];
const options: TrainOptions = { ...DEFAULT_TRAIN_OPTIONS, prompt: 0, featureSet: 'sorted', k: 3, folds: 4 };
const spec = { buckets: 1 << 10, ngrams: [1, 2] };
const weights = { ccc: 1, nmse: 1 };

/** Target = 1 + number of the four "good" words in the reasoning; scores 2–4 at random. */
function textData(): Example[] {
  const rng = createRng(11);
  const good = ['clear', 'helpful', 'accurate', 'polite'];
  return Array.from({ length: 100 }, (_, i) => {
    const named = good.filter(() => rng.next() < 0.5);
    return {
      id: `x${i}`,
      input: '',
      split: SPLITS[i % 5]!,
      target: 1 + named.length,
      rollouts: [0, 1, 2].map(() => ({
        prompt: 'v1',
        score: 2 + Math.floor(3 * rng.next()),
        reasoning: `It is ${named.join(', ') || 'plain'}.`,
      })),
    };
  });
}

/** A stand-in for the MLP's run: only its predictions (out of fold on dev) and member count are read. */
const mlpRun = (predictions: Float64Array) => ({ predictions, model: { members: [] } });

/** The text stage as a run prepares it (prepareTraining), then the choice after the stand-in MLP. */
function select(
  input: Parameters<typeof selectCalibrator>[0],
  plan: Parameters<typeof selectCalibrator>[1],
  run: Parameters<typeof selectCalibrator>[2],
  texts: PromptTexts | null,
  opts: SelectionOptions,
) {
  return selectCalibrator(input, plan, run, prepareTraining(plan, { texts, options: opts }).text, opts);
}

describe('selectCalibrator', () => {
  it('keeps the text ridge where only the reasoning carries the target', () => {
    const examples = textData();
    const input = buildAnalysisInput(examples, ['v1'], SCALE);
    const plan = planTraining(input, options);
    // An MLP that found nothing: the middle of the scale everywhere.
    const sel = select(input, plan, mlpRun(new Float64Array(input.n).fill(3)), promptTexts(examples, 'v1'), {
      weights,
      text: spec,
    });
    expect(sel.candidates.map((c) => c.id)).toEqual(['mean', 'median', 'linear', 'isotonic', 'mlp', 'text-ridge']);
    expect(sel.candidates[sel.choice.chosen]!.id).toBe('text-ridge');
    expect(sel.textSkipped).toBeNull();
    const text = sel.candidates[5]!;
    expect(text.testCcc!).toBeGreaterThan(0.9);
    // The mean candidate predicts each example by the mean of its rollouts, test examples included.
    const mean = sel.candidates[0]!;
    examples.forEach((ex, e) => expect(mean.predictions[e]).toBeCloseTo(ex.rollouts.reduce((s, r) => s + r.score, 0) / 3, 12));
  });

  it('fits linear on every dev example for the examples it did not cross-validate', () => {
    const examples = textData();
    const input = buildAnalysisInput(examples, ['v1'], SCALE);
    const plan = planTraining(input, options);
    const sel = select(input, plan, mlpRun(new Float64Array(input.n).fill(3)), null, { weights, text: null });
    // Least squares of target on the rollout mean over the train + val examples, by hand.
    const dev = examples.filter((ex) => ex.split !== 'test');
    const x = dev.map((ex) => ex.rollouts.reduce((s, r) => s + r.score, 0) / 3);
    const y = dev.map((ex) => ex.target!);
    const mx = x.reduce((a, b) => a + b, 0) / x.length;
    const my = y.reduce((a, b) => a + b, 0) / y.length;
    const slope = x.reduce((s, xi, i) => s + (xi - mx) * (y[i]! - my), 0) / x.reduce((s, xi) => s + (xi - mx) ** 2, 0);
    const linear = sel.candidates.find((c) => c.id === 'linear')!;
    examples.forEach((ex, e) => {
      if (ex.split !== 'test') return;
      const m = ex.rollouts.reduce((s, r) => s + r.score, 0) / 3;
      const want = Math.min(5, Math.max(1, my + slope * (m - mx)));
      expect(linear.predictions[e]).toBeCloseTo(want, 10);
    });
    expect(sel.textSkipped).toBe('text features are turned off');
  });

  it('keeps a baseline over a model its own out-of-fold estimate says is worse', () => {
    // Each rollout scores the target exactly: the mean is perfect; the "MLP" is off by ±1.
    const rng = createRng(3);
    const examples: Example[] = Array.from({ length: 60 }, (_, i) => {
      const target = 1 + Math.floor(5 * rng.next());
      return { id: `p${i}`, input: '', split: SPLITS[i % 5]!, target, rollouts: [0, 1, 2].map(() => ({ prompt: 'v1', score: target })) };
    });
    const input = buildAnalysisInput(examples, ['v1'], SCALE);
    const plan = planTraining(input, options);
    const noisy = Float64Array.from(examples, (ex, i) => Math.min(5, Math.max(1, ex.target! + (i % 2 ? 1 : -1))));
    const sel = select(input, plan, mlpRun(noisy), promptTexts(examples, 'v1'), { weights, text: spec });
    expect(sel.candidates[sel.choice.chosen]!.id).toBe('mean');
    expect(sel.textSkipped).toBe('no rollout of v1 carries reasoning');
    expect(sel.candidates[0]!.oofCcc).toBe(1);
  });
});

describe('the text ridge’s size limit', () => {
  it('leaves the text candidate out above MAX_TEXT_ROWS train/val examples, and says why', async () => {
    const { MAX_TEXT_ROWS } = await import('./selection.ts');
    const examples = textData();
    const input = buildAnalysisInput(examples, ['v1'], SCALE);
    const plan = planTraining(input, options);
    // The plan's dev rows stand in for a dataset MAX_TEXT_ROWS + 1 long: only their count is read.
    const big = { ...plan, devRows: Array.from({ length: MAX_TEXT_ROWS + 1 }, (_, i) => plan.devRows[i % plan.devRows.length]!) };
    const sel = select(
      input,
      { ...big, yDev: new Float64Array(MAX_TEXT_ROWS + 1).fill(3), fold: new Uint8Array(MAX_TEXT_ROWS + 1) },
      mlpRun(new Float64Array(input.n).fill(3)),
      promptTexts(examples, 'v1'),
      { weights, text: spec },
    );
    expect(sel.text).toBeNull();
    expect(sel.textSkipped).toBe(
      'the closed-form ridge holds an n × n kernel, and 3,001 train/val examples are more than the 3,000 it handles in memory and time',
    );
  });
});

describe('prepareTraining with the reasoning counted a part at a time (the worker reading stored chunks)', () => {
  it('fits the same ridge as from the texts at once, and skips when no rollout carried reasoning', async () => {
    const { NgramHasher } = await import('./textFeatures.ts');
    const examples = textData();
    const input = buildAnalysisInput(examples, ['v1'], SCALE);
    const plan = planTraining(input, options);
    const request = { texts: null, storedTexts: 'ds', options: { weights, text: spec } };
    const hasher = new NgramHasher(spec);
    // Parts of 7 examples, as stored chunks hold a few examples each.
    for (let at = 0; at < examples.length; at += 7) hasher.add(promptTexts(examples.slice(at, at + 7), 'v1'));
    const counted = { counts: hasher.finish(), carried: hasher.carried };
    const streamed = prepareTraining(plan, request, undefined, counted).text.run!;
    const whole = prepareTraining(plan, { texts: promptTexts(examples, 'v1'), options: { weights, text: spec } }).text.run!;
    expect(streamed.model.lambda).toBe(whole.model.lambda);
    expect(streamed.model.wText).toEqual(whole.model.wText);
    expect(streamed.predictions).toEqual(whole.predictions);
    expect(streamed.stack).toEqual(whole.stack);

    // Only empty reasoning read: no ridge, and why.
    const empty = new NgramHasher(spec);
    empty.add({ prompt: 'v1', offsets: Int32Array.from({ length: examples.length + 1 }, () => 0), texts: [] });
    const none = prepareTraining(plan, request, undefined, { counts: empty.finish(), carried: empty.carried });
    expect(none.text).toEqual({ run: null, skipped: 'no rollout of v1 carries reasoning' });
    // Neither texts nor counts (the stored dataset was not read): the same.
    expect(prepareTraining(plan, request).text).toEqual({ run: null, skipped: 'no rollout of v1 carries reasoning' });
  });

  it('says before any text is read why the ridge will not take part', async () => {
    const { textSkipped } = await import('./selection.ts');
    const plan = planTraining(buildAnalysisInput(textData(), ['v1'], SCALE), options);
    expect(textSkipped(plan, { texts: null, storedTexts: 'ds', options: { weights, text: null } })).toBe('text features are turned off');
    expect(textSkipped(plan, { texts: null, storedTexts: 'ds', options: { weights, text: spec } })).toBeNull();
  });
});

describe('trainOutcome with a selection', () => {
  it('reports the chosen candidate as the calibrator and says what the reasoning adds', async () => {
    const { trainOutcome } = await import('./report.ts');
    const examples = textData();
    const input = buildAnalysisInput(examples, ['v1'], SCALE);
    const plan = planTraining(input, options);
    const flat = new Float64Array(input.n).fill(3);
    const sel = select(input, plan, mlpRun(flat), promptTexts(examples, 'v1'), { weights, text: spec });
    // trainOutcome reads the MLP run's dev examples; the rest of the stand-in is not read.
    const result = { ...mlpRun(flat), devExamples: Int32Array.from(plan.devRows, (r) => plan.features.rows[r]!) } as unknown as Parameters<
      typeof trainOutcome
    >[2];
    const outcome = trainOutcome(input, options, result, sel);
    const text = sel.candidates.find((c) => c.id === 'text-ridge')!;
    expect(outcome.predictions).toBe(text.predictions);
    expect(outcome.selection!.candidates[outcome.selection!.chosen]!.id).toBe('text-ridge');
    const cal = outcome.report.test!.predictors.find((p) => p.id === 'calibrator')!;
    expect(cal.metrics.ccc!).toBeCloseTo(text.testCcc!, 12);
    // Against the best score-only candidate by loss; the reasoning is what carries the target here.
    const scoreOnly = outcome.selection!.candidates.filter((c) => c.kind !== 'text');
    const best = scoreOnly.reduce((a, b) => (b.loss < a.loss ? b : a));
    expect(outcome.selection!.textGain).toMatchObject({ against: best.id, verdict: 'better' });
    expect(outcome.selection!.textGain!.deltaCcc!).toBeCloseTo(text.testCcc! - best.testCcc!, 12);
    expect(outcome.selection!.text!.wText).toHaveLength(spec.buckets);
  });
});

describe('keepCandidate', () => {
  it('keeps another candidate without training again: its predictions, its report, marked as picked', async () => {
    const { keepCandidate, keptPredictions, keptSpread, trainOutcome } = await import('./report.ts');
    const examples = textData();
    const input = buildAnalysisInput(examples, ['v1'], SCALE);
    const plan = planTraining(input, options);
    const flat = new Float64Array(input.n).fill(3);
    const sel = select(input, plan, mlpRun(flat), promptTexts(examples, 'v1'), { weights, text: spec });
    const result = {
      ...mlpRun(flat),
      spread: new Float64Array(input.n).fill(0.5),
      devExamples: Int32Array.from(plan.devRows, (r) => plan.features.rows[r]!),
    } as unknown as Parameters<typeof trainOutcome>[2];
    const outcome = trainOutcome(input, options, result, sel);
    // The text ridge is kept: no ensemble, no spread.
    expect(keptSpread(outcome).every(Number.isNaN)).toBe(true);
    const mean = keepCandidate(outcome, input, 0, 'mean');
    expect(mean.selection!.keptBy).toBe('user');
    expect(mean.selection!.candidates[mean.selection!.chosen]!.id).toBe('mean');
    expect(keptPredictions(mean)).toBe(sel.candidates[0]!.predictions);
    expect(mean.report.test!.predictors.find((p) => p.id === 'calibrator')!.metrics.ccc).toBeCloseTo(sel.candidates[0]!.testCcc!, 12);
    // Keeping the MLP brings its spread back.
    expect(Array.from(keptSpread(keepCandidate(outcome, input, 0, 'mlp')).slice(0, 3))).toEqual([0.5, 0.5, 0.5]);
    expect(() => keepCandidate(outcome, input, 0, 'nope')).toThrow(RangeError);
  });
});

describe('the multi-version candidate', () => {
  /** v1's scores are noise around the middle; v2's are the target itself, for all but every 9th example. */
  function twoVersions(): Example[] {
    const rng = createRng(19);
    return Array.from({ length: 100 }, (_, i) => {
      const target = 1 + Math.floor(5 * rng.next());
      const v1 = [0, 1, 2].map(() => ({ prompt: 'v1', score: 2 + Math.floor(3 * rng.next()) }));
      const v2 = i % 9 === 8 ? [] : [0, 1].map(() => ({ prompt: 'v2', score: target }));
      return { id: `m${i}`, input: '', split: SPLITS[i % 5]!, target, rollouts: [...v1, ...v2] };
    });
  }

  it('takes part when asked for, reads the other version, and says what deploying it means', async () => {
    const { trainOutcome } = await import('./report.ts');
    const examples = twoVersions();
    const input = buildAnalysisInput(examples, ['v1', 'v2'], SCALE);
    const plan = planTraining(input, options);
    const flat = new Float64Array(input.n).fill(3);
    const sel = select(input, plan, mlpRun(flat), null, { weights, text: null, multiVersion: true });
    const multi = sel.candidates.find((c) => c.id === 'multi-version')!;
    expect(multi.kind).toBe('multi');
    expect(multi.detail).toMatch(/deploying it means running v1, v2$/);
    expect(sel.candidates[sel.choice.chosen]!.id).toBe('multi-version');
    expect(multi.oofCcc!).toBeGreaterThan(0.9);
    expect(sel.multi!.model.prompts).toEqual(['v1', 'v2']);
    expect(sel.multiSkipped).toBeNull();
    const result = { ...mlpRun(flat), devExamples: Int32Array.from(plan.devRows, (r) => plan.features.rows[r]!) } as unknown as Parameters<
      typeof trainOutcome
    >[2];
    const outcome = trainOutcome(input, options, result, sel);
    expect(outcome.selection!.multi!.prompts).toEqual(['v1', 'v2']);
    // Off by default.
    expect(select(input, plan, mlpRun(flat), null, { weights, text: null }).candidates.map((c) => c.id)).not.toContain('multi-version');
  });

  it('is never what the reasoning is measured against: it reads other versions, not only the scores', async () => {
    const { trainOutcome } = await import('./report.ts');
    const { chooseCandidate } = await import('./candidates.ts');
    const examples = textData();
    const input = buildAnalysisInput(examples, ['v1'], SCALE);
    const plan = planTraining(input, options);
    const flat = new Float64Array(input.n).fill(3);
    const sel = select(input, plan, mlpRun(flat), promptTexts(examples, 'v1'), { weights, text: spec });
    // A stand-in multi-version candidate that predicts every target exactly: the lowest loss of all.
    const exact = Float64Array.from(examples, (ex) => ex.target!);
    const devExact = Float64Array.from(plan.devRows, (r) => exact[plan.features.rows[r]!]!);
    const fake = {
      id: 'multi-version',
      label: 'Ridge on the scores of 2 versions',
      kind: 'multi' as const,
      oof: devExact,
      oofCcc: 1,
      oofNmse: 0,
      predicted: devExact.length,
      predictions: exact,
      testCcc: 1,
      testNmse: 0,
    };
    const candidates = [...sel.candidates, fake];
    const withMulti = { ...sel, candidates, choice: chooseCandidate(candidates, weights) };
    const result = { ...mlpRun(flat), devExamples: Int32Array.from(plan.devRows, (r) => plan.features.rows[r]!) } as unknown as Parameters<
      typeof trainOutcome
    >[2];
    const gain = trainOutcome(input, options, result, withMulti).selection!.textGain!;
    // The best of the baselines and the MLP by loss, as before the stand-in was added.
    const scoreOnly = sel.candidates.map((c, i) => ({ c, loss: sel.choice.losses[i]! })).filter(({ c }) => c.kind !== 'text');
    const best = scoreOnly.reduce((a, b) => (b.loss < a.loss ? b : a)).c;
    expect(gain.against).toBe(best.id);
    expect(gain.against).not.toBe('multi-version');
  });

  it('says why not on a dataset of one version, and refuses to keep it', () => {
    const examples = textData();
    const input = buildAnalysisInput(examples, ['v1'], SCALE);
    const plan = planTraining(input, options);
    const sel = select(input, plan, mlpRun(new Float64Array(input.n).fill(3)), null, { weights, text: null, multiVersion: true });
    expect(sel.multiSkipped).toBe('the dataset has one prompt version (v1)');
    expect(sel.multi).toBeNull();
    expect(() =>
      select(input, plan, mlpRun(new Float64Array(input.n).fill(3)), null, { weights, text: null, keep: 'multi-version' }),
    ).toThrow(
      'no candidate "multi-version" took part (the multi-version candidate was not asked for); the candidates are mean, median, linear, isotonic, mlp',
    );
  });
});
