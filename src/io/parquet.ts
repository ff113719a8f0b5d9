// Parquet reading for long/flat tables (docs/ARCHITECTURE.md §3.2) with hyparquet: column names plus rows of
// JSON-compatible cells for the RowGrouper. Pure: domain/ types and hyparquet only; no DOM, React or storage.
import { parquetMetadata, parquetReadObjects, parquetSchema } from 'hyparquet';
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
 * Reads a Parquet file held in memory: all rows, or the first `rowEnd`. Uncompressed, Snappy,
 * gzip, zstd, brotli and LZ4 pages (hyparquet-compressors); bytes that are not Parquet reject
 * with hyparquet's error.
 */
export async function readParquetRows(buf: ArrayBuffer, opts: { rowEnd?: number } = {}): Promise<ParquetTable> {
  const metadata = parquetMetadata(buf);
  const columns = parquetSchema(metadata).children.map((c) => c.element.name);
  const raw = await parquetReadObjects({ file: buf, metadata, compressors, ...(opts.rowEnd !== undefined ? { rowEnd: opts.rowEnd } : {}) });
  const rows = raw.map((r) => {
    const row: Record<string, JsonValue> = {};
    for (const c of columns) setOwn(row, c, toJson(Object.hasOwn(r, c) ? r[c] : undefined));
    return row;
  });
  return { columns, rows };
}
