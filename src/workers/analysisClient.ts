// Main-thread facade of the analysis worker. The input is built (and transferred) only when the
// worker does not already hold it under the same key; aborting asks the worker to stop between
// predictors, so it keeps the input for the next request (a split or seed change). Comparisons
// (Compare screen) use the same worker and the same held input.
import type { AnalysisOptions, AnalysisReport, MetricCis, PredictionTable } from '../domain/analysis.ts';
import { transferablesOf, type AnalysisInput } from '../domain/analysisInput.ts';
import type { PredictorId } from '../domain/baselines.ts';
import type { ComparedPairs, CompareContext, ComparisonPoints, VersionComparison, VersionRanking } from '../domain/compare.ts';
import type { ComparePhase, CompareRequest, FromAnalysisWorker, ToAnalysisWorker } from './protocol.ts';
import { spawnAnalysisWorker } from './spawnWorker.ts';
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

/** Callbacks of one comparison (Compare screen), in the order the worker answers. */
export interface CompareJob {
  /** The point table, the compared examples (target and A/B predictions), every predictor offered, the ranking's point values. */
  onPoints: (points: ComparisonPoints, pairs: ComparedPairs, predictors: PredictorId[], ranking: VersionRanking) => void;
  /** Right after the points: the versions' rollout diagnostics, the full-length targets and A/B predictions. */
  onContext?: (context: CompareContext) => void;
  /** The A-vs-B table with intervals and verdicts, and Δ CCC (B − A) per resample. */
  onCompared: (comparison: VersionComparison, deltaCcc: Float64Array) => void;
  /** The ranking with its intervals. */
  onRanked: (ranking: VersionRanking) => void;
  /** Share (0–1) of both bootstraps done, and which one is running, at most every 100 ms. */
  onProgress?: (share: number, phase: ComparePhase) => void;
  signal?: AbortSignal;
}

export interface AnalysisClient {
  /** Runs one analysis; `key` names the input (same key = same numbers), `build` makes it when needed. */
  analyze(key: string, build: () => Promise<AnalysisInput>, options: AnalysisOptions, job: AnalysisJob): Promise<void>;
  /** Runs one comparison of two prompt versions and the ranking of all, on the input named `key` (held as for `analyze`). */
  compare(key: string, build: () => Promise<AnalysisInput>, request: CompareRequest, job: CompareJob): Promise<void>;
}

type Send = (input: AnalysisInput | null) => Promise<'done' | 'missing-input'>;

export function createAnalysisClient(spawn: () => Worker = spawnAnalysisWorker): AnalysisClient {
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

  const sendCompare = (key: string, input: AnalysisInput | null, request: CompareRequest, job: CompareJob) =>
    rpc.run<'done' | 'missing-input'>(
      { id: rpc.nextId(), type: 'compare', key, input, request },
      (m, resolve) => {
        if (m.type === 'compare-points') job.onPoints(m.points, m.pairs, m.predictors, m.ranking);
        else if (m.type === 'compare-context') job.onContext?.(m.context);
        else if (m.type === 'compare-progress') job.onProgress?.(m.total > 0 ? m.done / m.total : 1, m.phase);
        else if (m.type === 'compared') job.onCompared(m.comparison, m.deltaCcc);
        else if (m.type === 'ranked') job.onRanked(m.ranking);
        else if (m.type === 'done' || m.type === 'missing-input') resolve(m.type);
      },
      { signal: job.signal, transfer: input ? transferablesOf(input) : [], cancel: (id) => ({ id, type: 'cancel' }) },
    );

  /** Sends without the input when the worker should hold it; builds and sends it when not (or when the worker lost it). */
  async function withInput(key: string, build: () => Promise<AnalysisInput>, signal: AbortSignal | undefined, send: Send) {
    if (heldKey === key && rpc.alive() && (await send(null)) === 'done') return;
    heldKey = key;
    const input = await build();
    signal?.throwIfAborted();
    await send(input);
  }

  return {
    analyze: (key, build, options, job) => withInput(key, build, job.signal, (input) => send(key, input, options, job)),
    compare: (key, build, request, job) => withInput(key, build, job.signal, (input) => sendCompare(key, input, request, job)),
  };
}
