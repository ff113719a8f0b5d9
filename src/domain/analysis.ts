// The Analyze report (docs/ARCHITECTURE.md §8.5): every predictor of every prompt version scored against the
// effective targets of one split, with bootstrap CIs. One function for the worker, the CLI and
// the tests. Pure. Predictions do not depend on the split (regressions are always fitted on
// train), so they are computed once and reused when the split changes.
import { inSplit, type AnalysisInput, type PromptRollouts } from './analysisInput.ts';
import { baselinePredictions, predictorInfo, type Prediction, type PredictorId, type SkippedPredictor } from './baselines.ts';
import { diagnose, type Diagnostic } from './diagnostics.ts';
import { MomentBootstrap, type Interval } from './metrics/bootstrap.ts';
import type { MomentMetricName } from './metrics/moments.ts';
import { computeMetrics, type MetricReasons, type MetricSet } from './metrics/pairwise.ts';
import { identicalRolloutShare, rolloutSpread } from './metrics/rolloutStats.ts';
import type { Split } from './types.ts';

export type SplitChoice = Split | 'all';
export const SPLIT_CHOICES: readonly SplitChoice[] = ['train', 'val', 'test', 'all'];

export interface AnalysisOptions {
  split: SplitChoice;
  /** Seed of the bootstrap; every predictor uses the same resamples (paired by construction). */
  seed: number;
  /** Bootstrap resamples; 0 skips the intervals. */
  resamples: number;
}

export const DEFAULT_ANALYSIS_OPTIONS: AnalysisOptions = { split: 'test', seed: 0, resamples: 1000 };

export type MetricCis = Record<MomentMetricName, Interval | null>;

export interface PredictorReport {
  id: PredictorId;
  /** Examples of the split with both a target and a prediction. */
  n: number;
  metrics: MetricSet;
  reasons: MetricReasons;
  /** Bootstrap 95% CIs; `null` until computed (or when resamples = 0). */
  cis: MetricCis | null;
  inSample: boolean;
  diagnostics: Diagnostic[];
}

export interface PromptReport {
  prompt: string;
  /** Most common number of rollouts per example in the split (ties → the larger); null without rollouts. */
  rolloutsPerExample: number | null;
  /** Examples of the split with at least one rollout of this prompt. */
  withRollouts: number;
  /** Share of examples (with ≥ 2 rollouts) whose rollouts are all identical. */
  identicalShare: number | null;
  /** Mean within-example population sd of the rollout scores. */
  spread: number | null;
  predictors: PredictorReport[];
  skipped: SkippedPredictor[];
}

export interface AnalysisReport {
  split: SplitChoice;
  seed: number;
  resamples: number;
  /** Examples in the split. */
  examples: number;
  /** Examples in the split with an effective target. */
  labelled: number;
  prompts: PromptReport[];
}

/** Split-independent part: the predictions of every prompt version. */
export interface PreparedAnalysis {
  input: AnalysisInput;
  prompts: { rollouts: PromptRollouts; predictions: Prediction[]; skipped: SkippedPredictor[] }[];
}

export function prepareAnalysis(input: AnalysisInput): PreparedAnalysis {
  return { input, prompts: input.prompts.map((p) => ({ rollouts: p, ...baselinePredictions(input, p) })) };
}

/** What the charts need from a prepared analysis: targets, splits and every prediction (by prompt, then predictor). */
export interface PredictionTable {
  n: number;
  targets: Float64Array;
  splits: Uint8Array;
  predictions: Prediction[][];
}

export function predictionTable(prepared: PreparedAnalysis): PredictionTable {
  const { n, targets, splits } = prepared.input;
  return { n, targets, splits, predictions: prepared.prompts.map((p) => p.predictions) };
}

/** The examples of `split` where both the prediction and the target are finite, gathered. */
export interface EvaluatedPairs {
  pred: Float64Array;
  target: Float64Array;
  /** Example index of each pair. */
  index: Int32Array;
}

export function evaluatedPairs(
  input: Pick<AnalysisInput, 'n' | 'targets' | 'splits'>,
  values: Float64Array,
  split: SplitChoice,
): EvaluatedPairs {
  const index: number[] = [];
  for (let e = 0; e < input.n; e++) {
    if (inSplit(input, e, split) && Number.isFinite(values[e]!) && Number.isFinite(input.targets[e]!)) index.push(e);
  }
  const pred = new Float64Array(index.length);
  const target = new Float64Array(index.length);
  index.forEach((e, i) => {
    pred[i] = values[e]!;
    target[i] = input.targets[e]!;
  });
  return { pred, target, index: Int32Array.from(index) };
}

function rolloutShape(input: AnalysisInput, p: PromptRollouts, split: SplitChoice) {
  const perExample: Float64Array[] = [];
  const countOf = new Map<number, number>();
  for (let e = 0; e < input.n; e++) {
    if (!inSplit(input, e, split)) continue;
    const a = p.offsets[e]!;
    const b = p.offsets[e + 1]!;
    if (b === a) continue;
    perExample.push(p.scores.subarray(a, b));
    countOf.set(b - a, (countOf.get(b - a) ?? 0) + 1);
  }
  let mode: number | null = null;
  let best = 0;
  for (const [k, c] of countOf) if (c > best || (c === best && mode !== null && k > mode)) [mode, best] = [k, c];
  return {
    rolloutsPerExample: mode,
    withRollouts: perExample.length,
    identicalShare: identicalRolloutShare(perExample),
    spread: rolloutSpread(perExample),
  };
}

/** Point estimates of every predictor (no CIs: `cis` is null). Fast: O(n log n) per predictor. */
export function pointReport(prepared: PreparedAnalysis, options: AnalysisOptions): AnalysisReport {
  const { input } = prepared;
  let examples = 0;
  let labelled = 0;
  for (let e = 0; e < input.n; e++) {
    if (!inSplit(input, e, options.split)) continue;
    examples++;
    if (Number.isFinite(input.targets[e]!)) labelled++;
  }
  const prompts = prepared.prompts.map(({ rollouts, predictions, skipped }): PromptReport => {
    const shape = rolloutShape(input, rollouts, options.split);
    return {
      prompt: rollouts.prompt,
      ...shape,
      skipped,
      predictors: predictions.map((pr) => {
        const { pred, target } = evaluatedPairs(input, pr.values, options.split);
        const { metrics, reasons } = computeMetrics(pred, target);
        const inSample = predictorInfo(pr.id).fitted && (options.split === 'train' || options.split === 'all');
        return {
          id: pr.id,
          n: metrics.n,
          metrics,
          reasons,
          cis: null,
          inSample,
          diagnostics: diagnose(metrics, { scale: input.scale, identicalShare: shape.identicalShare, inSample }),
        };
      }),
    };
  });
  return { split: options.split, seed: options.seed, resamples: options.resamples, examples, labelled, prompts };
}

/** Predictors (by prompt and predictor position in the report) whose CIs one bootstrap computes. */
export interface CiJob {
  members: { prompt: number; predictor: number }[];
  bootstrap: MomentBootstrap;
}

function sameIndex(a: Int32Array, b: Int32Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * The bootstrap work of a report: predictors evaluated on the same examples share one bootstrap
 * (the same resamples; drawing them costs more than a pass over the data). The heavy part:
 * O(resamples · n) per job; run `job.bootstrap.step()` in slices to stay responsive. Every
 * predictor gets the resamples it would get alone with the same seed, so results do not depend
 * on the grouping. Empty when `resamples` is 0.
 */
export function ciJobs(prepared: PreparedAnalysis, options: AnalysisOptions): CiJob[] {
  if (options.resamples <= 0) return [];
  const groups: { index: Int32Array; target: Float64Array; preds: Float64Array[]; members: CiJob['members'] }[] = [];
  prepared.prompts.forEach((p, prompt) =>
    p.predictions.forEach((pr, predictor) => {
      const pairs = evaluatedPairs(prepared.input, pr.values, options.split);
      let g = groups.find((x) => sameIndex(x.index, pairs.index));
      if (!g) groups.push((g = { index: pairs.index, target: pairs.target, preds: [], members: [] }));
      g.preds.push(pairs.pred);
      g.members.push({ prompt, predictor });
    }),
  );
  return groups.map((g) => ({
    members: g.members,
    bootstrap: new MomentBootstrap(g.preds, g.target, { seed: options.seed, resamples: options.resamples }),
  }));
}

/** Puts the CIs of a finished job into the report (mutates it). */
export function applyCis(report: AnalysisReport, job: CiJob): void {
  const intervals = job.bootstrap.intervals();
  job.members.forEach(({ prompt, predictor }, i) => (report.prompts[prompt]!.predictors[predictor]!.cis = intervals[i]!));
}

/** The whole report with CIs, synchronously (CLI, tests). */
export function analyze(input: AnalysisInput, options: AnalysisOptions): AnalysisReport {
  const prepared = prepareAnalysis(input);
  const report = pointReport(prepared, options);
  for (const job of ciJobs(prepared, options)) {
    job.bootstrap.step();
    applyCis(report, job);
  }
  return report;
}
