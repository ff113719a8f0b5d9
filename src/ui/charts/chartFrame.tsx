// The frame every chart shares, drawn by recharts: a fixed-size ComposedChart (deterministic, no
// measuring), numeric axes on exactly the domain we give with our ticks (`axisTicks`, `formatScore`),
// grid lines at those ticks, axis labels, the accessible name, and the hooks a custom mark layer uses
// to read recharts' scales (docs/ARCHITECTURE.md §11.4). No store: data comes in as props.
import { useMemo, type ReactNode } from 'react';
import {
  CartesianGrid,
  ComposedChart,
  usePlotArea,
  useXAxisScale,
  useYAxisScale,
  XAxis,
  YAxis,
  type LabelProps,
  type XAxisTickContentProps,
  type YAxisTickContentProps,
} from 'recharts';
import type { Range } from '../../domain/binning.ts';
import { formatScore } from '../formatScore.ts';
import '../ui.css';

export interface Margin {
  left: number;
  right: number;
  top: number;
  bottom: number;
}

/**
 * Default room around the plot in px: y tick labels + axis label on the left (recharts' YAxis width),
 * x tick labels + axis label below (the XAxis height).
 */
export const MARGIN: Margin = { left: 56, right: 16, top: 20, bottom: 44 };
/** Tick mark length, gap from tick mark to tick label, and the axis labels' offsets from the plot edge. */
const TICK = 4;
const TICK_GAP = 4;
const X_AXIS_LABEL_DY = 36;
const Y_AXIS_LABEL_X = 14;

/** Pixel box of the plot inside the svg (y grows downwards: `top` < `bottom`). */
export interface PlotArea {
  left: number;
  right: number;
  top: number;
  bottom: number;
}

export const round2 = (v: number): number => Math.round(v * 100) / 100;

export interface FrameAxis {
  /** Exactly the axis' extent (widen a degenerate one before: `widenRange`); for 'log', positive. */
  domain: Range;
  /** Tick values, e.g. from `axisTicks`; labelled with `formatScore`. Grid lines are drawn at them. */
  ticks: readonly number[];
  label: string;
  /** Default 'linear'. */
  scale?: 'linear' | 'log';
}

export interface ChartFrameProps {
  /** Chart kind, for the class `rir-chart-<kind>`. */
  kind: string;
  /** The whole accessible name, summary included. */
  ariaLabel: string;
  width: number;
  height: number;
  margin?: Margin;
  x: FrameAxis;
  y: FrameAxis;
  /**
   * True (default): the axes keep exactly their domain whatever recharts series hold, and those series are
   * clipped to the plot. False: series are not clipped, and must then stay inside the domain (pass data
   * already limited to it), or recharts would widen the axis to fit them.
   */
  strict?: boolean;
  /** Stretch to the container's width, up as well as down (height follows the aspect ratio). Default: only shrink. */
  fill?: boolean;
  /** Recharts series and reference lines, and custom layers (which read the scales with `usePlotScales`). */
  children?: ReactNode;
}

/** The svg keeps its `width × height` drawing and scales with its container (viewBox, auto height): down only, or to fill it. */
const SHRINK = { maxWidth: '100%', height: 'auto' } as const;
const FILL = { width: '100%', height: 'auto' } as const;

function XTick({ x, y, payload }: XAxisTickContentProps) {
  return (
    <text className="rir-chart-tick-label" x={round2(Number(x))} y={Number(y)} dy="0.71em" textAnchor="middle">
      {formatScore(Number(payload.value))}
    </text>
  );
}

function YTick({ x, y, payload }: YAxisTickContentProps) {
  return (
    <text className="rir-chart-tick-label" x={Number(x)} y={round2(Number(y))} textAnchor="end" dominantBaseline="middle">
      {formatScore(Number(payload.value))}
    </text>
  );
}

/** Box of an axis as recharts hands it to its label: the strip beside the plot the axis occupies. */
function axisBox(props: LabelProps): { x: number; y: number; width: number; height: number } | null {
  const vb = props.viewBox;
  return vb && 'width' in vb && 'height' in vb
    ? { x: Number(vb.x ?? 0), y: Number(vb.y ?? 0), width: Number(vb.width ?? 0), height: Number(vb.height ?? 0) }
    : null;
}

function XLabel(props: LabelProps) {
  const box = axisBox(props);
  if (!box) return null;
  return (
    <text className="rir-chart-axis-label" x={round2(box.x + box.width / 2)} y={box.y + X_AXIS_LABEL_DY} textAnchor="middle">
      {props.value}
    </text>
  );
}

function YLabel(props: LabelProps) {
  const box = axisBox(props);
  if (!box) return null;
  const midY = round2(box.y + box.height / 2);
  return (
    <text
      className="rir-chart-axis-label"
      x={-midY}
      y={box.x + Y_AXIS_LABEL_X}
      transform="rotate(-90)"
      textAnchor="middle"
      dominantBaseline="middle"
    >
      {props.value}
    </text>
  );
}

/** The same array while the values are the same, so a parent re-render does not make recharts rebuild its scales. */
function useStable(values: readonly number[]): number[] {
  const key = values.join(',');
  // eslint-disable-next-line react-hooks/exhaustive-deps -- keyed on the values, not the array's identity
  return useMemo(() => [...values], [key]);
}

export function ChartFrame({
  kind,
  ariaLabel,
  width,
  height,
  margin = MARGIN,
  x,
  y,
  strict = true,
  fill = false,
  children,
}: ChartFrameProps) {
  const xDomain = useStable([x.domain.min, x.domain.max]);
  const yDomain = useStable([y.domain.min, y.domain.max]);
  const xTicks = useStable(x.ticks);
  const yTicks = useStable(y.ticks);
  const chartMargin = useMemo(() => ({ top: margin.top, right: margin.right, bottom: 0, left: 0 }), [margin.top, margin.right]);
  return (
    <ComposedChart
      width={width}
      height={height}
      margin={chartMargin}
      className={`rir-chart rir-chart-${kind}`}
      style={fill ? FILL : SHRINK}
      role="img"
      aria-label={ariaLabel}
      accessibilityLayer={false}
    >
      <CartesianGrid className="rir-chart-gridline" horizontalValues={yTicks} verticalValues={xTicks} />
      <XAxis
        type="number"
        dataKey="x"
        scale={x.scale ?? 'linear'}
        domain={xDomain}
        allowDataOverflow={strict}
        ticks={xTicks}
        interval={0}
        height={margin.bottom}
        tickSize={TICK}
        tickMargin={TICK_GAP}
        tick={XTick}
        label={{ value: x.label, content: XLabel }}
        className="rir-chart-axis rir-chart-axis-x"
      />
      <YAxis
        type="number"
        dataKey="y"
        scale={y.scale ?? 'linear'}
        domain={yDomain}
        allowDataOverflow={strict}
        ticks={yTicks}
        interval={0}
        width={margin.left}
        tickSize={TICK}
        tickMargin={TICK_GAP}
        tick={YTick}
        label={{ value: y.label, content: YLabel }}
        className="rir-chart-axis rir-chart-axis-y"
      />
      {children}
    </ComposedChart>
  );
}

export interface PlotScales {
  /** Pixel of a data value, from recharts' x and y axis scales, rounded to 0.01 px; not clamped. */
  x(v: number): number;
  y(v: number): number;
  area: PlotArea;
}

/**
 * recharts' scales and plot box for a custom layer inside a `ChartFrame`: `useXAxisScale`, `useYAxisScale`
 * and `usePlotArea`. Null until recharts has laid the axes out (the first commit), then stable while the
 * axes and size stay the same, so a layer can memoise its marks on it.
 */
export function usePlotScales(): PlotScales | null {
  const sx = useXAxisScale();
  const sy = useYAxisScale();
  const plot = usePlotArea();
  const left = plot?.x;
  const top = plot?.y;
  const w = plot?.width;
  const h = plot?.height;
  return useMemo(() => {
    if (!sx || !sy || left === undefined || top === undefined || w === undefined || h === undefined) return null;
    return {
      x: (v: number) => round2(sx(v) ?? NaN),
      y: (v: number) => round2(sy(v) ?? NaN),
      area: { left, top, right: left + w, bottom: top + h },
    };
  }, [sx, sy, left, top, w, h]);
}

/** "No data", centred on the plot. */
export function NoData() {
  const scales = usePlotScales();
  if (!scales) return null;
  const { area } = scales;
  return (
    <text
      className="rir-chart-empty"
      x={round2((area.left + area.right) / 2)}
      y={round2((area.top + area.bottom) / 2)}
      textAnchor="middle"
      dominantBaseline="middle"
    >
      No data
    </text>
  );
}

/** A short note above the plot's top-right corner (e.g. "density of 6000 points"). */
export function PlotNote({ children }: { children: string }) {
  const scales = usePlotScales();
  if (!scales) return null;
  return (
    <text className="rir-chart-note" x={scales.area.right} y={scales.area.top - 6} textAnchor="end">
      {children}
    </text>
  );
}
