// Starts the app's workers so that the page's Content-Security-Policy also binds them
// (docs/ARCHITECTURE.md §12). A worker started from its own script URL takes its policy from that
// script's response headers only: on a static host that sends no headers it would run with none,
// and a fetch in it could reach any host. A worker started from a blob: URL inherits the policy of
// the page that creates it, the <meta> policy included. So each worker starts from a one-line
// blob: module that imports the bundled worker script (same origin, allowed by script-src 'self');
// inside it `import.meta.url` is still the script's own URL, so its WASM and chunks resolve as before.
import importWorkerUrl from './import.worker.ts?worker&url';
import analysisWorkerUrl from './analysis.worker.ts?worker&url';
import trainWorkerUrl from './train.worker.ts?worker&url';
import agreementWorkerUrl from './agreement.worker.ts?worker&url';
import searchWorkerUrl from './search.worker.ts?worker&url';

/** One bootstrap per script, kept for the page's lifetime (a few bytes each), so respawns reuse it. */
const bootstraps = new Map<string, string>();

function bootstrapFor(scriptUrl: string): string {
  const href = new URL(scriptUrl, location.href).href;
  let boot = bootstraps.get(href);
  if (boot === undefined) {
    boot = URL.createObjectURL(new Blob([`import ${JSON.stringify(href)};\n`], { type: 'text/javascript' }));
    bootstraps.set(href, boot);
  }
  return boot;
}

/** A module worker running `scriptUrl` (a `?worker&url` import) under the creating page's CSP. */
export function spawnModuleWorker(scriptUrl: string, name: string): Worker {
  return new Worker(bootstrapFor(scriptUrl), { type: 'module', name });
}

export const spawnImportWorker = (): Worker => spawnModuleWorker(importWorkerUrl, 'import');
export const spawnAnalysisWorker = (): Worker => spawnModuleWorker(analysisWorkerUrl, 'analysis');
export const spawnTrainWorker = (): Worker => spawnModuleWorker(trainWorkerUrl, 'train');
export const spawnAgreementWorker = (): Worker => spawnModuleWorker(agreementWorkerUrl, 'agreement');
export const spawnSearchWorker = (): Worker => spawnModuleWorker(searchWorkerUrl, 'search');
