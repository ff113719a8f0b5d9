// Text featuriser speed (issue 15 point 1: "400 examples × 80 rollouts × 500 characters in ≤ 0.3 s").
// Featurises 32,000 English-like reasoning texts of 500 characters (bench/textData.ts) as the trainer
// does: `hashNgrams` (uni- and bigrams, D = 2^14), then `fitIdf` + `tfidfRows`, in node: the cold first
// run, then the median of 5 runs, and MB/s over the texts' UTF-16 length (= bytes here: all ASCII).
// With --browser (`npm run bench:text:browser`) also in Chromium, in one run: the same texts generated
// and featurised inside a dedicated Web Worker of a production build of bench/textPage/ (cold in a fresh
// worker, then the median of 5; performance.now() in the worker); then in each of 5 more fresh workers
// as the app's training worker runs it — warmed up (the Train screen opening), then sent the texts by the
// page (a Train run) — the first call, whose median is the app's path; and the postMessage of the texts from
// the page to a worker (strings structured-cloned, offsets transferred, as src/workers/trainClient.ts
// sends reasoning); then one table: node ms, worker ms, worker ÷ node, the 300 ms budget.
// Writes bench/out/text.json (node only) or bench/out/text-browser.json. Env: BENCH_EXAMPLES, CHROMIUM_PATH.
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openBenchPage } from './benchPage.ts';
import { OUT_DIR } from './benchData.ts';
import {
  BUDGET_MS,
  CHARS,
  EXAMPLES as DEFAULT_EXAMPLES,
  makeTexts,
  median,
  ROLLOUTS,
  RUNS,
  textChars,
  timeFeaturiser,
  type FeaturiserTimes,
  type StepTimes,
} from './textData.ts';
import type { AsTheApp, PostTimes } from './textPage/main.ts';
import type { TextWorkerReply } from './textPage/worker.ts';

const EXAMPLES = Number(process.env.BENCH_EXAMPLES ?? DEFAULT_EXAMPLES);
const BROWSER = process.argv.includes('--browser');
const PAGE_CONFIG = path.resolve(import.meta.dirname, 'textPage', 'vite.config.ts');
const PORT = 4181;
/** Fresh warmed-up workers whose first call is timed (the app's path). */
const WARMED_WORKERS = 5;

const loadBefore = os.loadavg()[0]!;
const texts = makeTexts(EXAMPLES);
const mb = textChars(texts) / 1e6;
console.log(
  `${EXAMPLES} examples × ${ROLLOUTS} rollouts × ${CHARS} chars = ${mb.toFixed(1)} MB; D = 2^14, n-grams 1, 2; ` +
    `${os.availableParallelism()} cores, 1-min load ${loadBefore.toFixed(2)}`,
);

const node = timeFeaturiser(texts, EXAMPLES);
const runsOf = (s: StepTimes) => `runs ${s.runsMs.map((x) => x.toFixed(0)).join(', ')}; cold ${s.coldMs.toFixed(0)}`;
const verdict = (ms: number) => (ms <= BUDGET_MS ? 'OK' : 'OVER');
const hashMs = node.hashNgrams.medianMs;
console.log(
  `node hashNgrams: median ${hashMs.toFixed(1)} ms (${runsOf(node.hashNgrams)}), ` +
    `${(mb / (hashMs / 1000)).toFixed(0)} MB/s, ${node.nonzeros} nonzeros (${(node.nonzeros / EXAMPLES).toFixed(0)} per example); ` +
    `budget ${BUDGET_MS} ms: ${verdict(hashMs)}`,
);
console.log(`node fitIdf + tfidfRows: median ${node.tfidf.medianMs.toFixed(1)} ms (${runsOf(node.tfidf)})`);

interface Browser {
  chromium: string;
  url: string;
  buildMs: number;
  crossOriginIsolated: boolean;
  /** Generating the texts in the worker (not part of any timing). */
  generateMs: number;
  worker: FeaturiserTimes;
  /**
   * The same in WARMED_WORKERS more fresh workers as the app's training worker runs it: warmed up first
   * (the Train screen opening), then the texts posted to it (a Train run). The app's path is their first
   * call, one sample each, so the median over the workers is what is compared with the budget.
   */
  warmedUp: FeaturiserTimes[];
  warmUpMs: number[];
  post: PostTimes;
}
let browser: Browser | null = null;

if (BROWSER) {
  const bench = await openBenchPage(PAGE_CONFIG, PORT);
  try {
    // Source text, not a function: tsx wraps functions in a helper that does not exist in the page.
    const reply = (await bench.page.evaluate(`window.benchText.featurise(${EXAMPLES})`)) as TextWorkerReply;
    if (reply.type !== 'featurised') throw new Error(`worker: ${reply.type === 'error' ? reply.message : reply.type}`);
    const warmed: { warmUpMs: number; times: FeaturiserTimes }[] = [];
    for (let i = 0; i < WARMED_WORKERS; i++) {
      const r = (await bench.page.evaluate(`window.benchText.featuriseAsTheApp(${EXAMPLES})`)) as AsTheApp;
      if (r.reply.type !== 'featurised') throw new Error(`warmed-up worker: ${r.reply.type === 'error' ? r.reply.message : r.reply.type}`);
      warmed.push({ warmUpMs: r.warmUpMs, times: r.reply.times });
    }
    if (reply.chars !== textChars(texts)) throw new Error(`the worker generated ${reply.chars} chars, node ${textChars(texts)}`);
    const post = (await bench.page.evaluate(`window.benchText.postTexts(${EXAMPLES}, ${RUNS})`)) as PostTimes;
    browser = {
      chromium: bench.browser.version(),
      url: bench.url,
      buildMs: Math.round(bench.buildMs),
      crossOriginIsolated: reply.crossOriginIsolated,
      generateMs: reply.generateMs,
      worker: reply.times,
      warmedUp: warmed.map((r) => r.times),
      warmUpMs: warmed.map((r) => r.warmUpMs),
      post,
    };
  } finally {
    await bench.close();
  }

  const w = browser.worker;
  console.log(
    `\nChromium ${browser.chromium}, production build of bench/textPage (built in ${browser.buildMs} ms), ` +
      `dedicated worker, crossOriginIsolated ${browser.crossOriginIsolated}; texts generated in the worker in ${browser.generateMs.toFixed(0)} ms (not timed)`,
  );
  console.log(`worker hashNgrams: median ${w.hashNgrams.medianMs.toFixed(1)} ms (${runsOf(w.hashNgrams)})`);
  console.log(`worker fitIdf + tfidfRows: median ${w.tfidf.medianMs.toFixed(1)} ms (${runsOf(w.tfidf)})`);
  const firsts = (pick: (t: FeaturiserTimes) => StepTimes) => browser!.warmedUp.map((t) => pick(t).coldMs.toFixed(0)).join(', ');
  console.log(
    `${WARMED_WORKERS} more fresh workers as the app runs it, each warmed up (warmUpFeaturiser, as the Train screen has the training worker do: ` +
      `${browser.warmUpMs.map((x) => x.toFixed(0)).join(', ')} ms), then sent the texts; first call: hashNgrams ${firsts((t) => t.hashNgrams)}; ` +
      `+ fitIdf + tfidfRows ${firsts((t) => t.pipeline)}; same features: ${browser.warmedUp.every((t) => t.checksum === node.checksum) ? 'yes' : 'NO'}`,
  );
  console.log(
    `same features in node and the worker: ${w.checksum === node.checksum && w.nonzeros === node.nonzeros ? 'yes' : 'NO'} ` +
      `(checksums ${node.checksum} / ${w.checksum}, nonzeros ${node.nonzeros} / ${w.nonzeros})`,
  );

  const fmt = (x: number) => (x >= 100 ? x.toFixed(0) : x.toFixed(1));
  const header = ['ms', 'node', 'worker', 'worker ÷ node', 'budget', 'pass'];
  const rows: string[][] = [];
  const row = (label: string, n: number, b: number, budget: boolean) =>
    rows.push([
      label,
      fmt(n),
      fmt(b),
      `${(b / n).toFixed(2)}×`,
      budget ? String(BUDGET_MS) : '',
      budget ? `node ${verdict(n)}, worker ${verdict(b)}` : '',
    ]);
  row('hashNgrams, cold', node.hashNgrams.coldMs, w.hashNgrams.coldMs, true);
  row(`hashNgrams, median of ${RUNS}`, node.hashNgrams.medianMs, w.hashNgrams.medianMs, true);
  row(`fitIdf + tfidfRows, median of ${RUNS}`, node.tfidf.medianMs, w.tfidf.medianMs, false);
  row('hashNgrams + fitIdf + tfidfRows, cold', node.pipeline.coldMs, w.pipeline.coldMs, true);
  row(`hashNgrams + fitIdf + tfidfRows, median of ${RUNS}`, node.pipeline.medianMs, w.pipeline.medianMs, true);
  // As the app runs it: the training worker warmed its featuriser up when the Train screen opened.
  const firstMedian = (pick: (t: FeaturiserTimes) => StepTimes) => median(browser!.warmedUp.map((t) => pick(t).coldMs));
  row(
    `after the warm-up: hashNgrams, first call (median of ${WARMED_WORKERS} workers)`,
    node.hashNgrams.coldMs,
    firstMedian((t) => t.hashNgrams),
    true,
  );
  row(
    `after the warm-up: + fitIdf + tfidfRows, first call (median of ${WARMED_WORKERS})`,
    node.pipeline.coldMs,
    firstMedian((t) => t.pipeline),
    true,
  );
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 || i === 5 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  console.log(`\n${line(header)}\n${widths.map((n) => '-'.repeat(n)).join('  ')}`);
  for (const r of rows) console.log(line(r));

  const p = browser.post;
  const postLine = (label: string, t: PostTimes['cold']) =>
    `  ${label}: postMessage call ${fmt(t.callMs)} ms (the page's thread blocked), worker's reply (texts read) back after ${fmt(t.roundTripMs)} ms`;
  console.log(
    `\npostMessage of the ${(p.chars / 1e6).toFixed(1)} MB of texts, page → an idle worker (not part of the budget above; ` +
      `an empty message's round trip: ${p.emptyRoundTripMs.toFixed(2)} ms):`,
  );
  console.log(postLine('cold', p.cold));
  console.log(postLine(`median of ${RUNS}`, p.median));
}

mkdirSync(OUT_DIR, { recursive: true });
const out = path.join(OUT_DIR, BROWSER ? 'text-browser.json' : 'text.json');
writeFileSync(
  out,
  JSON.stringify(
    {
      date: new Date().toISOString(),
      config: { examples: EXAMPLES, rollouts: ROLLOUTS, chars: CHARS, runs: RUNS, budgetMs: BUDGET_MS, mb },
      machine: {
        node: process.version,
        cores: os.availableParallelism(),
        cpu: os.cpus()[0]?.model ?? null,
        loadavgBefore: loadBefore,
        loadavgAfter: os.loadavg(),
      },
      node,
      browser,
    },
    null,
    2,
  ),
);
console.log(`wrote ${path.relative(process.cwd(), out)}`);
