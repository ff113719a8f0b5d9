// Rollout diagnostics of every prompt version on one split, side by side (docs/ARCHITECTURE.md §8.4): the Compare
// screen's small multiples. Pure; reuses the rollout statistics of metrics/rolloutStats.ts and the σ ratio of
// metrics/pairwise.ts, so the numbers equal Analyze's (spread, identical share, dispersion of the mean predictor).
import type { SplitChoice } from './analysis.ts';
import { inSplit, type AnalysisInput, type PromptRollouts } from './analysisInput.ts';
import { dispersionRatio } from './metrics/pairwise.ts';
import { identicalRolloutShare, rolloutSpread } from './metrics/rolloutStats.ts';

export interface VersionDiagnostics {
  /** The prompt version. */
  name: string;
  /** Mean over the split's examples with ≥ 1 rollout of the population sd of their rollout scores; null with none. */
  spread: number | null;
  /** Share (0..1) of the split's examples with ≥ 2 rollouts whose rollouts are all identical; null with none. */
  identicalShare: number | null;
  /** Number of distinct finite rollout scores the version used on the split; null without rollouts there. */
  distinctValues: number | null;
  /**
   * σ ratio: population sd of the version's mean-of-rollouts predictions over population sd of the targets, on the
   * split's examples with both a target and a rollout (the Analyze dispersion of the Mean predictor). Null for fewer
   * than 2 such examples or a constant target.
   */
  sigmaRatio: number | null;
}

function diagnosticsOf(input: AnalysisInput, p: PromptRollouts, split: SplitChoice): VersionDiagnostics {
  const perExample: Float64Array[] = [];
  // Distinct scores: judges use few, so a short list scanned in order beats a Set.add per score
  // (half of this function's time at 100 rollouts per example, bench:compare); past 32 values, a Set.
  const few: number[] = [];
  let many: Set<number> | null = null;
  const means: number[] = [];
  const targets: number[] = [];
  for (let e = 0; e < input.n; e++) {
    if (!inSplit(input, e, split)) continue;
    const a = p.offsets[e]!;
    const b = p.offsets[e + 1]!;
    if (b === a) continue;
    const scores = p.scores.subarray(a, b);
    perExample.push(scores);
    let sum = 0;
    for (let i = 0; i < scores.length; i++) {
      const v = scores[i]!;
      sum += v;
      if (!Number.isFinite(v)) continue;
      if (many) {
        many.add(v);
        continue;
      }
      let known = false;
      for (let j = 0; j < few.length; j++) {
        if (few[j] === v) {
          known = true;
          break;
        }
      }
      if (known) continue;
      if (few.length < 32) few.push(v);
      else (many = new Set(few)).add(v);
    }
    const t = input.targets[e]!;
    if (Number.isFinite(t)) {
      means.push(sum / scores.length);
      targets.push(t);
    }
  }
  return {
    name: p.prompt,
    spread: rolloutSpread(perExample),
    identicalShare: identicalRolloutShare(perExample),
    distinctValues: perExample.length === 0 ? null : (many?.size ?? few.length),
    sigmaRatio: dispersionRatio(means, targets),
  };
}

/**
 * The rollout diagnostics of every prompt version of `input` (in its prompt order) on `split`. O(total rollouts): about
 * a second for 20 versions × 100k examples × 100 rollouts, so compute it once per input and split (or in a worker).
 */
export function versionDiagnostics(input: AnalysisInput, split: SplitChoice): VersionDiagnostics[] {
  return input.prompts.map((p) => diagnosticsOf(input, p, split));
}
