// Derived data for the views, memoised on the identity of the inputs (never stored copies).
import { filterOrder, sortOrder, type ExampleQuery } from '../domain/exampleQuery.ts';
import { effectiveTarget, type TargetPreference } from '../domain/analysisInput.ts';
import { labelValues, targetStatus, type LabelState } from '../domain/labels.ts';
import { summarizeExamples, type ExampleSummary } from '../domain/rollouts.ts';
import type { DatasetInfo } from '../domain/types.ts';
import type { AppState } from './storeTypes.ts';
import { keptPredictions, keptSpread } from '../calibrator/report.ts';
import type { TextRidgeModel } from '../calibrator/textModel.ts';
import type { ExampleCore } from '../domain/exampleCore.ts';

export function selectCurrentInfo(s: AppState): DatasetInfo | null {
  return s.datasets.find((d) => d.id === s.currentId) ?? null;
}

const summaryCache = new WeakMap<ExampleCore[], { order: readonly string[]; rows: ExampleSummary[] }>();

/** One summary per example of the open dataset (computed once per dataset load). */
export function summariesOf(examples: ExampleCore[], promptOrder: readonly string[]): ExampleSummary[] {
  const hit = summaryCache.get(examples);
  if (hit && hit.order === promptOrder) return hit.rows;
  const rows = summarizeExamples(examples, promptOrder);
  summaryCache.set(examples, { order: promptOrder, rows });
  return rows;
}

const labelledCache = new WeakMap<ExampleSummary[], { labels: LabelState; prefer: TargetPreference; rows: ExampleSummary[] }>();

/**
 * The summaries of the open dataset with its hand labels: `handLabels` counted, the target of a
 * hand-labelled example its effective target (see `effectiveTarget` and `prefer`) and its `status`
 * (see `targetStatus`). New rows
 * only when the labels change, so Browse keeps its cached sort orders otherwise.
 */
export function rowsOf(
  examples: ExampleCore[],
  promptOrder: readonly string[],
  labels: LabelState,
  prefer: TargetPreference = 'dataset',
): ExampleSummary[] {
  const rows = summariesOf(examples, promptOrder);
  if (labels.size === 0) return rows;
  const hit = labelledCache.get(rows);
  if (hit && hit.labels === labels && hit.prefer === prefer) return hit.rows;
  const out = rows.map((r, i) => {
    const values = labelValues(labels, r.id);
    if (values.length === 0) return r;
    const ex = examples[i]!;
    const target = effectiveTarget(ex, values, prefer) ?? null;
    return { ...r, target, labelled: true, handLabels: values.length, status: targetStatus(ex.target, values, prefer) };
  });
  labelledCache.set(rows, { labels, prefer, rows: out });
  return out;
}

const orderCache = new WeakMap<ExampleSummary[], Map<string, number[]>>();

/** Sorted order of all examples, cached per dataset and sort: filtering then reuses it. */
function sortedOrder(rows: ExampleSummary[], query: ExampleQuery): number[] {
  let byKey = orderCache.get(rows);
  if (!byKey) orderCache.set(rows, (byKey = new Map()));
  const key = `${query.sort}:${query.descending}`;
  let order = byKey.get(key);
  if (!order) byKey.set(key, (order = sortOrder(rows, query.sort, query.descending)));
  return order;
}

let lastQuery: { rows: ExampleSummary[]; query: ExampleQuery; matches: Uint8Array | null; result: number[] } | null = null;

/**
 * Indices of the examples shown on Browse, in display order. `matches` is the text filter's answer
 * for `query.text` (`browseSearch.matches`: one byte per example); while it is null a text query
 * shows nothing yet.
 */
export function visibleIndices(rows: ExampleSummary[], query: ExampleQuery, matches: Uint8Array | null): number[] {
  if (lastQuery && lastQuery.rows === rows && lastQuery.query === query && lastQuery.matches === matches) return lastQuery.result;
  const result = filterOrder(sortedOrder(rows, query), rows, query, (i) => matches !== null && matches[i] === 1);
  lastQuery = { rows, query, matches, result };
  return result;
}

/** A calibrator's prediction of one example, by the calibrator's name (applied calibrators). */
export interface NamedPrediction {
  name: string;
  prompt: string;
  value: number;
}

/** The prediction of example `index` by each applied calibrator that has one (finite values only), oldest first. */
export function appliedAt(applied: AppState['applied'], index: number): NamedPrediction[] {
  const out: NamedPrediction[] = [];
  for (const a of applied) {
    const v = a.predictions[index];
    if (v !== undefined && Number.isFinite(v)) out.push({ name: a.name, prompt: a.prompt, value: v });
  }
  return out;
}

/** The calibrator the error and uncertainty queues follow, and how to name it. */
export interface QueueCalibrator {
  /** "the trained calibrator of v1", "the applied calibrator “Demo · v1”". */
  label: string;
  predictions: Float64Array;
  spread: Float64Array;
}

/**
 * The trained calibrator of the first prompt version (in dataset order) that has one, else the
 * first calibrator applied from a file; undefined when there is neither.
 */
export function queueCalibrator(
  calibrations: AppState['calibrations'],
  applied: AppState['applied'],
  promptOrder: readonly string[],
): QueueCalibrator | undefined {
  const prompt = promptOrder.find((p) => Object.hasOwn(calibrations, p));
  if (prompt !== undefined) {
    const c = calibrations[prompt]!;
    return { label: `the trained calibrator of ${prompt}`, predictions: keptPredictions(c), spread: keptSpread(c) };
  }
  const first = applied[0];
  return first && { label: `the applied calibrator “${first.name}”`, predictions: first.predictions, spread: first.spread };
}

/** The calibrated prediction of example `index` per prompt version that has a trained calibrator (finite values only). */
export function calibratedAt(calibrations: AppState['calibrations'], index: number): Record<string, number> {
  // Keyed by prompt names, which the dataset chose: no prototype for a "constructor" to collide with.
  const out: Record<string, number> = Object.create(null);
  for (const [prompt, c] of Object.entries(calibrations)) {
    const v = keptPredictions(c)[index];
    if (v !== undefined && Number.isFinite(v)) out[prompt] = v;
  }
  return out;
}

const textModelsCache = new WeakMap<object, Record<string, TextRidgeModel>>();

/** A stored text ridge is only read here: check the arrays an explanation indexes (a stored value is not trusted, §6). */
function usableTextModel(m: TextRidgeModel | null | undefined, prompt: string): m is TextRidgeModel {
  if (!m || typeof m !== 'object' || m.prompt !== prompt) return false;
  const d = m.text?.buckets;
  const f = m.wScore instanceof Float64Array ? m.wScore.length : -1;
  return (
    Number.isInteger(d) &&
    d > 0 &&
    Array.isArray(m.text.ngrams) &&
    m.idf instanceof Float64Array &&
    m.idf.length === d &&
    m.wText instanceof Float64Array &&
    m.wText.length === d &&
    f >= 0 &&
    m.stats?.mean instanceof Float64Array &&
    m.stats.mean.length === f &&
    m.stats.sd instanceof Float64Array &&
    m.stats.sd.length === f &&
    Number.isFinite(m.scale?.min) &&
    Number.isFinite(m.scale?.max)
  );
}

/**
 * The text ridge of each prompt version whose kept calibrator is the text ridge (the reasoning's
 * n-grams can then say what moved a prediction; through the stacked MLP they cannot, exactly); the
 * same object while `calibrations` is.
 */
export function keptTextModels(calibrations: AppState['calibrations']): Readonly<Record<string, TextRidgeModel>> {
  const hit = textModelsCache.get(calibrations);
  if (hit) return hit;
  const out: Record<string, TextRidgeModel> = Object.create(null);
  for (const [prompt, c] of Object.entries(calibrations)) {
    const sel = c.selection;
    const kept = sel?.candidates?.[sel.chosen];
    if (kept?.id === 'text-ridge' && usableTextModel(sel?.text, prompt)) out[prompt] = sel.text;
  }
  textModelsCache.set(calibrations, out);
  return out;
}
