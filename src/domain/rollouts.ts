// Per-example views of rollouts: grouping by prompt version, mean and spread. Pure.
import type { Example, Rollout } from './types.ts';

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
  labelled: boolean;
}

export function summarizeExample(ex: Example, promptOrder: readonly string[]): ExampleSummary {
  const scores = new Map<string, number[]>();
  for (const r of ex.rollouts) {
    let s = scores.get(r.prompt);
    if (!s) scores.set(r.prompt, (s = []));
    s.push(r.score);
  }
  let spreadSum = 0;
  let spreadN = 0;
  for (const s of scores.values()) {
    spreadSum += populationStd(s) ?? 0;
    spreadN++;
  }
  return {
    id: ex.id,
    split: ex.split,
    target: ex.target ?? null,
    means: promptOrder.map((p) => mean(scores.get(p) ?? [])),
    spread: spreadN > 0 ? spreadSum / spreadN : null,
    rollouts: ex.rollouts.length,
    labelled: ex.target !== undefined,
  };
}
