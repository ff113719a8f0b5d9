// Overlaid histograms, e.g. the distribution of predictions against that of targets (docs/ARCHITECTURE.md §11.4), on
// recharts: a bar per bin is a ReferenceArea from edge to edge (a numeric-axis Bar is sized from the gaps between data
// points and would not sit on the bin edges), an outline is a stepped Line. Bins come from domain/binning.ts; no store.
import { Fragment, memo } from 'react';
import { Line, ReferenceArea } from 'recharts';
import type { HistogramBins } from '../../domain/binning.ts';
import { widenRange } from '../../domain/binning.ts';
import { axisTicks } from '../axisTicks.ts';
import { formatRange } from '../formatScore.ts';
import { ChartFrame, ChartMarkers, MARGIN, NoData, round2, type ChartMarker } from './chartFrame.tsx';

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
  /** Labelled vertical lines (e.g. 0 and an interval's bounds); one off the x axis is not drawn. Pass a stable array. */
  markers?: readonly ChartMarker[];
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

interface BarShapeProps {
  x?: number;
  y?: number;
  width?: number;
  height?: number;
}

/** ReferenceArea shape of one bin (a render function recharts calls): recharts places it, we draw it as a named rect. */
const barShape =
  (count: number, title: string) =>
  ({ x = 0, y = 0, width = 0, height = 0 }: BarShapeProps) => (
    <rect className="rir-chart-bar" data-count={count} x={round2(x)} y={round2(y)} width={round2(width)} height={round2(height)}>
      <title>{title}</title>
    </rect>
  );

function bars(label: string, bins: HistogramBins) {
  return bins.counts.map((count, i) => {
    if (!(count > 0)) return null;
    const lo = bins.edges[i]!;
    const hi = bins.edges[i + 1]!;
    return (
      <ReferenceArea
        key={i}
        className="rir-chart-series rir-chart-tone-prediction"
        x1={lo}
        x2={hi}
        y1={0}
        y2={count}
        ifOverflow="visible"
        shape={barShape(count, `${label} ${formatRange(lo, hi)}: ${count}`)}
      />
    );
  });
}

/** The outline as points for a stepAfter line: up from the baseline, along each bin's count, back down. */
function stepPoints(bins: HistogramBins): { x: number; y: number }[] {
  const n = bins.counts.length;
  return [
    { x: bins.edges[0]!, y: 0 },
    ...bins.counts.map((count, i) => ({ x: bins.edges[i]!, y: count })),
    { x: bins.edges[n]!, y: bins.counts[n - 1]! },
    { x: bins.edges[n]!, y: 0 },
  ];
}

/** Left edge of each legend item: from the plot's left, each advanced past the one before. */
function legendXs(series: readonly HistogramSeries[]): number[] {
  const xs: number[] = [];
  let x = HISTOGRAM_MARGIN.left;
  for (const s of series) {
    xs.push(x);
    x += SWATCH + 4 + s.label.length * CHAR_PX + LEGEND_GAP;
  }
  return xs;
}

function Legend({ series }: { series: readonly HistogramSeries[] }) {
  const xs = legendXs(series);
  return (
    <g className="rir-chart-legend">
      {series.map((s, i) => {
        const x = xs[i]!;
        return (
          <g key={i} className={`rir-chart-legend-item rir-chart-tone-${s.tone}`}>
            <rect className="rir-chart-swatch" x={x} y={LEGEND_Y - SWATCH / 2} width={SWATCH} height={SWATCH} />
            <text x={x + SWATCH + 4} y={LEGEND_Y} dominantBaseline="middle">
              {s.label}
            </text>
          </g>
        );
      })}
    </g>
  );
}

export const HistogramChart = memo(function HistogramChart({
  series,
  xLabel,
  scale,
  markers,
  ariaLabel,
  width = 480,
  height = 240,
}: HistogramChartProps) {
  const drawn = series.filter((s) => usable(s.bins));
  const lo = drawn.reduce((m, s) => Math.min(m, s.bins.edges[0]!), Infinity);
  const hi = drawn.reduce((m, s) => Math.max(m, s.bins.edges[s.bins.edges.length - 1]!), -Infinity);
  const maxCount = drawn.reduce((m, s) => s.bins.counts.reduce((mm, c) => Math.max(mm, c), m), 0);
  const empty = maxCount <= 0;
  const dx = widenRange(drawn.length ? { min: lo, max: hi } : { min: scale?.min ?? 0, max: scale?.max ?? 1 });
  const dy = { min: 0, max: empty ? 1 : countTop(maxCount) };
  const xTicks = scale ? axisTicks(scale).filter((t) => t >= dx.min && t <= dx.max) : axisTicks(dx);

  const summary = empty ? 'no data' : series.map((s) => `${s.label} ${total(s.bins)} values`).join(', ');
  return (
    <ChartFrame
      kind="histogram"
      ariaLabel={`${ariaLabel}: ${summary}`}
      width={width}
      height={height}
      margin={HISTOGRAM_MARGIN}
      x={{ domain: dx, ticks: xTicks, label: xLabel }}
      y={{ domain: dy, ticks: axisTicks({ ...dy, step: 1 }), label: 'Count' }}
    >
      {!empty &&
        drawn.map((s, i) =>
          s.tone === 'prediction' ? (
            <Fragment key={i}>{bars(s.label, s.bins)}</Fragment>
          ) : (
            <Line
              key={i}
              data={stepPoints(s.bins)}
              dataKey="y"
              name={s.label}
              type="stepAfter"
              className="rir-chart-series rir-chart-tone-target rir-chart-step"
              dot={false}
              activeDot={false}
              legendType="none"
              isAnimationActive={false}
            />
          ),
        )}
      {!empty && markers && markers.length > 0 && <ChartMarkers markers={markers} />}
      <Legend series={series} />
      {empty && <NoData />}
    </ChartFrame>
  );
});
