// Export of the Analyze predictions (issue 11): one row per example with its id, split, effective
// target and the prediction of every predictor of every prompt version, as JSONL or CSV. Pure:
// yields the file as string chunks (the UI makes a Blob of them); no DOM, no store.
//
// Built column by column from the typed arrays of the PredictionTable, a bounded number of rows
// per chunk: 100k examples × 20 predictors never exist as row objects, only as the output text.
import type { PredictionTable } from '../domain/analysis.ts';
import { predictorInfo, type Prediction } from '../domain/baselines.ts';
import { SPLITS } from '../domain/types.ts';
import { csvField, exportFileName } from './labelExport.ts';

/** One prediction column of the export. */
export interface PredictionColumn {
  /** Column name in the CSV header and key in the JSONL objects (see `predictionColumns`). */
  name: string;
  /** One prediction per example, NaN where the predictor has none. */
  values: Float64Array;
}

/** What an export needs: the analysis worker's table, and the names the table does not carry. */
export interface PredictionsExportInput {
  table: PredictionTable;
  /** Example ids in the analysis input's order (the store's `examples`, as `buildAnalysisInput` read them). */
  ids: readonly string[];
  /** Prompt version names in the table's order (the dataset's `promptOrder`). */
  prompts: readonly string[];
}

/** Rows per yielded chunk: at 20 columns about 10 ms of work and half a megabyte of text, so the UI can paint between chunks. */
export const ROWS_PER_CHUNK = 1000;

/** Columns before the predictions, in this order. */
const FIXED_COLUMNS = ['id', 'split', 'target'] as const;

/** Suffix of the k-th (k ≥ 2) column that wanted an already taken name. */
const suffix = (k: number) => ` (${k})`;

/**
 * The prediction columns, in table order (prompt versions, then each one's predictors), named
 * `<prompt>.<predictor>`:
 *
 * - built-in predictors by their id — `mean`, `median`, `first`, `rail`, `linear`, `isotonic`,
 *   `calibrator` — short, lower-case and independent of the UI's labels (`v1.mean`);
 * - calibrators applied from files (`applied:<name>`) by their label, the file's manifest name
 *   (`v1.judge-v2 · demo`).
 *
 * Unique and stable: built-in ids have no dot, so `<prompt>.<id>` is split back unambiguously at
 * its last dot and two of them can never meet (prompt names are unique). Those names are given
 * first and are never changed. Applied calibrators are named after them, in table order; one whose
 * name is taken (a calibrator called `mean`, or prompt `a` with `b.mean` against prompt `a.b`'s
 * mean) gets ` (2)`, ` (3)`, … — the first free. So a built-in predictor's column is the same in
 * every export, and an applied one's depends only on the names before it.
 */
export function predictionColumns(prompts: readonly string[], predictions: readonly (readonly Prediction[])[]): PredictionColumn[] {
  const taken = new Set<string>(FIXED_COLUMNS);
  const names: (string | null)[][] = predictions.map((ps, pi) =>
    ps.map((p) => {
      if (p.id.startsWith('applied:')) return null;
      const name = `${prompts[pi]!}.${p.id}`;
      taken.add(name);
      return name;
    }),
  );
  predictions.forEach((ps, pi) =>
    ps.forEach((p, k) => {
      if (names[pi]![k] !== null) return;
      const wanted = `${prompts[pi]!}.${predictorInfo(p.id).label}`;
      let name = wanted;
      for (let n = 2; taken.has(name); n++) name = wanted + suffix(n);
      taken.add(name);
      names[pi]![k] = name;
    }),
  );
  return predictions.flatMap((ps, pi) => ps.map((p, k) => ({ name: names[pi]![k]!, values: p.values })));
}

/**
 * Why a table cannot be exported with `examples` ids and `prompts` names (the dataset changed
 * since the analysis ran), in words; null when it can.
 */
export function predictionsExportProblem(table: PredictionTable, examples: number, prompts: number): string | null {
  if (examples !== table.n)
    return `The predictions are for ${table.n} examples but the dataset has ${examples}; wait for the analysis to finish.`;
  if (prompts !== table.predictions.length)
    return `The predictions are for ${table.predictions.length} prompt versions but the dataset has ${prompts}; wait for the analysis to finish.`;
  return null;
}

function checked(input: PredictionsExportInput): PredictionColumn[] {
  const problem = predictionsExportProblem(input.table, input.ids.length, input.prompts.length);
  if (problem !== null) throw new Error(problem);
  return predictionColumns(input.prompts, input.table.predictions);
}

/** A number as JSON text: the shortest text that reads back as the same double (`String`), null when not finite. */
const jsonNumber = (v: number) => (Number.isFinite(v) ? String(v) : 'null');

/**
 * JSONL: one object per example, in the table's order, with keys `id`, `split`, `target` (the
 * effective target, null when none) and one key per prediction column (`predictionColumns`), null
 * where the predictor has no prediction (NaN). Numbers are JSON numbers with every digit a double
 * needs to read back exactly. Every line ends with a newline; no example, no text.
 *
 * The objects are written as text, never built: a column named `__proto__` stays a key.
 */
export function* predictionsJsonl(input: PredictionsExportInput): Generator<string, void, undefined> {
  const columns = checked(input);
  const { table, ids } = input;
  const keys = columns.map((c) => ',' + JSON.stringify(c.name) + ':');
  const splitText = SPLITS.map((s) => ',"split":' + JSON.stringify(s));
  let chunk = '';
  for (let e = 0; e < table.n; e++) {
    let line = '{"id":' + JSON.stringify(ids[e]!) + splitText[table.splits[e]!]! + ',"target":' + jsonNumber(table.targets[e]!);
    for (let c = 0; c < columns.length; c++) line += keys[c]! + jsonNumber(columns[c]!.values[e]!);
    chunk += line + '}\n';
    if ((e + 1) % ROWS_PER_CHUNK === 0) {
      yield chunk;
      chunk = '';
    }
  }
  if (chunk !== '') yield chunk;
}

/** A number as a CSV cell: `String(v)` (exact round trip, never formula-guarded, so -1 stays a number), empty when not finite. */
const csvNumber = (v: number) => (Number.isFinite(v) ? String(v) : '');

/**
 * CSV (RFC 4180), as `labelsCsv` writes it: header `id,split,target,<prediction columns>`, CRLF
 * after every record, fields quoted when they contain a comma, quote, CR or LF (quotes doubled),
 * an empty cell where there is no target or no prediction, numbers as `String(v)`. Text cells
 * (the ids and the column names, which are user-named) go through `csvField`'s spreadsheet-formula
 * guard, so a name starting with `=` reads `'=…` in the file: drop one leading `'` to undo it.
 *
 * No UTF-8 BOM, for the reason `labelsCsv` gives: scripts are the main readers, and most would
 * keep the BOM as part of the first column name (`id`).
 */
export function* predictionsCsv(input: PredictionsExportInput): Generator<string, void, undefined> {
  const columns = checked(input);
  const { table, ids } = input;
  let chunk = [...FIXED_COLUMNS, ...columns.map((c) => c.name)].map((s) => csvField(s)).join(',') + '\r\n';
  for (let e = 0; e < table.n; e++) {
    let line = csvField(ids[e]!) + ',' + SPLITS[table.splits[e]!]! + ',' + csvNumber(table.targets[e]!);
    for (let c = 0; c < columns.length; c++) line += ',' + csvNumber(columns[c]!.values[e]!);
    chunk += line + '\r\n';
    if ((e + 1) % ROWS_PER_CHUNK === 0) {
      yield chunk;
      chunk = '';
    }
  }
  if (chunk !== '') yield chunk;
}

/** The export in `format`, as chunks to concatenate. */
export function predictionsExport(format: 'jsonl' | 'csv', input: PredictionsExportInput): Generator<string, void, undefined> {
  return format === 'jsonl' ? predictionsJsonl(input) : predictionsCsv(input);
}

/** MIME type of each format, as the label exports use them. */
export const PREDICTIONS_MIME: Readonly<Record<'jsonl' | 'csv', string>> = { jsonl: 'application/x-ndjson', csv: 'text/csv' };

/**
 * `<dataset name>-predictions.jsonl` or `.csv`, with `exportFileName`'s rules for the name (unsafe
 * characters → '-', no leading dot, blank → `dataset`, at most 200 UTF-8 bytes).
 */
export function predictionsFileName(datasetName: string, format: 'jsonl' | 'csv'): string {
  return exportFileName(datasetName, `predictions.${format}`);
}
