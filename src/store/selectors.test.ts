import { describe, expect, it } from 'vitest';
import { foldLabels } from '../domain/labels.ts';
import { makeExample } from '../test/builders.ts';
import { rowsOf, summariesOf } from './selectors.ts';

describe('Browse rows with hand labels', () => {
  const order = ['v1'];
  const examples = [
    makeExample({ id: 'a', target: 2 }),
    makeExample({ id: 'b', target: undefined }),
    makeExample({ id: 'c', target: undefined }),
  ];
  const set = (seq: number, exampleId: string, annotator: string, value: number) => ({
    seq,
    datasetId: 'd',
    exampleId,
    annotator,
    kind: 'set' as const,
    value,
    at: seq,
  });

  it('counts hand labels and gives unlabelled examples the mean of theirs as target', () => {
    const labels = foldLabels([set(1, 'b', 'ana', 3), set(2, 'b', 'ben', 4), set(3, 'a', 'ana', 5)]);
    const rows = rowsOf(examples, order, labels);
    expect(rows.map((r) => [r.id, r.target, r.labelled, r.handLabels])).toEqual([
      ['a', 2, true, 1], // the dataset target wins
      ['b', 3.5, true, 2],
      ['c', null, false, 0],
    ]);
    expect(rowsOf(examples, order, labels)).toBe(rows); // cached per labels state
  });

  it('gives hand-labelled examples the mean of their labels when labels are preferred', () => {
    const labels = foldLabels([set(1, 'b', 'ana', 3), set(2, 'a', 'ana', 5), set(3, 'a', 'ben', 6)]);
    expect(rowsOf(examples, order, labels, 'labels').map((r) => r.target)).toEqual([5.5, 3, null]);
    expect(rowsOf(examples, order, labels, 'dataset').map((r) => r.target)).toEqual([2, 3, null]);
  });

  it('says where each target comes from, and follows the preference where hand labels and the dataset differ', () => {
    expect(summariesOf(examples, order).map((r) => r.status)).toEqual(['dataset', 'none', 'none']);
    const differ = foldLabels([set(1, 'a', 'ana', 5), set(2, 'b', 'ana', 3)]);
    expect(rowsOf(examples, order, differ, 'dataset').map((r) => r.status)).toEqual(['dataset-wins', 'hand', 'none']);
    expect(rowsOf(examples, order, differ, 'labels').map((r) => r.status)).toEqual(['hand-wins', 'hand', 'none']);
    // Two annotators whose mean is the dataset target (2) agree with it.
    const agree = foldLabels([set(1, 'a', 'ana', 1), set(2, 'a', 'ben', 3)]);
    expect(rowsOf(examples, order, agree, 'dataset').map((r) => r.status)).toEqual(['agree', 'none', 'none']);
  });

  it('is the plain summaries without labels', () => {
    expect(rowsOf(examples, order, new Map())).toBe(summariesOf(examples, order));
  });
});
