// Labelling queues (docs/ARCHITECTURE.md §8.7): the order an annotator walks through a dataset. Pure.
// A queue is a snapshot: computed when chosen, it does not reshuffle while the user labels.
import { labelValues, type LabelState } from './labels.ts';
import { effectiveTarget, type TargetPreference } from './analysisInput.ts';
import type { ExampleSummary } from './rollouts.ts';
import type { ExampleCore } from './exampleCore.ts';

export type QueueKind = 'all' | 'unlabelled' | 'disagreement' | 'error' | 'uncertainty';

export interface QueueInfo {
  kind: QueueKind;
  label: string;
  description: string;
}

export const QUEUES: Readonly<Record<QueueKind, QueueInfo>> = {
  all: { kind: 'all', label: 'All examples', description: 'Every example, in file order' },
  unlabelled: { kind: 'unlabelled', label: 'Unlabelled by you', description: 'Examples you have not labelled yet, in file order' },
  disagreement: {
    kind: 'disagreement',
    label: 'Largest rollout disagreement',
    description: 'Examples whose rollouts disagree most (rollout spread), largest first',
  },
  error: {
    kind: 'error',
    label: 'Largest error',
    description:
      'Examples furthest from their target, largest first: by the trained calibrator’s prediction when there is one, else by the first calibrator applied from a file, else by the mean of the first prompt version’s rollouts',
  },
  uncertainty: {
    kind: 'uncertainty',
    label: 'Largest calibrator uncertainty',
    description:
      'Examples on which the calibrator’s fold models disagree most, largest first: the trained calibrator’s, else the first applied from a file’s (needs one of them)',
  },
};

/** Indices into `examples` sorted by `key` descending; examples whose key is null are left out. Ties keep file order. */
function byDescending(n: number, key: (i: number) => number | null): number[] {
  const keyed: [number, number][] = [];
  for (let i = 0; i < n; i++) {
    const k = key(i);
    if (k !== null && Number.isFinite(k)) keyed.push([i, k]);
  }
  keyed.sort((a, b) => b[1] - a[1] || a[0] - b[0]);
  return keyed.map(([i]) => i);
}

/**
 * The queue of `kind` as indices into `examples`. `summaries` align with `examples` (rollout
 * spread and per-prompt means); `labels` and `annotator` decide what is unlabelled and, with the
 * dataset targets, the effective target the error is measured against.
 */
export function queueOrder(
  kind: QueueKind,
  examples: readonly ExampleCore[],
  summaries: readonly ExampleSummary[],
  labels: LabelState,
  annotator: string,
  prefer: TargetPreference = 'dataset',
  /** A calibrator, trained or applied (NaN where it cannot predict): the error queue measures from its predictions, the uncertainty queue orders by its spread. */
  calibrated?: { predictions: Float64Array; spread: Float64Array },
): number[] {
  switch (kind) {
    case 'all':
      return examples.map((_, i) => i);
    case 'unlabelled':
      return examples.flatMap((ex, i) => ((labels.get(ex.id)?.get(annotator)?.value ?? null) === null ? [i] : []));
    case 'disagreement':
      return byDescending(examples.length, (i) => (examples[i]!.rollouts.length >= 2 ? summaries[i]!.spread : null));
    case 'error':
      return byDescending(examples.length, (i) => {
        const ex = examples[i]!;
        const target = effectiveTarget(ex, labelValues(labels, ex.id), prefer);
        const c = calibrated?.predictions[i];
        const prediction = c !== undefined && Number.isFinite(c) ? c : (summaries[i]!.means[0] ?? null);
        return target === undefined || prediction === null ? null : Math.abs(prediction - target);
      });
    case 'uncertainty':
      return calibrated ? byDescending(examples.length, (i) => calibrated.spread[i] ?? null) : [];
  }
}
