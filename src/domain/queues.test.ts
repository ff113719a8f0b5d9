import { describe, expect, it } from 'vitest';
import { makeExample, makeRollout } from '../test/builders.ts';
import { foldLabels, type LabelEvent } from './labels.ts';
import { queueOrder } from './queues.ts';
import { summarizeExamples } from './rollouts.ts';

const ex = (id: string, target: number | undefined, scores: number[]) =>
  makeExample({ id, target, rollouts: scores.map((score) => makeRollout({ prompt: 'v1', score })) });
// spreads (population sd): a 0, b 1, c 2, d — (one rollout); means 3, 4, 5, 9
const examples = [ex('a', 1, [3, 3]), ex('b', undefined, [3, 5]), ex('c', 5, [3, 7]), ex('d', 8, [9])];
const summaries = summarizeExamples(examples, ['v1']);
const set = (seq: number, exampleId: string, annotator: string, value: number): LabelEvent => ({
  seq,
  datasetId: 'd',
  exampleId,
  annotator,
  kind: 'set',
  value,
  at: seq,
});

describe('labelling queues', () => {
  const labels = foldLabels([set(1, 'b', 'ana', 6), set(2, 'c', 'ben', 2)]);

  it('all: file order', () => {
    expect(queueOrder('all', examples, summaries, labels, 'ana')).toEqual([0, 1, 2, 3]);
  });

  it('unlabelled: what this annotator has not labelled, whoever else did', () => {
    expect(queueOrder('unlabelled', examples, summaries, labels, 'ana')).toEqual([0, 2, 3]);
    expect(queueOrder('unlabelled', examples, summaries, labels, 'ben')).toEqual([0, 1, 3]);
  });

  it('disagreement: largest rollout spread first, examples with one rollout left out', () => {
    expect(queueOrder('disagreement', examples, summaries, labels, 'ana')).toEqual([2, 1, 0]);
  });

  it('error: largest |rollout mean − effective target| first (hand labels stand in for a missing target)', () => {
    // |3 − 1| = 2, |4 − 6| = 2 (label), |5 − 5| = 0, |9 − 8| = 1; ties keep file order.
    expect(queueOrder('error', examples, summaries, labels, 'ana')).toEqual([0, 1, 3, 2]);
  });

  it('error: measured from the calibrator where it predicts, from the rollout mean where it does not', () => {
    // targets 1, 6 (label), 5, 8. Calibrated 1.5, NaN, 0, 8 → errors 0.5, |4 − 6| = 2 (mean), 5, 0.
    const calibrated = { predictions: Float64Array.of(1.5, NaN, 0, 8), spread: new Float64Array(4) };
    expect(queueOrder('error', examples, summaries, labels, 'ana', 'dataset', calibrated)).toEqual([2, 1, 0, 3]);
  });

  it('uncertainty: largest spread of the calibrator’s fold models first, examples it cannot predict left out; empty without a calibrator', () => {
    const calibrated = { predictions: new Float64Array(4), spread: Float64Array.of(0.2, NaN, 0.9, 0.2) };
    expect(queueOrder('uncertainty', examples, summaries, labels, 'ana', 'dataset', calibrated)).toEqual([2, 0, 3]);
    expect(queueOrder('uncertainty', examples, summaries, labels, 'ana')).toEqual([]);
  });
});
