import { describe, expect, it } from 'vitest';
import { DEFAULT_QUERY, filterOrder, passesLabelFilter, sortOrder, type ExampleQuery } from './exampleQuery.ts';
import { searchableText, textMatcher } from './inputText.ts';
import { TARGET_STATUSES } from './labels.ts';
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
  status: 'dataset',
  ...over,
});

const rows: ExampleSummary[] = [
  row('ex-10', { target: 3, split: 'val', means: [2] }),
  row('ex-2', { target: null, labelled: false, status: 'none', means: [null] }),
  row('ex-1', { target: 1, split: 'test', means: [5] }),
  row('ex-3', { target: 3, means: [4] }),
];
const text = ['alpha', 'beta', 'gamma', 'delta'].map((t, i) => searchableText(rows[i]!.id, t));
const q = (over: Partial<ExampleQuery>) => {
  const query = { ...DEFAULT_QUERY, ...over };
  const matches = textMatcher(query.text);
  return filterOrder(sortOrder(rows, query.sort, query.descending), rows, query, (i) => matches!(text[i]!));
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

describe('label state (where the target comes from)', () => {
  // One row per status, in an order that is not the status order.
  const statuses: ExampleSummary['status'][] = ['dataset-wins', 'none', 'hand', 'dataset', 'agree', 'hand-wins', 'dataset'];
  const byStatus = statuses.map((status, i) =>
    row(`s-${i}`, {
      status,
      labelled: status !== 'none',
      target: status === 'none' ? null : 1,
      handLabels: /hand|agree|wins/.test(status) ? 1 : 0,
    }),
  );
  const f = (label: ExampleQuery['label']) =>
    filterOrder(
      byStatus.map((_, i) => i),
      byStatus,
      { ...DEFAULT_QUERY, label },
      () => false,
    );

  it('filters on each state and on the groups the menu offers', () => {
    expect(f('all')).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(f('unlabelled')).toEqual([1]);
    expect(f('labelled')).toEqual([0, 2, 3, 4, 5, 6]);
    expect(f('dataset')).toEqual([3, 6]);
    expect(f('hand')).toEqual([0, 2, 4, 5]);
    expect(f('hand-only')).toEqual([2]);
    expect(f('agree')).toEqual([4]);
    expect(f('conflict')).toEqual([0, 5]);
  });

  it('every filter but "all" is a set of statuses, and "labelled" is exactly "has a target"', () => {
    for (const status of TARGET_STATUSES) {
      expect(passesLabelFilter(status, 'all')).toBe(true);
      expect(passesLabelFilter(status, 'labelled')).toBe(status !== 'none');
      expect(passesLabelFilter(status, 'unlabelled')).toBe(status === 'none');
      // Hand-labelled (any) is the union of the hand states; the dataset-only state is not among them.
      expect(passesLabelFilter(status, 'hand')).toBe(
        passesLabelFilter(status, 'hand-only') || passesLabelFilter(status, 'agree') || passesLabelFilter(status, 'conflict'),
      );
    }
  });

  it('sorts by label state in legend order (none, dataset, hand, agree, hand wins, dataset wins), ties in file order', () => {
    expect(sortOrder(byStatus, 'label', false)).toEqual([1, 3, 6, 2, 4, 5, 0]);
    expect(sortOrder(byStatus, 'label', true)).toEqual([0, 5, 4, 2, 3, 6, 1]);
  });
});
