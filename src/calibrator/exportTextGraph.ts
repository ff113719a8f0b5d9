// The exported text calibrator (issue 15): a TextRidgeModel (textModel.ts) as one self-contained
// ONNX graph (opset 17, IR 8, the conventions of exportGraph.ts), so any onnxruntime applies it
// with no code of ours once the caller has hashed the reasoning into counts:
//
//   counts [N, D] float32 ─ double ─ tf = 1 + ln(c) where c > 0, else 0 ─ × idf ─ ÷ row L2 norm
//     (a row with no n-gram stays 0) ─ · wText ──────────────────────────────────────────┐
//   scores [N, K] or [N, R] float32 ─ score features of exportGraph.ts (order statistics │
//     or quantiles, mean, sd, min, max) ─ standardise ─ · wScore ────────────────────────┤
//                                                                         + intercept ───┴─ unit
//   unit ─ back to the scale ─ clip ─ NaN where the row has too few scores ─ prediction [N]
//
// Everything runs in float64, as the ridge path does in TypeScript (predictTextRidgeUnit), so the
// file reproduces it to ~1e-12 relative before the output cast. There is no `spread` output: a
// single ridge model has no members to disagree, and a column of zeros would read as certainty.
//
// The graph does not tokenise: `counts` are the hashed n-gram counts of textFeatures.ts (the
// recipe is `textSpecJson`, for the manifest), laid out dense. The graph holds a few [N, D] double
// tensors at once (D = 16384: 128 KB a row each), so apply it in chunks of a few hundred rows,
// not the 16,384 rows of the score-only file. Pure; no DOM.
import { GraphBuilder } from './onnx/graph.ts';
import { DataType } from './onnx/proto.ts';
import { EXPORT_IO, MANIFEST_METADATA_KEY, predictionOnScale, scoreFeatureGraph, scoresInput, type ExportOptions } from './exportGraph.ts';
import { featureCount } from './features.ts';
import type { TextFeaturizerSpec, TextRidgeModel } from './textModel.ts';

/** Input and output names of the exported text graph (`scores` and `prediction` as in the score-only file). */
export const TEXT_EXPORT_IO = { counts: 'counts', scores: EXPORT_IO.scores, prediction: EXPORT_IO.prediction } as const;

/** Names of the text model's initializers in the file (what a reader of the graph finds). */
export const TEXT_INITIALIZERS = { idf: 'text_idf', wText: 'text_weight', wScore: 'score_weight', intercept: 'intercept' } as const;

export interface TextExportOptions extends ExportOptions {
  /**
   * Element type of `prediction`: 'float32' (the default; the score-only file's type, which
   * CalibratorSession and the manifest's tensor specs expect) or 'float64' (the ridge's own
   * precision, no rounding at the end).
   */
  predictionType?: 'float32' | 'float64';
}

function checkModel(model: TextRidgeModel): void {
  const { scale, text, k, scoreSet, stats } = model;
  const d = text.buckets;
  if (!(Number.isFinite(scale.min) && Number.isFinite(scale.max) && scale.max > scale.min))
    throw new RangeError(`scale must have finite min < max, got ${scale.min}..${scale.max}`);
  if (!(Number.isInteger(d) && d >= 1)) throw new RangeError(`buckets must be an integer ≥ 1, got ${d}`);
  if (model.idf.length !== d || model.wText.length !== d)
    throw new RangeError(`idf has ${model.idf.length} and wText ${model.wText.length} values, buckets ${d}`);
  if (scoreSet === 'sorted' && !(Number.isInteger(k) && k >= 1)) throw new RangeError(`K must be an integer ≥ 1, got ${k}`);
  const f = featureCount({ set: scoreSet, k });
  if (model.wScore.length !== f || stats.mean.length !== f || stats.sd.length !== f)
    throw new RangeError(
      `wScore has ${model.wScore.length} values and the standardisation ${stats.mean.length}/${stats.sd.length} columns, features ${f}`,
    );
  if (!Number.isFinite(model.intercept)) throw new RangeError(`intercept must be finite, got ${model.intercept}`);
}

/** The text ridge inside a graph (`textRidgeGraph`), as graph values. */
export interface TextRidgeValues {
  /** [N, 1] double: the ridge's unit-space prediction, not clipped (predictTextRidgeUnit). */
  unit: string;
  /** [N, F] double: the standardised score features the ridge read. */
  standardised: string;
  /** [N] bool: the row has too few scores for a prediction. */
  invalid: string;
}

/**
 * Declares the inputs `counts` [N, D] and `scores` and computes the text ridge's unit-space
 * prediction from them in float64: tf-idf of the counts, L2-normalised, · wText, plus the
 * standardised score features · wScore, plus the intercept. Shared by the text calibrator's graph
 * and the stacked MLP's (exportStackedGraph.ts), which reads this unit as one more input.
 */
export function textRidgeGraph(g: GraphBuilder, model: TextRidgeModel): TextRidgeValues {
  checkModel(model);
  const { scale, scoreSet, k } = model;
  const d = model.text.buckets;
  const f = featureCount({ set: scoreSet, k });
  const counts = g.input(TEXT_EXPORT_IO.counts, ['N', d]);
  const scores = scoresInput(g, scoreSet, k);

  // Text: tf = 1 + ln(c) where c > 0, else 0. Log reads 1 where c is absent, so no −∞ or NaN is
  // ever made (Where would discard it, but a graph that makes none is easier to trust).
  const one = g.double(1);
  const c = g.op('Cast', [counts], { to: DataType.DOUBLE });
  const present = g.op('Greater', [c, g.double(0)]);
  const tf = g.op('Where', [present, g.add(g.op('Log', [g.op('Where', [present, c, one])]), one), g.double(0)]);
  const idf = g.initializer(TEXT_INITIALIZERS.idf, model.idf, [d], DataType.DOUBLE);
  const v = g.mul(tf, idf); // [N, D]
  const norm = g.op('Sqrt', [g.sum(g.mul(v, v), [1])]); // [N, 1]
  // A row with no n-gram has v = 0 and norm 0: divide by 1 instead, so it stays exactly 0.
  const safeNorm = g.op('Where', [g.op('Greater', [norm, g.double(0)]), norm, one]);
  const wText = g.initializer(TEXT_INITIALIZERS.wText, model.wText, [d, 1], DataType.DOUBLE);
  const textUnit = g.div(g.matmul(v, wText), safeNorm); // [N, 1]

  // Score features, standardised, as the score-only file computes them.
  const { standardised, invalid } = scoreFeatureGraph(g, scores, scale, { set: scoreSet, k }, model.stats);
  const wScore = g.initializer(TEXT_INITIALIZERS.wScore, model.wScore, [f, 1], DataType.DOUBLE);
  const scoreUnit = g.matmul(standardised, wScore); // [N, 1]

  const intercept = g.initializer(TEXT_INITIALIZERS.intercept, [model.intercept], [], DataType.DOUBLE);
  return { unit: g.add(g.add(intercept, textUnit), scoreUnit), standardised, invalid };
}

/**
 * The ONNX bytes of a text calibrator. Inputs: `counts` float32 [N, D] (D = model.text.buckets),
 * each row one example's hashed n-gram counts, whole numbers ≥ 0 (a count ≤ 0 or NaN counts as
 * absent); `scores` float32 as in the score-only file ([N, K] for the sorted set: exactly K scores
 * in any order, a row with a NaN gets a NaN prediction; [N, R] for the compact set, NaN-padded, a
 * row without any score gets NaN). Output: `prediction` [N] on the scale, clipped. No `spread`.
 */
export function buildTextCalibratorOnnx(model: TextRidgeModel, options: TextExportOptions): Uint8Array {
  const { scale, scoreSet, k } = model;
  const d = model.text.buckets;
  const sorted = scoreSet === 'sorted';
  const g = new GraphBuilder('rir_text_calibrator');
  const { unit, invalid } = textRidgeGraph(g, model);
  const prediction = predictionOnScale(g, unit, scale, invalid);
  const float64 = options.predictionType === 'float64';
  if (float64) g.output(prediction, TEXT_EXPORT_IO.prediction, ['N'], DataType.DOUBLE);
  else g.output(g.op('Cast', [prediction], { to: DataType.FLOAT }), TEXT_EXPORT_IO.prediction, ['N']);

  return g.toModel({
    producerVersion: options.appVersion,
    docString:
      `rir-workbench text calibrator (ridge on hashed n-grams of the reasoning and the score features) of prompt version ${model.prompt}: ` +
      `inputs ${TEXT_EXPORT_IO.counts} float32 [N, ${d}] (hashed n-gram counts of each example's reasoning, see metadata ${MANIFEST_METADATA_KEY}) and ` +
      `${TEXT_EXPORT_IO.scores} float32 ` +
      (sorted ? `[N, ${k}] (exactly ${k} rollout scores per row, any order)` : '[N, R] (rollout scores per row, NaN-padded)') +
      ` on the scale ${scale.min}..${scale.max}; output ${TEXT_EXPORT_IO.prediction} ${float64 ? 'float64' : 'float32'} [N] on that scale ` +
      `(NaN where a row has too few scores). No spread: a single ridge model has none.`,
    metadata: { ...options.metadata, [MANIFEST_METADATA_KEY]: options.manifest },
  });
}

/**
 * The featuriser's recipe as the manifest states it (snake_case, as calibrator.json): everything
 * a pipeline needs to turn reasoning text into the graph's `counts`, exactly as textModel.ts
 * defines it (TextFeaturizerSpec):
 * - `lowercase`: the text is lowercased first (JavaScript `String.prototype.toLowerCase`);
 * - `token_pattern` / `token_pattern_flags`: tokens are the maximal matches of this regular
 *   expression (letters, marks and numbers by Unicode general category; anything else separates);
 * - `ngrams` / `ngram_separator`: n-grams of these orders, tokens joined by one U+0020, never across two rollouts;
 * - `hash`: 32-bit FNV-1a (offset basis, prime) of each n-gram's UTF-8 bytes; `buckets`: bucket = hash mod buckets;
 * - `aggregate`: counts summed over the example's rollouts of the prompt version;
 * - `input` / `layout`: the graph input they feed and its dense layout;
 * - `weighting`: what the graph then does with the counts (informative; the graph holds idf and weights).
 * RangeError for buckets that are not a power of two or n-gram orders that are not ascending integers ≥ 1.
 */
export function textSpecJson(spec: TextFeaturizerSpec): TextSpecJson {
  const { buckets, ngrams } = spec;
  if (!(Number.isInteger(buckets) && buckets >= 1 && (buckets & (buckets - 1)) === 0 && buckets <= 2 ** 30))
    throw new RangeError(`buckets must be a power of two, got ${buckets}`);
  if (ngrams.length === 0 || ngrams.some((n, i) => !(Number.isInteger(n) && n >= 1 && (i === 0 || n > ngrams[i - 1]!))))
    throw new RangeError(`ngrams must be ascending integers ≥ 1, got [${ngrams.join(', ')}]`);
  return {
    input: TEXT_EXPORT_IO.counts,
    layout: 'dense float32 [N, buckets]: row = example, column = bucket, value = count',
    lowercase: 'String.prototype.toLowerCase',
    token_pattern: '[\\p{L}\\p{M}\\p{N}]+',
    token_pattern_flags: 'u',
    ngrams: [...ngrams],
    ngram_separator: ' ',
    hash: { name: 'fnv1a-32', encoding: 'utf-8', offset_basis: 2166136261, prime: 16777619 },
    buckets,
    bucket: 'hash mod buckets',
    aggregate: 'sum over the rollouts of the example; n-grams never span two rollouts',
    weighting: 'tf = 1 + ln(count) for count > 0 else 0; × idf; row divided by its L2 norm (a row without n-grams stays 0)',
  };
}

/** The manifest's text block: see `textSpecJson`. */
export interface TextSpecJson {
  input: typeof TEXT_EXPORT_IO.counts;
  layout: string;
  lowercase: 'String.prototype.toLowerCase';
  token_pattern: string;
  token_pattern_flags: 'u';
  ngrams: number[];
  ngram_separator: ' ';
  hash: { name: 'fnv1a-32'; encoding: 'utf-8'; offset_basis: number; prime: number };
  buckets: number;
  bucket: 'hash mod buckets';
  aggregate: string;
  weighting: string;
}
