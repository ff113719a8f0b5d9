// A hand-made text calibrator for tests of its files and their use: a ridge on D hashed n-grams
// (random idf and weights from a seeded stream) and the compact score features of prompt v1.
import { featureCount } from '../calibrator/features.ts';
import type { TextRidgeModel } from '../calibrator/textModel.ts';
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
