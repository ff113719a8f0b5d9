// Charts mounted one per animation frame: recharts builds each chart's store and lays out its axes
// when it mounts, so a screen of charts mounting in one frame stalls the page (bench:analyze,
// 100k examples: 274–400 ms frame gaps for four charts at once, 106–139 ms one per frame).
import { useEffect, useState, type ReactNode } from 'react';

/** How many of `total` charts to show: one more per animation frame from the first render on. */
export function useMountedCount(total: number): number {
  const [count, setCount] = useState(1);
  useEffect(() => {
    if (count >= total) return;
    const id = requestAnimationFrame(() => setCount((c) => c + 1));
    return () => cancelAnimationFrame(id);
  }, [count, total]);
  return count;
}

/** The chart, or until its turn a box of the chart's proportions, so nothing below moves. */
export function Later({ shown, children }: { shown: boolean; children: ReactNode }) {
  return shown ? children : <div className="rir-chart-pending" aria-hidden="true" />;
}
