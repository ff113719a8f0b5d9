// Training worker entry: wires trainCore.ts (the handling of every message) to `self`, with
// onnxruntime-web (ortWeb.ts) and the database the stored reasoning is read from (read only, without
// pruning: that is the page's job). Owns no maths (docs/ARCHITECTURE.md §5.1).
/// <reference lib="webworker" />
import { openWorkbenchDb } from '../persist/db.ts';
import { chooseBackend, loadWasmRuntime, runtimeFor } from './ortWeb.ts';
import type { FromTrainWorker, ToTrainWorker } from './protocol.ts';
import { installCspProbe } from './cspProbe.ts';
import { createTrainHandler } from './trainCore.ts';

declare const self: DedicatedWorkerGlobalScope;

// e2e builds only: lets e2e/csp.spec.ts check this worker's CSP (before `onmessage`, so it answers first).
if (import.meta.env.MODE === 'e2e') installCspProbe(self);

const handle = createTrainHandler(
  {
    chooseBackend: (choice, plan) => chooseBackend(choice, plan),
    runtimeFor,
    applyRuntime: loadWasmRuntime,
    // Opened per job and closed after it, so it never holds up another tab's upgrade.
    openDb: () => openWorkbenchDb({ prune: false }),
  },
  (m: FromTrainWorker, transfer: Transferable[] = []) => self.postMessage(m, transfer),
);
self.onmessage = (e: MessageEvent<ToTrainWorker>) => handle(e.data);
