// Analysis worker entry: keeps the prepared predictions of the last input, answers each request
// with the point estimates at once, then the bootstrap CIs in slices of at most 100 ms (posting
// progress and yielding in between, so a `cancel` gets through). Owns no statistics of its own (docs/ARCHITECTURE.md §5.1).
/// <reference lib="webworker" />
import { applyCis, ciJobs, pointReport, predictionTable, prepareAnalysis, type PreparedAnalysis } from '../domain/analysis.ts';
import type { FromAnalysisWorker, ToAnalysisWorker } from './protocol.ts';

declare const self: DedicatedWorkerGlobalScope;

const post = (m: FromAnalysisWorker) => self.postMessage(m);
const nextTask = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

let held: { key: string; prepared: PreparedAnalysis } | null = null;
const cancelled = new Set<number>();

/** Resamples per bootstrap step, and the longest run of steps between two looks at the inbox. */
const STEP_RESAMPLES = 5;
const SLICE_MS = 100;

async function analyze(msg: Extract<ToAnalysisWorker, { type: 'analyze' }>): Promise<void> {
  const fresh = msg.input !== null;
  if (msg.input) held = { key: msg.key, prepared: prepareAnalysis(msg.input) };
  if (!held || held.key !== msg.key) {
    post({ id: msg.id, type: 'missing-input' });
    return;
  }
  const { prepared } = held;
  const report = pointReport(prepared, msg.options);
  post({ id: msg.id, type: 'estimates', report, table: fresh ? predictionTable(prepared) : null });
  const jobs = ciJobs(prepared, msg.options);
  const total = jobs.reduce((s, j) => s + j.bootstrap.resamples, 0);
  let before = 0;
  for (const job of jobs) {
    for (;;) {
      const t0 = performance.now();
      let finished = false;
      while (!(finished = job.bootstrap.step(STEP_RESAMPLES)) && performance.now() - t0 < SLICE_MS);
      if (finished) break;
      await nextTask();
      if (cancelled.delete(msg.id)) return;
      post({ id: msg.id, type: 'progress', done: before + job.bootstrap.done, total });
    }
    before += job.bootstrap.resamples;
    applyCis(report, job);
    for (const { prompt, predictor } of job.members) {
      post({ id: msg.id, type: 'cis', prompt, predictor, cis: report.prompts[prompt]!.predictors[predictor]!.cis });
    }
    await nextTask();
    if (cancelled.delete(msg.id)) return;
  }
  post({ id: msg.id, type: 'done' });
}

self.onmessage = (e: MessageEvent<ToAnalysisWorker>) => {
  const msg = e.data;
  switch (msg.type) {
    case 'cancel':
      cancelled.add(msg.id);
      return;
    case 'analyze':
      analyze(msg).catch((err: unknown) => {
        post({ id: msg.id, type: 'error', message: err instanceof Error ? err.message : String(err) });
      });
      return;
    default: {
      const never: never = msg;
      throw new Error(`unknown message ${JSON.stringify(never)}`);
    }
  }
};
