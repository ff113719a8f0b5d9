// Line chart of a few series against a shared x (the Train screen's live curves: loss and CCC per
// epoch for each configuration). Pure SVG from props; the highlighted series is drawn last and thick.
import { memo } from 'react';
import { ChartAxes, ChartSvg, linearScale, NoData, plotArea, ticksFor } from './chartFrame.tsx';

export interface LineSeries {
  label: string;
  xs: readonly number[];
  ys: readonly number[];
  /** Dashed (e.g. training beside validation). */
  dashed?: boolean;
}

export interface LineChartProps {
  series: readonly LineSeries[];
  xLabel: string;
  yLabel: string;
  ariaLabel: string;
  /** Index into `series` drawn on top, thicker. */
  highlight?: number;
  /** y domain; default the range of the data. */
  yDomain?: { min: number; max: number };
  width?: number;
  height?: number;
}

/** Every `stride`-th point plus the last: at most ~`max` points per series, so a long run stays a light path. */
function thin(n: number, max: number): number[] {
  const stride = Math.max(1, Math.ceil(n / max));
  const out: number[] = [];
  for (let i = 0; i < n; i += stride) out.push(i);
  if (n > 0 && out[out.length - 1] !== n - 1) out.push(n - 1);
  return out;
}

export const LineChart = memo(function LineChart({
  series,
  xLabel,
  yLabel,
  ariaLabel,
  highlight,
  yDomain,
  width = 460,
  height = 260,
}: LineChartProps) {
  const area = plotArea(width, height);
  let xMin = Infinity;
  let xMax = -Infinity;
  let yMin = Infinity;
  let yMax = -Infinity;
  for (const s of series) {
    s.xs.forEach((x, i) => {
      const y = s.ys[i]!;
      if (!Number.isFinite(x) || !Number.isFinite(y)) return;
      xMin = Math.min(xMin, x);
      xMax = Math.max(xMax, x);
      yMin = Math.min(yMin, y);
      yMax = Math.max(yMax, y);
    });
  }
  const empty = xMin > xMax;
  const sx = linearScale(empty ? { min: 0, max: 1 } : { min: xMin, max: xMax }, area.left, area.right);
  const sy = linearScale(yDomain ?? (empty ? { min: 0, max: 1 } : { min: yMin, max: yMax }), area.bottom, area.top);
  const order = series.map((_, i) => i).filter((i) => i !== highlight);
  if (highlight !== undefined && series[highlight]) order.push(highlight);
  return (
    <ChartSvg kind="lines" ariaLabel={`${ariaLabel}: ${series.length} series`} width={width} height={height}>
      <ChartAxes area={area} x={{ scale: sx, label: xLabel, ticks: ticksFor(sx) }} y={{ scale: sy, label: yLabel, ticks: ticksFor(sy) }} />
      {empty ? (
        <NoData area={area} />
      ) : (
        order.map((i) => {
          const s = series[i]!;
          const points = thin(s.xs.length, 300)
            .filter((j) => Number.isFinite(s.ys[j]!))
            .map((j) => `${sx(s.xs[j]!)},${sy(sy.clamp(s.ys[j]!))}`)
            .join(' ');
          return (
            <polyline
              key={i}
              className={`rir-line rir-line-${i % 8}${i === highlight ? ' rir-line-highlight' : ''}`}
              data-series={s.label}
              points={points}
              fill="none"
              strokeDasharray={s.dashed ? '4 3' : undefined}
            >
              <title>{s.label}</title>
            </polyline>
          );
        })
      )}
    </ChartSvg>
  );
});
