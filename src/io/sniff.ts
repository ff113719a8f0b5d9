// Format detection from a file's name and first bytes, and the column preview for tables.
// Pure: runs in the import worker and in node tests.
import { isHeaderRecord, isJsonObject } from '../domain/schema.ts';
import { guessMapping, mappingProblems, type ColumnMapping } from './columnMapping.ts';
import type { ImportFormat, ImportPlan } from './importTypes.ts';
import { CsvTokenizer, headerColumns, recordToRow, sniffDelimiter } from './csv.ts';
import { isBlank } from './jsonlImport.ts';
import { detectEncoding } from './lines.ts';
import { blobAsyncBuffer, isParquetMagic, readParquetRows } from './parquet.ts';

/** Formats whose rows need a column mapping before import. */
export function isTableFormat(f: ImportFormat): f is Exclude<ImportFormat, 'canonical'> {
  return f !== 'canonical';
}

export interface SniffResult {
  format: ImportFormat;
  /** Table formats: column names and the first rows, for the column mapper. */
  columns: string[];
  sample: Record<string, string>[];
  mapping: ColumnMapping;
  delimiter?: ',' | '\t' | ';';
}

export const SNIFF_BYTES = 256 * 1024;
const SAMPLE_ROWS = 5;

function ext(name: string): string {
  const m = /\.([a-z0-9]+)$/i.exec(name);
  return m ? m[1]!.toLowerCase() : '';
}

function cellText(v: unknown): string {
  if (v === undefined || v === null) return '';
  return typeof v === 'string' ? v : JSON.stringify(v);
}

/** Decides the format from the name and the first `SNIFF_BYTES` of text. */
export function sniffText(name: string, head: string, complete: boolean): SniffResult {
  const e = ext(name);
  const lines = head.split(/\r\n|\r|\n/);
  if (!complete) lines.pop(); // the last line may be cut off
  const firstLine = lines.find((l) => !isBlank(l)) ?? '';
  // An empty (or blank) file is read as canonical JSONL, whatever its name: the import then says
  // "the file is empty" rather than asking to map the columns of nothing.
  if (complete && isBlank(head.replace(/^\uFEFF/, ''))) return { format: 'canonical', columns: [], sample: [], mapping: {} };
  const json = firstLine.trimStart().startsWith('{') || firstLine.trimStart().startsWith('[');
  if (e === 'csv' || e === 'tsv' || e === 'tab' || (e !== 'jsonl' && e !== 'ndjson' && e !== 'json' && !json)) {
    const delimiter = e === 'tsv' || e === 'tab' ? '\t' : e === 'csv' ? ',' : sniffDelimiter(head);
    const tok = new CsvTokenizer(delimiter);
    const records = tok.push(head);
    // Also when no record is whole: a header whose unbalanced quote runs past the sample (csv.ts).
    if (complete || records.length === 0) records.push(...tok.end());
    const [headRow, ...rows] = records;
    const columns = headerColumns(headRow?.fields ?? []);
    const sample = rows.slice(0, SAMPLE_ROWS).map((r) => recordToRow(columns, r.fields));
    return { format: delimiter === '\t' ? 'tsv' : 'csv', columns, sample, mapping: guessMapping(columns), delimiter };
  }
  const objects: Record<string, unknown>[] = [];
  for (const l of lines) {
    if (objects.length >= 20) break;
    if (isBlank(l)) continue;
    try {
      const o: unknown = JSON.parse(l);
      if (isJsonObject(o)) objects.push(o);
    } catch {
      // Bad lines are reported by the import itself, with their numbers.
    }
  }
  const records = objects.filter((o) => !isHeaderRecord(o));
  const hasHeader = objects.length > 0 && isHeaderRecord(objects[0]);
  // Rows are objects without a rollouts array that carry a score column; anything else
  // (including label-only data with neither, and a JSON array, which the import names) is canonical.
  const looksLikeRows =
    records.length > 0 &&
    !records.some((o) => Array.isArray(o.rollouts)) &&
    records.some((o) => guessMapping(Object.keys(o)).score !== undefined);
  const canonical = hasHeader || !looksLikeRows;
  if (canonical) return { format: 'canonical', columns: [], sample: [], mapping: {} };
  const columns: string[] = [];
  for (const o of records) for (const k of Object.keys(o)) if (!columns.includes(k)) columns.push(k);
  const sample = records
    .slice(0, SAMPLE_ROWS)
    .map((o) => Object.fromEntries(columns.map((c) => [c, cellText(Object.hasOwn(o, c) ? o[c] : undefined)])));
  return { format: 'rows-jsonl', columns, sample, mapping: guessMapping(columns) };
}

/**
 * Reads the head of `blob` and sniffs it (of a Parquet file, only its footer, which holds the schema, and
 * the first rows).
 * The head is decoded as the import will read it: UTF-8, or UTF-16 (`detectEncoding`).
 */
export async function sniffBlob(blob: Blob, name: string): Promise<SniffResult> {
  const headBytes = new Uint8Array(await blob.slice(0, SNIFF_BYTES).arrayBuffer());
  if (isParquetMagic(headBytes) || ext(name) === 'parquet') {
    const { columns, rows } = await readParquetRows(blobAsyncBuffer(blob), { rowEnd: SAMPLE_ROWS });
    const sample = rows.map((r) => Object.fromEntries(columns.map((c) => [c, cellText(r[c])])));
    return { format: 'parquet', columns, sample, mapping: guessMapping(columns) };
  }
  return sniffText(name, new TextDecoder(detectEncoding(headBytes)).decode(headBytes), blob.size <= SNIFF_BYTES);
}

/** The import plan of a sniffed file: tables need a mapping; `problems` says why one cannot be used. */
export function planFor(sniff: SniffResult, mapping: ColumnMapping = sniff.mapping): { plan: ImportPlan; problems: string[] } {
  if (sniff.format === 'canonical') return { plan: { format: 'canonical' }, problems: [] };
  const plan: ImportPlan = { format: sniff.format, mapping };
  if (sniff.delimiter) plan.delimiter = sniff.delimiter;
  return { plan, problems: mappingProblems(mapping, sniff.columns) };
}
