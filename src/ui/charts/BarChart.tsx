// Horizontal bars, one per named item (e.g. a diagnostic of each prompt version, as small multiples on the Compare
// screen), on recharts: the shared frame with the items as a category y axis (first item on top, names cut in the middle
// only as far as they stay distinct), a bar per item as a ReferenceArea from 0 to its value, the value written after the
// bar (a custom layer on recharts' scales), optional labelled markers. No store.
import { memo, useCallback, useMemo } from 'react';
import { ReferenceArea } from 'recharts';
import { widenRange, type Range } from '../../domain/binning.ts';
import { axisTicks } from '../axisTicks.ts';
import { distinctLabels } from '../distinctLabels.ts';
import { formatScore } from '../formatScore.ts';
import { estimateTextWidth } from '../textWidth.ts';
import { ChartFrame, ChartMarkers, MARGIN, NoData, round2, usePlotScales, type ChartMarker } from './chartFrame.tsx';

export interface BarDatum {
  label: string;
  /** Null: no value (drawn as "–" with no bar). */
  value: number | null;
  /** Colour category (class `rir-chart-cat-<k>`, shared with `ScatterPlot`'s categories), e.g. to pick out two items. */
  category?: number;
  /** Appended to the item's name in its tooltip and the chart's summary, e.g. "(A)". */
  note?: string;
}

export interface BarChartProps {
  bars: readonly BarDatum[];
  xLabel: string;
  /** Value axis; default 0 to the largest value (or to the smallest when negative). */
  domain?: Range;
  /** Text of a value (bar labels, tooltips, summary, ticks). Default `formatScore`. Pass a stable function. */
  format?: (v: number) => string;
  markers?: readonly ChartMarker[];
  /** Name of the chart; the chart appends each item's value (": v1 0.42, v2 (A) 0.38"). */
  ariaLabel: string;
  /** Width in px; the height follows the number of bars. Default 320. */
  width?: number;
}

// Layout. BarChart.test.tsx computes expected positions from these by hand.
/** Height in px of one bar's row, and the bar's share of it. */
export const BAR_ROW = 20;
const BAR_FILL = 0.7;
/** Most room for the item names on the left, and the font size their width is estimated at. */
const MAX_NAME_PX = 110;
const TICK_FONT_PX = 11;
/** Room for the value written after the longest bar. */
const VALUE_ROOM = 40;

/** Room per value tick: narrower plots keep every second (third…) tick so labels such as "40%" never touch. */
const MIN_TICK_PX = 36;

/** At most `most` of `ticks`: every k-th from the first. */
function everyFew(ticks: number[], most: number): number[] {
  const k = Math.ceil(ticks.length / most);
  return k <= 1 ? ticks : ticks.filter((_, i) => i % k === 0);
}

/** The value axis: the given one, or 0 to the data's far end. */
function valueDomain(bars: readonly BarDatum[], domain: Range | undefined): Range {
  if (domain) return widenRange(domain);
  let lo = 0;
  let hi = 0;
  for (const b of bars) {
    if (b.value === null || !Number.isFinite(b.value)) continue;
    lo = Math.min(lo, b.value);
    hi = Math.max(hi, b.value);
  }
  return widenRange(hi > lo ? { min: lo, max: hi } : { min: 0, max: 1 });
}

interface BarShapeProps {
  x?: number;
  y?: number;
  width?: number;
  height?: number;
}

const barShape =
  (index: number, category: number | undefined, title: string) =>
  ({ x = 0, y = 0, width = 0, height = 0 }: BarShapeProps) => (
    <rect
      className={`rir-chart-bar rir-chart-hbar${category !== undefined ? ` rir-chart-cat-${category}` : ''}`}
      data-index={index}
      x={round2(x)}
      y={round2(y)}
      width={round2(width)}
      height={round2(height)}
    >
      <title>{title}</title>
    </rect>
  );

/** The value after each bar's end (or after 0 for "–"), placed with recharts' scales. */
function ValueLabels({ bars, base, format }: { bars: readonly BarDatum[]; base: number; format: (v: number) => string }) {
  const scales = usePlotScales();
  if (!scales) return null;
  const n = bars.length;
  return (
    <g className="rir-chart-bar-values">
      {bars.map((b, i) => {
        const ok = b.value !== null && Number.isFinite(b.value);
        const end = ok ? scales.x(b.value!) : scales.x(base);
        const left = ok && b.value! < base;
        return (
          <text
            key={i}
            className="rir-chart-bar-value"
            x={round2(left ? end - 3 : end + 3)}
            y={scales.y(n - 1 - i)}
            textAnchor={left ? 'end' : 'start'}
            dominantBaseline="middle"
          >
            {ok ? format(b.value!) : '–'}
          </text>
        );
      })}
    </g>
  );
}

export const BarChart = memo(function BarChart({
  bars,
  xLabel,
  domain,
  format = formatScore,
  markers,
  ariaLabel,
  width = 320,
}: BarChartProps) {
  const n = bars.length;
  const names = useMemo(
    () =>
      distinctLabels(
        bars.map((b) => b.label),
        (t) => estimateTextWidth(t, TICK_FONT_PX) <= MAX_NAME_PX,
      ),
    [bars],
  );
  const nameRoom = Math.ceil(Math.min(MAX_NAME_PX, Math.max(0, ...names.map((t) => estimateTextWidth(t, TICK_FONT_PX)))));
  const margin = { ...MARGIN, left: nameRoom + 12, right: MARGIN.right + VALUE_ROOM };
  const height = margin.top + margin.bottom + Math.max(1, n) * BAR_ROW;
  const dx = valueDomain(bars, domain);
  const base = Math.min(Math.max(0, dx.min), dx.max);
  // Item i sits at y = n − 1 − i, so the first is on top.
  const tickLabel = useCallback((v: number) => names[n - 1 - Math.round(v)] ?? '', [names, n]);
  const yTicks = useMemo(() => Array.from({ length: n }, (_, k) => k), [n]);

  const text = (b: BarDatum) =>
    `${b.label}${b.note ? ` ${b.note}` : ''} ${b.value !== null && Number.isFinite(b.value) ? format(b.value) : '–'}`;
  const summary = n === 0 ? 'no data' : bars.map(text).join(', ');
  return (
    <ChartFrame
      kind="bars"
      ariaLabel={`${ariaLabel}: ${summary}`}
      width={width}
      height={height}
      margin={margin}
      x={{
        domain: dx,
        ticks: everyFew(axisTicks(dx), Math.max(2, Math.floor((width - margin.left - margin.right) / MIN_TICK_PX))),
        label: xLabel,
        tickLabel: format,
      }}
      y={{ domain: { min: -0.5, max: Math.max(1, n) - 0.5 }, ticks: yTicks, label: '', tickLabel, grid: false }}
    >
      {bars.map((b, i) => {
        if (b.value === null || !Number.isFinite(b.value) || b.value === base) return null;
        const pos = n - 1 - i;
        return (
          <ReferenceArea
            key={i}
            x1={Math.min(base, b.value)}
            x2={Math.max(base, b.value)}
            y1={pos - BAR_FILL / 2}
            y2={pos + BAR_FILL / 2}
            ifOverflow="visible"
            shape={barShape(i, b.category, text(b))}
          />
        );
      })}
      {markers && markers.length > 0 && <ChartMarkers markers={markers} />}
      {n > 0 && <ValueLabels bars={bars} base={base} format={format} />}
      {n === 0 && <NoData />}
    </ChartFrame>
  );
});
