// The MENTAT trainer (docs/ARCHITECTURE.md §9.4): K-fold cross-validation over the labelled train + val examples
// of one prompt version, a hyper-parameter grid × folds × seeds trained as one batch, early
// stopping on each fold's validation CCC (best weights kept), model selection by out-of-fold CCC,
// and the final calibrator = the ensemble of the selected configuration's fold models. The
// onnxruntime is passed in, so the same loop runs in the browser worker, the CLI and node tests.
// The test split is never seen here except to be predicted.
import type { AnalysisInput } from '../domain/analysisInput.ts';
import { ccc as cccOf, nmse as nmseOf } from '../domain/metrics/pairwise.ts';
import { createRng } from '../domain/rng.ts';
import {
  BatchPredictor,
  BatchTrainer,
  type BatchData,
  type ExecutionProvider,
  type ModelParams,
  type ModelSpec,
  type OrtRuntime,
} from './engine.ts';
import {
  buildFeatures,
  featureStats,
  fromUnit,
  standardise,
  toUnit,
  type FeatureMatrix,
  type FeatureSetId,
  type FeatureStats,
} from './features.ts';
import { SPLITS } from '../domain/types.ts';
import { DEFAULT_LOSS_WEIGHTS, type LossWeights } from './trainGraph.ts';

export interface TrainGrid {
  hidden: readonly number[];
  weightDecay: readonly number[];
  lr: readonly number[];
}

export interface TrainOptions {
  /** Index of the prompt version in `input.prompts`. */
  prompt: number;
  featureSet: FeatureSetId;
  /** Rollouts per example for the sorted feature set (default: the most common count). */
  k: number;
  folds: number;
  /** Independent inits per configuration and fold; the ensemble averages them all. */
  seeds: number;
  grid: TrainGrid;
  maxEpochs: number;
  /** Epochs without a better validation CCC before a model stops. */
  patience: number;
  /** Adam steps per graph run. */
  steps: number;
  loss: LossWeights;
  seed: number;
}

export const DEFAULT_GRID: TrainGrid = { hidden: [4, 8, 16], weightDecay: [0, 0.1, 1], lr: [0.01] };

export const DEFAULT_TRAIN_OPTIONS: Omit<TrainOptions, 'prompt' | 'featureSet' | 'k'> = {
  folds: 5,
  seeds: 1,
  grid: DEFAULT_GRID,
  maxEpochs: 2000,
  patience: 200,
  steps: 10,
  loss: DEFAULT_LOSS_WEIGHTS,
  seed: 0,
};

/** Smallest gain in validation CCC that counts as progress for early stopping. */
export const MIN_GAIN = 1e-3;

/** Fewest labelled train + val examples worth cross-validating. */
export const MIN_TRAIN_EXAMPLES = 10;

export interface GridConfig {
  hidden: number;
  weightDecay: number;
  lr: number;
}

export function gridConfigs(grid: TrainGrid): GridConfig[] {
  const out: GridConfig[] = [];
  for (const hidden of grid.hidden)
    for (const weightDecay of grid.weightDecay) for (const lr of grid.lr) out.push({ hidden, weightDecay, lr });
  return out;
}

/** One point of a configuration's live curve: means over its folds and seeds. */
export interface CurvePoint {
  epoch: number;
  loss: number;
  trainCcc: number;
  valCcc: number;
}

export interface TrainProgress {
  epoch: number;
  maxEpochs: number;
  /** Models still improving. */
  active: number;
  models: number;
  /** New points since the previous progress report, per configuration. */
  points: CurvePoint[][];
}

export interface ConfigResult {
  config: GridConfig;
  /** CCC and NMSE of the out-of-fold predictions over every train + val example (original scale). */
  oofCcc: number | null;
  oofNmse: number | null;
  /** Mean epoch of the kept (best-validation) weights. */
  bestEpoch: number;
}

/** A trained calibrator: everything needed to predict from raw rollout scores (and, later, to export). */
export interface CalibratorModel {
  prompt: string;
  featureSet: FeatureSetId;
  k: number;
  scale: AnalysisInput['scale'];
  stats: { mean: number[]; sd: number[] };
  /** Hidden units of every member (the chosen configuration's). */
  h: number;
  config: GridConfig;
  /** The ensemble: one member per fold × seed of the selected configuration. */
  members: { w1: number[]; b1: number[]; w2: number[]; b2: number[] }[];
  seed: number;
}

/**
 * The stacked MLP (stacking.ts): a CalibratorModel whose members read F + 1 inputs, the
 * standardised score features then the text input (t − text.mean) / text.sd, t being the text
 * ridge's unit-space prediction (TextRidgeRun.unit).
 */
export interface StackedModel extends CalibratorModel {
  text: { mean: number; sd: number };
}

/** The stacked MLP of a run whose plan had one: its grid, choice, predictions and spread, as TrainResult has the score-only MLP's. */
export interface StackedResult {
  model: StackedModel;
  configs: ConfigResult[];
  selected: number;
  predictions: Float64Array;
  spread: Float64Array;
}

export interface TrainResult {
  model: CalibratorModel;
  configs: ConfigResult[];
  selected: number;
  /**
   * Calibrated prediction per example on the dataset scale: out-of-fold on the labelled train + val
   * examples (an honest estimate), the ensemble's elsewhere; NaN where the example has no features.
   */
  predictions: Float64Array;
  /**
   * Disagreement of the ensemble per example: the population sd of its members' predictions (before
   * clipping) on the dataset scale, NaN where it cannot predict. Large where the fold models,
   * trained on different examples, extrapolate differently: the examples worth labelling next.
   */
  spread: Float64Array;
  /** The stacked MLP, when the plan trained one beside (stackPlan). */
  stacked?: StackedResult;
  /** Examples the calibrator was cross-validated on (labelled train + val with features). */
  devExamples: Int32Array;
  counts: { train: number; test: number; tooFewRollouts: number; noRollouts: number };
  /** The options of the run, and the folds it used (fewer than asked when there were few examples). Absent on calibrators saved before export existed. */
  options?: TrainOptions;
  folds?: number;
  epochs: number;
  provider: ExecutionProvider;
  cancelled: boolean;
  ms: number;
}

export interface TrainHooks {
  onProgress?: (p: TrainProgress) => void;
  /** Stops after the current run; the best weights so far are kept. */
  signal?: AbortSignal;
  now?: () => number;
  /**
   * Drop stopped models from the batch (default true). Only the work changes, never a result: a
   * stopped model's kept weights are final either way, and the others train bit for bit as in the
   * full batch. Off runs every model to the end, as the bench's baseline does.
   */
  dropStopped?: boolean;
}

/**
 * Whether to narrow a batch of `b` models to the `live` still improving: once at least an eighth
 * of it (at least one model) has stopped. Narrowing costs a gather of the state (about 0.1–0.5 ms
 * at B = 45 on onnxruntime-node) and the session runs any B, so it pays for itself within a run;
 * the eighth only spares a new input shape on every single stop.
 */
function worthNarrowing(b: number, live: number): boolean {
  return live < b && b - live >= Math.max(1, Math.floor(b / 8));
}

/** Fold of each of `n` examples: a seeded shuffle dealt round-robin, so fold sizes differ by at most one. */
export function assignFolds(n: number, folds: number, seed: number): Uint8Array {
  const rng = createRng(seed);
  const order = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  const out = new Uint8Array(n);
  order.forEach((e, i) => (out[e] = i % folds));
  return out;
}

/**
 * A member as plain numbers, cut from the batch's H hidden units to its own `hidden` and from the
 * batch's feature columns to the ones it reads, in order (the masked units and columns never
 * influenced a prediction, but keep their random init: a saved model must not carry them).
 */
function toNumbers(p: ModelParams, columns: readonly number[], h: number, hidden: number) {
  const w1: number[] = [];
  for (const k of columns) for (let j = 0; j < hidden; j++) w1.push(p.w1[k * h + j]!);
  return { w1, b1: Array.from(p.b1.subarray(0, hidden)), w2: Array.from(p.w2.subarray(0, hidden)), b2: Array.from(p.b2) };
}

function fromNumbers(p: CalibratorModel['members'][number]): ModelParams {
  return { w1: Float32Array.from(p.w1), b1: Float32Array.from(p.b1), w2: Float32Array.from(p.w2), b2: Float32Array.from(p.b2) };
}

export class TrainError extends Error {}

/** Awaitable task boundaries (a MessageChannel round trip: unlike setTimeout, never clamped to 4 ms). */
function macrotasks(): { next(): Promise<void>; close(): void } {
  const channel = new MessageChannel();
  let wake: (() => void) | null = null;
  channel.port1.onmessage = () => {
    const w = wake;
    wake = null;
    w?.();
  };
  return {
    next: () =>
      new Promise<void>((resolve) => {
        wake = resolve;
        channel.port2.postMessage(null);
      }),
    close: () => {
      channel.port1.close();
      channel.port2.close();
    },
  };
}

/** Everything a training run needs, computed once: features, cross-validation folds and the batch of models. */
/** What a plan with stacked models adds: their configurations and the text input's standardisation. */
export interface StackSpec {
  /** The stacked models' configurations: `TrainPlan.configs` continued (model config indices C, C + 1, …). */
  configs: GridConfig[];
  /** Score features F; the batch's columns F + k (k < folds) are the text inputs of fold k's models. */
  f: number;
  /** Mean and population sd of the text input over the dev examples' out-of-fold values (unit space). */
  mean: number;
  sd: number;
}

export interface TrainPlan {
  options: TrainOptions;
  prompt: string;
  scale: AnalysisInput['scale'];
  features: FeatureMatrix;
  stats: FeatureStats;
  /** Standardised features of every feature row (`data.f` columns: the score features, then any text columns of a stacked plan). */
  xAll: Float64Array;
  /** Feature-matrix rows of the labelled train + val examples, and their batch data. */
  devRows: number[];
  data: BatchData;
  /** Targets of the dev rows on the dataset scale. */
  yDev: Float64Array;
  fold: Uint8Array;
  folds: number;
  configs: GridConfig[];
  h: number;
  /** Config-major, then fold, then seed; a stacked plan's models follow with configs C, C + 1, … */
  models: (ModelSpec & { config: number; fold: number })[];
  /** The stacked MLP trained in the same batch (stackPlan), absent on a score-only plan. */
  stack?: StackSpec;
  testCount: number;
  /** Total examples n of the input (predictions are per example). */
  n: number;
}

/** Builds the plan; a TrainError says in words why a dataset cannot be trained on. */
export function planTraining(input: AnalysisInput, options: TrainOptions): TrainPlan {
  const rollouts = input.prompts[options.prompt];
  if (!rollouts) throw new TrainError(`no prompt version #${options.prompt}`);
  const { scale } = input;
  const features = buildFeatures(rollouts, input.n, scale, { set: options.featureSet, k: options.k });
  const f = features.f;

  const devRows: number[] = [];
  let testCount = 0;
  features.rows.forEach((e, row) => {
    if (!Number.isFinite(input.targets[e]!)) return;
    if (input.splits[e] === SPLITS.indexOf('test')) testCount++;
    else devRows.push(row);
  });
  if (devRows.length < MIN_TRAIN_EXAMPLES) {
    throw new TrainError(
      `needs at least ${MIN_TRAIN_EXAMPLES} labelled train/val examples with usable rollouts of prompt ${rollouts.prompt}, has ${devRows.length}`,
    );
  }
  const folds = Math.min(options.folds, devRows.length);
  if (folds < 2) throw new TrainError('cross-validation needs at least 2 folds');
  const stats = featureStats(features, devRows);
  const xAll = standardise(features, stats);
  const n = devRows.length;
  const x = new Float32Array(n * f);
  const y = new Float32Array(n);
  const yDev = new Float64Array(n);
  devRows.forEach((row, i) => {
    x.set(xAll.subarray(row * f, (row + 1) * f), i * f);
    yDev[i] = input.targets[features.rows[row]!]!;
    y[i] = toUnit(yDev[i]!, scale);
  });
  let yVaries = false;
  for (let i = 1; i < n && !yVaries; i++) yVaries = yDev[i] !== yDev[0];
  if (!yVaries) throw new TrainError('every labelled train/val example has the same target: there is nothing to calibrate');
  const fold = assignFolds(n, folds, options.seed);

  const configs = gridConfigs(options.grid);
  if (configs.length === 0) throw new TrainError('the hyper-parameter grid is empty');
  const h = Math.max(...configs.map((c) => c.hidden));
  const models: TrainPlan['models'] = [];
  configs.forEach((c, ci) => {
    for (let k = 0; k < folds; k++) {
      for (let s = 0; s < options.seeds; s++) {
        const trainWeights = new Float32Array(n);
        const valWeights = new Float32Array(n);
        for (let i = 0; i < n; i++) (fold[i] === k ? valWeights : trainWeights)[i] = 1;
        // Every model of a configuration gets its own init; configurations share inits per fold and seed.
        const seed = options.seed * 100_003 + s * 1009 + k;
        models.push({ trainWeights, valWeights, lr: c.lr, weightDecay: c.weightDecay, hidden: c.hidden, seed, config: ci, fold: k });
      }
    }
  });
  return {
    options,
    prompt: rollouts.prompt,
    scale,
    features,
    stats,
    xAll,
    devRows,
    data: { n, f, x, y },
    yDev,
    fold,
    folds,
    configs,
    h,
    models,
    testCount,
    n: input.n,
  };
}

/** Milliseconds per run of the plan's batch on `provider`: the median of `runs` timed runs after one warm-up. */
export async function timeRuns(
  ort: OrtRuntime,
  provider: ExecutionProvider,
  plan: TrainPlan,
  runs = 3,
  now = () => performance.now(),
): Promise<number> {
  const trainer = await BatchTrainer.create(ort, plan.data, plan.models, {
    h: plan.h,
    steps: plan.options.steps,
    provider,
    loss: plan.options.loss,
  });
  try {
    await trainer.run();
    const times: number[] = [];
    for (let r = 0; r < runs; r++) {
      const t = now();
      await trainer.run();
      times.push(now() - t);
    }
    times.sort((a, b) => a - b);
    return times[Math.floor(times.length / 2)]!;
  } finally {
    await trainer.release();
  }
}

export async function train(ort: OrtRuntime, provider: ExecutionProvider, plan: TrainPlan, hooks: TrainHooks = {}): Promise<TrainResult> {
  const now = hooks.now ?? (() => performance.now());
  const started = now();
  const { options, models, h } = plan;
  const trainer = await BatchTrainer.create(ort, plan.data, models, { h, steps: options.steps, provider, loss: options.loss });
  let stopped: EarlyStopped;
  try {
    stopped = await trainUntilStopped(trainer, plan, hooks, now);
  } finally {
    await trainer.release();
  }
  const result = await assembleCalibrator(ort, provider, plan, stopped);
  result.ms = now() - started;
  return result;
}

/** What the early-stopping loop leaves: each model's best weights and the epoch they came from. */
interface EarlyStopped {
  best: ModelParams[];
  bestEpoch: Int32Array;
  epochs: number;
  cancelled: boolean;
}

/**
 * Runs the batch epoch by epoch until every model has stopped (no gain of MIN_GAIN in validation CCC
 * for `patience` epochs), `maxEpochs` or the signal, keeping each model's best weights, reporting
 * the curves at most every 100 ms and narrowing the batch to the models still training.
 */
async function trainUntilStopped(trainer: BatchTrainer, plan: TrainPlan, hooks: TrainHooks, now: () => number): Promise<EarlyStopped> {
  const { options, models } = plan;
  // The score-only MLP's configurations, then the stacked MLP's (one curve each).
  const configs = plan.stack ? [...plan.configs, ...plan.stack.configs] : plan.configs;
  const b = models.length;
  const dropStopped = hooks.dropStopped ?? true;
  const best: (ModelParams | null)[] = Array.from({ length: b }, () => null);
  const bestCcc = new Float64Array(b).fill(-Infinity);
  const bestEpoch = new Int32Array(b);
  // Patience restarts only on a gain of at least MIN_GAIN (a CCC creeping up by 1e-6 per run is not
  // progress), while the kept weights follow every gain until the model stops. A stopped model is
  // done for good: its kept weights are final, whatever the rest of the batch still does, so it
  // can leave the batch (dropStopped) without changing any result.
  const patienceFrom = new Int32Array(b);
  const patienceCcc = new Float64Array(b).fill(-Infinity);
  const stopped = new Uint8Array(b);
  let active = b;
  // The latest statistics of each model: a stopped model's stay as they were when it stopped.
  const lastLoss = new Float64Array(b);
  const lastTrain = new Float64Array(b);
  const lastVal = new Float64Array(b);
  /** The plan's model at each position of the (narrowing) batch. */
  let ids = models.map((_, i) => i);
  let pending: CurvePoint[][] = configs.map(() => []);
  let lastReport = now();
  let cancelled = false;
  const pause = macrotasks();
  try {
    while (trainer.epochsDone < options.maxEpochs) {
      // onnxruntime-web's WASM run() resolves without leaving the task, so without this the
      // worker would never see a Stop message until training ended.
      await pause.next();
      if (hooks.signal?.aborted) {
        cancelled = true;
        break;
      }
      const run = await trainer.run();
      const improved: number[] = [];
      const evaluated = new Uint8Array(configs.length);
      ids.forEach((m, pos) => {
        if (stopped[m]) return;
        evaluated[models[m]!.config] = 1;
        lastLoss[m] = run.loss[pos * options.steps]!;
        lastTrain[m] = run.trainCcc[pos]!;
        const v = run.valCcc[pos]!;
        lastVal[m] = v;
        if (Number.isFinite(v) && v > bestCcc[m]!) {
          bestCcc[m] = v;
          bestEpoch[m] = run.epochsBefore;
          improved.push(pos);
          if (v >= patienceCcc[m]! + MIN_GAIN) {
            patienceCcc[m] = v;
            patienceFrom[m] = run.epochsBefore;
          }
        }
        // Never stopped before it has kept any weights (a validation CCC that is not finite yet).
        if (run.epochsBefore - patienceFrom[m]! >= options.patience && bestCcc[m]! > -Infinity) {
          stopped[m] = 1;
          active--;
        }
      });
      if (improved.length > 0) {
        const snap = await trainer.params(improved, 'runStart');
        improved.forEach((pos, i) => (best[ids[pos]!] = snap[i]!));
      }
      configs.forEach((_, ci) => {
        if (!evaluated[ci]) return; // every model of the configuration had stopped: its curve has ended
        let loss = 0;
        let tr = 0;
        let va = 0;
        let count = 0;
        models.forEach((m, mi) => {
          if (m.config !== ci) return;
          loss += lastLoss[mi]!;
          tr += lastTrain[mi]!;
          va += lastVal[mi]!;
          count++;
        });
        pending[ci]!.push({ epoch: run.epochsBefore, loss: loss / count, trainCcc: tr / count, valCcc: va / count });
      });
      const t = now();
      const done = active === 0 || trainer.epochsDone >= options.maxEpochs;
      if (hooks.onProgress && (t - lastReport >= 100 || done)) {
        hooks.onProgress({ epoch: trainer.epochsDone, maxEpochs: options.maxEpochs, active, models: b, points: pending });
        pending = configs.map(() => []);
        lastReport = t;
      }
      if (done) break;
      if (dropStopped) {
        const live = ids.flatMap((m, pos) => (stopped[m] ? [] : [pos]));
        if (worthNarrowing(trainer.b, live.length)) {
          // Never down to one model: onnxruntime's kernels take another path for B = 1, which
          // rounds differently; a stopped model rides along instead (its results are ignored).
          const keep = live.length > 1 ? live : [...live, ids.findIndex((m) => stopped[m])].sort((x, y) => x - y);
          if (keep.length < trainer.b) {
            await trainer.keep(keep);
            ids = keep.map((pos) => ids[pos]!);
          }
        }
      }
    }
  } finally {
    pause.close();
  }
  if (best.some((p) => p === null)) throw new TrainError('training stopped before any model was evaluated');
  return { best: best as ModelParams[], bestEpoch, epochs: trainer.epochsDone, cancelled };
}

/**
 * The calibrator of a finished batch: the score-only MLP (and the stacked one, when the plan has it)
 * assembled from the models' best weights (`assemble`), with the run's counts and settings.
 */
async function assembleCalibrator(
  ort: OrtRuntime,
  provider: ExecutionProvider,
  plan: TrainPlan,
  stopped: EarlyStopped,
): Promise<TrainResult> {
  const { options, h } = plan;
  const { best: bestParams, bestEpoch, epochs, cancelled } = stopped;
  const predictor = await BatchPredictor.create(ort, plan.data.f, h, provider);
  try {
    const c = plan.configs.length;
    const scoreColumns = Array.from({ length: plan.features.f }, (_, k) => k);
    const scoreOnly = await assemble(plan, predictor, bestParams, bestEpoch, range(0, c), () => scoreColumns);
    const result: TrainResult = {
      model: scoreOnly.model,
      configs: scoreOnly.configs,
      selected: scoreOnly.selected,
      predictions: scoreOnly.predictions,
      spread: scoreOnly.spread,
      devExamples: Int32Array.from(plan.devRows, (row) => plan.features.rows[row]!),
      counts: {
        train: plan.data.n,
        test: plan.testCount,
        tooFewRollouts: plan.features.tooFewRollouts,
        noRollouts: plan.features.noRollouts,
      },
      options,
      folds: plan.folds,
      epochs,
      provider,
      cancelled,
      ms: 0,
    };
    const stack = plan.stack;
    if (stack) {
      const s = await assemble(plan, predictor, bestParams, bestEpoch, range(c, c + stack.configs.length), (fold) => [
        ...scoreColumns,
        stack.f + fold,
      ]);
      result.stacked = { ...s, model: { ...s.model, text: { mean: stack.mean, sd: stack.sd } } };
    }
    return result;
  } finally {
    await predictor.release();
  }
}

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from }, (_, i) => from + i);
}

/**
 * One MLP of a finished batch: the out-of-fold predictions of each of its configurations `group`
 * (indices into the plan's configurations, stacked ones continuing the score-only ones), the one
 * with the best out-of-fold CCC, and the ensemble of its fold models on every feature row. A member
 * of fold k keeps the weights of `columns(k)`, the batch columns it reads.
 */
async function assemble(
  plan: TrainPlan,
  predictor: BatchPredictor,
  bestParams: readonly ModelParams[],
  bestEpoch: Int32Array,
  group: readonly number[],
  columns: (fold: number) => number[],
): Promise<Pick<TrainResult, 'model' | 'configs' | 'selected' | 'predictions' | 'spread'>> {
  const { options, models, h, fold, yDev, devRows, features, xAll, scale, stats } = plan;
  const { n, x } = plan.data;
  const allConfigs = plan.stack ? [...plan.configs, ...plan.stack.configs] : plan.configs;
  const inGroup = models.flatMap((m, i) => (group.includes(m.config) ? [i] : []));
  const spec = (i: number) => ({ params: bestParams[i]!, hidden: models[i]!.hidden, features: models[i]!.features });

  // Out-of-fold predictions of every configuration (mean over seeds), on the dataset scale.
  const devPred = await predictor.predict(x, n, inGroup.map(spec));
  const results: (ConfigResult & { oof: Float64Array })[] = group.map((ci) => {
    const oof = new Float64Array(n);
    let epochSum = 0;
    let members = 0;
    inGroup.forEach((mi, pos) => {
      const m = models[mi]!;
      if (m.config !== ci) return;
      epochSum += bestEpoch[mi]!;
      members++;
      for (let i = 0; i < n; i++) if (fold[i] === m.fold) oof[i]! += devPred[pos * n + i]! / options.seeds;
    });
    for (let i = 0; i < n; i++) oof[i] = fromUnit(oof[i]!, scale);
    return { config: allConfigs[ci]!, oofCcc: cccOf(oof, yDev), oofNmse: nmseOf(oof, yDev), bestEpoch: epochSum / members, oof };
  });
  let selected = 0;
  results.forEach((r, i) => {
    if ((r.oofCcc ?? -Infinity) > (results[selected]!.oofCcc ?? -Infinity)) selected = i;
  });
  const memberIdx = models.flatMap((m, i) => (m.config === group[selected] ? [i] : []));
  const ensemblePred = await predictor.predict(Float32Array.from(xAll), features.rows.length, memberIdx.map(spec));
  const rowsN = features.rows.length;
  const predictions = new Float64Array(plan.n).fill(NaN);
  const spread = new Float64Array(plan.n).fill(NaN);
  const members = memberIdx.length;
  const span = scale.max - scale.min;
  for (let row = 0; row < rowsN; row++) {
    let s = 0;
    for (let j = 0; j < members; j++) s += ensemblePred[j * rowsN + row]!;
    const mean = s / members;
    let ss = 0;
    for (let j = 0; j < members; j++) ss += (ensemblePred[j * rowsN + row]! - mean) ** 2;
    predictions[features.rows[row]!] = fromUnit(mean, scale);
    spread[features.rows[row]!] = Math.sqrt(ss / members) * span;
  }
  const oofSelected = results[selected]!.oof;
  devRows.forEach((row, i) => (predictions[features.rows[row]!] = oofSelected[i]!));
  const selectedConfig = results[selected]!.config;
  return {
    model: {
      prompt: plan.prompt,
      featureSet: options.featureSet,
      k: options.k,
      scale,
      stats: { mean: Array.from(stats.mean), sd: Array.from(stats.sd) },
      h: selectedConfig.hidden,
      config: selectedConfig,
      members: memberIdx.map((i) => toNumbers(bestParams[i]!, columns(models[i]!.fold), h, selectedConfig.hidden)),
      seed: options.seed,
    },
    configs: results.map(({ config, oofCcc, oofNmse, bestEpoch: e }) => ({ config, oofCcc, oofNmse, bestEpoch: e })),
    selected,
    predictions,
    spread,
  };
}

/** Predictions of a trained calibrator on another input (same prompt version name), on the dataset scale. */
export async function applyCalibrator(
  ort: OrtRuntime,
  provider: ExecutionProvider,
  model: CalibratorModel,
  input: AnalysisInput,
): Promise<Float64Array> {
  const rollouts = input.prompts.find((p) => p.prompt === model.prompt);
  const out = new Float64Array(input.n).fill(NaN);
  if (!rollouts) return out;
  // Raw scores are mapped to [0, 1] by the calibrator's own scale, which another dataset must share.
  const features = buildFeatures(rollouts, input.n, model.scale, { set: model.featureSet, k: model.k });
  if (features.rows.length === 0) return out;
  const x = Float32Array.from(standardise(features, { mean: Float64Array.from(model.stats.mean), sd: Float64Array.from(model.stats.sd) }));
  const predictor = await BatchPredictor.create(ort, features.f, model.h, provider);
  try {
    const rows = features.rows.length;
    const pred = await predictor.predict(
      x,
      rows,
      model.members.map((m) => ({ params: fromNumbers(m), hidden: model.config.hidden })),
    );
    for (let row = 0; row < rows; row++) {
      let s = 0;
      for (let j = 0; j < model.members.length; j++) s += pred[j * rows + row]!;
      out[features.rows[row]!] = fromUnit(s / model.members.length, model.scale);
    }
  } finally {
    await predictor.release();
  }
  return out;
}
