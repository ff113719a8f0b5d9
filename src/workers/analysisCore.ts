// The analysis worker's message handling (docs/ARCHITECTURE.md §5.3), apart from `self` so the node
// tests of the store run this very code (test/inlineAnalyzer.ts) and the entry, analysis.worker.ts,
// only wires it up: keeps the prepared predictions of the last input, answers each request with the
// point estimates at once, then the bootstrap CIs in slices of at most `sliceMs` (posting progress
// and yielding in between, so a `cancel` gets through). A `compare` request runs the Compare
// screen's jobs the same way: the point table at once, then the A-vs-B bootstrap, then the
// ranking's. Owns no statistics of its own (§5.1).
import { applyCis, ciJobs, pointReport, predictionTable, prepareAnalysis, type PreparedAnalysis } from '../domain/analysis.ts';
import { availablePredictors, compareContext, promptPosition, RankingJob, VersionCompareJob } from '../domain/compare.ts';
import type { AnalysisInput } from '../domain/analysisInput.ts';
import type { FromAnalysisWorker, ToAnalysisWorker } from './protocol.ts';

export interface AnalysisPacing {
  /** Resamples per bootstrap step. */
  stepResamples: number;
  /** The longest run of steps between two looks at the inbox (0: one step per look). */
  sliceMs: number;
  now(): number;
}

/** The worker's: 5 resamples a step, a look at the inbox every 100 ms. */
export const WORKER_PACING: AnalysisPacing = { stepResamples: 5, sliceMs: 100, now: () => performance.now() };

const nextTask = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/** The handler of every message the analysis worker gets; `post` sends the replies. */
export function createAnalysisHandler(
  post: (m: FromAnalysisWorker, transfer?: Transferable[]) => void,
  { stepResamples, sliceMs, now }: AnalysisPacing = WORKER_PACING,
): (msg: ToAnalysisWorker) => void {
  let held: { key: string; prepared: PreparedAnalysis } | null = null;
  const cancelled = new Set<number>();

  /** The prepared input of the message's key (kept for the next request), or null after answering `missing-input`. */
  function preparedFor(msg: { id: number; key: string; input: AnalysisInput | null }): PreparedAnalysis | null {
    if (msg.input) held = { key: msg.key, prepared: prepareAnalysis(msg.input) };
    if (!held || held.key !== msg.key) {
      post({ id: msg.id, type: 'missing-input' });
      return null;
    }
    return held.prepared;
  }

  /**
   * Steps `step` in slices of at most `sliceMs`, yielding to the inbox between slices and posting
   * progress; false when the job was cancelled meanwhile.
   */
  async function runSliced(id: number, step: () => boolean, onProgress: () => void): Promise<boolean> {
    for (;;) {
      const t0 = now();
      let finished = false;
      while (!(finished = step()) && now() - t0 < sliceMs);
      if (finished) return true;
      await nextTask();
      if (cancelled.delete(id)) return false;
      onProgress();
    }
  }

  async function analyze(msg: Extract<ToAnalysisWorker, { type: 'analyze' }>): Promise<void> {
    const fresh = msg.input !== null;
    const prepared = preparedFor(msg);
    if (!prepared) return;
    const report = pointReport(prepared, msg.options);
    post({ id: msg.id, type: 'estimates', report, table: fresh ? predictionTable(prepared) : null });
    const jobs = ciJobs(prepared, msg.options);
    const total = jobs.reduce((s, j) => s + j.bootstrap.resamples, 0);
    let before = 0;
    for (const job of jobs) {
      const progress = () => post({ id: msg.id, type: 'progress', done: before + job.bootstrap.done, total });
      if (!(await runSliced(msg.id, () => job.bootstrap.step(stepResamples), progress))) return;
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

  async function compare(msg: Extract<ToAnalysisWorker, { type: 'compare' }>): Promise<void> {
    const prepared = preparedFor(msg);
    if (!prepared) return;
    const { a, b, predictor, options } = msg.request;
    const [posA, posB] = [promptPosition(prepared, a), promptPosition(prepared, b)];
    const pair = new VersionCompareJob(prepared, posA, posB, predictor, options);
    const ranking = new RankingJob(prepared, predictor, options);
    const { index, target, a: predA, b: predB } = pair.comparedPairs();
    const pairs = { index: index.slice(), target: target.slice(), a: predA.slice(), b: predB.slice() };
    post(
      {
        id: msg.id,
        type: 'compare-points',
        points: pair.points(),
        pairs,
        predictors: availablePredictors(prepared),
        ranking: ranking.points(),
      },
      [pairs.index.buffer, pairs.target.buffer, pairs.a.buffer, pairs.b.buffer],
    );
    const total = pair.resamples + ranking.total;
    await nextTask();
    if (cancelled.delete(msg.id)) return;

    const pairProgress = () => post({ id: msg.id, type: 'compare-progress', phase: 'pair', done: pair.done, total });
    if (!(await runSliced(msg.id, () => pair.step(stepResamples), pairProgress))) return;
    const deltaCcc = pair.deltaSamples('ccc');
    post({ id: msg.id, type: 'compared', comparison: pair.result(), deltaCcc }, [deltaCcc.buffer]);
    await nextTask();
    if (cancelled.delete(msg.id)) return;
    // The charts' and the reflection pack's data after the table's intervals: at 20 versions × 100
    // rollouts × 100k examples the diagnostics take seconds, and the table comes first.
    const context = compareContext(prepared, posA, posB, predictor, options.split);
    post({ id: msg.id, type: 'compare-context', context }, [
      context.targets.buffer,
      ...(context.a ? [context.a.buffer] : []),
      ...(context.b ? [context.b.buffer] : []),
    ]);
    await nextTask();
    if (cancelled.delete(msg.id)) return;

    const rankProgress = () => post({ id: msg.id, type: 'compare-progress', phase: 'ranking', done: pair.resamples + ranking.done, total });
    if (!(await runSliced(msg.id, () => ranking.step(stepResamples), rankProgress))) return;
    post({ id: msg.id, type: 'ranked', ranking: ranking.result() });
    post({ id: msg.id, type: 'done' });
  }

  const fail = (id: number) => (err: unknown) => post({ id, type: 'error', message: err instanceof Error ? err.message : String(err) });

  return (msg: ToAnalysisWorker) => {
    switch (msg.type) {
      case 'cancel':
        cancelled.add(msg.id);
        return;
      case 'analyze':
        analyze(msg).catch(fail(msg.id));
        return;
      case 'compare':
        compare(msg).catch(fail(msg.id));
        return;
      default: {
        const never: never = msg;
        throw new Error(`unknown message ${JSON.stringify(never)}`);
      }
    }
  };
}
