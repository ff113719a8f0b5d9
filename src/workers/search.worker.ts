// Search worker entry (docs/ARCHITECTURE.md §5.6): Browse's text filter over the text stored in
// IndexedDB, off the main thread; the handling is searchCore.ts. The one worker that opens the
// database itself (read only, without pruning: that is the page's job).
/// <reference lib="webworker" />
import { openWorkbenchDb } from '../persist/db.ts';
import { installCspProbe } from './cspProbe.ts';
import type { FromSearchWorker, ToSearchWorker } from './protocol.ts';
import { createSearchCore, createSearchHandler } from './searchCore.ts';

declare const self: DedicatedWorkerGlobalScope;

// e2e builds only: lets e2e/csp.spec.ts check this worker's CSP (before `onmessage`, so it answers first).
if (import.meta.env.MODE === 'e2e') installCspProbe(self);

// A connection closed for a newer version's upgrade in another tab is opened again by the next search.
const core = createSearchCore(() => openWorkbenchDb({ prune: false, onVersionChange: () => core.disconnect() }));
const handle = createSearchHandler(core, (m: FromSearchWorker, transfer: Transferable[] = []) => self.postMessage(m, transfer));
self.onmessage = (e: MessageEvent<ToSearchWorker>) => handle(e.data);
