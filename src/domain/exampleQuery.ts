// Filtering and sorting of example summaries for the Browse table. Pure; runs at 100k rows.
import type { ExampleSummary } from './rollouts.ts';
import type { Split } from './types.ts';

export type LabelFilter = 'all' | 'labelled' | 'unlabelled';
/** `mean:<i>` sorts by the mean score of the i-th prompt version. */
export type SortKey = 'index' | 'id' | 'split' | 'target' | 'spread' | 'label' | `mean:${number}`;

export interface ExampleQuery {
  /** Case-insensitive substring of the id or the input text; empty = all. */
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
      return s.labelled ? 1 : 0;
    default:
      return s.means[Number(key.slice(5))] ?? null;
  }
}

const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });

/**
 * Indices into `summaries` that pass the filters, in the requested order. Missing values
 * (no target, no rollouts) sort last in both directions; ties keep file order (stable).
 * `searchText(i)` gives the lower-cased text searched besides the id.
 */
export function queryExamples(summaries: readonly ExampleSummary[], q: ExampleQuery, searchText: (i: number) => string): number[] {
  const needle = q.text.trim().toLowerCase();
  const out: number[] = [];
  for (let i = 0; i < summaries.length; i++) {
    const s = summaries[i]!;
    if (q.split !== 'all' && s.split !== q.split) continue;
    if (q.label === 'labelled' && !s.labelled) continue;
    if (q.label === 'unlabelled' && s.labelled) continue;
    if (needle && !s.id.toLowerCase().includes(needle) && !searchText(i).includes(needle)) continue;
    out.push(i);
  }
  if (q.sort === 'index') return q.descending ? out.reverse() : out;
  const dir = q.descending ? -1 : 1;
  const keys = new Map<number, number | string | null>();
  for (const i of out) keys.set(i, sortValue(summaries[i]!, q.sort));
  return out.sort((a, b) => {
    const ka = keys.get(a) ?? null;
    const kb = keys.get(b) ?? null;
    if (ka === null || kb === null) return ka === kb ? a - b : ka === null ? 1 : -1;
    const c = typeof ka === 'string' && typeof kb === 'string' ? collator.compare(ka, kb) : (ka as number) - (kb as number);
    return c !== 0 ? c * dir : a - b;
  });
}
