// Training slice: the Train screen's settings, the running (or last) training of the open dataset
// with its live curves, and the calibrators trained per prompt version, whose predictions the
// analysis and the error queue use. The maths is in calibrator/; this slice coordinates.
import { DEFAULT_TRAIN_SETTINGS, resolveTrainOptions, type TrainSettings } from '../calibrator/settings.ts';
import { ownValue, withOwn } from '../domain/ownKeys.ts';
import { gridConfigs, type CurvePoint, type GridConfig } from '../calibrator/trainer.ts';
import { keepCandidate, type TrainOutcome } from '../calibrator/report.ts';
import type { Calibration } from '../persist/records/calibrator.ts';

export type { Calibration } from '../persist/records/calibrator.ts';
import type { BackendChoice, BackendDecision } from '../workers/ortWeb.ts';
import type { AppDeps, GetState, SetState } from './storeTypes.ts';
import { errorMessage, persistOrReport } from './storeTypes.ts';
import { buildCurrentInput } from './analysisSlice.ts';
import { selectCurrentInfo } from './selectors.ts';
import { DEFAULT_LOSS_WEIGHTS } from '../calibrator/candidates.ts';
import { DEFAULT_TEXT_SPEC } from '../calibrator/textModel.ts';

/**
 * The Train screen's settings: the trainer's, where to run, and the choice among candidates
 * (selection.ts): whether to try the reasoning and the other prompt versions' scores, and the
 * operating point's weights.
 */
export type TrainScreenSettings = TrainSettings & {
  backend: BackendChoice;
  text: boolean;
  multiVersion: boolean;
  lossCcc: number;
  lossNmse: number;
};

export const DEFAULT_TRAIN_SCREEN_SETTINGS: TrainScreenSettings = {
  ...DEFAULT_TRAIN_SETTINGS,
  backend: 'auto',
  text: true,
  multiVersion: false,
  lossCcc: DEFAULT_LOSS_WEIGHTS.ccc,
  lossNmse: DEFAULT_LOSS_WEIGHTS.nmse,
};

export interface TrainRun {
  datasetId: string;
  prompt: string;
  maxEpochs: number;
  configs: GridConfig[];
  status: 'starting' | 'running' | 'stopping' | 'done' | 'failed';
  /** What the run does before its first epoch, in words (the worker's `stage`); null until it says. */
  stage: string | null;
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
}

/** True while `run` is starting, running or stopping: not yet done or failed. */
export function isTrainRunBusy(run: Pick<TrainRun, 'status'>): boolean {
  return run.status === 'starting' || run.status === 'running' || run.status === 'stopping';
}

export interface TrainSlice {
  trainSettings: TrainScreenSettings;
  setTrainSettings: (patch: Partial<TrainScreenSettings>) => void;
  trainRun: TrainRun | null;
  /** By prompt version, for the open dataset. */
  calibrations: Readonly<Record<string, Calibration>>;
  startTraining: () => Promise<void>;
  /** Ends the run after its current step; it keeps the best weights so far. */
  stopTraining: () => void;
  /** The Train screen opened: when the next run may read the reasoning, the training worker warms its featuriser up meanwhile. */
  warmTrainer: () => void;
  /** Abandons a run (dataset change): nothing of it is kept. Stored calibrators stay stored. */
  cancelTraining: () => void;
  /** Keeps another candidate of the prompt version's calibration (no training): its predictions become the calibrator's. */
  keepCandidate: (prompt: string, id: string) => Promise<void>;
}

/** What this slice holds of the open dataset (a calibrator belongs to the dataset it was trained on), as another dataset starts it. */
export function resetForDataset(): Partial<TrainSlice> {
  return { calibrations: {}, trainRun: null };
}

export function createTrainSlice(deps: AppDeps, set: SetState, get: GetState): TrainSlice {
  let controller: AbortController | null = null;

  /** Shows a calibration as its prompt version's and stores it; a storage error is shown, the calibration kept for the session. */
  async function saveCalibration(calibration: Calibration): Promise<void> {
    const prompt = calibration.result.model.prompt;
    set((st) => ({ calibrations: withOwn(st.calibrations, prompt, calibration) }));
    await persistOrReport(
      deps,
      set,
      (db) => db.putCalibrator({ datasetId: calibration.datasetId, prompt, value: calibration }),
      'the trained calibrator was not saved',
    );
  }

  return {
    trainSettings: DEFAULT_TRAIN_SCREEN_SETTINGS,
    setTrainSettings: (patch) => set((s) => ({ trainSettings: { ...s.trainSettings, ...patch } })),
    trainRun: null,
    calibrations: {},
    async startTraining() {
      const s = get();
      const info = selectCurrentInfo(s);
      if (!info || !s.examples) return;
      if (s.trainRun && isTrainRunBusy(s.trainRun)) return;
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
          maxEpochs: s.trainSettings.maxEpochs,
          configs: [],
          status: 'starting',
          stage: null,
          decision: null,
          notice: null,
          epoch: 0,
          active: 0,
          models: 0,
          curves: [],
          outcome: null,
          error: null,
        },
      });
      try {
        const input = await buildCurrentInput(s, info);
        const options = resolveTrainOptions(s.trainSettings, input, info.promptOrder);
        const configs = gridConfigs(options.grid);
        patch({ configs, curves: configs.map(() => []) });
        const ts = s.trainSettings;
        const training = deps.trainer.train(input, options, ts.backend, {
          // The worker reads the version's reasoning from storage itself, a chunk at a time: the page holds no text.
          selection: {
            texts: null,
            storedTexts: ts.text ? info.id : null,
            options: {
              weights: { ccc: ts.lossCcc, nmse: ts.lossNmse },
              text: ts.text ? DEFAULT_TEXT_SPEC : null,
              multiVersion: ts.multiVersion,
            },
          },
          signal: mine.signal,
          onStage: (stage) => patch({ stage }),
          // A notice means the run starts over on another backend: its curves start over too.
          onBackend: (decision, notice) =>
            patch((r) => ({
              decision,
              notice,
              status: r.status === 'stopping' ? 'stopping' : 'running',
              ...(notice ? { curves: r.curves.map(() => []), epoch: 0, models: 0 } : {}),
            })),
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
        await saveCalibration({ datasetId: info.id, ...outcome });
      } catch (e) {
        if (controller !== mine || mine.signal.aborted) return;
        patch({ status: 'failed', error: errorMessage(e) });
      }
    },
    warmTrainer() {
      if (get().trainSettings.text) deps.trainer.warm();
    },
    stopTraining() {
      const run = get().trainRun;
      if (!run || (run.status !== 'running' && run.status !== 'starting')) return;
      deps.trainer.stop();
      set({ trainRun: { ...run, status: 'stopping' } });
    },
    async keepCandidate(prompt, id) {
      const s = get();
      const info = selectCurrentInfo(s);
      const cal = ownValue(s.calibrations, prompt);
      if (!info || !cal || cal.datasetId !== info.id) return;
      const input = await buildCurrentInput(s, info);
      const kept: Calibration = { ...keepCandidate(cal, input, info.promptOrder.indexOf(prompt), id), datasetId: info.id };
      set((st) => ({
        trainRun:
          st.trainRun && st.trainRun.datasetId === info.id && st.trainRun.outcome?.result.model.prompt === prompt
            ? { ...st.trainRun, outcome: kept }
            : st.trainRun,
      }));
      await saveCalibration(kept);
    },
    cancelTraining() {
      controller?.abort(new DOMException('dataset changed', 'AbortError'));
      controller = null;
      set({ trainRun: null });
    },
  };
}
