import { describe, expect, it } from 'vitest';
import { makeExample, makeRollout } from '../test/builders.ts';
import { buildAnalysisInput } from './analysisInput.ts';
import fc from 'fast-check';
import { baselinePredictions, medianInPlace, predictorInfo } from './baselines.ts';
import { median } from './metrics/quantile.ts';
import type { Example, Split } from './types.ts';

const ex = (id: string, split: Split, target: number | undefined, scores: number[]): Example =>
  makeExample({ id, split, target, rollouts: scores.map((score) => makeRollout({ prompt: 'v1', score })) });

function predictionsOf(examples: Example[], scale = { min: 0, max: 10 }) {
  const input = buildAnalysisInput(examples, ['v1'], scale);
  const { predictions, skipped } = baselinePredictions(input, input.prompts[0]!);
  return { byId: Object.fromEntries(predictions.map((p) => [p.id, [...p.values]])), skipped, predictions };
}

describe('baseline predictors', () => {
  it('mean, median (even and odd counts) and first rollout per example; NaN without rollouts', () => {
    const { byId } = predictionsOf([ex('a', 'test', 1, [4, 1, 2, 9]), ex('b', 'test', 1, [7, 3, 5]), ex('c', 'test', 1, [])]);
    expect(byId.mean!.slice(0, 2)).toEqual([4, 5]);
    expect(byId.median!.slice(0, 2)).toEqual([3, 5]);
    expect(byId.first!.slice(0, 2)).toEqual([4, 7]);
    for (const id of ['mean', 'median', 'first']) expect(byId[id]![2]).toBeNaN();
  });

  it('fits linear and isotonic on labelled train examples only, predicts every example, clamped to the scale', () => {
    // Train: mean 2 → target 3, mean 4 → target 7: the line is target = 2·mean − 1.
    // The val example (mean 2, target 10) and the unlabelled train one must not move the fit.
    const { byId, predictions } = predictionsOf([
      ex('t1', 'train', 3, [1, 3]),
      ex('t2', 'train', 7, [4]),
      ex('t3', 'train', undefined, [9]),
      ex('v1', 'val', 10, [2]),
      ex('x1', 'test', 5, [3]),
      ex('x2', 'test', 5, [8]),
    ]);
    expect(predictions.find((p) => p.id === 'linear')!.fit).toEqual({ kind: 'linear', intercept: -1, slope: 2 });
    expect(byId.linear).toEqual([3, 7, 10, 3, 5, 10]); // 2·9 − 1 = 17 and 2·8 − 1 = 15 clamp to 10
    expect(byId.isotonic).toEqual([3, 7, 7, 3, 5, 7]); // interpolates 2 → 3, 4 → 7; clips beyond
  });

  it('says why RAIL and the regressions are missing', () => {
    const { byId, skipped } = predictionsOf([ex('t1', 'train', 3, [1]), ex('x1', 'test', 5, [3])]);
    expect(byId.rail).toBeUndefined();
    expect(byId.linear).toBeUndefined();
    expect(skipped.map((s) => s.id)).toEqual(['rail', 'linear', 'isotonic']);
    expect(skipped[0]!.reason).toMatch(/logprobs/);
    expect(skipped[1]!.reason).toMatch(/at least 2 labelled train examples.*has 1/);
  });

  it('offers RAIL when rollouts carry logprobs', () => {
    const input = buildAnalysisInput(
      [makeExample({ rollouts: [makeRollout({ score: 2, logprobs: { '1': Math.log(0.25), '2': Math.log(0.75) } })] })],
      ['v1'],
      { min: 0, max: 10 },
    );
    const rail = baselinePredictions(input, input.prompts[0]!).predictions.find((p) => p.id === 'rail')!;
    expect(rail.values[0]).toBeCloseTo(1.75, 12);
  });
});

describe('applied calibrators', () => {
  it('join the predictors as applied:<name>, named after their file, after the trained calibrator', () => {
    const examples = [0, 1, 2].map((i) => makeExample({ id: `e${i}`, target: i, rollouts: [makeRollout({ score: i })] }));
    const input = buildAnalysisInput(examples, ['default'], { min: 0, max: 10 });
    const p = {
      ...input.prompts[0]!,
      calibrated: Float64Array.of(1, 1, 1),
      applied: [{ name: 'judge v2 · demo', values: Float64Array.of(4, 5, NaN) }],
    };
    const ids = baselinePredictions(input, p).predictions.map((x) => x.id);
    expect(ids.slice(-2)).toEqual(['calibrator', 'applied:judge v2 · demo']);
    expect(baselinePredictions(input, p).predictions.at(-1)!.values).toEqual(Float64Array.of(4, 5, NaN));
    expect(predictorInfo('applied:judge v2 · demo')).toMatchObject({ label: 'judge v2 · demo', fitted: false });
    expect(predictorInfo('linear')).toMatchObject({ label: 'Linear', fitted: true });
  });
});

describe('medianInPlace (selection, not a sort)', () => {
  it('equals the sorted median (numpy’s) bit for bit, on judge-like and arbitrary values', () => {
    const value = fc.oneof(
      fc.integer({ min: 1, max: 10 }),
      fc.double({ min: -1e12, max: 1e12, noNaN: true, noDefaultInfinity: true }).map((x) => x + 0), // no −0
    );
    fc.assert(
      fc.property(fc.array(value, { minLength: 1, maxLength: 120 }), (values) => {
        const v = Float64Array.from([...values, 99, 99]); // room after k: never read
        const got = medianInPlace(v, values.length);
        expect(got === median(values)).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it('handles sorted, reversed and constant runs', () => {
    const up = Array.from({ length: 101 }, (_, i) => i);
    expect(medianInPlace(Float64Array.from(up), 101)).toBe(50);
    expect(medianInPlace(Float64Array.from(up.reverse()), 101)).toBe(50);
    expect(medianInPlace(new Float64Array(100).fill(3), 100)).toBe(3);
    expect(medianInPlace(Float64Array.from([4, 1, 3, 2]), 4)).toBe(2.5);
  });
});
