// The app's zustand store: dataset, import, label, analysis, compare, training, applied-calibrator and ui slices
// combined. Actions coordinate domain/io work (through worker clients) and persistence; no business logic
// lives here (docs/ARCHITECTURE.md §6).
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { WorkbenchDb } from '../persist/db.ts';
import type { AnalysisClient } from '../workers/analysisClient.ts';
import type { ImportClient } from '../workers/importClient.ts';
import type { SearchClient } from '../workers/searchClient.ts';
import type { TrainClient } from '../workers/trainClient.ts';
import { createAnalysisSlice, type AnalysisSlice } from './analysisSlice.ts';
import { createAppliedSlice, type AppliedSlice } from './appliedSlice.ts';
import { createCompareSlice, type CompareSlice } from './compareSlice.ts';
import { createLabelSlice, type LabelSlice } from './labelSlice.ts';
import { createDatasetSlice, type DatasetSlice } from './datasetSlice.ts';
import { createImportSlice, type ImportSlice } from './importSlice.ts';
import { createTrainSlice, type TrainSlice } from './trainSlice.ts';
import { createUiSlice, type UiSlice } from './uiSlice.ts';
import { DEFAULT_QUERY } from '../domain/exampleQuery.ts';

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

export function createAppStore(deps: AppDeps): AppStore {
  const store = createStore<AppState>()((set, get) => ({
    ...createDatasetSlice(deps, set, get),
    ...createImportSlice(deps, set, get),
    ...createLabelSlice(deps, set, get),
    ...createAnalysisSlice(deps, set, get),
    ...createCompareSlice(deps, set, get),
    ...createTrainSlice(deps, set, get),
    ...createAppliedSlice(deps, set, get),
    ...createUiSlice(deps, set, get),
  }));
  // Filters, sort and the remembered row belong to one dataset: another dataset starts fresh.
  store.subscribe((s, prev) => {
    if (s.currentId !== prev.currentId) {
      // A calibrator belongs to the dataset it was trained on.
      if (prev.trainRun) s.cancelTraining();
      // A comparison is by example index and names the old dataset's prompt versions.
      s.cancelCompare();
      // Calibrators too, trained and applied: predictions are by example index (openDataset loads the new dataset's own).
      // And the last analysis: its table is by example index too, and Analyze would chart it against
      // the new dataset's examples before its own analysis has run.
      store.setState({
        browseQuery: DEFAULT_QUERY,
        browseSearch: null,
        lastExampleId: null,
        analyzeSelection: null,
        annotateQueue: null,
        analysis: null,
        analysisTable: null,
        compare: null,
        compareOptions: { ...s.compareOptions, a: null, b: null },
        calibrations: {},
        applied: [],
        applyState: { applying: null, error: null },
      });
    } else if (s.annotator !== prev.annotator) {
      // A queue is one annotator's walk through the data ("unlabelled by you").
      store.setState({ annotateQueue: null });
    }
  });
  return store;
}

export function defaultNewId(): string {
  return typeof crypto !== 'undefined' && 'randomUUID' in crypto
    ? crypto.randomUUID()
    : `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
}

export function errorMessage(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
