// Analysis worker entry: wires analysisCore.ts (the handling of every message) to `self`. Owns no
// statistics of its own (docs/ARCHITECTURE.md §5.1).
/// <reference lib="webworker" />
import { createAnalysisHandler } from './analysisCore.ts';
import { installCspProbe } from './cspProbe.ts';
import type { FromAnalysisWorker, ToAnalysisWorker } from './protocol.ts';

declare const self: DedicatedWorkerGlobalScope;

// e2e builds only: lets e2e/csp.spec.ts check this worker's CSP (before `onmessage`, so it answers first).
if (import.meta.env.MODE === 'e2e') installCspProbe(self);

const handle = createAnalysisHandler((m: FromAnalysisWorker, transfer: Transferable[] = []) => self.postMessage(m, transfer));
self.onmessage = (e: MessageEvent<ToAnalysisWorker>) => handle(e.data);
