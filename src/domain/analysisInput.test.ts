import { describe, expect, it } from 'vitest';
import { makeExample, makeRollout } from '../test/builders.ts';
import { buildAnalysisInput, effectiveTarget, inSplit, transferablesOf, type PromptRollouts } from './analysisInput.ts';
import { railExpectedValue } from './rail.ts';

describe('RAIL expected value', () => {
  it('is Σ p(s)·s with the probabilities renormalised over numeric keys', () => {
    // p ∝ e^-1.2, e^-0.4, e^-2.3 over 5, 6, 7 (hand: weights 0.301194, 0.670320, 0.100259)
    const w = [Math.exp(-1.2), Math.exp(-0.4), Math.exp(-2.3)];
    const z = w[0]! + w[1]! + w[2]!;
    const want = (5 * w[0]! + 6 * w[1]! + 7 * w[2]!) / z;
    expect(railExpectedValue({ '5': -1.2, '6': -0.4, '7': -2.3 })).toBeCloseTo(want, 12);
    expect(want).toBeCloseTo(5.8126, 3);
    // Non-numeric keys are left out of the renormalisation.
    expect(railExpectedValue({ '5': -1.2, '6': -0.4, '7': -2.3, N: -0.1, '': -0.2 })).toBeCloseTo(want, 12);
  });

  it('survives very negative log-probabilities and rejects empty maps', () => {
    expect(railExpectedValue({ '1': -1000, '3': -1000 })).toBeCloseTo(2, 12);
    expect(railExpectedValue({ x: -1 })).toBeNull();
    expect(railExpectedValue({})).toBeNull();
    expect(railExpectedValue(undefined)).toBeNull();
  });
});

describe('effective target', () => {
  it('is the dataset target, else the mean of the hand labels, else undefined', () => {
    expect(effectiveTarget(makeExample({ target: 4 }), [1, 2])).toBe(4);
    expect(effectiveTarget(makeExample({ target: undefined }), [1, 2])).toBe(1.5);
    expect(effectiveTarget(makeExample({ target: undefined }), [])).toBeUndefined();
    expect(effectiveTarget(makeExample({ target: undefined }))).toBeUndefined();
  });

  it('prefers the mean of the hand labels when asked, and falls back to the dataset target without labels', () => {
    expect(effectiveTarget(makeExample({ target: 4 }), [1, 2], 'labels')).toBe(1.5);
    expect(effectiveTarget(makeExample({ target: 4 }), [], 'labels')).toBe(4);
    expect(effectiveTarget(makeExample({ target: undefined }), [3], 'labels')).toBe(3);
    expect(effectiveTarget(makeExample({ target: undefined }), undefined, 'labels')).toBeUndefined();
  });
});

describe('analysis input', () => {
  const examples = [
    makeExample({
      id: 'a',
      target: 2,
      split: 'train',
      rollouts: [makeRollout({ prompt: 'v2', score: 9 }), makeRollout({ prompt: 'v1', score: 1 }), makeRollout({ prompt: 'v1', score: 3 })],
    }),
    makeExample({
      id: 'b',
      target: undefined,
      split: 'test',
      rollouts: [makeRollout({ prompt: 'v1', score: 5, logprobs: { '4': -0.7, '6': -0.7 } })],
    }),
    makeExample({ id: 'c', target: 7, split: 'val', rollouts: [] }),
  ];

  it('keeps every score when one prompt version has nearly all the rollouts (its buffer grows)', () => {
    // 3 versions, 200 rollouts: each buffer starts at 200 / 3 + 16 = 83 scores, and v1 has 198.
    const many = Array.from({ length: 99 }, (_, e) =>
      makeExample({
        id: `m${e}`,
        rollouts: [makeRollout({ prompt: 'v1', score: e % 11 }), makeRollout({ prompt: 'v1', score: (e + 5) % 11 })],
      }),
    );
    many.push(makeExample({ id: 'last', rollouts: [makeRollout({ prompt: 'v2', score: 1 }), makeRollout({ prompt: 'v3', score: 2 })] }));
    const input = buildAnalysisInput(many, ['v1', 'v2', 'v3'], { min: 0, max: 10 });
    const [v1, v2, v3] = input.prompts;
    expect(Array.from(v1!.scores)).toEqual(many.slice(0, 99).flatMap((_, e) => [e % 11, (e + 5) % 11]));
    expect(v1!.offsets[99]).toBe(198);
    expect(Array.from(v2!.scores)).toEqual([1]);
    expect(Array.from(v3!.scores)).toEqual([2]);
  });

  it('flattens scores per prompt in CSR form, in file order', () => {
    const input = buildAnalysisInput(examples, ['v1', 'v2'], { min: 0, max: 10 }, (id) => (id === 'b' ? [3, 4] : undefined));
    expect(input.n).toBe(3);
    expect([...input.targets]).toEqual([2, 3.5, 7]);
    expect([...input.splits]).toEqual([0, 2, 1]);
    const [v1, v2] = input.prompts;
    expect([...v1!.offsets]).toEqual([0, 2, 3, 3]);
    expect([...v1!.scores]).toEqual([1, 3, 5]);
    expect([...v2!.offsets]).toEqual([0, 1, 1, 1]);
    expect([...v2!.scores]).toEqual([9]);
    expect(v2!.rail).toBeNull();
    expect(v1!.rail![0]).toBeNaN();
    expect(v1!.rail![1]).toBeCloseTo(5, 12);
    expect(inSplit(input, 1, 'test')).toBe(true);
    expect(inSplit(input, 1, 'train')).toBe(false);
    expect(inSplit(input, 1, 'all')).toBe(true);
  });

  it('marks examples without any target with NaN', () => {
    const input = buildAnalysisInput(examples, ['v1'], { min: 0, max: 10 });
    expect(input.targets[1]).toBeNaN();
  });
});

describe('transferablesOf', () => {
  it('lists every typed array of the input once, the trained and applied calibrators’ predictions included', () => {
    const input = buildAnalysisInput(
      [makeExample({ id: 'a', rollouts: [makeRollout({ prompt: 'v1', logprobs: { '3': -0.1 } }), makeRollout({ prompt: 'v2' })] })],
      ['v1', 'v2'],
      { min: 0, max: 10 },
    );
    const [v1, v2] = input.prompts as [PromptRollouts, PromptRollouts];
    v1.calibrated = Float64Array.of(3.1);
    v1.applied = [
      { name: 'a', values: Float64Array.of(3.2) },
      { name: 'b', values: Float64Array.of(3.3) },
    ];
    const want = [
      input.targets,
      input.splits,
      v1.offsets,
      v1.scores,
      v1.rail!,
      v1.calibrated,
      v1.applied[0]!.values,
      v1.applied[1]!.values,
      v2.offsets,
      v2.scores,
    ];
    const got = transferablesOf(input);
    expect(got).toHaveLength(want.length);
    expect(new Set(got)).toEqual(new Set(want.map((a) => a.buffer)));
  });
});
