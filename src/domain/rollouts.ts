// Per-example views of rollouts: grouping by prompt version, mean and spread. Pure.
import type { Example, Rollout } from './types.ts';
import type { TargetStatus } from './labels.ts';
import type { ExampleCore } from './exampleCore.ts';

/** Rollouts of one example grouped by prompt, in `promptOrder` (unknown prompts last). */
export function groupByPrompt(rollouts: readonly Rollout[], promptOrder: readonly string[]): { prompt: string; rollouts: Rollout[] }[] {
  const groups = new Map<string, Rollout[]>();
  for (const p of promptOrder) groups.set(p, []);
  for (const r of rollouts) {
    let g = groups.get(r.prompt);
    if (!g) groups.set(r.prompt, (g = []));
    g.push(r);
  }
  return [...groups].filter(([, rs]) => rs.length > 0).map(([prompt, rs]) => ({ prompt, rollouts: rs }));
}

/** Arithmetic mean; `null` for no values. */
export function mean(xs: readonly number[]): number | null {
  if (xs.length === 0) return null;
  let s = 0;
  for (const x of xs) s += x;
  return s / xs.length;
}

/** Population standard deviation; `null` for no values, 0 for one. */
export function populationStd(xs: readonly number[]): number | null {
  const m = mean(xs);
  if (m === null) return null;
  let s = 0;
  for (const x of xs) s += (x - m) * (x - m);
  return Math.sqrt(s / xs.length);
}

/** What the Browse table shows for one example. */
export interface ExampleSummary {
  id: string;
  split: Example['split'];
  target: number | null;
  /** Mean rollout score per prompt version, aligned with the `promptOrder` given; `null` when none. */
  means: (number | null)[];
  /**
   * Rollout spread: the population standard deviation of the scores within each prompt
   * version, averaged over the prompt versions that have rollouts; `null` without rollouts.
   */
  spread: number | null;
  rollouts: number;
  /** Has a target: the dataset's, or (see `withHandLabels`) the mean of hand labels. */
  labelled: boolean;
  /** Annotators with a current label (0 when none). */
  handLabels: number;
  /** Where the target comes from (dataset, hand labels, both, neither); see `targetStatus`. */
  status: TargetStatus;
}

/**
 * Summaries of many examples. Written for 100k examples on the main thread: one prompt → slot
 * map and reused accumulators, no per-example allocation besides the summary itself.
 * Population moments per prompt via sums (scores are small numbers on a bounded scale).
 */
export function summarizeExamples(examples: readonly ExampleCore[], promptOrder: readonly string[]): ExampleSummary[] {
  const slot = new Map<string, number>();
  promptOrder.forEach((p, i) => slot.set(p, i));
  // Room for every known prompt plus, at worst, one unknown prompt per rollout.
  let maxRollouts = 0;
  for (const ex of examples) maxRollouts = Math.max(maxRollouts, ex.rollouts.length);
  const n = new Float64Array(promptOrder.length + maxRollouts);
  const sum = new Float64Array(n.length);
  const sumSq = new Float64Array(n.length);
  const extra = new Map<string, number>();
  const out: ExampleSummary[] = new Array(examples.length);
  for (let e = 0; e < examples.length; e++) {
    const ex = examples[e]!;
    extra.clear();
    n.fill(0);
    sum.fill(0);
    sumSq.fill(0);
    for (const r of ex.rollouts) {
      let k = slot.get(r.prompt) ?? extra.get(r.prompt);
      if (k === undefined) {
        k = promptOrder.length + extra.size;
        extra.set(r.prompt, k);
      }
      n[k]!++;
      sum[k]! += r.score;
      sumSq[k]! += r.score * r.score;
    }
    let spreadSum = 0;
    let groups = 0;
    for (let k = 0; k < promptOrder.length + extra.size; k++) {
      const c = n[k]!;
      if (c === 0) continue;
      const m = sum[k]! / c;
      spreadSum += Math.sqrt(Math.max(0, sumSq[k]! / c - m * m));
      groups++;
    }
    const means: (number | null)[] = new Array(promptOrder.length);
    for (let k = 0; k < promptOrder.length; k++) means[k] = n[k]! > 0 ? sum[k]! / n[k]! : null;
    out[e] = {
      id: ex.id,
      split: ex.split,
      target: ex.target ?? null,
      means,
      spread: groups > 0 ? spreadSum / groups : null,
      rollouts: ex.rollouts.length,
      labelled: ex.target !== undefined,
      handLabels: 0,
      status: ex.target === undefined ? 'none' : 'dataset',
    };
  }
  return out;
}
