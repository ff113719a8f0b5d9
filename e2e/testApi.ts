// Read-only access to the e2e build's `window.__rir` test API (docs/ARCHITECTURE.md §14): specs use it to wait
// for the app and to read state, never to drive the feature under test.
import type { Page } from '@playwright/test';

/** Mirrors `snapshot()` of src/testApi.ts (kept structural so e2e/ does not compile src/). */
export interface RirSnapshot {
  datasets: { id: string; name: string; exampleCount: number }[];
  currentDatasetId: string | null;
  importing: boolean;
}

/** Mirrors `training()` of src/testApi.ts: the last training of the open dataset. */
export interface RirTraining {
  status: string;
  provider: string | null;
  epochs: number | null;
  /** Each ensemble member's parameters, flattened. */
  members: number[][];
}

/** Mirrors `calibrators()` of src/testApi.ts: a trained calibrator of the open dataset. */
export interface RirCalibrator {
  prompt: string;
  featureSet: string;
  k: number;
  /** Per example: out of fold on its training examples, the ensemble elsewhere; null where none. */
  predictions: (number | null)[];
  splits: string[];
}

/** Mirrors `applied()` of src/testApi.ts: a calibrator applied from a file to the open dataset. */
export interface RirApplied {
  name: string;
  prompt: string;
  predictions: (number | null)[];
  spread: (number | null)[];
}

/** Mirrors `labelLog()` of src/testApi.ts: one stored event of the open dataset's label log. */
export interface RirLabelEvent {
  seq: number;
  exampleId: string;
  annotator: string;
  kind: string;
  value: number | null;
}

/** Mirrors `CspProbeReport` of src/workers/cspProbe.ts: what a worker saw when it fetched a URL. */
export interface RirCspProbeReport {
  blocked: boolean;
  outcome: string;
  violations: string[];
  crossOriginIsolated: boolean;
}

/** The app's workers, as `probeWorkerCsp` names them. */
export type RirWorkerKind = 'import' | 'analysis' | 'train' | 'agreement' | 'search';

interface RirTestApi {
  snapshot(): RirSnapshot;
  whenIdle(): Promise<void>;
  training(): RirTraining | null;
  calibrators(): RirCalibrator[];
  applied(): RirApplied[];
  labelLog(): RirLabelEvent[];
  probeWorkerCsp(worker: RirWorkerKind, url: string): Promise<RirCspProbeReport>;
}

type WithTestApi = { __rir?: RirTestApi };

/** Waits until the app has installed its test API (it is only present in `--mode e2e` builds). */
export async function waitForTestApi(page: Page): Promise<void> {
  await page.waitForFunction(() => (window as unknown as WithTestApi).__rir !== undefined, undefined, { timeout: 15_000 });
}

/** Resolves when no import (including the first-start demo load) is running. */
export async function whenIdle(page: Page): Promise<void> {
  await waitForTestApi(page);
  await page.evaluate(() => (window as unknown as WithTestApi).__rir!.whenIdle());
}

/**
 * Waits until start-up has settled: no import running and at least one dataset known. On a
 * first start (empty storage) the app loads the demo, so this also waits for that load, which
 * `whenIdle()` alone may not cover (it can resolve between "storage read" and "demo started").
 */
export async function waitUntilSettled(page: Page): Promise<void> {
  await waitForTestApi(page);
  await page.waitForFunction(
    () => {
      const s = (window as unknown as WithTestApi).__rir!.snapshot();
      return s.datasets.length > 0 && !s.importing;
    },
    undefined,
    { timeout: 30_000 },
  );
}

export async function snapshot(page: Page): Promise<RirSnapshot> {
  await waitForTestApi(page);
  return page.evaluate(() => (window as unknown as WithTestApi).__rir!.snapshot());
}

/** The last training as the app reports it (null before any). */
export async function readTraining(page: Page): Promise<RirTraining | null> {
  await waitForTestApi(page);
  return page.evaluate(() => (window as unknown as WithTestApi).__rir!.training());
}

/** The trained calibrators of the open dataset, with each example's prediction and split. */
export async function readCalibrators(page: Page): Promise<RirCalibrator[]> {
  await waitForTestApi(page);
  return page.evaluate(() => (window as unknown as WithTestApi).__rir!.calibrators());
}

/** The calibrators applied from files to the open dataset, oldest first. */
export async function readApplied(page: Page): Promise<RirApplied[]> {
  await waitForTestApi(page);
  return page.evaluate(() => (window as unknown as WithTestApi).__rir!.applied());
}

/** The open dataset's stored label log, in append order. */
export async function readLabelLog(page: Page): Promise<RirLabelEvent[]> {
  await waitForTestApi(page);
  return page.evaluate(() => (window as unknown as WithTestApi).__rir!.labelLog());
}

/**
 * Makes the e2e build's `CrashProbe` (src/testApi.ts) throw while rendering `screen` (a route's
 * screen: "example", "browse", …) from its next render on, or stops it (null): a fault injected to
 * check each screen's error boundary, not a feature under test.
 */
export async function crashOnRender(page: Page, screen: string | null): Promise<void> {
  await page.evaluate((s) => {
    (window as unknown as { __rirCrashScreen?: string }).__rirCrashScreen = s ?? undefined;
  }, screen);
}

/**
 * Fault injection for the CSP journey (e2e/csp.spec.ts), not a feature under test: a fresh worker
 * of that kind, started as the app starts it, fetches `url` and reports whether its CSP blocked it.
 */
export async function probeWorkerCsp(page: Page, worker: RirWorkerKind, url: string): Promise<RirCspProbeReport> {
  await waitForTestApi(page);
  return page.evaluate(([w, u]) => (window as unknown as WithTestApi).__rir!.probeWorkerCsp(w, u), [worker, url] as const);
}
