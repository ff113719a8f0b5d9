// A real app store for node tests: fake-indexeddb storage and the worker jobs run on this thread
// (same pure functions, no Worker). Callers import 'fake-indexeddb/auto' first.
import { IDBFactory } from 'fake-indexeddb';
import { coreOf } from '../domain/exampleCore.ts';
import { encodeExamples } from '../domain/examplesJson.ts';
import { importBlob } from '../io/importDataset.ts';
import { sniffBlob } from '../io/sniff.ts';
import { openWorkbenchDb, type WorkbenchDb } from '../persist/db.ts';
import { createAppStore, type AppDeps } from '../store/appStore.ts';
import type { ImportClient } from '../workers/importClient.ts';
import { jsonlBlob } from './builders.ts';
import { createInlineAnalyzer } from './inlineAnalyzer.ts';
import { createInlineTrainer } from './inlineTrainer.ts';
import { createInlineSearchClient } from './inlineSearch.ts';

export const inlineImporter: ImportClient = {
  sniff: (file, name) => sniffBlob(file, name),
  importFile: (file, name, plan, job) =>
    importBlob(file, name, plan, { ...job, onExamples: (b) => job.onExamples(encodeExamples(b), b.map(coreOf)), batchSize: 3 }),
};

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
