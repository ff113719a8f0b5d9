// Streams a file into validated examples, whatever its format (DESIGN §2): canonical JSONL, or
// rows (CSV, TSV, flat JSONL) grouped by a column mapping. Runs in the import worker and in node.
import type { Example } from '../domain/types.ts';
import { RowGrouper, type ColumnMapping } from './columnMapping.ts';
import { CsvTokenizer, headerColumns, recordToRow, type CsvRecord } from './csv.ts';
import { DatasetBuilder, type DatasetDraft } from './datasetBuilder.ts';
import { CanonicalJsonlReader, invalidJsonMessage, isBlank } from './jsonlImport.ts';
import { decodeText, readLines } from './lines.ts';
import { isJsonObject } from '../domain/schema.ts';
import { readParquetRows } from './parquet.ts';
import type { ImportFormat } from './sniff.ts';

export interface ImportPlan {
  format: ImportFormat;
  /** Required for table formats. */
  mapping?: ColumnMapping;
  delimiter?: ',' | '\t' | ';';
}

export interface ImportProgress {
  bytesRead: number;
  totalBytes: number;
  examples: number;
  rejected: number;
}

export interface ImportCallbacks {
  /** Called with each batch of validated examples, in file order. */
  onExamples: (batch: Example[]) => void;
  /** Called after every chunk read (the caller throttles). */
  onProgress?: (p: ImportProgress) => void;
  signal?: AbortSignal;
  batchSize?: number;
}

/** Dataset name from a file name: without folders and extension. */
export function nameFromFile(fileName: string): string {
  const base = fileName.split(/[\\/]/).pop() ?? fileName;
  return base.replace(/\.(jsonl|ndjson|json|csv|tsv|tab|txt|parquet)$/i, '') || 'dataset';
}

/**
 * Imports `blob` with `plan`. Bad lines are rejected with their number and reason; the valid
 * rest is imported. Throws only on cancel (`signal`) or an unreadable file.
 */
export async function importBlob(blob: Blob, fileName: string, plan: ImportPlan, cb: ImportCallbacks): Promise<DatasetDraft> {
  const builder = new DatasetBuilder(cb.onExamples, cb.batchSize);
  const totalBytes = blob.size;
  // One warning per file is enough: on the first line where undecodable bytes were replaced.
  let warnedUtf8 = false;
  const checkUtf8 = (invalid: boolean, lines: readonly string[], firstLine: number) => {
    if (!invalid || warnedUtf8) return;
    warnedUtf8 = true;
    const at = lines.findIndex((l) => l.includes('\uFFFD'));
    builder.warn({
      line: firstLine + Math.max(0, at),
      message: 'the file is not valid UTF-8: undecodable bytes, first on this line, are shown as "\uFFFD" (save the file as UTF-8)',
    });
  };
  const progress = (bytesRead: number) =>
    cb.onProgress?.({ bytesRead, totalBytes, examples: builder.exampleCount, rejected: builder.rejected.count });

  if (plan.format === 'canonical') {
    const reader = new CanonicalJsonlReader(builder);
    for await (const batch of readLines(blob.stream(), cb.signal)) {
      checkUtf8(batch.invalidUtf8, batch.lines, batch.firstLine);
      for (let i = 0; i < batch.lines.length; i++) reader.line(batch.lines[i]!, batch.firstLine + i);
      progress(batch.bytesRead);
    }
    return builder.finish(nameFromFile(fileName));
  }

  if (!plan.mapping) throw new Error('a column mapping is required for table files');
  const grouper = new RowGrouper(plan.mapping);
  if (plan.format === 'parquet') {
    cb.signal?.throwIfAborted();
    const { rows } = await readParquetRows(await blob.arrayBuffer());
    rows.forEach((row, i) => grouper.add(row, i + 1));
    progress(totalBytes);
  } else if (plan.format === 'rows-jsonl') {
    for await (const batch of readLines(blob.stream(), cb.signal)) {
      checkUtf8(batch.invalidUtf8, batch.lines, batch.firstLine);
      for (let i = 0; i < batch.lines.length; i++) {
        const text = batch.lines[i]!;
        const line = batch.firstLine + i;
        if (isBlank(text)) continue;
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
      progress(batch.bytesRead);
    }
  } else {
    const tok = new CsvTokenizer(plan.delimiter ?? (plan.format === 'tsv' ? '\t' : ','));
    let columns: string[] | null = null;
    const onRecord = (r: CsvRecord) => {
      if (r.error) {
        builder.reject({ line: r.line, message: r.error });
        return;
      }
      if (!columns) {
        columns = headerColumns(r.fields);
        return;
      }
      if (r.fields.length > columns.length) {
        builder.reject({ line: r.line, message: `row has ${r.fields.length} fields but the header has ${columns.length}` });
        return;
      }
      grouper.add(recordToRow(columns, r.fields), r.line);
    };
    for await (const { text, bytesRead, invalidUtf8 } of decodeText(blob.stream(), cb.signal)) {
      const records = tok.push(text);
      const bad = invalidUtf8 ? records.find((r) => r.fields.some((f) => f.includes('\uFFFD'))) : undefined;
      checkUtf8(invalidUtf8, [], bad?.line ?? records[0]?.line ?? 1);
      for (const r of records) onRecord(r);
      progress(bytesRead);
    }
    for (const r of tok.end()) onRecord(r);
  }
  const grouped = grouper.finish();
  for (const issue of grouped.rejected) builder.reject(issue);
  for (const issue of grouped.warnings) builder.warn(issue);
  grouped.examples.forEach((ex, i) => builder.add(ex, grouped.lines[i] ?? 0));
  return builder.finish(nameFromFile(fileName));
}
