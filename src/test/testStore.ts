// A real app store for node tests: fake-indexeddb storage and the worker jobs run on this thread
// (same pure functions, no Worker). Callers import 'fake-indexeddb/auto' first.
import { IDBFactory } from 'fake-indexeddb';
import { openWorkbenchDb, type WorkbenchDb } from '../persist/db.ts';
import { createAppStore, type AppDeps } from '../store/appStore.ts';
import { createImportClient, type ImportClient } from '../workers/importClient.ts';
import { createImportHandler } from '../workers/importCore.ts';
import type { FromImportWorker, ToImportWorker } from '../workers/protocol.ts';
import { inlineWorkers } from './inlineWorker.ts';
import { jsonlBlob } from './builders.ts';
import { createInlineAnalyzer } from './inlineAnalyzer.ts';
import { createInlineTrainer } from './inlineTrainer.ts';
import { createInlineSearchClient } from './inlineSearch.ts';

/** The app's import client talking to the import worker's own handler on this thread, in batches of 3 examples. */
export const inlineImporter: ImportClient = createImportClient(
  inlineWorkers<ToImportWorker, FromImportWorker>(
    (post) => createImportHandler(post, { progressMs: 100, batchSize: 3, now: () => performance.now() }),
    { cloneToWorker: false },
  ),
);

export const demoLines = Array.from({ length: 7 }, (_, i) =>
  JSON.stringify({ id: `d${i}`, target: i, rollouts: [{ prompt: 'v1', score: i }] }),
);

export function createTestStore(factory = new IDBFactory()) {
  let n = 0;
  let db: Promise<WorkbenchDb> | null = null;
  const analyzer = createInlineAnalyzer();
  const trainer = createInlineTrainer(() => deps.db());
  const deps: AppDeps = {
    db: () => (db ??= openWorkbenchDb({ factory })),
    importer: inlineImporter,
    analyzer,
    trainer,
    searcher: createInlineSearchClient(() => deps.db()),
    fetchDemo: async () => ({ blob: jsonlBlob(['{"rir_dataset": {"name": "Demo (synthetic)"}}', ...demoLines]), name: 'demo.jsonl' }),
    newId: () => `id-${++n}`,
    now: () => 1_700_000_000_000 + n,
  };
  return { store: createAppStore(deps), factory, db: () => deps.db(), analyzer, trainer };
}
