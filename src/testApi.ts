// Read-only test API on window.__rir, installed only in e2e builds (vite build --mode e2e).
// It reads and waits; it never drives a feature under test (STYLE §2.5).
import type { AppStore } from './store/appStore.ts';
import { isImportRunning } from './store/importSlice.ts';

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
}

declare global {
  interface Window {
    __rir?: RirTestApi;
  }
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
