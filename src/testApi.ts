// Read-only test API on window.__rir, installed only in e2e builds (vite build --mode e2e).
// It reads and waits; it never drives a feature under test (docs/ARCHITECTURE.md §14).
import { keptPredictions } from './calibrator/report.ts';
import { SPLITS } from './domain/types.ts';
import type { AppStore } from './store/appStore.ts';
import { isImportRunning } from './store/importSlice.ts';
import type { CspProbeReport, CspProbeRequest } from './workers/cspProbe.ts';
import {
  spawnAgreementWorker,
  spawnAnalysisWorker,
  spawnImportWorker,
  spawnSearchWorker,
  spawnTrainWorker,
} from './workers/spawnWorker.ts';

/** The app's workers, as `probeWorkerCsp` names them. */
export type ProbedWorker = 'import' | 'analysis' | 'train' | 'agreement' | 'search';

export interface RirTestApi {
  snapshot(): {
    datasets: { id: string; name: string; exampleCount: number }[];
    currentDatasetId: string | null;
    importing: boolean;
  };
  /** Resolves once start-up is done and no import is running. */
  whenIdle(): Promise<void>;
  /** The last training of the open dataset: where it ran and the trained ensemble's parameters (for backend comparisons). */
  training(): {
    status: string;
    provider: string | null;
    epochs: number | null;
    /** Each ensemble member's parameters, flattened (w1, b1, w2, b2). */
    members: number[][];
  } | null;
  /**
   * The trained calibrators of the open dataset, by prompt version in dataset order: each
   * example's prediction by the kept candidate (out of fold on its training examples, the kept
   * model elsewhere; null where none) and split, and the MLP's feature set and K.
   */
  calibrators(): { prompt: string; featureSet: string; k: number; predictions: (number | null)[]; splits: string[] }[];
  /** The calibrators applied from files to the open dataset, oldest first: each example's prediction and spread (null where none). */
  applied(): { name: string; prompt: string; predictions: (number | null)[]; spread: (number | null)[] }[];
  /** The open dataset's stored label log in append order (empty while none is open). */
  labelLog(): { seq: number; exampleId: string; annotator: string; kind: string; value: number | null }[];
  /**
   * Fault injection for e2e/csp.spec.ts, not a feature: starts a fresh worker of that kind the way
   * its client does (src/workers/spawnWorker.ts), has it fetch `url` (src/workers/cspProbe.ts) and
   * resolves with what it saw; the worker is then terminated.
   */
  probeWorkerCsp(worker: ProbedWorker, url: string): Promise<CspProbeReport>;
}

declare global {
  interface Window {
    __rir?: RirTestApi;
    /** e2e only: the screen (a route's `screen`) that `CrashProbe` makes fail on its next render. */
    __rirCrashScreen?: string;
  }
}

/**
 * Rendered inside each screen's error boundary in e2e builds only: throws while rendering the
 * screen named in `window.__rirCrashScreen`, so a spec can check a render error ends in a message
 * and a way back (docs/ARCHITECTURE.md §11.1). A fault injected by the test, not a feature.
 */
export function CrashProbe({ screen }: { screen: string }): null {
  if (window.__rirCrashScreen === screen) throw new Error(`Test crash while rendering the ${screen} screen`);
  return null;
}

const spawners: Record<ProbedWorker, () => Worker> = {
  import: spawnImportWorker,
  analysis: spawnAnalysisWorker,
  train: spawnTrainWorker,
  agreement: spawnAgreementWorker,
  search: spawnSearchWorker,
};

function probeWorkerCsp(kind: ProbedWorker, url: string): Promise<CspProbeReport> {
  const worker = spawners[kind]();
  return new Promise<CspProbeReport>((resolve, reject) => {
    worker.onmessage = (e: MessageEvent<{ rirCspProbeReport?: CspProbeReport }>) => {
      if (e.data.rirCspProbeReport) resolve(e.data.rirCspProbeReport);
    };
    worker.onerror = (e) => reject(new Error(`${kind} worker failed: ${e.message || 'unknown error'}`));
    const request: CspProbeRequest = { rirCspProbe: url };
    worker.postMessage(request);
  }).finally(() => worker.terminate());
}

/** A typed array as a plain list, NaN as null (what JSON, and so a spec, can read). */
function plain(values: Float64Array): (number | null)[] {
  return Array.from(values, (v) => (Number.isFinite(v) ? v : null));
}

export function installTestApi(store: AppStore): void {
  const busy = () => {
    const s = store.getState();
    return !s.ready || isImportRunning(s.importState);
  };
  window.__rir = {
    snapshot() {
      const s = store.getState();
      return {
        datasets: s.datasets.map((d) => ({ id: d.id, name: d.name, exampleCount: d.exampleCount })),
        currentDatasetId: s.currentId,
        importing: busy(),
      };
    },
    training() {
      const run = store.getState().trainRun;
      if (!run) return null;
      const result = run.outcome?.result;
      return {
        status: run.status,
        provider: run.decision?.provider ?? null,
        epochs: result?.epochs ?? null,
        members: result?.model.members.map((m) => [...m.w1, ...m.b1, ...m.w2, ...m.b2]) ?? [],
      };
    },
    calibrators() {
      const s = store.getState();
      const order = s.datasets.find((d) => d.id === s.currentId)?.promptOrder ?? [];
      return order.flatMap((prompt) => {
        if (!Object.hasOwn(s.calibrations, prompt)) return [];
        const c = s.calibrations[prompt]!;
        const { model } = c.result;
        return [
          {
            prompt,
            featureSet: model.featureSet,
            k: model.k,
            predictions: plain(keptPredictions(c)),
            splits: [...c.splits].map((i) => SPLITS[i]!),
          },
        ];
      });
    },
    applied() {
      return store
        .getState()
        .applied.map((a) => ({ name: a.name, prompt: a.prompt, predictions: plain(a.predictions), spread: plain(a.spread) }));
    },
    labelLog() {
      return (store.getState().labelLog ?? []).map((e) => ({
        seq: e.seq,
        exampleId: e.exampleId,
        annotator: e.annotator,
        kind: e.kind,
        value: e.value ?? null,
      }));
    },
    probeWorkerCsp,
    whenIdle() {
      return new Promise((resolve) => {
        if (!busy()) return resolve();
        const unsub = store.subscribe(() => {
          if (!busy()) {
            unsub();
            resolve();
          }
        });
      });
    },
  };
}
