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
import { DEFAULT_QUERY } from '../domain/exampleQuery.ts';

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
