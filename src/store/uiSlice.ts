// UI slice: view state that outlives a screen (Browse filters and sort, kept when an example
// is opened and closed again).
import type { PredictorId } from '../domain/baselines.ts';
import type { MetricSort } from '../domain/metrics/metricGoal.ts';
import { DEFAULT_QUERY, type ExampleQuery } from '../domain/exampleQuery.ts';
import { QUEUES, queueOrder, type QueueKind } from '../domain/queues.ts';
import type { AppDeps, GetState, SetState } from './appStore.ts';
import { queueCalibrator, summariesOf, selectCurrentInfo } from './selectors.ts';

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

/** One remembered queue per dataset and annotator. */
const queueSetting = (datasetId: string, annotator: string) => `annotateQueue:${datasetId}:${annotator}`;

interface StoredQueue {
  datasetId: string;
  annotator: string;
  kind: QueueKind;
  order: number[];
  by?: string;
}

/** A stored queue that still fits the dataset and annotator (settings are not validated on write). */
function usableQueue(v: unknown, datasetId: string, annotator: string, n: number): StoredQueue | null {
  if (typeof v !== 'object' || v === null) return null;
  const q = v as Partial<StoredQueue>;
  const fits =
    q.datasetId === datasetId &&
    q.annotator === annotator &&
    typeof q.kind === 'string' &&
    q.kind in QUEUES &&
    Array.isArray(q.order) &&
    q.order.every((i) => Number.isInteger(i) && i >= 0 && i < n) &&
    (q.by === undefined || typeof q.by === 'string');
  return fits ? (q as StoredQueue) : null;
}

export function createUiSlice(deps: AppDeps, set: SetState, get: GetState): UiSlice {
  return {
    browseQuery: DEFAULT_QUERY,
    setBrowseQuery: (patch) => set((s) => ({ browseQuery: { ...s.browseQuery, ...patch } })),
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
        stored = usableQueue(value, info.id, s.annotator, s.examples.length);
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
