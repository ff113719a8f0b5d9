// Analyze at 100k examples (issue: "how long the Analyze screen takes to show"). Imports the
// 100k-example Browse benchmark file in Chromium, then times from the user's action to the
// painted frame: opening Analyze (metric table, charts, every CI), charting another predictor,
// and switching the split to all; it records the longest frame gap on the main thread meanwhile (the statistics run in a
// worker). In node it times the same report without the browser, and compares the bootstrap's
// one-pass weighted moments with a plain bootstrap that copies each resample, on the same data.
// Uses a running `vite preview` of dist-e2e on 127.0.0.1:4173 (RIR_BASE_URL) or starts one.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Page } from '@playwright/test';
import { chromiumLaunchOptions } from '../e2e/chromium.ts';
import { ImportPage } from '../e2e/pages/ImportPage.ts';
import { analyze, evaluatedPairs, prepareAnalysis } from '../src/domain/analysis.ts';
import { buildAnalysisInput } from '../src/domain/analysisInput.ts';
import { bootstrapMomentCis } from '../src/domain/metrics/bootstrap.ts';
import { momentMetrics } from '../src/domain/metrics/moments.ts';
import { createRng } from '../src/domain/rng.ts';
import type { Example } from '../src/domain/types.ts';
import { browseFile, ensureBrowseFile, OUT_DIR } from './benchData.ts';
import { timeInPage } from './pageTiming.ts';
import { BASE_URL, ensureServer } from './previewServer.ts';

const N = Number(process.env.BENCH_EXAMPLES ?? 100_000);
const RESAMPLES = 1000;
const round = (x: number) => Math.round(x * 10) / 10;

const computed = `[...document.querySelectorAll('[role=status]')].some((s) => s.textContent.startsWith('Computed in'))`;
const tableShown = `!!document.querySelector('table[aria-label=Metrics] tbody tr')`;
const chartsShown = `!!document.querySelector('svg[aria-label^="Concordance scatter"]')`;

/** Starts recording the longest gap between animation frames; `stopFrameGaps` reads it. */
const startFrameGaps = (page: Page) =>
  page.evaluate(`(() => {
    const w = window; w.__gap = 0; w.__gapOn = true; let last = performance.now();
    const tick = () => { const now = performance.now(); w.__gap = Math.max(w.__gap, now - last); last = now; if (w.__gapOn) requestAnimationFrame(tick); };
    requestAnimationFrame(tick);
  })()`);
const stopFrameGaps = (page: Page) => page.evaluate(`(() => { window.__gapOn = false; return window.__gap; })()`) as Promise<number>;

async function browser(results: Record<string, number>): Promise<void> {
  const server = await ensureServer();
  const b = await chromium.launch(chromiumLaunchOptions());
  try {
    const page = await b.newPage({ viewport: { width: 1400, height: 1000 }, baseURL: BASE_URL });
    page.on('pageerror', (e) => console.error(`page error: ${e.message}`));
    const importPage = new ImportPage(page);
    await importPage.goto();
    await importPage.chooseFile(browseFile(N));
    await importPage
      .summary()
      .filter({ hasText: `Imported ${N} examples` })
      .waitFor({ timeout: 600_000 });

    await startFrameGaps(page);
    results.openAnalyzeToTableMs = await timeInPage(page, `document.querySelector('a[href^="#/analyze/"]').click()`, tableShown);
    results.openAnalyzeToChartsMs = results.openAnalyzeToTableMs + (await timeInPage(page, '', chartsShown));
    results.openAnalyzeToAllCisMs = results.openAnalyzeToChartsMs + (await timeInPage(page, '', computed, 600_000));
    results.openAnalyzeMaxFrameGapMs = await stopFrameGaps(page);

    // Chart another predictor: the four charts redraw (density mode above 5000 points).
    results.chartOtherPredictorMs = await timeInPage(
      page,
      `document.querySelector('button[aria-label="v2 Median"]').click()`,
      `!!document.querySelector('svg[aria-label^="Concordance scatter, v2 · Median"]')`,
    );

    await startFrameGaps(page);
    const choose = `const s = document.querySelector('select[aria-label=Split]'); Object.getOwnPropertyDescriptor(HTMLSelectElement.prototype, 'value').set.call(s, 'all'); s.dispatchEvent(new Event('change', { bubbles: true }));`;
    results.splitAllToTableMs = await timeInPage(page, choose, `${tableShown} && document.body.innerText.includes('All ${N} examples')`);
    results.splitAllToAllCisMs = results.splitAllToTableMs + (await timeInPage(page, '', computed, 600_000));
    results.splitAllMaxFrameGapMs = await stopFrameGaps(page);
  } finally {
    await b.close();
    server?.kill();
  }
}

function node(results: Record<string, number>): void {
  const text = readFileSync(browseFile(N), 'utf8');
  const examples = text
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => {
      const ex = JSON.parse(l) as Omit<Example, 'split'>;
      return { ...ex, split: 'test' as const };
    });
  let t = performance.now();
  const input = buildAnalysisInput(examples, ['v1', 'v2'], { min: 0, max: 10 });
  results.nodeBuildInputMs = performance.now() - t;
  t = performance.now();
  analyze(input, { split: 'all', seed: 0, resamples: RESAMPLES });
  results.nodeReportAllMs = performance.now() - t;

  // One predictor, all labelled examples: our bootstrap vs a plain one that copies each resample.
  const prepared = prepareAnalysis(buildAnalysisInput(examples, ['v1', 'v2'], { min: 0, max: 10 }));
  const { pred, target } = evaluatedPairs(prepared.input, prepared.prompts[0]!.predictions[0]!.values, 'all');
  results.bootstrapN = pred.length;
  t = performance.now();
  bootstrapMomentCis(pred, target, { seed: 0, resamples: RESAMPLES });
  results.oursBootstrapMs = performance.now() - t;
  t = performance.now();
  const rng = createRng(0);
  const p = new Float64Array(pred.length);
  const y = new Float64Array(pred.length);
  const cccs = new Float64Array(RESAMPLES);
  for (let r = 0; r < RESAMPLES; r++) {
    for (let i = 0; i < pred.length; i++) {
      const k = rng.int(pred.length);
      p[i] = pred[k]!;
      y[i] = target[k]!;
    }
    cccs[r] = momentMetrics(p, y).ccc ?? NaN;
  }
  cccs.sort();
  results.plainBootstrapMs = performance.now() - t;
  results.bootstrapSpeedup = results.plainBootstrapMs / results.oursBootstrapMs;
}

async function main(): Promise<void> {
  const bytes = await ensureBrowseFile(N);
  const results: Record<string, number> = {};
  node(results);
  await browser(results);
  const report = {
    bench: 'analyze',
    examples: N,
    bytes,
    resamples: RESAMPLES,
    ...Object.fromEntries(Object.entries(results).map(([k, v]) => [k, round(v)])),
  };
  for (const [k, v] of Object.entries(report)) console.log(`${k}: ${v}`);
  writeFileSync(path.join(OUT_DIR, 'analyze.json'), JSON.stringify(report, null, 2) + '\n');
}

await main();
