// The Train screen in Chromium (issue: "progress at least every 250 ms without stalling the page"):
// one-click training on the demo data with the default settings, WASM backend. In the page it
// records the time of every change of the "Training: epoch …" status line (a MutationObserver:
// each is a progress report) and the gaps between animation frames from the click to the results;
// it prints the time from the click to the first report (loading onnxruntime and building the
// graph), the longest interval between two reports, the longest frame gap, the training time the
// screen reports, and the time from the click to the results table.
// Uses a running `vite preview` of dist-e2e on 127.0.0.1:4173 (RIR_BASE_URL) or starts one.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { chromium } from '@playwright/test';
import { chromiumLaunchOptions } from '../e2e/chromium.ts';
import { OUT_DIR } from './benchData.ts';
import { BASE_URL, ensureServer } from './previewServer.ts';

const RUNS = Number(process.env.BENCH_TRAIN_SCREEN_RUNS ?? 3);

/** Watches the status line and the frames until the results table shows (source text: tsx helpers do not exist in the page). */
const WATCH = `(() => {
  const status = () => document.querySelector('[role="status"]')?.textContent ?? '';
  const updates = [];
  const gaps = [];
  let last = performance.now();
  const observer = new MutationObserver(() => {
    const text = status();
    if (/^Training: epoch/.test(text)) updates.push(performance.now());
  });
  observer.observe(document.body, { subtree: true, childList: true, characterData: true });
  window.__watch = new Promise((resolve) => {
    const clickedAt = performance.now();
    const frame = () => {
      const now = performance.now();
      gaps.push(now - last);
      last = now;
      if (document.querySelector('table[aria-label="Test metrics"]')) {
        observer.disconnect();
        resolve({ updates, gaps, startMs: (updates[0] ?? now) - clickedAt, resultsMs: now - clickedAt, status: status() });
      } else requestAnimationFrame(frame);
    };
    requestAnimationFrame(frame);
  });
})()`;

interface Watch {
  updates: number[];
  startMs: number;
  gaps: number[];
  resultsMs: number;
  status: string;
}

const server = await ensureServer();
const browser = await chromium.launch(chromiumLaunchOptions());
const rows: {
  run: number;
  startMs: number;
  reports: number;
  maxReportGapMs: number;
  maxFrameGapMs: number;
  resultsMs: number;
  status: string;
}[] = [];
try {
  for (let run = 1; run <= RUNS; run++) {
    const page = await browser.newPage();
    await page.goto(BASE_URL);
    await page.waitForFunction(
      () => (window as unknown as { __rir?: { snapshot(): { currentDatasetId: string | null } } }).__rir?.snapshot().currentDatasetId,
    );
    const id = await page.evaluate(
      () => (window as unknown as { __rir: { snapshot(): { currentDatasetId: string } } }).__rir.snapshot().currentDatasetId,
    );
    await page.goto(`${BASE_URL}/#/train/${id}`);
    const train = page.getByRole('form', { name: 'Training settings' }).getByRole('button', { name: 'Train' });
    await train.waitFor();
    await page.evaluate(WATCH);
    await train.click();
    const w = (await page.evaluate('window.__watch', { timeout: 120_000 })) as Watch;
    const reportGaps = w.updates.slice(1).map((t, i) => t - w.updates[i]!);
    rows.push({
      run,
      startMs: Math.round(w.startMs),
      reports: w.updates.length,
      maxReportGapMs: Math.round(Math.max(0, ...reportGaps)),
      maxFrameGapMs: Math.round(Math.max(0, ...w.gaps)),
      resultsMs: Math.round(w.resultsMs),
      status: w.status.trim(),
    });
    await page.close();
  }
} finally {
  await browser.close();
  server?.kill();
}

console.log('Train screen, demo data (600 examples, v1, 422 train/val labelled), default settings (45 models), WASM:');
console.log('run  click → first report  progress reports  longest gap between reports  longest frame gap  click → results  status');
for (const r of rows) {
  console.log(
    `${String(r.run).padStart(3)}  ${`${r.startMs} ms`.padStart(20)}  ${String(r.reports).padStart(16)}  ${`${r.maxReportGapMs} ms`.padStart(27)}  ${`${r.maxFrameGapMs} ms`.padStart(17)}  ${`${(r.resultsMs / 1000).toFixed(1)} s`.padStart(15)}  ${r.status}`,
  );
}
mkdirSync(OUT_DIR, { recursive: true });
writeFileSync(path.join(OUT_DIR, 'train-screen.json'), JSON.stringify({ runs: rows }, null, 2));
console.log(`wrote ${path.join(OUT_DIR, 'train-screen.json')}`);
