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
function readRow(row: Record<string, unknown>, line: number, ids: ReadonlySet<string>, scale: Scale): ImportedLabel | Issue {
  const rawId = pick(row, 'id');
  const exampleId = typeof rawId === 'number' && Number.isFinite(rawId) ? String(rawId) : typeof rawId === 'string' ? rawId.trim() : '';
  if (!exampleId) return { line, field: 'id', message: 'missing example id' };
  if (!ids.has(exampleId)) return { line, field: 'id', message: `no example with id "${exampleId}" in this dataset` };
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
  const at = typeof rawAt === 'string' && rawAt.trim() ? Date.parse(rawAt) : NaN;
  return { line, exampleId, annotator, value, note, at: Number.isFinite(at) ? at : null };
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

/**
 * Reads a labels file: JSONL when its first non-blank line starts with `{`, else CSV/TSV with a
 * header (delimiter sniffed). Columns: id, annotator, label (empty = cleared), note, labelled_at
 * (and a few aliases). Rows naming an unknown example, without annotator, or with a label off the
 * dataset scale are rejected with their line; the rest is returned.
 */
export function parseLabelFile(text: string, ctx: { ids: ReadonlySet<string>; scale: Scale }): LabelFileResult {
  const rows: ImportedLabel[] = [];
  const rejected: Issue[] = [];
  const add = (r: ImportedLabel | Issue) => (isIssue(r) ? rejected.push(r) : rows.push(r));
  const body = text.replace(/^\uFEFF/, '');
  const firstLine = body.split(/\r?\n/).find((l) => !isBlank(l)) ?? '';
  if (firstLine.trimStart().startsWith('{')) {
    body.split(/\r?\n/).forEach((l, i) => {
      if (isBlank(l)) return;
      let obj: unknown;
      try {
        obj = JSON.parse(l);
      } catch (e) {
        rejected.push({ line: i + 1, message: invalidJsonMessage(e) });
        return;
      }
      if (isJsonObject(obj)) add(readRow(obj, i + 1, ctx.ids, ctx.scale));
      else rejected.push({ line: i + 1, message: 'expected a JSON object (one label per line)' });
    });
    return { rows, rejected };
  }
  const tok = new CsvTokenizer(sniffDelimiter(body.slice(0, 64 * 1024)));
  let columns: string[] | null = null;
  for (const r of [...tok.push(body), ...tok.end()]) {
    if (r.error) {
      rejected.push({ line: r.line, message: r.error });
      continue;
    }
    if (!columns) {
      columns = headerColumns(r.fields);
      const missing = (['id', 'annotator'] as const).filter((f) => !COLUMNS[f].some((c) => columns!.includes(c)));
      if (missing.length > 0) {
        rejected.push({ line: r.line, message: `the header has no ${missing.join(' or ')} column (found: ${columns.join(', ')})` });
        return { rows, rejected };
      }
      continue;
    }
    add(readRow(unguard(recordToRow(columns, r.fields)), r.line, ctx.ids, ctx.scale));
  }
  return { rows, rejected };
}
