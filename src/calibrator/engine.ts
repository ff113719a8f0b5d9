// Runs the batched training graph (trainGraph.ts) on an onnxruntime: onnxruntime-web (WASM or
// WebGPU) in the browser worker, onnxruntime-node in tests, the CLI and benchmarks. The runtime is
// passed in, never imported here, so this module loads nothing by itself (the app loads ORT lazily).
// On WebGPU the state stays on the GPU between runs (`gpu-buffer` outputs fed back as inputs);
// only the per-run statistics are read back, and parameters when a snapshot is asked for.
import type { InferenceSession, Tensor } from 'onnxruntime-common';
import { createRng } from '../domain/rng.ts';
import {
  buildPredictGraph,
  buildTrainGraph,
  DEFAULT_ADAM_CONSTANTS,
  DEFAULT_LOSS_WEIGHTS,
  PARAM_NAMES,
  paramDims,
  STATE_NAMES,
  type AdamConstants,
  type LossWeights,
  type ParamName,
} from './trainGraph.ts';

/** The parts of an onnxruntime module the engine uses (onnxruntime-web and onnxruntime-node both fit). */
export interface OrtRuntime {
  InferenceSession: { create(model: Uint8Array, options?: InferenceSession.SessionOptions): Promise<InferenceSession> };
  Tensor: new (type: 'float32', data: Float32Array, dims: readonly number[]) => Tensor;
}

/** Where the graph runs: `cpu` is onnxruntime-node's provider. */
export type ExecutionProvider = 'wasm' | 'webgpu' | 'cpu';

/** One model of a batch: what it trains on and its hyper-parameters. */
export interface ModelSpec {
  /** Per-example training weights (0/1 for CV folds, counts for bootstraps), length N. */
  trainWeights: Float32Array;
  /** Per-example validation weights for early stopping, length N. */
  valWeights: Float32Array;
  lr: number;
  weightDecay: number;
  /** Active hidden units (the first `hidden` of the batch's H). */
  hidden: number;
  /** Active features (1/0 per column); all when absent. */
  features?: Uint8Array;
  /** Seed of the weight init. */
  seed: number;
  /** Starting parameters instead of the seeded init (tests, warm starts). */
  init?: ModelParams;
}

export interface BatchData {
  n: number;
  f: number;
  /** N × F standardised features, row-major. */
  x: Float32Array;
  /** N targets in [0, 1]. */
  y: Float32Array;
}

export interface EngineOptions {
  /** Hidden units of the batch's graph (the largest of the grid). */
  h: number;
  /** Adam steps per run. */
  steps: number;
  provider: ExecutionProvider;
  loss?: LossWeights;
  adam?: AdamConstants;
}

/** One model's parameters, float32 as in the graph: w1 [F·H], b1 [H], w2 [H], b2 [1]. */
export type ModelParams = Record<ParamName, Float32Array>;

export interface RunStats {
  /** Training loss of each model at each step of the run, [B × steps]. */
  loss: Float32Array;
  /** Training and validation CCC of each model's parameters at the start of the run, [B]. */
  trainCcc: Float32Array;
  valCcc: Float32Array;
  /** Epochs (Adam steps) taken before the run. */
  epochsBefore: number;
}

function sizeOf(dims: readonly number[]): number {
  return dims.reduce((a, b) => a * b, 1);
}

/** PyTorch's nn.Linear init, U(±1/√fan_in), from a seeded stream. */
export function initParams(seed: number, f: number, h: number, activeHidden: number): ModelParams {
  const rng = createRng(seed);
  const uniform = (out: Float32Array, bound: number) => {
    for (let i = 0; i < out.length; i++) out[i] = (2 * rng.next() - 1) * bound;
    return out;
  };
  const b1Bound = 1 / Math.sqrt(f);
  const b2Bound = 1 / Math.sqrt(Math.max(1, activeHidden));
  return {
    w1: uniform(new Float32Array(f * h), b1Bound),
    b1: uniform(new Float32Array(h), b1Bound),
    w2: uniform(new Float32Array(h), b2Bound),
    b2: uniform(new Float32Array(1), b2Bound),
  };
}

/** x [N × F] with a last column of ones, [N × (F + 1)]: the training graph's input (b1 rides in its MatMul). */
function withOnesColumn(x: Float32Array, n: number, f: number): Float32Array {
  const out = new Float32Array(n * (f + 1));
  for (let i = 0; i < n; i++) {
    out.set(x.subarray(i * f, (i + 1) * f), i * (f + 1));
    out[i * (f + 1) + f] = 1;
  }
  return out;
}

/** Stacks per-model vectors along a leading model axis. */
function stack(parts: readonly Float32Array[]): Float32Array {
  const size = parts[0]?.length ?? 0;
  const out = new Float32Array(parts.length * size);
  parts.forEach((p, i) => out.set(p, i * size));
  return out;
}

/** Hidden-unit [B × H] and feature [B × F] masks. */
function masks(models: readonly Pick<ModelSpec, 'hidden' | 'features'>[], f: number, h: number) {
  const hidden = new Float32Array(models.length * h);
  const features = new Float32Array(models.length * f);
  models.forEach((m, b) => {
    if (!(m.hidden >= 1 && m.hidden <= h)) throw new RangeError(`model ${b}: hidden units ${m.hidden} not in [1, ${h}]`);
    hidden.fill(1, b * h, b * h + m.hidden);
    for (let k = 0; k < f; k++) features[b * f + k] = m.features ? (m.features[k] ? 1 : 0) : 1;
  });
  return { hidden, features };
}

/** Per-model rows [b × size] of `data`, the rows `which` in that order. */
function gatherRows(data: Float32Array, size: number, which: readonly number[]): Float32Array {
  const out = new Float32Array(which.length * size);
  which.forEach((b, i) => out.set(data.subarray(b * size, (b + 1) * size), i * size));
  return out;
}

/** The constant feeds that hold one row per model (the rest, xOnes and y, are shared by the batch). */
const PER_MODEL_FEEDS = ['mask', 'valMask', 'lr', 'wd', 'hiddenMask', 'featureMask'] as const;

/**
 * A batch of B models trained together; `run()` advances every model by `steps` Adam steps.
 * `keep()` narrows the batch to some of its models (early-stopped ones dropped), which then train on
 * exactly as they would have: the graph's B axis is dynamic, so the same session runs any batch size.
 */
export class BatchTrainer {
  private epochs = 0;
  private readonly constantFeeds: Record<string, Tensor>;
  /** State at the start of the next run: host arrays (WASM, CPU) or GPU-resident tensors. */
  private state: Record<string, Tensor>;
  /** State the last run started from (what its trainCcc / valCcc describe); released after the next run. */
  private previousState: Record<string, Tensor> | null = null;

  private constructor(
    private readonly ort: OrtRuntime,
    private readonly session: InferenceSession,
    private readonly data: BatchData,
    private batch: readonly ModelSpec[],
    private readonly options: Required<EngineOptions>,
  ) {
    const { n, f } = data;
    const { h } = options;
    const models = batch;
    const b = models.length;
    const T = (values: Float32Array, dims: number[]) => new ort.Tensor('float32', values, dims);
    const m = masks(models, f, h);
    this.constantFeeds = {
      xOnes: T(withOnesColumn(data.x, n, f), [n, f + 1]),
      y: T(data.y, [1, n, 1]),
      mask: T(stack(models.map((s) => s.trainWeights)), [b, n, 1]),
      valMask: T(stack(models.map((s) => s.valWeights)), [b, n, 1]),
      lr: T(
        Float32Array.from(models, (s) => s.lr),
        [b, 1, 1],
      ),
      wd: T(
        Float32Array.from(models, (s) => s.weightDecay),
        [b, 1, 1],
      ),
      hiddenMask: T(m.hidden, [b, 1, h]),
      featureMask: T(m.features, [b, f, 1]),
    };
    const init = models.map((s) => s.init ?? initParams(s.seed, f, h, s.hidden));
    this.state = {};
    for (const name of PARAM_NAMES) {
      const dims = paramDims(name, b, f, h) as number[];
      this.state[name] = T(stack(init.map((p) => p[name])), dims);
      this.state[`m_${name}`] = T(new Float32Array(sizeOf(dims)), dims);
      this.state[`v_${name}`] = T(new Float32Array(sizeOf(dims)), dims);
    }
  }

  static async create(ort: OrtRuntime, data: BatchData, models: readonly ModelSpec[], options: EngineOptions): Promise<BatchTrainer> {
    if (models.length === 0) throw new RangeError('a batch needs at least one model');
    for (const [i, m] of models.entries()) {
      if (m.trainWeights.length !== data.n || m.valWeights.length !== data.n)
        throw new RangeError(`model ${i}: weights must have length N = ${data.n}`);
    }
    if (data.x.length !== data.n * data.f || data.y.length !== data.n) throw new RangeError('features must be N × F and targets N long');
    const full: Required<EngineOptions> = { loss: DEFAULT_LOSS_WEIGHTS, adam: DEFAULT_ADAM_CONSTANTS, ...options };
    const model = buildTrainGraph({ f: data.f, h: full.h, steps: full.steps, loss: full.loss, adam: full.adam });
    const session = await ort.InferenceSession.create(model, sessionOptions(full.provider, true));
    return new BatchTrainer(ort, session, data, models, full);
  }

  get epochsDone(): number {
    return this.epochs;
  }

  /** The models of the batch, in batch order (narrowed by `keep`). */
  get models(): readonly ModelSpec[] {
    return this.batch;
  }

  /** Models in the batch. */
  get b(): number {
    return this.batch.length;
  }

  /**
   * Narrows the batch to the models at positions `which` (ascending or not, no repeats), which
   * become positions 0, 1, … in that order. Their parameters, Adam moments and step count go on
   * unchanged, so each trains on exactly as it would have in the wider batch (the graph's maths is
   * per model). Snapshots of the last run's start are no longer available afterwards: take them
   * first. The state is read back to the host (from the GPU on WebGPU) and gathered there.
   */
  async keep(which: readonly number[]): Promise<void> {
    const b = this.b;
    if (which.length === 0) throw new RangeError('a batch needs at least one model');
    const seen = new Set<number>();
    for (const i of which) {
      if (!Number.isInteger(i) || i < 0 || i >= b || seen.has(i))
        throw new RangeError(`keep: bad or repeated model position ${i} (B = ${b})`);
      seen.add(i);
    }
    const T = (values: Float32Array, dims: readonly number[]) => new this.ort.Tensor('float32', values, dims);
    const narrow = async (t: Tensor) => {
      const size = sizeOf(t.dims.slice(1));
      return T(gatherRows(await readFloat(t), size, which), [which.length, ...t.dims.slice(1)]);
    };
    const state: Record<string, Tensor> = {};
    for (const name of STATE_NAMES) state[name] = await narrow(this.state[name]!);
    for (const name of PER_MODEL_FEEDS) this.constantFeeds[name] = await narrow(this.constantFeeds[name]!);
    this.disposeState(this.previousState);
    this.disposeState(this.state);
    this.previousState = null;
    this.state = state;
    this.batch = which.map((i) => this.batch[i]!);
  }

  async run(): Promise<RunStats> {
    const feeds: Record<string, Tensor> = {
      ...this.constantFeeds,
      ...this.state,
      t: new this.ort.Tensor('float32', Float32Array.of(this.epochs), [1]),
    };
    const out = await this.session.run(feeds);
    const previous = this.state;
    this.state = {};
    for (const name of STATE_NAMES) this.state[name] = out[`${name}_out`]!;
    // Release the previous run's state unless a snapshot may still read it: kept until the next run.
    this.disposeState(this.previousState);
    this.previousState = previous;
    const epochsBefore = this.epochs;
    this.epochs += this.options.steps;
    const [loss, trainCcc, valCcc] = await Promise.all(['loss', 'trainCcc', 'valCcc'].map((k) => readFloat(out[k]!)));
    return { loss: loss!, trainCcc: trainCcc!, valCcc: valCcc!, epochsBefore };
  }

  /**
   * Parameters of models `which`, either as they were at the start of the last run (`'runStart'`,
   * the weights the run's validation CCC scored) or now.
   */
  async params(which: readonly number[], when: 'runStart' | 'now' = 'now'): Promise<ModelParams[]> {
    const source = when === 'runStart' ? this.previousState : this.state;
    if (!source) throw new Error('no run has started yet');
    const { f } = this.data;
    const { h } = this.options;
    const host = Object.fromEntries(
      await Promise.all(PARAM_NAMES.map(async (name) => [name, await readFloat(source[name]!)] as const)),
    ) as ModelParams;
    return which.map((b) => {
      const slice = (name: ParamName) => {
        const size = sizeOf(paramDims(name, 1, f, h) as number[]);
        return host[name].slice(b * size, (b + 1) * size);
      };
      return { w1: slice('w1'), b1: slice('b1'), w2: slice('w2'), b2: slice('b2') };
    });
  }

  private disposeState(state: Record<string, Tensor> | null): void {
    if (!state || this.options.provider !== 'webgpu') return;
    for (const t of Object.values(state)) if (t.location === 'gpu-buffer') t.dispose();
  }

  async release(): Promise<void> {
    this.disposeState(this.previousState);
    this.disposeState(this.state);
    await this.session.release();
  }
}

async function readFloat(t: Tensor): Promise<Float32Array> {
  const data = t.location === 'cpu' ? t.data : await t.getData();
  if (!(data instanceof Float32Array)) throw new TypeError(`expected float32 output, got ${t.type}`);
  return data;
}

function sessionOptions(provider: ExecutionProvider, keepStateOnGpu: boolean): InferenceSession.SessionOptions {
  const options: InferenceSession.SessionOptions = {
    executionProviders: [provider],
    graphOptimizationLevel: 'all',
    // Warnings surface (a shape mismatch is only a warning); info stays quiet.
    logSeverityLevel: 2,
  };
  if (provider === 'webgpu' && keepStateOnGpu) {
    options.preferredOutputLocation = Object.fromEntries([
      ...STATE_NAMES.map((n) => [`${n}_out`, 'gpu-buffer'] as const),
      ...['loss', 'trainCcc', 'valCcc'].map((n) => [n, 'cpu'] as const),
    ]);
  }
  return options;
}

/** Forward passes of many models at once (out-of-fold, test and ensemble predictions). */
export class BatchPredictor {
  private constructor(
    private readonly ort: OrtRuntime,
    private readonly session: InferenceSession,
    readonly f: number,
    readonly h: number,
  ) {}

  static async create(ort: OrtRuntime, f: number, h: number, provider: ExecutionProvider): Promise<BatchPredictor> {
    return new BatchPredictor(ort, await ort.InferenceSession.create(buildPredictGraph(f, h), sessionOptions(provider, false)), f, h);
  }

  /** Predictions [B × N] (model-major) of `params` with their active hidden units / features on x [N × F]. */
  async predict(
    x: Float32Array,
    n: number,
    models: readonly { params: ModelParams; hidden: number; features?: Uint8Array }[],
  ): Promise<Float32Array> {
    const { f, h } = this;
    const b = models.length;
    const T = (values: Float32Array, dims: number[]) => new this.ort.Tensor('float32', values, dims);
    const m = masks(models, f, h);
    const feeds: Record<string, Tensor> = { x: T(x, [n, f]), hiddenMask: T(m.hidden, [b, 1, h]), featureMask: T(m.features, [b, f, 1]) };
    for (const name of PARAM_NAMES) feeds[name] = T(stack(models.map((s) => s.params[name])), paramDims(name, b, f, h) as number[]);
    const out = await this.session.run(feeds);
    return readFloat(out.pred!);
  }

  async release(): Promise<void> {
    await this.session.release();
  }
}
