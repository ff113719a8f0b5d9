// Types only: the messages between `cli apply`'s parallel read (parallelRead.ts) and its read threads (readThread.ts).
// Its own module so that the thread's entry, which parallelRead.ts starts, need not import parallelRead.ts back (no
// import cycle, not even a type-only one).
import type { ChunkPlace, ChunkSummary } from '../src/io/chunkImport.ts';
import type { ApplyColumns } from './applyColumns.ts';

export type ToReadThread = { id: number; bytes: Uint8Array; place: ChunkPlace };
export type FromReadThread =
  | { type: 'chunk'; id: number; summary: ChunkSummary; columns: ApplyColumns; lines: Int32Array }
  | { type: 'error'; id: number; message: string };
