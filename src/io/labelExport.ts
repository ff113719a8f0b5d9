// Exports of hand labels (JSONL, CSV) and of the dataset with targets filled from labels (canonical
// JSONL, docs/ARCHITECTURE.md §3.1, §3.7). Pure: returns strings (the UI turns them into downloads); no DOM, no store.
import { stringifyJson } from '../domain/jsonDepth.ts';
import { effectiveTarget, type TargetPreference } from '../domain/analysisInput.ts';
import { byName, labelValues, type LabelState } from '../domain/labels.ts';
import type { ExampleCore } from '../domain/exampleCore.ts';
import type { DatasetInfo, Example, JsonObject, JsonValue, Rollout, Scale } from '../domain/types.ts';
import { hasLoneSurrogate } from '../domain/unicode.ts';

/** One exported (example, annotator) pair. */
export interface LabelRow {
  exampleId: string;
  annotator: string;
  /** Null when cleared (the row is there for its note). */
  value: number | null;
  note: string | null;
  /** Time of the last event that counts, ISO 8601 in UTC. */
  labelledAt: string;
  /** Dataset target, else mean of the current labels of all annotators; null when neither. */
  effectiveTarget: number | null;
}

/**
 * One row per (example, annotator) with a current label or note, in dataset example order then
 * annotator name (code-unit order); effectiveTarget = effectiveTarget(example, current non-null
 * values of all annotators). Labels of ids not in `examples` are left out.
 */
export function labelRows(examples: readonly ExampleCore[], state: LabelState, prefer: TargetPreference = 'dataset'): LabelRow[] {
  const rows: LabelRow[] = [];
  for (const ex of examples) {
    const byAnnotator = state.get(ex.id);
    if (!byAnnotator || byAnnotator.size === 0) continue;
    const target = effectiveTarget(ex, labelValues(state, ex.id), prefer) ?? null;
    for (const annotator of [...byAnnotator.keys()].sort(byName)) {
      const l = byAnnotator.get(annotator)!;
      if (l.value === null && l.note === null) continue;
      rows.push({
        exampleId: ex.id,
        annotator,
        value: l.value,
        note: l.note,
        labelledAt: new Date(l.at).toISOString(),
        effectiveTarget: target,
      });
    }
  }
  return rows;
}

/**
 * JSONL: one object per row with keys id, annotator, label, note, labelled_at, effective_target
 * (null where absent, never a missing key). Ends with a newline; empty string when no rows.
 */
export function labelsJsonl(rows: readonly LabelRow[]): string {
  let out = '';
  for (const r of rows) {
    out +=
      JSON.stringify({
        id: r.exampleId,
        annotator: r.annotator,
        label: r.value,
        note: r.note,
        labelled_at: r.labelledAt,
        effective_target: r.effectiveTarget,
      }) + '\n';
  }
  return out;
}

const CSV_HEADER = ['id', 'annotator', 'label', 'note', 'labelled_at', 'effective_target'];

/**
 * First characters that make a spreadsheet read a cell as a formula (OWASP "CSV injection": =, +,
 * -, @, and tab and CR, which some spreadsheets skip before looking for them), and `'` itself.
 */
const FORMULA_START = /^[=+\-@\t\r']/;

/**
 * A text cell made inert for spreadsheets: one `'` before a leading formula character. A leading
 * `'` is escaped too, so the escape can be undone exactly: drop one leading `'` from a text field
 * (id, annotator, note) that starts with one.
 */
function textCell(s: string): string {
  return FORMULA_START.test(s) ? "'" + s : s;
}

/** A field as RFC 4180 wants it: quoted when it holds a comma, quote, CR or LF (quotes doubled). */
function csvQuote(s: string): string {
  return /[",\r\n]/.test(s) ? '"' + s.replaceAll('"', '""') + '"' : s;
}

/**
 * A text cell of a CSV export (ids, names, notes): made inert for spreadsheets (`textCell`), then
 * quoted as RFC 4180 wants. Shared by every CSV the app and the CLI write; numbers go without the
 * guard (`String(v)`), so a negative value stays a number.
 */
export function csvField(s: string): string {
  return csvQuote(textCell(s));
}

function numberCell(v: number | null): string {
  return v === null ? '' : String(v);
}

/**
 * Rows a CSV (UTF-8) export cannot hold as they are: an id, annotator or note with a lone surrogate
 * (it is written as U+FFFD, so the label no longer matches its example on import). JSONL keeps them
 * (JSON escapes them as `\ud800`).
 */
export function csvLossyRows(rows: readonly LabelRow[]): number {
  return rows.filter((r) => hasLoneSurrogate(r.exampleId) || hasLoneSurrogate(r.annotator) || (r.note !== null && hasLoneSurrogate(r.note)))
    .length;
}

/**
 * CSV (RFC 4180): header `id,annotator,label,note,labelled_at,effective_target`, CRLF after every
 * record (line breaks inside a quoted note are kept as they are); fields quoted when they contain
 * a comma, quote, CR or LF (quotes doubled); empty field for null; numbers as `String(v)`.
 *
 * No UTF-8 BOM: the importer accepts both, but scripts are the main readers of a labels file and
 * most keep a BOM as part of the first column name (Python's csv with `utf-8`, R's read.csv), so
 * `id` would not be found. Spreadsheet users who need non-ASCII notes should import it as UTF-8
 * (Excel: Data → From Text/CSV) or use the JSONL export.
 *
 * Text columns (id, annotator, note) are guarded against formula injection: a value starting with
 * =, +, -, @, tab, CR or `'` gets one `'` in front (see `textCell`). Numbers are never prefixed, so
 * a negative label stays a number.
 */
export function labelsCsv(rows: readonly LabelRow[]): string {
  let out = CSV_HEADER.join(',') + '\r\n';
  for (const r of rows) {
    const fields = [
      csvField(r.exampleId),
      csvField(r.annotator),
      numberCell(r.value),
      r.note === null ? '' : csvField(r.note),
      csvQuote(r.labelledAt),
      numberCell(r.effectiveTarget),
    ];
    out += fields.join(',') + '\r\n';
  }
  return out;
}

/** Rollout with keys in the canonical order: prompt, score, reasoning, model, logprobs. */
function rolloutRecord(r: Rollout): JsonObject {
  const o: JsonObject = { prompt: r.prompt, score: r.score };
  if (r.reasoning !== undefined) o.reasoning = r.reasoning;
  if (r.model !== undefined) o.model = r.model;
  if (r.logprobs !== undefined) o.logprobs = r.logprobs;
  return o;
}

function scaleRecord(s: Scale): JsonObject {
  return s.step === undefined ? { min: s.min, max: s.max } : { min: s.min, max: s.max, step: s.step };
}

/**
 * The dataset in canonical JSONL (docs/ARCHITECTURE.md §3.1) with targets filled from labels: a `rir_dataset`
 * header line (name, scale, prompts, then the header's extra fields) and one line per example in
 * order with id, input, target (the effective target: by default the dataset target, else the mean
 * of current labels; `prefer` as in `effectiveTarget`; no key when none), split
 * (always written: after export the split is explicit, so a re-import keeps it even when it came
 * from the id hash), meta (when present) and rollouts as stored. Ends with a newline.
 */
export function datasetJsonl(
  info: DatasetInfo,
  examples: readonly Example[],
  state: LabelState,
  prefer: TargetPreference = 'dataset',
): string {
  return datasetJsonlHeader(info) + datasetJsonlLines(examples, state, prefer);
}

/** The header line of `datasetJsonl`, with its newline. */
export function datasetJsonlHeader(info: DatasetInfo): string {
  // fromEntries, not assignment: an extra key "__proto__" must stay a key.
  const reserved = new Set(['name', 'scale', 'prompts']);
  const extra = Object.entries(info.extra ?? {}).filter(([k]) => !reserved.has(k));
  const header = Object.fromEntries<JsonValue>([
    ['name', info.name],
    ['scale', scaleRecord(info.scale)],
    ['prompts', info.prompts],
    ...extra,
  ]);
  return JSON.stringify({ rir_dataset: header }) + '\n';
}

/**
 * The example lines of `datasetJsonl` for a run of examples, each with its newline: written a chunk
 * of examples at a time, the export never holds the whole dataset's text.
 */
export function datasetJsonlLines(examples: readonly Example[], state: LabelState, prefer: TargetPreference = 'dataset'): string {
  const lines: string[] = [];
  for (const ex of examples) {
    const target = effectiveTarget(ex, labelValues(state, ex.id), prefer);
    const rec: JsonObject = { id: ex.id, input: ex.input };
    if (target !== undefined) rec.target = target;
    rec.split = ex.split;
    if (ex.meta !== undefined) rec.meta = ex.meta;
    rec.rollouts = ex.rollouts.map(rolloutRecord);
    // stringifyJson: an input nested deeper than JSON.stringify can recurse is written all the same.
    lines.push(stringifyJson(rec) + '\n');
  }
  return lines.join('');
}

/** Characters no file system or browser download accepts in a name, and control characters. */
// eslint-disable-next-line no-control-regex
const UNSAFE_IN_FILE_NAME = /[\u0000-\u001f\u007f/\\:*?"<>|]/g;

/** Longest dataset-name part of a file name, in UTF-8 bytes (file systems allow 255 in all). */
const MAX_NAME_BYTES = 200;

/** What an export file holds: its name's suffix. */
export type ExportKind =
  'labels.jsonl' | 'labels.csv' | 'dataset.jsonl' | 'predictions.jsonl' | 'predictions.csv' | 'calibrator.onnx' | 'calibrator.json';

/**
 * A file name for an export: `<dataset name>-<kind>` (`-labels.jsonl`, `-predictions.csv`, …).
 * Characters unsafe in file names become '-', and so do leading dots (a hidden file on Unix);
 * a blank name becomes `dataset`; the name is cut to 200 UTF-8 bytes at a character boundary.
 */
export function exportFileName(datasetName: string, kind: ExportKind): string {
  let name = datasetName
    .trim()
    .replace(UNSAFE_IN_FILE_NAME, '-')
    .replace(/^\.+/, (dots) => '-'.repeat(dots.length));
  if (name === '') name = 'dataset';
  let bytes = 0;
  let cut = '';
  for (const ch of name) {
    const cp = ch.codePointAt(0)!;
    bytes += cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
    if (bytes > MAX_NAME_BYTES) break;
    cut += ch;
  }
  return `${cut}-${kind}`;
}
