// What the Compare screen's charts and reflection-pack panel read: the compared examples (ids,
// targets, A and B predictions), the versions' names, the dataset's scale and the bootstrap
// distribution of Δ CCC with its CI. Built from the compare slice; null until the point table of
// the current comparison has arrived.
import { useMemo } from 'react';
import type { Interval } from '../../domain/metrics/bootstrap.ts';
import type { Scale } from '../../domain/types.ts';
import type { CompareRun } from '../../store/compareSlice.ts';
import { selectCurrentInfo } from '../../store/selectors.ts';
import { useAppStore } from '../../store/useAppStore.ts';
import type { ExampleCore } from '../../domain/exampleCore.ts';

export interface CompareChartData {
  /** Names of versions A and B (equal when A = B). */
  names: { a: string; b: string };
  /** Ids of the compared examples (split, target and both predictions), in dataset order. */
  ids: string[];
  /** Per compared example, aligned with `ids`: the effective target and the two versions' predictions. */
  target: Float64Array;
  a: Float64Array;
  b: Float64Array;
  scale: Scale;
  /** Δ CCC = CCC(B) − CCC(A) in each bootstrap resample; null until the A-vs-B bootstrap is done (or without one). */
  deltaCcc: Float64Array | null;
  /** Its paired 95% CI (the percentile interval of `deltaCcc`); null until then, or when undefined. */
  deltaCccCi: Interval | null;
}

/** The chart data of a comparison run (pure; the hook memoises it). */
export function compareChartData(
  run: CompareRun | null,
  examples: readonly ExampleCore[] | null,
  scale: Scale | null,
): CompareChartData | null {
  if (!run?.pairs || !examples || !scale) return null;
  const { index, target, a, b } = run.pairs;
  const ids: string[] = new Array<string>(index.length);
  for (let i = 0; i < index.length; i++) {
    const ex = examples[index[i]!];
    if (!ex) return null; // another dataset's run (by example index): never chart it against these examples
    ids[i] = ex.id;
  }
  const ccc = run.comparison?.metrics.find((m) => m.metric === 'ccc');
  return {
    names: { a: run.request.a, b: run.request.b },
    ids,
    target,
    a,
    b,
    scale,
    deltaCcc: run.comparison && run.deltaCcc && run.deltaCcc.length > 0 ? run.deltaCcc : null,
    deltaCccCi: ccc?.ci ?? null,
  };
}

/** The open dataset's current comparison for the charts; null until its point table has arrived. */
export function useCompareChartData(): CompareChartData | null {
  const run = useAppStore((s) => s.compare);
  const examples = useAppStore((s) => s.examples);
  const currentId = useAppStore((s) => s.currentId);
  const scale = useAppStore((s) => selectCurrentInfo(s)?.scale ?? null);
  return useMemo(
    () => (run && run.datasetId === currentId ? compareChartData(run, examples, scale) : null),
    [run, examples, scale, currentId],
  );
}
