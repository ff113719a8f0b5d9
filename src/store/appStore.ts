// The app's zustand store: dataset, import, label, analysis, compare, training, applied-calibrator and ui slices
// combined. Actions coordinate domain/io work (through worker clients) and persistence; no business logic
// lives here (docs/ARCHITECTURE.md §6).
import { createStore } from 'zustand/vanilla';
import { createAnalysisSlice } from './analysisSlice.ts';
import { createAppliedSlice } from './appliedSlice.ts';
import { createCompareSlice } from './compareSlice.ts';
import { createLabelSlice } from './labelSlice.ts';
import { createDatasetSlice } from './datasetSlice.ts';
import { createImportSlice } from './importSlice.ts';
import { createTrainSlice } from './trainSlice.ts';
import { createUiSlice } from './uiSlice.ts';
import type { AppDeps, AppState, AppStore } from './storeTypes.ts';

export type { AppDeps, AppState, AppStore, GetState, SetState } from './storeTypes.ts';
export { defaultNewId, errorMessage } from './storeTypes.ts';

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
  // The state of the open dataset is reset with the switch itself (resetForDataset.ts); here the old
  // dataset's running jobs are stopped: its training and its comparison.
  store.subscribe((s, prev) => {
    if (s.currentId !== prev.currentId) {
      if (prev.trainRun) s.cancelTraining();
      s.cancelCompare();
    } else if (s.annotator !== prev.annotator) {
      // A queue is one annotator's walk through the data ("unlabelled by you").
      store.setState({ annotateQueue: null });
    }
  });
  return store;
}
