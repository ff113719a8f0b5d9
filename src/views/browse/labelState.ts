// Words for Browse's label-state column and filter (docs/ARCHITECTURE.md §4.2): where an example's
// target comes from, as `targetStatus` (domain/labels.ts) classifies it. One table, so the column,
// its legend, its tooltips and the filter say the same thing.
import type { TargetPreference } from '../../domain/analysisInput.ts';
import type { LabelFilter } from '../../domain/exampleQuery.ts';
import type { TargetStatus } from '../../domain/labels.ts';
import { formatScore } from '../../ui/formatScore.ts';
import { plural } from '../format.ts';

/** The text of a label-state cell. */
export const STATUS_TEXT: Record<TargetStatus, string> = {
  none: 'no target',
  dataset: 'dataset target',
  hand: 'hand-labelled',
  agree: 'hand = dataset',
  'hand-wins': 'hand wins',
  'dataset-wins': 'dataset wins',
};

/** What each state means, for the legend. */
export const STATUS_MEANING: Record<TargetStatus, string> = {
  none: 'neither a dataset target nor a hand label: left out of every metric and of training',
  dataset: "the dataset's own target; nobody has hand-labelled it",
  hand: 'hand-labelled, no dataset target: the mean of the hand labels is the target',
  agree: 'hand-labelled, and the mean of the hand labels equals the dataset target',
  'hand-wins': 'hand-labelled, the hand labels differ from the dataset target, and they are used instead of it',
  'dataset-wins': 'hand-labelled, but the hand labels differ from the dataset target, and the dataset target is used',
};

/** The tooltip of one cell: the numbers behind its state. */
export function statusTitle(status: TargetStatus, datasetTarget: number | undefined, handValues: readonly number[]): string {
  const n = handValues.length;
  const mean = n === 0 ? undefined : handValues.reduce((a, b) => a + b, 0) / n;
  const hand = `${n === 1 ? 'hand label' : `mean of ${n} hand labels`} ${formatScore(mean)}`;
  const dataset = `dataset target ${formatScore(datasetTarget)}`;
  switch (status) {
    case 'none':
      return 'No target: no dataset target and no hand label';
    case 'dataset':
      return `Target from the dataset (${formatScore(datasetTarget)}); not hand-labelled`;
    case 'hand':
      return `Hand-labelled by ${plural(n, 'annotator')} (${hand}); the dataset has no target for it`;
    case 'agree':
      return `Hand-labelled by ${plural(n, 'annotator')}: ${hand}, the same as the ${dataset}`;
    case 'hand-wins':
      return `Hand labels win: ${hand} is used instead of the ${dataset}`;
    case 'dataset-wins':
      return `Dataset targets win: the ${dataset} is used, not the ${hand}`;
  }
}

/**
 * The options of the label-state filter, in menu order: each state by the column's own words (only
 * the state of differing labels that the preference allows), then the two groups.
 */
export function labelFilterOptions(prefer: TargetPreference): { value: LabelFilter; text: string; title?: string }[] {
  return [
    { value: 'all', text: 'all' },
    { value: 'unlabelled', text: STATUS_TEXT.none },
    { value: 'dataset', text: STATUS_TEXT.dataset },
    { value: 'hand-only', text: STATUS_TEXT.hand },
    { value: 'agree', text: STATUS_TEXT.agree },
    { value: 'conflict', text: STATUS_TEXT[prefer === 'labels' ? 'hand-wins' : 'dataset-wins'] },
    { value: 'labelled', text: 'any target', title: 'A dataset target or a hand label: the examples metrics and training use' },
    { value: 'hand', text: 'any hand label', title: 'Hand-labelled, with or without a dataset target' },
  ];
}
