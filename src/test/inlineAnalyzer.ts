// The analysis worker's job run on this thread (node tests of the store): the same domain
// functions, no Worker. Keeps the input per key as the worker does.
import { applyCis, ciJobs, pointReport, predictionTable, prepareAnalysis, type PreparedAnalysis } from '../domain/analysis.ts';
import type { AnalysisClient } from '../workers/analysisClient.ts';

export function createInlineAnalyzer(): AnalysisClient & { builds: number } {
  let held: { key: string; prepared: PreparedAnalysis } | null = null;
  const client = {
    builds: 0,
    async analyze(key, build, options, job) {
      const fresh = held?.key !== key;
      if (fresh) {
        client.builds++;
        held = { key, prepared: prepareAnalysis(await build()) };
      }
      const { prepared } = held!;
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
  } satisfies AnalysisClient & { builds: number };
  return client;
}
