// Training slice: the Train screen's settings, the running (or last) training of the open dataset
// with its live curves, and the calibrators trained per prompt version, whose predictions the
// analysis and the error queue use. The maths is in calibrator/; this slice coordinates.
import { defaultK, type FeatureSetId } from '../calibrator/features.ts';
import {
  DEFAULT_GRID,
  DEFAULT_TRAIN_OPTIONS,
  gridConfigs,
  type CurvePoint,
  type GridConfig,
  type TrainOptions,
} from '../calibrator/trainer.ts';
import type { TrainOutcome } from '../calibrator/report.ts';
import type { AnalysisInput } from '../domain/analysisInput.ts';
import type { BackendChoice, BackendDecision } from '../workers/ortWeb.ts';
import type { AppDeps, GetState, SetState } from './appStore.ts';
import { errorMessage } from './appStore.ts';
import { buildCurrentInput } from './analysisSlice.ts';
import { selectCurrentInfo } from './selectors.ts';

export type FeatureSetChoice = 'auto' | FeatureSetId;

export interface TrainSettings {
  /** Prompt version to calibrate; null = the dataset's first. */
  prompt: string | null;
  featureSet: FeatureSetChoice;
  folds: number;
  hidden: number[];
  weightDecay: number[];
  lr: number[];
  maxEpochs: number;
  patience: number;
  seeds: number;
  backend: BackendChoice;
}

export const DEFAULT_TRAIN_SETTINGS: TrainSettings = {
  prompt: null,
  featureSet: 'auto',
  folds: DEFAULT_TRAIN_OPTIONS.folds,
  hidden: [...DEFAULT_GRID.hidden],
  weightDecay: [...DEFAULT_GRID.weightDecay],
  lr: [...DEFAULT_GRID.lr],
  maxEpochs: DEFAULT_TRAIN_OPTIONS.maxEpochs,
  patience: DEFAULT_TRAIN_OPTIONS.patience,
  seeds: DEFAULT_TRAIN_OPTIONS.seeds,
  backend: 'auto',
};

/** With more rollouts than this, `auto` picks the compact feature set (sorted-K overfits small data). */
export const AUTO_SORTED_MAX_K = 8;

export interface TrainRun {
  datasetId: string;
  prompt: string;
  options: TrainOptions;
  configs: GridConfig[];
  status: 'starting' | 'running' | 'stopping' | 'done' | 'failed';
  decision: BackendDecision | null;
  /** Shown when the backend changed under the run (WebGPU failed → WASM). */
  notice: string | null;
  epoch: number;
  active: number;
  models: number;
  /** Live curve of each configuration (means over its folds and seeds). */
  curves: CurvePoint[][];
  outcome: TrainOutcome | null;
  error: string | null;
  startedAt: number;
}

/** A trained calibrator of one prompt version of the open dataset. */
export interface Calibration extends TrainOutcome {
  datasetId: string;
}

export interface TrainSlice {
  trainSettings: TrainSettings;
  setTrainSettings: (patch: Partial<TrainSettings>) => void;
  trainRun: TrainRun | null;
  /** By prompt version, for the open dataset. */
  calibrations: Readonly<Record<string, Calibration>>;
  startTraining: () => Promise<void>;
  /** Ends the run after its current step; it keeps the best weights so far. */
  stopTraining: () => void;
  /** Abandons a run (dataset change): nothing of it is kept. */
  cancelTraining: () => void;
}

/** The options of a run: settings resolved against the input (prompt index, feature set, K). */
export function resolveTrainOptions(settings: TrainSettings, input: AnalysisInput, promptOrder: readonly string[]): TrainOptions {
  const promptName = settings.prompt ?? promptOrder[0];
  const prompt = promptOrder.findIndex((p) => p === promptName);
  if (prompt < 0) throw new Error(`the dataset has no prompt version ${promptName ?? ''}`);
  const k = defaultK(input.prompts[prompt]!, input.n);
  if (k === null) throw new Error(`prompt version ${promptName} has no rollouts`);
  const featureSet: FeatureSetId = settings.featureSet === 'auto' ? (k <= AUTO_SORTED_MAX_K ? 'sorted' : 'compact') : settings.featureSet;
  return {
    ...DEFAULT_TRAIN_OPTIONS,
    prompt,
    featureSet,
    k,
    folds: settings.folds,
    seeds: settings.seeds,
    grid: { hidden: settings.hidden, weightDecay: settings.weightDecay, lr: settings.lr },
    maxEpochs: settings.maxEpochs,
    patience: settings.patience,
  };
}

export function createTrainSlice(deps: AppDeps, set: SetState, get: GetState): TrainSlice {
  let controller: AbortController | null = null;
  const now = () => (deps.now ?? Date.now)();

  return {
    trainSettings: DEFAULT_TRAIN_SETTINGS,
    setTrainSettings: (patch) => set((s) => ({ trainSettings: { ...s.trainSettings, ...patch } })),
    trainRun: null,
    calibrations: {},
    async startTraining() {
      const s = get();
      const info = selectCurrentInfo(s);
      if (!info || !s.examples) return;
      if (s.trainRun && ['starting', 'running', 'stopping'].includes(s.trainRun.status)) return;
      controller?.abort();
      const mine = (controller = new AbortController());
      const promptName = s.trainSettings.prompt ?? info.promptOrder[0] ?? '';
      const patch = (p: Partial<TrainRun> | ((r: TrainRun) => Partial<TrainRun>)) =>
        set((st) => {
          if (controller !== mine || !st.trainRun) return {};
          return { trainRun: { ...st.trainRun, ...(typeof p === 'function' ? p(st.trainRun) : p) } };
        });
      set({
        trainRun: {
          datasetId: info.id,
          prompt: promptName,
          options: { ...DEFAULT_TRAIN_OPTIONS, prompt: 0, featureSet: 'sorted', k: 0 },
          configs: [],
          status: 'starting',
          decision: null,
          notice: null,
          epoch: 0,
          active: 0,
          models: 0,
          curves: [],
          outcome: null,
          error: null,
          startedAt: now(),
        },
      });
      try {
        const input = await buildCurrentInput(s, info);
        const options = resolveTrainOptions(s.trainSettings, input, info.promptOrder);
        const configs = gridConfigs(options.grid);
        patch({ options, configs, curves: configs.map(() => []) });
        const training = deps.trainer.train(input, options, s.trainSettings.backend, {
          signal: mine.signal,
          onBackend: (decision, notice) => patch((r) => ({ decision, notice, status: r.status === 'stopping' ? 'stopping' : 'running' })),
          onProgress: (p) =>
            patch((r) => ({
              epoch: p.epoch,
              active: p.active,
              models: p.models,
              curves: r.curves.map((c, i) => (p.points[i]?.length ? c.concat(p.points[i]) : c)),
            })),
        });
        // Stop pressed while the input was being built: the job is posted now, so it can be told.
        if (get().trainRun?.status === 'stopping') deps.trainer.stop();
        const outcome = await training;
        if (controller !== mine) return;
        patch({ status: 'done', outcome });
        set((st) => ({ calibrations: { ...st.calibrations, [outcome.result.model.prompt]: { datasetId: info.id, ...outcome } } }));
      } catch (e) {
        if (controller !== mine || mine.signal.aborted) return;
        patch({ status: 'failed', error: errorMessage(e) });
      }
    },
    stopTraining() {
      const run = get().trainRun;
      if (!run || (run.status !== 'running' && run.status !== 'starting')) return;
      deps.trainer.stop();
      set({ trainRun: { ...run, status: 'stopping' } });
    },
    cancelTraining() {
      controller?.abort(new DOMException('dataset changed', 'AbortError'));
      controller = null;
      set({ trainRun: null, calibrations: {} });
    },
  };
}
