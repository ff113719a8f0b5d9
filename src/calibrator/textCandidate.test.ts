// The text ridge as a candidate: on data whose target only the reasoning carries it beats every
// baseline out of fold; its out-of-fold predictions come from fits that never saw the held-out fold
// (not even its n-grams' document frequencies); its kept model predicts as textModel.ts's reference.
import { describe, expect, it } from 'vitest';
import { buildAnalysisInput } from '../domain/analysisInput.ts';
import { createRng } from '../domain/rng.ts';
import type { Example, Split } from '../domain/types.ts';
import { baselineCandidates } from './candidates.ts';
import { buildFeatures, fromUnit, toUnit } from './features.ts';
import { fitRidge, predictRidge } from './ridge.ts';
import { trainTextRidge } from './textCandidate.ts';
import { fitIdf, tfidfRows } from './textFeatures.ts';
import { promptTexts } from './textInput.ts';
import { predictTextRidgeUnit } from './textModel.ts';
import { DEFAULT_TRAIN_OPTIONS, planTraining, type TrainOptions } from './trainer.ts';

const SCALE = { min: 1, max: 5 };
const WORDS = ['clear', 'rude', 'helpful', 'vague', 'accurate', 'wrong', 'polite', 'short'];

/**
 * 120 examples whose target is 1 + the number of "good" aspects named in the reasoning (0–4), while
 * every rollout's score is 3 ± 1 at random: the scores carry nothing, the reasoning everything.
 */
function dataset(): Example[] {
  const rng = createRng(7);
  const splits: Split[] = ['train', 'train', 'train', 'val', 'test'];
  return Array.from({ length: 120 }, (_, i) => {
    const good = WORDS.slice(0, 4).filter(() => rng.next() < 0.5);
    const filler = WORDS.slice(4).filter(() => rng.next() < 0.5);
    const reasoning = (r: number) => `Rollout ${r}: the reply is ${[...good, ...filler].join(' and ') || 'unremarkable'}.`;
    return {
      id: `t${i}`,
      input: `q${i}`,
      split: splits[i % 5]!,
      target: 1 + good.length,
      rollouts: [0, 1, 2].map((r) => ({ prompt: 'v1', score: 2 + Math.floor(3 * rng.next()), reasoning: reasoning(r) })),
    };
  });
}

const options: TrainOptions = { ...DEFAULT_TRAIN_OPTIONS, prompt: 0, featureSet: 'sorted', k: 3, folds: 4 };
const spec = { buckets: 1 << 10, ngrams: [1, 2] };
const weights = { ccc: 1, nmse: 1 };

describe('trainTextRidge', () => {
  const examples = dataset();
  const input = buildAnalysisInput(examples, ['v1'], SCALE);
  const plan = planTraining(input, options);
  const texts = promptTexts(examples, 'v1');
  const run = trainTextRidge(plan, texts, { spec, weights });

  it('reads the target from the reasoning where the scores carry nothing', () => {
    const p = input.prompts[0]!;
    const base = baselineCandidates(
      (i) => {
        const e = plan.features.rows[plan.devRows[i]!]!;
        return p.scores.subarray(p.offsets[e]!, p.offsets[e + 1]!);
      },
      plan.yDev,
      plan.fold,
      plan.folds,
      SCALE,
    );
    expect(run.candidate.oofCcc!).toBeGreaterThan(0.9);
    for (const b of base) expect(b.oofCcc ?? 0).toBeLessThan(0.3);
    expect(run.candidate.predicted).toBe(plan.devRows.length);
  });

  it('predicts each dev example from the other folds only: idf, λ and weights', () => {
    const devExamples = plan.devRows.map((r) => plan.features.rows[r]!);
    const y = plan.yDev.map((v) => toUnit(v, SCALE));
    const dense = new Float64Array(plan.devRows.length * plan.features.f);
    plan.devRows.forEach((r, i) => dense.set(plan.xAll.subarray(r * plan.features.f, (r + 1) * plan.features.f), i * plan.features.f));
    for (let k = 0; k < plan.folds; k++) {
      const train = devExamples.flatMap((_, i) => (plan.fold[i] !== k ? [i] : []));
      const held = devExamples.flatMap((_, i) => (plan.fold[i] === k ? [i] : []));
      // Refit by hand on the other folds at that fold's λ, idf from them alone.
      const idf = fitIdf(
        run.counts,
        train.map((i) => devExamples[i]!),
      );
      const x = { sparse: tfidfRows(run.counts, idf, devExamples), f: plan.features.f, dense };
      const fit = fitRidge(x, y, Int32Array.from(train), run.foldLambdas[k]!);
      const p = predictRidge(fit, x, held);
      held.forEach((i, j) => expect(run.predictions[devExamples[i]!]).toBeCloseTo(fromUnit(p[j]!, SCALE), 9));
    }
  });

  it('predicts the test examples with the kept model, as the reference prediction does', () => {
    const raw = buildFeatures(input.prompts[0]!, input.n, SCALE, { set: 'sorted', k: 3 });
    let checked = 0;
    raw.rows.forEach((e, r) => {
      if (input.splits[e] !== 2) return;
      const from = run.counts.offsets[e]!;
      const to = run.counts.offsets[e + 1]!;
      const unit = predictTextRidgeUnit(
        run.model,
        run.counts.index.subarray(from, to),
        run.counts.count.subarray(from, to),
        raw.x.subarray(r * raw.f, (r + 1) * raw.f),
      );
      expect(run.predictions[e]).toBeCloseTo(fromUnit(unit, SCALE), 9);
      checked++;
    });
    expect(checked).toBe(24);
    expect(run.model.wText).toHaveLength(spec.buckets);
    expect(run.model.wScore).toHaveLength(plan.features.f);
    expect(run.foldLambdas).toHaveLength(plan.folds + 1);
  });

  it("gives the stacked MLP, per held-out fold, text predictions that saw neither the example's target nor that fold's", () => {
    const devExamples = plan.devRows.map((r) => plan.features.rows[r]!);
    const y = plan.yDev.map((v) => toUnit(v, SCALE));
    const f = plan.features.f;
    const dense = new Float64Array(plan.devRows.length * f);
    plan.devRows.forEach((r, i) => dense.set(plan.xAll.subarray(r * f, (r + 1) * f), i * f));
    expect(run.stack).toHaveLength(plan.folds);
    let checked = 0;
    for (let k = 0; k < plan.folds; k++) {
      const column = run.stack![k]!;
      const notK = devExamples.flatMap((_, i) => (plan.fold[i] !== k ? [i] : []));
      // The inner fits see fold k's n-grams in the idf (no target), never its targets.
      const idf = fitIdf(
        run.counts,
        notK.map((i) => devExamples[i]!),
      );
      const x = { sparse: tfidfRows(run.counts, idf, devExamples), f, dense };
      for (let j = 0; j < plan.folds; j++) {
        const held = devExamples.flatMap((_, i) => (plan.fold[i] === j ? [i] : []));
        if (j === k) {
          // Fold k's own rows: the outer out-of-fold prediction, in unit space.
          held.forEach((i) => expect(fromUnit(column[i]!, SCALE)).toBeCloseTo(run.predictions[devExamples[i]!]!, 9));
          continue;
        }
        const train = notK.filter((i) => plan.fold[i] !== j);
        const fit = fitRidge(x, y, Int32Array.from(train), run.foldLambdas[k]!);
        const p = predictRidge(fit, x, held);
        held.forEach((i, a) => {
          expect(column[i]).toBeCloseTo(p[a]!, 9);
          checked++;
        });
      }
    }
    expect(checked).toBe(plan.devRows.length * (plan.folds - 1));
  });

  it('keeps the unclipped unit prediction of the kept model for every example', () => {
    let checked = 0;
    for (let e = 0; e < input.n; e++) {
      if (!Number.isFinite(run.unit[e]!)) continue;
      if (input.splits[e] === 2) expect(fromUnit(run.unit[e]!, SCALE)).toBeCloseTo(run.predictions[e]!, 12);
      checked++;
    }
    expect(checked).toBe(input.n);
  });

  it('refuses texts of another dataset', () => {
    expect(() => trainTextRidge(plan, { prompt: 'v1', offsets: new Int32Array(3), texts: [] }, { spec, weights })).toThrow(RangeError);
  });
});
