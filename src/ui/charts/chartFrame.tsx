// The frame every chart shares, drawn by recharts: a fixed-size ComposedChart (deterministic, no
// measuring), numeric axes on exactly the domain we give with our ticks (`axisTicks`, `formatScore`),
// grid lines at those ticks, axis labels, the accessible name, and the hooks a custom mark layer uses
// to read recharts' scales (docs/ARCHITECTURE.md §11.4). No store: data comes in as props.
import { useMemo, type ReactNode } from 'react';
import {
  CartesianGrid,
  ComposedChart,
  ReferenceLine,
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
import './charts.css';

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
  /** Text of the tick at value v (e.g. a category name at its index). Default `formatScore`. Pass a stable function. */
  tickLabel?: (v: number) => string;
  /** Grid lines at this axis' ticks. Default true (false suits a category axis, whose ticks sit on the bars). */
  grid?: boolean;
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

type TickFormat = (v: number) => string;

function XTick({ x, y, payload, format = formatScore }: XAxisTickContentProps & { format?: TickFormat }) {
  return (
    <text className="rir-chart-tick-label" x={round2(Number(x))} y={Number(y)} dy="0.71em" textAnchor="middle">
      {format(Number(payload.value))}
    </text>
  );
}

function YTick({ x, y, payload, format = formatScore }: YAxisTickContentProps & { format?: TickFormat }) {
  return (
    <text className="rir-chart-tick-label" x={Number(x)} y={round2(Number(y))} textAnchor="end" dominantBaseline="middle">
      {format(Number(payload.value))}
    </text>
  );
}

/** Tick renderers with an axis' own tick text, or the default ones (stable either way). */
function useTicks(fx: TickFormat | undefined, fy: TickFormat | undefined) {
  const x = useMemo(() => (fx ? (p: XAxisTickContentProps) => <XTick {...p} format={fx} /> : XTick), [fx]);
  const y = useMemo(() => (fy ? (p: YAxisTickContentProps) => <YTick {...p} format={fy} /> : YTick), [fy]);
  return { x, y };
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
  const { x: xTick, y: yTick } = useTicks(x.tickLabel, y.tickLabel);
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
      <CartesianGrid
        className="rir-chart-gridline"
        horizontal={y.grid ?? true}
        vertical={x.grid ?? true}
        horizontalValues={yTicks}
        verticalValues={xTicks}
      />
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
        tick={xTick}
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
        tick={yTick}
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

/** A labelled reference line: vertical at x = value ('x') or horizontal at y = value ('y'). */
export interface ChartMarker {
  axis: 'x' | 'y';
  value: number;
  /** Shown beside the line, e.g. "bias 0.12". */
  label: string;
  /** Extra class of the line and its label (e.g. to tone it), besides `rir-chart-marker`. */
  className?: string;
}

/** Gap in px between a marker line and its label; vertical spacing of stacked x-marker labels. */
const MARKER_GAP = 3;
const MARKER_LINE_HEIGHT = 12;

/**
 * Labelled reference lines: each a recharts `ReferenceLine` (not drawn when its value is off the axis), its label a
 * text placed with recharts' scales: a horizontal line's at the plot's right end, just above the line; a vertical
 * line's beside it at the top of the plot, one line lower per earlier x marker so close lines do not overprint.
 */
export function ChartMarkers({ markers }: { markers: readonly ChartMarker[] }) {
  const scales = usePlotScales();
  let xRow = 0;
  return (
    <>
      {markers.map((m, i) => {
        if (!Number.isFinite(m.value)) return null;
        const cls = `rir-chart-marker${m.className ? ` ${m.className}` : ''}`;
        const line =
          m.axis === 'x' ? (
            <ReferenceLine key={`l${i}`} className={cls} x={m.value} />
          ) : (
            <ReferenceLine key={`l${i}`} className={cls} y={m.value} />
          );
        if (!scales) return line;
        const { area } = scales;
        let text: ReactNode = null;
        if (m.axis === 'x') {
          const px = scales.x(m.value);
          if (px >= area.left - 0.01 && px <= area.right + 0.01) {
            const row = xRow++;
            const right = px > (area.left + area.right) / 2;
            text = (
              <text
                key={`t${i}`}
                className={`rir-chart-marker-label${m.className ? ` ${m.className}` : ''}`}
                x={round2(right ? px - MARKER_GAP : px + MARKER_GAP)}
                y={round2(area.top + MARKER_LINE_HEIGHT * (row + 1))}
                textAnchor={right ? 'end' : 'start'}
              >
                {m.label}
              </text>
            );
          }
        } else {
          const py = scales.y(m.value);
          if (py >= area.top - 0.01 && py <= area.bottom + 0.01) {
            text = (
              <text
                key={`t${i}`}
                className={`rir-chart-marker-label${m.className ? ` ${m.className}` : ''}`}
                x={round2(area.right - MARKER_GAP)}
                y={round2(py - MARKER_GAP)}
                textAnchor="end"
              >
                {m.label}
              </text>
            );
          }
        }
        return [line, text];
      })}
    </>
  );
}

/** Same markers, value by value (for memo comparators). */
export const sameMarkers = (a: readonly ChartMarker[] | undefined, b: readonly ChartMarker[] | undefined): boolean =>
  a === b ||
  (!!a &&
    !!b &&
    a.length === b.length &&
    a.every((m, i) => m.axis === b[i]!.axis && m.value === b[i]!.value && m.label === b[i]!.label && m.className === b[i]!.className));
