// The exported calibrator as one self-contained ONNX graph (opset 17, IR 8): raw rollout scores
// in, calibrated predictions out, so any onnxruntime (web, node, Python, Triton's ORT backend)
// applies it with no code of ours. Everything the app does between the two happens inside:
//
//   scores [N, R] float32 ─ Cast to double ─ to unit scale ─ missing (NaN) → +∞ ─ TopK ascending
//   ─ head (the K order statistics, or the 10/25/50/75/90% quantiles of the present scores)
//   ─ mean, population sd, min, max of the present scores ─ standardise ─ Cast to float32
//   ─ every member MLP (relu(x·W1 + b1)·w2 + b2, members on a leading axis) ─ mean over members
//   ─ back to the scale ─ clip ─ NaN where the row has too few scores ─ prediction [N]
//                                    └ sd over members × scale span ─ spread [N]
//
// Features are computed in float64, as buildFeatures does, and cast to float32 where the app
// feeds its MLP, so the file reproduces the app's predictions to float32 rounding. The score
// features and the way back to the scale are builders of their own (`scoreFeatureGraph`,
// `predictionOnScale`), shared with the text calibrator's graph (exportTextGraph.ts). Pure; no DOM.
import { DataType } from './onnx/proto.ts';
import { GraphBuilder } from './onnx/graph.ts';
import { COMPACT_QUANTILES, featureCount, type FeatureSetId, type FeatureSpec } from './features.ts';
import type { CalibratorModel } from './trainer.ts';
import type { Scale } from '../domain/types.ts';

/** Input and output names of the exported graph (documented in the manifest and the README). */
export const EXPORT_IO = { scores: 'scores', prediction: 'prediction', spread: 'spread' } as const;

/** Metadata key under which the whole manifest (calibrator.json) rides in the ONNX file. */
export const MANIFEST_METADATA_KEY = 'rir.manifest';

export interface ExportOptions {
  /** Manifest JSON text, stored in metadata_props; the file then describes itself. */
  manifest: string;
  /** Written as the model's producer_version. */
  appVersion: string;
  /** Extra metadata_props shown by tools such as Netron (prompt, K, scale…). */
  metadata?: Readonly<Record<string, string>>;
}

/**
 * The ONNX bytes of a trained calibrator. The input width is K for the sorted feature set (each
 * row: exactly K scores of the example's rollouts, in any order; a row with a NaN gets a NaN
 * prediction) and free for the compact set (each row: the example's scores, padded with NaN to
 * the widest example; a row without any score gets NaN).
 */
export function buildCalibratorOnnx(model: CalibratorModel, options: ExportOptions): Uint8Array {
  const { scale, featureSet, k, stats, members } = model;
  const f = featureCount({ set: featureSet, k });
  const h = model.config.hidden;
  const m = members.length;
  if (stats.mean.length !== f || stats.sd.length !== f)
    throw new RangeError(`standardisation has ${stats.mean.length} columns, features ${f}`);
  checkMembers(members, f, h);
  const g = new GraphBuilder('rir_calibrator');
  const scores = scoresInput(g, featureSet, k);
  const sorted = featureSet === 'sorted';
  const { standardised, invalid } = scoreFeatureGraph(g, scores, scale, { set: featureSet, k }, stats);
  const x = g.op('Cast', [standardised], { to: DataType.FLOAT });

  ensembleOutputs(g, ensembleGraph(g, x, members, f, h), scale, invalid);

  return g.toModel({
    producerVersion: options.appVersion,
    docString:
      `rir-workbench calibrator of prompt version ${model.prompt}: input ${EXPORT_IO.scores} float32 ` +
      (sorted ? `[N, ${k}] (exactly ${k} rollout scores per row, any order)` : '[N, R] (rollout scores per row, NaN-padded)') +
      ` on the scale ${scale.min}..${scale.max}; outputs ${EXPORT_IO.prediction} float32 [N] on that scale and ` +
      `${EXPORT_IO.spread} float32 [N], the sd of the ${m} ensemble members' predictions. See metadata ${MANIFEST_METADATA_KEY}.`,
    metadata: { ...options.metadata, [MANIFEST_METADATA_KEY]: options.manifest },
  });
}

/** RangeError unless there is at least one member and every member's parameters fit F inputs and H hidden units. */
export function checkMembers(members: CalibratorModel['members'], f: number, h: number): void {
  if (members.length === 0) throw new RangeError('a calibrator needs at least one member model');
  for (const [i, p] of members.entries()) {
    if (p.w1.length !== f * h || p.b1.length !== h || p.w2.length !== h || p.b2.length !== 1)
      throw new RangeError(`member ${i}: parameter sizes do not match F = ${f}, H = ${h}`);
  }
}

/**
 * The MLP ensemble on `x` (float32 [N, F]): every member relu(x·W1 + b1)·w2 + b2 on a leading
 * member axis ([N, F] · [M, F, H] broadcasts to [M, N, H]), in float32 as the app's predictor runs
 * it; then, in float64, the mean over members (`avg`, [1, N, 1], unit space) and their population
 * sd (`spreadUnit`). Shared by the score-only and the stacked calibrator's graphs.
 */
export function ensembleGraph(
  g: GraphBuilder,
  x: string,
  members: CalibratorModel['members'],
  f: number,
  h: number,
): { avg: string; spreadUnit: string } {
  const m = members.length;
  const stack = (pick: (p: CalibratorModel['members'][number]) => number[]) => members.flatMap(pick);
  const w1 = g.initializer(
    'w1',
    stack((p) => p.w1),
    [m, f, h],
  );
  const b1 = g.initializer(
    'b1',
    stack((p) => p.b1),
    [m, 1, h],
  );
  const w2 = g.initializer(
    'w2',
    stack((p) => p.w2),
    [m, h, 1],
  );
  const b2 = g.initializer(
    'b2',
    stack((p) => p.b2),
    [m, 1, 1],
  );
  const hidden = g.op('Relu', [g.add(g.matmul(x, w1), b1)]);
  const unit = g.op('Cast', [g.add(g.matmul(hidden, w2), b2)], { to: DataType.DOUBLE }); // [M, N, 1]
  const count = g.double(m);
  const avg = g.div(g.sum(unit, [0]), count); // [1, N, 1]
  const spreadUnit = g.op('Sqrt', [g.div(g.sum(g.mul(g.sub(unit, avg), g.sub(unit, avg)), [0]), count)]);
  return { avg, spreadUnit };
}

/**
 * Declares the ensemble's outputs: `prediction` float32 [N] (the members' mean back on the scale,
 * clipped) and `spread` float32 [N] (their sd × the scale's span), both NaN where `invalid`.
 */
export function ensembleOutputs(g: GraphBuilder, e: { avg: string; spreadUnit: string }, scale: Scale, invalid: string): void {
  const prediction = predictionOnScale(g, e.avg, scale, invalid);
  const nan = g.double(NaN);
  const spread = g.op('Where', [invalid, nan, g.op('Reshape', [g.mul(e.spreadUnit, g.double(scale.max - scale.min)), g.int64([-1])])]);
  g.output(g.op('Cast', [prediction], { to: DataType.FLOAT }), EXPORT_IO.prediction, ['N']);
  g.output(g.op('Cast', [spread], { to: DataType.FLOAT }), EXPORT_IO.spread, ['N']);
}

/** Declares the graph's `scores` input: [N, K] for the sorted set, [N, R] (NaN-padded) for the compact set. */
export function scoresInput(g: GraphBuilder, set: FeatureSetId, k: number): string {
  return g.input(EXPORT_IO.scores, ['N', set === 'sorted' ? k : 'R']);
}

/** Per-column mean and sd the features are standardised with (FeatureStats, or the model's number arrays). */
export interface StandardisationStats {
  mean: ArrayLike<number>;
  sd: ArrayLike<number>;
}

/** The score features of `scoreFeatureGraph`, as graph values. */
export interface ScoreFeatureValues {
  /** [N, F] double: the raw features of features.ts (order statistics or quantiles, mean, sd, min, max) in unit space. */
  features: string;
  /** [N, F] double: `features` standardised with the stored statistics. */
  standardised: string;
  /** [N] bool: the row has too few scores for a prediction (sorted: fewer than K, compact: none). */
  invalid: string;
}

/**
 * The score features of every row of `scores` ([N, K] or [N, R] float32 on the scale), computed
 * inside the graph in float64 exactly as buildFeatures does: to unit scale, missing scores (NaN)
 * sorted last, the K order statistics or the compact quantiles (numpy linear) of the present
 * scores, then their mean, population sd, min and max; standardised by `stats`. Shared by every
 * exported graph that reads rollout scores (exportGraph.ts, exportTextGraph.ts).
 */
export function scoreFeatureGraph(
  g: GraphBuilder,
  scores: string,
  scale: Scale,
  spec: FeatureSpec,
  stats: StandardisationStats,
): ScoreFeatureValues {
  const sorted = spec.set === 'sorted';
  const f = featureCount(spec);
  if (stats.mean.length !== f || stats.sd.length !== f)
    throw new RangeError(`standardisation has ${stats.mean.length} columns, features ${f}`);
  const span = scale.max - scale.min;
  // Unit scale, then the present scores sorted (missing ones last).
  const u = g.div(g.sub(g.op('Cast', [scores], { to: DataType.DOUBLE }), g.double(scale.min)), g.double(span));
  const present = presentScores(g, u);
  const { missing, count, last } = present;
  const sortedU = present.sorted;
  const head = sorted ? sortedU : sortedQuantiles(g, present, COMPACT_QUANTILES);
  // Stats over the present scores only (Where, not a product, so +∞ and NaN never leak in).
  const zero = g.double(0);
  const mean = presentMean(g, u, present);
  const dev = g.sub(u, mean);
  const variance = g.div(g.sum(g.op('Where', [missing, zero, g.mul(dev, dev)]), [1]), count);
  const sd = g.op('Sqrt', [variance]);
  const min = g.op('Slice', [sortedU, g.int64([0]), g.int64([1]), g.int64([1])]);
  const max = g.op('GatherElements', [sortedU, g.op('Max', [last, g.int64([0], [1, 1])])], { axis: 1 });
  const features = g.op('Concat', [head, mean, sd, min, max], { axis: 1 }); // [N, F]
  const standardised = g.div(g.sub(features, g.double(stats.mean, [1, f])), g.double(stats.sd, [1, f]));
  // Too few scores: sorted needs all K of a row, compact at least one.
  const tooFew = g.op('Less', [count, g.double(sorted ? spec.k : 1)]); // [N, 1]
  const invalid = g.op('Reshape', [tooFew, g.int64([-1])]);
  return { features, standardised, invalid };
}

/** The present scores of each row of a double [N, R] matrix (missing = NaN), sorted: what the score features and the baselines read. */
export interface PresentScores {
  /** [N, R] bool: the value is missing (NaN). */
  missing: string;
  /** [N, 1] double: how many values the row has. */
  count: string;
  /** [N, R] double: the row ascending, missing values last (as +∞). */
  sorted: string;
  /** [N, 1] int64: the index in `sorted` of the row's largest value (−1 for a row without any). */
  last: string;
}

/** Sorts each row of `values` (double [N, R], NaN = missing) ascending with the missing values pushed last by +∞ (TopK). */
export function presentScores(g: GraphBuilder, values: string): PresentScores {
  const one = g.double(1);
  const missing = g.op('IsNaN', [values]);
  const count = g.sum(g.op('Where', [missing, g.double(0), one]), [1]); // [N, 1]
  const width = g.op('Shape', [values], { start: 1, end: 2 }); // [1] int64: R
  const [ascending] = g.opN('TopK', [g.op('Where', [missing, g.double(Infinity), values]), width], 2, { axis: 1, largest: 0, sorted: 1 });
  const last = g.op('Cast', [g.sub(count, one)], { to: DataType.INT64 }); // [N, 1]
  return { missing, count, sorted: ascending!, last };
}

/** [N, 1] double: the mean of each row's present values (NaN for a row without any). */
export function presentMean(g: GraphBuilder, values: string, p: PresentScores): string {
  return g.div(g.sum(g.op('Where', [p.missing, g.double(0), values]), [1]), p.count);
}

/**
 * [N, L] double: numpy's linear quantiles at `levels` of each row's present values, as
 * quantileSorted gives them (at h = (c − 1)·q, the lerp from the nearer neighbour; the 0.5 level of
 * an even count is hi − (hi − lo)·0.5, as medianInPlace). Garbage for a row without values: mask it.
 */
export function sortedQuantiles(g: GraphBuilder, p: PresentScores, levels: readonly number[]): string {
  const one = g.double(1);
  const pos = g.mul(g.sub(p.count, one), g.double(levels, [1, levels.length]));
  const lo = g.op('Floor', [pos]);
  const t = g.sub(pos, lo);
  const loIdx = g.op('Cast', [lo], { to: DataType.INT64 });
  const hiIdx = g.op('Min', [g.op('Cast', [g.add(lo, one)], { to: DataType.INT64 }), p.last]);
  const a = g.op('GatherElements', [p.sorted, loIdx], { axis: 1 });
  const b = g.op('GatherElements', [p.sorted, hiIdx], { axis: 1 });
  const diff = g.sub(b, a);
  const nearB = g.op('GreaterOrEqual', [t, g.double(0.5)]);
  return g.op('Where', [nearB, g.sub(b, g.mul(diff, g.sub(one, t))), g.add(a, g.mul(diff, t))]);
}

/** `value` (double, any shape) clipped to the scale. */
export function clipToScale(g: GraphBuilder, value: string, scale: Scale): string {
  return g.op('Max', [g.op('Min', [value, g.double(scale.max)]), g.double(scale.min)]);
}

/** One value per row (double, N elements in any shape) as [N], NaN where `invalid` ([N] bool). */
export function perRow(g: GraphBuilder, value: string, invalid: string): string {
  return g.op('Where', [invalid, g.double(NaN), g.op('Reshape', [value, g.int64([-1])])]);
}

/**
 * A unit-space prediction (double, one value per row in any shape of N elements, e.g. [N, 1] or
 * [1, N, 1]) back on the scale and clipped, as fromUnit does; NaN where `invalid`. Double [N].
 */
export function predictionOnScale(g: GraphBuilder, unit: string, scale: Scale, invalid: string): string {
  const onScale = g.add(g.mul(unit, g.double(scale.max - scale.min)), g.double(scale.min));
  return perRow(g, clipToScale(g, onScale, scale), invalid);
}
