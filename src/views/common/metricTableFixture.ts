// Small hand-made Analyze reports for the metric table's tests: two or three prompt versions whose
// predictors have chosen metric values, so which cell is best and how a column sorts are known.
import type { AnalysisReport, PredictorReport, PromptReport } from '../../domain/analysis.ts';
import type { PredictorId, SkippedPredictor } from '../../domain/baselines.ts';
import { emptyMetricSet, type MetricSet } from '../../domain/metrics/pairwise.ts';

const NO_METRICS: MetricSet = emptyMetricSet(40, 5);

export function predictorRow(id: PredictorId, metrics: Partial<MetricSet>, over: Partial<PredictorReport> = {}): PredictorReport {
  return { id, n: 40, metrics: { ...NO_METRICS, ...metrics }, reasons: {}, cis: null, inSample: false, diagnostics: [], ...over };
}

export function promptReport(prompt: string, predictors: PredictorReport[], skipped: SkippedPredictor[] = []): PromptReport {
  return { prompt, rolloutsPerExample: 3, withRollouts: 40, identicalShare: 0.1, spread: 0.5, predictors, skipped };
}

export function report(prompts: PromptReport[], over: Partial<AnalysisReport> = {}): AnalysisReport {
  return { split: 'test', seed: 0, resamples: 1000, examples: 40, labelled: 40, prompts, ...over };
}

const NO_LOGPROBS: SkippedPredictor = { id: 'rail', reason: 'no rollout of this prompt carries logprobs' };

/**
 * v1 and v2, three predictors each, RAIL skipped for both. CCC best: v2 · Median (0.8); NMSE best:
 * v1 · Mean (0.2); bias best: v2 · Mean and v1 · First (±0.05); σ ratio best: v1 · Median (1.02).
 */
export const TWO_PROMPTS = report([
  promptReport(
    'v1',
    [
      predictorRow('mean', { ccc: 0.7, nmse: 0.2, bias: 0.3, dispersion: 0.8 }),
      predictorRow('median', { ccc: 0.6, nmse: 0.5, bias: -0.2, dispersion: 1.02 }, { n: 38 }),
      predictorRow('first', { ccc: null, nmse: 0.9, bias: -0.05, dispersion: 1.2 }),
    ],
    [NO_LOGPROBS],
  ),
  promptReport(
    'v2',
    [
      predictorRow('mean', { ccc: 0.75, nmse: 0.3, bias: 0.05, dispersion: 0.7 }),
      predictorRow('median', { ccc: 0.8, nmse: 0.25, bias: 0.1, dispersion: 0.9 }),
      predictorRow('first', { ccc: 0.5, nmse: 0.6, bias: 0.4, dispersion: 1.3 }),
    ],
    [NO_LOGPROBS],
  ),
]);
