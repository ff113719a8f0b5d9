// Browse at 100k examples (DESIGN §7: "instant at 100k rows"): imports a generated 100k-example
// canonical JSONL through the file chooser of the e2e build in Chromium, then times in the page
// (from the user's action to the next painted frame showing the result): opening Browse, sorting,
// filtering, scrolling (longest frame gap), opening an example and going back.
// Uses a running `vite preview` of dist-e2e on 127.0.0.1:4173 (RIR_BASE_URL) or starts one.
import { createWriteStream, existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { once } from 'node:events';
import path from 'node:path';
import { chromium, type Page } from '@playwright/test';
import { chromiumLaunchOptions } from '../e2e/chromium.ts';
import { ImportPage } from '../e2e/pages/ImportPage.ts';
import { OUT_DIR } from './benchData.ts';
import { BASE_URL, ensureServer } from './previewServer.ts';

const N = Number(process.env.BENCH_EXAMPLES ?? 100_000);
const FILE = path.join(OUT_DIR, `browse-${N}-v1.jsonl`);

async function ensureFile(): Promise<number> {
  if (existsSync(FILE)) return statSync(FILE).size;
  mkdirSync(OUT_DIR, { recursive: true });
  const out = createWriteStream(FILE);
  let seed = 12345;
  const r = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  for (let i = 0; i < N; i++) {
    const target = Math.round(r() * 100) / 10;
    const rollouts = ['v1', 'v2'].flatMap((prompt) =>
      [0, 1, 2].map(() => {
        const score = Math.max(0, Math.min(10, Math.round(target + (r() - 0.5) * 4)));
        return { prompt, score, reasoning: `Step ${1 + Math.floor(r() * 5)} looks wrong. Final score: ${score}` };
      }),
    );
    const ex = {
      id: `ex-${String(i).padStart(6, '0')}`,
      input: `Problem ${i}: is the sum of ${i} and ${i + 1} odd?`,
      ...(i % 10 ? { target } : {}),
      rollouts,
    };
    if (!out.write(JSON.stringify(ex) + '\n')) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
  return statSync(FILE).size;
}

/**
 * Runs `action` in the page and resolves to the ms until `done()` holds at a painted frame.
 * Written as source text: tsx wraps functions in a helper that does not exist in the page.
 */
async function timeInPage(page: Page, action: string, done: string): Promise<number> {
  return page.evaluate(`new Promise((resolve, reject) => {
    const t0 = performance.now();
    (() => { ${action} })();
    const check = () => {
      if ((() => ${done})()) requestAnimationFrame(() => resolve(performance.now() - t0));
      else if (performance.now() - t0 > 60000) reject(new Error('condition not met in 60 s: ' + ${JSON.stringify(done)}));
      else requestAnimationFrame(check);
    };
    requestAnimationFrame(check);
  })`) as Promise<number>;
}

const round = (x: number) => Math.round(x * 10) / 10;
const showing = (n: number) => `document.body.innerText.includes('Showing ${n} of ${N} examples')`;

async function main(): Promise<void> {
  const bytes = await ensureFile();
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
