// Browse at 100k examples (docs/ARCHITECTURE.md §15.1: Browse stays interactive at 100k rows): imports a generated 100k-example
// canonical JSONL through the file chooser of the e2e build in Chromium, then times in the page
// (from the user's action to the next painted frame showing the result): opening Browse, sorting,
// filtering, scrolling (longest frame gap), opening an example and going back.
// Uses a running `vite preview` of dist-e2e on 127.0.0.1:4173 (RIR_BASE_URL) or starts one.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { chromium } from '@playwright/test';
import { chromiumLaunchOptions } from '../e2e/chromium.ts';
import { ImportPage } from '../e2e/pages/ImportPage.ts';
import { browseFile, ensureBrowseFile, OUT_DIR } from './benchData.ts';
import { timeInPage } from './pageTiming.ts';
import { BASE_URL, ensureServer } from './previewServer.ts';

const N = Number(process.env.BENCH_EXAMPLES ?? 100_000);
const FILE = browseFile(N);

const round = (x: number) => Math.round(x * 10) / 10;
const showing = (n: number) => `document.body.innerText.includes('Showing ${n} of ${N} examples')`;

async function main(): Promise<void> {
  const bytes = await ensureBrowseFile(N);
  const server = await ensureServer();
  const browser = await chromium.launch(chromiumLaunchOptions());
  const results: Record<string, number> = {};
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 }, baseURL: BASE_URL });
    page.on('crash', () => console.error('page crashed'));
    page.on('pageerror', (e) => console.error(`page error: ${e.message}`));
    const importPage = new ImportPage(page);
    await importPage.goto();
    const t0 = performance.now();
    await importPage.chooseFile(FILE);
    await importPage
      .summary()
      .filter({ hasText: `Imported ${N} examples` })
      .waitFor({ timeout: 600_000 });
    results.importMs = performance.now() - t0;

    results.openBrowseMs = await timeInPage(page, `document.querySelector('a[href^="#/browse/"]').click()`, showing(N));
    const targetHeader = `[...document.querySelectorAll('[role=columnheader] button')].find((b) => b.textContent.startsWith('target'))`;
    const sorted = (dir: string) => `!!document.querySelector('[role=columnheader][aria-sort=${dir}]')`;
    results.sortAscendingMs = await timeInPage(page, `${targetHeader}.click()`, sorted('ascending'));
    results.sortDescendingMs = await timeInPage(page, `${targetHeader}.click()`, sorted('descending'));
    const search = `document.querySelector('input[type=search]')`;
    const type = (v: string) =>
      `const el = ${search}; const set = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value').set; set.call(el, '${v}'); el.dispatchEvent(new Event('input', { bubbles: true }));`;
    results.filterByIdMs = await timeInPage(page, type('ex-00001'), showing(10));
    results.filterByTextMs = await timeInPage(page, type('sum of 42 and'), showing(1));
    results.clearFilterMs = await timeInPage(page, type(''), showing(N));

    // Scroll through the table in 60 frames and record the longest gap between frames.
    results.scrollMaxFrameGapMs = (await page.evaluate(`new Promise((resolve) => {
      const el = document.querySelector('.rir-tbody-scroll');
      let frame = 0, last = performance.now(), maxGap = 0;
      const step = () => {
        const now = performance.now();
        maxGap = Math.max(maxGap, now - last);
        last = now;
        el.scrollTop = (el.scrollHeight * frame) / 60;
        if (++frame <= 60) requestAnimationFrame(step); else resolve(maxGap);
      };
      requestAnimationFrame(step);
    })`)) as number;

    results.openExampleMs = await timeInPage(
      page,
      `document.querySelector('[role=rowgroup] [role=row][data-pos]').click()`,
      `!!document.querySelector('h1') && document.querySelector('h1').textContent.startsWith('Example ')`,
    );
    results.backToBrowseMs = await timeInPage(page, `history.back()`, showing(N));

    // A stored dataset after a reload: read from IndexedDB and shown again.
    const r0 = performance.now();
    await page.reload();
    await page.getByText(`Showing ${N} of ${N} examples`).waitFor({ timeout: 120_000 });
    results.reloadToBrowseMs = performance.now() - r0;
  } finally {
    await browser.close();
    server?.kill();
  }
  const report = { bench: 'browse', examples: N, bytes, ...Object.fromEntries(Object.entries(results).map(([k, v]) => [k, round(v)])) };
  for (const [k, v] of Object.entries(report)) console.log(`${k}: ${v}`);
  writeFileSync(path.join(OUT_DIR, 'browse.json'), JSON.stringify(report, null, 2) + '\n');
}

await main();
