import { describe, expect, it } from 'vitest';
import { REFERENCE, ROLLOUTS, TARGETS } from '../test/analysisFixture.ts';
import { makeExample, makeRollout } from '../test/builders.ts';
import { analyze, evaluatedPairs, pointReport, prepareAnalysis } from './analysis.ts';
import { buildAnalysisInput } from './analysisInput.ts';
import type { Example, Split } from './types.ts';

const ex = (id: string, split: Split, target: number | undefined, v1: number[], v2: number[] = []): Example =>
  makeExample({
    id,
    split,
    target,
    rollouts: [...v1.map((score) => makeRollout({ prompt: 'v1', score })), ...v2.map((score) => makeRollout({ prompt: 'v2', score }))],
  });

// Test split: the six labelled examples of the shared fixture (numpy references there), plus one
// unlabelled and one without v1 rollouts.
const T = TARGETS;
const R = ROLLOUTS;
const examples: Example[] = [
  ...T.map((t, i) => ex(`x${i}`, 'test', t, R[i]!, [5])),
  ex('x-unlabelled', 'test', undefined, [4, 4, 4]),
  ex('x-no-v1', 'test', 5, [], [5, 5]),
  ex('t1', 'train', 2, [1, 1, 1]),
  ex('t2', 'train', 8, [9, 9, 9]),
  ex('v1', 'val', 4, [4]),
];
const input = () => buildAnalysisInput(examples, ['v1', 'v2'], { min: 0, max: 10 });

describe('analysis report', () => {
  const report = analyze(input(), { split: 'test', seed: 7, resamples: 200 });
  const v1 = report.prompts[0]!;
  const row = (id: string) => v1.predictors.find((p) => p.id === id)!;

  it('counts the examples of the split and those with a target', () => {
    expect(report).toMatchObject({ split: 'test', seed: 7, resamples: 200, examples: 8, labelled: 7 });
  });

  it('describes the rollouts of each prompt on the split', () => {
    expect(v1).toMatchObject({ prompt: 'v1', rolloutsPerExample: 3, withRollouts: 7 });
    // Spread and identical share over the 7 test examples with v1 rollouts (x-unlabelled adds sd 0, identical).
    expect(v1.spread).toBeCloseTo((REFERENCE.spread * 6) / 7, 12);
    expect(v1.identicalShare).toBeCloseTo(3 / 7, 12);
  });

  it('scores mean, median and first rollout against the targets (numpy reference)', () => {
    expect(row('mean').n).toBe(6);
    expect(row('mean').metrics.ccc).toBeCloseTo(REFERENCE.meanCcc, 12);
    expect(row('mean').metrics.nmse).toBeCloseTo(REFERENCE.meanNmse, 12);
    expect(row('median').metrics.ccc).toBeCloseTo(REFERENCE.medianCcc, 12);
    expect(row('first').metrics.ccc).toBeCloseTo(REFERENCE.firstCcc, 12);
  });

  it('fits regressions on train and marks them in-sample only when train is evaluated', () => {
    expect(row('linear').inSample).toBe(false);
    expect(row('linear').n).toBe(6);
    const onTrain = analyze(input(), { split: 'train', seed: 7, resamples: 0 });
    expect(onTrain.prompts[0]!.predictors.find((p) => p.id === 'linear')!.inSample).toBe(true);
    expect(onTrain.prompts[0]!.predictors.find((p) => p.id === 'linear')!.diagnostics[0]!.kind).toBe('in-sample');
    expect(onTrain.prompts[0]!.predictors.find((p) => p.id === 'mean')!.inSample).toBe(false);
  });

  it('has CIs around the point estimate, the same for the same seed', () => {
    const ci = row('mean').cis!.ccc!;
    expect(ci[0]).toBeLessThanOrEqual(row('mean').metrics.ccc!);
    expect(ci[1]).toBeGreaterThanOrEqual(ci[0]);
    expect(analyze(input(), { split: 'test', seed: 7, resamples: 200 }).prompts[0]!.predictors[0]!.cis).toEqual(row('mean').cis);
    expect(pointReport(prepareAnalysis(input()), { split: 'test', seed: 7, resamples: 200 }).prompts[0]!.predictors[0]!.cis).toBeNull();
    expect(analyze(input(), { split: 'test', seed: 7, resamples: 0 }).prompts[0]!.predictors[0]!.cis).toBeNull();
  });

  it('gives null (with a reason), not NaN, when the targets of a prompt are constant', () => {
    const v2mean = report.prompts[1]!.predictors.find((p) => p.id === 'mean')!;
    // v2 predicts 5 on all 7 labelled test examples: its Pearson r is undefined.
    expect(v2mean.n).toBe(7);
    expect(v2mean.metrics.pearson).toBeNull();
    expect(v2mean.reasons.pearson).toMatch(/constant/);
    expect(JSON.stringify(report)).not.toMatch(/NaN/);
  });

  it('gathers the evaluated pairs with their example indices', () => {
    const prepared = prepareAnalysis(input());
    const mean = prepared.prompts[0]!.predictions[0]!;
    const pairs = evaluatedPairs(prepared.input, mean.values, 'test');
    expect([...pairs.index]).toEqual([0, 1, 2, 3, 4, 5]);
    expect([...pairs.target]).toEqual(T);
    expect(pairs.pred[0]).toBeCloseTo(5 / 3, 12);
  });
});
