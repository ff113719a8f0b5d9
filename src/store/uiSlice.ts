// UI slice: view state that outlives a screen (Browse filters and sort, kept when an example
// is opened and closed again).
import type { PredictorId } from '../domain/baselines.ts';
import type { MetricSort } from '../domain/metrics/metricGoal.ts';
import { DEFAULT_QUERY, type ExampleQuery } from '../domain/exampleQuery.ts';
import { queueOrder, type QueueKind } from '../domain/queues.ts';
import type { AppDeps, GetState, SetState } from './storeTypes.ts';
import { queueCalibrator, summariesOf, selectCurrentInfo } from './selectors.ts';
import { errorMessage } from './storeTypes.ts';
import { datasetSettingKey, readQueue, type StoredQueue } from '../persist/records/settings.ts';

/**
 * Browse's text filter, as the search worker answers it over the stored text (the store holds none):
 * which examples match `text` (one byte each), or how far the search has read, or why it failed.
 */
export interface BrowseSearch {
  datasetId: string;
  /** The query text searched, as typed. */
  text: string;
  /** Examples read and their number, while the worker reads the dataset's text the first time. */
  done: number;
  total: number;
  /** One byte per example, 1 = it matches; null until the search has finished. */
  matches: Uint8Array | null;
  error: string | null;
}

/** The text filter's answer for `query` on dataset `datasetId`, if `search` is it (else null). */
export function matchesFor(search: BrowseSearch | null, datasetId: string, query: ExampleQuery): Uint8Array | null {
  return search !== null && search.datasetId === datasetId && search.text === query.text ? search.matches : null;
}

export interface UiSlice {
  /** Filters and sort of the Browse table; also the order Previous/Next follow. */
  browseQuery: ExampleQuery;
  /** Sets filters and sort; a new text starts a search over the stored text (`browseSearch`). */
  setBrowseQuery: (patch: Partial<ExampleQuery>) => void;
  /** The search of `browseQuery.text`; null when the text is blank. */
  browseSearch: BrowseSearch | null;
  /** Stops the running search and clears the text filter. */
  cancelBrowseSearch: () => void;
  /** The example last shown, so Browse can bring its row into view when the user comes back. */
  lastExampleId: string | null;
  setLastExampleId: (id: string) => void;
  /** Prompt version and predictor the Analyze charts show; null = the first prompt's mean. */
  analyzeSelection: { prompt: string; predictor: PredictorId } | null;
  setAnalyzeSelection: (sel: { prompt: string; predictor: PredictorId }) => void;
  /** Order of the Analyze metric table; null = the dataset's prompt order. Kept across datasets (it names a column, not a row). */
  analyzeSort: MetricSort;
  setAnalyzeSort: (sort: MetricSort) => void;
  /**
   * The labelling queue of the open dataset: a snapshot of example indices, stable while labelling;
   * `by` names the calibrator that ordered it (error and uncertainty queues), when one did.
   */
  annotateQueue: { datasetId: string; kind: QueueKind; order: number[]; by?: string } | null;
  /** (Re)computes the queue `kind` from the current labels, and remembers it (a reload keeps the snapshot). */
  chooseQueue: (kind: QueueKind) => void;
  /** The remembered queue of the open dataset and annotator, if any; otherwise a fresh "unlabelled by you". */
  restoreQueue: () => Promise<void>;
}

/** One remembered queue per dataset and annotator (deleted with the dataset). */
const queueSetting = (datasetId: string, annotator: string) => datasetSettingKey('annotateQueue', datasetId, annotator);

/** What this slice holds of the open dataset, as another dataset starts it (composed in resetForDataset.ts). */
export function resetForDataset(): Partial<UiSlice> {
  return { browseQuery: DEFAULT_QUERY, browseSearch: null, lastExampleId: null, analyzeSelection: null, annotateQueue: null };
}

export function createUiSlice(deps: AppDeps, set: SetState, get: GetState): UiSlice {
  /** The running search's; a later text aborts it (the worker drops the job, keeps what it has read). */
  let searching: AbortController | null = null;

  function search(text: string): void {
    searching?.abort();
    searching = null;
    const datasetId = get().currentId;
    if (text.trim() === '' || datasetId === null) {
      set({ browseSearch: null });
      return;
    }
    const mine = (searching = new AbortController());
    const patch = (p: Partial<BrowseSearch>) => {
      if (searching === mine) set((s) => (s.browseSearch ? { browseSearch: { ...s.browseSearch, ...p } } : {}));
    };
    set({ browseSearch: { datasetId, text, done: 0, total: 0, matches: null, error: null } });
    deps.searcher.search(datasetId, text, { signal: mine.signal, onProgress: (done, total) => patch({ done, total }) }).then(
      (matches) => patch({ matches }),
      (e: unknown) => {
        if (!mine.signal.aborted) patch({ error: errorMessage(e) });
      },
    );
  }

  return {
    browseQuery: DEFAULT_QUERY,
    setBrowseQuery: (patch) => {
      const before = get().browseQuery.text;
      set((s) => ({ browseQuery: { ...s.browseQuery, ...patch } }));
      const text = get().browseQuery.text;
      if (text !== before || (text.trim() !== '' && get().browseSearch?.datasetId !== get().currentId)) search(text);
    },
    browseSearch: null,
    cancelBrowseSearch: () => {
      searching?.abort();
      searching = null;
      set((s) => ({ browseSearch: null, browseQuery: { ...s.browseQuery, text: '' } }));
    },
    lastExampleId: null,
    setLastExampleId: (id) => set({ lastExampleId: id }),
    analyzeSelection: null,
    setAnalyzeSelection: (sel) => set({ analyzeSelection: sel }),
    analyzeSort: null,
    setAnalyzeSort: (sort) => set({ analyzeSort: sort }),
    annotateQueue: null,
    chooseQueue: (kind) => {
      const s = get();
      const info = selectCurrentInfo(s);
      if (!info || !s.examples) return;
      const calibrated = queueCalibrator(s.calibrations, s.applied, info.promptOrder);
      const order = queueOrder(
        kind,
        s.examples,
        summariesOf(s.examples, info.promptOrder),
        s.labels,
        s.annotator,
        s.targetPreference,
        calibrated,
      );
      // Only these two queues follow a calibrator (the error queue falls back to the rollout mean without one).
      const by = calibrated && (kind === 'error' || kind === 'uncertainty') ? { by: calibrated.label } : {};
      set({ annotateQueue: { datasetId: info.id, kind, order, ...by } });
      const stored: StoredQueue = { datasetId: info.id, annotator: s.annotator, kind, order, ...by };
      deps
        .db()
        .then((db) => db.setSetting(queueSetting(info.id, s.annotator), stored))
        .catch(() => {
          // Remembering the queue is a convenience: a failure only means a reload builds it afresh.
        });
    },
    async restoreQueue() {
      const s = get();
      const info = selectCurrentInfo(s);
      if (!info || !s.examples) return;
      let stored: StoredQueue | null = null;
      try {
        const value = await (await deps.db()).getSetting<unknown>(queueSetting(info.id, s.annotator));
        stored = readQueue(value, info.id, s.annotator, s.examples.length);
      } catch {
        // As above: without the remembered queue, build a fresh one.
      }
      const now = get();
      if (now.currentId !== info.id || now.annotator !== s.annotator || now.annotateQueue?.datasetId === info.id) return;
      if (stored) {
        const by = stored.by === undefined ? {} : { by: stored.by };
        set({ annotateQueue: { datasetId: stored.datasetId, kind: stored.kind, order: stored.order, ...by } });
      } else now.chooseQueue('unlabelled');
    },
  };
}
