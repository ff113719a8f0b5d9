// e2e builds only (installed under `import.meta.env.MODE === 'e2e'`, so production bundles drop it):
// lets a spec ask a worker to fetch a URL and report whether the worker's Content-Security-Policy
// blocked it and whether a `securitypolicyviolation` event fired in the worker (e2e/csp.spec.ts,
// docs/ARCHITECTURE.md §12). A fault injected by the test, not a feature.
/// <reference lib="webworker" />

/** What a spec posts to a worker: fetch this URL and answer with a `CspProbeReport`. */
export interface CspProbeRequest {
  rirCspProbe: string;
}

export interface CspProbeReport {
  /** The fetch rejected (a CSP block; the probe's server answers with CORS and CORP headers). */
  blocked: boolean;
  /** The rejection's message, or the response status. */
  outcome: string;
  /** `effectiveDirective blockedURI` of each violation event the worker saw. */
  violations: string[];
  /** Whether the worker is cross-origin isolated (multi-threaded WASM needs it). */
  crossOriginIsolated: boolean;
}

export function isCspProbeRequest(data: unknown): data is CspProbeRequest {
  return typeof data === 'object' && data !== null && typeof (data as { rirCspProbe?: unknown }).rirCspProbe === 'string';
}

async function probe(scope: DedicatedWorkerGlobalScope, url: string): Promise<CspProbeReport> {
  const violations: string[] = [];
  // Typed as a plain Event by the WebWorker lib's event map, which lacks this event.
  const onViolation = (e: Event) => {
    const { effectiveDirective, blockedURI } = e as SecurityPolicyViolationEvent;
    violations.push(`${effectiveDirective} ${blockedURI}`);
  };
  scope.addEventListener('securitypolicyviolation', onViolation);
  let blocked = false;
  let outcome: string;
  try {
    const response = await fetch(url, { cache: 'no-store' });
    outcome = `status ${response.status}`;
  } catch (e) {
    blocked = true;
    outcome = e instanceof Error ? e.message : String(e);
  }
  // The violation event is queued as a task of its own: let it arrive.
  await new Promise((resolve) => setTimeout(resolve, 100));
  scope.removeEventListener('securitypolicyviolation', onViolation);
  return { blocked, outcome, violations, crossOriginIsolated: scope.crossOriginIsolated };
}

/**
 * Answers probe requests before the worker's own `onmessage` sees them. Call it before the worker
 * sets `self.onmessage`: listeners run in the order they were added, so this one goes first.
 */
export function installCspProbe(scope: DedicatedWorkerGlobalScope): void {
  scope.addEventListener('message', (e: MessageEvent<unknown>) => {
    if (!isCspProbeRequest(e.data)) return;
    e.stopImmediatePropagation();
    void probe(scope, e.data.rirCspProbe).then((report) => scope.postMessage({ rirCspProbeReport: report }));
  });
}
