// `cli apply`'s read of a large canonical JSONL file on several threads: the main thread cuts the
// file into chunks of whole lines, the read threads (readThread.ts) parse and validate them with the app's importer and keep what
// apply needs (applyColumns.ts), and the results are merged here in file order (io/chunkImport.ts)
// into what a sequential import gives: same examples, same rejections and line numbers.
//
// Why: JSON.parse and validation are most of apply's time (bench:apply); on one thread the whole
// command ran at 0.40× a bare JSON.parse of the file, the read parts of it split over two threads
// are what the budget of ≥ 0.5× needs.
import type { Worker } from 'node:worker_threads';
import { ChunkMerger, type ChunkPlace, type MergedDraft } from '../src/io/chunkImport.ts';
import { nameFromFile } from '../src/io/importDataset.ts';
import { nextLineEnd, openText } from '../src/io/lines.ts';
import type { DatasetHeader } from '../src/domain/types.ts';
import type { ApplyColumns, ApplyRead } from './applyColumns.ts';
import type { FromReadThread, ToReadThread } from './readThreadProtocol.ts';
import { startTsWorker } from './tsWorker.ts';

type ChunkResult = Extract<FromReadThread, { type: 'chunk' }>;

export interface ParallelReadOptions {
  /** Read threads. */
  threads: number;
  /** Bytes per chunk, about (cut at the last line end; a longer line makes a longer chunk). */
  chunkBytes: number;
  signal?: AbortSignal;
  /** Told about the `rir_dataset` header as soon as its chunk is merged. */
  onHeader?: (header: DatasetHeader) => void;
}

/** A chunk's examples in file order; `repeats`: indices of those whose id an earlier chunk had (rejected: drop them). */
export interface ReadChunk {
  columns: ApplyColumns;
  repeats: number[];
  /** Lines rejected so far in the file. */
  rejected: number;
}

const ENTRY = new URL('./readThread.ts', import.meta.url);

/**
 * A read thread's young generation: its garbage is one chunk's parse at a time. bench:apply
 * (1M examples, 2 threads): 8 MB took the peak RSS from 491 to 413 MiB for 8% more time.
 */
const READ_THREAD_LIMITS = { maxYoungGenerationSizeMb: 8 };

/** Chunks per read thread sent and not yet merged: one being read, one waiting. */
const AHEAD_PER_THREAD = 2;

function concatAll(pieces: readonly Uint8Array[], size: number): Uint8Array {
  const out = new Uint8Array(size);
  let at = 0;
  for (const p of pieces) {
    out.set(p, at);
    at += p.byteLength;
  }
  return out;
}

/**
 * Chunks of whole lines, each ending at the first line end after `chunkBytes` (LF, CRLF or a lone
 * CR, never between the CR and LF of a CRLF: `nextLineEnd`; the file's last one may be shorter and
 * lack its line end), each in an ArrayBuffer of its own (to transfer).
 */
export async function* lineChunks(
  stream: ReadableStream<Uint8Array>,
  chunkBytes: number,
  signal?: AbortSignal,
): AsyncGenerator<Uint8Array> {
  const reader = stream.getReader();
  let pieces: Uint8Array[] = [];
  let size = 0;
  try {
    for (;;) {
      signal?.throwIfAborted();
      const { done, value } = await reader.read();
      if (done) break;
      pieces.push(value);
      size += value.byteLength;
      if (size < chunkBytes) continue;
      const all = concatAll(pieces, size);
      let start = 0;
      for (let end = nextLineEnd(all, chunkBytes - 1); end !== -1; end = nextLineEnd(all, start + chunkBytes - 1)) {
        yield all.slice(start, end);
        start = end;
      }
      pieces = start < all.byteLength ? [all.subarray(start)] : [];
      size = all.byteLength - start;
    }
    signal?.throwIfAborted();
    if (size > 0) yield concatAll(pieces, size);
  } finally {
    reader.releaseLock();
  }
}

/** The read threads: chunks posted round-robin, results by chunk id. */
class ReadThreads {
  private readonly workers: Worker[];
  private readonly waiting = new Map<number, { resolve: (r: ChunkResult) => void; reject: (e: Error) => void }>();
  private nextId = 0;
  private failure: Error | null = null;

  constructor(threads: number, read: ApplyRead) {
    this.workers = Array.from({ length: threads }, () => {
      const w = startTsWorker(ENTRY, read, READ_THREAD_LIMITS);
      w.on('message', (m: FromReadThread) => {
        const p = this.waiting.get(m.id);
        if (!p) return;
        this.waiting.delete(m.id);
        if (m.type === 'chunk') p.resolve(m);
        else p.reject(new Error(`a read thread failed: ${m.message}`));
      });
      w.on('error', (e) => this.fail(e));
      w.on('exit', (code) => this.fail(new Error(`a read thread stopped (exit code ${code})`)));
      return w;
    });
  }

  private fail(e: Error): void {
    this.failure ??= e;
    for (const p of this.waiting.values()) p.reject(e);
    this.waiting.clear();
  }

  read(bytes: Uint8Array, place: ChunkPlace): Promise<ChunkResult> {
    if (this.failure) return Promise.reject(this.failure);
    const id = this.nextId++;
    const result = new Promise<ChunkResult>((resolve, reject) => this.waiting.set(id, { resolve, reject }));
    // Marked handled here; the failure surfaces where the chunk is awaited.
    result.catch(() => {});
    this.workers[id % this.workers.length]!.postMessage({ id, bytes, place } satisfies ToReadThread, [bytes.buffer as ArrayBuffer]);
    return result;
  }

  async close(): Promise<void> {
    this.failure ??= new Error('the read threads were closed');
    for (const w of this.workers) w.removeAllListeners('exit');
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}

/**
 * Reads canonical JSONL `blob` (UTF-8 or UTF-16) on `options.threads` threads; `onChunk` gets each chunk's examples
 * in file order (awaited before more is merged, so a slow consumer holds the reading back).
 * Returns the file's account; throws on `signal`'s abort.
 */
export async function readCanonicalParallel(
  blob: Blob,
  fileName: string,
  read: ApplyRead,
  options: ParallelReadOptions,
  onChunk: (chunk: ReadChunk) => Promise<void>,
): Promise<MergedDraft> {
  const { signal } = options;
  const threads = new ReadThreads(Math.max(1, options.threads), read);
  const merger = new ChunkMerger();
  const queue: Promise<ChunkResult>[] = [];
  const handle = async (r: ChunkResult) => {
    const repeats = merger.merge(r.summary, r.columns.ids, r.lines);
    if (r.summary.header) options.onHeader?.(r.summary.header);
    signal?.throwIfAborted();
    await onChunk({ columns: r.columns, repeats, rejected: merger.rejectedCount });
  };
  try {
    // A UTF-16 file is transcoded to UTF-8 on the way (slower, and said so on line 1); the chunks are UTF-8.
    const source = await openText(blob);
    if (source.warning) merger.warn(source.warning);
    let atStart = true;
    for await (const bytes of lineChunks(source.stream, options.chunkBytes, signal)) {
      queue.push(threads.read(bytes, merger.place(atStart)));
      atStart = false;
      // Until the file's first record is read, the next chunk's place depends on this one.
      const keep = merger.waitingForFirstRecord ? 0 : AHEAD_PER_THREAD * options.threads - 1;
      while (queue.length > keep) await handle(await queue.shift()!);
    }
    while (queue.length > 0) await handle(await queue.shift()!);
  } finally {
    await threads.close();
  }
  return merger.draft(nameFromFile(fileName));
}
