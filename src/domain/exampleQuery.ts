// Filtering and sorting of example summaries for the Browse table. Pure; runs at 100k rows.
import { TARGET_STATUSES, type TargetStatus } from './labels.ts';
import type { ExampleSummary } from './rollouts.ts';
import type { Split } from './types.ts';

/**
 * Label-state filter of Browse, on `ExampleSummary.status`: `labelled` has a target (any source),
 * `unlabelled` has none, `dataset` has only a dataset target, `hand` is hand-labelled (with or without
 * a dataset target), `hand-only` hand-labelled without a dataset target, `agree` hand labels agreeing
 * with the dataset target, `conflict` hand labels differing from it (whichever wins).
 */
export type LabelFilter = 'all' | 'labelled' | 'unlabelled' | 'dataset' | 'hand' | 'hand-only' | 'agree' | 'conflict';

/** The statuses each filter lets through. */
const LABEL_FILTER: Record<Exclude<LabelFilter, 'all'>, readonly TargetStatus[]> = {
  labelled: ['dataset', 'hand', 'agree', 'hand-wins', 'dataset-wins'],
  unlabelled: ['none'],
  dataset: ['dataset'],
  hand: ['hand', 'agree', 'hand-wins', 'dataset-wins'],
  'hand-only': ['hand'],
  agree: ['agree'],
  conflict: ['hand-wins', 'dataset-wins'],
};

/** True when an example of this status passes the label-state filter. */
export function passesLabelFilter(status: TargetStatus, filter: LabelFilter): boolean {
  return filter === 'all' || LABEL_FILTER[filter].includes(status);
}

const STATUS_RANK = new Map(TARGET_STATUSES.map((s, i) => [s, i]));
/** `mean:<i>` sorts by the mean score of the i-th prompt version. */
export type SortKey = 'index' | 'id' | 'split' | 'target' | 'spread' | 'label' | `mean:${number}`;

export interface ExampleQuery {
  /** Case-insensitive substring of the searchable text (id and input); empty = all. */
  text: string;
  split: Split | 'all';
  label: LabelFilter;
  sort: SortKey;
  descending: boolean;
}

export const DEFAULT_QUERY: ExampleQuery = { text: '', split: 'all', label: 'all', sort: 'index', descending: false };

const SPLIT_ORDER: Record<Split, number> = { train: 0, val: 1, test: 2 };

function sortValue(s: ExampleSummary, key: SortKey): number | string | null {
  switch (key) {
    case 'index':
      return null;
    case 'id':
      return s.id;
    case 'split':
      return SPLIT_ORDER[s.split];
    case 'target':
      return s.target;
    case 'spread':
      return s.spread;
    case 'label':
      return STATUS_RANK.get(s.status) ?? null;
    default:
      return s.means[Number(key.slice(5))] ?? null;
  }
}

const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });

/**
 * All indices of `summaries` in the order of `sort`. Missing values (no target, no rollouts)
 * sort last in both directions; ties keep file order (stable). Depends only on the sort, so a
 * caller can keep it while the filters change.
 */
export function sortOrder(summaries: readonly ExampleSummary[], sort: SortKey, descending: boolean): number[] {
  const all = Array.from(summaries, (_, i) => i);
  if (sort === 'index') return descending ? all.reverse() : all;
  const dir = descending ? -1 : 1;
  const keys = summaries.map((s) => sortValue(s, sort));
  return all.sort((a, b) => {
    const ka = keys[a] ?? null;
    const kb = keys[b] ?? null;
    if (ka === null || kb === null) return ka === kb ? a - b : ka === null ? 1 : -1;
    const c = typeof ka === 'string' && typeof kb === 'string' ? collator.compare(ka, kb) : (ka as number) - (kb as number);
    return c !== 0 ? c * dir : a - b;
  });
}

/**
 * The indices of `order` that pass the filters, in that order. The text filter (when `q.text` is not
 * blank) is `textMatch(i)`: whether example i's searchable text matches (see `searchableText` and
 * `textMatcher`; the app asks Browse's search worker, which reads the stored text).
 */
export function filterOrder(
  order: readonly number[],
  summaries: readonly ExampleSummary[],
  q: ExampleQuery,
  textMatch: (i: number) => boolean,
): number[] {
  const byText = q.text.trim() !== '';
  if (!byText && q.split === 'all' && q.label === 'all') return order as number[];
  const out: number[] = [];
  for (const i of order) {
    const s = summaries[i]!;
    if (q.split !== 'all' && s.split !== q.split) continue;
    if (q.label !== 'all' && !passesLabelFilter(s.status, q.label)) continue;
    if (byText && !textMatch(i)) continue;
    out.push(i);
  }
  return out;
}
