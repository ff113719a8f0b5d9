// Main-thread facade of the training worker. `stop()` asks the running job to end after its current
// run: it still resolves, with the best weights so far (docs/ARCHITECTURE.md §9.4). Aborting the signal instead
// terminates the worker and rejects.
import type { TrainOptions, TrainProgress } from '../calibrator/trainer.ts';
import type { AppliedPredictions, FileRollouts } from '../calibrator/calibratorFile.ts';
import type { PromptTexts } from '../calibrator/textModel.ts';
import type { AnalysisInput, PromptRollouts } from '../domain/analysisInput.ts';
import type { BackendChoice, BackendDecision } from './ortWeb.ts';
import type { TrainOutcome } from '../calibrator/report.ts';
import type { FromTrainWorker, ToTrainWorker } from './protocol.ts';
import { spawnTrainWorker } from './spawnWorker.ts';
import { createWorkerRpc } from './workerRpc.ts';
import type { SelectionRequest } from '../calibrator/selection.ts';

export interface TrainJob {
  /** Try every candidate after the MLP (selection.ts) and keep the best; absent: the MLP is the calibrator. */
  selection?: SelectionRequest;
  /** What the worker does before the first epoch, in words (fitting the ridge on the reasoning). */
  onStage?: (stage: string) => void;
  onBackend?: (decision: BackendDecision, notice: string | null) => void;
  onProgress?: (progress: TrainProgress) => void;
  signal?: AbortSignal;
}

/** Reasoning the worker reads from the stored dataset `datasetId` itself, so the page never holds it. */
export interface StoredTexts {
  datasetId: string;
}

export interface TrainClient {
  train(input: AnalysisInput, options: TrainOptions, backend: BackendChoice, job?: TrainJob): Promise<TrainOutcome>;
  /** Ends the running job early; it resolves with what it has. */
  stop(): void;
  /**
   * Starts the worker if it is not running and has it compile its featuriser's hot loops on a little
   * made-up text (textFeatures.ts warmUpFeaturiser), so a training that reads the reasoning soon after
   * does not wait for that: the Train screen calls it when it opens.
   */
  warm(): void;
  /**
   * Runs the calibrator file `onnx` over `rollouts` (one prompt version of `n` examples; for a
   * multi-version file, the list of every version it reads, in its order: `CalibratorFile.versions`)
   * on WASM; a text calibrator also reads `texts`, the reasoning of the same rollouts (`promptTexts`),
   * or `{ datasetId }`: the worker reads it from that stored dataset a chunk at a time (the app).
   * The buffers of `onnx`, `rollouts` and `texts.offsets` are transferred: the caller gives up its copies.
   */
  apply(onnx: Uint8Array, rollouts: FileRollouts, n: number, texts?: PromptTexts | StoredTexts): Promise<AppliedPredictions>;
}

export function createTrainClient(spawn: () => Worker = spawnTrainWorker): TrainClient {
  const rpc = createWorkerRpc<ToTrainWorker, FromTrainWorker>(spawn, 'training');
  let running: number | null = null;
  return {
    async train(input, options, backend, job = {}) {
      const id = rpc.nextId();
      running = id;
      try {
        return await rpc.run<TrainOutcome>(
          { id, type: 'train', input, options, backend, selection: job.selection ?? null },
          (m, resolve) => {
            if (m.type === 'stage') job.onStage?.(m.stage);
            else if (m.type === 'backend') job.onBackend?.(m.decision, m.notice);
            else if (m.type === 'progress') job.onProgress?.(m.progress);
            else if (m.type === 'done') resolve(m.outcome);
          },
          { signal: job.signal },
        );
      } finally {
        if (running === id) running = null;
      }
    },
    stop() {
      if (running !== null) rpc.post({ id: running, type: 'stop' });
    },
    warm() {
      rpc.wake({ id: rpc.nextId(), type: 'warm' });
    },
    apply(onnx, rollouts, n, texts) {
      const id = rpc.nextId();
      // Only what the graph reads: the other predictors of the prompt stay on this thread.
      const bare = (r: PromptRollouts): PromptRollouts => ({ prompt: r.prompt, offsets: r.offsets, scores: r.scores, rail: null });
      const only = 'offsets' in rollouts ? bare(rollouts) : rollouts.map(bare);
      // Each buffer once (a list of versions could share one; transferring it twice throws).
      const buffers = new Set<ArrayBuffer>([onnx.buffer as ArrayBuffer]);
      for (const r of 'offsets' in only ? [only] : only) buffers.add(r.offsets.buffer as ArrayBuffer).add(r.scores.buffer as ArrayBuffer);
      // The texts are copied (strings are); their offsets are transferred.
      const sent = texts && 'offsets' in texts ? { texts } : texts ? { storedTexts: texts.datasetId } : {};
      if (sent.texts) buffers.add(sent.texts.offsets.buffer as ArrayBuffer);
      const transfer = [...buffers];
      return rpc.run<AppliedPredictions>(
        { id, type: 'apply', onnx, rollouts: only, n, ...sent },
        (m, resolve) => {
          if (m.type === 'applied') resolve(m.result);
        },
        { transfer },
      );
    },
  };
}
