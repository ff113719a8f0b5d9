// Regenerates the README's screenshots (docs/*.png) from the production e2e build in Chromium, by
// driving the app as a person does with the e2e page objects: the demo loads on first start, then
// Browse (test split, sorted by target), an example, Annotate, Analyze (v2 · Mean and its charts),
// a training run with default settings, and the downloaded calibrator applied to a copy of the
// demo. Run `npm run build:e2e` first, on a quiet machine (Train's timings are in its picture):
//   npm run screenshots            # all of them
//   npm run screenshots -- train   # only those named
// Uses a running `vite preview` of dist-e2e on 127.0.0.1:4173 (RIR_BASE_URL) or starts one.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type Page } from '@playwright/test';
import { chromiumLaunchOptions } from '../e2e/chromium.ts';
import { DEMO_FILE } from '../e2e/demoData.ts';
import { AnalyzePage } from '../e2e/pages/AnalyzePage.ts';
import { AnnotatePage } from '../e2e/pages/AnnotatePage.ts';
import { BrowsePage } from '../e2e/pages/BrowsePage.ts';
import { ComparePage } from '../e2e/pages/ComparePage.ts';
import { ExamplePage } from '../e2e/pages/ExamplePage.ts';
import { ImportPage } from '../e2e/pages/ImportPage.ts';
import { TrainPage } from '../e2e/pages/TrainPage.ts';
import { BASE_URL, ensureServer } from '../bench/previewServer.ts';

const DOCS = path.resolve(import.meta.dirname, '..', 'docs');

interface Shot {
  file: string;
  viewport: { width: number; height: number };
  /** Drives the app from a first start to the screen; returns the clip height when the shot is taller than the viewport. */
  take: (page: Page) => Promise<number | void>;
}

/** A first start (the demo is imported), on the Datasets screen. */
async function start(page: Page): Promise<ImportPage> {
  const importPage = new ImportPage(page);
  await importPage.goto();
  return importPage;
}

async function openBrowse(page: Page): Promise<BrowsePage> {
  await start(page);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Browse', exact: true }).click();
  const browse = new BrowsePage(page);
  await browse.table().waitFor();
  return browse;
}

/** Trains on the demo with the default settings and waits for the results. */
async function train(page: Page): Promise<TrainPage> {
  await start(page);
  const trainPage = new TrainPage(page);
  await trainPage.navLink().click();
  await trainPage.trainAndWait(300_000);
  await trainPage.testMetrics().waitFor();
  return trainPage;
}

const SHOTS: Record<string, Shot> = {
  browse: {
    file: 'screenshot.png',
    viewport: { width: 1400, height: 820 },
    take: async (page) => {
      const browse = await openBrowse(page);
      await browse.split().selectOption('test');
      await browse.sortButton('target').click();
      await browse.rows().first().waitFor();
    },
  },
  example: {
    file: 'example.png',
    viewport: { width: 1400, height: 820 },
    take: async (page) => {
      const browse = await openBrowse(page);
      await browse.openExample(await browse.firstRowId());
      const example = new ExamplePage(page);
      await example.scoresChart().waitFor();
      await example.expandReasoning('v1', 0);
    },
  },
  annotate: {
    file: 'annotate.png',
    viewport: { width: 1300, height: 900 },
    take: async (page) => {
      await start(page);
      const annotate = new AnnotatePage(page);
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Annotate', exact: true }).click();
      await annotate.startAs('Ada');
    },
  },
  analyze: {
    file: 'analyze.png',
    viewport: { width: 1400, height: 900 },
    take: async (page) => {
      await start(page);
      const analyze = new AnalyzePage(page);
      await analyze.navLink().click();
      await analyze.waitUntilComputed();
      await analyze.choose('v2', 'Mean');
      await analyze.chart(/^Concordance scatter/).waitFor();
      await page.evaluate(() => window.scrollTo(0, 0));
      return Math.min(1800, await page.evaluate(() => document.documentElement.scrollHeight));
    },
  },
  compare: {
    file: 'compare.png',
    viewport: { width: 1400, height: 900 },
    take: async (page) => {
      await start(page);
      const compare = new ComparePage(page);
      await compare.navLink().click();
      await compare.waitUntilDone();
      await page.getByRole('img', { name: /^Bootstrap distribution of ΔCCC/ }).waitFor();
      await page.evaluate(() => window.scrollTo(0, 0));
      return Math.min(2000, await page.evaluate(() => document.documentElement.scrollHeight));
    },
  },
  train: {
    file: 'train.png',
    viewport: { width: 1280, height: 900 },
    take: async (page) => {
      await train(page);
      await page.evaluate(() => window.scrollTo(0, 0));
      return Math.min(1800, await page.evaluate(() => document.documentElement.scrollHeight));
    },
  },
  'train-text': {
    file: 'train-text.png',
    viewport: { width: 1280, height: 900 },
    take: async (page) => {
      const importPage = await start(page);
      await importPage.chooseFile(path.resolve(import.meta.dirname, '../testdata/syn-judge-400.jsonl'));
      await importPage.summary().waitFor();
      const trainPage = new TrainPage(page);
      await trainPage.navLink().click();
      await trainPage.trainAndWait(300_000);
      await trainPage.frontierChart().waitFor();
      // From the Results heading: the candidates, the frontier and what the reasoning adds.
      await trainPage.results().scrollIntoViewIfNeeded();
      await page.evaluate(() => document.querySelector('.rir-train-results')?.scrollIntoView({ block: 'start' }));
    },
  },
  apply: {
    file: 'apply.png',
    viewport: { width: 1280, height: 1000 },
    take: async (page) => {
      const trainPage = await train(page);
      const { onnx, json } = await trainPage.downloadCalibrator();
      // A copy of the demo under another name: the calibrator meets examples it is applied to as a new dataset.
      const dir = mkdtempSync(path.join(tmpdir(), 'rir-shots-'));
      const copy = path.join(dir, 'demo-copy.jsonl');
      const [header, ...rest] = readFileSync(DEMO_FILE, 'utf8').split('\n');
      const h = JSON.parse(header!) as { rir_dataset: { name: string } };
      h.rir_dataset.name = 'Demo copy (held-out run)';
      writeFileSync(copy, [JSON.stringify(h), ...rest].join('\n'));
      const importPage = new ImportPage(page);
      await importPage.navLink().click();
      await importPage.chooseFile(copy);
      await importPage.summary().waitFor();
      const analyze = new AnalyzePage(page);
      await analyze.navLink().click();
      await analyze.waitUntilComputed();
      await analyze.applyCalibrator([
        { name: onnx.suggestedFilename(), mimeType: 'application/octet-stream', buffer: readFileSync(await onnx.path()) },
        { name: json.suggestedFilename(), mimeType: 'application/json', buffer: readFileSync(await json.path()) },
      ]);
      await analyze.appliedItems().first().waitFor();
      await analyze.waitUntilComputed();
      await page.evaluate(() => window.scrollTo(0, 0));
    },
  },
};

async function shoot(browser: Browser, name: string, shot: Shot): Promise<void> {
  const t = performance.now();
  // Reduced motion: scrolling jumps, so a picture is never taken mid-scroll.
  const context = await browser.newContext({ baseURL: BASE_URL, viewport: shot.viewport, acceptDownloads: true, reducedMotion: 'reduce' });
  const page = await context.newPage();
  try {
    const height = await shot.take(page);
    // Let the last frame settle (charts lay out after their data arrives).
    await page.waitForTimeout(300);
    const out = path.join(DOCS, shot.file);
    if (typeof height === 'number' && height > shot.viewport.height) {
      await page.screenshot({ path: out, fullPage: true, clip: { x: 0, y: 0, width: shot.viewport.width, height } });
    } else await page.screenshot({ path: out });
    console.log(`${name}: docs/${shot.file} in ${Math.round((performance.now() - t) / 1000)} s`);
  } finally {
    await context.close();
  }
}

async function main(): Promise<void> {
  const wanted = process.argv.slice(2);
  for (const w of wanted) if (!(w in SHOTS)) throw new Error(`unknown screenshot "${w}"; known: ${Object.keys(SHOTS).join(', ')}`);
  const names = wanted.length > 0 ? wanted : Object.keys(SHOTS);
  const server = await ensureServer();
  const browser = await chromium.launch(chromiumLaunchOptions());
  try {
    for (const name of names) await shoot(browser, name, SHOTS[name]!);
  } finally {
    await browser.close();
    server?.kill();
  }
}

await main();
