// A worker thread running a TypeScript entry of the CLI. A worker does not inherit the parent's
// `--import tsx` on Node 20, so the thread registers tsx itself: its CommonJS hook, which compiles
// in the thread (the ESM hook starts a loader thread per worker: 30 MB and 0.15 s more each).
// The entry must therefore not use top-level await.
import { fileURLToPath } from 'node:url';
import { Worker, type ResourceLimits } from 'node:worker_threads';

export function startTsWorker(entry: URL, workerData: unknown, resourceLimits?: ResourceLimits): Worker {
  const boot = `require('tsx/cjs/api').register(); require(${JSON.stringify(fileURLToPath(entry))});`;
  return new Worker(boot, { eval: true, workerData, ...(resourceLimits ? { resourceLimits } : {}) });
}
