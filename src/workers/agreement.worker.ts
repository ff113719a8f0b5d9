// Agreement worker entry (docs/ARCHITECTURE.md §8.8): pairwise agreement at many annotators off the
// main thread; the handling is agreementWorkerCore.ts.
/// <reference lib="webworker" />
import { createAgreementHandler } from './agreementWorkerCore.ts';
import { installCspProbe } from './cspProbe.ts';
import type { FromAgreementWorker, ToAgreementWorker } from './protocol.ts';

declare const self: DedicatedWorkerGlobalScope;

// e2e builds only: lets e2e/csp.spec.ts check this worker's CSP (before `onmessage`, so it answers first).
if (import.meta.env.MODE === 'e2e') installCspProbe(self);

const handle = createAgreementHandler((m: FromAgreementWorker) => self.postMessage(m));
self.onmessage = (e: MessageEvent<ToAgreementWorker>) => handle(e.data);
