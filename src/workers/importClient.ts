// Main-thread facade of the import worker: Promises + AbortSignal. Aborting terminates the
// worker (the only sure way to stop it mid-file); the next call starts a fresh one.
import type { ExampleCore } from '../domain/exampleCore.ts';
import { decodeCores, type ExamplesJson } from '../domain/examplesJson.ts';
import type { DatasetDraft } from '../io/datasetBuilder.ts';
import type { ImportPlan, ImportProgress } from '../io/importTypes.ts';
import type { SniffResult } from '../io/sniff.ts';
import type { FromImportWorker, ToImportWorker } from './protocol.ts';
import { spawnImportWorker } from './spawnWorker.ts';
import { createWorkerRpc } from './workerRpc.ts';

export interface ImportJob {
  /** Each batch of validated examples, in file order: all of them as JSON text (to store), and their cores (to hold). */
  onExamples: (batch: ExamplesJson, cores: ExampleCore[]) => void;
  onProgress?: (p: ImportProgress) => void;
  signal?: AbortSignal;
}

export interface ImportClient {
  sniff(file: Blob, name: string, signal?: AbortSignal): Promise<SniffResult>;
  importFile(file: Blob, name: string, plan: ImportPlan, job: ImportJob): Promise<DatasetDraft>;
}

export function createImportClient(spawn: () => Worker = spawnImportWorker): ImportClient {
  const rpc = createWorkerRpc<ToImportWorker, FromImportWorker>(spawn, 'import');
  return {
    sniff(file, name, signal) {
      return rpc.run<SniffResult>(
        { id: rpc.nextId(), type: 'sniff', file, name },
        (m, resolve) => {
          if (m.type === 'sniffed') resolve(m.result);
        },
        { signal },
      );
    },
    importFile(file, name, plan, job) {
      return rpc.run<DatasetDraft>(
        { id: rpc.nextId(), type: 'import', file, name, plan },
        (m, resolve) => {
          if (m.type === 'examples') job.onExamples(m.json, decodeCores(m.cores));
          else if (m.type === 'progress') job.onProgress?.(m.progress);
          else if (m.type === 'done') resolve(m.draft);
        },
        { signal: job.signal },
      );
    },
  };
}
