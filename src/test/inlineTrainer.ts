// The training worker on this thread, for node tests of the store: the app's own client
// (workers/trainClient.ts) talking to the worker's own handler (workers/trainCore.ts) through an
// in-thread Worker (inlineWorker.ts). Only the runtime differs: onnxruntime-node on its CPU
// provider, where `auto` and `wasm` train; `webgpu` is chosen when asked for, and fails to load
// here, so the worker's fallback to WASM runs. Stored reasoning is read from the store's own
// database (left open: the store shares the connection).
import type { WorkbenchDb } from '../persist/db.ts';
import { createTrainClient, type TrainClient } from '../workers/trainClient.ts';
import { createTrainHandler } from '../workers/trainCore.ts';
import type { FromTrainWorker, ToTrainWorker } from '../workers/protocol.ts';
import { inlineWorkers } from './inlineWorker.ts';

export interface InlineTrainer extends TrainClient {
  /** Trainings and applies that finished, and warm-ups asked for. */
  trained: number;
  applied: number;
  warmed: number;
}

const nodeRuntime = async () => (await import('onnxruntime-node')).default;

export function createInlineTrainer(openDb: () => Promise<WorkbenchDb>): InlineTrainer {
  const counts = { trained: 0, applied: 0, warmed: 0 };
  const spawn = inlineWorkers<ToTrainWorker, FromTrainWorker>(
    (post) =>
      createTrainHandler(
        {
          chooseBackend: (choice) =>
            Promise.resolve(
              choice === 'webgpu'
                ? { provider: 'webgpu', reason: 'chosen in the settings' }
                : { provider: 'wasm', reason: 'onnxruntime-node CPU (test)' },
            ),
          runtimeFor: (provider) => (provider === 'webgpu' ? Promise.reject(new Error('no WebGPU in node')) : nodeRuntime()),
          applyRuntime: nodeRuntime,
          executionProvider: () => 'cpu',
          openDb: async () => {
            const db = await openDb();
            return { loadCore: (id) => db.loadCore(id), loadChunk: (id, c) => db.loadChunk(id, c), close: () => undefined };
          },
        },
        post,
      ),
    {
      onSend: (m) => {
        if (m.type === 'warm') counts.warmed++;
      },
      onReply: (m) => {
        if (m.type === 'done') counts.trained++;
        if (m.type === 'applied') counts.applied++;
      },
    },
  );
  const client = createTrainClient(spawn);
  return {
    train: client.train,
    stop: client.stop,
    warm: client.warm,
    apply: client.apply,
    get trained() {
      return counts.trained;
    },
    get applied() {
      return counts.applied;
    },
    get warmed() {
      return counts.warmed;
    },
  };
}
