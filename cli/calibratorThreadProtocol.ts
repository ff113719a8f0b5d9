// Types only: the messages between `cli apply`'s main thread (threadSession.ts) and its calibrator thread
// (calibratorThread.ts), and the thread's start-up data. Its own module so that the thread's entry, which
// threadSession.ts starts, need not import threadSession.ts back (no import cycle, not even a type-only one).
import type { InferenceSession } from 'onnxruntime-common';

export interface CalibratorThreadData {
  bytes: Uint8Array;
  options: InferenceSession.SessionOptions;
}
export type ToCalibratorThread = { id: number; data: Float32Array; rows: number; width: number };
export type FromCalibratorThread =
  | { type: 'ready' }
  | { type: 'done'; id: number; prediction: Float32Array; spread: Float32Array | null }
  | { type: 'error'; id: number; message: string };
