// The analysis worker on this thread, for node tests of the store: the app's own client
// (workers/analysisClient.ts) talking to the worker's own handler (workers/analysisCore.ts) through
// an in-thread Worker (inlineWorker.ts). Only the pacing differs: one step of 50 resamples between
// two looks at the inbox, so a test can cancel a bootstrap halfway.
import { createAnalysisClient, type AnalysisClient } from '../workers/analysisClient.ts';
import { createAnalysisHandler } from '../workers/analysisCore.ts';
import type { FromAnalysisWorker, ToAnalysisWorker } from '../workers/protocol.ts';
import { inlineWorkers } from './inlineWorker.ts';

export interface InlineAnalyzer extends AnalysisClient {
  /** Inputs built so far (a new key, or the worker no longer holds it). */
  builds: number;
  /** Comparisons started so far. */
  compares: number;
}

export function createInlineAnalyzer(): InlineAnalyzer {
  const client = createAnalysisClient(
    inlineWorkers<ToAnalysisWorker, FromAnalysisWorker>((post) =>
      createAnalysisHandler(post, { stepResamples: 50, sliceMs: 0, now: () => performance.now() }),
    ),
  );
  const inline: InlineAnalyzer = {
    builds: 0,
    compares: 0,
    analyze(key, build, options, job) {
      return client.analyze(key, () => (inline.builds++, build()), options, job);
    },
    compare(key, build, request, job) {
      inline.compares++;
      return client.compare(key, () => (inline.builds++, build()), request, job);
    },
  };
  return inline;
}
