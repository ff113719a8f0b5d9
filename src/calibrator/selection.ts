// Which calibrator a training run keeps (issue 15, docs/ARCHITECTURE.md §9.10): every candidate —
// the baselines, the score-only MLP the trainer just cross-validated, and the text ridge when the
// prompt version has reasoning — predicts every dev example out of fold on the same folds; the
// lowest out-of-fold loss at the operating point wins, so nothing is kept that its own out-of-fold
// estimate says is worse than a baseline. The test split decides nothing; its point metrics are
// reported beside. Pure; no DOM.
import type { AnalysisInput } from '../domain/analysisInput.ts';
import { baselinePredictions } from '../domain/baselines.ts';
import { ccc, nmse } from '../domain/metrics/pairwise.ts';
import { fitIsotonic, fitLinear, predictRegression, type IsotonicFit, type LinearFit } from '../domain/regression.ts';
import { SPLITS } from '../domain/types.ts';
import { baselineCandidates, chooseCandidate, scoreCandidate, type LossWeights } from './candidates.ts';
import { configLabel, trainOutcome, type CandidateResult, type Selection, type TrainOutcome } from './report.ts';
import { trainMultiVersion, type MultiVersionRun } from './multiVersion.ts';
import { stackPlan } from './stacking.ts';
import { trainTextRidge, type TextRidgeRun } from './textCandidate.ts';
import { hashNgrams } from './textFeatures.ts';
import { carriesReasoning } from './textInput.ts';
import type { HashedCounts, PromptTexts, TextFeaturizerSpec } from './textModel.ts';
import type { TrainPlan, TrainResult } from './trainer.ts';

export interface SelectionOptions {
  weights: LossWeights;
  /** The text featuriser; null leaves the text candidate out. */
  text: TextFeaturizerSpec | null;
  /** A candidate id the user picked from the frontier instead of the lowest loss; absent or 'auto' = the lowest. */
  keep?: string;
  /** Also try the multi-version ridge on the scores of every prompt version (multiVersion.ts); off by default: deploying it means running them all. */
  multiVersion?: boolean;
}

export type { CandidateResult, Selection } from './report.ts';

/** The user picked a candidate that did not take part. */
export class CandidateError extends Error {}

/**
 * What a training job asks of the choice: the reasoning of the prompt version (null: not at hand) and
 * the options. The app sends no text: `storedTexts` names the stored dataset whose chunks the
 * training worker reads and counts itself (workers/storedReasoning.ts), so the page never holds it.
 */
export interface SelectionRequest {
  texts: PromptTexts | null;
  /** The id of the stored dataset that holds the reasoning, when `texts` is null and the worker reads it. */
  storedTexts?: string | null;
  options: SelectionOptions;
}

/** The reasoning of the plan's prompt version, hashed a part at a time as it was read (NgramHasher). */
export interface CountedReasoning {
  counts: HashedCounts;
  /** Whether any rollout carried reasoning (`carriesReasoning`: a text not blank). */
  carried: boolean;
}

/** The text ridge of a run, trained before the MLPs (the stacked MLP reads it), or why it did not take part. */
export interface TextStage {
  run: TextRidgeRun | null;
  /** Why the text candidates did not take part, in words; null when they did. */
  skipped: string | null;
}

/** A plan ready to train: with the stacked MLP's models when the text ridge took part, and the ridge itself. */
export interface PreparedTraining {
  plan: TrainPlan;
  text: TextStage;
}

/**
 * Why the text ridge will not take part whatever the reasoning holds (turned off, too many
 * train/val examples for its kernel), or null: the worker asks before it reads any stored text.
 */
export function textSkipped(plan: TrainPlan, request: SelectionRequest): string | null {
  const { options } = request;
  if (!options.text) return 'text features are turned off';
  if (plan.devRows.length > MAX_TEXT_ROWS)
    return `the closed-form ridge holds an n × n kernel, and ${plan.devRows.length.toLocaleString('en-US')} train/val examples are more than the ${MAX_TEXT_ROWS.toLocaleString('en-US')} it handles in memory and time`;
  return null;
}

/**
 * Before the MLPs train (the worker's, the CLI's and the test double's one path): the text ridge on
 * the plan's folds when the request asks for it and the reasoning allows, and the plan widened with
 * the stacked MLP's models (stackPlan) when it has 3 folds or more. The reasoning is the request's
 * texts, or `counted` when the worker read and hashed it from storage. `onStage` hears, in words,
 * which fit of the ridge is running (each outer fold, then the kept model: seconds on a few thousand
 * short examples, minutes on long reasoning; all before any epoch).
 */
export function prepareTraining(
  plan: TrainPlan,
  request?: SelectionRequest | null,
  onStage?: (stage: string) => void,
  counted?: CountedReasoning | null,
): PreparedTraining {
  if (!request) return { plan, text: { run: null, skipped: null } };
  const { texts, options } = request;
  let skipped = textSkipped(plan, request);
  let counts: HashedCounts | null = null;
  if (skipped === null) {
    if (counted?.carried) counts = counted.counts;
    else if (!counted && texts && hasReasoning(texts)) counts = hashNgrams(texts, plan.n, options.text!);
    else skipped = `no rollout of ${plan.prompt} carries reasoning`;
  }
  if (skipped !== null || !counts || !options.text) return { plan, text: { run: null, skipped } };
  const fitting = `Fitting the ridge on the reasoning of ${plan.prompt} (${plan.devRows.length.toLocaleString('en-US')} train/val examples, ${plan.folds} folds)`;
  const run = trainTextRidge(plan, counts, {
    spec: options.text,
    weights: options.weights,
    onFit: (fold, folds) => onStage?.(`${fitting}: ${fold === null ? 'the kept model' : `fold ${fold} of ${folds}`}…`),
  });
  return { plan: run.stack ? stackPlan(plan, run) : plan, text: { run, skipped: null } };
}

/**
 * The outcome of a finished MLP run on a prepared plan: with a request, every candidate is tried
 * and the report is of the kept one; without, the MLP is the calibrator.
 */
export function outcomeOf(
  input: AnalysisInput,
  prepared: PreparedTraining,
  result: TrainResult,
  request?: SelectionRequest | null,
): TrainOutcome {
  const selection = request ? selectCalibrator(input, prepared.plan, result, prepared.text, request.options) : undefined;
  return trainOutcome(input, prepared.plan.options, result, selection);
}

/**
 * Most train/val examples the text ridge takes: its dual form holds an n × n kernel (n = 3,000: 72 MB
 * and ~6 reductions of O(n³)), so beyond it the candidate is left out and says why. The time grows
 * with the reasoning's length too: each of its 6 fits builds a Gram matrix of n²/2 sparse dot
 * products. Measured in node: 1,200 examples of 20 rollouts × 1.5 KB (3,631 hashed n-grams a row)
 * take 48 s, 8.8 s of it one Gram matrix; bench:scale's 2,400 such examples ~9 minutes (busy machine).
 */
export const MAX_TEXT_ROWS = 3000;

/** Whether any rollout of the prompt version carries reasoning. */
export function hasReasoning(texts: PromptTexts): boolean {
  return texts.texts.some(carriesReasoning);
}

/** The point metrics of `values` on the labelled test examples it predicts. */
function testMetrics(input: AnalysisInput, values: Float64Array): { testCcc: number | null; testNmse: number | null } {
  const p: number[] = [];
  const t: number[] = [];
  const test = SPLITS.indexOf('test');
  for (let e = 0; e < input.n; e++) {
    if (input.splits[e] === test && Number.isFinite(input.targets[e]!) && Number.isFinite(values[e]!)) {
      p.push(values[e]!);
      t.push(input.targets[e]!);
    }
  }
  return { testCcc: ccc(p, t), testNmse: nmse(p, t) };
}

/**
 * The candidates of a finished MLP run on `plan` and their choice. `text` is the run's text stage
 * (prepareTraining); the stacked MLP takes part when the result has one.
 */
export function selectCalibrator(
  input: AnalysisInput,
  plan: TrainPlan,
  result: Pick<TrainResult, 'predictions' | 'stacked'> & { model: Pick<TrainResult['model'], 'members'> },
  stage: TextStage,
  options: SelectionOptions,
): Selection {
  const rollouts = input.prompts[plan.options.prompt]!;
  const { scale } = input;
  const devExamples = plan.devRows.map((r) => plan.features.rows[r]!);
  const scoresOf = (e: number) => rollouts.scores.subarray(rollouts.offsets[e]!, rollouts.offsets[e + 1]!);
  const withOof = (all: Float64Array, oof: Float64Array): Float64Array => {
    devExamples.forEach((e, i) => (all[e] = oof[i]!));
    return all;
  };

  // Baselines on every example: the rollouts' mean and median; the fits on the mean from every dev example.
  const baselines = baselineCandidates((i) => scoresOf(devExamples[i]!), plan.yDev, plan.fold, plan.folds, scale);
  const own = baselinePredictions(input, rollouts).predictions;
  const means = own.find((p) => p.id === 'mean')!.values;
  const medians = own.find((p) => p.id === 'median')!.values;
  const devMeans = devExamples.map((e) => means[e]!);
  const clip = (v: number) => (v < scale.min ? scale.min : v > scale.max ? scale.max : v);
  const fits: Record<string, LinearFit | IsotonicFit | null> = {
    linear: fitLinear(devMeans, plan.yDev),
    isotonic: fitIsotonic(devMeans, plan.yDev),
  };
  const allOf = (id: string): Float64Array => {
    if (id === 'mean') return means.slice();
    if (id === 'median') return medians.slice();
    const fit = fits[id];
    return Float64Array.from(means, (m) => (fit && Number.isFinite(m) ? clip(predictRegression(fit, m)) : NaN));
  };
  const candidates: CandidateResult[] = baselines.map((c) => {
    const predictions = withOof(allOf(c.id), c.oof);
    const fit = fits[c.id];
    return { ...c, predictions, ...testMetrics(input, predictions), ...(fit ? { fit } : {}) };
  });

  const mlpOof = Float64Array.from(devExamples, (e) => result.predictions[e]!);
  const mlp = scoreCandidate(
    { id: 'mlp', label: 'MENTAT MLP on the scores', kind: 'mlp', oof: mlpOof, detail: `${result.model.members.length} members` },
    plan.yDev,
  );
  candidates.push({ ...mlp, predictions: result.predictions, ...testMetrics(input, result.predictions) });

  const text = stage.run;
  const textSkipped = stage.skipped;
  if (text) candidates.push({ ...text.candidate, predictions: text.predictions, ...testMetrics(input, text.predictions) });
  const stacked = result.stacked;
  if (text && stacked) {
    const oof = Float64Array.from(devExamples, (e) => stacked.predictions[e]!);
    const c = scoreCandidate(
      {
        id: 'stacked-mlp',
        label: 'MENTAT MLP on the scores + the ridge',
        kind: 'text',
        oof,
        detail: `${configLabel(stacked.model.config)}, ${stacked.model.members.length} members`,
      },
      plan.yDev,
    );
    candidates.push({ ...c, predictions: stacked.predictions, ...testMetrics(input, stacked.predictions) });
  }
  let multi: MultiVersionRun | null = null;
  let multiSkipped: string | null = null;
  if (options.multiVersion) {
    if (input.prompts.length < 2) multiSkipped = `the dataset has one prompt version (${plan.prompt})`;
    else {
      multi = trainMultiVersion(
        input,
        plan,
        input.prompts.map((_, i) => i),
        { weights: options.weights },
      );
      candidates.push({ ...multi.candidate, predictions: multi.predictions, ...testMetrics(input, multi.predictions) });
    }
  }
  const choice = chooseCandidate(candidates, options.weights);
  const common = { weights: options.weights, candidates, text, textSkipped, multi, multiSkipped };
  if (options.keep === undefined || options.keep === 'auto') return { ...common, choice, keptBy: 'loss' };
  const picked = candidates.findIndex((c) => c.id === options.keep);
  if (picked < 0) {
    const why =
      (options.keep === 'text-ridge' || options.keep === 'stacked-mlp') && textSkipped
        ? ` (${textSkipped})`
        : options.keep === 'multi-version'
          ? ` (${multiSkipped ?? 'the multi-version candidate was not asked for'})`
          : '';
    throw new CandidateError(
      `no candidate "${options.keep}" took part${why}; the candidates are ${candidates.map((c) => c.id).join(', ')}`,
    );
  }
  return { ...common, choice: { ...choice, chosen: picked }, keptBy: 'user' };
}
