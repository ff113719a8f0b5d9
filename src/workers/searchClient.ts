// Main-thread facade of the search worker (docs/ARCHITECTURE.md §5.6): Browse's text filter over the
// stored text of a dataset, as a Promise of one byte per example (1 = passes). Aborting asks the
// worker to stop between chunks (cooperative), so the worker and the texts it has read survive.
import type { FromSearchWorker, ToSearchWorker } from './protocol.ts';
import { spawnSearchWorker } from './spawnWorker.ts';
import { createWorkerRpc } from './workerRpc.ts';

export interface SearchJob {
  /** Examples read of `total` while the worker reads the dataset's text (the first search of a dataset). */
  onProgress?: (done: number, total: number) => void;
  /** Aborting rejects with the signal's reason. */
  signal?: AbortSignal;
}

export interface SearchClient {
  /**
   * One byte per example of the stored dataset `datasetId`, in dataset order: 1 where its id or
   * input contains `text` (trimmed, case-insensitive: domain/inputText.ts `textMatcher`). A blank
   * `text` passes every example.
   */
  search(datasetId: string, text: string, job?: SearchJob): Promise<Uint8Array>;
}

export function createSearchClient(spawn: () => Worker = spawnSearchWorker): SearchClient {
  const rpc = createWorkerRpc<ToSearchWorker, FromSearchWorker>(spawn, 'search');
  return {
    search(datasetId, text, job = {}) {
      return rpc.run<Uint8Array>(
        { id: rpc.nextId(), type: 'search', datasetId, text },
        (m, resolve) => {
          switch (m.type) {
            case 'progress':
              job.onProgress?.(m.done, m.total);
              return;
            case 'result':
              resolve(m.matches);
              return;
            case 'cancelled':
              // Only after a cancel, whose job has already been rejected and no longer receives messages.
              return;
          }
        },
        { signal: job.signal, cancel: (id) => ({ id, type: 'cancel' }) },
      );
    },
  };
}
