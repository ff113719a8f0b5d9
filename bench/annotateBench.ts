// Annotate (issue: keyboard-first hand labelling): on the demo data in Chromium, a keyboard-only
// session of 100 labels (type a number, Enter) in the "Unlabelled by you" queue. For each label it
// measures in the page, from the Enter keydown (a capture-phase listener records performance.now())
// to the first animation frame where the h1 shows the next example id: the label is written to
// IndexedDB before the screen moves on, so this is the wait between two labels (and, for reference,
// to the DOM change itself). Then the same in blind mode: Enter → the frame where the rollouts are
// revealed, and Enter again → the next example. The session totals are wall time in node, with
// Playwright's key dispatch included.
// Uses a running `vite preview` of dist-e2e on 127.0.0.1:4173 (RIR_BASE_URL) or starts one.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Page } from '@playwright/test';
import { chromiumLaunchOptions } from '../e2e/chromium.ts';
import { demoExamples, demoId } from '../e2e/demoData.ts';
import { AnnotatePage } from '../e2e/pages/AnnotatePage.ts';
import { OUT_DIR } from './benchData.ts';
import { BASE_URL, ensureServer } from './previewServer.ts';

const LABELS = Number(process.env.BENCH_LABELS ?? 100);
const ANNOTATOR = 'Bench';

const round = (x: number) => Math.round(x * 10) / 10;

/** Records the time of every Enter keydown before the app sees it (capture phase, on window). */
const INSTALL_ENTER_CLOCK = `(() => {
  window.__enterAt = null;
  window.addEventListener('keydown', (e) => { if (e.key === 'Enter') window.__enterAt = performance.now(); }, true);
})()`;

/**
 * Arms a lap: `window.__lap` resolves to the ms from the next Enter keydown to the first animation
 * frame at which `done` holds (`frame`), and to the DOM mutation that made it hold (`dom`, seen by a
 * MutationObserver: the app's own work, without the wait for the frame). Written as source text:
 * tsx wraps functions in a helper that does not exist in the page.
 */
async function arm(page: Page, done: string): Promise<void> {
  await page.evaluate(`(() => {
    window.__enterAt = null;
    const holds = () => window.__enterAt !== null && (() => ${done})();
    let dom = null;
    const observer = new MutationObserver(() => { if (dom === null && holds()) dom = performance.now() - window.__enterAt; });
    observer.observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
    window.__lap = new Promise((resolve, reject) => {
      const armedAt = performance.now();
      const check = () => {
        if (holds()) {
          observer.disconnect();
          const frame = performance.now() - window.__enterAt;
          resolve({ frame, dom: dom ?? frame });
        } else if (performance.now() - armedAt > 30000) {
          observer.disconnect();
          reject(new Error('condition not met in 30 s: ' + ${JSON.stringify(done)}));
        } else requestAnimationFrame(check);
      };
      requestAnimationFrame(check);
    });
  })()`);
}

interface Lap {
  frame: number;
  dom: number;
}
const lap = (page: Page) => page.evaluate('window.__lap') as Promise<Lap>;

const showsExample = (id: string) => `document.querySelector('h1')?.textContent === ${JSON.stringify(`Annotate ${id}`)}`;
const revealed = `!!document.querySelector('section[aria-label="Prompt v1"]')`;

/** A label per example, spread over the 0–10 scale. */
const valueFor = (i: number) => (i * 7) % 11;

interface Stats {
  medianMs: number;
  p90Ms: number;
  maxMs: number;
  sumMs: number;
}

/** Median, p90 (nearest rank) and max of per-label times, and their sum. */
function stats(ms: readonly number[]): Stats {
  const s = [...ms].sort((a, b) => a - b);
  const rank = (q: number) => s[Math.max(0, Math.ceil(q * s.length) - 1)]!;
  const median = s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
  return { medianMs: median, p90Ms: rank(0.9), maxMs: s[s.length - 1]!, sumMs: s.reduce((a, b) => a + b, 0) };
}

const flat = (prefix: string, st: Stats) =>
  Object.fromEntries(Object.entries(st).map(([k, v]) => [prefix + k[0]!.toUpperCase() + k.slice(1), v]));

async function main(): Promise<void> {
  if (2 * LABELS + 1 > demoExamples.length) throw new Error(`BENCH_LABELS must be at most ${(demoExamples.length - 1) / 2}`);
  const server = await ensureServer();
  const browser = await chromium.launch(chromiumLaunchOptions());
  const results: Record<string, number> = {};
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 }, baseURL: BASE_URL });
    page.on('pageerror', (e) => console.error(`page error: ${e.message}`));
    const annotate = new AnnotatePage(page);
    await annotate.goto();
    await annotate.startAs(ANNOTATOR);
    await annotate.headingFor(demoId(0)).waitFor();
    await page.evaluate(INSTALL_ENTER_CLOCK);

    // Plain mode: Enter saves and shows the next example of the queue.
    const perLabel: Lap[] = [];
    let t = performance.now();
    for (let i = 0; i < LABELS; i++) {
      await arm(page, showsExample(demoId(i + 1)));
      await page.keyboard.type(String(valueFor(i)));
      await page.keyboard.press('Enter');
      perLabel.push(await lap(page));
    }
    results.sessionTotalMs = performance.now() - t;
    Object.assign(results, flat('label', stats(perLabel.map((l) => l.frame))), flat('labelDom', stats(perLabel.map((l) => l.dom))));

    // Blind mode: Enter saves and reveals on the same example; Enter again goes on.
    await annotate.blindMode().check();
    await annotate.labelField().focus();
    const reveal: Lap[] = [];
    const next: Lap[] = [];
    t = performance.now();
    for (let i = LABELS; i < 2 * LABELS; i++) {
      await arm(page, `${showsExample(demoId(i))} && ${revealed}`);
      await page.keyboard.type(String(valueFor(i)));
      await page.keyboard.press('Enter');
      reveal.push(await lap(page));
      await arm(page, showsExample(demoId(i + 1)));
      await page.keyboard.press('Enter');
      next.push(await lap(page));
    }
    results.blindSessionTotalMs = performance.now() - t;
    Object.assign(
      results,
      flat('blindReveal', stats(reveal.map((l) => l.frame))),
      flat('blindRevealDom', stats(reveal.map((l) => l.dom))),
      flat('blindNext', stats(next.map((l) => l.frame))),
    );

    const progress = await annotate.progress().innerText();
    const want = `${2 * LABELS} of ${demoExamples.length} labelled by ${ANNOTATOR}`;
    if (progress !== want) throw new Error(`after the session the progress reads "${progress}", not "${want}"`);
  } finally {
    await browser.close();
    server?.kill();
  }
  const report = {
    bench: 'annotate',
    examples: demoExamples.length,
    labels: LABELS,
    ...Object.fromEntries(Object.entries(results).map(([k, v]) => [k, round(v)])),
  };
  for (const [k, v] of Object.entries(report)) console.log(`${k}: ${v}`);
  mkdirSync(OUT_DIR, { recursive: true });
  writeFileSync(path.join(OUT_DIR, 'annotate.json'), JSON.stringify(report, null, 2) + '\n');
}

await main();
