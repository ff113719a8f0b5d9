// Derived data for the views, memoised on the identity of the inputs (never stored copies).
import { queryExamples, type ExampleQuery } from '../domain/exampleQuery.ts';
import { inputText } from '../domain/inputText.ts';
import { summarizeExample, type ExampleSummary } from '../domain/rollouts.ts';
import type { DatasetInfo, Example } from '../domain/types.ts';
import type { AppState } from './appStore.ts';

export function selectCurrentInfo(s: AppState): DatasetInfo | null {
  return s.datasets.find((d) => d.id === s.currentId) ?? null;
}

const summaryCache = new WeakMap<Example[], { order: readonly string[]; rows: ExampleSummary[] }>();

/** One summary per example of the open dataset (computed once per dataset load). */
export function summariesOf(examples: Example[], promptOrder: readonly string[]): ExampleSummary[] {
  const hit = summaryCache.get(examples);
  if (hit && hit.order === promptOrder) return hit.rows;
  const rows = examples.map((ex) => summarizeExample(ex, promptOrder));
  summaryCache.set(examples, { order: promptOrder, rows });
  return rows;
}

const textCache = new WeakMap<Example, string>();

function searchTextOf(ex: Example): string {
  let t = textCache.get(ex);
  if (t === undefined) {
    t = inputText(ex.input).toLowerCase();
    textCache.set(ex, t);
  }
  return t;
}

let lastQuery: { examples: Example[]; rows: ExampleSummary[]; query: ExampleQuery; result: number[] } | null = null;

/** Indices of the examples shown on Browse, in display order. */
export function visibleIndices(examples: Example[], rows: ExampleSummary[], query: ExampleQuery): number[] {
  if (lastQuery && lastQuery.examples === examples && lastQuery.rows === rows && lastQuery.query === query) return lastQuery.result;
  const result = queryExamples(rows, query, (i) => searchTextOf(examples[i]!));
  lastQuery = { examples, rows, query, result };
  return result;
}
