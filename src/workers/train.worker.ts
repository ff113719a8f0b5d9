// Training worker entry: plans the run, picks the backend (ortWeb.ts), trains (calibrator/trainer.ts)
// and streams progress. A WebGPU failure falls back to WASM with a notice. It also applies calibrator
// files (calibrator/calibratorFile.ts) on WASM onnxruntime-web. Owns no maths (docs/ARCHITECTURE.md §5.1).
/// <reference lib="webworker" />
import { applyCalibratorFile, CalibratorSession, openCalibratorFile } from '../calibrator/calibratorFile.ts';
import { planTraining, train, type TrainProgress, type TrainResult } from '../calibrator/trainer.ts';
import { outcomeOf, prepareTraining } from '../calibrator/selection.ts';
import { warmUpFeaturiser } from '../calibrator/textFeatures.ts';
import { chooseBackend, loadWasmRuntime, runtimeFor, type BackendDecision } from './ortWeb.ts';
import type { FromTrainWorker, ToTrainWorker } from './protocol.ts';
import { installCspProbe } from './cspProbe.ts';

declare const self: DedicatedWorkerGlobalScope;

// e2e builds only: lets e2e/csp.spec.ts check this worker's CSP (before `onmessage`, so it answers first).
if (import.meta.env.MODE === 'e2e') installCspProbe(self);

const post = (m: FromTrainWorker, transfer: Transferable[] = []) => self.postMessage(m, transfer);
const running = new Map<number, AbortController>();

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

async function run(msg: Extract<ToTrainWorker, { type: 'train' }>): Promise<void> {
  const controller = new AbortController();
  running.set(msg.id, controller);
  try {
    // The text ridge first: the stacked MLP trains on its predictions, in the same batch as the score-only MLP.
    const prepared = prepareTraining(planTraining(msg.input, msg.options), msg.selection, (stage) =>
      post({ id: msg.id, type: 'stage', stage }),
    );
    const { plan } = prepared;
    let decision: BackendDecision = await chooseBackend(msg.backend, plan);
    post({ id: msg.id, type: 'backend', decision, notice: null });
    const onProgress = (progress: TrainProgress) => post({ id: msg.id, type: 'progress', progress });
    let result: TrainResult;
    try {
      result = await train(await runtimeFor(decision.provider), decision.provider, plan, { signal: controller.signal, onProgress });
    } catch (e) {
      if (decision.provider !== 'webgpu') throw e;
      decision = { provider: 'wasm', reason: 'after WebGPU failed' };
      post({ id: msg.id, type: 'backend', decision, notice: `WebGPU failed (${message(e)}); training again on WASM.` });
      result = await train(await runtimeFor('wasm'), 'wasm', plan, { signal: controller.signal, onProgress });
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
 * Runs the file itself (not a re-creation of it) on WASM, which every browser has: the app then
 * shows what any pipeline running calibrator.onnx gets. The main thread has already checked the
 * file; it is opened again here because only its bytes cross to the worker. A text calibrator
 * comes with the reasoning of its prompt version, hashed here into the graph's counts; a
 * multi-version file with the rollouts of every version it reads.
 */
async function apply(msg: Extract<ToTrainWorker, { type: 'apply' }>): Promise<void> {
  try {
    const file = openCalibratorFile(msg.onnx);
    const session = await CalibratorSession.create(await loadWasmRuntime(), file);
    try {
      // A text calibrator featurises `msg.texts` here, in chunks; a multi-version file reads every version's rollouts (calibratorFile.ts).
      const result = await applyCalibratorFile(session, file, msg.rollouts, msg.n, msg.texts);
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

/** Once per worker: the featuriser's hot loops compiled ahead of the first training that reads reasoning. */
function warm(): void {
  if (warmed) return;
  warmed = true;
  warmUpFeaturiser();
}

self.onmessage = (e: MessageEvent<ToTrainWorker>) => {
  const msg = e.data;
  if (msg.type === 'stop') running.get(msg.id)?.abort();
  else if (msg.type === 'warm') warm();
  else if (msg.type === 'apply') void apply(msg);
  else void run(msg);
};
