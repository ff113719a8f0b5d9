// Main-thread facade of the import worker: Promises + AbortSignal. Aborting terminates the
// worker (the only sure way to stop it mid-file); the next call starts a fresh one.
import type { ExamplesJson } from '../domain/examplesJson.ts';
import type { DatasetDraft } from '../io/datasetBuilder.ts';
import type { ImportPlan, ImportProgress } from '../io/importDataset.ts';
import type { SniffResult } from '../io/sniff.ts';
import type { FromImportWorker, ToImportWorker } from './protocol.ts';

export interface ImportJob {
  /** Each batch of validated examples, in file order, as JSON text. */
  onExamples: (batch: ExamplesJson) => void;
  onProgress?: (p: ImportProgress) => void;
  signal?: AbortSignal;
}

export interface ImportClient {
  sniff(file: Blob, name: string, signal?: AbortSignal): Promise<SniffResult>;
  importFile(file: Blob, name: string, plan: ImportPlan, job: ImportJob): Promise<DatasetDraft>;
}

type Handler = (m: FromImportWorker) => void;

export function createImportClient(
  spawn: () => Worker = () => new Worker(new URL('./import.worker.ts', import.meta.url), { type: 'module' }),
): ImportClient {
  let worker: Worker | null = null;
  let nextId = 1;
  const handlers = new Map<number, { onMessage: Handler; fail: (e: Error) => void }>();

  function ensureWorker(): Worker {
    if (worker) return worker;
    const w = spawn();
    w.onmessage = (e: MessageEvent<FromImportWorker>) => handlers.get(e.data.id)?.onMessage(e.data);
    w.onerror = (e) => {
      const err = new Error(`import worker failed: ${e.message || 'unknown error'}`);
      for (const h of handlers.values()) h.fail(err);
      handlers.clear();
      w.terminate();
      if (worker === w) worker = null;
    };
    worker = w;
    return w;
  }

  function run<T>(
    msg: ToImportWorker,
    signal: AbortSignal | undefined,
    onMessage: (m: FromImportWorker, resolve: (v: T) => void) => void,
  ): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      if (signal?.aborted) {
        reject(signal.reason);
        return;
      }
      const w = ensureWorker();
      const cleanup = () => {
        handlers.delete(msg.id);
        signal?.removeEventListener('abort', onAbort);
      };
      const onAbort = () => {
        cleanup();
        w.terminate();
        if (worker === w) worker = null;
        reject(signal?.reason);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      handlers.set(msg.id, {
        fail: (e) => {
          cleanup();
          reject(e);
        },
        onMessage: (m) => {
          if (m.type === 'error') {
            cleanup();
            reject(new Error(m.message));
            return;
          }
          onMessage(m, (v) => {
            cleanup();
            resolve(v);
          });
        },
      });
      w.postMessage(msg);
    });
  }

  return {
    sniff(file, name, signal) {
      return run<SniffResult>({ id: nextId++, type: 'sniff', file, name }, signal, (m, resolve) => {
        if (m.type === 'sniffed') resolve(m.result);
      });
    },
    importFile(file, name, plan, job) {
      return run<DatasetDraft>({ id: nextId++, type: 'import', file, name, plan }, job.signal, (m, resolve) => {
        if (m.type === 'examples') job.onExamples(m.json);
        else if (m.type === 'progress') job.onProgress?.(m.progress);
        else if (m.type === 'done') resolve(m.draft);
      });
    },
  };
}
