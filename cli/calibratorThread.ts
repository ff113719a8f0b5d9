// Worker-thread entry of `cli apply` (started by threadSession.ts): runs the calibrator file on
// onnxruntime-node off the main thread, so a batch is inferred while the next rows are parsed.
// onnxruntime-node's run() keeps its thread busy until it returns; here that thread is this one.
import { parentPort, workerData } from 'node:worker_threads';
import * as ort from 'onnxruntime-node';
import { CalibratorSession, openCalibratorFile } from '../src/calibrator/calibratorFile.ts';
import type { FromCalibratorThread, ToCalibratorThread, CalibratorThreadData } from './calibratorThreadProtocol.ts';

const port = parentPort!;
const post = (m: FromCalibratorThread) => port.postMessage(m);
const message = (e: unknown) => (e instanceof Error ? e.message : String(e));
const { bytes, options } = workerData as CalibratorThreadData;

// No top-level await: the thread is loaded as CommonJS (tsWorker.ts).
void Promise.resolve()
  .then(() => CalibratorSession.create(ort, openCalibratorFile(new Uint8Array(bytes)), options))
  .then(
    (session) => {
      port.on('message', (m: ToCalibratorThread) => {
        session.predict(m.data, m.rows, m.width).then(
          (out) => post({ type: 'done', id: m.id, prediction: out.prediction, spread: out.spread }),
          (e: unknown) => post({ type: 'error', id: m.id, message: message(e) }),
        );
      });
      post({ type: 'ready' });
    },
    (e: unknown) => post({ type: 'error', id: -1, message: message(e) }),
  );
