// What every slice of the store shares (docs/ARCHITECTURE.md §6): the dependencies the store is built
// with, the combined state's type and zustand's set/get, plus the two helpers every slice uses. Slices
// import this, never appStore.ts (which imports them), so the store has no import cycle at run time.
import type { StoreApi } from 'zustand/vanilla';
import type { WorkbenchDb } from '../persist/db.ts';
import type { AnalysisClient } from '../workers/analysisClient.ts';
import type { ImportClient } from '../workers/importClient.ts';
import type { SearchClient } from '../workers/searchClient.ts';
import type { TrainClient } from '../workers/trainClient.ts';
import type { AnalysisSlice } from './analysisSlice.ts';
import type { AppliedSlice } from './appliedSlice.ts';
import type { CompareSlice } from './compareSlice.ts';
import type { DatasetSlice } from './datasetSlice.ts';
import type { ImportSlice } from './importSlice.ts';
import type { LabelSlice } from './labelSlice.ts';
import type { TrainSlice } from './trainSlice.ts';
import type { UiSlice } from './uiSlice.ts';

export interface AppDeps {
  /** Opens (once) the IndexedDB database. */
  db: () => Promise<WorkbenchDb>;
  importer: ImportClient;
  analyzer: AnalysisClient;
  trainer: TrainClient;
  /** Browse's text filter over the stored text (the search worker). */
  searcher: SearchClient;
  /** Fetches the bundled demo dataset (same origin, at first start or on request). */
  fetchDemo: () => Promise<{ blob: Blob; name: string }>;
  now?: () => number;
  newId?: () => string;
}

export type AppState = DatasetSlice & ImportSlice & LabelSlice & AnalysisSlice & CompareSlice & TrainSlice & AppliedSlice & UiSlice;
export type AppStore = StoreApi<AppState>;
export type SetState = AppStore['setState'];
export type GetState = AppStore['getState'];

export function defaultNewId(): string {
  return typeof crypto !== 'undefined' && 'randomUUID' in crypto
    ? crypto.randomUUID()
    : `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
}

export function errorMessage(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/**
 * Runs `work` on the database: `{ value }` when it succeeds; when it throws, null, and the store's
 * storage error says so ("`failed`: reason", or the reason alone). Storage work a slice does not
 * report in its own way (settings, labels, calibrators, a dataset's scale or deletion) goes through
 * here, so none fails silently.
 */
export async function persistOrReport<T>(
  deps: Pick<AppDeps, 'db'>,
  set: SetState,
  work: (db: WorkbenchDb) => Promise<T>,
  failed?: string,
): Promise<{ value: T } | null> {
  try {
    return { value: await work(await deps.db()) };
  } catch (e) {
    set({ storageError: failed ? `${failed}: ${errorMessage(e)}` : errorMessage(e) });
    return null;
  }
}
