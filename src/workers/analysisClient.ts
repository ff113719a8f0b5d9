// Main-thread facade of the analysis worker. The input is built (and transferred) only when the
// worker does not already hold it under the same key; aborting asks the worker to stop between
// predictors, so it keeps the input for the next request (a split or seed change).
import type { AnalysisOptions, AnalysisReport, MetricCis, PredictionTable } from '../domain/analysis.ts';
import { transferablesOf, type AnalysisInput } from '../domain/analysisInput.ts';
import type { FromAnalysisWorker, ToAnalysisWorker } from './protocol.ts';
import { createWorkerRpc } from './workerRpc.ts';

export interface AnalysisJob {
  /** Point estimates of every predictor; the prediction table when the input was (re)sent, else null (unchanged). */
  onEstimates: (report: AnalysisReport, table: PredictionTable | null) => void;
  /** CIs of one predictor, by prompt and predictor position in the report. */
  onCis: (prompt: number, predictor: number, cis: MetricCis | null) => void;
  /** Share (0–1) of the bootstrap done, at most every 100 ms. */
  onProgress?: (share: number) => void;
  signal?: AbortSignal;
}

export interface AnalysisClient {
  /** Runs one analysis; `key` names the input (same key = same numbers), `build` makes it when needed. */
  analyze(key: string, build: () => Promise<AnalysisInput>, options: AnalysisOptions, job: AnalysisJob): Promise<void>;
}

export function createAnalysisClient(
  spawn: () => Worker = () => new Worker(new URL('./analysis.worker.ts', import.meta.url), { type: 'module' }),
): AnalysisClient {
  const rpc = createWorkerRpc<ToAnalysisWorker, FromAnalysisWorker>(spawn, 'analysis');
  let heldKey: string | null = null;

  const send = (key: string, input: AnalysisInput | null, options: AnalysisOptions, job: AnalysisJob) =>
    rpc.run<'done' | 'missing-input'>(
      { id: rpc.nextId(), type: 'analyze', key, input, options },
      (m, resolve) => {
        if (m.type === 'estimates') job.onEstimates(m.report, m.table);
        else if (m.type === 'cis') job.onCis(m.prompt, m.predictor, m.cis);
        else if (m.type === 'progress') job.onProgress?.(m.total > 0 ? m.done / m.total : 1);
        else if (m.type === 'done' || m.type === 'missing-input') resolve(m.type);
      },
      { signal: job.signal, transfer: input ? transferablesOf(input) : [], cancel: (id) => ({ id, type: 'cancel' }) },
    );

  return {
    async analyze(key, build, options, job) {
      if (heldKey === key && rpc.alive() && (await send(key, null, options, job)) === 'done') return;
      heldKey = key;
      const input = await build();
      job.signal?.throwIfAborted();
      await send(key, input, options, job);
    },
  };
}
