// The training benchmark page: `window.benchTrain(request)` runs cells in a module worker, as the
// app trains in its worker. One long-lived worker per thread setting (a fresh onnxruntime-web
// instance each, as ORT reads the thread count once), so bench/trainBench.ts can interleave the
// settings cell by cell. Driven by bench/trainBench.ts through Playwright.
import type { WorkerReply, WorkerRequest } from './worker.ts';

declare global {
  interface Window {
    benchTrain(request: WorkerRequest): Promise<WorkerReply>;
    benchPage: { crossOriginIsolated: boolean; hardwareConcurrency: number };
  }
}

window.benchPage = { crossOriginIsolated: window.crossOriginIsolated, hardwareConcurrency: navigator.hardwareConcurrency };

const workers = new Map<string, Worker>();
let queue: Promise<unknown> = Promise.resolve();

function call(request: WorkerRequest): Promise<WorkerReply> {
  const key = String(request.threads);
  let worker = workers.get(key);
  if (!worker) {
    worker = new Worker(new URL('./worker.ts', import.meta.url), { type: 'module' });
    workers.set(key, worker);
  }
  const w = worker;
  return new Promise((resolve) => {
    w.onmessage = (e: MessageEvent<WorkerReply>) => resolve(e.data);
    w.onerror = (e) => {
      workers.delete(key);
      w.terminate();
      resolve({ type: 'error', message: `worker error: ${e.message || 'failed to load'}`, warnings: [] });
    };
    w.postMessage(request);
  });
}

// One request at a time across all workers: the cells must not compete for the cores.
window.benchTrain = (request) => {
  const result = queue.then(() => call(request));
  queue = result.catch(() => undefined);
  return result;
};

document.body.dataset.ready = 'true';
