// How a trained calibrator compares with the baselines (docs/ARCHITECTURE.md §9.6), with the
// Analyze report's own machinery: on the test split, which training never saw, and on the
// out-of-fold predictions of the labelled train + val examples. A verdict says "better" only when
// the paired bootstrap 95% CI of the CCC difference (same examples, same resamples) excludes 0:
// the app's one verdict rule. Pure.
import { analyze, evaluatedPairs, type AnalysisReport, type PromptReport } from '../domain/analysis.ts';
import type { AnalysisInput } from '../domain/analysisInput.ts';
import { pairedMomentCis, type Interval } from '../domain/metrics/bootstrap.ts';
import { ccc } from '../domain/metrics/pairwise.ts';
import { directedVerdict, type PairedVerdict } from '../domain/compare.ts';
import { SPLITS } from '../domain/types.ts';
import { baselinePredictions, predictorInfo, type PredictorId } from '../domain/baselines.ts';
import { formatInterval, formatMetric } from '../domain/metrics/formatMetric.ts';
import type { GridConfig, TrainOptions, TrainResult } from './trainer.ts';
import type { Candidate, CandidateChoice, LossWeights } from './candidates.ts';
import type { MultiVersionModel, MultiVersionRun } from './multiVersion.ts';
import type { TextRidgeRun } from './textCandidate.ts';
import type { TextRidgeModel } from './textModel.ts';
import type { IsotonicFit, LinearFit } from '../domain/regression.ts';

// The choice among candidates as the outcome carries it (made by selection.ts selectCalibrator).

/** One candidate of a training run's choice, with what it predicts. */
export interface CandidateResult extends Candidate {
  /** Per example on the scale: out of fold on the dev examples, the candidate fitted on all of them elsewhere. */
  predictions: Float64Array;
  /** Point CCC and NMSE on the labelled test examples it predicts (reported, never used to choose). */
  testCcc: number | null;
  testNmse: number | null;
  /** The linear or isotonic baseline's fit on every dev example (what its exported file computes). */
  fit?: LinearFit | IsotonicFit;
}

export interface Selection {
  weights: LossWeights;
  candidates: CandidateResult[];
  choice: CandidateChoice;
  /** The text ridge's run (model, counts), when it took part. */
  text: TextRidgeRun | null;
  /** Why the text candidate did not take part, in words; null when it did. */
  textSkipped: string | null;
  /** The multi-version ridge's run, when it took part. */
  multi: MultiVersionRun | null;
  /** Why the multi-version candidate, asked for, did not take part; null when it did or was not asked for. */
  multiSkipped: string | null;
  /** 'loss': the lowest out-of-fold loss was kept; 'user': the candidate the user picked. */
  keptBy: 'loss' | 'user';
}

export interface CalibrationReportOptions {
  seed: number;
  resamples: number;
}

export type Verdict = PairedVerdict;

export interface BaselineComparison {
  id: PredictorId;
  /** CCC of the calibrator minus CCC of the baseline on the same examples, with its paired bootstrap CI. */
  deltaCcc: number | null;
  deltaCi: Interval | null;
  /** From the paired CI of ΔCCC: better / worse only when it excludes 0. */
  verdict: Verdict;
}

export interface CalibrationReport {
  /** Test split: every predictor of the prompt, the calibrator included. Null when no test example has a target. */
  test: PromptReport | null;
  comparisons: BaselineComparison[];
  /** Out of fold on the labelled train + val examples: the calibrator against the baselines that were not fitted on them. */
  outOfFold: PromptReport | null;
}

/** The one verdict rule on ΔCCC (domain/compare.ts): better or worse only when the paired 95% CI of the difference excludes 0. */
export function pairedVerdict(deltaCi: Interval | null | undefined): Verdict {
  return directedVerdict('ccc', deltaCi ?? null);
}

/**
 * `input` with the calibrator's `predictions` for prompt `prompt`; `devExamples` are the examples
 * the calibrator was cross-validated on (their predictions are out of fold).
 */
export function calibrationReport(
  input: AnalysisInput,
  prompt: number,
  predictions: Float64Array,
  devExamples: ArrayLike<number>,
  options: CalibrationReportOptions,
): CalibrationReport {
  const rollouts = input.prompts[prompt];
  if (!rollouts) throw new RangeError(`no prompt version #${prompt}`);
  const one: AnalysisInput = { ...input, prompts: [{ ...rollouts, calibrated: predictions }] };
  const analysisOptions = { split: 'test' as const, seed: options.seed, resamples: options.resamples };

  let testLabelled = 0;
  for (let e = 0; e < input.n; e++) if (input.splits[e] === SPLITS.indexOf('test') && Number.isFinite(input.targets[e]!)) testLabelled++;
  const test = testLabelled > 0 ? analyze(one, analysisOptions).prompts[0]! : null;

  const comparisons: BaselineComparison[] = [];
  const cal = test?.predictors.find((p) => p.id === 'calibrator');
  if (test && cal) {
    const calPairs = evaluatedPairs(one, predictions, 'test');
    // The baselines' values again (analyze keeps them to itself); cheap next to the bootstrap.
    const baselines = baselinePredictions(one, one.prompts[0]!).predictions;
    for (const base of test.predictors) {
      const values = baselines.find((b) => b.id === base.id)?.values;
      if (base.id === 'calibrator' || !values) continue;
      // Paired on the examples both predict (the calibrator may skip examples with too few rollouts).
      const shared: number[] = [];
      calPairs.index.forEach((e) => Number.isFinite(values[e]!) && shared.push(e));
      const calValues = shared.map((e) => predictions[e]!);
      const baseValues = shared.map((e) => values[e]!);
      const targets = shared.map((e) => input.targets[e]!);
      const calCcc = ccc(calValues, targets);
      const baseCcc = ccc(baseValues, targets);
      const deltaCi = pairedMomentCis(calValues, baseValues, targets, { seed: options.seed, resamples: options.resamples }).ccc;
      comparisons.push({
        id: base.id,
        // On the same examples as its paired interval (the test metrics may count different ones).
        deltaCcc: calCcc !== null && baseCcc !== null ? calCcc - baseCcc : null,
        deltaCi,
        verdict: pairedVerdict(deltaCi),
      });
    }
  }

  // Out of fold: the dev examples play the test split; nothing is labelled train, so the fitted
  // baselines (linear, isotonic: fitted on these very examples) drop out instead of being in-sample.
  const splits = new Uint8Array(input.n).fill(SPLITS.indexOf('val'));
  for (let i = 0; i < devExamples.length; i++) splits[devExamples[i]!] = SPLITS.indexOf('test');
  const oof = devExamples.length > 0 ? analyze({ ...one, splits }, analysisOptions).prompts[0]! : null;
  const outOfFold = oof && { ...oof, skipped: oof.skipped.filter((s) => s.id !== 'linear' && s.id !== 'isotonic') };
  return { test, comparisons, outOfFold };
}

/** One candidate of the choice (selection.ts) as the outcome keeps it: its scores, not its predictions. */
export interface CandidateSummary {
  id: string;
  label: string;
  kind: Candidate['kind'];
  detail?: string;
  oofCcc: number | null;
  oofNmse: number | null;
  /** At the run's operating point. */
  loss: number;
  testCcc: number | null;
  testNmse: number | null;
  /** Its prediction per example on the scale (out of fold on the dev examples), so another can be kept without training again. */
  predictions: Float64Array;
  /** The linear or isotonic baseline's fit on every dev example, so the baseline can be exported. */
  fit?: LinearFit | IsotonicFit;
}

/** What the reasoning adds: the text ridge against the best score-only candidate, paired on the test split. */
export interface TextGain {
  /** The text candidate compared (the one with the lowest loss); absent on runs saved before the stacked MLP, where it is the text ridge. */
  candidate?: string;
  against: string;
  deltaCcc: number | null;
  deltaCi: Interval | null;
  verdict: Verdict;
}

/** The choice among candidates (issue 15): which one the outcome's predictions and report are of. */
export interface OutcomeSelection {
  weights: LossWeights;
  candidates: CandidateSummary[];
  chosen: number;
  frontier: number[];
  textSkipped: string | null;
  keptBy: Selection['keptBy'];
  /** The text ridge, when it took part (kept whether chosen or not: it can be exported). */
  text: TextRidgeModel | null;
  /** The multi-version ridge, when it took part (absent on runs saved before it existed). */
  multi?: MultiVersionModel | null;
  /** Why the multi-version candidate, asked for, did not take part. */
  multiSkipped?: string | null;
  textGain: TextGain | null;
}

/** A finished training: the calibrator, how it compares with the baselines, and the targets it was scored on. */
export interface TrainOutcome {
  result: TrainResult;
  report: CalibrationReport;
  /** The candidates' choice; absent on runs without one (the MLP is then the calibrator). */
  selection?: OutcomeSelection;
  /** The chosen candidate's prediction per example (out of fold on the dev examples); absent = `result.predictions`. */
  predictions?: Float64Array;
  /** Effective targets and splits of the input it was trained on (for the charts). */
  targets: Float64Array;
  splits: Uint8Array;
}

/**
 * The outcome with another of its candidates kept (the user picks from the frontier): its
 * predictions, and the report of them on `input` (the input the run was trained on, or the
 * dataset's current one). RangeError for a candidate the run did not have.
 */
export function keepCandidate(outcome: TrainOutcome, input: AnalysisInput, prompt: number, id: string): TrainOutcome {
  const sel = outcome.selection;
  const index = sel ? sel.candidates.findIndex((c) => c.id === id) : -1;
  if (!sel || index < 0) throw new RangeError(`the run has no candidate ${id}`);
  const predictions = sel.candidates[index]!.predictions;
  const report = calibrationReport(input, prompt, predictions, outcome.result.devExamples, REPORT_OPTIONS);
  return { ...outcome, predictions, report, selection: { ...sel, chosen: index, keptBy: 'user' } };
}

/** The kept calibrator's prediction per example: the chosen candidate's, or the MLP's on a run without a choice. */
export function keptPredictions(o: Pick<TrainOutcome, 'predictions' | 'result'>): Float64Array {
  return o.predictions ?? o.result.predictions;
}

/** The kept calibrator's spread: the MLP ensemble's when the MLP is kept, else NaN (one ridge, or a baseline, has none). */
export function keptSpread(o: Pick<TrainOutcome, 'selection' | 'result'>): Float64Array {
  const kept = o.selection?.candidates[o.selection.chosen]?.id ?? 'mlp';
  if (kept === 'mlp') return o.result.spread;
  if (kept === 'stacked-mlp' && o.result.stacked) return o.result.stacked.spread;
  return new Float64Array(o.result.spread.length).fill(NaN);
}

/** The Train screen's comparison uses the Analyze defaults: seed 0, 1000 resamples. */
export const REPORT_OPTIONS: CalibrationReportOptions = { seed: 0, resamples: 1000 };

/**
 * The outcome of a run. With a `selection` (selection.ts) the report is of the chosen candidate's
 * predictions, and the outcome says what the reasoning added on the test split.
 */
export function trainOutcome(input: AnalysisInput, options: TrainOptions, result: TrainResult, selection?: Selection): TrainOutcome {
  if (!selection) {
    const report = calibrationReport(input, options.prompt, result.predictions, result.devExamples, REPORT_OPTIONS);
    return { result, report, targets: input.targets, splits: input.splits };
  }
  const chosen = selection.candidates[selection.choice.chosen]!;
  const report = calibrationReport(input, options.prompt, chosen.predictions, result.devExamples, REPORT_OPTIONS);
  const summary: OutcomeSelection = {
    weights: selection.weights,
    candidates: selection.candidates.map((c, i) => ({
      id: c.id,
      label: c.label,
      kind: c.kind,
      ...(c.detail === undefined ? {} : { detail: c.detail }),
      oofCcc: c.oofCcc,
      oofNmse: c.oofNmse,
      loss: selection.choice.losses[i]!,
      testCcc: c.testCcc,
      testNmse: c.testNmse,
      predictions: c.predictions,
      ...(c.fit ? { fit: c.fit } : {}),
    })),
    chosen: selection.choice.chosen,
    frontier: selection.choice.frontier,
    textSkipped: selection.textSkipped,
    keptBy: selection.keptBy,
    text: selection.text?.model ?? null,
    multi: selection.multi?.model ?? null,
    multiSkipped: selection.multiSkipped,
    textGain: textGain(input, selection),
  };
  return { result, report, selection: summary, predictions: chosen.predictions, targets: input.targets, splits: input.splits };
}

/**
 * The text candidate with the lowest loss against the score-only candidate with the lowest loss,
 * paired on the labelled test examples both predict.
 */
function textGain(input: AnalysisInput, selection: Selection): TextGain | null {
  // Score-only: the baselines and the MLP; the multi-version ridge reads other versions' scores too, so it is neither side.
  const lowest = (kinds: readonly Candidate['kind'][]): number => {
    let best = -1;
    selection.candidates.forEach((c, i) => {
      if (kinds.includes(c.kind) && (best < 0 || selection.choice.losses[i]! < selection.choice.losses[best]!)) best = i;
    });
    return best;
  };
  const text = lowest(['text']);
  if (text < 0) return null;
  const best = lowest(['baseline', 'mlp']);
  const a = selection.candidates[text]!.predictions;
  const b = selection.candidates[best]!.predictions;
  const pa: number[] = [];
  const pb: number[] = [];
  const t: number[] = [];
  for (let e = 0; e < input.n; e++) {
    if (input.splits[e] !== SPLITS.indexOf('test') || !Number.isFinite(input.targets[e]!)) continue;
    if (!Number.isFinite(a[e]!) || !Number.isFinite(b[e]!)) continue;
    pa.push(a[e]!);
    pb.push(b[e]!);
    t.push(input.targets[e]!);
  }
  const ca = ccc(pa, t);
  const cb = ccc(pb, t);
  const deltaCi = t.length > 1 ? pairedMomentCis(pa, pb, t, REPORT_OPTIONS).ccc : null;
  return {
    candidate: selection.candidates[text]!.id,
    against: selection.candidates[best]!.id,
    deltaCcc: ca !== null && cb !== null ? ca - cb : null,
    deltaCi,
    verdict: pairedVerdict(deltaCi),
  };
}

/** A grid configuration in words: "H 8 · wd 0.1 · lr 0.01". */
export function configLabel(c: GridConfig): string {
  return `H ${c.hidden} · wd ${c.weightDecay} · lr ${c.lr}`;
}

/**
 * One comparison in a sentence, for the Train screen and the CLI: "Better than Mean on CCC: +0.052
 * [0.011, 0.094]" only when the paired 95% CI of ΔCCC excludes 0, else "No clear difference".
 */
export function verdictText(c: BaselineComparison): string {
  const name = predictorInfo(c.id).label;
  const delta = c.deltaCcc === null ? '–' : `${c.deltaCcc >= 0 ? '+' : ''}${formatMetric(c.deltaCcc)}`;
  const paired = `${delta}${c.deltaCi ? ` ${formatInterval(c.deltaCi)}` : ''}`;
  if (c.verdict === 'better') return `Better than ${name} on CCC: ${paired} (paired 95% CI of the difference).`;
  if (c.verdict === 'worse') return `Worse than ${name} on CCC: ${paired} (paired 95% CI of the difference).`;
  return `No clear difference from ${name} on CCC: ${paired} (the paired 95% CI of the difference includes 0).`;
}

/** One prompt's report of the comparison as an Analyze report of the test split (for the tables that show it). */
export function asTestReport(p: PromptReport, counts: { examples: number; labelled: number }): AnalysisReport {
  return { split: 'test', seed: REPORT_OPTIONS.seed, resamples: REPORT_OPTIONS.resamples, ...counts, prompts: [p] };
}
