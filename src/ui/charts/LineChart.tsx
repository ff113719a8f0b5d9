// Line chart of a few series against a shared x (the Train screen's live curves: loss and CCC per epoch for each
// configuration), on recharts: the shared frame (axes, grid, linear or log scale) and the lines as a custom layer on
// its scales, one <path> per series. Not a recharts Line each: live curves redraw while training, and 27 recharts
// Lines cost about 100 ms a redraw (each registers in recharts' store and re-runs its selectors), a path a fraction
// of a millisecond. Coloured by `colour`, so the series of one configuration share a hue (`LineLegend.tsx` names
// them); the highlighted series are drawn last and thick. No store.
import { memo, useMemo } from 'react';
import { DefaultZIndexes, ZIndexLayer } from 'recharts';
import { widenRange, type Range } from '../../domain/binning.ts';
import { axisTicks } from '../axisTicks.ts';
import { ChartFrame, NoData, usePlotScales } from './chartFrame.tsx';
import { logTicks } from './logTicks.ts';

export interface LineSeries {
  label: string;
  xs: readonly number[];
  ys: readonly number[];
  /** Dashed (e.g. validation beside training). */
  dashed?: boolean;
  /** Colour slot (0–11, wrapping): series of one configuration share it. Default the series' index. */
  colour?: number;
}

export interface LineChartProps {
  series: readonly LineSeries[];
  xLabel: string;
  yLabel: string;
  ariaLabel: string;
  /** Index (or indices) into `series` drawn on top, thicker. */
  highlight?: number | readonly number[];
  /** x domain; default the range of the data. Points past it are not clipped: give one that holds them. */
  xDomain?: { min: number; max: number };
  /** y domain; default the range of the data. Values outside it are drawn on the plot's edge. */
  yDomain?: { min: number; max: number };
  /**
   * 'log' spaces y by ratio, so a loss that falls from 3 to 0.8 shows its first epochs and its last on one axis.
   * Only positive values are drawn on it; with none, or a `yDomain` that is not positive, the axis stays linear.
   * Default 'linear'.
   */
  yScale?: 'linear' | 'log';
  /**
   * Round the data's range outward to tick values (on a log axis to m · 10^k, m = 1…9): the axes then stay put while
   * live data grows and only the lines are redrawn, which is cheap (a new domain re-lays recharts' axes). Default false.
   */
  nice?: boolean;
  /** Size in px of the drawing, which is stretched to its container's width. Default 460 × 260. */
  width?: number;
  height?: number;
}

/** At most this many points per series, so a long run stays a light path. */
const MAX_POINTS = 300;
/** Colour slots (`.rir-line-0` … in ui.css): enough for the default 3 × 3 grid without a repeat. */
export const LINE_COLOURS = 12;

/** Every `stride`-th point plus the last: at most ~`max` points per series. */
function thin(n: number, max: number): number[] {
  const stride = Math.max(1, Math.ceil(n / max));
  const out: number[] = [];
  for (let i = 0; i < n; i += stride) out.push(i);
  if (n > 0 && out[out.length - 1] !== n - 1) out.push(n - 1);
  return out;
}

function extent(series: readonly LineSeries[], positiveOnly: boolean): { x: Range; y: Range } | null {
  let xMin = Infinity;
  let xMax = -Infinity;
  let yMin = Infinity;
  let yMax = -Infinity;
  for (const s of series) {
    s.xs.forEach((x, i) => {
      const y = s.ys[i]!;
      if (!Number.isFinite(x) || !Number.isFinite(y) || (positiveOnly && !(y > 0))) return;
      xMin = Math.min(xMin, x);
      xMax = Math.max(xMax, x);
      yMin = Math.min(yMin, y);
      yMax = Math.max(yMax, y);
    });
  }
  return xMin > xMax ? null : { x: { min: xMin, max: xMax }, y: { min: yMin, max: yMax } };
}

/** `d` widened outward to the tick spacing `axisTicks` picks for it. */
function niceLinear(d: Range): Range {
  const ticks = axisTicks(d);
  const step = ticks.length > 1 ? ticks[1]! - ticks[0]! : 0;
  if (!(step > 0)) return d;
  const round = (v: number) => Number(v.toFixed(10));
  return { min: round(Math.floor(d.min / step + 1e-9) * step), max: round(Math.ceil(d.max / step - 1e-9) * step) };
}

/** `d` (positive) widened outward to values m · 10^k with m = 1…9. */
function niceLog(d: Range): Range {
  const down = (v: number) => {
    const p = 10 ** Math.floor(Math.log10(v));
    return Number((Math.floor(v / p + 1e-9) * p).toPrecision(12));
  };
  const up = (v: number) => {
    const p = 10 ** Math.floor(Math.log10(v));
    return Number((Math.ceil(v / p - 1e-9) * p).toPrecision(12));
  };
  return { min: down(d.min), max: up(d.max) };
}

/** A log domain with room: a single value becomes a factor of √10 either side. */
function logDomain(d: Range): Range {
  return d.max > d.min ? d : { min: d.min / Math.sqrt(10), max: d.max * Math.sqrt(10) };
}

export const LineChart = memo(function LineChart({
  series,
  xLabel,
  yLabel,
  ariaLabel,
  highlight,
  xDomain,
  yDomain,
  yScale = 'linear',
  nice = false,
  width = 460,
  height = 260,
}: LineChartProps) {
  const positive = extent(series, true);
  const log = yScale === 'log' && (yDomain ? yDomain.min > 0 : positive !== null);
  const data = log ? positive : extent(series, false);
  const round = nice && data !== null;
  const dx = widenRange(xDomain ?? (round ? niceLinear(data.x) : (data?.x ?? { min: 0, max: 1 })));
  const dy = log
    ? logDomain(yDomain ?? (round ? niceLog(data.y) : data!.y))
    : widenRange(yDomain ?? (round ? niceLinear(data.y) : (data?.y ?? { min: 0, max: 1 })));

  const highlighted = new Set(highlight === undefined ? [] : typeof highlight === 'number' ? [highlight] : highlight);
  const order = series.map((_, i) => i).filter((i) => !highlighted.has(i));
  order.push(...series.map((_, i) => i).filter((i) => highlighted.has(i)));
  return (
    <ChartFrame
      kind="lines"
      ariaLabel={`${ariaLabel}: ${series.length} series`}
      width={width}
      height={height}
      fill
      x={{ domain: dx, ticks: axisTicks(dx), label: xLabel }}
      y={{ domain: dy, ticks: log ? logTicks(dy.min, dy.max) : axisTicks(dy), label: yLabel, scale: log ? 'log' : 'linear' }}
    >
      {data === null ? (
        <NoData />
      ) : (
        <ZIndexLayer zIndex={DefaultZIndexes.line}>
          <Lines series={series} order={order} highlighted={highlighted} dy={dy} log={log} />
        </ZIndexLayer>
      )}
    </ChartFrame>
  );
});

interface LinesProps {
  series: readonly LineSeries[];
  /** Indices into `series`, in drawing order. */
  order: readonly number[];
  highlighted: ReadonlySet<number>;
  dy: Range;
  log: boolean;
}

/** The custom layer: a path per series through its (thinned) finite points, placed with recharts' scales. */
function Lines({ series, order, highlighted, dy, log }: LinesProps) {
  const scales = usePlotScales();
  const paths = useMemo(() => {
    if (!scales) return null;
    return series.map((s) => {
      const parts: string[] = [];
      for (const j of thin(s.xs.length, MAX_POINTS)) {
        const x = s.xs[j]!;
        const y = s.ys[j]!;
        if (!Number.isFinite(x) || !Number.isFinite(y) || (log && !(y > 0))) continue;
        parts.push(`${parts.length ? 'L' : 'M'}${scales.x(x)},${scales.y(Math.min(Math.max(y, dy.min), dy.max))}`);
      }
      return parts.join('');
    });
  }, [scales, series, dy.min, dy.max, log]);
  if (!paths) return null;
  return (
    <g className="rir-lines">
      {order.map((i) => {
        const s = series[i]!;
        return (
          <path
            key={i}
            className={`rir-line rir-line-${(s.colour ?? i) % LINE_COLOURS}${highlighted.has(i) ? ' rir-line-highlight' : ''}`}
            data-series={s.label}
            d={paths[i] || undefined}
            strokeDasharray={s.dashed ? '4 3' : undefined}
          >
            <title>{s.label}</title>
          </path>
        );
      })}
    </g>
  );
}
