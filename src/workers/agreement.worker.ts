// Agreement worker entry (docs/ARCHITECTURE.md §8.8): pairwise agreement at many annotators off the
// main thread; the handling is agreementWorkerCore.ts.
/// <reference lib="webworker" />
import { createAgreementHandler } from './agreementWorkerCore.ts';
import type { FromAgreementWorker, ToAgreementWorker } from './protocol.ts';

declare const self: DedicatedWorkerGlobalScope;

const handle = createAgreementHandler((m: FromAgreementWorker) => self.postMessage(m));
self.onmessage = (e: MessageEvent<ToAgreementWorker>) => handle(e.data);
