// Import throughput (docs/ARCHITECTURE.md §15.1): our streaming importer vs a bare JSON.parse of every line of the
// same ~50 MB canonical JSONL, in one run, 3× each (interleaved), from the same in-memory bytes.
// Prints MB/s (MB = 10^6 bytes) and the ratio ours/bare; writes bench/out/import.json.
import { readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { importBlob } from '../src/io/importDataset.ts';
import { ensureCanonicalFile, OUT_DIR } from './benchData.ts';

const RUNS = 3;
/** docs/ARCHITECTURE.md §15.1: the import runs at ≥ 50% of a bare JSON.parse. */
const BUDGET_RATIO = 0.5;

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

/** The floor: decode, split into lines, JSON.parse each one, keep nothing. */
function bareParse(buf: Uint8Array): number {
  const lines = new TextDecoder().decode(buf).split('\n');
  let n = 0;
  for (const line of lines) {
    if (line.length === 0) continue;
    if (JSON.parse(line) !== null) n++;
  }
  return n;
}

async function ours(blob: Blob, name: string): Promise<{ examples: number; rejected: number }> {
  let examples = 0;
  const draft = await importBlob(blob, name, { format: 'canonical' }, { onExamples: (batch) => (examples += batch.length) });
  return { examples, rejected: draft.rejectedCount };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const round = (x: number, d = 1) => Math.round(x * 10 ** d) / 10 ** d;

async function main(): Promise<void> {
  const t0 = performance.now();
  const { file, bytes } = await ensureCanonicalFile();
  console.log(
    `data: ${path.relative(process.cwd(), file)} (${round(bytes / 1e6)} MB, ready in ${round((performance.now() - t0) / 1000)} s)`,
  );
  const buf = readFileSync(file);
  const blob = new Blob([buf]);
  const name = path.basename(file);

  const bareMs: number[] = [];
  const oursMs: number[] = [];
  let lines = 0;
  let result = { examples: 0, rejected: 0 };
  for (let i = 0; i < RUNS; i++) {
    gc();
    let t = performance.now();
    lines = bareParse(buf);
    bareMs.push(performance.now() - t);
    gc();
    t = performance.now();
    result = await ours(blob, name);
    oursMs.push(performance.now() - t);
    console.log(`run ${i + 1}: bare ${round(bareMs[i]!)} ms, ours ${round(oursMs[i]!)} ms`);
  }
  if (result.rejected !== 0 || result.examples !== lines - 1) {
    throw new Error(`importer read ${result.examples} examples (${result.rejected} rejected) from ${lines} lines (1 header)`);
  }

  const mbps = (ms: number) => bytes / 1e6 / (ms / 1000);
  const bare = mbps(median(bareMs));
  const oursMbps = mbps(median(oursMs));
  const ratio = oursMbps / bare;
  const report = {
    bench: 'import',
    date: new Date().toISOString(),
    node: process.version,
    cpu: os.cpus()[0]?.model ?? 'unknown',
    cores: os.cpus().length,
    file: path.basename(file),
    bytes,
    examples: result.examples,
    runs: RUNS,
    bareMs: bareMs.map((x) => round(x)),
    oursMs: oursMs.map((x) => round(x)),
    bareMBps: round(bare),
    oursMBps: round(oursMbps),
    oursExamplesPerSec: Math.round(result.examples / (median(oursMs) / 1000)),
    ratio: round(ratio, 3),
    budgetRatio: BUDGET_RATIO,
    withinBudget: ratio >= BUDGET_RATIO,
  };
  writeFileSync(path.join(OUT_DIR, 'import.json'), JSON.stringify(report, null, 2) + '\n');
  console.log(`bare JSON.parse: ${report.bareMBps} MB/s (median of ${RUNS})`);
  console.log(`importBlob:      ${report.oursMBps} MB/s, ${report.oursExamplesPerSec} examples/s (median of ${RUNS})`);
  console.log(`ratio ours/bare: ${report.ratio} (budget ≥ ${BUDGET_RATIO}: ${report.withinBudget ? 'met' : 'NOT met'})`);
  console.log(`wrote ${path.relative(process.cwd(), path.join(OUT_DIR, 'import.json'))}`);
}

await main();
