// UI slice: view state that outlives a screen (Browse filters and sort, kept when an example
// is opened and closed again).
import type { PredictorId } from '../domain/baselines.ts';
import { DEFAULT_QUERY, type ExampleQuery } from '../domain/exampleQuery.ts';
import { queueOrder, type QueueKind } from '../domain/queues.ts';
import type { GetState, SetState } from './appStore.ts';
import { summariesOf, selectCurrentInfo } from './selectors.ts';

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
  /** The labelling queue of the open dataset: a snapshot of example indices, stable while labelling. */
  annotateQueue: { datasetId: string; kind: QueueKind; order: number[] } | null;
  /** (Re)computes the queue `kind` from the current labels. */
  chooseQueue: (kind: QueueKind) => void;
}

export function createUiSlice(set: SetState, get: GetState): UiSlice {
  return {
    browseQuery: DEFAULT_QUERY,
    setBrowseQuery: (patch) => set((s) => ({ browseQuery: { ...s.browseQuery, ...patch } })),
    lastExampleId: null,
    setLastExampleId: (id) => set({ lastExampleId: id }),
    analyzeSelection: null,
    setAnalyzeSelection: (sel) => set({ analyzeSelection: sel }),
    annotateQueue: null,
    chooseQueue: (kind) => {
      const s = get();
      const info = selectCurrentInfo(s);
      if (!info || !s.examples) return;
      const order = queueOrder(kind, s.examples, summariesOf(s.examples, info.promptOrder), s.labels, s.annotator);
      set({ annotateQueue: { datasetId: info.id, kind, order } });
    },
  };
}
