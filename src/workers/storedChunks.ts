// A pass over a stored dataset's examples, one chunk at a time, checked against its core (issue 16,
// docs/ARCHITECTURE.md §5.6): what the workers that read the text themselves — search, and the
// reasoning a training or an apply featurises — share, so the page never holds it. The database comes
// in as an argument: workers import persist/ for its types only.
import type { Example } from '../domain/types.ts';
import type { WorkbenchDb } from '../persist/db.ts';

/** What a pass reads of the database. */
export type ChunkReader = Pick<WorkbenchDb, 'loadCore' | 'loadChunk'>;

export interface StoredChunk {
  /** Index of the chunk's first example in the dataset. */
  start: number;
  examples: Example[];
  /** Examples in the dataset. */
  total: number;
}

export interface StoredChunksOptions {
  /** What cannot be done when the storage is inconsistent, after "so its": e.g. "text cannot be searched". */
  purpose: string;
  /** Examples the caller's input has: a core of another size is refused (the dataset changed). */
  n?: number;
  /** Looked at before each chunk; an abort throws its reason. */
  signal?: AbortSignal;
}

/**
 * Every example of `datasetId` in dataset order, a chunk at a time: memory holds one chunk. Throws,
 * naming the chunk or the example, when a chunk is missing, holds another count than its core says,
 * or an example's id is not the one its core names.
 */
export async function* storedChunks(db: ChunkReader, datasetId: string, options: StoredChunksOptions): AsyncGenerator<StoredChunk> {
  const { signal } = options;
  signal?.throwIfAborted();
  const { columns, chunkStarts } = await db.loadCore(datasetId);
  const { n, ids } = columns;
  const chunks = chunkStarts.length;
  const inconsistent = `The stored dataset ${datasetId} is inconsistent, so its ${options.purpose}`;
  if (options.n !== undefined && options.n !== n) {
    throw new Error(`The stored dataset ${datasetId} holds ${n} examples, not the ${options.n} expected: it changed. Open it again.`);
  }
  if (n > 0 && chunkStarts[0] !== 0) throw new Error(`${inconsistent}: its core lists no chunk starting at its first example.`);
  for (let c = 0; c < chunks; c++) {
    signal?.throwIfAborted();
    const start = chunkStarts[c]!;
    const end = c + 1 < chunks ? chunkStarts[c + 1]! : n;
    const examples = await db.loadChunk(datasetId, c);
    if (!examples) throw new Error(`${inconsistent}: chunk ${c} of ${chunks} is missing.`);
    if (examples.length !== end - start) {
      throw new Error(`${inconsistent}: chunk ${c} holds ${examples.length} examples where its core expects ${end - start}.`);
    }
    examples.forEach((ex, k) => {
      const i = start + k;
      if (ex.id !== ids[i]) {
        throw new Error(
          `${inconsistent}: example ${i} (chunk ${c}) is stored as ${JSON.stringify(ex.id)} but its core names it ${JSON.stringify(ids[i])}.`,
        );
      }
    });
    signal?.throwIfAborted();
    yield { start, examples, total: n };
  }
}
