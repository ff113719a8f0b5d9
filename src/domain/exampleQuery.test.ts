import { describe, expect, it } from 'vitest';
import { DEFAULT_QUERY, filterOrder, sortOrder, type ExampleQuery } from './exampleQuery.ts';
import { searchableText } from './inputText.ts';
import type { ExampleSummary } from './rollouts.ts';

const row = (id: string, over: Partial<ExampleSummary> = {}): ExampleSummary => ({
  id,
  split: 'train',
  target: 1,
  means: [1],
  spread: 0,
  rollouts: 1,
  labelled: true,
  handLabels: 0,
  ...over,
});

const rows: ExampleSummary[] = [
  row('ex-10', { target: 3, split: 'val', means: [2] }),
  row('ex-2', { target: null, labelled: false, means: [null] }),
  row('ex-1', { target: 1, split: 'test', means: [5] }),
  row('ex-3', { target: 3, means: [4] }),
];
const text = ['alpha', 'beta', 'gamma', 'delta'].map((t, i) => searchableText(rows[i]!.id, t));
const q = (over: Partial<ExampleQuery>) => {
  const query = { ...DEFAULT_QUERY, ...over };
  return filterOrder(sortOrder(rows, query.sort, query.descending), rows, query, (i) => text[i]!);
};

describe('sortOrder + filterOrder', () => {
  it('keeps file order by default', () => {
    expect(q({})).toEqual([0, 1, 2, 3]);
  });

  it('sorts ids naturally (ex-2 before ex-10)', () => {
    expect(q({ sort: 'id' })).toEqual([2, 1, 3, 0]);
    expect(q({ sort: 'id', descending: true })).toEqual([0, 3, 1, 2]);
  });

  it('puts missing values last in both directions and breaks ties by file order', () => {
    expect(q({ sort: 'target' })).toEqual([2, 0, 3, 1]);
    expect(q({ sort: 'target', descending: true })).toEqual([0, 3, 2, 1]);
    expect(q({ sort: 'mean:0', descending: true })).toEqual([2, 3, 0, 1]);
  });

  it('filters by split, label state and text (id or input, case-insensitive)', () => {
    expect(q({ split: 'val' })).toEqual([0]);
    expect(q({ label: 'unlabelled' })).toEqual([1]);
    expect(q({ label: 'labelled', sort: 'target' })).toEqual([2, 0, 3]);
    expect(q({ text: 'EX-1' })).toEqual([0, 2]);
    expect(q({ text: 'mm' })).toEqual([2]);
  });
});
