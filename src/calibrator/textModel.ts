// The shapes shared by the text featuriser (textFeatures.ts), the ridge solver (ridge.ts), the
// text calibrator's ONNX export (exportTextGraph.ts) and the trainer: what a calibrator that reads
// the reasoning is made of (issue 15). Types and one reference prediction; pure, no DOM.
import type { FeatureSetId, FeatureStats } from './features.ts';
import type { Scale } from '../domain/types.ts';

/**
 * How reasoning text becomes hashed n-gram counts, exactly (docs/ARCHITECTURE.md §9.9; stored in
 * the manifest so anyone can reproduce it):
 * 1. tokens: the text lowercased (`String.prototype.toLowerCase`, Python's `str.lower()` agrees on
 *    every character the fixture holds), then the maximal runs of characters whose Unicode general
 *    category is a letter (L*), a mark (M*) or a number (N*); everything else separates tokens;
 * 2. n-grams of orders `ngrams` (default uni- and bigrams), a bigram being its two tokens joined by
 *    one space (U+0020), never across two rollouts;
 * 3. each n-gram's UTF-8 bytes hashed with 32-bit FNV-1a (offset basis 2166136261, prime 16777619),
 *    bucket = hash mod `buckets`;
 * 4. counts summed over the example's rollouts of the prompt version.
 */
export interface TextFeaturizerSpec {
  /** Hash buckets D; a power of two (default 2^14). */
  buckets: number;
  /** n-gram orders, ascending (default [1, 2]). */
  ngrams: readonly number[];
}

export const DEFAULT_TEXT_SPEC: TextFeaturizerSpec = Object.freeze({ buckets: 1 << 14, ngrams: Object.freeze([1, 2]) });

/**
 * Hashed n-gram counts of n examples in CSR form: example i owns `index[offsets[i] .. offsets[i+1])`
 * (bucket numbers, strictly ascending) and the same range of `count` (each > 0).
 */
export interface HashedCounts {
  n: number;
  /** Buckets D. */
  d: number;
  offsets: Int32Array;
  index: Int32Array;
  count: Float64Array;
}

/**
 * A CSR matrix of Float64 values (the tf-idf design rows): row r owns `index[offsets[r] .. offsets[r+1])`
 * (columns, strictly ascending) and the same range of `values`.
 */
export interface SparseRows {
  n: number;
  /** Columns (D). */
  d: number;
  offsets: Int32Array;
  index: Int32Array;
  values: Float64Array;
}

/**
 * A ridge regression on [text | score features] in the unit space of the scale:
 *   text_j = tf_j · idf_j with tf_j = 1 + ln(c_j) for a count c_j > 0 (else 0), the row then divided
 *            by its L2 norm (a row with no n-gram stays all zero);
 *   z_f    = (scoreFeature_f − mean_f) / sd_f (the score features of features.ts, `scoreSet`/`k`);
 *   unit   = intercept + Σ_j wText_j · text_j + Σ_f wScore_f · z_f;
 *   prediction = fromUnit(unit, scale) (back on the scale, clipped).
 * idf_j = ln((1 + m) / (1 + df_j)) + 1 over the m training examples, df_j of them holding bucket j.
 */
export interface TextRidgeModel {
  prompt: string;
  scale: Scale;
  text: TextFeaturizerSpec;
  /** idf per bucket (length D). */
  idf: Float64Array;
  /** Weight per bucket (length D). */
  wText: Float64Array;
  scoreSet: FeatureSetId;
  /** K of the score features (see features.ts). */
  k: number;
  stats: FeatureStats;
  /** Weight per score feature (length F). */
  wScore: Float64Array;
  intercept: number;
  /** The ridge penalty chosen by inner cross-validation. */
  lambda: number;
}

/**
 * The model's unit-space prediction for one example, from its hashed counts (`index`/`count` of
 * one row) and its raw score features: the reference the export graph and the trainer are tested
 * against.
 */
export function predictTextRidgeUnit(
  m: TextRidgeModel,
  index: ArrayLike<number>,
  count: ArrayLike<number>,
  scoreFeatures: ArrayLike<number>,
): number {
  let norm2 = 0;
  for (let i = 0; i < index.length; i++) {
    const v = (1 + Math.log(count[i]!)) * m.idf[index[i]!]!;
    norm2 += v * v;
  }
  const norm = Math.sqrt(norm2);
  let u = m.intercept;
  if (norm > 0) for (let i = 0; i < index.length; i++) u += (m.wText[index[i]!]! * (1 + Math.log(count[i]!)) * m.idf[index[i]!]!) / norm;
  for (let f = 0; f < m.wScore.length; f++) u += m.wScore[f]! * ((scoreFeatures[f]! - m.stats.mean[f]!) / m.stats.sd[f]!);
  return u;
}

/**
 * The reasoning of one prompt version's rollouts, laid out as `PromptRollouts` (analysisInput.ts):
 * example e owns `texts[offsets[e] .. offsets[e + 1])`, in file order; '' where a rollout has no reasoning.
 */
export interface PromptTexts {
  prompt: string;
  offsets: Int32Array;
  texts: string[];
}

/**
 * A run of consecutive examples' reasoning, `start` the first one's index in the dataset: what a pass
 * over stored chunks yields (workers/storedReasoning.ts), so a consumer holds one part at a time.
 */
export interface PromptTextsPart {
  start: number;
  texts: PromptTexts;
}
