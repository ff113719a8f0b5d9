// Typed messages between the main thread and the import worker. Both sides import this file.
import type { ExamplesJson } from '../domain/examplesJson.ts';
import type { DatasetDraft } from '../io/datasetBuilder.ts';
import type { ImportPlan, ImportProgress } from '../io/importDataset.ts';
import type { SniffResult } from '../io/sniff.ts';

export type ToImportWorker =
  { id: number; type: 'sniff'; file: Blob; name: string } | { id: number; type: 'import'; file: Blob; name: string; plan: ImportPlan };

export type FromImportWorker =
  | { id: number; type: 'sniffed'; result: SniffResult }
  | { id: number; type: 'progress'; progress: ImportProgress }
  | { id: number; type: 'examples'; json: ExamplesJson }
  | { id: number; type: 'done'; draft: DatasetDraft }
  | { id: number; type: 'error'; message: string };
