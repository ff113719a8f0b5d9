// UI slice: view state that outlives a screen (Browse filters and sort, kept when an example
// is opened and closed again).
import type { PredictorId } from '../domain/baselines.ts';
import { DEFAULT_QUERY, type ExampleQuery } from '../domain/exampleQuery.ts';
import type { SetState } from './appStore.ts';

export interface UiSlice {
  /** Filters and sort of the Browse table; also the order Previous/Next follow. */
  browseQuery: ExampleQuery;
  setBrowseQuery: (patch: Partial<ExampleQuery>) => void;
  /** The example last shown, so Browse can bring its row into view when the user comes back. */
  lastExampleId: string | null;
  setLastExampleId: (id: string) => void;
  /** Prompt version and predictor the Analyze charts show; null = the first prompt's mean. */
  analyzeSelection: { prompt: string; predictor: PredictorId } | null;
  setAnalyzeSelection: (sel: { prompt: string; predictor: PredictorId }) => void;
}

export function createUiSlice(set: SetState): UiSlice {
  return {
    browseQuery: DEFAULT_QUERY,
    setBrowseQuery: (patch) => set((s) => ({ browseQuery: { ...s.browseQuery, ...patch } })),
    lastExampleId: null,
    setLastExampleId: (id) => set({ lastExampleId: id }),
    analyzeSelection: null,
    setAnalyzeSelection: (sel) => set({ analyzeSelection: sel }),
  };
}
