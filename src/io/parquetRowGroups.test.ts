// Parquet is read by byte range, one row group at a time (io/parquet.ts, importDataset.ts, sniff.ts): never the
// whole file. The multi-group file is written below (a minimal PLAIN, uncompressed writer), large enough that
// hyparquet's footer read (its last 512 KiB) is not the whole file either. Node only.
import { describe, expect, it } from 'vitest';
import type { AsyncBuffer } from 'hyparquet';
import type { Example } from '../domain/types.ts';
import { importBlob } from './importDataset.ts';
import type { ImportProgress } from './importTypes.ts';
import { openParquet, parquetRowGroups, readParquetRows, type ParquetSource } from './parquet.ts';
import { sniffBlob } from './sniff.ts';

// ---- A minimal Parquet writer: REQUIRED INT64 / DOUBLE / UTF8 columns, one PLAIN data page per column chunk. ----

/** Thrift compact protocol, as much as Parquet's footer and page headers need. */
class Thrift {
  readonly out: number[] = [];
  private last: number[] = [0];
  private varint(n: number) {
    while (n >= 0x80) {
      this.out.push((n % 0x80) | 0x80);
      n = Math.floor(n / 0x80);
    }
    this.out.push(n);
  }
  private zigzag(n: number) {
    this.varint(n >= 0 ? n * 2 : -n * 2 - 1);
  }
  private field(id: number, type: number) {
    const delta = id - this.last[this.last.length - 1]!;
    if (delta > 0 && delta <= 15) this.out.push((delta << 4) | type);
    else {
      this.out.push(type);
      this.zigzag(id);
    }
    this.last[this.last.length - 1] = id;
  }
  private bytes(s: string) {
    const b = new TextEncoder().encode(s);
    this.varint(b.length);
    this.out.push(...b);
  }
  private listHeader(size: number, type: number) {
    if (size < 15) this.out.push((size << 4) | type);
    else {
      this.out.push(0xf0 | type);
      this.varint(size);
    }
  }
  i32(id: number, n: number) {
    this.field(id, 5);
    this.zigzag(n);
    return this;
  }
  i64(id: number, n: number) {
    this.field(id, 6);
    this.zigzag(n);
    return this;
  }
  bin(id: number, s: string) {
    this.field(id, 8);
    this.bytes(s);
    return this;
  }
  struct(id: number, body: (t: Thrift) => void) {
    this.field(id, 12);
    this.body(body);
    return this;
  }
  /** A struct's fields and its stop byte (a top-level struct, or a list element). */
  body(body: (t: Thrift) => void) {
    this.last.push(0);
    body(this);
    this.out.push(0);
    this.last.pop();
    return this;
  }
  listI32(id: number, items: number[]) {
    this.field(id, 9);
    this.listHeader(items.length, 5);
    for (const n of items) this.zigzag(n);
    return this;
  }
  listBin(id: number, items: string[]) {
    this.field(id, 9);
    this.listHeader(items.length, 8);
    for (const s of items) this.bytes(s);
    return this;
  }
  listStruct<T>(id: number, items: T[], body: (t: Thrift, item: T) => void) {
    this.field(id, 9);
    this.listHeader(items.length, 12);
    for (const item of items) this.body((t) => body(t, item));
    return this;
  }
}

type Kind = 'INT64' | 'DOUBLE' | 'UTF8';
const PHYSICAL: Record<Kind, number> = { INT64: 2, DOUBLE: 5, UTF8: 6 };

function plain(kind: Kind, values: readonly (number | string)[]): Uint8Array {
  if (kind === 'UTF8') {
    const parts = values.map((v) => new TextEncoder().encode(String(v)));
    const out = new Uint8Array(parts.reduce((n, p) => n + 4 + p.length, 0));
    const view = new DataView(out.buffer);
    let o = 0;
    for (const p of parts) {
      view.setUint32(o, p.length, true);
      out.set(p, o + 4);
      o += 4 + p.length;
    }
    return out;
  }
  const out = new Uint8Array(values.length * 8);
  const view = new DataView(out.buffer);
  values.forEach((v, i) => (kind === 'INT64' ? view.setBigInt64(i * 8, BigInt(v), true) : view.setFloat64(i * 8, Number(v), true)));
  return out;
}

/** A Parquet file of `rows` in groups of `groupRows`, all columns REQUIRED. */
function writeParquet(
  schema: readonly [string, Kind][],
  rows: readonly Record<string, number | string>[],
  groupRows: number,
): Uint8Array<ArrayBuffer> {
  const parts: Uint8Array[] = [new TextEncoder().encode('PAR1')];
  let offset = 4;
  const groups: { rows: number; bytes: number; chunks: { name: string; kind: Kind; offset: number; size: number }[] }[] = [];
  for (let start = 0; start < rows.length; start += groupRows) {
    const slice = rows.slice(start, start + groupRows);
    const chunks = [];
    for (const [name, kind] of schema) {
      const data = plain(
        kind,
        slice.map((r) => r[name]!),
      );
      const header = new Thrift().body((t) =>
        t
          .i32(1, 0) // DATA_PAGE
          .i32(2, data.length)
          .i32(3, data.length)
          .struct(5, (d) => d.i32(1, slice.length).i32(2, 0).i32(3, 3).i32(4, 3)),
      ).out;
      parts.push(Uint8Array.from(header), data);
      chunks.push({ name, kind, offset, size: header.length + data.length });
      offset += header.length + data.length;
    }
    groups.push({ rows: slice.length, bytes: chunks.reduce((n, c) => n + c.size, 0), chunks });
  }
  const footer = new Thrift().body((t) =>
    t
      .i32(1, 1)
      .listStruct(2, [['root', null] as const, ...schema], (s, [name, kind]) => {
        if (kind === null) s.bin(4, name).i32(5, schema.length);
        else {
          s.i32(1, PHYSICAL[kind]).i32(3, 0).bin(4, name);
          if (kind === 'UTF8') s.i32(6, 0);
        }
      })
      .i64(3, rows.length)
      .listStruct(4, groups, (g, group) =>
        g
          .listStruct(1, group.chunks, (c, chunk) =>
            c
              .i64(2, chunk.offset)
              .struct(3, (m) =>
                m
                  .i32(1, PHYSICAL[chunk.kind])
                  .listI32(2, [0])
                  .listBin(3, [chunk.name])
                  .i32(4, 0)
                  .i64(5, group.rows)
                  .i64(6, chunk.size)
                  .i64(7, chunk.size)
                  .i64(9, chunk.offset),
              ),
          )
          .i64(2, group.bytes)
          .i64(3, group.rows),
      ),
  ).out;
  const tail = new Uint8Array(8);
  new DataView(tail.buffer).setUint32(0, footer.length, true);
  tail.set(new TextEncoder().encode('PAR1'), 4);
  parts.push(Uint8Array.from(footer), tail);
  const file = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    file.set(p, o);
    o += p.length;
  }
  return file;
}

// ---- The test file: 4 row groups of 90 rows (~0.6 MB each), 3 prompts per id, so ids run across groups. ----

const GROUP_ROWS = 90;
const GROUPS = 4;
const SCHEMA = [
  ['id', 'INT64'],
  ['question', 'UTF8'],
  ['prompt', 'UTF8'],
  ['judge_score', 'DOUBLE'],
] as const satisfies readonly [string, Kind][];
const ROWS = Array.from({ length: GROUP_ROWS * GROUPS }, (_, i) => {
  const id = Math.floor(i / 3);
  return { id, question: `Q${id} ${'é'.repeat(1000)}${'x'.repeat(4000)}`, prompt: `p${i % 3}`, judge_score: (i % 7) + 0.5 };
});
const FILE = writeParquet(SCHEMA, ROWS, GROUP_ROWS);
/** hyparquet's default footer read (`parquetMetadataAsync` initialFetchSize). */
const FOOTER_READ = 512 * 1024;

/** An AsyncBuffer over the file that records every range read. */
function recordingBuffer(bytes: Uint8Array<ArrayBuffer>): { file: AsyncBuffer; reads: [number, number][] } {
  const reads: [number, number][] = [];
  const file: AsyncBuffer = {
    byteLength: bytes.length,
    slice(start, end = bytes.length) {
      reads.push([start, end]);
      return Promise.resolve(bytes.slice(start, end).buffer);
    },
  };
  return { file, reads };
}

/** A File that records the ranges sliced from it and refuses to be read whole. */
class RecordingFile extends File {
  readonly reads: [number, number][] = [];
  override slice(start = 0, end = this.size, contentType?: string): Blob {
    this.reads.push([start, end]);
    return super.slice(start, end, contentType);
  }
  override arrayBuffer(): Promise<ArrayBuffer> {
    throw new Error('the whole file was read');
  }
  override bytes(): Promise<Uint8Array<ArrayBuffer>> {
    throw new Error('the whole file was read');
  }
  override stream(): ReadableStream<Uint8Array<ArrayBuffer>> {
    throw new Error('the whole file was read');
  }
  override text(): Promise<string> {
    throw new Error('the whole file was read');
  }
}

/** Byte span [first column chunk, end of last] of each row group, from the footer. */
function groupSpans(src: ParquetSource): [number, number][] {
  return src.metadata.row_groups.map((g) => {
    const starts = g.columns.map((c) => Number(c.meta_data!.data_page_offset));
    const ends = g.columns.map((c) => Number(c.meta_data!.data_page_offset + c.meta_data!.total_compressed_size));
    return [Math.min(...starts), Math.max(...ends)];
  });
}

/** The reads after the footer's, each of which must lie inside one of `spans`; returns the index of the span of each. */
function groupOfEachRead(reads: readonly [number, number][], spans: readonly [number, number][], size: number): number[] {
  return reads
    .filter(([s, e]) => !(e === size && e - s <= FOOTER_READ))
    .map(([s, e]) => {
      const i = spans.findIndex(([gs, ge]) => gs <= s && e <= ge);
      expect(i, `read [${s}, ${e}) lies within one row group`).toBeGreaterThanOrEqual(0);
      return i;
    });
}

const MAPPING = { id: 'id', input: 'question', prompt: 'prompt', score: 'judge_score' } as const;

describe('the multi-group test file', () => {
  it('has 4 row groups, each larger than the footer read, and reads back as written', async () => {
    const src = await openParquet(FILE.slice().buffer);
    expect(src.columns).toEqual(['id', 'question', 'prompt', 'judge_score']);
    expect(src.rowGroups.map((g) => [g.rowStart, g.rowEnd])).toEqual([
      [0, 90],
      [90, 180],
      [180, 270],
      [270, 360],
    ]);
    for (const [s, e] of groupSpans(src)) expect(e - s).toBeGreaterThan(FOOTER_READ);
    const { rows } = await readParquetRows(FILE.slice().buffer);
    expect(rows).toStrictEqual(ROWS);
  });
});

describe('reading Parquet by row group through an AsyncBuffer', () => {
  it('yields every row, one row group at a time and in order, reading only that group before yielding it', async () => {
    const { file, reads } = recordingBuffer(FILE);
    const src = await openParquet(file);
    // Only the footer was read to open the file.
    expect(reads).toEqual([[FILE.length - FOOTER_READ, FILE.length]]);
    const spans = groupSpans(src);
    const seen: number[] = [];
    const rows: unknown[] = [];
    for await (const { group, rows: groupRows } of parquetRowGroups(src)) {
      seen.push(group.index);
      expect(groupRows).toHaveLength(GROUP_ROWS);
      expect(groupRows[0]).toStrictEqual(ROWS[group.rowStart]);
      // Nothing of a later group has been read yet; every read so far lies within one group.
      expect(Math.max(...groupOfEachRead(reads, spans, FILE.length))).toBe(group.index);
      expect(group.byteEnd).toBe(spans[group.index]![1]);
      rows.push(...groupRows);
    }
    expect(seen).toEqual([0, 1, 2, 3]);
    expect(rows).toStrictEqual(ROWS);
    // Every group was read, each once, in order.
    expect(groupOfEachRead(reads, spans, FILE.length)).toEqual([0, 1, 2, 3]);
    // No read covers the file, and none is larger than a row group (or the footer read).
    const largest = Math.max(...reads.map(([s, e]) => e - s));
    expect(largest).toBeLessThanOrEqual(Math.max(FOOTER_READ, ...spans.map(([s, e]) => e - s)));
    expect(largest).toBeLessThan(FILE.length / 2);
  });

  it('stops before the next group once aborted', async () => {
    const { file, reads } = recordingBuffer(FILE);
    const src = await openParquet(file);
    const controller = new AbortController();
    const groups = parquetRowGroups(src, controller.signal);
    const first = await groups.next();
    expect(first.done).toBe(false);
    controller.abort();
    await expect(groups.next()).rejects.toThrow(/abort/i);
    expect(groupOfEachRead(reads, groupSpans(src), FILE.length)).toEqual([0]);
  });

  it('reads a few first rows from the footer and the first group only', async () => {
    const { file, reads } = recordingBuffer(FILE);
    const { columns, rows } = await readParquetRows(file, { rowEnd: 5 });
    expect(columns).toEqual(['id', 'question', 'prompt', 'judge_score']);
    expect(rows).toStrictEqual(ROWS.slice(0, 5));
    const src = await openParquet(FILE.slice().buffer);
    expect(groupOfEachRead(reads, groupSpans(src), FILE.length)).toEqual([0]);
  });

  it('says a file too short to be Parquet is not Parquet', async () => {
    await expect(readParquetRows(new Uint8Array([0x50, 0x41]).buffer)).rejects.toThrow('parquet file is too short');
    await expect(readParquetRows(new ArrayBuffer(0))).rejects.toThrow('parquet file is too short');
    await expect(sniffBlob(new Blob([]), 'empty.parquet')).rejects.toThrow(/parquet/i);
  });
});

describe('importing Parquet from a File, row group by row group', () => {
  it('imports every row into the same examples, never reading the whole file, one group per progress step', async () => {
    const file = new RecordingFile([FILE], 'big.parquet');
    const src = await openParquet(FILE.slice().buffer);
    const spans = groupSpans(src);
    const steps: { p: ImportProgress; group: number }[] = [];
    const examples: Example[] = [];
    const draft = await importBlob(
      file,
      file.name,
      { format: 'parquet', mapping: MAPPING },
      {
        onExamples: (b) => examples.push(...b),
        afterChunk: (p) => {
          // Each step comes after exactly one more group has been read (and nothing of the next).
          steps.push({ p: { ...p }, group: Math.max(...groupOfEachRead(file.reads, spans, FILE.length)) });
          return Promise.resolve();
        },
      },
    );
    expect(steps.map((s) => s.group)).toEqual([0, 1, 2, 3]);
    expect(groupOfEachRead(file.reads, spans, FILE.length)).toEqual([0, 1, 2, 3]);
    expect(steps.map((s) => s.p.bytesRead)).toEqual([spans[0]![1], spans[1]![1], spans[2]![1], FILE.length]);
    expect(steps.every((s) => s.p.totalBytes === FILE.length)).toBe(true);
    expect(Math.max(...file.reads.map(([s, e]) => e - s))).toBeLessThan(FILE.length / 2);

    // The same examples as the rows written: 3 prompts per id, ids spanning groups grouped whole.
    expect(draft.rejectedCount).toBe(0);
    expect(examples).toHaveLength(ROWS.length / 3);
    expect(examples.map((e) => [e.id, e.input, e.rollouts.map((r) => `${r.prompt}:${r.score}`)])).toEqual(
      Array.from({ length: ROWS.length / 3 }, (_, id) => [
        String(id),
        ROWS[id * 3]!.question,
        [0, 1, 2].map((k) => `p${k}:${ROWS[id * 3 + k]!.judge_score}`),
      ]),
    );
  });

  it('stops reading further groups when cancelled between them', async () => {
    const file = new RecordingFile([FILE], 'big.parquet');
    const src = await openParquet(FILE.slice().buffer);
    const controller = new AbortController();
    let steps = 0;
    const p = importBlob(
      file,
      file.name,
      { format: 'parquet', mapping: MAPPING },
      {
        onExamples: () => {},
        afterChunk: () => {
          steps++;
          controller.abort();
          return Promise.resolve();
        },
        signal: controller.signal,
      },
    );
    await expect(p).rejects.toThrow(/abort/i);
    expect(steps).toBe(1);
    expect(groupOfEachRead(file.reads, groupSpans(src), FILE.length)).toEqual([0]);
  });

  it('sniffs the columns and first rows from the footer and the first group only', async () => {
    const file = new RecordingFile([FILE], 'upload.bin');
    const s = await sniffBlob(file, file.name);
    expect(s.format).toBe('parquet');
    expect(s.columns).toEqual(['id', 'question', 'prompt', 'judge_score']);
    expect(s.mapping).toEqual(MAPPING);
    expect(s.sample.map((r) => r.id)).toEqual(['0', '0', '0', '1', '1']);
    const src = await openParquet(FILE.slice().buffer);
    // The head read for the magic bytes (256 KiB, inside the first group), the footer, the first group.
    const reads = file.reads.filter(([s0, e]) => !(s0 === 0 && e === 256 * 1024));
    expect(groupOfEachRead(reads, groupSpans(src), FILE.length)).toEqual([0]);
  });
});
