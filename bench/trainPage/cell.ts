// One benchmark cell, the same code in node (onnxruntime-node) and in the bench page's worker
// (onnxruntime-web WASM): builds the batch, creates the BatchTrainer (not timed beyond `createMs`),
// runs WARMUP runs whose losses are kept for the node ↔ WASM comparison, then times runs.
import { BatchTrainer, type ExecutionProvider, type OrtRuntime } from '../../src/calibrator/engine.ts';
import { checksum, H, makeData, makeModels, STEPS } from './data.ts';

export const WARMUP = 2;

/** When to stop timing a cell: at least MIN_RUNS runs and MIN_MS in total, unless CAP_MS is spent after CAP_MIN_RUNS runs. */
export const TIMING = { minRuns: 5, minMs: 300, capMinRuns: 3, capMs: 2000 };

export interface CellConfig {
  n: number;
  b: number;
}

export interface CellResult extends CellConfig {
  steps: number;
  /** Session creation (graph build + InferenceSession.create). */
  createMs: number;
  runs: number;
  /** Median ms of one `run()` (B models × `steps` epochs, outputs read back). */
  msPerRun: number;
  /** msPerRun / (B × steps). */
  msPerModelEpoch: number;
  /** Losses of the warm-up runs, [WARMUP][B × steps], flattened run-major. */
  warmupLoss: number[];
  checksum: number;
}

export function median(values: readonly number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** Times `once` (returns nothing) by the TIMING rule; the median ms of one call. */
export async function timeRepeated(once: () => unknown): Promise<{ runs: number; median: number }> {
  const times: number[] = [];
  let total = 0;
  while (times.length < TIMING.minRuns || total < TIMING.minMs) {
    if (times.length >= TIMING.capMinRuns && total >= TIMING.capMs) break;
    const t0 = performance.now();
    await once();
    const ms = performance.now() - t0;
    times.push(ms);
    total += ms;
  }
  return { runs: times.length, median: median(times) };
}

export async function runCell(ort: OrtRuntime, provider: ExecutionProvider, { n, b }: CellConfig): Promise<CellResult> {
  const data = makeData(n);
  const models = makeModels(n, b);
  const t0 = performance.now();
  const trainer = await BatchTrainer.create(ort, data, models, { h: H, steps: STEPS, provider });
  const createMs = performance.now() - t0;
  try {
    const warmupLoss: number[] = [];
    for (let i = 0; i < WARMUP; i++) warmupLoss.push(...(await trainer.run()).loss);
    const { runs, median: msPerRun } = await timeRepeated(() => trainer.run());
    return {
      n,
      b,
      steps: STEPS,
      createMs,
      runs,
      msPerRun,
      msPerModelEpoch: msPerRun / (b * STEPS),
      warmupLoss,
      checksum: checksum(data, models),
    };
  } finally {
    await trainer.release();
  }
}
