// A hand-made text calibrator for tests of its files and their use: a ridge on D hashed n-grams
// (random idf and weights from a seeded stream) and the compact score features of prompt v1, and
// its reference predictions.
import { buildFeatures, featureCount, fromUnit } from '../calibrator/features.ts';
import { hashNgrams } from '../calibrator/textFeatures.ts';
import { predictTextRidgeUnit, type TextRidgeModel } from '../calibrator/textModel.ts';
import { createRng } from '../domain/rng.ts';
import type { Scale } from '../domain/types.ts';

export function handTextModel(d: number, seed: number, scale: Scale = { min: 0, max: 10 }): TextRidgeModel {
  const rng = createRng(seed);
  const f = featureCount({ set: 'compact', k: 3 });
  return {
    prompt: 'v1',
    scale,
    text: { buckets: d, ngrams: [1, 2] },
    idf: Float64Array.from({ length: d }, () => 1 + 3 * rng.next()),
    wText: Float64Array.from({ length: d }, () => 0.6 * (rng.next() - 0.5)),
    scoreSet: 'compact',
    k: 3,
    stats: { mean: new Float64Array(f).fill(0.5), sd: new Float64Array(f).fill(0.25) },
    wScore: Float64Array.from({ length: f }, (_, i) => 0.01 * (i + 1)),
    intercept: 0.5,
    lambda: 1,
  };
}

/** The records a reference prediction reads: each example's rollouts with their prompt, score and reasoning. */
export interface ReasonedRecord {
  rollouts: readonly { prompt: string; score: number; reasoning?: string }[];
}

/**
 * Each record's prediction by the reference path, from its v1 rollouts: the reasoning hashed here
 * (hashNgrams), the compact score features, predictTextRidgeUnit, fromUnit (NaN without features).
 */
export function textReference(m: TextRidgeModel, records: readonly ReasonedRecord[]): number[] {
  const offsets = new Int32Array(records.length + 1);
  const scores: number[] = [];
  const texts: string[] = [];
  records.forEach((rec, e) => {
    for (const ro of rec.rollouts) {
      if (ro.prompt !== 'v1') continue;
      scores.push(ro.score);
      texts.push(ro.reasoning ?? '');
    }
    offsets[e + 1] = scores.length;
  });
  const counts = hashNgrams({ prompt: 'v1', offsets, texts }, records.length, m.text);
  const fm = buildFeatures({ prompt: 'v1', offsets, scores: Float64Array.from(scores), rail: null }, records.length, m.scale, {
    set: 'compact',
    k: 3,
  });
  const out = new Array<number>(records.length).fill(NaN);
  fm.rows.forEach((e, r) => {
    const [from, to] = [counts.offsets[e]!, counts.offsets[e + 1]!];
    const u = predictTextRidgeUnit(
      m,
      counts.index.subarray(from, to),
      counts.count.subarray(from, to),
      fm.x.subarray(r * fm.f, (r + 1) * fm.f),
    );
    out[e] = fromUnit(u, m.scale);
  });
  return out;
}
