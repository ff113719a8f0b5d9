// The bench page's worker: loads onnxruntime-web exactly as the app's training worker does
// (src/workers/ortWeb.ts), optionally overrides the WASM thread count before the first session
// (ORT reads it once, at initialisation, so a worker keeps the setting of its first request),
// and runs the requested cells (cell.ts).
import type { Env } from 'onnxruntime-common';
import { loadWasmRuntime } from '../../src/workers/ortWeb.ts';
import { runCell, type CellConfig, type CellResult } from './cell.ts';

export interface WorkerRequest {
  /** WASM threads; null keeps what ortWeb.ts chose. Fixed by a worker's first request. */
  threads: number | null;
  cells: CellConfig[];
}

export type WorkerReply =
  | {
      type: 'done';
      crossOriginIsolated: boolean;
      hardwareConcurrency: number;
      /** env.wasm.numThreads as ortWeb.ts set it, before any override. */
      threadsByOrtWeb: number;
      /** env.wasm.numThreads after the first session (ORT resets it to 1 when threads are unavailable). */
      threadsEffective: number;
      /** Workers constructed by the runtime (Emscripten's pthread pool) while the cells ran. */
      workersSpawned: number;
      warnings: string[];
      results: CellResult[];
    }
  | { type: 'error'; message: string; warnings: string[] };

interface WorkerScope {
  onmessage: ((e: MessageEvent<WorkerRequest>) => void) | null;
  postMessage(message: WorkerReply): void;
}
const scope = globalThis as unknown as WorkerScope;

// Count the pthread workers ORT starts, and keep its warnings for the report.
let workersSpawned = 0;
const NativeWorker = globalThis.Worker as typeof Worker | undefined;
if (NativeWorker) {
  globalThis.Worker = class extends NativeWorker {
    constructor(url: string | URL, options?: WorkerOptions) {
      super(url, options);
      workersSpawned++;
    }
  };
}
const warnings: string[] = [];
let threadsByOrtWeb = 0;
const warn = console.warn.bind(console);
console.warn = (...args: unknown[]) => {
  warnings.push(args.map(String).join(' '));
  warn(...args);
};

let threadsSet: number | null | undefined;

scope.onmessage = (e) => {
  void (async () => {
    try {
      const ort = await loadWasmRuntime();
      const env = (ort as unknown as { env: Env }).env;
      const { threads, cells } = e.data;
      if (threadsSet === undefined) {
        threadsByOrtWeb = env.wasm.numThreads ?? 0;
        if (threads !== null) env.wasm.numThreads = threads;
        threadsSet = threads;
      } else if (threads !== threadsSet) throw new Error(`this worker runs with threads = ${threadsSet}, not ${threads}`);
      const results: CellResult[] = [];
      for (const cell of cells) results.push(await runCell(ort, 'wasm', cell));
      scope.postMessage({
        type: 'done',
        crossOriginIsolated: globalThis.crossOriginIsolated,
        hardwareConcurrency: navigator.hardwareConcurrency,
        threadsByOrtWeb,
        threadsEffective: env.wasm.numThreads ?? 0,
        workersSpawned,
        warnings,
        results,
      });
    } catch (err) {
      scope.postMessage({ type: 'error', message: err instanceof Error ? `${err.message}\n${err.stack ?? ''}` : String(err), warnings });
    }
  })();
};
