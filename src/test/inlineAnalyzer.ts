// The analysis worker's job run on this thread (node tests of the store): the same domain
// functions, no Worker. Keeps the input per key as the worker does.
import { pointReport, predictionTable, predictorCis, prepareAnalysis, type PreparedAnalysis } from '../domain/analysis.ts';
import type { AnalysisClient } from '../workers/analysisClient.ts';

export function createInlineAnalyzer(): AnalysisClient & { builds: number } {
  let held: { key: string; prepared: PreparedAnalysis } | null = null;
  const client = {
    builds: 0,
    async analyze(key, build, options, job) {
      const fresh = held?.key !== key;
      if (fresh) {
        client.builds++;
        held = { key, prepared: prepareAnalysis(build()) };
      }
      const { prepared } = held!;
      const report = pointReport(prepared, options);
      job.onEstimates(report, fresh ? predictionTable(prepared) : null);
      for (let pi = 0; pi < report.prompts.length; pi++) {
        for (let ri = 0; ri < report.prompts[pi]!.predictors.length; ri++) {
          await Promise.resolve();
          if (job.signal?.aborted) throw job.signal.reason;
          job.onCis(pi, ri, predictorCis(prepared, options, pi, ri));
        }
      }
    },
  } satisfies AnalysisClient & { builds: number };
  return client;
}
