// Overlaid histograms, e.g. the distribution of predictions against that of targets (docs/ARCHITECTURE.md §11.4). Pure SVG from
// props (bins come from domain/binning.ts); no store, no chart library.
import { memo } from 'react';
import type { HistogramBins } from '../../domain/binning.ts';
import { axisTicks } from '../axisTicks.ts';
import { formatRange } from '../formatScore.ts';
import { ChartAxes, ChartSvg, linearScale, MARGIN, NoData, plotArea, round2, ticksFor, type LinearScale } from './chartFrame.tsx';

export interface HistogramSeries {
  label: string;
  bins: HistogramBins;
  /** 'prediction': filled bars in the accent colour; 'target': an outline step line in the target colour. */
  tone: 'prediction' | 'target';
}

export interface HistogramChartProps {
  /**
   * Drawn in order, each on its own edges; the x axis spans all of them. For a comparison that reads
   * bar against bar, pass bins with the same edges (e.g. `histogramForScale` on one scale).
   */
  series: readonly HistogramSeries[];
  xLabel: string;
  /** Scale whose values label the x axis (ticks at its step, inside the bins' span). Default: ticks over the bins' span. */
  scale?: { min: number; max: number; step?: number };
  /** Name of the chart; the chart appends what it drew (": Predictions 120 values, Targets 118 values"). */
  ariaLabel: string;
  /** Size in px (the SVG scales down to its container). Default 480 × 240. */
  width?: number;
  height?: number;
}

// Layout. HistogramChart.test.tsx computes expected positions from these by hand.
/** Extra top margin holds the legend. */
export const HISTOGRAM_MARGIN = { ...MARGIN, top: 32 };
const LEGEND_Y = 12;
const SWATCH = 10;
/** Legend item advance: swatch and gap, then an estimated 6.5 px per character, then a gap. */
const LEGEND_GAP = 16;
const CHAR_PX = 6.5;

const total = (bins: HistogramBins) => bins.counts.reduce((a, b) => a + b, 0);
const usable = (bins: HistogramBins) =>
  bins.edges.length >= 2 && bins.counts.length === bins.edges.length - 1 && bins.edges.every(Number.isFinite);

/** Top of the count axis: the max count rounded up to the tick spacing `axisTicks` picks for it. */
function countTop(maxCount: number): number {
  const ticks = axisTicks({ min: 0, max: maxCount, step: 1 });
  const step = ticks.length > 1 ? ticks[1]! - ticks[0]! : 1;
  return Math.ceil(maxCount / step) * step;
}

function bars(label: string, bins: HistogramBins, sx: LinearScale, sy: LinearScale) {
  return bins.counts.map((count, i) => {
    if (!(count > 0)) return null;
    const x = sx(bins.edges[i]!);
    const y = sy(count);
    return (
      <rect
        key={i}
        className="rir-chart-bar"
        data-count={count}
        x={x}
        y={y}
        width={round2(sx(bins.edges[i + 1]!) - x)}
        height={round2(sy(0) - y)}
      >
        <title>{`${label} ${formatRange(bins.edges[i]!, bins.edges[i + 1]!)}: ${count}`}</title>
      </rect>
    );
  });
}

/** Outline of the histogram from the baseline up and along each bin's count and back down. */
function stepPath(bins: HistogramBins, sx: LinearScale, sy: LinearScale): string {
  const parts = [`M${sx(bins.edges[0]!)},${sy(0)}`];
  bins.counts.forEach((count, i) => parts.push(`V${sy(count)}`, `H${sx(bins.edges[i + 1]!)}`));
  parts.push(`V${sy(0)}`);
  return parts.join(' ');
}

export const HistogramChart = memo(function HistogramChart({
  series,
  xLabel,
  scale,
  ariaLabel,
  width = 480,
  height = 240,
}: HistogramChartProps) {
  const area = plotArea(width, height, HISTOGRAM_MARGIN);
  const drawn = series.filter((s) => usable(s.bins));
  const lo = drawn.reduce((m, s) => Math.min(m, s.bins.edges[0]!), Infinity);
  const hi = drawn.reduce((m, s) => Math.max(m, s.bins.edges[s.bins.edges.length - 1]!), -Infinity);
  const maxCount = drawn.reduce((m, s) => s.bins.counts.reduce((mm, c) => Math.max(mm, c), m), 0);
  const empty = maxCount <= 0;
  const domain = drawn.length ? { min: lo, max: hi } : { min: scale?.min ?? 0, max: scale?.max ?? 1 };
  const sx = linearScale(domain, area.left, area.right);
  const sy = linearScale({ min: 0, max: empty ? 1 : countTop(maxCount) }, area.bottom, area.top);
  const xTicks = scale ? axisTicks(scale).filter((t) => t >= sx.domain.min && t <= sx.domain.max) : ticksFor(sx);

  let legendX = area.left;
  const legend = series.map((s, i) => {
    const x = legendX;
    legendX += SWATCH + 4 + s.label.length * CHAR_PX + LEGEND_GAP;
    return (
      <g key={i} className={`rir-chart-legend-item rir-chart-tone-${s.tone}`}>
        <rect className="rir-chart-swatch" x={x} y={LEGEND_Y - SWATCH / 2} width={SWATCH} height={SWATCH} />
        <text x={x + SWATCH + 4} y={LEGEND_Y} dominantBaseline="middle">
          {s.label}
        </text>
      </g>
    );
  });

  const summary = empty ? 'no data' : series.map((s) => `${s.label} ${total(s.bins)} values`).join(', ');
  return (
    <ChartSvg kind="histogram" ariaLabel={`${ariaLabel}: ${summary}`} width={width} height={height}>
      <ChartAxes area={area} x={{ scale: sx, label: xLabel, ticks: xTicks }} y={{ scale: sy, label: 'Count', ticks: ticksFor(sy, 1) }} />
      {!empty &&
        drawn.map((s, i) =>
          s.tone === 'prediction' ? (
            <g key={i} className="rir-chart-series rir-chart-tone-prediction">
              {bars(s.label, s.bins, sx, sy)}
            </g>
          ) : (
            <path key={i} className="rir-chart-series rir-chart-tone-target rir-chart-step" d={stepPath(s.bins, sx, sy)} />
          ),
        )}
      <g className="rir-chart-legend">{legend}</g>
      {empty && <NoData area={area} />}
    </ChartSvg>
  );
});
