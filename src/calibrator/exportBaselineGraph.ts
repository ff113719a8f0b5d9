// A kept baseline as the exported calibrator file (docs/ARCHITECTURE.md §10.1.2): when no model
// beats the mean, the median, or a linear or isotonic fit on the mean out of fold, that baseline
// is what the run keeps and what its file computes. One self-contained ONNX graph (opset 17, IR 8,
// the conventions of exportGraph.ts) with the input of the compact MLP file:
//
//   scores [N, R] float32 (NaN-padded) ─ Cast to double ─ missing (NaN) → +∞ ─ TopK ascending
//   ─ mean of the present scores        (mean; and the x of linear and isotonic)
//     or their median                    (median: numpy's, as medianInPlace)
//   ─ linear: clip(intercept + slope·mean) to the scale
//   ─ isotonic: predictRegression's interpolation between the fitted points (the end values
//     outside them), then clipped to the scale
//   ─ NaN where the row has no score ─ Cast to float32 ─ prediction [N]
//
// On the scale throughout, in float64, as the app computes the baselines (domain/baselines.ts,
// selection.ts): the file gives the app's numbers to float32 rounding. Mean and median are not
// clipped (nor are they in the app: scores outside the scale are kept and warned about). No
// `spread` output: a baseline has no members to disagree. Pure; no DOM.
import type { Scale } from '../domain/types.ts';
import type { IsotonicFit, LinearFit } from '../domain/regression.ts';
import { GraphBuilder } from './onnx/graph.ts';
import { DataType } from './onnx/proto.ts';
import {
  clipToScale,
  EXPORT_IO,
  MANIFEST_METADATA_KEY,
  perRow,
  presentMean,
  presentScores,
  scoresInput,
  sortedQuantiles,
  type ExportOptions,
} from './exportGraph.ts';

/** The baselines a training run can keep (selection.ts), and so export. */
export const BASELINE_IDS = ['mean', 'median', 'linear', 'isotonic'] as const;
export type BaselineKind = (typeof BASELINE_IDS)[number];

export const isBaselineId = (id: string): id is BaselineKind => (BASELINE_IDS as readonly string[]).includes(id);

/** A kept baseline: what its file computes. `fit` is the linear or isotonic fit on the mean (on every dev example); none for mean and median. */
export interface BaselineModel {
  prompt: string;
  scale: Scale;
  baseline: BaselineKind;
  fit?: LinearFit | IsotonicFit;
}

/** Input and output names of the baseline's graph: those of the score-only file, without `spread`. */
export const BASELINE_EXPORT_IO = { scores: EXPORT_IO.scores, prediction: EXPORT_IO.prediction } as const;

/** RangeError when the model is not one the graph (and the manifest) can state. */
export function checkBaselineModel(model: BaselineModel): void {
  const { scale, baseline, fit } = model;
  if (!(Number.isFinite(scale.min) && Number.isFinite(scale.max) && scale.max > scale.min))
    throw new RangeError(`scale must have finite min < max, got ${scale.min}..${scale.max}`);
  if (!isBaselineId(baseline)) throw new RangeError(`unknown baseline "${String(baseline)}"`);
  if (baseline === 'mean' || baseline === 'median') {
    if (fit !== undefined) throw new RangeError(`the ${baseline} baseline has no fit`);
    return;
  }
  if (fit?.kind !== baseline) throw new RangeError(`the ${baseline} baseline needs its ${baseline} fit`);
  if (fit.kind === 'linear') {
    if (!Number.isFinite(fit.intercept) || !Number.isFinite(fit.slope))
      throw new RangeError(`the linear fit must have a finite intercept and slope, got ${fit.intercept} and ${fit.slope}`);
    return;
  }
  const { xs, ys } = fit;
  if (xs.length === 0 || xs.length !== ys.length)
    throw new RangeError(`the isotonic fit needs as many values as points, at least one (got ${xs.length} and ${ys.length})`);
  xs.forEach((x, i) => {
    if (!Number.isFinite(x) || !Number.isFinite(ys[i]!)) throw new RangeError(`the isotonic fit's point ${i} is not finite`);
    if (i > 0 && !(x > xs[i - 1]!)) throw new RangeError(`the isotonic fit's points must be strictly ascending (point ${i})`);
    if (i > 0 && !(ys[i]! >= ys[i - 1]!)) throw new RangeError(`the isotonic fit's values must not decrease (point ${i})`);
  });
}

/**
 * The points of an isotonic fit that its interpolation needs: the first and last of each run of
 * equal values. Between two points of one run the interpolation is that value exactly (y + t·0),
 * so the dropped points change no prediction, bit for bit; the graph's [N, points] tensors shrink
 * from one column per distinct training mean to two per PAV block.
 */
export function isotonicKnots(fit: IsotonicFit): { xs: number[]; ys: number[] } {
  const { xs, ys } = fit;
  const keep = (i: number) => i === 0 || i === xs.length - 1 || ys[i - 1] !== ys[i] || ys[i + 1] !== ys[i];
  const idx = xs.map((_, i) => i).filter(keep);
  return { xs: idx.map((i) => xs[i]!), ys: idx.map((i) => ys[i]!) };
}

/**
 * predictRegression of an isotonic fit at x ([N, 1] double), in the graph: x at or below the first
 * point gives its value, at or above the last the last's; in between, with lo the last point ≤ x
 * (the count of points ≤ x, less one) and hi = lo + 1, ys[lo] + t·(ys[hi] − ys[lo]) with
 * t = (x − xs[lo]) / (xs[hi] − xs[lo]), the same operations in the same order.
 */
function isotonicGraph(g: GraphBuilder, x: string, fit: IsotonicFit): string {
  const { xs, ys } = isotonicKnots(fit);
  const p = xs.length;
  const first = g.double(ys[0]!);
  if (p === 1) return g.add(g.mul(x, g.double(0)), first); // one point: its value for every finite x (NaN stays NaN)
  const xsRow = g.double(xs, [1, p]);
  const xsFlat = g.double(xs);
  const ysFlat = g.double(ys);
  const below = g.op('Cast', [g.op('LessOrEqual', [xsRow, x])], { to: DataType.INT64 }); // [N, P]
  const seen = g.sum(below, [1]); // [N, 1]: points ≤ x
  const lo = g.op('Max', [g.op('Min', [g.sub(seen, g.int64([1], [1, 1])), g.int64([p - 2], [1, 1])]), g.int64([0], [1, 1])]);
  const hi = g.add(lo, g.int64([1], [1, 1]));
  const xLo = g.op('Gather', [xsFlat, lo], { axis: 0 });
  const xHi = g.op('Gather', [xsFlat, hi], { axis: 0 });
  const yLo = g.op('Gather', [ysFlat, lo], { axis: 0 });
  const yHi = g.op('Gather', [ysFlat, hi], { axis: 0 });
  const t = g.div(g.sub(x, xLo), g.sub(xHi, xLo));
  const inside = g.add(yLo, g.mul(t, g.sub(yHi, yLo)));
  const last = g.double(ys[p - 1]!);
  const atOrAbove = g.op('Where', [g.op('GreaterOrEqual', [x, g.double(xs[p - 1]!)]), last, inside]);
  return g.op('Where', [g.op('LessOrEqual', [x, g.double(xs[0]!)]), first, atOrAbove]);
}

/**
 * The ONNX bytes of a kept baseline. Input `scores` float32 [N, R]: each row an example's rollout
 * scores in any order, padded with NaN to the widest (the compact MLP file's input). Output
 * `prediction` float32 [N] on the scale (NaN for a row without any score): the mean or median of
 * the present scores, or the linear or isotonic fit at their mean clipped to the scale.
 */
export function buildBaselineCalibratorOnnx(model: BaselineModel, options: ExportOptions): Uint8Array {
  checkBaselineModel(model);
  const { scale, baseline, fit } = model;
  const g = new GraphBuilder('rir_baseline_calibrator');
  const scores = scoresInput(g, 'compact', 1);
  const values = g.op('Cast', [scores], { to: DataType.DOUBLE });
  const present = presentScores(g, values);
  const invalid = g.op('Reshape', [g.op('Less', [present.count, g.double(1)]), g.int64([-1])]); // [N]: no score
  let value: string; // [N, 1] double on the scale
  if (baseline === 'median') value = sortedQuantiles(g, present, [0.5]);
  else {
    const mean = presentMean(g, values, present);
    if (baseline === 'mean') value = mean;
    else if (fit?.kind === 'linear') value = clipToScale(g, g.add(g.double(fit.intercept), g.mul(g.double(fit.slope), mean)), scale);
    else value = clipToScale(g, isotonicGraph(g, mean, fit as IsotonicFit), scale);
  }
  g.output(g.op('Cast', [perRow(g, value, invalid)], { to: DataType.FLOAT }), BASELINE_EXPORT_IO.prediction, ['N']);

  return g.toModel({
    producerVersion: options.appVersion,
    docString:
      `rir-workbench calibrator of prompt version ${model.prompt}, a baseline: ${baselineDescription(model)}. ` +
      `Input ${BASELINE_EXPORT_IO.scores} float32 [N, R] (rollout scores per row, any order, NaN-padded) on the scale ${scale.min}..${scale.max}; ` +
      `output ${BASELINE_EXPORT_IO.prediction} float32 [N] on that scale (NaN for a row without any score). No spread: a baseline has none. ` +
      `See metadata ${MANIFEST_METADATA_KEY}.`,
    metadata: { ...options.metadata, [MANIFEST_METADATA_KEY]: options.manifest },
  });
}

/** What the baseline computes, in words (the manifest and the file's doc string). */
export function baselineDescription(model: Pick<BaselineModel, 'baseline' | 'scale'>): string {
  const range = `${model.scale.min}..${model.scale.max}`;
  switch (model.baseline) {
    case 'mean':
      return 'the mean of the rollout scores';
    case 'median':
      return 'the median of the rollout scores (the mean of the two middle ones for an even count)';
    case 'linear':
      return `intercept + slope × the mean of the rollout scores, clipped to the scale ${range}`;
    case 'isotonic':
      return `the isotonic fit at the mean of the rollout scores (linear interpolation between the fitted points xs → ys, the end values outside them), clipped to the scale ${range}`;
  }
}
