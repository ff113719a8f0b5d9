// Import of hand labels from a file (another annotator's export, or any JSONL/CSV with one row per
// example and annotator), so people who labelled in their own browsers can be compared. Pure:
// text in, validated rows and rejected lines out; turning rows into log events is domain/labels.ts.
import { parseLabel } from '../domain/labels.ts';
import { isJsonObject } from '../domain/schema.ts';
import type { Issue, Scale } from '../domain/types.ts';
import { CsvTokenizer, headerColumns, recordToRow, sniffDelimiter } from './csv.ts';
import { invalidJsonMessage, isBlank } from './jsonlImport.ts';

/** One valid row: a label (or a cleared label, value null) and/or a note by one annotator. */
export interface ImportedLabel {
  line: number;
  exampleId: string;
  annotator: string;
  value: number | null;
  note: string | null;
  /** `labelled_at` of the row in ms, when it has a valid one. */
  at: number | null;
}

export interface LabelFileResult {
  rows: ImportedLabel[];
  rejected: Issue[];
}

/** Accepted column names, first match wins (our export writes the first of each). */
const COLUMNS = {
  id: ['id', 'example_id', 'exampleId'],
  annotator: ['annotator', 'rater', 'labeler', 'labeller'],
  label: ['label', 'value'],
  note: ['note', 'comment'],
  at: ['labelled_at', 'labeled_at', 'at'],
} as const;

type Field = keyof typeof COLUMNS;

function pick(row: Record<string, unknown>, field: Field): unknown {
  for (const name of COLUMNS[field]) if (Object.hasOwn(row, name)) return row[name];
  return undefined;
}

/** Validates one row (a JSON object or a CSV row as strings). */
function readRow(row: Record<string, unknown>, line: number, ids: ReadonlySet<string>, scale: Scale, now: number): ImportedLabel | Issue {
  const rawId = pick(row, 'id');
  // Ids are matched exactly, as the dataset stores them: " b" is not "b" (a hint says so).
  const exampleId = typeof rawId === 'number' && Number.isFinite(rawId) ? String(rawId) : typeof rawId === 'string' ? rawId : '';
  if (exampleId.trim() === '') return { line, field: 'id', message: 'missing example id' };
  if (!ids.has(exampleId)) {
    const trimmed = exampleId.trim();
    const hint =
      trimmed !== exampleId && ids.has(trimmed) ? ` (ids are matched exactly; ${JSON.stringify(trimmed)}, without the spaces, is one)` : '';
    return { line, field: 'id', message: `no example with id ${JSON.stringify(exampleId)} in this dataset${hint}` };
  }
  const rawAnnotator = pick(row, 'annotator');
  const annotator = typeof rawAnnotator === 'string' ? rawAnnotator.trim() : '';
  if (!annotator) return { line, field: 'annotator', message: 'missing annotator name' };

  const rawLabel = pick(row, 'label');
  let value: number | null = null;
  if (rawLabel !== null && rawLabel !== undefined && !(typeof rawLabel === 'string' && rawLabel.trim() === '')) {
    if (typeof rawLabel !== 'number' && typeof rawLabel !== 'string') return { line, field: 'label', message: 'label must be a number' };
    const parsed = parseLabel(String(rawLabel), scale);
    if (!parsed.ok) return { line, field: 'label', message: parsed.message };
    value = parsed.value;
  }
  const rawNote = pick(row, 'note');
  if (rawNote !== null && rawNote !== undefined && typeof rawNote !== 'string')
    return { line, field: 'note', message: 'note must be text' };
  // CSV exports guard text against spreadsheet formulas with a leading ' (see labelExport.ts): undo it.
  const note = typeof rawNote === 'string' && rawNote !== '' ? rawNote.replace(/^'(?=[=+\-@\t\r'])/, '') : null;
  if (value === null && note === null) return { line, message: 'neither a label nor a note' };
  const rawAt = pick(row, 'at');
  let at: number | null = null;
  if (rawAt !== null && rawAt !== undefined && !(typeof rawAt === 'string' && rawAt.trim() === '')) {
    const t = readLabelTime(rawAt, now);
    if (typeof t === 'string') return { line, field: 'labelled_at', message: t };
    at = t;
  }
  return { line, exampleId, annotator, value, note, at };
}

/** Earliest `labelled_at` accepted: 2000-01-01T00:00:00Z (before any LLM-judge dataset). */
export const EARLIEST_LABEL_TIME = Date.UTC(2000, 0, 1);
/** How far past the import a `labelled_at` may be (clock skew between machines): one day. */
export const LABEL_TIME_SLACK_MS = 24 * 3600 * 1000;

const ISO_TIME = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?)?$/i;

/**
 * A row's `labelled_at` in ms, or why it is refused: ISO 8601 text (`2026-11-23`,
 * `2026-11-23T12:00:00Z`, a space for the T, an offset; no offset = local time) naming a real
 * calendar date, from 2000-01-01 (UTC) to one day after `now` (the import).
 */
export function readLabelTime(raw: unknown, now: number): number | string {
  if (typeof raw !== 'string') return 'labelled_at must be a date and time as text, like 2026-11-23T12:00:00Z';
  const text = raw.trim();
  const shown = JSON.stringify(text.length > 40 ? text.slice(0, 40) + '…' : text);
  const m = ISO_TIME.exec(text);
  if (!m) return `${shown} is not a date and time (expected ISO 8601, like 2026-11-23T12:00:00Z)`;
  const [y, mo, d, h, mi, sec] = [m[1], m[2], m[3], m[4], m[5], m[6]].map((v) => (v === undefined ? 0 : Number(v))) as number[];
  const daysInMonth = mo! >= 1 && mo! <= 12 ? new Date(Date.UTC(y!, mo!, 0)).getUTCDate() : 0;
  if (d! < 1 || d! > daysInMonth || h! > 23 || mi! > 59 || sec! > 59) return `${shown} is not a valid date and time`;
  const iso = text.replace(' ', 'T').replace(/([+-]\d{2})(\d{2})$/, '$1:$2');
  const at = Date.parse(iso);
  if (!Number.isFinite(at)) return `${shown} is not a valid date and time`;
  if (at < EARLIEST_LABEL_TIME) return `${shown} is before 2000-01-01, too early for a label`;
  if (at > now + LABEL_TIME_SLACK_MS)
    return `${shown} is more than a day after this import (${new Date(now).toISOString()}), in the future`;
  return at;
}

function isIssue(r: ImportedLabel | Issue): r is Issue {
  return 'message' in r;
}

/** Undoes the export's formula guard on id and annotator cells of a CSV row. */
function unguard(row: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = { ...row };
  for (const field of ['id', 'annotator'] as const) {
    for (const name of COLUMNS[field]) if (Object.hasOwn(out, name)) out[name] = out[name]!.replace(/^'(?=[=+\-@\t\r'])/, '');
  }
  return out;
}

/** A line end: LF, CRLF or a lone CR, as in CSV files (csv.ts) and the dataset import. */
const LINE_BREAK = /\r\n|\r|\n/;

/** The header columns a CSV needs (any alias of each). */
function missingColumns(columns: readonly string[]): Field[] {
  return (['id', 'annotator'] as const).filter((f) => !COLUMNS[f].some((c) => columns.includes(c)));
}

/**
 * JSONL when the first non-blank line starts with `{` or `[`, or when it is no usable CSV header
 * and another line starts with `{`: a broken first line must not turn a JSONL file into a CSV whose
 * "header" rejects every row.
 */
function looksLikeJsonl(body: string, firstLine: string): boolean {
  const head = firstLine.trimStart();
  if (head.startsWith('{') || head.startsWith('[')) return true;
  const tok = new CsvTokenizer(sniffDelimiter(body.slice(0, 64 * 1024)));
  const [record] = [...tok.push(firstLine + '\n'), ...tok.end()];
  if (record && !record.error && missingColumns(headerColumns(record.fields)).length === 0) return false;
  return body.split(LINE_BREAK).some((l) => /^\s*[{[]/.test(l));
}

/**
 * Reads a labels file: JSONL (see `looksLikeJsonl`), else CSV/TSV with a header (delimiter
 * sniffed). Columns: id, annotator, label (empty = cleared), note, labelled_at
 * (and a few aliases). Rows naming an unknown example (ids match exactly, untrimmed), without
 * annotator, with a label off the dataset scale, or with an impossible `labelled_at` (see
 * `readLabelTime`; `ctx.now` is the import time) are rejected with their line; the rest is returned.
 */
export function parseLabelFile(text: string, ctx: { ids: ReadonlySet<string>; scale: Scale; now?: number }): LabelFileResult {
  const now = ctx.now ?? Date.now();
  const rows: ImportedLabel[] = [];
  const rejected: Issue[] = [];
  const add = (r: ImportedLabel | Issue) => (isIssue(r) ? rejected.push(r) : rows.push(r));
  const body = text.replace(/^\uFEFF/, '');
  const lines = body.split(LINE_BREAK);
  const firstLine = lines.find((l) => !isBlank(l)) ?? '';
  if (looksLikeJsonl(body, firstLine)) {
    lines.forEach((l, i) => {
      if (isBlank(l)) return;
      let obj: unknown;
      try {
        obj = JSON.parse(l);
      } catch (e) {
        rejected.push({ line: i + 1, message: invalidJsonMessage(e) });
        return;
      }
      if (isJsonObject(obj)) add(readRow(obj, i + 1, ctx.ids, ctx.scale, now));
      else rejected.push({ line: i + 1, message: 'expected a JSON object (one label per line)' });
    });
    return { rows, rejected };
  }
  const tok = new CsvTokenizer(sniffDelimiter(body.slice(0, 64 * 1024)));
  let columns: string[] | null = null;
  /** Line of a header without the needed columns: the rows under it are counted as not read. */
  let badHeader: number | null = null;
  for (const r of [...tok.push(body), ...tok.end()]) {
    if (columns && r.error) {
      // An unbalanced quote (csv.ts): the row is refused, and the rows after it are read normally.
      const k = r.errorField ?? 0;
      rejected.push({ line: r.line, field: columns[k] ?? `column ${k + 1}`, message: r.error });
      continue;
    }
    if (!columns) {
      // In the header, an unbalanced quote is read as part of the column name.
      columns = headerColumns(r.fields);
      const missing = missingColumns(columns);
      if (missing.length > 0) {
        rejected.push({ line: r.line, message: `the header has no ${missing.join(' or ')} column (found: ${columns.join(', ')})` });
        badHeader = r.line;
      }
      continue;
    }
    // Rows under a header without the needed columns cannot be read: each is counted, naming why.
    if (badHeader !== null) {
      rejected.push({ line: r.line, message: `not read: the header on line ${badHeader} has no id or annotator column` });
      continue;
    }
    // A cell too many (an unquoted delimiter in a note, say) would shift or cut a value: refuse the row.
    if (r.fields.length > columns.length) {
      rejected.push({ line: r.line, message: `row has ${r.fields.length} fields but the header has ${columns.length}` });
      continue;
    }
    add(readRow(unguard(recordToRow(columns, r.fields)), r.line, ctx.ids, ctx.scale, now));
  }
  return { rows, rejected };
}
