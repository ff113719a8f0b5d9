// Import worker entry: wires importCore.ts (the handling of every message) to `self`. Owns no logic of
// its own (docs/ARCHITECTURE.md §5.1).
/// <reference lib="webworker" />
import { installCspProbe } from './cspProbe.ts';
import { createImportHandler } from './importCore.ts';
import type { FromImportWorker, ToImportWorker } from './protocol.ts';

declare const self: DedicatedWorkerGlobalScope;

// e2e builds only: lets e2e/csp.spec.ts check this worker's CSP (before `onmessage`, so it answers first).
if (import.meta.env.MODE === 'e2e') installCspProbe(self);

const handle = createImportHandler((m: FromImportWorker) => self.postMessage(m));
self.onmessage = (e: MessageEvent<ToImportWorker>) => handle(e.data);
