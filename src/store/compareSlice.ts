// Compare slice: runs the Compare screen's comparison of two prompt versions (and the ranking of
// every version) for the open dataset in the analysis worker, and keeps what it answers: the point
// table at once, then the A-vs-B intervals, then the ranking's (docs/ARCHITECTURE.md §8.2). The
// numbers come from domain/compare.ts; this slice only coordinates and remembers.
import { DEFAULT_ANALYSIS_OPTIONS, type SplitChoice } from '../domain/analysis.ts';
import type { PredictorId } from '../domain/baselines.ts';
import type { ComparedPairs, CompareContext, ComparisonPoints, VersionComparison, VersionRanking } from '../domain/compare.ts';
import type { ComparePhase, CompareRequest } from '../workers/protocol.ts';
import { analysisInputKey, buildCurrentInput } from './analysisSlice.ts';
import type { AppDeps, AppState, GetState, SetState } from './storeTypes.ts';
import { errorMessage } from './storeTypes.ts';
import { selectCurrentInfo } from './selectors.ts';

/** What the Compare screen asks for. A or B null: the default (see `resolveVersions`). */
export interface CompareSelection {
  a: string | null;
  b: string | null;
  predictor: PredictorId;
  split: SplitChoice;
  seed: number;
  resamples: number;
}

export const DEFAULT_COMPARE_SELECTION: CompareSelection = {
  a: null,
  b: null,
  predictor: 'mean',
  split: DEFAULT_ANALYSIS_OPTIONS.split,
  seed: DEFAULT_ANALYSIS_OPTIONS.seed,
  resamples: DEFAULT_ANALYSIS_OPTIONS.resamples,
};

/**
 * Versions A and B among `promptOrder`: a name the dataset has is kept; a missing or unknown one
 * becomes the first version other than the other side's (so with neither given, the first two).
 * A = B when asked for, or when the dataset has one version. Null when it has none.
 */
export function resolveVersions(promptOrder: readonly string[], a: string | null, b: string | null): { a: string; b: string } | null {
  if (promptOrder.length === 0) return null;
  const known = (v: string | null): v is string => v !== null && promptOrder.includes(v);
  const other = (than: string | null) => promptOrder.find((p) => p !== than) ?? promptOrder[0]!;
  if (known(a) && known(b)) return { a, b };
  if (known(a)) return { a, b: other(a) };
  if (known(b)) return { a: other(b), b };
  return { a: promptOrder[0]!, b: other(promptOrder[0]!) };
}

export interface CompareRun {
  /** Input key + request: a run with the same key would give the same numbers. */
  key: string;
  inputKey: string;
  datasetId: string;
  /** What was asked, with A and B resolved to names. */
  request: CompareRequest;
  /** `cancelled`: stopped by the user; what had arrived is kept. */
  status: 'running' | 'done' | 'cancelled' | 'failed';
  /** The step running: the point table, the A-vs-B bootstrap, the ranking's bootstrap; `done` once all are. */
  phase: 'points' | ComparePhase | 'done';
  /** Share (0–1) of both bootstraps' resamples done. */
  progress: number;
  /** A, B and Δ per metric, before the intervals. */
  points: ComparisonPoints | null;
  /** The compared examples (example indices) with their targets and A/B predictions. */
  pairs: ComparedPairs | null;
  /** Every predictor at least one version has (for the predictor selector). */
  predictors: PredictorId[];
  /** Every version's rollout diagnostics and the full-length targets and A/B predictions (charts, reflection pack); null until they arrive. */
  context: CompareContext | null;
  /** The A-vs-B table with intervals and verdicts; null until its bootstrap is done. */
  comparison: VersionComparison | null;
  /** Δ CCC (B − A) per bootstrap resample, with `comparison`. */
  deltaCcc: Float64Array | null;
  /** The ranking: point values first (`rankingFinal` false), then with intervals and verdicts. */
  ranking: VersionRanking | null;
  rankingFinal: boolean;
  error: string | null;
}

export interface CompareSlice {
  compareOptions: CompareSelection;
  setCompareOptions: (patch: Partial<CompareSelection>) => void;
  /** The latest comparison of the open dataset; null before the first. */
  compare: CompareRun | null;
  /**
   * Starts the comparison `compareOptions` asks for, unless the same one (same input, same request)
   * is already running or done (or was cancelled: `force` runs it again). A newer request aborts
   * the running one. Needs an open dataset with at least two prompt versions.
   */
  runCompare: (options?: { force?: boolean }) => Promise<void>;
  /** Stops the running comparison; what had arrived stays. */
  cancelCompare: () => void;
}

/** What this slice holds of the open dataset (a comparison names its prompt versions), as another dataset starts it. */
export function resetForDataset(s: CompareSlice): Partial<CompareSlice> {
  return { compare: null, compareOptions: { ...s.compareOptions, a: null, b: null } };
}

export function createCompareSlice(deps: AppDeps, set: SetState, get: GetState): CompareSlice {
  let controller: AbortController | null = null;

  return {
    compareOptions: DEFAULT_COMPARE_SELECTION,
    setCompareOptions: (patch) => set((s) => ({ compareOptions: { ...s.compareOptions, ...patch } })),
    compare: null,
    cancelCompare() {
      // The job is stopped even when its state is gone already (another dataset was opened).
      controller?.abort(new DOMException('cancelled', 'AbortError'));
      controller = null;
      set((s) => (s.compare?.status === 'running' ? { compare: { ...s.compare, status: 'cancelled' } } : {}));
    },
    async runCompare({ force = false } = {}) {
      const s = get();
      const info = selectCurrentInfo(s);
      const examples = s.examples;
      if (!info || !examples || info.promptOrder.length < 2) return;
      const o = s.compareOptions;
      const versions = resolveVersions(info.promptOrder, o.a, o.b)!;
      const request: CompareRequest = {
        ...versions,
        predictor: o.predictor,
        options: { split: o.split, seed: o.seed, resamples: o.resamples },
      };
      const inputKey = analysisInputKey(info.id, examples, s.labels, s.targetPreference, info.scale, s.calibrations, s.applied);
      const key = `${inputKey}|${JSON.stringify(request)}`;
      const last = s.compare;
      if (!force && last?.key === key && last.status !== 'failed') return;

      controller?.abort(new DOMException('superseded', 'AbortError'));
      const mine = (controller = new AbortController());
      const patch = (p: Partial<CompareRun>) =>
        set((st) => (st.compare?.key === key && controller === mine ? { compare: { ...st.compare, ...p } } : {}));
      set({
        compare: {
          key,
          inputKey,
          datasetId: info.id,
          request,
          status: 'running',
          phase: 'points',
          progress: 0,
          points: null,
          context: null,
          pairs: null,
          predictors: [],
          comparison: null,
          deltaCcc: null,
          ranking: null,
          rankingFinal: false,
          error: null,
        },
      });
      try {
        await deps.analyzer.compare(inputKey, () => buildCurrentInput(s, info), request, {
          signal: mine.signal,
          onPoints: (points, pairs, predictors, ranking) => patch({ points, pairs, predictors, ranking, phase: 'pair' }),
          onContext: (context) => patch({ context }),
          onProgress: (progress, phase) => patch({ progress, phase }),
          onCompared: (comparison, deltaCcc) => patch({ comparison, deltaCcc, phase: 'ranking' }),
          onRanked: (ranking) => patch({ ranking, rankingFinal: true }),
        });
        patch({ status: 'done', phase: 'done', progress: 1 });
      } catch (e) {
        if (mine.signal.aborted) return;
        patch({ status: 'failed', error: errorMessage(e) });
      } finally {
        if (controller === mine) controller = null;
      }
    },
  };
}

/** True while the comparison's bootstraps are still computing. */
export function isCompareRunning(s: Pick<AppState, 'compare'>): boolean {
  return s.compare?.status === 'running';
}
