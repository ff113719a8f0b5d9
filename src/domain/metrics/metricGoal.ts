// Which way is best for each point metric (docs/ARCHITECTURE.md §8.1), the one place that says so:
// higher CCC, r, ρ and τ; lower NMSE, MAE and RMSE; bias closest to 0 and σ ratio closest to 1.
// Also the order of a metric table sorted by one column. Pure; no React, DOM or store.
//
// "Best" here is the best point value of a column, nothing more: whether one predictor is better
// than another is the verdict rule's question (paired bootstrap CI of the difference, §8.2).
import type { MetricName } from './pairwise.ts';

export type MetricGoal = { kind: 'higher' } | { kind: 'lower' } | { kind: 'closest'; to: number };

const HIGHER: MetricGoal = { kind: 'higher' };
const LOWER: MetricGoal = { kind: 'lower' };

export const METRIC_GOALS: Readonly<Record<MetricName, MetricGoal>> = {
  ccc: HIGHER,
  nmse: LOWER,
  pearson: HIGHER,
  spearman: HIGHER,
  kendall: HIGHER,
  mae: LOWER,
  rmse: LOWER,
  bias: { kind: 'closest', to: 0 },
  dispersion: { kind: 'closest', to: 1 },
};

/** How far `v` is from the ideal of `goal`, as a number where smaller is better. */
export function shortfall(goal: MetricGoal, v: number): number {
  return goal.kind === 'higher' ? -v : goal.kind === 'lower' ? v : Math.abs(v - goal.to);
}

/** What the best value of a column is, in words: "highest CCC", "lowest NMSE", "Bias closest to 0". */
export function bestPhrase(goal: MetricGoal, label: string): string {
  return goal.kind === 'higher' ? `highest ${label}` : goal.kind === 'lower' ? `lowest ${label}` : `${label} closest to ${goal.to}`;
}

/**
 * Indices of the best values of a column for `goal`. `null` and non-finite values never count;
 * nor do indices where `eligible` is false. With `digits`, values are compared as shown at that
 * many decimals, so two values that read the same are both best. Empty when fewer than two values
 * count, or when every counted value ties (a mark that picks out nothing says nothing).
 */
export function bestIndices(
  values: readonly (number | null)[],
  goal: MetricGoal,
  options: { digits?: number; eligible?: readonly boolean[] } = {},
): number[] {
  const { digits, eligible } = options;
  const scores: { i: number; s: number }[] = [];
  values.forEach((v, i) => {
    if (v === null || !Number.isFinite(v) || eligible?.[i] === false) return;
    const shown = digits === undefined ? v : Number(v.toFixed(digits));
    // Rounding can leave −0 or an error below the shown resolution in |v − to|; round again.
    const s = shortfall(goal, shown);
    scores.push({ i, s: digits === undefined ? s : Number(s.toFixed(digits)) });
  });
  if (scores.length < 2) return [];
  let min = Infinity;
  for (const { s } of scores) if (s < min) min = s;
  const best = scores.filter(({ s }) => s === min).map(({ i }) => i);
  return best.length === scores.length ? [] : best;
}

/** A column a metric table can be sorted by: a metric, the number of examples, or the distinct predictions. */
export type MetricSortKey = MetricName | 'n' | 'distinct';

/** A metric table's order: by one column; `null` is the table's own order (the dataset's prompt order). */
export type MetricSort = { key: MetricSortKey; descending: boolean } | null;

/**
 * The direction of a first click on a column: best first for metrics with a higher or lower goal,
 * most examples or distinct values first for the counts, ascending for "closest to" metrics (whose
 * values have no best end).
 */
export function firstDescending(key: MetricSortKey): boolean {
  if (key === 'n' || key === 'distinct') return true;
  return METRIC_GOALS[key].kind === 'higher';
}

/** The sort after a click on column `key`: a new column starts at its first direction, the same column flips. */
export function nextSort(current: MetricSort, key: MetricSortKey): MetricSort {
  return current && current.key === key ? { key, descending: !current.descending } : { key, descending: firstDescending(key) };
}

/**
 * Positions `0..values.length−1` in the order of `values`, ascending or descending; `null` and
 * non-finite values go last in both directions, and ties keep their original order (stable).
 */
export function sortedOrder(values: readonly (number | null)[], descending: boolean): number[] {
  const idx = values.map((_, i) => i);
  const key = (i: number): number | null => {
    const v = values[i] ?? null;
    return v !== null && Number.isFinite(v) ? v : null;
  };
  return idx.sort((a, b) => {
    const va = key(a);
    const vb = key(b);
    if (va === null || vb === null) return va === vb ? a - b : va === null ? 1 : -1;
    const d = descending ? vb - va : va - vb;
    return d !== 0 ? d : a - b;
  });
}
