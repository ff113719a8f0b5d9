// The import worker's message handling (docs/ARCHITECTURE.md §5.2), apart from `self` so the node tests
// of the store run this very code (test/testStore.ts) and the entry, import.worker.ts, only wires it
// up: sniffs a file, or runs the pure importer (io/importDataset.ts) and posts each batch of examples
// as JSON text to store and as cores to hold, with progress at most every 100 ms. Owns no logic.
import { coreOf } from '../domain/exampleCore.ts';
import { encodeCores, encodeExamples } from '../domain/examplesJson.ts';
import { importBlob } from '../io/importDataset.ts';
import type { ImportProgress } from '../io/importTypes.ts';
import { sniffBlob } from '../io/sniff.ts';
import type { FromImportWorker, ToImportWorker } from './protocol.ts';

export interface ImportPacing {
  /** Progress is posted at most this often (ms); batches go out as they are ready. */
  progressMs: number;
  /** Examples per batch (the importer's default when absent). */
  batchSize?: number;
  now(): number;
}

export const WORKER_IMPORT_PACING: ImportPacing = { progressMs: 100, now: () => performance.now() };

/** The handler of every message the import worker gets; `post` sends the replies. */
export function createImportHandler(
  post: (m: FromImportWorker, transfer?: Transferable[]) => void,
  { progressMs, batchSize, now }: ImportPacing = WORKER_IMPORT_PACING,
): (msg: ToImportWorker) => void {
  async function handle(msg: ToImportWorker): Promise<void> {
    switch (msg.type) {
      case 'sniff':
        post({ id: msg.id, type: 'sniffed', result: await sniffBlob(msg.file, msg.name) });
        return;
      case 'import': {
        let last = 0;
        let latest: ImportProgress | null = null;
        const draft = await importBlob(msg.file, msg.name, msg.plan, {
          onExamples: (examples) =>
            post({ id: msg.id, type: 'examples', json: encodeExamples(examples), cores: encodeCores(examples.map(coreOf)) }),
          onProgress: (progress) => {
            latest = progress;
            const t = now();
            if (t - last >= progressMs) {
              last = t;
              post({ id: msg.id, type: 'progress', progress });
            }
          },
          ...(batchSize !== undefined ? { batchSize } : {}),
        });
        if (latest) post({ id: msg.id, type: 'progress', progress: latest });
        post({ id: msg.id, type: 'done', draft });
        return;
      }
      default: {
        const never: never = msg;
        throw new Error(`unknown message ${JSON.stringify(never)}`);
      }
    }
  }
  return (msg) => {
    handle(msg).catch((err: unknown) => {
      post({ id: msg.id, type: 'error', message: err instanceof Error ? err.message : String(err) });
    });
  };
}
