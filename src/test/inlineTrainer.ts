// The training worker's jobs on this thread with onnxruntime-node (loaded on first use), for store
// tests: the same planTraining + train as the worker, on the CPU provider, and the same
// openCalibratorFile + applyCalibratorFile for calibrator files (a multi-version file with the
// rollouts of every version it reads, as the worker gets them). `stop()` ends the run after its
// current step, as in the app.
import { applyCalibratorFile, CalibratorSession, openCalibratorFile } from '../calibrator/calibratorFile.ts';
import { outcomeOf, prepareTraining } from '../calibrator/selection.ts';
import { warmUpFeaturiser } from '../calibrator/textFeatures.ts';
import { planTraining, train } from '../calibrator/trainer.ts';
import type { TrainClient } from '../workers/trainClient.ts';

export function createInlineTrainer(): TrainClient & { trained: number; applied: number; warmed: number } {
  let stopper: AbortController | null = null;
  const client = {
    trained: 0,
    applied: 0,
    warmed: 0,
    async train(...[input, options, , job]: Parameters<TrainClient['train']>) {
      const ort = await import('onnxruntime-node');
      const prepared = prepareTraining(planTraining(input, options), job?.selection, job?.onStage);
      const { plan } = prepared;
      job?.onBackend?.({ provider: 'wasm', reason: 'onnxruntime-node CPU (test)' }, null);
      const mine = (stopper = new AbortController());
      const result = await train(ort, 'cpu', plan, { signal: mine.signal, onProgress: job?.onProgress });
      client.trained++;
      return outcomeOf(input, prepared, result, job?.selection);
    },
    stop() {
      stopper?.abort();
    },
    /** As the worker: the featuriser warmed up on made-up text (counted, for tests that check the screen asks). */
    warm() {
      client.warmed++;
      warmUpFeaturiser();
    },
    async apply(...[onnx, rollouts, n, texts]: Parameters<TrainClient['apply']>) {
      const ort = await import('onnxruntime-node');
      // As in the worker: only the bytes come across, so the file is opened again.
      const file = openCalibratorFile(onnx);
      const session = await CalibratorSession.create(ort, file);
      try {
        const result = await applyCalibratorFile(session, file, rollouts, n, texts);
        client.applied++;
        return result;
      } finally {
        await session.release();
      }
    },
  };
  return client;
}
