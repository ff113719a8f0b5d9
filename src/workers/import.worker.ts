// Import worker entry: decodes a message, runs the pure importer, posts progress and batches.
// Owns no logic of its own (docs/ARCHITECTURE.md §5.1).
/// <reference lib="webworker" />
import { coreOf } from '../domain/exampleCore.ts';
import { encodeCores, encodeExamples } from '../domain/examplesJson.ts';
import { importBlob } from '../io/importDataset.ts';
import type { ImportProgress } from '../io/importTypes.ts';
import { sniffBlob } from '../io/sniff.ts';
import type { FromImportWorker, ToImportWorker } from './protocol.ts';
import { installCspProbe } from './cspProbe.ts';

declare const self: DedicatedWorkerGlobalScope;

// e2e builds only: lets e2e/csp.spec.ts check this worker's CSP (before `onmessage`, so it answers first).
if (import.meta.env.MODE === 'e2e') installCspProbe(self);

/** Progress is posted at most this often; batches of examples go out as they are ready. */
const PROGRESS_MS = 100;

const post = (m: FromImportWorker) => self.postMessage(m);

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
          const now = performance.now();
          if (now - last >= PROGRESS_MS) {
            last = now;
            post({ id: msg.id, type: 'progress', progress });
          }
        },
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

self.onmessage = (e: MessageEvent<ToImportWorker>) => {
  handle(e.data).catch((err: unknown) => {
    post({ id: e.data.id, type: 'error', message: err instanceof Error ? err.message : String(err) });
  });
};
