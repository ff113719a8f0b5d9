// Compare at scale (issue 13: "up to 20 prompt versions, 100 rollouts per version, 100k examples:
// table first, CIs in the analysis worker with progress and cancel, density rendering above 5,000
// points"). Two parts, one run:
//
// 1. Node, at the issue's full size: an `AnalysisInput` built directly as typed arrays (20 versions
//    × 100 rollouts × 100k examples = 200M float64 scores, 1.6 GB) from a seeded judge model
//    (integer scores 1–10; each version with its own bias, squeeze and noise, so they differ), then
//    the times of the Compare screen's steps as the analysis worker runs them: `prepareAnalysis`,
//    `VersionCompareJob` and `RankingJob` (= the point table), `compareContext`, the A-vs-B paired
//    bootstrap and the ranking's (1000 resamples each), and `versionDiagnostics`; on the test split
//    (the screen's default) and on all examples. Runs in a child node with a large heap, whose peak
//    RSS is reported.
// 2. Chromium, production e2e build: a canonical JSONL of 100k examples × 20 versions × 5 rollouts
//    (the browser keeps every example in memory, so 100 rollouts per version would not fit: the
//    report extrapolates the heap per rollout), imported through the file chooser; then ms from
//    navigating to `#/compare/<id>` to the paired table's point values, the charts, the A-vs-B CIs,
//    the ranking's CIs ("Done."), the longest frame gap meanwhile, whether the scatter charts are in
//    density mode, and the cancel latency (split → all, Cancel, until the status says Cancelled).
//
// `--quick`: 2,000 examples (a correctness run). Writes bench/out/compare/report.json.
// Uses a running `vite preview` of dist-e2e on RIR_BASE_URL (default 127.0.0.1:4173) or starts one.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createWriteStream, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { rename } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Page } from '@playwright/test';
import { chromiumLaunchOptions } from '../e2e/chromium.ts';
import { ComparePage } from '../e2e/pages/ComparePage.ts';
import { ImportPage } from '../e2e/pages/ImportPage.ts';
import { snapshot, waitUntilSettled } from '../e2e/testApi.ts';
import { prepareAnalysis, type SplitChoice } from '../src/domain/analysis.ts';
import type { AnalysisInput, PromptRollouts } from '../src/domain/analysisInput.ts';
import { compareContext, RankingJob, VersionCompareJob } from '../src/domain/compare.ts';
import { versionDiagnostics } from '../src/domain/versionDiagnostics.ts';
import { OUT_DIR, rng } from './benchData.ts';
import { BASE_URL, ensureServer } from './previewServer.ts';

const QUICK = process.argv.includes('--quick');
const NODE_CHILD = process.argv.includes('--node-child');
const N = Number(process.env.BENCH_EXAMPLES ?? (QUICK ? 2_000 : 100_000));
const VERSIONS = 20;
const NODE_ROLLOUTS = 100;
const BROWSER_ROLLOUTS = 5;
const RESAMPLES = 1000;
const SEED = 0;
const DENSITY_ABOVE = 5000;
const DIR = path.join(OUT_DIR, 'compare');
/** Bump when the generator changes, so a stale file is not reused. */
const BROWSER_FILE = path.join(DIR, `compare-${N}-p${VERSIONS}-k${BROWSER_ROLLOUTS}-v2.jsonl`);
const NODE_RESULT = path.join(DIR, `node-${N}.json`);
const TIMEOUT_MS = QUICK ? 120_000 : 1_800_000;

const round = (x: number) => Math.round(x * 10) / 10;
const mb = (bytes: number) => Math.round(bytes / 1e6);
const versionName = (k: number) => `v${String(k + 1).padStart(2, '0')}`;

// ---------------------------------------------------------------------------------------------
// The judge model (deterministic; does not depend on the code under test)

interface JudgeVersion {
  /** Added to every score of the version. */
  bias: number;
  /** How much of the target's deviation from the middle the version keeps (LLM judges squeeze). */
  slope: number;
  /** Sd of the version's own error per example (the same for all its rollouts). */
  exampleSd: number;
  /** Sd of the noise between rollouts. */
  rolloutSd: number;
}

const JUDGES: JudgeVersion[] = Array.from({ length: VERSIONS }, (_, k) => {
  const r = rng(7001 + k);
  return { bias: (r() - 0.5) * 1.6, slope: 0.5 + 0.45 * r(), exampleSd: 0.5 + 1.3 * r(), rolloutSd: 0.4 + 1.2 * r() };
});

/** Standard normals from a uniform source (Box–Muller, the second value kept for the next call). */
function normals(r: () => number): () => number {
  let spare: number | null = null;
  return () => {
    if (spare !== null) {
      const s = spare;
      spare = null;
      return s;
    }
    const u = 1 - r();
    const v = r();
    const m = Math.sqrt(-2 * Math.log(u));
    spare = m * Math.sin(2 * Math.PI * v);
    return m * Math.cos(2 * Math.PI * v);
  };
}

const SPLIT_OF = [0, 0, 0, 1, 2] as const; // train 60%, val 20%, test 20% (indices into SPLITS)

/**
 * Example `i`: its target (1–10 in halves, NaN for the 3% unlabelled), split, and `rollouts` scores
 * of every version, written through `put(version, j, score)`. Versions share a per-example
 * "difficulty" error (judges share blind spots), so their predictions are correlated, as in real data.
 * `r` draws the example (the same for any number of rollouts, so node and browser data share
 * targets and splits), `z` the scores' normals.
 */
function example(r: () => number, z: () => number, rollouts: number, put: (k: number, j: number, score: number) => void) {
  const truth = 1 + 9 * r();
  const labelled = r() >= 0.03;
  const split = SPLIT_OF[Math.floor(r() * 5)]!;
  const shared = 0.6 * (r() + r() + r() + r() - 2) * Math.sqrt(3);
  for (let k = 0; k < VERSIONS; k++) {
    const J = JUDGES[k]!;
    const centre = 5.5 + J.slope * (truth - 5.5) + J.bias + shared + J.exampleSd * z();
    for (let j = 0; j < rollouts; j++) put(k, j, Math.min(10, Math.max(1, Math.round(centre + J.rolloutSd * z()))));
  }
  return { target: labelled ? Math.round(truth * 2) / 2 : NaN, split };
}

// ---------------------------------------------------------------------------------------------
// 1. Node: the domain at full size

interface SplitTimes {
  split: SplitChoice;
  compared: number;
  pairJobMs: number;
  rankingJobMs: number;
  pointsMs: number;
  /** prepareAnalysis + both constructors + their points(): what the worker does before the table. */
  toPointTableMs: number;
  compareContextMs: number;
  pairBootstrapMs: number;
  rankingBootstrapMs: number;
  versionDiagnosticsMs: number;
  /** A, B, ΔCCC [CI] and the ranking's top 3, as a check that the numbers are sane. */
  ccc: { a: number | null; b: number | null; delta: number | null; ci: readonly [number, number] | null };
  top3: string[];
  rankingCis: number;
}

function buildInput(): { input: AnalysisInput; ms: number } {
  const t = performance.now();
  const targets = new Float64Array(N);
  const splits = new Uint8Array(N);
  const scores = JUDGES.map(() => new Float64Array(N * NODE_ROLLOUTS));
  const offsets = new Int32Array(N + 1);
  for (let e = 0; e <= N; e++) offsets[e] = e * NODE_ROLLOUTS;
  const r = rng(20261207);
  const z = normals(rng(20261208));
  for (let e = 0; e < N; e++) {
    const base = e * NODE_ROLLOUTS;
    const ex = example(r, z, NODE_ROLLOUTS, (k, j, s) => (scores[k]![base + j] = s));
    targets[e] = ex.target;
    splits[e] = ex.split;
  }
  const prompts: PromptRollouts[] = scores.map((s, k) => ({ prompt: versionName(k), offsets: offsets.slice(), scores: s, rail: null }));
  return { input: { n: N, scale: { min: 1, max: 10, step: 1 }, targets, splits, prompts }, ms: performance.now() - t };
}

function timed<T>(f: () => T): [T, number] {
  const t = performance.now();
  const v = f();
  return [v, performance.now() - t];
}

async function nodeChild(): Promise<void> {
  const { input, ms: generateMs } = buildInput();
  const rssAfterInputMb = mb(process.memoryUsage().rss);
  const [prepared, prepareMs] = timed(() => prepareAnalysis(input));
  const options = (split: SplitChoice) => ({ split, seed: SEED, resamples: RESAMPLES });
  const splits: SplitTimes[] = [];
  for (const split of ['test', 'all'] as const) {
    const [pair, pairJobMs] = timed(() => new VersionCompareJob(prepared, 0, 1, 'mean', options(split)));
    const [ranking, rankingJobMs] = timed(() => new RankingJob(prepared, 'mean', options(split)));
    const [points, pointsMs] = timed(() => ({ pair: pair.points(), ranking: ranking.points() }));
    const [, compareContextMs] = timed(() => compareContext(prepared, 0, 1, 'mean', split));
    const [comparison, pairBootstrapMs] = timed(() => {
      pair.step();
      return pair.result();
    });
    const [ranked, rankingBootstrapMs] = timed(() => {
      ranking.step();
      return ranking.result();
    });
    const [, versionDiagnosticsMs] = timed(() => versionDiagnostics(input, split));
    const ccc = comparison.metrics.find((m) => m.metric === 'ccc')!;
    splits.push({
      split,
      compared: points.pair.common.n,
      pairJobMs,
      rankingJobMs,
      pointsMs,
      toPointTableMs: prepareMs + pairJobMs + rankingJobMs + pointsMs,
      compareContextMs,
      pairBootstrapMs,
      rankingBootstrapMs,
      versionDiagnosticsMs,
      ccc: { a: ccc.a, b: ccc.b, delta: ccc.delta, ci: ccc.ci },
      top3: ranked.versions.slice(0, 3).map((v) => `${v.name} ${v.ccc?.toFixed(3)}`),
      rankingCis: ranked.versions.filter((v) => v.vsBest?.ci).length,
    });
  }
  const result = {
    examples: N,
    versions: VERSIONS,
    rolloutsPerVersion: NODE_ROLLOUTS,
    scores: N * VERSIONS * NODE_ROLLOUTS,
    scoreBytesMb: mb(N * VERSIONS * NODE_ROLLOUTS * 8),
    generateMs,
    rssAfterInputMb,
    prepareMs,
    splits,
    peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
  };
  writeFileSync(NODE_RESULT, JSON.stringify(result, null, 2) + '\n');
}

type NodeResult = Awaited<ReturnType<typeof runNodeChild>>;

/** Runs part 1 in a child node with an 8 GB heap (its peak RSS is then part 1's alone). */
async function runNodeChild() {
  const heapMb = QUICK ? 2048 : 8192;
  const child = spawn(
    process.execPath,
    [`--max-old-space-size=${heapMb}`, '--import', 'tsx', import.meta.filename, '--node-child', ...(QUICK ? ['--quick'] : [])],
    { cwd: path.resolve(import.meta.dirname, '..'), stdio: 'inherit', env: process.env },
  );
  const [code] = (await once(child, 'exit')) as [number | null];
  if (code !== 0) throw new Error(`node part exited with ${code}`);
  const r = JSON.parse(readFileSync(NODE_RESULT, 'utf8')) as {
    examples: number;
    versions: number;
    rolloutsPerVersion: number;
    scores: number;
    scoreBytesMb: number;
    generateMs: number;
    rssAfterInputMb: number;
    prepareMs: number;
    splits: SplitTimes[];
    peakRssMb: number;
  };
  return { ...r, heapLimitMb: heapMb };
}

// ---------------------------------------------------------------------------------------------
// 2. Chromium: the Compare screen

/** Writes the browser's data file once (deterministic), in ~4 MB chunks; returns its size. */
async function ensureBrowserFile(): Promise<number> {
  if (existsSync(BROWSER_FILE)) return statSync(BROWSER_FILE).size;
  mkdirSync(DIR, { recursive: true });
  const tmp = `${BROWSER_FILE}.tmp`;
  const out = createWriteStream(tmp);
  const prompts = Object.fromEntries(JUDGES.map((_, k) => [versionName(k), `Judge prompt ${k + 1}: score the answer 1–10.`]));
  let chunk = JSON.stringify({ rir_dataset: { name: `compare bench ${N}`, scale: { min: 1, max: 10, step: 1 }, prompts } }) + '\n';
  const r = rng(20261207);
  const z = normals(rng(20261208));
  const scores = new Int8Array(VERSIONS * BROWSER_ROLLOUTS);
  const SPLIT_NAMES = ['train', 'val', 'test'];
  for (let i = 0; i < N; i++) {
    const ex = example(r, z, BROWSER_ROLLOUTS, (k, j, s) => (scores[k * BROWSER_ROLLOUTS + j] = s));
    let rollouts = '';
    for (let k = 0; k < VERSIONS; k++)
      for (let j = 0; j < BROWSER_ROLLOUTS; j++)
        rollouts += `${k || j ? ',' : ''}{"prompt":"${versionName(k)}","score":${scores[k * BROWSER_ROLLOUTS + j]}}`;
    const target = Number.isNaN(ex.target) ? '' : `"target":${ex.target},`;
    chunk += `{"id":"e${String(i).padStart(6, '0')}",${target}"split":"${SPLIT_NAMES[ex.split]}","rollouts":[${rollouts}]}\n`;
    if (chunk.length >= 4_000_000) {
      if (!out.write(chunk)) await once(out, 'drain');
      chunk = '';
    }
  }
  out.end(chunk);
  await once(out, 'finish');
  await rename(tmp, BROWSER_FILE);
  return statSync(BROWSER_FILE).size;
}

/**
 * Runs `action` in the page, then looks at every animation frame which of `conditions` hold: each
 * one's value is the ms from the action to the first painted frame where it held (null if it never
 * did within the timeout); `maxFrameGapMs` is the longest gap between two frames meanwhile. Source
 * text, as pageTiming.ts: tsx wraps functions in a helper that does not exist in the page.
 */
async function milestones(
  page: Page,
  action: string,
  conditions: Record<string, string>,
  timeoutMs: number,
): Promise<Record<string, number | null> & { maxFrameGapMs: number }> {
  const checks = Object.entries(conditions)
    .map(([name, cond]) => `[${JSON.stringify(name)}, () => (${cond})]`)
    .join(',\n');
  return page.evaluate(`new Promise((resolve) => {
    const checks = [${checks}];
    const seen = {};
    const t0 = performance.now();
    let last = t0;
    let gap = 0;
    (() => { ${action} })();
    const tick = () => {
      const now = performance.now();
      gap = Math.max(gap, now - last);
      last = now;
      const hit = checks.filter(([name, f]) => !(name in seen) && f());
      const finish = (timedOut) => {
        const out = { maxFrameGapMs: gap };
        for (const [name] of checks) out[name] = name in seen ? seen[name] : null;
        if (timedOut) out.timedOut = true;
        resolve(out);
      };
      // The conditions held at this frame: the next frame callback runs after it was painted.
      requestAnimationFrame(() => {
        const painted = performance.now() - t0;
        for (const [name] of hit) seen[name] = painted;
        if (checks.every(([name]) => name in seen)) finish(false);
        else if (performance.now() - t0 > ${timeoutMs}) finish(true);
        else tick();
      });
    };
    requestAnimationFrame(tick);
  })`) as Promise<Record<string, number | null> & { maxFrameGapMs: number }>;
}

const PAIRED = `document.querySelector('table[aria-label="Paired metrics"] tbody tr[data-metric=ccc]')`;
const cellText = (col: string) => `(${PAIRED}?.querySelector('td[data-col=${col}]')?.textContent ?? '')`;
/** The number of examples the paired table's caption says it compares (NaN without a table). */
const CAPTION_N = `Number(/on the same (\\d+) examples/.exec(document.querySelector('table[aria-label="Paired metrics"] caption')?.textContent ?? '')?.[1] ?? NaN)`;
const STATUS = `[...document.querySelectorAll('[role=status]')].map((s) => s.textContent.trim())`;
const CHART_IMGS = `[...document.querySelectorAll('section[aria-label=Charts] [role=img]')]`;
const SCATTERS = `${CHART_IMGS}.filter((s) => /: (\\d+ points?(, drawn as density)?|no data)$/.test(s.getAttribute('aria-label')))`;

const CONDITIONS = {
  table: `/^-?\\d+\\.\\d{3}$/.test(${cellText('a')}.trim())`,
  rankingPoints: `document.querySelectorAll('table[aria-label="Ranking by CCC"] tbody tr').length === ${VERSIONS}`,
  charts: `${SCATTERS}.length >= 3`,
  pairCis: `/^\\[/.test(${cellText('ci')}.trim())`,
  done: `${STATUS}.includes('Done.')`,
};

async function browserPart(bytes: number) {
  const server = await ensureServer();
  const launch = chromiumLaunchOptions();
  // Precise (unquantised) performance.memory, and gc() to measure the heap the dataset keeps.
  const b = await chromium.launch({ ...launch, args: [...(launch.args ?? []), '--enable-precise-memory-info', '--js-flags=--expose-gc'] });
  const out: Record<string, unknown> = { examples: N, versions: VERSIONS, rolloutsPerVersion: BROWSER_ROLLOUTS, fileMb: mb(bytes) };
  try {
    const page = await b.newPage({ viewport: { width: 1400, height: 1000 } });
    page.on('pageerror', (e) => console.error(`page error: ${e.message}`));
    const importPage = new ImportPage(page);
    const comparePage = new ComparePage(page);
    await page.goto(`${BASE_URL}/#/`);
    await waitUntilSettled(page);
    await importPage.navLink().click();
    await importPage.heading().waitFor();
    await page.evaluate(`(globalThis.gc?.(), 0)`);
    const heapBefore = (await page.evaluate(`performance.memory?.usedJSHeapSize ?? null`)) as number | null;
    const t = performance.now();
    await importPage.chooseFile(BROWSER_FILE);
    await importPage
      .summary()
      .filter({ hasText: `Imported ${N} examples` })
      .waitFor({ timeout: TIMEOUT_MS });
    out.importMs = performance.now() - t;
    await waitUntilSettled(page);
    const id = (await snapshot(page)).currentDatasetId;
    if (!id) throw new Error('no dataset open after the import');
    await page.evaluate(`(globalThis.gc?.(), 0)`);
    const heapAfter = (await page.evaluate(`performance.memory?.usedJSHeapSize ?? null`)) as number | null;
    if (heapBefore !== null && heapAfter !== null) {
      const rollouts = N * VERSIONS * BROWSER_ROLLOUTS;
      out.heapAfterImportMb = mb(heapAfter);
      out.heapBytesPerRollout = round((heapAfter - heapBefore) / rollouts);
      out.heapFor100RolloutsMbEstimate = mb(((heapAfter - heapBefore) / rollouts) * N * VERSIONS * 100);
    }

    // Open Compare (test split, mean predictor, v01 against v02: the defaults).
    const open = await milestones(page, `location.hash = ${JSON.stringify(`#/compare/${encodeURIComponent(id)}`)}`, CONDITIONS, TIMEOUT_MS);
    out.open = open;
    const caption = await comparePage.pairedTable().locator('caption').innerText();
    const compared = Number(/on the same (\d+) examples/.exec(caption)?.[1] ?? NaN);
    out.compared = compared;
    out.ccc = await comparePage.pairedRowText('ccc');
    // Source text (ComparePage.rankingText's callback is wrapped by tsx in a helper the page lacks).
    out.rankingTop3 =
      await page.evaluate(`[...document.querySelectorAll('table[aria-label="Ranking by CCC"] tbody tr')].slice(0, 3).map((r) =>
      ['rank', 'ccc', 'verdict'].map((c) => (r.querySelector('td[data-col=' + c + ']')?.textContent ?? '').trim()).join(' '))`);
    out.charts = await page.evaluate(`(() => {
      const imgs = ${CHART_IMGS};
      const scatters = ${SCATTERS};
      return {
        images: imgs.length,
        scatters: scatters.length,
        densityScatters: scatters.filter((s) => s.getAttribute('aria-label').endsWith('drawn as density')).length,
        densityCells: scatters.reduce((k, s) => k + s.querySelectorAll('.rir-chart-density-cell').length, 0),
        scatterPoints: scatters.reduce((k, s) => k + s.querySelectorAll('[data-index]').length, 0),
        densityNotes: [...document.querySelectorAll('section[aria-label=Charts] *')].filter((e) => e.children.length === 0 && /^density of \\d+ points$/.test(e.textContent)).length,
      };
    })()`);
    out.densityExpected = compared > DENSITY_ABOVE;

    // Cancel: split → all starts a longer comparison; once its progress bar shows, press Cancel.
    const toAll = `const s = document.querySelector('select[aria-label=Split]'); Object.getOwnPropertyDescriptor(HTMLSelectElement.prototype, 'value').set.call(s, 'all'); s.dispatchEvent(new Event('change', { bubbles: true }));`;
    const all = await milestones(
      page,
      toAll,
      {
        table: `${CONDITIONS.table} && ${CAPTION_N} !== ${compared}`,
        progress: `!!document.querySelector('progress[aria-label="Comparison progress"]')`,
      },
      TIMEOUT_MS,
    );
    out.splitAll = all;
    const cancel = `[...document.querySelectorAll('button')].find((b) => b.textContent === 'Cancel').click()`;
    const cancelled = await milestones(
      page,
      cancel,
      {
        cancelled: `${STATUS}.some((s) => s.startsWith('Cancelled'))`,
        noProgress: `!document.querySelector('progress[aria-label="Comparison progress"]')`,
      },
      60_000,
    );
    out.cancel = cancelled;
    await page.waitForTimeout(2000);
    out.stillCancelledAfter2s = (await comparePage.status().innerText()).startsWith('Cancelled');
    // The worker is free again: back to the test split, the point table comes without waiting for the cancelled bootstrap.
    const toTest = toAll.replace(`'all'`, `'test'`);
    out.afterCancelBackToTest = await milestones(
      page,
      toTest,
      { table: `${CONDITIONS.table} && ${CAPTION_N} === ${compared}`, done: CONDITIONS.done },
      TIMEOUT_MS,
    );
    await page.evaluate(`(globalThis.gc?.(), 0)`);
    out.heapAtEndMb = mb(((await page.evaluate(`performance.memory?.usedJSHeapSize ?? 0`)) as number) || 0);
  } finally {
    await b.close();
    server?.kill();
  }
  return out;
}

// ---------------------------------------------------------------------------------------------

function roundDeep(v: unknown): unknown {
  if (typeof v === 'number') return Number.isInteger(v) ? v : round(v);
  if (Array.isArray(v)) return v.map(roundDeep);
  if (v && typeof v === 'object')
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, k === 'ci' || k === 'ccc' ? x : roundDeep(x)]));
  return v;
}

async function main(): Promise<void> {
  mkdirSync(DIR, { recursive: true });
  const loadAverageBefore = os.loadavg().map((x) => Math.round(x * 100) / 100);
  console.log(
    `compare bench${QUICK ? ' (--quick)' : ''}: ${N} examples × ${VERSIONS} versions; load average ${loadAverageBefore.join(' ')} on ${os.cpus().length} cores`,
  );
  const node: NodeResult = await runNodeChild();
  const bytes = await ensureBrowserFile();
  const browser = await browserPart(bytes);
  const report = roundDeep({
    bench: 'compare',
    quick: QUICK,
    date: new Date().toISOString(),
    cores: os.cpus().length,
    loadAverageBefore,
    resamples: RESAMPLES,
    seed: SEED,
    node,
    browser,
    note:
      `The browser holds every example (with its rollout objects) in memory, so the issue's 100 rollouts × ${VERSIONS} versions × ${N} examples ` +
      `(${N * VERSIONS * 100} rollouts) cannot be imported: the browser part uses ${BROWSER_ROLLOUTS} rollouts per version; ` +
      `heapFor100RolloutsMbEstimate extrapolates the measured heap per rollout. The node part runs the issue's full size on typed arrays.`,
  }) as { node: NodeResult; browser: Record<string, unknown> };
  writeFileSync(path.join(DIR, 'report.json'), JSON.stringify(report, null, 2) + '\n');
  printTable(report.node, report.browser);
  console.log(`wrote ${path.relative(process.cwd(), path.join(DIR, 'report.json'))}`);
}

function printTable(node: NodeResult, browser: Record<string, unknown>): void {
  const rows: [string, string, string][] = [];
  const [test, all] = node.splits;
  const s = (x: number | null | undefined) => (x === null || x === undefined ? 'n/a' : `${x} ms`);
  rows.push([`node: ${node.examples} ex × ${node.versions} v × ${node.rolloutsPerVersion} r`, 'test split', 'all']);
  rows.push(['  examples compared (A vs B)', String(test!.compared), String(all!.compared)]);
  rows.push(['  prepareAnalysis', s(node.prepareMs), '(same)']);
  rows.push([
    '  VersionCompareJob + RankingJob',
    s(round(test!.pairJobMs + test!.rankingJobMs)),
    s(round(all!.pairJobMs + all!.rankingJobMs)),
  ]);
  rows.push(['  → point table (incl. prepare)', s(test!.toPointTableMs), s(all!.toPointTableMs)]);
  rows.push(['  compareContext', s(test!.compareContextMs), s(all!.compareContextMs)]);
  rows.push([`  A-vs-B bootstrap (${RESAMPLES})`, s(test!.pairBootstrapMs), s(all!.pairBootstrapMs)]);
  rows.push([`  ranking bootstrap (${RESAMPLES})`, s(test!.rankingBootstrapMs), s(all!.rankingBootstrapMs)]);
  rows.push(['  versionDiagnostics', s(test!.versionDiagnosticsMs), s(all!.versionDiagnosticsMs)]);
  rows.push(['  peak RSS', `${node.peakRssMb} MB`, `(${node.scoreBytesMb} MB of scores)`]);
  const open = browser.open as Record<string, number | null>;
  const cancel = browser.cancel as Record<string, number | null>;
  const charts = browser.charts as Record<string, number>;
  rows.push([`chromium: ${N} ex × ${VERSIONS} v × ${BROWSER_ROLLOUTS} r (${String(browser.fileMb)} MB)`, '', '']);
  rows.push(['  import (file chooser → summary)', s(browser.importMs as number), '']);
  rows.push(['  open Compare → point table', s(open.table), `${String(browser.compared)} test examples compared`]);
  rows.push(['  → ranking points', s(open.rankingPoints), '']);
  rows.push([
    '  → 3 scatter charts',
    s(open.charts),
    `density ${charts.densityScatters}/${charts.scatters} (expected: ${String(browser.densityExpected)})`,
  ]);
  rows.push(['  → A-vs-B CIs', s(open.pairCis), '']);
  rows.push(['  → ranking CIs ("Done.")', s(open.done), '']);
  rows.push(['  longest frame gap meanwhile', s(open.maxFrameGapMs), '']);
  rows.push(['  Cancel → "Cancelled" painted', s(cancel.cancelled), `frame gap ${s(cancel.maxFrameGapMs)}`]);
  rows.push([
    '  JS heap after import',
    `${String(browser.heapAfterImportMb)} MB`,
    `~${String(browser.heapFor100RolloutsMbEstimate)} MB at 100 rollouts`,
  ]);
  const w0 = Math.max(...rows.map((r) => r[0].length));
  const w1 = Math.max(...rows.map((r) => r[1].length));
  for (const [a, b, c] of rows) console.log(`${a.padEnd(w0)}  ${b.padStart(w1)}  ${c}`);
}

if (NODE_CHILD) await nodeChild();
else await main();
