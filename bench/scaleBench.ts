// Long data at scale (issue 16 point 5): real RiR data has 20 rollouts of 1–2 KB reasoning per example
// and prompt version. Generates canonical JSONL of 2 prompt versions × 20 rollouts × ~1.5 KB of
// English-like reasoning per example (bench/scaleData.ts: 3k examples ≈ 190 MB, whose 2,400 train/val
// examples are few enough for the text ridge; 20k ≈ 1.3 GB; and ≈ 2 GB) and takes bench:browse's 100k
// short examples too, so nothing small gets slower. For each file, in the
// e2e build in Chromium with a fresh on-disk profile (IndexedDB persists across the reload, as for
// a user, and has the disk's quota), driven as a person would:
//   - the bare baseline: the same file read in the page as a stream, decoded, split on '\n' and every
//     line JSON.parse'd (results dropped), MB/s;
//   - import through the file chooser: time to "Imported N examples", MB/s, ratio to the bare parse
//     (budget ≥ 0.3);
//   - the main thread's JS heap once the import is done (CDP: a forced GC, then Runtime.getHeapUsage's
//     usedSize; budget ≤ 400 MB);
//   - reload on Browse: from the navigation start to the first painted frame showing rows of the
//     dataset (budget ≤ 3 s), then the heap again (≤ 400 MB);
//   - opening the first, middle and last example from Browse (a click on its row): from the click to
//     the first painted frame showing "Example <id>" and the start of its first reasoning (budget
//     ≤ 200 ms, median and max).
// Then, for each long file (issue 16 point 4: the screens work on such a dataset and deleting it
// frees its storage; bench/scaleScreens.ts), still as a person would and each step on its own:
//   - Analyze: from the click on its nav link to the metric table's CCC and to "Computed in" (every
//     CI; what e2e/analyze.spec.ts waits on), then the heap (≤ 400 MB);
//   - Compare v1 with v2: from the click to "Done." with a verdict in every paired row, then the heap
//     (≤ 400 MB);
//   - Annotate: the annotator's name, then from its Enter to the first queue example's heading and
//     text (loaded from storage) shown; one label typed and Enter (annotate-keyboard.spec.ts), to the
//     next example's text shown; then the heap (≤ 400 MB);
//   - Train on the scores only ("Read the reasoning" off, Max epochs 50): from the click on Train to
//     "Done after …" (at most 10 minutes, else Stop and reported as failed), then the heap (≤ 400 MB);
//   - Train again with "Read the reasoning" on (the default; Max epochs 50), the same way (at most
//     20 minutes: the ridge on 2,400 examples took ~10 on 2 busy cores), with the main thread's heap
//     read every ~250 ms during the run without forcing a GC (peak ≤ 400 MB), the run's status
//     lines as shown ("Reading the reasoning of v1 (N of M examples)…", "Fitting the ridge…", the
//     epochs), and whether the text candidate took part or why not (the candidates panel's
//     sentence: the ridge takes at most 3,000 train/val examples, so only the 3k file has it);
//   - Delete on the Datasets screen (Delete, Confirm delete): navigator.storage.estimate().usage
//     before the import (fresh profile, the demo loaded), after it and before the delete; after it,
//     polled for 60 s: the lowest usage and when it was seen (budget: within 10% of the file's size
//     above the usage before the import; Chromium frees IndexedDB space lazily, so an OVER here is
//     reported, not fatal), and the dataset's records left in `exampleChunks` and `datasetCores`
//     (raw IndexedDB; budget 0), with those in its other stores.
// Every step has a time limit; a step that fails is reported in the table and the next one runs.
// A file that fails (quota, renderer crash, timeout) is reported as such and the next one runs. Prints
// one table (measurement, value, budget, pass/OVER) and writes bench/out/scale.json. MB = 10^6 bytes.
// Env: BENCH_SCALE_EXAMPLES (comma list of example counts) or BENCH_SCALE_SIZES (comma list of MB;
// default: 3000 and 20000 examples and 2000 MB), BENCH_SCALE_SHORT (examples of the short file, default
// 100000; 0 skips it), RIR_BASE_URL (a running preview, else one is started) and RIR_E2E_DIST (the
// build it serves, default dist-e2e: `npm run build:e2e` first).
import { createReadStream, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { chromium, type BrowserContext, type Page } from '@playwright/test';
import { chromiumLaunchOptions } from '../e2e/chromium.ts';
import { ImportPage } from '../e2e/pages/ImportPage.ts';
import { browseFile, ensureBrowseFile, OUT_DIR } from './benchData.ts';
import { timeInPage } from './pageTiming.ts';
import { BASE_URL, ensureServer } from './previewServer.ts';
import { ensureLongFile, longBytesPerExample, longExample, longFile } from './scaleData.ts';
import { heapUsage, idle, runScreens, SCREEN_BUDGET, screenRows, storageUsage, type Row, type ScreenResults } from './scaleScreens.ts';

const BUDGET = { ratio: 0.3, heapMB: 400, reloadMs: 3000, openMs: 200 };
const IMPORT_TIMEOUT_MS = 300_000;
const RELOAD_TIMEOUT_MS = 300_000;
const OPEN_TIMEOUT_MS = 60_000;

/** The first rollout's reasoning as the Example screen must show it: its first line, up to 60 characters. */
const snippetOf = (reasoning: string) => reasoning.split('\n')[0]!.slice(0, 60).trim();

interface BenchFile {
  label: string;
  file: string;
  bytes: number;
  examples: number;
  /** The ids of this file's examples, to tell its rows from another dataset's. */
  idPattern: string;
  /** A long file: the screens and the delete are measured on it too. */
  long: boolean;
  /** Example `i` in file order: its id and the start of its first reasoning. */
  exampleAt(i: number): Promise<{ id: string; snippet: string }>;
}

interface Opened {
  position: number;
  id: string;
  ms: number;
}

interface FileResult {
  label: string;
  file: string;
  bytes: number;
  examples: number;
  bareParseMs?: number;
  bareParseMBps?: number;
  importMs?: number;
  importMBps?: number;
  importRatioToBare?: number;
  heapAfterImportMB?: number;
  /** The same before the forced GC: garbage not yet collected included. */
  heapBeforeGcAfterImportMB?: number;
  heapTotalAfterImportMB?: number;
  /** navigator.storage.estimate().usage before the import: a fresh profile with the demo loaded. */
  storageBeforeImportMB?: number;
  storageUsedMB?: number;
  openBrowseMs?: number;
  reloadToRowsMs?: number;
  reloadToRowsWallMs?: number;
  heapAfterReloadMB?: number;
  heapBeforeGcAfterReloadMB?: number;
  opened: Opened[];
  openMedianMs?: number;
  openMaxMs?: number;
  /** The step that failed and why; the steps after it were not measured (the screens still run). */
  failure?: string;
  /** Analyze, Compare, Annotate, Train (scores only, then reasoning on) and Delete (long files only; each step says if it failed). */
  screens?: ScreenResults;
  /** Why the screens could not start (no dataset open, the page gone). */
  screensFailure?: string;
  pageErrors: string[];
}

type WithRowsAt = { __benchRowsAt?: number };

const round = (x: number, d = 1) => Math.round(x * 10 ** d) / 10 ** d;
const MB = (bytes: number) => round(bytes / 1e6);
const log = (s: string) => console.log(s);

function examplesToGenerate(): number[] {
  const list = (v: string) =>
    v
      .split(',')
      .map((s) => Number(s.trim()))
      .filter((n) => Number.isFinite(n) && n > 0);
  if (process.env.BENCH_SCALE_EXAMPLES) return list(process.env.BENCH_SCALE_EXAMPLES).map(Math.round);
  const perExample = longBytesPerExample();
  if (process.env.BENCH_SCALE_SIZES) return list(process.env.BENCH_SCALE_SIZES).map((mb) => Math.ceil((mb * 1e6) / perExample));
  return [3_000, 20_000, Math.ceil(2e9 / perExample)];
}

async function longBenchFile(examples: number): Promise<BenchFile> {
  const bytes = await ensureLongFile(examples, log);
  return {
    label: `long ${examples} × 2 × 20 (${MB(bytes)} MB)`,
    file: longFile(examples),
    bytes,
    examples,
    idPattern: '^long-\\d{6}$',
    long: true,
    exampleAt: (i) => {
      const ex = longExample(i);
      return Promise.resolve({ id: ex.id, snippet: snippetOf(ex.firstReasoning) });
    },
  };
}

async function shortBenchFile(examples: number): Promise<BenchFile> {
  const bytes = await ensureBrowseFile(examples);
  const file = browseFile(examples);
  return {
    label: `short ${examples} (bench:browse, ${MB(bytes)} MB)`,
    file,
    bytes,
    examples,
    idPattern: '^ex-\\d{6}$',
    long: false,
    exampleAt: async (i) => {
      let n = 0;
      for await (const line of createInterface({ input: createReadStream(file) })) {
        if (line.trim() === '') continue;
        if (n++ === i) {
          const ex = JSON.parse(line) as { id: string; rollouts: { reasoning: string }[] };
          return { id: ex.id, snippet: snippetOf(ex.rollouts[0]!.reasoning) };
        }
      }
      throw new Error(`${file} has no example ${i}`);
    },
  };
}

/**
 * True once Browse of the dataset at `hash` (null: any dataset's Browse) shows a row whose id cell
 * matches `idPattern`; source text, run in the page.
 */
function rowsShown(hash: string | null, idPattern: string): string {
  const route = hash === null ? `location.hash.startsWith('#/browse/')` : `location.hash === ${JSON.stringify(hash)}`;
  return `(() => {
    if (!(${route})) return false;
    const re = new RegExp(${JSON.stringify(idPattern)});
    const table = document.querySelector('[role=table][aria-label="Examples"]');
    if (!table) return false;
    for (const row of table.querySelectorAll('[role=row]')) {
      const cell = row.querySelector('[role=cell]');
      if (cell && re.test((cell.textContent || '').trim())) return true;
    }
    return false;
  })()`;
}

/**
 * An init script for the reload: in the next document that starts (a sessionStorage flag tells it
 * from later ones), records the time since navigation start of the first painted frame where
 * `condition` holds. The condition is inlined: the app's CSP allows no eval in the page.
 */
function rowsProbe(condition: string): string {
  return `(() => {
    if (sessionStorage.getItem('__benchRowsProbe') === null) return;
    sessionStorage.removeItem('__benchRowsProbe');
    const check = () => {
      if (${condition}) requestAnimationFrame(() => { window.__benchRowsAt = performance.now(); });
      else requestAnimationFrame(check);
    };
    requestAnimationFrame(check);
  })()`;
}

/** The bare baseline in the page: the file read as a stream, decoded, split on '\n', every line JSON.parse'd. */
async function bareParse(page: Page, file: string): Promise<{ ms: number; lines: number }> {
  // A file input of our own outside the app's root: the app never sees it; the browser reads the file from disk.
  await page.evaluate(`(() => {
    const input = document.createElement('input');
    input.type = 'file';
    input.id = '__bench_bare';
    input.hidden = true;
    document.body.append(input);
  })()`);
  await page.setInputFiles('#__bench_bare', file);
  const result = (await page.evaluate(`(async () => {
    const input = document.getElementById('__bench_bare');
    const file = input.files[0];
    const t0 = performance.now();
    const reader = file.stream().getReader();
    const decoder = new TextDecoder();
    let carry = '';
    let lines = 0;
    for (;;) {
      const { done, value } = await reader.read();
      const text = carry + (done ? decoder.decode() : decoder.decode(value, { stream: true }));
      const parts = text.split('\\n');
      carry = done ? '' : parts.pop();
      for (const line of parts) if (line.length > 0 && line !== '\\r') { JSON.parse(line); lines++; }
      if (done) break;
    }
    const ms = performance.now() - t0;
    input.remove();
    return { ms, lines };
  })()`)) as { ms: number; lines: number };
  return result;
}

/** Text of the page's status and alert messages, to say why an import did not finish. */
async function messages(page: Page): Promise<string> {
  const texts = await page
    .locator('[role=status], [role=alert]')
    .allInnerTexts()
    .catch(() => []);
  return texts
    .map((t) => t.trim())
    .filter((t) => t !== '')
    .join(' | ')
    .slice(0, 300);
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

async function runFile(spec: BenchFile): Promise<FileResult> {
  const result: FileResult = {
    label: spec.label,
    file: path.basename(spec.file),
    bytes: spec.bytes,
    examples: spec.examples,
    opened: [],
    pageErrors: [],
  };
  // A fresh on-disk profile per file: storage starts empty (the app loads its demo, as on a first
  // visit), survives the reload, has the disk's quota, and is deleted afterwards.
  const userDataDir = mkdtempSync(path.join(os.tmpdir(), 'rir-scale-'));
  let context: BrowserContext | null = null;
  let page: Page | null = null;
  let usageBeforeImport: number | undefined;
  let usageAfterImport: number | undefined;
  let step = 'start';
  try {
    context = await chromium.launchPersistentContext(userDataDir, {
      ...chromiumLaunchOptions(),
      baseURL: BASE_URL,
      viewport: { width: 1280, height: 900 },
    });
    page = context.pages()[0] ?? (await context.newPage());
    page.on('crash', () => result.pageErrors.push('renderer crashed'));
    page.on('pageerror', (e) => result.pageErrors.push(e.message));
    const importPage = new ImportPage(page);
    await importPage.goto();
    await idle(page, RELOAD_TIMEOUT_MS);
    const usageBefore = await storageUsage(page);
    result.storageBeforeImportMB = MB(usageBefore);
    usageBeforeImport = usageBefore;

    step = 'bare parse';
    log(`  ${step}…`);
    const bare = await bareParse(page, spec.file);
    result.bareParseMs = round(bare.ms);
    result.bareParseMBps = round(spec.bytes / 1e3 / bare.ms);

    step = 'import';
    log(`  ${step}…`);
    const expected = `Imported ${spec.examples} example`;
    const t0 = performance.now();
    await importPage.chooseFile(spec.file);
    const done = importPage.summary().filter({ hasText: expected });
    try {
      await done.or(page.getByRole('alert')).first().waitFor({ timeout: IMPORT_TIMEOUT_MS });
    } catch (e) {
      throw new Error(`${e instanceof Error ? e.message.split('\n')[0] : String(e)}; on screen: ${await messages(page)}`);
    }
    const importMs = performance.now() - t0;
    if (!(await done.isVisible())) throw new Error(`no "${expected}"; on screen: ${await messages(page)}`);
    result.importMs = round(importMs);
    result.importMBps = round(spec.bytes / 1e3 / importMs);
    result.importRatioToBare = round(bare.ms / importMs, 3);
    await idle(page, IMPORT_TIMEOUT_MS);

    step = 'heap after import';
    const heap = await heapUsage(context, page);
    result.heapAfterImportMB = MB(heap.used);
    result.heapBeforeGcAfterImportMB = MB(heap.usedBeforeGc);
    result.heapTotalAfterImportMB = MB(heap.total);
    const usage = await storageUsage(page);
    result.storageUsedMB = MB(usage);
    usageAfterImport = usage;

    step = 'open Browse';
    result.openBrowseMs = round(
      await timeInPage(
        page,
        `[...document.querySelectorAll('a')].find((a) => a.textContent.trim() === 'Browse examples').click()`,
        rowsShown(null, spec.idPattern),
        RELOAD_TIMEOUT_MS,
      ),
    );
    const hash = (await page.evaluate('location.hash')) as string;
    const shown = rowsShown(hash, spec.idPattern);

    step = 'reload → Browse rows';
    log(`  ${step}…`);
    await context.addInitScript(rowsProbe(shown));
    await page.evaluate(`sessionStorage.setItem('__benchRowsProbe', '1')`);
    const r0 = performance.now();
    await page.reload({ waitUntil: 'commit', timeout: RELOAD_TIMEOUT_MS });
    await page.waitForFunction(() => (window as WithRowsAt).__benchRowsAt !== undefined, undefined, {
      timeout: RELOAD_TIMEOUT_MS,
      polling: 100,
    });
    result.reloadToRowsWallMs = round(performance.now() - r0);
    result.reloadToRowsMs = round((await page.evaluate('window.__benchRowsAt')) as number);
    await idle(page, RELOAD_TIMEOUT_MS);

    step = 'heap after reload';
    const heapAfterReload = await heapUsage(context, page);
    result.heapAfterReloadMB = MB(heapAfterReload.used);
    result.heapBeforeGcAfterReloadMB = MB(heapAfterReload.usedBeforeGc);

    step = 'open examples';
    log(`  ${step}…`);
    for (const position of [0, Math.floor(spec.examples / 2), spec.examples - 1]) {
      const { id, snippet } = await spec.exampleAt(position);
      // Scroll Browse's table until the row is rendered (it is virtualised), as a user would.
      await page.evaluate(`(() => {
        const row = [...document.querySelectorAll('[role=table][aria-label="Examples"] [role=row]')].find((r) => r.querySelector('[role=cell]'));
        let el = row && row.parentElement;
        while (el && !(el.scrollHeight > el.clientHeight + 1 && /auto|scroll/.test(getComputedStyle(el).overflowY))) el = el.parentElement;
        if (el) el.scrollTop = (${position} / ${spec.examples}) * el.scrollHeight - el.clientHeight / 2;
      })()`);
      const rowSelector = `[role=table][aria-label="Examples"] [role=row][aria-rowindex="${position + 2}"]`;
      await page.waitForSelector(rowSelector, { timeout: OPEN_TIMEOUT_MS });
      const shownId = (await page.locator(rowSelector).locator('[role=cell]').first().innerText()).trim();
      if (shownId !== id) throw new Error(`row ${position + 1} of Browse is ${shownId}, expected ${id} (file order)`);
      const ms = await timeInPage(
        page,
        `document.querySelector(${JSON.stringify(rowSelector)}).click()`,
        `[...document.querySelectorAll('h1')].some((h) => h.textContent === ${JSON.stringify(`Example ${id}`)}) && document.body.textContent.includes(${JSON.stringify(snippet)})`,
        OPEN_TIMEOUT_MS,
      );
      result.opened.push({ position, id, ms: round(ms) });
      await page.goBack();
      await timeInPage(page, '', shown, OPEN_TIMEOUT_MS);
    }
    const times = result.opened.map((o) => o.ms);
    result.openMedianMs = round(median(times));
    result.openMaxMs = Math.max(...times);
  } catch (e) {
    const msg = e instanceof Error ? e.message.split('\n')[0]! : String(e);
    result.failure = `${step}: ${msg}${result.pageErrors.includes('renderer crashed') ? ' (the renderer crashed: out of memory?)' : ''}`;
    log(`  FAILED at ${result.failure}`);
  }
  try {
    // The screens and the delete, on a long dataset that was imported (even if a step above failed).
    if (spec.long && context && page && result.importMs !== undefined && !result.pageErrors.includes('renderer crashed')) {
      result.screens = await runScreens({
        context,
        page,
        bytes: spec.bytes,
        usageBeforeImport,
        usageAfterImport,
        snippetOf: (id) => snippetOf(longExample(Number(id.slice('long-'.length))).firstReasoning),
        log,
      });
    }
  } catch (e) {
    result.screensFailure = e instanceof Error ? e.message.split('\n')[0]! : String(e);
    log(`  the screens FAILED: ${result.screensFailure}`);
  } finally {
    await context?.close().catch(() => {});
    rmSync(userDataDir, { recursive: true, force: true });
  }
  return result;
}

function rowsOf(r: FileResult): (Row | string)[] {
  const notMeasured = r.failure ? 'FAILED' : 'not measured';
  const row = (measurement: string, value: number | undefined, unit: string, budget?: { max?: number; min?: number }): Row => {
    const text = budget?.min !== undefined ? `≥ ${budget.min}${unit}` : budget?.max !== undefined ? `≤ ${budget.max}${unit}` : '';
    if (value === undefined) return { measurement, value: '–', budget: text, status: budget ? notMeasured : '' };
    const ok = budget === undefined ? null : budget.min !== undefined ? value >= budget.min : value <= budget.max!;
    return { measurement, value: `${value}${unit}`, budget: text, status: ok === null ? '' : ok ? 'pass' : 'OVER' };
  };
  return [
    row('bare JSON.parse in the page', r.bareParseMBps, ' MB/s'),
    row('import: time to "Imported N examples"', r.importMs === undefined ? undefined : round(r.importMs / 1000, 2), ' s'),
    row('import throughput', r.importMBps, ' MB/s'),
    row('import ÷ bare parse', r.importRatioToBare, '×', { min: BUDGET.ratio }),
    row('JS heap after import (before a forced GC)', r.heapBeforeGcAfterImportMB, ' MB'),
    row('JS heap after import', r.heapAfterImportMB, ' MB', { max: BUDGET.heapMB }),
    row('storage before import (fresh profile, demo loaded)', r.storageBeforeImportMB, ' MB'),
    row('storage used (navigator.storage.estimate)', r.storageUsedMB, ' MB'),
    row('open Browse after import', r.openBrowseMs, ' ms'),
    row('reload → Browse rows (from navigation start)', r.reloadToRowsMs, ' ms', { max: BUDGET.reloadMs }),
    row('JS heap after reload (before a forced GC)', r.heapBeforeGcAfterReloadMB, ' MB'),
    row('JS heap after reload', r.heapAfterReloadMB, ' MB', { max: BUDGET.heapMB }),
    row('open an example (first, middle, last): median', r.openMedianMs, ' ms', { max: BUDGET.openMs }),
    row('open an example (first, middle, last): max', r.openMaxMs, ' ms', { max: BUDGET.openMs }),
    ...(r.screens ? screenRows(r.screens, r.bytes) : []),
    ...(r.screensFailure ? [`  the screens FAILED: ${r.screensFailure}`] : []),
  ];
}

function printTable(results: FileResult[]): void {
  const all: (Row | string)[] = [];
  for (const r of results) {
    all.push(`${r.label}: ${r.examples} examples, ${MB(r.bytes)} MB${r.failure ? ` — FAILED at ${r.failure}` : ''}`);
    const rows = rowsOf(r);
    // The rows of the steps above, the examples opened, then the screens' rows and notes.
    const mainRows = rows.findIndex((x) => typeof x !== 'string' && x.measurement.startsWith('Analyze'));
    const cut = mainRows < 0 ? rows.length : mainRows;
    all.push(...rows.slice(0, cut));
    if (r.opened.length > 0) all.push(`  examples opened: ${r.opened.map((o) => `${o.id} ${o.ms} ms`).join(', ')}`);
    all.push(...rows.slice(cut));
    if (r.pageErrors.length > 0) all.push(`  page errors: ${[...new Set(r.pageErrors)].join(' | ').slice(0, 300)}`);
  }
  const rows = all.filter((r): r is Row => typeof r !== 'string');
  const head: Row = { measurement: 'measurement', value: 'value', budget: 'budget', status: '' };
  const w = (k: keyof Row) => Math.max(...[head, ...rows].map((r) => (k === 'status' ? 0 : r[k].length)));
  const line = (r: Row) =>
    `  ${r.measurement.padEnd(w('measurement'))}  ${r.value.padStart(w('value'))}  ${r.budget.padEnd(w('budget'))}  ${r.status}`;
  console.log('\n' + line(head));
  for (const r of all) console.log(typeof r !== 'string' ? line(r) : r.startsWith('  ') ? r : `\n${r}`);
}

async function main(): Promise<void> {
  const shortN = Number(process.env.BENCH_SCALE_SHORT ?? 100_000);
  const files: BenchFile[] = [];
  log('generating (or reusing) the files in bench/out/');
  for (const n of examplesToGenerate()) files.push(await longBenchFile(n));
  if (shortN > 0) files.push(await shortBenchFile(shortN));

  const server = await ensureServer(process.env.RIR_E2E_DIST ?? 'dist-e2e');
  const browser = await chromium.launch(chromiumLaunchOptions());
  const browserVersion = browser.version();
  await browser.close();
  const results: FileResult[] = [];
  try {
    for (const spec of files) {
      log(`${spec.label}`);
      const r = await runFile(spec);
      results.push(r);
      log(`  ${JSON.stringify({ ...r, label: undefined, file: undefined })}`);
    }
  } finally {
    server?.kill();
  }

  printTable(results);
  const overBudget = results.flatMap((r) =>
    rowsOf(r).filter((row) => typeof row !== 'string' && row.status !== '' && row.status !== 'pass'),
  );
  const report = {
    bench: 'scale',
    date: new Date().toISOString(),
    browser: `chromium ${browserVersion}`,
    cpu: os.cpus()[0]?.model ?? 'unknown',
    cores: os.cpus().length,
    budgets: { ...BUDGET, screens: SCREEN_BUDGET },
    results,
    allWithinBudget: overBudget.length === 0,
  };
  const out = path.join(OUT_DIR, 'scale.json');
  writeFileSync(out, JSON.stringify(report, null, 2) + '\n');
  console.log(`\n${overBudget.length === 0 ? 'every budget met' : `${overBudget.length} measurements over budget or failed`}`);
  console.log(`wrote ${path.relative(process.cwd(), out)}`);
}

await main();
