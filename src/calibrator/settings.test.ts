// README, Train: "Auto picks sorted for K ≤ 8", K = the most common rollout count, and the default
// grid (hidden units 4, 8, 16 × weight decay 0, 0.1, 1 × learning rate 0.01) on 5 folds is 45 models.
import { describe, expect, it } from 'vitest';
import { buildAnalysisInput } from '../domain/analysisInput.ts';
import type { Example } from '../domain/types.ts';
import { makeExample, makeRollout } from '../test/builders.ts';
import { DEFAULT_TRAIN_SETTINGS, parseList, LIST_RULES, resolveTrainOptions } from './settings.ts';
import { planTraining, TrainError } from './trainer.ts';

/** `n` labelled train/val examples whose v1 has `k` rollouts (scores vary with the example). */
function dataset(k: number, n = 40, extra: Example[] = []): Example[] {
  const out: Example[] = [];
  for (let i = 0; i < n; i++) {
    const rollouts = Array.from({ length: k }, (_, j) => makeRollout({ prompt: 'v1', score: (i + j) % 11 }));
    out.push(makeExample({ id: `e${i}`, split: i % 5 === 0 ? 'val' : 'train', target: i % 11, rollouts }));
  }
  return [...out, ...extra];
}

const resolve = (examples: Example[], settings = DEFAULT_TRAIN_SETTINGS, prompts = ['v1']) =>
  resolveTrainOptions(settings, buildAnalysisInput(examples, prompts, { min: 0, max: 10 }), prompts);

describe('resolveTrainOptions', () => {
  it('auto: sorted features up to K = 8, compact from K = 9', () => {
    expect(resolve(dataset(3))).toMatchObject({ featureSet: 'sorted', k: 3 });
    expect(resolve(dataset(8))).toMatchObject({ featureSet: 'sorted', k: 8 });
    expect(resolve(dataset(9))).toMatchObject({ featureSet: 'compact', k: 9 });
    // An explicit choice stands.
    expect(resolve(dataset(3), { ...DEFAULT_TRAIN_SETTINGS, featureSet: 'compact' }).featureSet).toBe('compact');
    expect(resolve(dataset(20), { ...DEFAULT_TRAIN_SETTINGS, featureSet: 'sorted' }).featureSet).toBe('sorted');
  });

  it('takes K as the most common rollout count, not the largest', () => {
    const fewMore = Array.from({ length: 5 }, (_, i) =>
      makeExample({
        id: `m${i}`,
        split: 'train',
        target: 5,
        rollouts: Array.from({ length: 12 }, () => makeRollout({ prompt: 'v1', score: 5 })),
      }),
    );
    // 40 examples with 4 rollouts, 5 with 12: K = 4, so sorted.
    expect(resolve(dataset(4, 40, fewMore))).toMatchObject({ k: 4, featureSet: 'sorted' });
  });

  it('defaults to the first prompt version, and names the ones there are when asked for another', () => {
    const two = dataset(3).map((e) => ({ ...e, rollouts: [...e.rollouts, makeRollout({ prompt: 'v2', score: 1 })] }));
    expect(resolve(two, DEFAULT_TRAIN_SETTINGS, ['v1', 'v2']).prompt).toBe(0);
    expect(resolve(two, { ...DEFAULT_TRAIN_SETTINGS, prompt: 'v2' }, ['v1', 'v2']).prompt).toBe(1);
    expect(() => resolve(two, { ...DEFAULT_TRAIN_SETTINGS, prompt: 'v9' }, ['v1', 'v2'])).toThrow(TrainError);
    expect(() => resolve(two, { ...DEFAULT_TRAIN_SETTINGS, prompt: 'v9' }, ['v1', 'v2'])).toThrow(/it has v1, v2/);
  });

  it('with the default settings trains 3 × 3 × 1 configurations on 5 folds: 45 models, at most 2000 epochs, patience 200', () => {
    const examples = dataset(3);
    const options = resolve(examples);
    expect(options).toMatchObject({ folds: 5, maxEpochs: 2000, patience: 200, seeds: 1, seed: 0 });
    expect(options.grid).toEqual({ hidden: [4, 8, 16], weightDecay: [0, 0.1, 1], lr: [0.01] });
    const plan = planTraining(buildAnalysisInput(examples, ['v1'], { min: 0, max: 10 }), options);
    expect(plan.configs).toHaveLength(9);
    expect(plan.models).toHaveLength(45);
  });
});

describe('parseList', () => {
  it('reads "4, 8, 16" or "4 8 16", drops duplicates, and says what is not allowed', () => {
    expect(parseList('4, 8, 16', LIST_RULES.hidden)).toEqual([4, 8, 16]);
    expect(parseList('4 8 8 16', LIST_RULES.hidden)).toEqual([4, 8, 16]);
    expect(parseList('4, 2.5', LIST_RULES.hidden)).toBe('“2.5” is not allowed (whole numbers from 1 to 256)');
    expect(parseList(' ', LIST_RULES.lr)).toBe('give at least one value (numbers above 0, at most 1)');
  });
});
