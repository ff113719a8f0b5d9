// The label-state words of Browse: column, legend, tooltips and filter say the same thing.
import { describe, expect, it } from 'vitest';
import { passesLabelFilter } from '../../domain/exampleQuery.ts';
import { TARGET_STATUSES } from '../../domain/labels.ts';
import { labelFilterOptions, STATUS_MEANING, STATUS_TEXT, statusTitle } from './labelState.ts';

describe('label-state wording', () => {
  it('gives every state its own short text and a meaning; none reads "labelled"', () => {
    const texts = TARGET_STATUSES.map((s) => STATUS_TEXT[s]);
    expect(new Set(texts).size).toBe(TARGET_STATUSES.length);
    for (const s of TARGET_STATUSES) expect(STATUS_MEANING[s].length).toBeGreaterThan(20);
    expect(texts).not.toContain('labelled');
    expect(STATUS_TEXT.dataset).toBe('dataset target');
    expect(STATUS_TEXT.hand).toBe('hand-labelled');
  });

  it('names a filter option by the column’s words when it selects exactly one state that can occur', () => {
    for (const prefer of ['dataset', 'labels'] as const) {
      // The state hand labels and dataset targets can be in when they differ, under this preference.
      const possible = TARGET_STATUSES.filter((s) => s !== (prefer === 'labels' ? 'dataset-wins' : 'hand-wins'));
      for (const option of labelFilterOptions(prefer)) {
        const passing = possible.filter((s) => passesLabelFilter(s, option.value));
        expect(passing.length, option.value).toBeGreaterThan(0);
        if (passing.length === 1) expect(option.text, option.value).toBe(STATUS_TEXT[passing[0]!]);
      }
    }
    expect(labelFilterOptions('dataset').find((o) => o.value === 'conflict')?.text).toBe('dataset wins');
    expect(labelFilterOptions('labels').find((o) => o.value === 'conflict')?.text).toBe('hand wins');
    // Every state the column can show under a preference has an option of its own.
    for (const prefer of ['dataset', 'labels'] as const) {
      const texts = labelFilterOptions(prefer).map((o) => o.text);
      for (const s of TARGET_STATUSES.filter((x) => x !== (prefer === 'labels' ? 'dataset-wins' : 'hand-wins')))
        expect(texts, `${prefer}: ${s}`).toContain(STATUS_TEXT[s]);
    }
    expect(new Set(labelFilterOptions('dataset').map((o) => o.value)).size).toBe(8);
  });

  it('puts the numbers behind a state in the tooltip', () => {
    expect(statusTitle('none', undefined, [])).toBe('No target: no dataset target and no hand label');
    expect(statusTitle('dataset', 7, [])).toBe('Target from the dataset (7); not hand-labelled');
    expect(statusTitle('hand', undefined, [3, 4])).toBe(
      'Hand-labelled by 2 annotators (mean of 2 hand labels 3.5); the dataset has no target for it',
    );
    expect(statusTitle('agree', 7, [7])).toBe('Hand-labelled by 1 annotator: hand label 7, the same as the dataset target 7');
    expect(statusTitle('dataset-wins', 7, [5])).toBe('Dataset targets win: the dataset target 7 is used, not the hand label 5');
    expect(statusTitle('hand-wins', 7, [5, 6])).toBe('Hand labels win: mean of 2 hand labels 5.5 is used instead of the dataset target 7');
  });
});
