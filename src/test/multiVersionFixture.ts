// A synthetic dataset of three prompt versions (A, B, C) and a multi-version ridge trained on it
// (multiVersion.ts `trainMultiVersion`, the plan on B: the model reads B, A, C in that order), with
// the reference prediction of each example computed from its rollouts by prompt name: the compact
// features of each version's scores of that example alone (`buildFeatures`), then
// `predictMultiVersionUnit` and `fromUnit`. Shared by the multi-version file's tests (calibrator,
// store, CLI); independent of the graph, `multiScoresMatrix` and cli apply's columns.
import { buildAnalysisInput, type AnalysisInput } from '../domain/analysisInput.ts';
import { createRng, type Rng } from '../domain/rng.ts';
import type { Example, Rollout, Split } from '../domain/types.ts';
import { buildFeatures, fromUnit } from '../calibrator/features.ts';
import { predictMultiVersionUnit, trainMultiVersion, type MultiVersionRun, type MultiVersionModel } from '../calibrator/multiVersion.ts';
import { DEFAULT_TRAIN_OPTIONS, planTraining, type TrainPlan } from '../calibrator/trainer.ts';

export const MULTI_SCALE = { min: 1, max: 5 };
/** The dataset's versions, in its order; the model reads them as B, A, C. */
export const MULTI_PROMPTS = ['A', 'B', 'C'];

function normal(rng: Rng): number {
  return Math.sqrt(-2 * Math.log(1 - rng.next())) * Math.cos(2 * Math.PI * rng.next());
}

const clampRound = (v: number) => Math.min(5, Math.max(1, Math.round(v)));

/**
 * `n` examples, target uniform on 1–5, splits train/val/train/test. A: 2–5 rollouts close to the
 * target, none for every 5th example (i % 5 = 2); B (the version the model calibrates): 3–6 noisy
 * rollouts, none for every 7th (i % 7 = 3); C: 3 rollouts of noise, none for every 4th (i % 4 = 1).
 * Rollouts of the versions interleaved, as a file may have them.
 */
export function multiDataset(n = 120, seed = 5): Example[] {
  const rng = createRng(seed);
  const splits: Split[] = ['train', 'val', 'train', 'test'];
  return Array.from({ length: n }, (_, i) => {
    const t = 1 + 4 * rng.next();
    const a = i % 5 === 2 ? 0 : 2 + rng.int(4);
    const b = i % 7 === 3 ? 0 : 3 + rng.int(4);
    const c = i % 4 === 1 ? 0 : 3;
    const rollouts: Rollout[] = [];
    for (let r = 0; r < Math.max(a, b, c); r++) {
      if (r < b) rollouts.push({ prompt: 'B', score: clampRound(t + 2 * normal(rng)) });
      if (r < a) rollouts.push({ prompt: 'A', score: clampRound(t + 0.5 * normal(rng)) });
      if (r < c) rollouts.push({ prompt: 'C', score: 1 + rng.int(5) });
    }
    return { id: `x${i}`, input: `q${i}`, split: splits[i % 4]!, target: Math.round(t * 1000) / 1000, rollouts };
  });
}

export interface MultiTrained {
  examples: Example[];
  input: AnalysisInput;
  plan: TrainPlan;
  run: MultiVersionRun;
  model: MultiVersionModel;
}

/** The dataset and the multi-version ridge trained on it (plan on B, compact, K = 4, 4 folds; versions A, B, C → read as B, A, C). */
export function trainedMulti(n = 120, seed = 5): MultiTrained {
  const examples = multiDataset(n, seed);
  const input = buildAnalysisInput(examples, MULTI_PROMPTS, MULTI_SCALE);
  const plan = planTraining(input, { ...DEFAULT_TRAIN_OPTIONS, prompt: 1, featureSet: 'compact', k: 4, folds: 4 });
  const run = trainMultiVersion(input, plan, [0, 1, 2], { weights: { ccc: 1, nmse: 1 } });
  return { examples, input, plan, run, model: run.model };
}

/** Each example's reference prediction: NaN without a score of the model's own version (prompts[0]). */
export function multiReference(
  m: MultiVersionModel,
  examples: readonly { rollouts: readonly { prompt: string; score: number }[] }[],
): number[] {
  return examples.map((ex) => {
    const features = m.prompts.map((p) => {
      const s = ex.rollouts.filter((r) => r.prompt === p).map((r) => r.score);
      if (s.length === 0) return null;
      const one = { prompt: p, offsets: Int32Array.of(0, s.length), scores: Float64Array.from(s), rail: null };
      return buildFeatures(one, 1, m.scale, { set: 'compact', k: 1 }).x;
    });
    return features[0] === null ? NaN : fromUnit(predictMultiVersionUnit(m, features), m.scale);
  });
}

/** Largest |got − want| over the examples `want` predicts; each NaN of `want` must be NaN in `got` (and only those). */
export function worstDifference(
  got: ArrayLike<number | null>,
  want: readonly number[],
): { worst: number; nan: number; mismatched: number[] } {
  let worst = 0;
  let nan = 0;
  const mismatched: number[] = [];
  want.forEach((w, i) => {
    const g = got[i] ?? NaN;
    if (Number.isNaN(w) || Number.isNaN(g)) {
      if (!(Number.isNaN(w) && Number.isNaN(g))) mismatched.push(i);
      else nan++;
    } else worst = Math.max(worst, Math.abs(g - w));
  });
  return { worst, nan, mismatched };
}
