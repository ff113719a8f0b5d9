// The training worker's message handling (docs/ARCHITECTURE.md §5.1), apart from `self` so the node
// tests of the store run this very code on this thread (test/inlineTrainer.ts) and the worker entry,
// train.worker.ts, only wires it up: plans the run, reads and counts the reasoning from storage when
// the page sent only the dataset's id (storedReasoning.ts), picks the backend, trains
// (calibrator/trainer.ts) and streams progress; a WebGPU failure falls back to WASM with a notice.
// It also applies calibrator files (calibrator/calibratorFile.ts). Owns no maths.
import { applyCalibratorFile, CalibratorSession, openCalibratorFile } from '../calibrator/calibratorFile.ts';
import type { ExecutionProvider, OrtRuntime } from '../calibrator/engine.ts';
import { outcomeOf, prepareTraining, textSkipped, type CountedReasoning } from '../calibrator/selection.ts';
import { warmUpFeaturiser } from '../calibrator/textFeatures.ts';
import { planTraining, train, type TrainPlan, type TrainProgress, type TrainResult } from '../calibrator/trainer.ts';
import type { BackendChoice, BackendDecision } from './ortWeb.ts';
import type { FromTrainWorker, ToTrainWorker } from './protocol.ts';
import type { ChunkReader } from './storedChunks.ts';
import { countStoredReasoning, storedPromptTexts } from './storedReasoning.ts';

export interface TrainCoreDeps {
  chooseBackend(choice: BackendChoice, plan: TrainPlan): Promise<BackendDecision>;
  runtimeFor(provider: BackendDecision['provider']): Promise<OrtRuntime>;
  /** The runtime that applies calibrator files (WASM in the browser: what every browser has). */
  applyRuntime(): Promise<OrtRuntime>;
  /** The execution provider a decision trains on: the decision's own in the browser; onnxruntime-node's CPU in node. */
  executionProvider?(provider: BackendDecision['provider']): ExecutionProvider;
  /** Opens the database to read stored reasoning; closed when the job is done with it. */
  openDb(): Promise<ChunkReader & { close(): void }>;
  /** Milliseconds now (stage messages while reading are at most one per STAGE_EVERY_MS). */
  now?(): number;
}

export type PostFromTrainWorker = (m: FromTrainWorker, transfer?: Transferable[]) => void;

/** Least time between two "Reading the reasoning" stage messages. */
export const STAGE_EVERY_MS = 100;

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** The handler of every message the training worker gets. */
export function createTrainHandler(deps: TrainCoreDeps, post: PostFromTrainWorker): (msg: ToTrainWorker) => void {
  const running = new Map<number, AbortController>();
  const provider = (p: BackendDecision['provider']) => deps.executionProvider?.(p) ?? p;
  const now = deps.now ?? (() => performance.now());

  async function withDb<T>(work: (db: ChunkReader) => Promise<T>): Promise<T> {
    const db = await deps.openDb();
    try {
      return await work(db);
    } finally {
      db.close();
    }
  }

  /** The reasoning of the plan's version counted from storage, when the request names the stored dataset and the ridge can take part. */
  async function countedReasoning(msg: Extract<ToTrainWorker, { type: 'train' }>, plan: TrainPlan): Promise<CountedReasoning | null> {
    const request = msg.selection;
    const datasetId = request?.storedTexts;
    const spec = request?.options.text;
    if (!request || request.texts || !datasetId || !spec || textSkipped(plan, request) !== null) return null;
    let last = -Infinity;
    const onProgress = (done: number, total: number) => {
      if (done < total && now() - last < STAGE_EVERY_MS) return;
      last = now();
      const of = `${done.toLocaleString('en-US')} of ${total.toLocaleString('en-US')} examples`;
      post({ id: msg.id, type: 'stage', stage: `Reading the reasoning of ${plan.prompt} (${of})…` });
    };
    return withDb((db) => countStoredReasoning(db, datasetId, plan.prompt, spec, { n: msg.input.n, onProgress }));
  }

  async function run(msg: Extract<ToTrainWorker, { type: 'train' }>): Promise<void> {
    const controller = new AbortController();
    running.set(msg.id, controller);
    try {
      const planned = planTraining(msg.input, msg.options);
      const counted = await countedReasoning(msg, planned);
      // The text ridge first: the stacked MLP trains on its predictions, in the same batch as the score-only MLP.
      const prepared = prepareTraining(planned, msg.selection, (stage) => post({ id: msg.id, type: 'stage', stage }), counted);
      const { plan } = prepared;
      let decision: BackendDecision = await deps.chooseBackend(msg.backend, plan);
      post({ id: msg.id, type: 'backend', decision, notice: null });
      const onProgress = (progress: TrainProgress) => post({ id: msg.id, type: 'progress', progress });
      let result: TrainResult;
      try {
        result = await train(await deps.runtimeFor(decision.provider), provider(decision.provider), plan, {
          signal: controller.signal,
          onProgress,
        });
      } catch (e) {
        if (decision.provider !== 'webgpu') throw e;
        decision = { provider: 'wasm', reason: 'after WebGPU failed' };
        post({ id: msg.id, type: 'backend', decision, notice: `WebGPU failed (${message(e)}); training again on WASM.` });
        result = await train(await deps.runtimeFor('wasm'), provider('wasm'), plan, { signal: controller.signal, onProgress });
      }
      const outcome = outcomeOf(msg.input, prepared, result, msg.selection);
      // Each buffer once: the kept candidate's predictions may be the MLP's own.
      const buffers = new Set<ArrayBuffer>([result.predictions.buffer, msg.input.targets.buffer, msg.input.splits.buffer] as ArrayBuffer[]);
      for (const c of outcome.selection?.candidates ?? []) buffers.add(c.predictions.buffer as ArrayBuffer);
      post({ id: msg.id, type: 'done', outcome }, [...buffers]);
    } catch (e) {
      post({ id: msg.id, type: 'error', message: message(e) });
    } finally {
      running.delete(msg.id);
    }
  }

  /**
   * Runs the file itself (not a re-creation of it): the app then shows what any pipeline running
   * calibrator.onnx gets. The main thread has already checked the file; it is opened again here
   * because only its bytes cross to the worker. A text calibrator reads the reasoning of its prompt
   * version, sent along or read here from storage a chunk at a time, hashed into the graph's counts;
   * a multi-version file reads the rollouts of every version.
   */
  async function apply(msg: Extract<ToTrainWorker, { type: 'apply' }>): Promise<void> {
    try {
      const file = openCalibratorFile(msg.onnx);
      const session = await CalibratorSession.create(await deps.applyRuntime(), file);
      try {
        const datasetId = msg.storedTexts;
        const result =
          file.text !== null && !msg.texts && datasetId
            ? await withDb((db) =>
                applyCalibratorFile(session, file, msg.rollouts, msg.n, storedPromptTexts(db, datasetId, file.versions[0]!, { n: msg.n })),
              )
            : await applyCalibratorFile(session, file, msg.rollouts, msg.n, msg.texts);
        post(
          { id: msg.id, type: 'applied', result },
          result.spread ? [result.prediction.buffer, result.spread.buffer] : [result.prediction.buffer],
        );
      } finally {
        await session.release();
      }
    } catch (e) {
      post({ id: msg.id, type: 'error', message: message(e) });
    }
  }

  let warmed = false;

  return (msg) => {
    if (msg.type === 'stop') running.get(msg.id)?.abort();
    else if (msg.type === 'warm') {
      // Once per worker: the featuriser's hot loops compiled ahead of the first training that reads reasoning.
      if (!warmed) warmUpFeaturiser();
      warmed = true;
    } else if (msg.type === 'apply') void apply(msg);
    else void run(msg);
  };
}
