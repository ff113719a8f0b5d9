// Analysis slice: runs the Analyze report for the open dataset in the analysis worker and keeps
// what it answers (point estimates first, CIs as they come). The numbers come from
// domain/analysis.ts; this slice only coordinates and remembers.
import type { AnalysisOptions, AnalysisReport, MetricCis, PredictionTable } from '../domain/analysis.ts';
import { DEFAULT_ANALYSIS_OPTIONS } from '../domain/analysis.ts';
import { analysisInputSteps, type AnalysisInput, type TargetPreference } from '../domain/analysisInput.ts';
import { labelValues, type LabelState } from '../domain/labels.ts';
import { ownValue } from '../domain/ownKeys.ts';
import type { DatasetInfo, Scale } from '../domain/types.ts';
import type { AppDeps, AppState, GetState, SetState } from './storeTypes.ts';
import { errorMessage } from './storeTypes.ts';
import { selectCurrentInfo } from './selectors.ts';
import { keptPredictions } from '../calibrator/report.ts';
import type { ExampleCore } from '../domain/exampleCore.ts';

export interface AnalysisRun {
  /** Input key + options: a run with the same key would give the same numbers. */
  key: string;
  inputKey: string;
  options: AnalysisOptions;
  status: 'running' | 'done' | 'failed';
  /** Null until the point estimates arrive. */
  report: AnalysisReport | null;
  /** Predictors whose CIs are still being computed. */
  pendingCis: number;
  /** Share (0–1) of the bootstrap resamples done. */
  ciProgress: number;
  error: string | null;
  /** Milliseconds from the request to the point estimates, and to the last CI. */
  estimatesMs: number | null;
  totalMs: number | null;
}

export interface AnalysisSlice {
  /** Split, bootstrap seed and resamples the Analyze screen asks for. */
  analysisOptions: AnalysisOptions;
  setAnalysisOptions: (patch: Partial<AnalysisOptions>) => void;
  /** The latest analysis of the open dataset; null before the first. */
  analysis: AnalysisRun | null;
  /** Targets and predictions (per prompt, per predictor) behind the report, for the charts; they do not depend on the split. */
  analysisTable: { inputKey: string; table: PredictionTable } | null;
  /** Starts (or keeps) the analysis of the open dataset with `analysisOptions`. */
  runAnalysis: () => Promise<void>;
}

/** Lets the browser paint between steps of main-thread work. */
const nextTask = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

// Example arrays and label states are replaced, never mutated, so their identity versions the data.
const versions = new WeakMap<object, number>();
let nextVersion = 1;
function versionOf(o: object): number {
  let v = versions.get(o);
  if (v === undefined) versions.set(o, (v = nextVersion++));
  return v;
}

/**
 * Names the analysis input of a dataset state (examples, hand labels, scale, trained and applied
 * calibrators): same key, same numbers.
 */
export function analysisInputKey(
  datasetId: string,
  examples: ExampleCore[],
  labels: LabelState,
  prefer: TargetPreference,
  scale: Scale,
  calibrations: object = NO_CALIBRATIONS,
  applied: object = NO_CALIBRATIONS,
): string {
  return `${datasetId}#${versionOf(examples)}#${versionOf(labels)}#${prefer}#${scale.min}:${scale.max}:${scale.step ?? ''}#${versionOf(calibrations)}#${versionOf(applied)}`;
}

const NO_CALIBRATIONS = {};

/**
 * The analysis input of the open dataset, built in steps so the main thread paints between them,
 * with the predictions of the calibrators trained on it and applied to it (copied: the input is
 * transferred away).
 */
export async function buildCurrentInput(s: AppState, info: DatasetInfo): Promise<AnalysisInput> {
  const examples = s.examples ?? [];
  const steps = analysisInputSteps(examples, info.promptOrder, info.scale, (id) => labelValues(s.labels, id), s.targetPreference);
  for (;;) {
    const step = steps.next();
    if (step.done) {
      const input = step.value;
      for (const p of input.prompts) {
        const cal = ownValue(s.calibrations, p.prompt);
        if (cal && cal.datasetId === info.id && keptPredictions(cal).length === input.n) p.calibrated = keptPredictions(cal).slice();
        const applied = s.applied.filter((a) => a.prompt === p.prompt && a.datasetId === info.id && a.predictions.length === input.n);
        if (applied.length > 0) p.applied = applied.map((a) => ({ name: a.name, values: a.predictions.slice() }));
      }
      return input;
    }
    await nextTask();
  }
}

function withCis(report: AnalysisReport, prompt: number, predictor: number, cis: MetricCis | null): AnalysisReport {
  return {
    ...report,
    prompts: report.prompts.map((p, pi) =>
      pi !== prompt ? p : { ...p, predictors: p.predictors.map((r, ri) => (ri === predictor ? { ...r, cis } : r)) },
    ),
  };
}

/** What this slice holds of the open dataset (its last analysis: by example index), as another dataset starts it. */
export function resetForDataset(): Partial<AnalysisSlice> {
  return { analysis: null, analysisTable: null };
}

export function createAnalysisSlice(deps: AppDeps, set: SetState, get: GetState): AnalysisSlice {
  let controller: AbortController | null = null;

  return {
    analysisOptions: DEFAULT_ANALYSIS_OPTIONS,
    setAnalysisOptions: (patch) => set((s) => ({ analysisOptions: { ...s.analysisOptions, ...patch } })),
    analysis: null,
    analysisTable: null,
    async runAnalysis() {
      const s = get();
      const info = selectCurrentInfo(s);
      const examples = s.examples;
      if (!info || !examples) return;
      const options = s.analysisOptions;
      const labels = s.labels;
      const prefer = s.targetPreference;
      const inputKey = analysisInputKey(info.id, examples, labels, prefer, info.scale, s.calibrations, s.applied);
      const key = `${inputKey}|${options.split}|${options.seed}|${options.resamples}`;
      if (s.analysis?.key === key && s.analysis.status !== 'failed') return;

      controller?.abort(new DOMException('superseded', 'AbortError'));
      const mine = (controller = new AbortController());
      const started = performance.now();
      const patch = (p: Partial<AnalysisRun>) =>
        set((st) => (st.analysis?.key === key && controller === mine ? { analysis: { ...st.analysis, ...p } } : {}));
      set({
        analysis: {
          key,
          inputKey,
          options,
          status: 'running',
          report: null,
          pendingCis: 0,
          ciProgress: 0,
          error: null,
          estimatesMs: null,
          totalMs: null,
        },
      });
      try {
        await deps.analyzer.analyze(inputKey, () => buildCurrentInput(s, info), options, {
          signal: mine.signal,
          onEstimates: (report, table) => {
            if (controller !== mine) return;
            if (table) set({ analysisTable: { inputKey, table } });
            const pending = options.resamples > 0 ? report.prompts.reduce((k, p) => k + p.predictors.length, 0) : 0;
            patch({ report, pendingCis: pending, estimatesMs: performance.now() - started });
          },
          onProgress: (share) => patch({ ciProgress: share }),
          onCis: (prompt, predictor, cis) => {
            const run = get().analysis;
            if (controller !== mine || run?.key !== key || !run.report) return;
            patch({ report: withCis(run.report, prompt, predictor, cis), pendingCis: Math.max(0, run.pendingCis - 1) });
          },
        });
        patch({ status: 'done', pendingCis: 0, ciProgress: 1, totalMs: performance.now() - started });
      } catch (e) {
        if (mine.signal.aborted) return;
        patch({ status: 'failed', error: errorMessage(e) });
      }
    },
  };
}
