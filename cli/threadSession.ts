// A calibrator session on a worker thread (calibratorThread.ts), with CalibratorSession's
// `predict`/`release`: `cli apply` posts a batch and parses on while it runs, so inference
// (a seventh of a million-example run on one thread) overlaps the reading of the file.
import type { Worker } from 'node:worker_threads';
import type { InferenceSession } from 'onnxruntime-common';
import { CalibratorFileError, type CalibratorOutput } from '../src/calibrator/calibratorFile.ts';
import type { CalibratorThreadData, FromCalibratorThread, ToCalibratorThread } from './calibratorThreadProtocol.ts';
import { startTsWorker } from './tsWorker.ts';

/** What `cli apply` runs batches on: a CalibratorSession, or this one on its thread. */
export interface PredictSession {
  predict(data: Float32Array, rows: number, width: number): Promise<CalibratorOutput>;
  release(): Promise<void>;
}

const ENTRY = new URL('./calibratorThread.ts', import.meta.url);

export class ThreadSession implements PredictSession {
  private nextId = 0;
  private readonly waiting = new Map<number, { resolve: (o: CalibratorOutput) => void; reject: (e: Error) => void }>();

  private constructor(private readonly worker: Worker) {
    worker.on('message', (m: FromCalibratorThread) => {
      if (m.type === 'ready') return;
      const w = this.waiting.get(m.id);
      if (!w) return;
      this.waiting.delete(m.id);
      if (m.type === 'done') w.resolve({ prediction: m.prediction, spread: m.spread });
      else w.reject(new CalibratorFileError(m.message));
    });
    worker.on('error', (e) => this.failAll(e));
  }

  private failAll(e: Error): void {
    for (const w of this.waiting.values()) w.reject(e);
    this.waiting.clear();
  }

  /** Starts the thread and loads the model there; CalibratorFileError when onnxruntime cannot. */
  static async create(bytes: Uint8Array, options: InferenceSession.SessionOptions): Promise<ThreadSession> {
    const worker = startTsWorker(ENTRY, { bytes, options } satisfies CalibratorThreadData);
    await new Promise<void>((resolve, reject) => {
      const onMessage = (m: FromCalibratorThread) => {
        worker.off('error', onError);
        worker.off('message', onMessage);
        if (m.type === 'ready') resolve();
        else reject(new CalibratorFileError(m.type === 'error' ? m.message : 'the calibrator thread did not start'));
      };
      const onError = (e: Error) => {
        worker.off('message', onMessage);
        reject(e);
      };
      worker.on('message', onMessage);
      worker.once('error', onError);
    }).catch(async (e: unknown) => {
      await worker.terminate();
      throw e;
    });
    return new ThreadSession(worker);
  }

  predict(data: Float32Array, rows: number, width: number): Promise<CalibratorOutput> {
    const id = this.nextId++;
    return new Promise<CalibratorOutput>((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      this.worker.postMessage({ id, data, rows, width } satisfies ToCalibratorThread, [data.buffer as ArrayBuffer]);
    });
  }

  async release(): Promise<void> {
    this.failAll(new Error('the calibrator session was released'));
    await this.worker.terminate();
  }
}
