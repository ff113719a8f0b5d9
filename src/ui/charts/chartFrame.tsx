// The frame every Analyze chart shares: margins, plot area, linear scales, axes with ticks and labels, the
// responsive <svg> and the "No data" note. Pure SVG from props; no store, no chart library.
import type { ReactNode } from 'react';
import { widenRange, type Range } from '../../domain/binning.ts';
import { axisTicks } from '../axisTicks.ts';
import { formatScore } from '../formatScore.ts';
import '../ui.css';

export interface Margin {
  left: number;
  right: number;
  top: number;
  bottom: number;
}

/** Default margins in px: room for y tick labels + axis label on the left, x tick labels + axis label below. */
export const MARGIN: Margin = { left: 56, right: 16, top: 20, bottom: 44 };
/** Tick mark length and the gaps from axis to tick label and from tick label to axis label. */
const TICK = 4;
const X_TICK_LABEL_DY = 16;
const X_AXIS_LABEL_DY = 36;
const Y_TICK_LABEL_DX = 8;
const Y_AXIS_LABEL_X = 14;

/** Pixel box of the plot inside the svg (y grows downwards: `top` < `bottom`). */
export interface PlotArea {
  left: number;
  right: number;
  top: number;
  bottom: number;
}

/** Plot box of a `width × height` chart; at least 1 px wide and high however small the chart. */
export function plotArea(width: number, height: number, margin: Margin = MARGIN): PlotArea {
  const left = margin.left;
  const top = margin.top;
  return { left, top, right: Math.max(left + 1, width - margin.right), bottom: Math.max(top + 1, height - margin.bottom) };
}

export const round2 = (v: number): number => Math.round(v * 100) / 100;

export interface LinearScale {
  /** Pixel of a data value, rounded to 0.01 px; not clamped. */
  (v: number): number;
  /** Data domain after {@link widenRange} (a degenerate domain becomes one unit around it). */
  readonly domain: Range;
  /** Data value of a pixel (unrounded). */
  invert(px: number): number;
  /** `v` limited to the domain, for drawing out-of-range values on the plot's edge. */
  clamp(v: number): number;
}

/** Maps `domain.min` → `from` px and `domain.max` → `to` px; for a y axis pass (bottom, top). */
export function linearScale(domain: Range, from: number, to: number): LinearScale {
  const d = widenRange(domain);
  const k = (to - from) / (d.max - d.min);
  const scale = (v: number) => round2(from + (v - d.min) * k);
  return Object.assign(scale, {
    domain: d,
    invert: (px: number) => d.min + (px - from) / k,
    clamp: (v: number) => Math.min(Math.max(v, d.min), d.max),
  });
}

/** Tick values for an axis: `axisTicks` of the (widened) domain, at `step` when it gives few enough. */
export function ticksFor(scale: LinearScale, step?: number): number[] {
  return axisTicks({ ...scale.domain, step });
}

export interface AxisSpec {
  scale: LinearScale;
  label: string;
  ticks: readonly number[];
}

/** Grid lines, both axes with tick marks, tick labels (via `formatScore`) and axis labels. */
export function ChartAxes({ area, x, y }: { area: PlotArea; x: AxisSpec; y: AxisSpec }) {
  const midX = round2((area.left + area.right) / 2);
  const midY = round2((area.top + area.bottom) / 2);
  return (
    <>
      <g className="rir-chart-grid">
        {x.ticks.map((t) => (
          <line key={`x${t}`} x1={x.scale(t)} x2={x.scale(t)} y1={area.top} y2={area.bottom} />
        ))}
        {y.ticks.map((t) => (
          <line key={`y${t}`} x1={area.left} x2={area.right} y1={y.scale(t)} y2={y.scale(t)} />
        ))}
      </g>
      <g className="rir-chart-axis rir-chart-axis-x">
        <line x1={area.left} x2={area.right} y1={area.bottom} y2={area.bottom} />
        {x.ticks.map((t) => (
          <g key={t} className="rir-chart-tick">
            <line x1={x.scale(t)} x2={x.scale(t)} y1={area.bottom} y2={area.bottom + TICK} />
            <text x={x.scale(t)} y={area.bottom + X_TICK_LABEL_DY} textAnchor="middle">
              {formatScore(t)}
            </text>
          </g>
        ))}
        <text className="rir-chart-axis-label" x={midX} y={area.bottom + X_AXIS_LABEL_DY} textAnchor="middle">
          {x.label}
        </text>
      </g>
      <g className="rir-chart-axis rir-chart-axis-y">
        <line x1={area.left} x2={area.left} y1={area.top} y2={area.bottom} />
        {y.ticks.map((t) => (
          <g key={t} className="rir-chart-tick">
            <line x1={area.left - TICK} x2={area.left} y1={y.scale(t)} y2={y.scale(t)} />
            <text x={area.left - Y_TICK_LABEL_DX} y={y.scale(t)} textAnchor="end" dominantBaseline="middle">
              {formatScore(t)}
            </text>
          </g>
        ))}
        <text
          className="rir-chart-axis-label"
          x={-midY}
          y={Y_AXIS_LABEL_X}
          transform="rotate(-90)"
          textAnchor="middle"
          dominantBaseline="middle"
        >
          {y.label}
        </text>
      </g>
    </>
  );
}

/** The chart's <svg>: an image with an accessible summary, drawn at `width × height` and scaled down to its container. */
export function ChartSvg({
  kind,
  ariaLabel,
  width,
  height,
  children,
}: {
  /** Chart kind, for the class `rir-chart-<kind>`. */
  kind: string;
  ariaLabel: string;
  width: number;
  height: number;
  children: ReactNode;
}) {
  return (
    <svg
      className={`rir-chart rir-chart-${kind}`}
      role="img"
      aria-label={ariaLabel}
      width={width}
      height={height}
      viewBox={`0 0 ${width} ${height}`}
    >
      {children}
    </svg>
  );
}

/** "No data", centred on the plot. */
export function NoData({ area }: { area: PlotArea }) {
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
