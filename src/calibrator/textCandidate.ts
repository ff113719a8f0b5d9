// The text calibrator as a candidate (issue 15, docs/ARCHITECTURE.md §9.10): a ridge regression
// on the tf-idf of the reasoning's hashed n-grams beside the standardised score features, trained
// on the MLP plan's own folds so its out-of-fold predictions compare with every other candidate's.
// For each outer fold the idf comes from the other folds only and λ from a cross-validation over
// those other folds (at the operating point's loss); the kept model is fitted on every dev example,
// with λ chosen by the outer folds. The inner cross-validations' predictions are kept too: they are
// the stacked MLP's text input (stacking.ts), honest for every fold it holds out. Pure; no DOM.
import type { Scale } from '../domain/types.ts';
import { scoreCandidate, type Candidate, type LossWeights } from './candidates.ts';
import { fromUnit, toUnit } from './features.ts';
import { DEFAULT_LAMBDAS, predictRidge, ridgeCvPath, ridgeGram, type RidgeDesign, type RidgeFit } from './ridge.ts';
import { fitIdf, hashNgrams, tfidfRows } from './textFeatures.ts';
import type { HashedCounts, PromptTexts, TextFeaturizerSpec, TextRidgeModel } from './textModel.ts';
import { assignFolds, type TrainPlan } from './trainer.ts';

export interface TextRidgeOptions {
  spec: TextFeaturizerSpec;
  lambdas?: readonly number[];
  /** Inner folds for λ (fewer when a training part is smaller). */
  innerFolds?: number;
  /** The operating point: λ is chosen by this loss on the inner folds. */
  weights: LossWeights;
  /** Hears which fit starts: outer fold `fold` of `folds`, then the kept model (`fold` = null). Minutes on thousands of long examples. */
  onFit?: (fold: number | null, folds: number) => void;
}

export interface TextRidgeRun {
  model: TextRidgeModel;
  candidate: Candidate;
  /** Per example on the scale: out of fold on the dev examples, the kept model's elsewhere; NaN without features. */
  predictions: Float64Array;
  /** λ chosen in each outer fold, then for the kept model. */
  foldLambdas: number[];
  counts: HashedCounts;
  /** The kept model's unit-space prediction per example, not clipped (NaN without features): the stacked MLP's text input at apply time. */
  unit: Float64Array;
  /**
   * Per outer fold k, per dev position: a unit-space prediction from a ridge that saw neither that
   * example's target nor fold k's (fold k's rows: the outer fit; the others: the inner fits that
   * chose fold k's λ). The stacked MLP's text input while fold k is held out; null with fewer than
   * 3 folds (an outer training part is then a single fold, which cannot be cross-validated).
   */
  stack: Float64Array[] | null;
}

/** Folds of the inner cross-validation that chooses λ when the plan's folds cannot serve (2 folds). */
export const INNER_FOLDS = 5;

/** Feature-matrix rows → their standardised score features, n × F. */
function denseRows(plan: TrainPlan, rows: ArrayLike<number>): Float64Array {
  const f = plan.features.f;
  const out = new Float64Array(rows.length * f);
  for (let i = 0; i < rows.length; i++) out.set(plan.xAll.subarray(rows[i]! * f, (rows[i]! + 1) * f), i * f);
  return out;
}

/** One outer fold of a ridge candidate: its training and held-out dev positions, and the inner folds that choose its λ. */
export interface RidgeFold {
  k: number;
  train: number[];
  held: number[];
  /** The other outer folds renumbered 0..folds−2 (3 folds or more), else null: seeded random inner folds. */
  inner: Uint8Array | null;
}

/** The plan's outer folds that hold a dev example, as every ridge candidate cross-validates on them. */
export function ridgeFolds(plan: TrainPlan): RidgeFold[] {
  const out: RidgeFold[] = [];
  const nDev = plan.devRows.length;
  for (let k = 0; k < plan.folds; k++) {
    const train: number[] = [];
    const held: number[] = [];
    for (let i = 0; i < nDev; i++) (plan.fold[i] === k ? held : train).push(i);
    if (held.length === 0) continue;
    const inner = plan.folds >= 3 ? Uint8Array.from(train, (i) => (plan.fold[i]! < k ? plan.fold[i]! : plan.fold[i]! - 1)) : null;
    out.push({ k, train, held, inner });
  }
  return out;
}

/** The inner folds of a ridge candidate's kept model: the plan's own (3 folds or more), else null (seeded random). */
export function keptInnerFolds(plan: TrainPlan): Uint8Array | null {
  return plan.folds >= 3 ? plan.fold : null;
}

/**
 * Cross-validation over `train` (positions in the design) on the `inner` folds, or on seeded
 * random ones when absent; the fit at the chosen λ and that λ's out-of-fold predictions. Every
 * ridge candidate chooses its λ this way.
 */
export function fitByInnerCv(
  x: RidgeDesign,
  y: Float64Array,
  train: Int32Array,
  inner: Uint8Array | null,
  seed: number,
  options: Pick<TextRidgeOptions, 'lambdas' | 'innerFolds' | 'weights'>,
): { fit: RidgeFit; oof: Float64Array } {
  const folds = inner ?? assignFolds(train.length, Math.min(options.innerFolds ?? INNER_FOLDS, train.length), seed);
  const gram = ridgeGram(x);
  const cv = ridgeCvPath(x, y, train, folds, options.lambdas ?? DEFAULT_LAMBDAS, { loss: options.weights, gram });
  return { fit: cv.model, oof: cv.points[cv.best]!.oof };
}

/**
 * Trains the text ridge on `plan`'s dev examples and folds. `reasoning` is that of the plan's prompt
 * version (promptTexts), or its hashed counts by `options.spec` (NgramHasher, when it was read a part
 * at a time). RangeError when it does not cover the plan's examples or was hashed by another D.
 */
export function trainTextRidge(plan: TrainPlan, reasoning: PromptTexts | HashedCounts, options: TextRidgeOptions): TextRidgeRun {
  const covered = 'texts' in reasoning ? reasoning.offsets.length - 1 : reasoning.n;
  if (covered !== plan.n) throw new RangeError(`texts cover ${covered} examples, the plan ${plan.n}`);
  if ('d' in reasoning && reasoning.d !== options.spec.buckets)
    throw new RangeError(`the counts have ${reasoning.d} buckets, the spec ${options.spec.buckets}`);
  const scale: Scale = plan.scale;
  const counts = 'texts' in reasoning ? hashNgrams(reasoning, plan.n, options.spec) : reasoning;
  const { features } = plan;
  const f = features.f;
  const d = options.spec.buckets;
  const devExamples = Int32Array.from(plan.devRows, (r) => features.rows[r]!);
  const nDev = devExamples.length;
  const y = Float64Array.from(plan.yDev, (v) => toUnit(v, scale));
  const denseDev = denseRows(plan, plan.devRows);
  const seed = plan.options.seed;

  // With 3 or more folds, λ is chosen on the plan's own folds (the held-out one left out), so the
  // inner predictions are the stacked MLP's honest text input; with 2, on seeded random folds.
  const oofUnit = new Float64Array(nDev).fill(NaN);
  const stack = plan.folds >= 3 ? Array.from({ length: plan.folds }, () => new Float64Array(nDev).fill(NaN)) : null;
  const foldLambdas: number[] = [];
  const outer = ridgeFolds(plan);
  for (const [o, { k, train, held, inner }] of outer.entries()) {
    options.onFit?.(o + 1, outer.length);
    const idf = fitIdf(
      counts,
      train.map((i) => devExamples[i]!),
    );
    const x: RidgeDesign = { sparse: tfidfRows(counts, idf, devExamples), f, dense: denseDev };
    const { fit, oof } = fitByInnerCv(x, y, Int32Array.from(train), inner, seed * 7919 + 1 + k, options);
    foldLambdas.push(fit.lambda);
    const p = predictRidge(fit, x, held);
    held.forEach((i, j) => (oofUnit[i] = p[j]!));
    if (stack) {
      const column = stack[k]!;
      train.forEach((i, a) => (column[i] = oof[a]!));
      held.forEach((i, j) => (column[i] = p[j]!));
    }
  }

  // The kept model: idf from every dev example, λ from the plan's folds.
  options.onFit?.(null, outer.length);
  const idf = fitIdf(counts, devExamples);
  const xDev: RidgeDesign = { sparse: tfidfRows(counts, idf, devExamples), f, dense: denseDev };
  const allDev = Int32Array.from({ length: nDev }, (_, i) => i);
  const { fit } = fitByInnerCv(xDev, y, allDev, keptInnerFolds(plan), seed * 7919, options);
  foldLambdas.push(fit.lambda);
  const model: TextRidgeModel = {
    prompt: plan.prompt,
    scale,
    text: options.spec,
    idf,
    wText: fit.beta.slice(0, d),
    scoreSet: plan.options.featureSet,
    k: plan.options.k,
    stats: plan.stats,
    wScore: fit.beta.slice(d, d + f),
    intercept: fit.intercept,
    lambda: fit.lambda,
  };

  const predictions = new Float64Array(plan.n).fill(NaN);
  const unit = new Float64Array(plan.n).fill(NaN);
  const xAll: RidgeDesign = { sparse: tfidfRows(counts, idf, features.rows), f, dense: plan.xAll };
  const pAll = predictRidge(fit, xAll);
  features.rows.forEach((e, r) => {
    unit[e] = pAll[r]!;
    predictions[e] = fromUnit(pAll[r]!, scale);
  });
  const oof = outOfFoldOnScale(oofUnit, devExamples, scale, predictions);
  const candidate = scoreCandidate(
    {
      id: 'text-ridge',
      label: 'Ridge on the reasoning + scores',
      kind: 'text',
      oof,
      detail: `λ ${formatLambda(fit.lambda)}, ${d.toLocaleString('en-US')} hashed n-grams`,
    },
    plan.yDev,
  );
  return { model, candidate, predictions, foldLambdas, counts, unit, stack };
}

/**
 * A ridge candidate's out-of-fold unit predictions of the dev examples (`devExamples[i]` is dev
 * position i's example) back on the scale; written over the kept model's in `predictions` too.
 */
export function outOfFoldOnScale(
  oofUnit: Float64Array,
  devExamples: ArrayLike<number>,
  scale: Scale,
  predictions: Float64Array,
): Float64Array {
  const oof = new Float64Array(oofUnit.length);
  for (let i = 0; i < oofUnit.length; i++) {
    oof[i] = fromUnit(oofUnit[i]!, scale);
    predictions[devExamples[i]!] = oof[i]!;
  }
  return oof;
}

/** A ridge penalty for the candidates table: 3 significant digits in 0.01..1000, else exponential. */
export function formatLambda(l: number): string {
  return l >= 0.01 && l < 1000 ? String(Number(l.toPrecision(3))) : l.toExponential(1);
}
