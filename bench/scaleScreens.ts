// bench:scale's screens (issue 16 point 4): on a long dataset just imported (and browsed, reloaded and
// opened by bench/scaleBench.ts), a person opens Analyze, Compare, Annotate (one label by keyboard),
// Train on the score features only, Train again with "Read the reasoning" on (the default), then
// deletes the dataset on the Datasets screen. Each step is timed from the user's action to the first
// painted frame showing its result, then the main thread's JS heap is taken after a forced GC; the
// reasoning run's heap is also sampled during the run without a forced GC (its peak), with the stage
// lines it showed and whether the text candidate took part or why not; the delete step reports the
// storage usage over time and the records left in IndexedDB. Every step has a time limit; a step
// that fails or runs out of time is reported as such and the next one runs.
import type { BrowserContext, Page } from '@playwright/test';
import { AnnotatePage } from '../e2e/pages/AnnotatePage.ts';
import { ImportPage } from '../e2e/pages/ImportPage.ts';
import { TrainPage } from '../e2e/pages/TrainPage.ts';
import { snapshot, whenIdle } from '../e2e/testApi.ts';

export const SCREEN_BUDGET = {
  /** Main-thread JS heap after each screen (after a forced GC), and its peak during the reasoning run (none forced), MB. */
  heapMB: 400,
  /** Records of the deleted dataset left in `exampleChunks` and `datasetCores`. */
  recordsLeft: 0,
  /** Storage usage after the delete: at most this fraction of the file's size above the usage before the import. */
  storageSlack: 0.1,
};
const ANALYZE_TIMEOUT_MS = 300_000;
const COMPARE_TIMEOUT_MS = 300_000;
const ANNOTATE_TIMEOUT_MS = 120_000;
const TRAIN_TIMEOUT_MS = 600_000;
/** The reasoning run's: the text ridge on 2,400 train/val examples took ~10 minutes on 2 busy cores. */
const TRAIN_TEXT_TIMEOUT_MS = 1_200_000;
const STOP_TIMEOUT_MS = 60_000;
const DELETE_TIMEOUT_MS = 120_000;
const STORAGE_POLL_MS = 60_000;
/** The longest any one CDP call (an evaluate, a heap reading) may take before the step is given up. */
const CALL_TIMEOUT_MS = 60_000;
/** How often the heap is read during the reasoning run (no GC forced), and how long one reading may take. */
const HEAP_SAMPLE_MS = 250;
const HEAP_SAMPLE_TIMEOUT_MS = 10_000;
/** Train's "Max epochs", small so a run of 45 models on 16k examples ends in minutes (the minimum is 10). */
export const TRAIN_MAX_EPOCHS = 50;
const ANNOTATOR = 'Bench';
const DB_NAME = 'rir-workbench';

export interface HeapReading {
  heapMB?: number;
  /** The same before the forced GC: garbage not yet collected included. */
  heapBeforeGcMB?: number;
}

export interface AnalyzeResult extends HeapReading {
  /** From the click on the nav link to the first frame with a CCC value in the metric table. */
  metricsMs?: number;
  /** …to "Computed in …": every point estimate and confidence interval shown (what e2e/analyze.spec.ts waits on). */
  computedMs?: number;
  status?: string;
  failure?: string;
}

export interface CompareResult extends HeapReading {
  /** From the click on the nav link to "Done." with a verdict in every row of the paired table. */
  verdictMs?: number;
  /** The CCC row's verdict as shown. */
  verdict?: string;
  commonLine?: string;
  failure?: string;
}

export interface AnnotateResult extends HeapReading {
  /** From Enter on the annotator's name to the first queue example's heading and text shown. */
  firstMs?: number;
  firstId?: string;
  /** From Enter after the typed label to the next example's heading and text shown. */
  nextMs?: number;
  nextId?: string;
  /** The status line after the label ("Saved 5 for …"). */
  saved?: string;
  /** Whether the start of the example's first reasoning was on screen too (read once the text showed; not timed). */
  reasoningShown?: boolean;
  failure?: string;
}

export interface TrainResult extends HeapReading {
  /** The settings line of the form ("9 configurations × 5 folds × 1 seed = 45 models, …"). */
  models?: string;
  /** From the click on Train to "Done after …" (or "Stopped after …", or "Training failed"). */
  ms?: number;
  status?: string;
  failure?: string;
}

export interface TrainTextResult extends TrainResult {
  /** The highest main-thread `usedSize` read every ~250 ms (no forced GC) from the click on Train to the run's end. */
  peakHeapMB?: number;
  /** …and up to the idle page after it (the results drawn, the explain panel's reading included). */
  peakHeapUntilIdleMB?: number;
  /** `totalSize` (the heap reserved) at the highest reading. */
  peakHeapTotalMB?: number;
  heapSamples?: number;
  /** The longest time between two readings' answers: a main thread busy for long delays them. */
  heapSampleMaxGapMs?: number;
  /** The run's status lines as shown, in order; a run of lines that differ only in numbers shown as its first and last. */
  stages?: string[];
  /** 'in': a reasoning candidate is in the candidates table; 'skipped': the panel says why not; 'absent': neither. */
  textCandidate?: 'in' | 'skipped' | 'absent';
  /** The candidates panel's sentence on the reasoning ("What the reasoning adds…" or "No text candidate: …"). */
  textLine?: string;
  /** The candidates' labels, the kept one marked. */
  candidates?: string[];
}

export interface DeleteResult {
  usageBeforeImportMB?: number;
  usageAfterImportMB?: number;
  /** After every screen above (labels and a calibrator stored too), just before the delete. */
  usageBeforeDeleteMB?: number;
  /** From the click on "Confirm delete" to the dataset gone from the list. */
  deleteMs?: number;
  usageRightAfterDeleteMB?: number;
  /** The lowest usage seen while polling `navigator.storage.estimate()` for 60 s after the delete. */
  usageLowestMB?: number;
  /** When it was first seen, from the dataset gone from the list. */
  usageLowestAfterMs?: number;
  usageAtEndMB?: number;
  /** Records of the dataset left per store, read with the raw IndexedDB API after the polling. */
  recordsLeft?: Record<string, number>;
  failure?: string;
}

export interface ScreenResults {
  analyze: AnalyzeResult;
  compare: CompareResult;
  annotate: AnnotateResult;
  /** Train with score features only ("Read the reasoning" off). */
  train: TrainResult;
  /** Train again with "Read the reasoning" on (the default). */
  trainText: TrainTextResult;
  delete: DeleteResult;
}

export interface Row {
  measurement: string;
  value: string;
  budget: string;
  status: string;
}

const round = (x: number, d = 1) => Math.round(x * 10 ** d) / 10 ** d;
const MB = (bytes: number) => round(bytes / 1e6);
const firstLine = (e: unknown) => (e instanceof Error ? e.message.split('\n')[0]! : String(e));

/**
 * A table row of a measurement against its budget (none: no status). `failed` says the step failed,
 * so a missing value is FAILED rather than not measured.
 */
export function budgetRow(
  measurement: string,
  value: number | undefined,
  unit: string,
  budget: { max?: number; min?: number } | undefined,
  failed: boolean,
): Row {
  const text = budget?.min !== undefined ? `≥ ${budget.min}${unit}` : budget?.max !== undefined ? `≤ ${budget.max}${unit}` : '';
  if (value === undefined)
    return { measurement, value: '–', budget: text, status: budget || failed ? (failed ? 'FAILED' : 'not measured') : '' };
  const ok = budget === undefined ? null : budget.min !== undefined ? value >= budget.min : value <= budget.max!;
  return { measurement, value: `${value}${unit}`, budget: text, status: ok === null ? '' : ok ? 'pass' : 'OVER' };
}

/** `p`, or an error saying what gave no answer in `ms`: a renderer busy or gone does not hang the bench. */
export async function bounded<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no answer in ${round(ms / 1000)} s`)), ms);
  });
  try {
    return await Promise.race([p, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** `whenIdle`, bounded: the app's test API has no timeout of its own. */
export async function idle(page: Page, timeoutMs: number): Promise<void> {
  await bounded(whenIdle(page), timeoutMs, 'the app was not idle');
}

/** The page's main-thread JS heap (CDP) as found, and after a forced garbage collection, in bytes. */
export async function heapUsage(context: BrowserContext, page: Page): Promise<{ usedBeforeGc: number; used: number; total: number }> {
  const cdp = await context.newCDPSession(page);
  try {
    return await bounded(
      (async () => {
        const before = await cdp.send('Runtime.getHeapUsage');
        await cdp.send('HeapProfiler.collectGarbage');
        await cdp.send('HeapProfiler.collectGarbage');
        const h = await cdp.send('Runtime.getHeapUsage');
        return { usedBeforeGc: before.usedSize, used: h.usedSize, total: h.totalSize };
      })(),
      CALL_TIMEOUT_MS,
      'the heap reading',
    );
  } finally {
    await cdp.detach().catch(() => {});
  }
}

async function readHeap(context: BrowserContext, page: Page, into: HeapReading): Promise<void> {
  await idle(page, CALL_TIMEOUT_MS);
  const heap = await heapUsage(context, page);
  into.heapMB = MB(heap.used);
  into.heapBeforeGcMB = MB(heap.usedBeforeGc);
}

interface HeapPeak {
  usedMB?: number;
  totalMB?: number;
  samples: number;
  maxGapMs?: number;
}

/**
 * Reads the page's main-thread JS heap (CDP Runtime.getHeapUsage, no GC forced) every
 * HEAP_SAMPLE_MS until `stop`; `peak()` is the highest `usedSize` so far. A reading that takes
 * longer than HEAP_SAMPLE_TIMEOUT_MS is given up (the loop goes on).
 */
async function sampleHeap(context: BrowserContext, page: Page): Promise<{ peak(): HeapPeak; stop(): Promise<HeapPeak> }> {
  const cdp = await context.newCDPSession(page);
  let used = -1;
  let total = 0;
  let samples = 0;
  let maxGap = 0;
  let running = true;
  const peak = (): HeapPeak => ({
    ...(used >= 0 ? { usedMB: MB(used), totalMB: MB(total) } : {}),
    samples,
    ...(samples > 1 ? { maxGapMs: round(maxGap, 0) } : {}),
  });
  const loop = (async () => {
    let last = performance.now();
    while (running) {
      try {
        const h = await bounded(cdp.send('Runtime.getHeapUsage'), HEAP_SAMPLE_TIMEOUT_MS, 'a heap reading');
        const now = performance.now();
        if (samples > 0) maxGap = Math.max(maxGap, now - last);
        last = now;
        samples++;
        if (h.usedSize > used) {
          used = h.usedSize;
          total = h.totalSize;
        }
      } catch {
        if (page.isClosed()) return;
      }
      await new Promise((resolve) => setTimeout(resolve, HEAP_SAMPLE_MS));
    }
  })();
  return {
    peak,
    async stop() {
      running = false;
      await loop;
      await cdp.detach().catch(() => {});
      return peak();
    },
  };
}

type WithStages = { __benchStages?: [number, string][]; __benchStagesStop?: () => void };

/**
 * Source text: records, in `window.__benchStages`, each new text of the Train screen's run status
 * line (the one in `.rir-train-status`) with the ms since now; the text shown now is not recorded. A
 * MutationObserver, so nothing polls the page.
 */
const recordStages = `(() => {
  const seen = [];
  window.__benchStages = seen;
  const t0 = performance.now();
  const text = () => {
    const el = document.querySelector('.rir-train-status [role=status]');
    return el ? el.textContent.trim() : '';
  };
  let last = text();
  const obs = new MutationObserver(() => {
    const t = text();
    if (t !== '' && t !== last && seen.length < 5000) seen.push([Math.round(performance.now() - t0), t]);
    last = t;
  });
  obs.observe(document.body, { subtree: true, childList: true, characterData: true });
  window.__benchStagesStop = () => obs.disconnect();
})()`;

/** The status lines recorded: each run of lines that differ only in their numbers as its first and last, with when they showed. */
export function summariseStages(seen: [number, string][]): string[] {
  const shape = (t: string) => t.replace(/\d[\d,.]*/g, '#');
  const out: string[] = [];
  for (let i = 0; i < seen.length;) {
    let j = i;
    while (j + 1 < seen.length && shape(seen[j + 1]![1]) === shape(seen[i]![1])) j++;
    const [t0, first] = seen[i]!;
    const [t1, last] = seen[j]!;
    const at = `${round(t0 / 1000)} s`;
    out.push(j === i ? `[${at}] ${first}` : `[${at}–${round(t1 / 1000)} s, ${j - i + 1} lines] ${first} → ${last}`);
    i = j + 1;
  }
  return out;
}

/** `navigator.storage.estimate().usage` of the page's origin, in bytes. */
export async function storageUsage(page: Page): Promise<number> {
  return (await bounded(
    page.evaluate('navigator.storage.estimate().then((e) => e.usage ?? 0)'),
    CALL_TIMEOUT_MS,
    'storage estimate',
  )) as number;
}

/**
 * Runs `action` in the page, then resolves to the ms from it to the first painted frame where each
 * of `marks` (name → condition) holds; rejects with the text `fail` evaluates to when that is not
 * empty, or with the marks still pending after `timeoutMs`. Conditions are source text (the app's
 * CSP allows no eval in the page; page.evaluate of a string is not eval).
 */
async function timeMarksInPage(
  page: Page,
  action: string,
  marks: Record<string, string>,
  fail: string,
  timeoutMs: number,
): Promise<Record<string, number>> {
  const conditions = Object.entries(marks)
    .map(([name, cond]) => `${JSON.stringify(name)}: () => (${cond})`)
    .join(',\n');
  const run = page.evaluate(`new Promise((resolve, reject) => {
    const conds = {${conditions}};
    const names = Object.keys(conds);
    const seen = new Set();
    const at = {};
    const t0 = performance.now();
    (() => { ${action} })();
    const check = () => {
      const failed = (() => ${fail})();
      if (failed) { reject(new Error(String(failed).slice(0, 300))); return; }
      const newly = names.filter((k) => !seen.has(k) && conds[k]());
      for (const k of newly) seen.add(k);
      requestAnimationFrame(() => {
        const t = performance.now() - t0;
        for (const k of newly) at[k] = t;
        if (seen.size === names.length) resolve(at);
        else if (t > ${timeoutMs}) reject(new Error('not shown in ${timeoutMs / 1000} s: ' + names.filter((k) => !seen.has(k)).join(', ')));
        else check();
      });
    };
    requestAnimationFrame(check);
  })`) as Promise<Record<string, number>>;
  return bounded(run, timeoutMs + CALL_TIMEOUT_MS, 'the page');
}

type WithKeyTiming = { __benchKey?: { t0?: number; at?: number; error?: string } };

/**
 * Presses `key` as the user does (after typing `typed`, if any) and resolves to the ms from its
 * keydown to the first painted frame where `done` holds; rejects when `fail` evaluates to a
 * non-empty text, or after `timeoutMs`.
 */
async function timeKeyInPage(page: Page, typed: string, key: string, done: string, fail: string, timeoutMs: number): Promise<number> {
  await bounded(
    page.evaluate(`(() => {
      const s = {};
      window.__benchKey = s;
      const onKey = (e) => {
        if (e.key !== ${JSON.stringify(key)}) return;
        s.t0 = performance.now();
        window.removeEventListener('keydown', onKey, true);
      };
      window.addEventListener('keydown', onKey, true);
      const check = () => {
        if (s.t0 !== undefined) {
          const failed = (() => ${fail})();
          if (failed) { s.error = String(failed).slice(0, 300); return; }
          if (${done}) { requestAnimationFrame(() => { s.at = performance.now() - s.t0; }); return; }
          if (performance.now() - s.t0 > ${timeoutMs}) { s.error = 'not shown in ${timeoutMs / 1000} s'; return; }
        }
        requestAnimationFrame(check);
      };
      requestAnimationFrame(check);
    })()`),
    CALL_TIMEOUT_MS,
    'the page',
  );
  if (typed !== '') await page.keyboard.type(typed);
  await page.keyboard.press(key);
  await page.waitForFunction(
    () => {
      const s = (window as WithKeyTiming).__benchKey;
      return s !== undefined && (s.at !== undefined || s.error !== undefined);
    },
    undefined,
    { timeout: timeoutMs + CALL_TIMEOUT_MS, polling: 100 },
  );
  const s = (await page.evaluate('window.__benchKey')) as { at?: number; error?: string };
  if (s.error !== undefined) throw new Error(s.error);
  return s.at!;
}

/** Source text: clicks the main nav's link called `name`. */
const clickNav = (name: string) =>
  `[...document.querySelectorAll('nav[aria-label="Main"] a')].find((a) => a.textContent.trim() === ${JSON.stringify(name)}).click()`;

/** Source text: the text of the page's alerts matching `re` ('' when none). */
const alertText = (re: string) =>
  `[...document.querySelectorAll('[role=alert]')].map((a) => a.textContent.trim()).filter((t) => ${re}.test(t)).join(' | ')`;

/** What the long file's example screens must show: the heading of a long example other than `previous`, and its input's "Problem N.", loaded. */
const annotateShown = (previous: string | null) => `(() => {
  const h = [...document.querySelectorAll('h1')].map((h) => h.textContent.trim()).find((t) => /^Annotate long-\\d+$/.test(t));
  if (!h || h === ${JSON.stringify(previous === null ? '' : `Annotate ${previous}`)}) return false;
  const n = Number(h.slice('Annotate long-'.length));
  const text = document.body.textContent;
  return !text.includes('Loading the text of this example') && text.includes('Problem ' + n + '.');
})()`;

export interface ScreensInput {
  context: BrowserContext;
  page: Page;
  /** The file's size, for the storage budget. */
  bytes: number;
  usageBeforeImport?: number;
  usageAfterImport?: number;
  /** The start of the first reasoning of the example called `id`, as the Example screen shows it. */
  snippetOf(id: string): string;
  log(s: string): void;
}

/** Analyze, Compare, Annotate, Train and Delete on the dataset open in `page` (the one imported last). */
export async function runScreens(input: ScreensInput): Promise<ScreenResults> {
  const { context, page, log } = input;
  const results: ScreenResults = { analyze: {}, compare: {}, annotate: {}, train: {}, trainText: {}, delete: {} };
  const snap = await bounded(snapshot(page), CALL_TIMEOUT_MS, 'the test API');
  const datasetId = snap.currentDatasetId;
  const dataset = snap.datasets.find((d) => d.id === datasetId);
  if (datasetId === null || dataset === undefined) throw new Error('no dataset is open');

  const step = async <R extends { failure?: string }>(name: string, into: R, body: () => Promise<void>) => {
    log(`  ${name}…`);
    try {
      await body();
    } catch (e) {
      into.failure = `${firstLine(e)}${page.isClosed() ? ' (the page is closed)' : ''}`;
      log(`  ${name} FAILED: ${into.failure}`);
    }
  };

  await step('Analyze', results.analyze, async () => {
    const r = results.analyze;
    const at = await timeMarksInPage(
      page,
      clickNav('Analyze'),
      {
        metrics: `[...document.querySelectorAll('td[data-metric="ccc"] .rir-metric-value')].some((v) => /\\d/.test(v.textContent))`,
        computed: `[...document.querySelectorAll('[role=status]')].some((s) => s.textContent.trim().startsWith('Computed in'))`,
      },
      alertText('/^The analysis failed/'),
      ANALYZE_TIMEOUT_MS,
    );
    r.metricsMs = round(at.metrics!);
    r.computedMs = round(at.computed!);
    r.status = await page
      .getByRole('status')
      .filter({ hasText: /^Computed in/ })
      .innerText({ timeout: CALL_TIMEOUT_MS });
    await readHeap(context, page, r);
  });

  await step('Compare', results.compare, async () => {
    const r = results.compare;
    const at = await timeMarksInPage(
      page,
      clickNav('Compare'),
      {
        verdict: `(() => {
          const status = document.querySelector('[data-testid="compare-status"]');
          const verdicts = [...document.querySelectorAll('td[data-col="verdict"]')];
          return !!status && status.textContent.trim() === 'Done.' && verdicts.length >= 5 && verdicts.every((v) => v.textContent.trim() !== '');
        })()`,
      },
      `${alertText('/^The comparison failed/')} || [...document.querySelectorAll('[data-testid="compare-status"]')].map((s) => s.textContent.trim()).filter((t) => t.startsWith('Cancelled')).join('')`,
      COMPARE_TIMEOUT_MS,
    );
    r.verdictMs = round(at.verdict!);
    r.verdict = (await page.locator('tr[data-metric="ccc"] td[data-col="verdict"]').first().innerText({ timeout: CALL_TIMEOUT_MS })).trim();
    r.commonLine = (await page.getByTestId('compare-common').innerText({ timeout: CALL_TIMEOUT_MS })).trim();
    await readHeap(context, page, r);
  });

  await step('Annotate', results.annotate, async () => {
    const r = results.annotate;
    const a = new AnnotatePage(page);
    await a.navLink().click({ timeout: CALL_TIMEOUT_MS });
    // A fresh profile: the annotator's name is asked first (it has the focus), and Enter starts the queue.
    await a.nameField().waitFor({ timeout: ANNOTATE_TIMEOUT_MS });
    await page.keyboard.type(ANNOTATOR);
    const failed = alertText('/^The text of this example could not be read/');
    r.firstMs = round(await timeKeyInPage(page, '', 'Enter', annotateShown(null), failed, ANNOTATE_TIMEOUT_MS));
    r.firstId = await bounded(a.exampleId(), CALL_TIMEOUT_MS, 'the heading');
    r.reasoningShown = ((await page.evaluate('document.body.textContent')) as string).includes(input.snippetOf(r.firstId));
    await a.labelField().waitFor({ state: 'visible', timeout: CALL_TIMEOUT_MS });
    // One label by keyboard, as annotate-keyboard.spec.ts does: type it into the focused field, then Enter saves and moves on.
    r.nextMs = round(await timeKeyInPage(page, '5', 'Enter', annotateShown(r.firstId), failed, ANNOTATE_TIMEOUT_MS));
    r.nextId = await bounded(a.exampleId(), CALL_TIMEOUT_MS, 'the heading');
    r.saved = (await a.status().innerText({ timeout: CALL_TIMEOUT_MS })).trim();
    if (r.saved !== `Saved 5 for ${r.firstId}.`) throw new Error(`after the label the status says "${r.saved}"`);
    await readHeap(context, page, r);
  });

  await step('Train (scores only)', results.train, async () => {
    await trainRun(context, page, false, results.train);
  });

  await step('Train (reasoning on)', results.trainText, async () => {
    await trainRun(context, page, true, results.trainText);
  });

  await step('Delete', results.delete, async () => {
    const r = results.delete;
    if (input.usageBeforeImport !== undefined) r.usageBeforeImportMB = MB(input.usageBeforeImport);
    if (input.usageAfterImport !== undefined) r.usageAfterImportMB = MB(input.usageAfterImport);
    const importPage = new ImportPage(page);
    await importPage.navLink().click({ timeout: CALL_TIMEOUT_MS });
    await importPage.heading().waitFor({ timeout: CALL_TIMEOUT_MS });
    await idle(page, CALL_TIMEOUT_MS);
    r.usageBeforeDeleteMB = MB(await storageUsage(page));
    const item = importPage.dataset(dataset.name);
    await item.getByRole('button', { name: `Delete ${dataset.name}`, exact: true }).click({ timeout: CALL_TIMEOUT_MS });
    const confirm = item.getByRole('button', { name: `Confirm delete ${dataset.name}`, exact: true });
    await confirm.waitFor({ timeout: CALL_TIMEOUT_MS });
    const t0 = performance.now();
    await confirm.click({ timeout: CALL_TIMEOUT_MS });
    await item.waitFor({ state: 'detached', timeout: DELETE_TIMEOUT_MS });
    const gone = performance.now();
    r.deleteMs = round(gone - t0);
    await idle(page, DELETE_TIMEOUT_MS);
    // Chromium frees IndexedDB space lazily (LevelDB compaction, blob files): poll the estimate.
    let lowest = Infinity;
    let lowestAt = 0;
    let last = 0;
    for (;;) {
      last = await storageUsage(page);
      const t = performance.now() - gone;
      if (r.usageRightAfterDeleteMB === undefined) r.usageRightAfterDeleteMB = MB(last);
      if (last < lowest) {
        lowest = last;
        lowestAt = t;
      }
      if (t >= STORAGE_POLL_MS) break;
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
    r.usageLowestMB = MB(lowest);
    r.usageLowestAfterMs = round(lowestAt, 0);
    r.usageAtEndMB = MB(last);
    r.recordsLeft = await recordsLeft(page, datasetId);
  });

  return results;
}

/**
 * One Train run on the Train screen: "Read the reasoning" as `readReasoning`, Max epochs
 * TRAIN_MAX_EPOCHS, from the click on Train to "Done after …" (at most TRAIN_TIMEOUT_MS, or
 * TRAIN_TEXT_TIMEOUT_MS with the reasoning, else Stop and a failure), then the heap after a forced
 * GC. With `readReasoning` (into a TrainTextResult), also the heap's peak during the run, the
 * status lines shown, and the text candidate's fate.
 */
async function trainRun(context: BrowserContext, page: Page, readReasoning: boolean, r: TrainTextResult): Promise<void> {
  const t = new TrainPage(page);
  await t.navLink().click({ timeout: CALL_TIMEOUT_MS });
  await t.heading().waitFor({ timeout: CALL_TIMEOUT_MS });
  // "Read the reasoning" as asked; a small "Max epochs" (under "Grid and stopping").
  await page.getByRole('checkbox', { name: 'Read the reasoning' }).setChecked(readReasoning, { timeout: CALL_TIMEOUT_MS });
  await bounded(t.configure({ maxEpochs: TRAIN_MAX_EPOCHS }), CALL_TIMEOUT_MS, 'the settings form');
  r.models = (await t.modelCount().innerText({ timeout: CALL_TIMEOUT_MS })).trim();
  await idle(page, CALL_TIMEOUT_MS);
  const sampler = readReasoning ? await sampleHeap(context, page) : null;
  const keepSamples = (p: HeapPeak) => {
    r.peakHeapTotalMB = p.totalMB;
    r.heapSamples = p.samples;
    r.heapSampleMaxGapMs = p.maxGapMs;
  };
  try {
    if (readReasoning) await bounded(page.evaluate(recordStages), CALL_TIMEOUT_MS, 'the page');
    const t0 = performance.now();
    await t.trainButton().click({ timeout: CALL_TIMEOUT_MS });
    const limit = readReasoning ? TRAIN_TEXT_TIMEOUT_MS : TRAIN_TIMEOUT_MS;
    try {
      await t.waitUntilFinished(limit);
    } catch (e) {
      const status = await t
        .status()
        .allInnerTexts()
        .catch(() => []);
      // Stop it so the next step does not share the CPU with it.
      await t
        .stopButton()
        .click({ timeout: CALL_TIMEOUT_MS })
        .then(() => t.waitUntilFinished(STOP_TIMEOUT_MS))
        .catch(() => {});
      throw new Error(`did not finish in ${limit / 1000} s (${firstLine(e)}); status: ${status.join(' | ').slice(0, 200)}`);
    }
    r.ms = round(performance.now() - t0);
    if (sampler) {
      const p = sampler.peak();
      r.peakHeapMB = p.usedMB;
      keepSamples(p);
    }
    const failed = page.getByRole('alert').filter({ hasText: /^Training failed/ });
    if ((await failed.count()) > 0) throw new Error((await failed.first().innerText()).slice(0, 300));
    r.status = (await t.status().innerText({ timeout: CALL_TIMEOUT_MS })).trim();
    if (readReasoning) {
      const line = t.textGain();
      r.textLine = (await line.count()) > 0 ? (await line.first().innerText({ timeout: CALL_TIMEOUT_MS })).trim() : undefined;
      // A row header's first text is the candidate's label (its badges follow it).
      const labels = await t
        .candidateRows()
        .getByRole('rowheader')
        .evaluateAll((els) => els.map((e) => `${e.firstChild?.textContent ?? ''}${e.textContent?.includes('kept') ? ' (kept)' : ''}`));
      r.candidates = labels;
      r.textCandidate = r.textLine?.startsWith('No text candidate')
        ? 'skipped'
        : labels.some((l) => /ridge|reasoning|text/i.test(l))
          ? 'in'
          : 'absent';
    }
    await idle(page, CALL_TIMEOUT_MS);
  } finally {
    if (readReasoning) {
      const seen = await bounded(
        page.evaluate(() => {
          const w = window as WithStages;
          w.__benchStagesStop?.();
          return w.__benchStages ?? [];
        }),
        CALL_TIMEOUT_MS,
        'the page',
      ).catch(() => [] as [number, string][]);
      r.stages = summariseStages(seen);
    }
    if (sampler) {
      const p = await sampler.stop();
      r.peakHeapUntilIdleMB = p.usedMB;
      keepSamples(p);
      if (r.ms === undefined) r.peakHeapMB = p.usedMB;
    }
  }
  await readHeap(context, page, r);
}

/** Records of `datasetId` in each store that keys them by it, counted with the raw IndexedDB API. */
async function recordsLeft(page: Page, datasetId: string): Promise<Record<string, number>> {
  const id = JSON.stringify(datasetId);
  return (await bounded(
    page.evaluate(`new Promise((resolve, reject) => {
      const open = indexedDB.open(${JSON.stringify(DB_NAME)});
      open.onerror = () => reject(open.error);
      open.onsuccess = () => {
        const db = open.result;
        // [id] < [id, anything] < [id, []]: arrays sort after numbers, dates and strings.
        const prefixed = IDBKeyRange.bound([${id}], [${id}, []]);
        const counts = {};
        const wanted = [
          ['datasets', (s) => s.count(${id})],
          ['exampleChunks', (s) => s.count(prefixed)],
          ['datasetCores', (s) => s.count(${id})],
          ['labels', (s) => s.index('byDataset').count(prefixed)],
          ['calibrators', (s) => s.count(prefixed)],
          ['appliedCalibrators', (s) => s.count(prefixed)],
        ].filter(([name]) => db.objectStoreNames.contains(name));
        const tx = db.transaction(wanted.map(([name]) => name), 'readonly');
        for (const [name, count] of wanted) {
          const req = count(tx.objectStore(name));
          req.onsuccess = () => { counts[name] = req.result; };
        }
        tx.oncomplete = () => { db.close(); resolve(counts); };
        tx.onerror = () => { db.close(); reject(tx.error); };
      };
    })`),
    CALL_TIMEOUT_MS,
    'counting the records left',
  )) as Record<string, number>;
}

/** A training run's time from the click to its result, in seconds. */
const trainTimeRow = (label: string, run: { ms?: number; failure?: string }): Row =>
  budgetRow(label, run.ms === undefined ? undefined : round(run.ms / 1000, 2), ' s', undefined, !!run.failure);

/** The table rows of the screens, for a file whose screens ran. */
export function screenRows(s: ScreenResults, bytes: number): (Row | string)[] {
  const heap = { max: SCREEN_BUDGET.heapMB };
  const { analyze: an, compare: co, annotate: at, train: tr, trainText: tt, delete: de } = s;
  const rows: (Row | string)[] = [
    budgetRow('Analyze: click → metric table shows CCC', an.metricsMs, ' ms', undefined, !!an.failure),
    budgetRow('Analyze: click → "Computed in" (every CI)', an.computedMs, ' ms', undefined, !!an.failure),
    budgetRow('JS heap after Analyze', an.heapMB, ' MB', heap, !!an.failure),
    budgetRow('Compare v1 vs v2: click → "Done." and verdicts', co.verdictMs, ' ms', undefined, !!co.failure),
    budgetRow('JS heap after Compare', co.heapMB, ' MB', heap, !!co.failure),
    budgetRow("Annotate: name's Enter → first example's text", at.firstMs, ' ms', undefined, !!at.failure),
    budgetRow("Annotate: label's Enter → next example's text", at.nextMs, ' ms', undefined, !!at.failure),
    budgetRow('JS heap after Annotate', at.heapMB, ' MB', heap, !!at.failure),
    trainTimeRow('Train (scores only): click → result', tr),
    budgetRow('JS heap after Train (scores only)', tr.heapMB, ' MB', heap, !!tr.failure),
    trainTimeRow('Train (reasoning on): click → result', tt),
    budgetRow('JS heap during Train (reasoning on): peak, no forced GC', tt.peakHeapMB, ' MB', heap, !!tt.failure),
    budgetRow('  … peak up to the idle page after it', tt.peakHeapUntilIdleMB, ' MB', undefined, !!tt.failure),
    budgetRow('JS heap after Train (reasoning on)', tt.heapMB, ' MB', heap, !!tt.failure),
  ];
  const notes: string[] = [];
  if (an.failure) notes.push(`  Analyze FAILED: ${an.failure}`);
  else if (an.status) notes.push(`  Analyze: ${an.status}`);
  if (co.failure) notes.push(`  Compare FAILED: ${co.failure}`);
  else if (co.verdict) notes.push(`  Compare: CCC verdict "${co.verdict}"; ${co.commonLine ?? ''}`);
  if (at.failure) notes.push(`  Annotate FAILED: ${at.failure}`);
  if (at.firstId)
    notes.push(
      `  Annotate: first ${at.firstId}${at.reasoningShown === false ? ' (its first reasoning not on screen)' : ''}, next ${at.nextId ?? '–'}; ${at.saved ?? ''}`,
    );
  if (tr.failure) notes.push(`  Train FAILED: ${tr.failure}`);
  if (tr.models || tr.status)
    notes.push(`  Train (max epochs ${TRAIN_MAX_EPOCHS}, reasoning off): ${tr.models ?? ''} ${tr.status ?? ''}`.trimEnd());
  if (tt.failure) notes.push(`  Train (reasoning on) FAILED: ${tt.failure}`);
  if (tt.models || tt.status)
    notes.push(`  Train (max epochs ${TRAIN_MAX_EPOCHS}, reasoning on): ${tt.models ?? ''} ${tt.status ?? ''}`.trimEnd());
  if (tt.textCandidate)
    notes.push(
      `  Train (reasoning on): text candidate ${tt.textCandidate === 'in' ? 'took part' : tt.textCandidate === 'skipped' ? 'skipped' : 'not shown'}; ${tt.textLine ?? '(no sentence on the reasoning)'}`,
    );
  if (tt.candidates) notes.push(`  Train (reasoning on): candidates ${tt.candidates.join('; ')}`);
  if (tt.stages) for (const stage of tt.stages) notes.push(`  Train (reasoning on) stage ${stage}`);
  if (tt.heapSamples !== undefined)
    notes.push(
      `  Train (reasoning on): ${tt.heapSamples} heap readings, longest between two ${tt.heapSampleMaxGapMs ?? '–'} ms; heap reserved at the peak ${tt.peakHeapTotalMB ?? '–'} MB`,
    );

  // Delete: storage back to within 10% of the file's size above the usage before the import.
  const failed = !!de.failure;
  rows.push(
    budgetRow('storage before delete (after the screens)', de.usageBeforeDeleteMB, ' MB', undefined, failed),
    budgetRow('Delete: Confirm delete → gone from the list', de.deleteMs, ' ms', undefined, failed),
    budgetRow('storage right after delete', de.usageRightAfterDeleteMB, ' MB', undefined, failed),
  );
  const allowed =
    de.usageBeforeImportMB === undefined ? undefined : round(de.usageBeforeImportMB + (SCREEN_BUDGET.storageSlack * bytes) / 1e6);
  const lowest = budgetRow(
    `storage after delete: lowest in ${STORAGE_POLL_MS / 1000} s`,
    de.usageLowestMB,
    ' MB',
    allowed === undefined ? undefined : { max: allowed },
    failed,
  );
  if (lowest.status === 'OVER') lowest.status = 'OVER (Chromium frees space lazily)';
  rows.push(lowest, budgetRow('  … first seen after', de.usageLowestAfterMs, ' ms', undefined, failed));
  const left = de.recordsLeft === undefined ? undefined : (de.recordsLeft.exampleChunks ?? 0) + (de.recordsLeft.datasetCores ?? 0);
  rows.push(budgetRow('records left in exampleChunks + datasetCores', left, '', { max: SCREEN_BUDGET.recordsLeft }, failed));
  if (de.failure) notes.push(`  Delete FAILED: ${de.failure}`);
  if (de.recordsLeft)
    notes.push(
      `  records left after delete: ${Object.entries(de.recordsLeft)
        .map(([k, v]) => `${k} ${v}`)
        .join(', ')}`,
    );
  if (de.usageLowestMB !== undefined && de.usageBeforeDeleteMB !== undefined && de.usageLowestMB >= de.usageBeforeDeleteMB * 0.9)
    notes.push(
      `  storage did not drop within ${STORAGE_POLL_MS / 1000} s of the delete (${de.usageBeforeDeleteMB} → ${de.usageLowestMB} MB)`,
    );
  return [...rows, ...notes];
}
