// Parquet reading for long/flat tables (docs/ARCHITECTURE.md §3.2) with hyparquet: column names plus rows of
// JSON-compatible cells for the RowGrouper, read by byte range (footer, then row group by row group) through an
// `AsyncBuffer`, so a file larger than memory can be imported. Pure: domain/ types and hyparquet only; no DOM, React
// or storage (a Blob is read through its `slice`).
import { parquetMetadataAsync, parquetReadObjects, parquetSchema, type AsyncBuffer, type FileMetaData } from 'hyparquet';
import { compressors } from 'hyparquet-compressors';
import { setOwn } from '../domain/ownKeys.ts';
import type { JsonValue } from '../domain/types.ts';

export interface ParquetTable {
  /** Top-level column names in schema order (struct columns are one column holding objects). */
  columns: string[];
  /** One object per row, in file order; a null cell is `null`. */
  rows: Record<string, JsonValue>[];
}

/**
 * Turns a hyparquet cell into a JSON value, so the rest of the importer (and IndexedDB, and
 * postMessage) only sees JSON: INT64 `bigint` → number when it is a safe integer, else its
 * decimal string (ids stay exact); `Date` → ISO string (invalid → null); typed arrays → arrays.
 */
function toJson(v: unknown): JsonValue {
  if (v === null || v === undefined) return null;
  switch (typeof v) {
    case 'string':
    case 'number':
    case 'boolean':
      return v;
    case 'bigint':
      return v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v.toString();
    case 'object':
      break;
    default:
      return String(v);
  }
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? null : v.toISOString();
  if (Array.isArray(v)) return v.map(toJson);
  if (ArrayBuffer.isView(v)) return v instanceof DataView ? [] : Array.from(v as unknown as ArrayLike<unknown>, toJson);
  const out: Record<string, JsonValue> = {};
  for (const [k, x] of Object.entries(v)) setOwn(out, k, toJson(x));
  return out;
}

/** True when `head` starts with the Parquet magic bytes `PAR1`. */
export function isParquetMagic(head: Uint8Array): boolean {
  return head.length >= 4 && head[0] === 0x50 && head[1] === 0x41 && head[2] === 0x52 && head[3] === 0x31;
}

/**
 * An `AsyncBuffer` over a Blob (a File): each read is `blob.slice(start, end).arrayBuffer()`, so
 * hyparquet reads only the byte ranges it needs (the footer, then column chunks) and the file is
 * never held whole. Nothing is cached: a range read once is not kept after it has been decoded.
 */
export function blobAsyncBuffer(blob: Blob): AsyncBuffer {
  return { byteLength: blob.size, slice: (start, end) => blob.slice(start, end ?? blob.size).arrayBuffer() };
}

/** One row group: its rows `[rowStart, rowEnd)` in the file, and where its column chunks end. */
export interface ParquetRowGroup {
  index: number;
  rowStart: number;
  rowEnd: number;
  /** The byte just past this group's last column chunk (for progress). */
  byteEnd: number;
}

/** A Parquet file opened by its footer: schema, row groups, and the buffer to read their rows from. */
export interface ParquetSource {
  file: AsyncBuffer;
  metadata: FileMetaData;
  /** Top-level column names in schema order (struct columns are one column holding objects). */
  columns: string[];
  rowGroups: ParquetRowGroup[];
}

/**
 * Reads the footer of `file` (hyparquet's `parquetMetadataAsync`: its last bytes, and the rest of
 * the metadata if longer); bytes that are not Parquet reject with hyparquet's error.
 */
export async function openParquet(file: AsyncBuffer): Promise<ParquetSource> {
  // parquetMetadataAsync would fail on a DataView bound instead: say it as parquetMetadata does.
  if (file.byteLength < 8) throw new Error('parquet file is too short');
  const metadata = await parquetMetadataAsync(file);
  const columns = parquetSchema(metadata).children.map((c) => c.element.name);
  const rowGroups: ParquetRowGroup[] = [];
  let rowStart = 0;
  metadata.row_groups.forEach((g, index) => {
    const rowEnd = rowStart + Number(g.num_rows);
    let byteEnd = 0;
    for (const c of g.columns) {
      const m = c.meta_data;
      if (m) byteEnd = Math.max(byteEnd, Number((m.dictionary_page_offset || m.data_page_offset) + m.total_compressed_size));
    }
    rowGroups.push({ index, rowStart, rowEnd, byteEnd: Math.min(byteEnd, file.byteLength) });
    rowStart = rowEnd;
  });
  return { file, metadata, columns, rowGroups };
}

/**
 * Rows `[rowStart, rowEnd)` of an opened file as JSON objects with every column. hyparquet reads
 * only the row groups holding them; `useOffsetIndex` lets it read only the pages it needs when
 * the file has an offset index (for a few rows of a large group).
 */
export async function readParquetRange(
  src: ParquetSource,
  rowStart: number,
  rowEnd: number,
  opts: { useOffsetIndex?: boolean } = {},
): Promise<Record<string, JsonValue>[]> {
  if (rowEnd <= rowStart) return [];
  const raw = await parquetReadObjects({
    file: src.file,
    metadata: src.metadata,
    rowStart,
    rowEnd,
    compressors,
    ...(opts.useOffsetIndex ? { useOffsetIndex: true } : {}),
  });
  return raw.map((r) => {
    const row: Record<string, JsonValue> = {};
    for (const c of src.columns) setOwn(row, c, toJson(Object.hasOwn(r, c) ? r[c] : undefined));
    return row;
  });
}

/**
 * The rows of an opened file, one row group at a time, in file order: the next group is read only
 * when the previous one has been taken (so about one group's rows are held at once). `signal` is
 * checked before each group is read. Groups without rows are skipped.
 */
export async function* parquetRowGroups(
  src: ParquetSource,
  signal?: AbortSignal,
): AsyncGenerator<{ group: ParquetRowGroup; rows: Record<string, JsonValue>[] }> {
  for (const group of src.rowGroups) {
    signal?.throwIfAborted();
    if (group.rowEnd <= group.rowStart) continue;
    yield { group, rows: await readParquetRange(src, group.rowStart, group.rowEnd) };
  }
}

/**
 * Reads a Parquet file through `file` (an `ArrayBuffer`, or a Blob through `blobAsyncBuffer`):
 * all rows, or the first `rowEnd` (then only the footer and the row groups, or pages, holding
 * them are read). Uncompressed, Snappy, gzip, zstd, brotli and LZ4 pages (hyparquet-compressors);
 * bytes that are not Parquet reject with hyparquet's error.
 */
export async function readParquetRows(file: AsyncBuffer, opts: { rowEnd?: number } = {}): Promise<ParquetTable> {
  const src = await openParquet(file);
  const total = src.rowGroups.at(-1)?.rowEnd ?? 0;
  const rowEnd = Math.min(opts.rowEnd ?? total, total);
  return { columns: src.columns, rows: await readParquetRange(src, 0, rowEnd, { useOffsetIndex: opts.rowEnd !== undefined }) };
}
