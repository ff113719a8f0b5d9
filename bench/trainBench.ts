// Training speed (docs/ARCHITECTURE.md §9.3, §15.1): ms per model-epoch of the ONNX training graph (src/calibrator/engine.ts)
// for N = 100, 500, 5000 examples (K = 3 → F = 7, H = 8) with B = 1 and B = 64 models batched, on
// onnxruntime-node (CPU) and on onnxruntime-web WASM in Chromium (the bench page bench/trainPage/, built
// and previewed here with vite's JS API, loads ORT through src/workers/ortWeb.ts in a worker, as the app
// does), beside the plain Float64 TypeScript reference loop (src/calibrator/reference.ts) on the same
// data, all measured in one run. Also checks that node and WASM give the same losses.
// The machine is shared (2 cores): backends are interleaved cell by cell and the sweep repeated
// BENCH_TRAIN_ROUNDS times (default 3); each cell reports its least disturbed round, and the machine's
// busy share while the bench idles is printed so a disturbed run is visible.
// Writes bench/out/train.json. Env: CHROMIUM_PATH, BENCH_TRAIN_ROUNDS, BENCH_TRAIN_SKIP_BROWSER=1 (node only).
import { readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as ortNode from 'onnxruntime-node';
import { openBenchPage } from './benchPage.ts';
import { initParams } from '../src/calibrator/engine.ts';
import { trainSteps, zerosLike, type MlpParams } from '../src/calibrator/reference.ts';
import { OUT_DIR } from './benchData.ts';
import { runCell, timeRepeated, TIMING, WARMUP, type CellConfig, type CellResult } from './trainPage/cell.ts';
import { F, H, K, makeData, makeModels, STEPS } from './trainPage/data.ts';
import type { WorkerReply, WorkerRequest } from './trainPage/worker.ts';

const PAGE_DIR = path.resolve(import.meta.dirname, 'trainPage');
const NS = [100, 500, 5000];
const BS = [1, 64];
/** Budgets at N = 500 (docs/ARCHITECTURE.md §15.1). */
const TARGET_ONE_MODEL_MS = 0.3;
const TARGET_BATCHED_MS = 0.06;
const PYTORCH_QUOTED_MS = 1.2;
const CALL_TIMEOUT_MS = 120_000;

interface ReferenceResult {
  n: number;
  runs: number;
  msPerEpoch: number;
  /** Losses of the first WARMUP × STEPS epochs of model 0 (the B = 1 model). */
  warmupLoss: number[];
}

interface Backend {
  label: string;
  /** Per cell, the round with the lowest median, and max ÷ min of the rounds' medians. */
  results: (CellResult & { spread: number; roundMsPerRun: number[] })[];
  info: Record<string, unknown>;
}

const ROUNDS = Number(process.env.BENCH_TRAIN_ROUNDS ?? 3);

/** Share of CPU time the machine spent busy over `ms` while this process waits: load from elsewhere. */
async function backgroundBusy(ms: number): Promise<number | null> {
  const read = () => {
    try {
      const cpu = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
      const idle = cpu[3]! + (cpu[4] ?? 0);
      return { idle, total: cpu.reduce((a, b) => a + b, 0) };
    } catch {
      return null;
    }
  };
  const a = read();
  await new Promise((r) => setTimeout(r, ms));
  const b = read();
  return a && b && b.total > a.total ? 1 - (b.idle - a.idle) / (b.total - a.total) : null;
}

const t0 = performance.now();
const busyBefore = await backgroundBusy(1000);

// ---- Float64 TypeScript reference: one model, the same data, mask and init as model 0 of the batch.
async function referenceCell(n: number): Promise<ReferenceResult> {
  const data = makeData(n);
  const model = makeModels(n, 1)[0]!;
  const init = initParams(model.seed, F, H, model.hidden);
  const params: MlpParams = {
    f: F,
    h: H,
    w1: Float64Array.from(init.w1),
    b1: Float64Array.from(init.b1),
    w2: Float64Array.from(init.w2),
    b2: init.b2[0]!,
  };
  const state = { m: zerosLike(params), v: zerosLike(params), t: 0 };
  const x = Float64Array.from(data.x);
  const y = Float64Array.from(data.y);
  const masks = { example: Float64Array.from(model.trainWeights) };
  const run = () => trainSteps(params, state, x, y, n, STEPS, masks);
  const warmupLoss: number[] = [];
  for (let i = 0; i < WARMUP; i++) warmupLoss.push(...run());
  const { runs, median } = await timeRepeated(run);
  return { n, runs, msPerEpoch: median / STEPS, warmupLoss };
}

/** Results per backend label, per cell key `n/b`, one per round. */
const measured = new Map<string, Map<string, CellResult[]>>();
const referenceRounds = new Map<number, ReferenceResult[]>();
const backendInfo = new Map<string, Record<string, unknown>>();
const record = (label: string, r: CellResult) => {
  const cells = measured.get(label) ?? new Map<string, CellResult[]>();
  measured.set(label, cells);
  const key = `${r.n}/${r.b}`;
  cells.set(key, [...(cells.get(key) ?? []), r]);
};
const NODE = 'onnxruntime-node cpu';
backendInfo.set(NODE, { provider: 'cpu', intraOpThreads: 'ORT default (engine sets none)' });

// ---- Chromium: build the bench page and preview it with COOP/COEP; one worker per WASM thread setting.
let browserInfo: Record<string, unknown> = { skipped: true };
const browserNotes: string[] = [];
interface Wasm {
  label: string;
  threads: number | null;
}
const wasmSettings: Wasm[] = [];
let runWasm: ((w: Wasm, cells: CellConfig[]) => Promise<WorkerReply>) | null = null;
let closeBrowser = async () => {};

const wasmLabel = (threads: number | null, effective: number) =>
  threads === null ? `Chromium WASM, ortWeb default (${effective} thr)` : `Chromium WASM, numThreads=${threads} (${effective} thr)`;

if (!process.env.BENCH_TRAIN_SKIP_BROWSER) {
  const bench = await openBenchPage(path.join(PAGE_DIR, 'vite.config.ts'), 4180);
  closeBrowser = bench.close;
  try {
    const { page, browser, url, buildMs } = bench;
    const pageEnv = (await page.evaluate('window.benchPage')) as { crossOriginIsolated: boolean; hardwareConcurrency: number };
    browserInfo = { chromium: browser.version(), url, buildMs: Math.round(buildMs), ...pageEnv };
    // Source text, not a function: tsx wraps functions in a helper that does not exist in the page.
    const call = async (threads: number | null, cells: CellConfig[]) => {
      const request: WorkerRequest = { threads, cells };
      // A hung runtime (e.g. a pthread that never starts) becomes an error reply, not a hung bench.
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<WorkerReply>((resolve) => {
        timer = setTimeout(
          () => resolve({ type: 'error', message: `no reply within ${CALL_TIMEOUT_MS / 1000} s`, warnings: [] }),
          CALL_TIMEOUT_MS,
        );
      });
      try {
        return await Promise.race([page.evaluate(`window.benchTrain(${JSON.stringify(request)})`) as Promise<WorkerReply>, timeout]);
      } finally {
        clearTimeout(timer);
      }
    };
    runWasm = (w, cells) => call(w.threads, cells);
    // Start each setting's worker with one small cell (JIT and WASM warm-up, effective thread count).
    const start = async (threads: number | null): Promise<number | null> => {
      const what = threads === null ? 'the ortWeb default thread count' : `numThreads = ${threads}`;
      const reply = await call(threads, [{ n: 100, b: 1 }]);
      if (reply.type === 'error') {
        const warned = reply.warnings.length ? ` (ORT warnings: ${reply.warnings.join(' | ')})` : '';
        browserNotes.push(`WASM with ${what} FAILED: ${reply.message.split('\n')[0]}${warned}`);
        console.error(`WASM with ${what} failed:\n${reply.message}`);
        return null;
      }
      const label = wasmLabel(threads, reply.threadsEffective);
      wasmSettings.push({ label, threads });
      const { results: _results, type: _type, ...info } = reply;
      backendInfo.set(label, { threadsRequested: threads ?? 'ortWeb default', ...info });
      return reply.threadsEffective;
    };
    const effectiveDefault = await start(null);
    if (effectiveDefault !== 1) await start(1);
    else
      browserNotes.push(
        'ortWeb.ts chooses 1 WASM thread on this machine (ORT default too: min(4, ceil(cores / 2))), so "numThreads = 1" = the default row.',
      );
    if (effectiveDefault !== 2) await start(2);
  } catch (e) {
    await closeBrowser();
    throw e;
  }
}

// ---- The measurements, interleaved cell by cell (reference, node, every WASM setting), ROUNDS times.
try {
  for (let round = 0; round < ROUNDS; round++) {
    for (const n of NS) {
      referenceRounds.set(n, [...(referenceRounds.get(n) ?? []), await referenceCell(n)]);
      for (const b of BS) {
        record(NODE, await runCell(ortNode, 'cpu', { n, b }));
        for (const w of wasmSettings) {
          const reply = await runWasm!(w, [{ n, b }]);
          if (reply.type === 'error') throw new Error(`${w.label}, N = ${n}, B = ${b}: ${reply.message}`);
          record(w.label, reply.results[0]!);
          const info = backendInfo.get(w.label)!;
          info.workersSpawned = reply.workersSpawned;
          info.warnings = reply.warnings;
        }
      }
    }
  }
} finally {
  await closeBrowser();
}
for (const [label, info] of backendInfo)
  for (const w of (info.warnings as string[] | undefined) ?? []) browserNotes.push(`${label}: ORT warned: ${w}`);

/** Per cell, the round with the lowest median: the least disturbed by other load on the machine. */
const best = <T>(rounds: readonly T[], ms: (r: T) => number): T => rounds.reduce((a, r) => (ms(r) < ms(a) ? r : a));
const spreadOf = <T>(rounds: readonly T[], ms: (r: T) => number) => Math.max(...rounds.map(ms)) / Math.min(...rounds.map(ms));
const reference: (ReferenceResult & { spread: number; roundMs: number[] })[] = NS.map((n) => {
  const rounds = referenceRounds.get(n)!;
  return { ...best(rounds, (r) => r.msPerEpoch), spread: spreadOf(rounds, (r) => r.msPerEpoch), roundMs: rounds.map((r) => r.msPerEpoch) };
});
const backends: Backend[] = [...measured].map(([label, cells]) => ({
  label,
  info: backendInfo.get(label) ?? {},
  results: [...cells.values()].map((rounds) => ({
    ...best(rounds, (r) => r.msPerRun),
    spread: spreadOf(rounds, (r) => r.msPerRun),
    roundMsPerRun: rounds.map((r) => r.msPerRun),
  })),
}));
const busyAfter = await backgroundBusy(1000);

// ---- Report.
const fmt = (x: number) =>
  x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x >= 1 ? x.toFixed(2) : x >= 0.01 ? x.toFixed(3) : x.toFixed(4);
const pct = (x: number | null) => (x === null ? 'n/a' : `${Math.round(100 * x)}%`);
const ratio = (x: number) => `${x >= 10 ? x.toFixed(0) : x.toFixed(1)}×`;
const refMs = (n: number) => reference.find((r) => r.n === n)!.msPerEpoch;
const cellOf = (b: Backend, n: number, bs: number) => b.results.find((r) => r.n === n && r.b === bs);

const header = ['backend', 'N', 'B', 'runs', 'ms/run', 'ms/model-epoch', 'refTS ÷ ours', 'B=1 ÷ B=64 per model', 'rounds max÷min'];
const spread = (x: number) => `${x.toFixed(2)}`;
const rows: string[][] = [];
for (const r of reference) {
  rows.push([
    'reference TS Float64 (1 model)',
    String(r.n),
    '1',
    String(r.runs),
    fmt(r.msPerEpoch * STEPS),
    fmt(r.msPerEpoch),
    '1×',
    '',
    spread(r.spread),
  ]);
  rows.push([
    'reference TS Float64 (B=64 = 64×, not run)',
    String(r.n),
    '64',
    '',
    fmt(64 * r.msPerEpoch * STEPS),
    fmt(r.msPerEpoch),
    '1×',
    '1×',
    '',
  ]);
}
for (const b of backends) {
  for (const c of b.results) {
    const single = cellOf(b, c.n, 1);
    const gain = c.b > 1 && single ? ratio(single.msPerModelEpoch / c.msPerModelEpoch) : '';
    rows.push([
      b.label,
      String(c.n),
      String(c.b),
      String(c.runs),
      fmt(c.msPerRun),
      fmt(c.msPerModelEpoch),
      ratio(refMs(c.n) / c.msPerModelEpoch),
      gain,
      spread(c.spread),
    ]);
  }
}
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');

console.log(
  `\nTraining benchmark: K = ${K} rollouts → F = ${F}, H = ${H}; one run = B models × ${STEPS} Adam epochs (one session.run, outputs read);` +
    `\n${WARMUP} warm-up runs, then median of ≥ ${TIMING.minRuns} runs and ≥ ${TIMING.minMs} ms (≥ ${TIMING.capMinRuns} runs once ${TIMING.capMs} ms are spent);` +
    `\nbackends interleaved cell by cell, ${ROUNDS} round(s); each cell shows its round with the lowest median (least disturbed by other load).` +
    `\nmachine busy while this bench idled: ${pct(busyBefore)} before, ${pct(busyAfter)} after; load average at the end ${os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}` +
    `\nnode ${process.version}, ${os.availableParallelism()} logical cores (${os.cpus()[0]?.model ?? '?'})` +
    (browserInfo.skipped
      ? ', browser skipped'
      : `; Chromium ${String(browserInfo.chromium)}, crossOriginIsolated = ${String(browserInfo.crossOriginIsolated)}, navigator.hardwareConcurrency = ${String(browserInfo.hardwareConcurrency)}`),
);
console.log('');
console.log(line(header));
console.log(widths.map((w) => '-'.repeat(w)).join('  '));
for (const r of rows) console.log(line(r));

// The budgets at N = 500 (docs/ARCHITECTURE.md §15.1).
console.log(`\nBudgets at N = 500, K = 3 (PyTorch CPU ≈ ${PYTORCH_QUOTED_MS} ms/epoch: quoted from the prototype, not measured):`);
const targets: Record<string, unknown>[] = [];
const ref500 = refMs(500);
console.log(`  reference TS Float64: ${fmt(ref500)} ms/epoch (PyTorch quoted ÷ reference TS = ${ratio(PYTORCH_QUOTED_MS / ref500)})`);
for (const b of backends) {
  const one = cellOf(b, 500, 1);
  const many = cellOf(b, 500, 64);
  if (!one || !many) continue;
  const okOne = one.msPerModelEpoch <= TARGET_ONE_MODEL_MS;
  const okMany = many.msPerModelEpoch <= TARGET_BATCHED_MS;
  console.log(
    `  ${b.label}: B=1 ${fmt(one.msPerModelEpoch)} ms/epoch ${okOne ? 'MEETS' : 'MISSES'} ≤ ${TARGET_ONE_MODEL_MS}` +
      ` (${ratio(one.msPerModelEpoch / TARGET_ONE_MODEL_MS)} of budget); B=64 ${fmt(many.msPerModelEpoch)} ms/model-epoch ${okMany ? 'MEETS' : 'MISSES'} ≤ ${TARGET_BATCHED_MS}` +
      ` (${ratio(many.msPerModelEpoch / TARGET_BATCHED_MS)} of budget); PyTorch quoted ÷ ours: B=1 ${ratio(PYTORCH_QUOTED_MS / one.msPerModelEpoch)}, B=64 ${ratio(PYTORCH_QUOTED_MS / many.msPerModelEpoch)}`,
  );
  targets.push({
    backend: b.label,
    oneModelMsPerEpoch: one.msPerModelEpoch,
    oneModelMeets: okOne,
    batchedMsPerModelEpoch: many.msPerModelEpoch,
    batchedMeets: okMany,
    pytorchQuotedOverOneModel: PYTORCH_QUOTED_MS / one.msPerModelEpoch,
    pytorchQuotedOverBatched: PYTORCH_QUOTED_MS / many.msPerModelEpoch,
  });
}

// Sameness: losses of the warm-up epochs (every model, every step) across backends, and model 0 against Float64.
const maxRel = (a: readonly number[], b: readonly number[]) => {
  if (a.length !== b.length) return Number.NaN;
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!) / Math.max(Math.abs(a[i]!), Math.abs(b[i]!), 1e-12));
  return m;
};
const equality: Record<string, unknown>[] = [];
console.log(
  `\nSameness: max relative difference of the training losses over the ${WARMUP * STEPS} warm-up epochs of every model, every cell:`,
);
const nodeBackend = backends[0]!;
for (const b of backends) {
  let vsNode = 0;
  let vsRef = 0;
  let checksumsAgree = true;
  for (const c of b.results) {
    const n = cellOf(nodeBackend, c.n, c.b)!;
    if (n.checksum !== c.checksum) checksumsAgree = false;
    if (b !== nodeBackend) vsNode = Math.max(vsNode, maxRel(n.warmupLoss, c.warmupLoss));
    if (c.b === 1) vsRef = Math.max(vsRef, maxRel(reference.find((r) => r.n === c.n)!.warmupLoss, c.warmupLoss));
  }
  const parts = [`vs Float64 reference (model 0, B=1) ${vsRef.toExponential(1)}`];
  if (b !== nodeBackend)
    parts.unshift(`vs onnxruntime-node ${vsNode.toExponential(1)}`, `data checksums ${checksumsAgree ? 'equal' : 'DIFFER'}`);
  console.log(`  ${b.label}: ${parts.join('; ')}`);
  equality.push({ backend: b.label, maxRelVsNode: b === nodeBackend ? null : vsNode, maxRelVsReference: vsRef, checksumsAgree });
}
for (const note of browserNotes) console.log(`note: ${note}`);

const totalMs = performance.now() - t0;
console.log(`\ntotal ${(totalMs / 1000).toFixed(1)} s`);

const strip = (r: CellResult) => {
  const { warmupLoss: _warmupLoss, ...rest } = r;
  return rest;
};
writeFileSync(
  path.join(OUT_DIR, 'train.json'),
  JSON.stringify(
    {
      date: new Date().toISOString(),
      config: { k: K, f: F, h: H, steps: STEPS, warmup: WARMUP, timing: TIMING, ns: NS, bs: BS },
      machine: {
        node: process.version,
        cores: os.availableParallelism(),
        cpu: os.cpus()[0]?.model ?? null,
        busyBefore,
        busyAfter,
        loadavgAfter: os.loadavg(),
      },
      rounds: ROUNDS,
      browser: browserInfo,
      reference: reference.map(({ warmupLoss: _w, ...r }) => ({ ...r, note: 'one model; B models cost B× this per model-epoch' })),
      backends: backends.map((b) => ({ label: b.label, info: b.info, results: b.results.map(strip) })),
      targets: {
        oneModelMsPerEpoch: TARGET_ONE_MODEL_MS,
        batchedMsPerModelEpoch: TARGET_BATCHED_MS,
        pytorchQuotedMsPerEpoch: PYTORCH_QUOTED_MS,
        measured: targets,
      },
      equality,
      notes: browserNotes,
      totalMs,
    },
    null,
    2,
  ),
);
console.log(`wrote ${path.relative(process.cwd(), path.join(OUT_DIR, 'train.json'))}`);
