// The analysis worker's jobs run on this thread (node tests of the store): the same domain
// functions, no Worker. Keeps the input per key as the worker does; a comparison runs its
// bootstraps in slices with a task in between, so a test can abort it halfway.
import { applyCis, ciJobs, pointReport, predictionTable, prepareAnalysis, type PreparedAnalysis } from '../domain/analysis.ts';
import { availablePredictors, promptPosition, RankingJob, VersionCompareJob, compareContext } from '../domain/compare.ts';
import type { AnalysisInput } from '../domain/analysisInput.ts';
import type { AnalysisClient } from '../workers/analysisClient.ts';

/** Resamples per slice of a comparison's bootstrap. */
const COMPARE_SLICE = 50;

const nextTask = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

export interface InlineAnalyzer extends AnalysisClient {
  /** Inputs built so far (a new key, or the first request). */
  builds: number;
  /** Comparisons started so far. */
  compares: number;
}

export function createInlineAnalyzer(): InlineAnalyzer {
  let held: { key: string; prepared: PreparedAnalysis } | null = null;
  const hold = async (key: string, build: () => Promise<AnalysisInput>): Promise<{ prepared: PreparedAnalysis; fresh: boolean }> => {
    const fresh = held?.key !== key;
    if (fresh) {
      client.builds++;
      held = { key, prepared: prepareAnalysis(await build()) };
    }
    return { prepared: held!.prepared, fresh };
  };
  const client: InlineAnalyzer = {
    builds: 0,
    compares: 0,
    async analyze(key, build, options, job) {
      const { prepared, fresh } = await hold(key, build);
      const report = pointReport(prepared, options);
      job.onEstimates(report, fresh ? predictionTable(prepared) : null);
      for (const ci of ciJobs(prepared, options)) {
        await Promise.resolve();
        job.signal?.throwIfAborted();
        ci.bootstrap.step();
        applyCis(report, ci);
        for (const { prompt, predictor } of ci.members) job.onCis(prompt, predictor, report.prompts[prompt]!.predictors[predictor]!.cis);
      }
    },
    async compare(key, build, request, job) {
      client.compares++;
      const { prepared } = await hold(key, build);
      job.signal?.throwIfAborted();
      const { a, b, predictor, options } = request;
      const [posA, posB] = [promptPosition(prepared, a), promptPosition(prepared, b)];
      const pair = new VersionCompareJob(prepared, posA, posB, predictor, options);
      const ranking = new RankingJob(prepared, predictor, options);
      const p = pair.comparedPairs();
      const pairs = { index: p.index.slice(), target: p.target.slice(), a: p.a.slice(), b: p.b.slice() };
      job.onPoints(pair.points(), pairs, availablePredictors(prepared), ranking.points());
      const total = pair.resamples + ranking.total;
      const share = (done: number) => (total > 0 ? done / total : 1);
      for (;;) {
        await nextTask();
        job.signal?.throwIfAborted();
        if (pair.step(COMPARE_SLICE)) break;
        job.onProgress?.(share(pair.done), 'pair');
      }
      job.onCompared(pair.result(), pair.deltaSamples('ccc'));
      job.onContext?.(compareContext(prepared, posA, posB, predictor, options.split));
      for (;;) {
        await nextTask();
        job.signal?.throwIfAborted();
        if (ranking.step(COMPARE_SLICE)) break;
        job.onProgress?.(share(pair.resamples + ranking.done), 'ranking');
      }
      job.onRanked(ranking.result());
    },
  };
  return client;
}
