// Streams a file into validated examples, whatever its format (docs/ARCHITECTURE.md §3.2, §3.6): canonical JSONL, or
// rows (CSV, TSV, flat JSONL) grouped by a column mapping. Runs in the import worker and in node.
import type { DatasetHeader, Example } from '../domain/types.ts';
import { RowGrouper, type ColumnMapping } from './columnMapping.ts';
import { CsvTokenizer, headerColumns, recordToRow, type CsvRecord } from './csv.ts';
import { DatasetBuilder, type DatasetDraft } from './datasetBuilder.ts';
import { CanonicalJsonlReader, invalidJsonMessage, isBlank } from './jsonlImport.ts';
import { decodeText, invalidUtf8Warning, openText, readLines } from './lines.ts';
import { isJsonObject } from '../domain/schema.ts';
import { blobAsyncBuffer, openParquet, parquetRowGroups } from './parquet.ts';
import { planFor, sniffBlob } from './sniff.ts';
import type { ImportPlan, ImportProgress } from './importTypes.ts';

export interface ImportCallbacks {
  /** Called with each batch of validated examples, in file order. */
  onExamples: (batch: Example[]) => void;
  /** Called after every chunk read (the caller throttles). */
  onProgress?: (p: ImportProgress) => void;
  signal?: AbortSignal;
  batchSize?: number;
  /**
   * Awaited after each chunk of the file is read, before the next is: a consumer that cannot keep
   * up (`cli apply` runs a model and writes rows) holds the reading back here, so memory stays
   * bounded by a chunk, a batch (`batchSize`) and what it keeps. Canonical JSONL hands its examples to `onExamples`
   * along the way; table formats group rows until the end of the file, so there the examples all
   * arrive after the last chunk, with the returned draft.
   */
  afterChunk?: (p: ImportProgress) => Promise<void>;
  /** Called with the `rir_dataset` header line as soon as it is read (canonical JSONL only; the first line). */
  onHeader?: (header: DatasetHeader) => void;
  /** Fingerprint the content into the draft's `contentHash` (default true; '' when false). */
  contentHash?: boolean;
}

/**
 * The plan to import `blob` (format sniffed from its name and head; tables with `mapping`, else
 * the guessed one), or, in words, why the columns of a table cannot be mapped.
 */
export async function sniffPlan(blob: Blob, name: string, mapping?: ColumnMapping): Promise<{ plan: ImportPlan } | { problem: string }> {
  const sniff = await sniffBlob(blob, name);
  const { plan, problems } = planFor(sniff, mapping);
  if (problems.length === 0) return { plan };
  return { problem: `cannot map the columns of this ${sniff.format} file (${sniff.columns.join(', ')}): ${problems.join(' ')}` };
}

/** Dataset name from a file name: without folders and extension. */
export function nameFromFile(fileName: string): string {
  const base = fileName.split(/[\\/]/).pop() ?? fileName;
  return base.replace(/\.(jsonl|ndjson|json|csv|tsv|tab|txt|parquet)$/i, '') || 'dataset';
}

/**
 * The one rejection of a file holding a JSON array (`[{…}, {…}]`, often pretty-printed) rather
 * than JSON Lines. Read line by line it would give dozens of "invalid JSON" lines; read whole it
 * would lose streaming and line numbers (docs/ARCHITECTURE.md §3.1, §3.4), so it is named once.
 */
export const JSON_ARRAY_MESSAGE =
  "this is a JSON array ([ … ]), not JSON Lines: save one example object per line (JSONL), for instance with jq -c '.[]' file.json > file.jsonl";
/** The same, for an array spread over many lines: the file's first record, after which nothing more is read. */
export const JSON_ARRAY_FILE_MESSAGE = `${JSON_ARRAY_MESSAGE}; the rest of the file was not read`;

/**
 * Whether a file's first record starts a JSON array of examples: `'file'` when it opens one that
 * goes on over the next lines (`[`, `[ {…`), `'line'` when it is a whole array of objects on one
 * line; null otherwise (an ordinary line, rejected or not on its own).
 */
export function jsonArrayStart(text: string): 'file' | 'line' | null {
  const t = text.trim();
  if (!t.startsWith('[')) return null;
  try {
    const v: unknown = JSON.parse(t);
    return Array.isArray(v) && v.length > 0 && v.every(isJsonObject) ? 'line' : null;
  } catch {
    return /^\[\s*(\{|$)/.test(t) ? 'file' : null;
  }
}

/** Why an import found no example, in words; `facts` are what the reader saw. */
export function emptyImportReason(
  draft: Pick<DatasetDraft, 'exampleCount' | 'rejectedCount'>,
  facts: { bytes: number; records: number; header: 'none' | 'rir_dataset' | string[] },
): string | undefined {
  if (draft.exampleCount > 0) return undefined;
  if (draft.rejectedCount > 0)
    return draft.rejectedCount === 1 && facts.records <= 1
      ? 'its only record was rejected; the reason is below'
      : `every record was rejected (${draft.rejectedCount}); the reasons are below`;
  if (facts.records === 0 && facts.header === 'none') return facts.bytes === 0 ? 'the file is empty' : 'the file has only blank lines';
  if (facts.header === 'rir_dataset') return 'the file has only the rir_dataset header line and no example';
  if (Array.isArray(facts.header)) {
    const cols = facts.header.join(', ');
    return `the file has only a header row (${cols.length > 120 ? cols.slice(0, 120) + '…' : cols}) and no data row`;
  }
  return 'the file holds no example';
}

/**
 * Imports `blob` with `plan`. Bad lines are rejected with their number and reason; the valid
 * rest is imported. Throws only on cancel (`signal`) or an unreadable file.
 */
export async function importBlob(blob: Blob, fileName: string, plan: ImportPlan, cb: ImportCallbacks): Promise<DatasetDraft> {
  const builder = new DatasetBuilder(cb.onExamples, {
    ...(cb.batchSize !== undefined ? { batchSize: cb.batchSize } : {}),
    ...(cb.onHeader ? { onHeader: cb.onHeader } : {}),
    ...(cb.contentHash !== undefined ? { contentHash: cb.contentHash } : {}),
  });
  const totalBytes = blob.size;
  // Text formats are read as UTF-8: a UTF-16 file is transcoded (and said so, on line 1).
  const source = plan.format === 'parquet' ? null : await openText(blob);
  if (source?.warning) builder.warn(source.warning);
  const textStream = () => source?.stream ?? blob.stream();
  // One warning per file is enough: on the first line where undecodable bytes were replaced.
  let warnedUtf8 = false;
  const checkUtf8 = (invalid: boolean, lines: readonly string[], firstLine: number) => {
    if (!invalid || warnedUtf8) return;
    warnedUtf8 = true;
    builder.warn(invalidUtf8Warning(lines, firstLine));
  };
  /** Reports progress (`utf8Bytes` read of the text), then waits for the consumer (`afterChunk`) before the next chunk is read. */
  const progress = async (utf8Bytes: number) => {
    const bytesRead = source ? source.fileBytes(utf8Bytes) : utf8Bytes;
    const p = { bytesRead, totalBytes, examples: builder.exampleCount, rejected: builder.rejected.count };
    cb.onProgress?.(p);
    if (cb.afterChunk) await cb.afterChunk(p);
  };

  /** The draft, with the reason when nothing was imported. */
  const finish = (records: number, header: 'none' | 'rir_dataset' | string[]): DatasetDraft => {
    const draft = builder.finish(nameFromFile(fileName));
    const reason = emptyImportReason(draft, { bytes: totalBytes, records, header });
    if (reason !== undefined) draft.emptyReason = reason;
    return draft;
  };

  if (plan.format === 'canonical') {
    const reader = new CanonicalJsonlReader(builder);
    let records = 0;
    read: for await (const batch of readLines(textStream(), cb.signal)) {
      checkUtf8(batch.invalidUtf8, batch.lines, batch.firstLine);
      for (let i = 0; i < batch.lines.length; i++) {
        const text = batch.lines[i]!;
        if (isBlank(text)) continue;
        const array = records++ === 0 ? jsonArrayStart(text) : null;
        if (array === 'file') {
          builder.reject({ line: batch.firstLine + i, message: JSON_ARRAY_FILE_MESSAGE });
          break read;
        }
        if (array === 'line') {
          builder.reject({ line: batch.firstLine + i, message: JSON_ARRAY_MESSAGE });
          continue;
        }
        reader.line(text, batch.firstLine + i);
      }
      await progress(batch.bytesRead);
    }
    return finish(records, builder.hasHeader ? 'rir_dataset' : 'none');
  }

  if (!plan.mapping) throw new Error('a column mapping is required for table files');
  const grouper = new RowGrouper(plan.mapping);
  let records = 0;
  let columns: string[] | null = null;
  if (plan.format === 'parquet') {
    // Read by byte range, never whole: the footer, then one row group at a time (its rows go to
    // the grouper before the next is read). Progress is the end of the last group's column chunks.
    cb.signal?.throwIfAborted();
    const src = await openParquet(blobAsyncBuffer(blob));
    const last = src.rowGroups.findLast((g) => g.rowEnd > g.rowStart);
    let bytesRead = 0;
    for await (const { group, rows } of parquetRowGroups(src, cb.signal)) {
      records += rows.length;
      rows.forEach((row, i) => grouper.add(row, group.rowStart + i + 1));
      bytesRead = group === last ? totalBytes : Math.max(bytesRead, group.byteEnd);
      await progress(bytesRead);
    }
    if (!last) await progress(totalBytes);
  } else if (plan.format === 'rows-jsonl') {
    for await (const batch of readLines(textStream(), cb.signal)) {
      checkUtf8(batch.invalidUtf8, batch.lines, batch.firstLine);
      for (let i = 0; i < batch.lines.length; i++) {
        const text = batch.lines[i]!;
        const line = batch.firstLine + i;
        if (isBlank(text)) continue;
        records++;
        let obj: unknown;
        try {
          obj = JSON.parse(text);
        } catch (e) {
          builder.reject({ line, message: invalidJsonMessage(e) });
          continue;
        }
        if (isJsonObject(obj)) grouper.add(obj, line);
        else builder.reject({ line, message: 'expected a JSON object (one row per line)' });
      }
      await progress(batch.bytesRead);
    }
  } else {
    const tok = new CsvTokenizer(plan.delimiter ?? (plan.format === 'tsv' ? '\t' : ','));
    const onRecord = (r: CsvRecord) => {
      if (!columns) {
        // In a header, an unbalanced quote is dropped from the column name (csv.ts headerColumns).
        columns = headerColumns(r.fields);
        const k = r.errorField;
        if (k !== undefined)
          builder.warn({
            line: r.line,
            message: `unbalanced quote in header field ${k + 1}, ignored: the column is ${JSON.stringify(columns[k])}`,
          });
        return;
      }
      records++;
      if (r.error) {
        const k = r.errorField ?? 0;
        builder.reject({ line: r.line, field: columns[k] ?? `column ${k + 1}`, message: r.error });
        return;
      }
      if (r.fields.length > columns.length) {
        builder.reject({ line: r.line, message: `row has ${r.fields.length} fields but the header has ${columns.length}` });
        return;
      }
      grouper.add(recordToRow(columns, r.fields), r.line);
    };
    for await (const { text, bytesRead, invalidUtf8 } of decodeText(textStream(), cb.signal)) {
      const records = tok.push(text);
      const bad = invalidUtf8 ? records.find((r) => r.fields.some((f) => f.includes('\uFFFD'))) : undefined;
      checkUtf8(invalidUtf8, [], bad?.line ?? records[0]?.line ?? 1);
      for (const r of records) onRecord(r);
      await progress(bytesRead);
    }
    for (const r of tok.end()) onRecord(r);
  }
  const grouped = grouper.finish();
  for (const issue of grouped.rejected) builder.reject(issue);
  for (const issue of grouped.warnings) builder.warn(issue);
  grouped.examples.forEach((ex, i) => builder.add(ex, grouped.lines[i] ?? 0));
  return finish(records, columns ?? 'none');
}
