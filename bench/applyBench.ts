// `cli apply` at scale (issue 11): a 1,000,000-example canonical JSONL with K = 20 rollouts of one
// prompt (scores 1–10, short ids, ~all labelled, no reasoning) and a calibrator trained on a 2k
// subset; then, in one run, (a) a bare line-by-line JSON.parse of the file (stream, split, parse,
// nothing else), (b) `cli apply` over the same file in a child process — MB/s from the wall clock
// of the whole process (node and tsx start, onnxruntime load, the run, the metrics) and its peak
// RSS — and (c) the time to export a 45-member ensemble (9 configurations × 5 folds, H 16, K 20,
// compact) and the file's size. MB = 10^6 bytes. Writes bench/out/apply/report.json.
import { spawn } from 'node:child_process';
import { createReadStream, createWriteStream, existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { once } from 'node:events';
import { rename } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import * as ort from 'onnxruntime-node';
import { exportCalibrator } from '../src/calibrator/calibratorFile.ts';
import { trainOutcome } from '../src/calibrator/report.ts';
import { DEFAULT_TRAIN_SETTINGS, resolveTrainOptions } from '../src/calibrator/settings.ts';
import { planTraining, train, type CalibratorModel } from '../src/calibrator/trainer.ts';
import { APP_VERSION } from '../src/domain/appVersion.ts';
import { buildAnalysisInput } from '../src/domain/analysisInput.ts';
import { createRng } from '../src/domain/rng.ts';
import type { Example } from '../src/domain/types.ts';
import { importBlob } from '../src/io/importDataset.ts';
import { OUT_DIR, rng } from './benchData.ts';

const DIR = path.join(OUT_DIR, 'apply');
const N = 1_000_000;
const K = 20;
/** Bump when the generator changes, so a stale file is not reused. */
const DATA_FILE = path.join(DIR, `apply-${N}-k${K}-v1.jsonl`);
const MODEL_DIR = path.join(DIR, 'model');
const PREDS = path.join(DIR, 'preds.jsonl');
const TRAIN_SUBSET = 2000;
/** Budgets of the issue: apply at ≥ 0.5× a bare JSON.parse, ≤ 500 MB peak RSS, a 45-model export ≤ 1 s. */
const BUDGET = { ratio: 0.5, rssMb: 500, exportMs: 1000 };
const EXPORT_RUNS = 5;

const SPLITS = ['train', 'train', 'train', 'val', 'test'];

/** One example line: target on 1–10 (2 decimals; 2% unlabelled), K integer scores of a biased, noisy, squeezed judge. */
function exampleLine(i: number, r: () => number): string {
  const target = Math.round((1 + 9 * r()) * 100) / 100;
  let scores = '';
  for (let j = 0; j < K; j++) {
    const s = Math.min(10, Math.max(1, Math.round(5.5 + 0.7 * (target - 5.5) + 0.5 + (r() - 0.5) * 4)));
    scores += (j === 0 ? '' : ',') + '{"prompt":"v1","score":' + s + '}';
  }
  const labelled = r() >= 0.02;
  return `{"id":"e${i}",${labelled ? `"target":${target},` : ''}"split":"${SPLITS[i % 5]}","rollouts":[${scores}]}\n`;
}

/** Writes the data file once (deterministic), in ~4 MB chunks; returns its size. */
async function ensureData(): Promise<number> {
  if (existsSync(DATA_FILE)) return statSync(DATA_FILE).size;
  mkdirSync(DIR, { recursive: true });
  const tmp = `${DATA_FILE}.tmp`;
  const out = createWriteStream(tmp);
  const r = rng(20260611);
  let chunk =
    JSON.stringify({ rir_dataset: { name: 'apply bench', scale: { min: 1, max: 10, step: 1 }, prompts: { v1: 'bench judge' } } }) + '\n';
  for (let i = 0; i < N; i++) {
    chunk += exampleLine(i, r);
    if (chunk.length >= 4_000_000) {
      if (!out.write(chunk)) await once(out, 'drain');
      chunk = '';
    }
  }
  out.end(chunk);
  await once(out, 'finish');
  await rename(tmp, DATA_FILE);
  return statSync(DATA_FILE).size;
}

/** The first `n` examples of the data file, read with the app's importer (for training). */
async function firstExamples(n: number): Promise<Example[]> {
  const head: string[] = [];
  const stream = createReadStream(DATA_FILE, { encoding: 'utf8', highWaterMark: 1 << 20 });
  let carry = '';
  for await (const piece of stream) {
    const lines = (carry + (piece as string)).split('\n');
    carry = lines.pop() ?? '';
    head.push(...lines);
    if (head.length > n) break;
  }
  stream.destroy();
  const examples: Example[] = [];
  await importBlob(
    new Blob([head.slice(0, n + 1).join('\n')]),
    'subset.jsonl',
    { format: 'canonical' },
    { onExamples: (b) => examples.push(...b) },
  );
  return examples;
}

/** Trains the calibrator on a subset with the app's defaults (9 configurations × 5 folds; K = 20 → compact features) and exports it. */
async function ensureModel(): Promise<{ outcome: Awaited<ReturnType<typeof trainModel>>; ms: number }> {
  const t = performance.now();
  const outcome = await trainModel();
  const exported = exportCalibrator(outcome, {
    dataset: { name: 'apply bench (2k subset)', contentHash: 'bench', examples: TRAIN_SUBSET },
    appVersion: APP_VERSION,
    now: Date.now(),
  });
  mkdirSync(MODEL_DIR, { recursive: true });
  writeFileSync(path.join(MODEL_DIR, 'calibrator.onnx'), exported.onnx);
  writeFileSync(path.join(MODEL_DIR, 'calibrator.json'), exported.json);
  return { outcome, ms: performance.now() - t };
}

async function trainModel() {
  const examples = await firstExamples(TRAIN_SUBSET);
  const scale = { min: 1, max: 10 };
  const input = buildAnalysisInput(examples, ['v1'], scale);
  const options = resolveTrainOptions({ ...DEFAULT_TRAIN_SETTINGS, maxEpochs: 500 }, input, ['v1']);
  const result = await train(ort, 'cpu', planTraining(input, options));
  return trainOutcome(input, options, result);
}

/**
 * (a) The floor: stream the file in 4 MiB reads, decode each up to its last newline in one go
 * (no streaming decode: Node's is 2–4× slower), split into lines, JSON.parse each; keep nothing.
 */
async function bareParse(): Promise<{ ms: number; lines: number }> {
  const t = performance.now();
  const decoder = new TextDecoder();
  let carry: Buffer | null = null;
  let lines = 0;
  const parse = (bytes: Buffer) => {
    for (const line of decoder.decode(bytes).split('\n')) if (line.length > 0 && JSON.parse(line) !== null) lines++;
  };
  for await (const chunk of createReadStream(DATA_FILE, { highWaterMark: 4 << 20 })) {
    const buf: Buffer = carry ? Buffer.concat([carry, chunk as Buffer]) : (chunk as Buffer);
    const cut = buf.lastIndexOf(0x0a) + 1;
    carry = buf.subarray(cut);
    parse(buf.subarray(0, cut));
  }
  if (carry && carry.length > 0) parse(carry);
  return { ms: performance.now() - t, lines };
}

interface ChildRun {
  ms: number;
  maxRssMb: number | null;
  code: number | null;
  summary: Record<string, unknown> | null;
  stderr: string;
}

/** (b) `cli apply` in a child process, under /usr/bin/time -v when present for the peak RSS. */
async function applyChild(extra: readonly string[] = []): Promise<ChildRun> {
  const argv = [
    '--import',
    'tsx',
    'cli/main.ts',
    'apply',
    path.join(MODEL_DIR, 'calibrator.onnx'),
    DATA_FILE,
    '--out',
    PREDS,
    '--force',
    '--json',
    ...extra,
  ];
  const timed = existsSync('/usr/bin/time');
  const [cmd, args] = timed ? ['/usr/bin/time', ['-v', process.execPath, ...argv]] : [process.execPath, argv];
  const t = performance.now();
  const child = spawn(cmd, args, { cwd: path.resolve(import.meta.dirname, '..'), stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const [code] = (await once(child, 'close')) as [number | null];
  const ms = performance.now() - t;
  const rss = /Maximum resident set size \(kbytes\): (\d+)/.exec(stderr);
  let summary: Record<string, unknown> | null = null;
  try {
    summary = JSON.parse(stdout) as Record<string, unknown>;
  } catch {
    summary = null;
  }
  return { ms, maxRssMb: rss ? Number(rss[1]) / 1024 : null, code, summary, stderr };
}

/** (c) A 45-member compact ensemble (H 16, K 20) with seeded weights, exported like a trained one. */
function bigModel(base: CalibratorModel): CalibratorModel {
  const r = createRng(7);
  const f = base.stats.mean.length;
  const h = 16;
  const w = (n: number) => Array.from({ length: n }, () => (r.next() - 0.5) * 0.5);
  return {
    ...base,
    h,
    config: { hidden: h, weightDecay: 0.1, lr: 0.01 },
    members: Array.from({ length: 45 }, () => ({ w1: w(f * h), b1: w(h), w2: w(h), b2: w(1) })),
  };
}

const round = (x: number, d = 1) => Math.round(x * 10 ** d) / 10 ** d;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function main(): Promise<void> {
  let t = performance.now();
  const bytes = await ensureData();
  const mb = bytes / 1e6;
  console.log(
    `data: ${path.relative(process.cwd(), DATA_FILE)} (${round(mb)} MB, ${N} examples × ${K} rollouts, ready in ${round((performance.now() - t) / 1000)} s)`,
  );
  const { outcome, ms: trainMs } = await ensureModel();
  const model = outcome.result.model;
  console.log(
    `calibrator: ${model.featureSet} features, K ${model.k}, H ${model.h}, ${model.members.length} members, trained on ${TRAIN_SUBSET} examples in ${round(trainMs / 1000)} s`,
  );

  const bare = await bareParse();
  if (bare.lines !== N + 1) throw new Error(`bare parse read ${bare.lines} lines, expected ${N + 1}`);
  const bareMBps = mb / (bare.ms / 1000);
  console.log(`bare JSON.parse: ${round(bare.ms)} ms`);

  const load = os.loadavg()[0]!;
  const run = await applyChild();
  if (run.code !== 0 || !run.summary) throw new Error(`cli apply failed (exit ${run.code}):\n${run.stderr}`);
  const s = run.summary;
  if (s.examples !== N) throw new Error(`cli apply read ${String(s.examples)} examples, expected ${N}`);
  const metricsMs = Number(s.metrics_ms);
  // The whole process (node + tsx start, onnxruntime load, the run, the metrics), and the same
  // minus the metrics' bootstrap: 1000 resamples over a million examples is a cost of its own.
  const applyMBps = mb / (run.ms / 1000);
  const withoutMetricsMBps = mb / ((run.ms - metricsMs) / 1000);
  const ratio = applyMBps / bareMBps;
  const ratioWithoutMetrics = withoutMetricsMBps / bareMBps;
  console.log(`cli apply: ${round(run.ms)} ms wall (read → last row renamed in place: ${String(s.ms)} ms; metrics: ${metricsMs} ms)`);

  const big = bigModel(model);
  const bigOutcome = { ...outcome, result: { ...outcome.result, model: big } };
  const ctx = { dataset: { name: 'apply bench', contentHash: 'bench', examples: N }, appVersion: APP_VERSION, now: Date.now() };
  const exportMs: number[] = [];
  let size = 0;
  for (let i = 0; i < EXPORT_RUNS; i++) {
    t = performance.now();
    size = exportCalibrator(bigOutcome, ctx).onnx.byteLength;
    exportMs.push(performance.now() - t);
  }

  const report = {
    bench: 'apply',
    date: new Date().toISOString(),
    node: process.version,
    cpu: os.cpus()[0]?.model ?? 'unknown',
    cores: os.cpus().length,
    file: path.basename(DATA_FILE),
    bytes,
    examples: N,
    rollouts: K,
    calibrator: { features: model.featureSet, k: model.k, hidden: model.h, members: model.members.length },
    bare: { ms: round(bare.ms), MBps: round(bareMBps) },
    loadAverageBefore: round(load, 2),
    apply: {
      wallMs: round(run.ms),
      streamingMs: s.ms,
      metricsMs,
      MBps: round(applyMBps),
      withoutMetricsMBps: round(withoutMetricsMBps),
      rowsPerSec: Math.round(N / (run.ms / 1000)),
      maxRssMb: run.maxRssMb === null ? null : round(run.maxRssMb),
      predicted: s.predicted,
      resamples: s.resamples,
    },
    ratio: round(ratio, 3),
    ratioWithoutMetrics: round(ratioWithoutMetrics, 3),
    export45: {
      members: 45,
      hidden: 16,
      k: K,
      runsMs: exportMs.map((x) => round(x)),
      medianMs: round(median(exportMs)),
      kB: round(size / 1000),
    },
    budget: BUDGET,
    withinBudget: {
      ratio: ratio >= BUDGET.ratio,
      ratioWithoutMetrics: ratioWithoutMetrics >= BUDGET.ratio,
      rss: run.maxRssMb !== null && run.maxRssMb <= BUDGET.rssMb,
      export: Math.max(...exportMs) <= BUDGET.exportMs,
    },
  };
  writeFileSync(path.join(DIR, 'report.json'), JSON.stringify(report, null, 2) + '\n');
  const ok = (b: boolean) => (b ? 'met' : 'NOT met');
  const rows: [string, string, string][] = [
    ['bare JSON.parse', `${report.bare.MBps} MB/s`, ''],
    [
      'cli apply, whole process',
      `${report.apply.MBps} MB/s`,
      `ratio ${report.ratio}; budget ≥ ${BUDGET.ratio}: ${ok(report.withinBudget.ratio)}`,
    ],
    [
      '  minus the metrics',
      `${report.apply.withoutMetricsMBps} MB/s`,
      `ratio ${report.ratioWithoutMetrics}; budget ≥ ${BUDGET.ratio}: ${ok(report.withinBudget.ratioWithoutMetrics)}`,
    ],
    ['  metrics (bootstrap)', `${round(metricsMs / 1000)} s`, `${String(s.resamples)} resamples of all labelled + test split`],
    [
      'cli apply peak RSS',
      report.apply.maxRssMb === null ? 'n/a' : `${report.apply.maxRssMb} MB`,
      `budget ≤ ${BUDGET.rssMb} MB: ${ok(report.withinBudget.rss)}`,
    ],
    [
      'export 45 members',
      `${report.export45.medianMs} ms`,
      `max ${round(Math.max(...exportMs))} ms, ${report.export45.kB} kB; budget ≤ ${BUDGET.exportMs} ms: ${ok(report.withinBudget.export)}`,
    ],
  ];
  const w0 = Math.max(...rows.map((r) => r[0].length));
  const w1 = Math.max(...rows.map((r) => r[1].length));
  for (const [a, b, c] of rows) console.log(`${a.padEnd(w0)}  ${b.padStart(w1)}  ${c}`);
  console.log(`load average before the child: ${report.loadAverageBefore} on ${report.cores} cores`);
  console.log(`wrote ${path.relative(process.cwd(), path.join(DIR, 'report.json'))}`);
}

await main();
