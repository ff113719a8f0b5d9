// Scatter of two score arrays (concordance: prediction vs target; residuals). The frame (axes, grid, reference
// line) is recharts; the marks are a custom layer that reads recharts' scales and draws points or, for many
// points, binned density (never 100k SVG nodes, and no recharts Tooltip: docs/ARCHITECTURE.md §11.4). No store.
import { memo, useMemo, type MouseEvent, type ReactNode } from 'react';
import { DefaultZIndexes, ReferenceLine, ZIndexLayer } from 'recharts';
import { densityCell, densityGrid, widenRange, type DensityGrid, type Range } from '../../domain/binning.ts';
import { axisTicks } from '../axisTicks.ts';
import {
  ChartFrame,
  ChartMarkers,
  NoData,
  PlotNote,
  round2,
  sameMarkers,
  usePlotScales,
  type ChartMarker,
  type PlotScales,
} from './chartFrame.tsx';

export interface ScatterAxis {
  /** Axis domain; points outside it are drawn on its edge. */
  min: number;
  max: number;
  /** Tick spacing when it gives at most 11 ticks (see `axisTicks`). */
  step?: number;
  label: string;
}

export interface ScatterPlotProps {
  /** Same length; pairs with a non-finite value are not drawn. */
  xs: ArrayLike<number>;
  ys: ArrayLike<number>;
  x: ScatterAxis;
  y: ScatterAxis;
  /** Reference line: 'diagonal' draws y = x (concordance); 'zero' draws y = 0 (residuals). */
  reference?: 'diagonal' | 'zero';
  /** Further labelled reference lines (e.g. a bias and its limits of agreement). Compared by value. */
  markers?: readonly ChartMarker[];
  /**
   * Category of point i, an index into `categoryLabels` (other values: none): a point gets the class
   * `rir-chart-cat-<k>`; a density cell that of its most common category, and its tooltip the count of each.
   * Pass a stable array.
   */
  categories?: ArrayLike<number>;
  /** Names of the categories, for density-cell tooltips. Compared by value. */
  categoryLabels?: readonly string[];
  /** Above this many (finite) points draw binned density, 60 × 40 cells, instead of one circle per point. Default 5000. */
  maxPoints?: number;
  /**
   * Called with the index (into xs/ys) of the point clicked; in density mode, of the point nearest the click
   * inside the clicked cell. Pass a stable function (useCallback): the chart is memoised on its props.
   */
  onPointClick?: (index: number) => void;
  /** Accessible name of point i (e.g. "ex-17: prediction 6.2, target 7"), its tooltip in point mode. Pass a stable function. */
  pointLabel?: (index: number) => string;
  /** Name of the chart, e.g. "Concordance scatter, prediction vs target"; the chart appends what it drew (": 120 points"). */
  ariaLabel: string;
  /** Size in px (the SVG scales down to its container). Default 480 × 360. */
  width?: number;
  height?: number;
}

// Layout. ScatterPlot.test.tsx computes expected positions from these and chartFrame's MARGIN by hand.
const POINT_R = 3;
export const DENSITY_COLS = 60;
export const DENSITY_ROWS = 40;
/** Cell opacity = MIN + (1 − MIN) · √(count / max): square root so sparse cells stay visible beside a dense core. */
const MIN_CELL_OPACITY = 0.15;

const clamp = (v: number, d: Range) => Math.min(Math.max(v, d.min), d.max);

function finiteCount(xs: ArrayLike<number>, ys: ArrayLike<number>): number {
  let n = 0;
  const len = Math.min(xs.length, ys.length);
  for (let i = 0; i < len; i++) if (Number.isFinite(xs[i]) && Number.isFinite(ys[i])) n++;
  return n;
}

/** The category class of k among `count` categories, or '' when k is none of them. */
const catClass = (k: number | undefined, count: number) =>
  k !== undefined && Number.isInteger(k) && k >= 0 && k < count ? ` rir-chart-cat-${k}` : '';

interface Categories {
  of: ArrayLike<number>;
  labels: readonly string[];
}

function pointMarks(
  xs: ArrayLike<number>,
  ys: ArrayLike<number>,
  dx: Range,
  dy: Range,
  s: PlotScales,
  pointLabel?: (i: number) => string,
  cats?: Categories,
): ReactNode[] {
  const marks: ReactNode[] = [];
  const len = Math.min(xs.length, ys.length);
  for (let i = 0; i < len; i++) {
    const xv = xs[i]!;
    const yv = ys[i]!;
    if (!Number.isFinite(xv) || !Number.isFinite(yv)) continue;
    marks.push(
      <circle
        key={i}
        className={`rir-chart-point${cats ? catClass(cats.of[i], cats.labels.length) : ''}`}
        data-index={i}
        cx={s.x(clamp(xv, dx))}
        cy={s.y(clamp(yv, dy))}
        r={POINT_R}
      >
        {pointLabel && <title>{pointLabel(i)}</title>}
      </circle>,
    );
  }
  return marks;
}

/**
 * Points per category per cell of `grid`, cell-major (`cell · k + category`); points with a non-finite coordinate or
 * no category are left out.
 */
function categoryCounts(grid: DensityGrid, xs: ArrayLike<number>, ys: ArrayLike<number>, cats: Categories): Uint32Array {
  const k = cats.labels.length;
  const out = new Uint32Array(grid.counts.length * k);
  const len = Math.min(xs.length, ys.length, cats.of.length);
  for (let i = 0; i < len; i++) {
    const c = cats.of[i]!;
    if (!(Number.isInteger(c) && c >= 0 && c < k)) continue;
    const cell = densityCell(grid, xs[i]!, ys[i]!);
    if (cell >= 0) out[cell * k + c]!++;
  }
  return out;
}

function densityMarks(grid: DensityGrid, s: PlotScales, cats?: Categories, byCat?: Uint32Array): ReactNode[] {
  const marks: ReactNode[] = [];
  const cw = (grid.x.max - grid.x.min) / grid.cols;
  const ch = (grid.y.max - grid.y.min) / grid.rows;
  for (let cell = 0; cell < grid.counts.length; cell++) {
    const count = grid.counts[cell]!;
    if (!count) continue;
    const col = cell % grid.cols;
    const row = (cell - col) / grid.cols;
    const x0 = s.x(grid.x.min + col * cw);
    const y0 = s.y(grid.y.min + (row + 1) * ch);
    let cls = '';
    let title = count === 1 ? '1 example' : `${count} examples`;
    if (cats && byCat) {
      const k = cats.labels.length;
      let best = -1;
      const parts: string[] = [];
      for (let c = 0; c < k; c++) {
        const m = byCat[cell * k + c]!;
        if (!m) continue;
        parts.push(`${m} ${cats.labels[c]}`);
        if (best < 0 || m > byCat[cell * k + best]!) best = c;
      }
      cls = catClass(best, k);
      if (parts.length) title += `: ${parts.join(', ')}`;
    }
    marks.push(
      <rect
        key={cell}
        className={`rir-chart-density-cell${cls}`}
        data-cell={cell}
        data-count={count}
        x={x0}
        y={y0}
        width={round2(s.x(grid.x.min + (col + 1) * cw) - x0)}
        height={round2(s.y(grid.y.min + row * ch) - y0)}
        fillOpacity={Math.round((MIN_CELL_OPACITY + (1 - MIN_CELL_OPACITY) * Math.sqrt(count / grid.max)) * 1000) / 1000}
      >
        <title>{title}</title>
      </rect>,
    );
  }
  return marks;
}

/** Index of the point of `cell` nearest to pixel (px, py), or -1 when the cell holds none. O(n). */
function nearestInCell(
  grid: DensityGrid,
  cell: number,
  xs: ArrayLike<number>,
  ys: ArrayLike<number>,
  s: PlotScales,
  px: number,
  py: number,
) {
  let best = -1;
  let bestD = Infinity;
  const len = Math.min(xs.length, ys.length);
  for (let i = 0; i < len; i++) {
    const xv = xs[i]!;
    const yv = ys[i]!;
    if (densityCell(grid, xv, yv) !== cell) continue;
    const d = (s.x(clamp(xv, grid.x)) - px) ** 2 + (s.y(clamp(yv, grid.y)) - py) ** 2;
    if (d < bestD) {
      bestD = d;
      best = i;
    }
  }
  return best;
}

/** The click in svg user units, or null where the browser cannot say (then the cell centre stands in). */
function svgPoint(e: MouseEvent<SVGGElement>): { x: number; y: number } | null {
  const ctm = e.currentTarget.ownerSVGElement?.getScreenCTM();
  if (!ctm || typeof DOMPoint === 'undefined') return null;
  const p = new DOMPoint(e.clientX, e.clientY).matrixTransform(ctm.inverse());
  return Number.isFinite(p.x) && Number.isFinite(p.y) ? { x: p.x, y: p.y } : null;
}

interface MarksProps {
  xs: ArrayLike<number>;
  ys: ArrayLike<number>;
  dx: Range;
  dy: Range;
  /** Set in density mode. */
  grid: DensityGrid | null;
  onPointClick?: (index: number) => void;
  pointLabel?: (index: number) => string;
  cats?: Categories;
}

/**
 * The custom mark layer: circles or density cells placed with recharts' scales, and one click handler for all
 * of them. The marks are memoised on data, domains and scales: a re-render for a new click handler reuses them.
 */
function ScatterMarks({ xs, ys, dx, dy, grid, onPointClick, pointLabel, cats }: MarksProps) {
  const scales = usePlotScales();
  const byCat = useMemo(() => (grid && cats ? categoryCounts(grid, xs, ys, cats) : undefined), [grid, xs, ys, cats]);
  const marks = useMemo(() => {
    if (!scales) return null;
    return <>{grid ? densityMarks(grid, scales, cats, byCat) : pointMarks(xs, ys, dx, dy, scales, pointLabel, cats)}</>;
  }, [scales, grid, xs, ys, dx, dy, pointLabel, cats, byCat]);
  if (!scales) return null;

  const onClick = (e: MouseEvent<SVGGElement>) => {
    if (!onPointClick) return;
    const mark = (e.target as Element).closest('[data-index], [data-cell]');
    if (!mark) return;
    const index = mark.getAttribute('data-index');
    if (index !== null) return onPointClick(Number(index));
    if (!grid) return;
    const cell = Number(mark.getAttribute('data-cell'));
    const at = svgPoint(e) ?? {
      x: scales.x(grid.x.min + ((cell % grid.cols) + 0.5) * ((grid.x.max - grid.x.min) / grid.cols)),
      y: scales.y(grid.y.min + (Math.floor(cell / grid.cols) + 0.5) * ((grid.y.max - grid.y.min) / grid.rows)),
    };
    const i = nearestInCell(grid, cell, xs, ys, scales, at.x, at.y);
    if (i >= 0) onPointClick(i);
  };
  return (
    <g className={`rir-chart-marks${onPointClick ? ' rir-chart-clickable' : ''}`} onClick={onPointClick ? onClick : undefined}>
      {marks}
    </g>
  );
}

function ScatterPlotImpl({
  xs,
  ys,
  x,
  y,
  reference,
  markers,
  categories,
  categoryLabels,
  maxPoints = 5000,
  onPointClick,
  pointLabel,
  ariaLabel,
  width = 480,
  height = 360,
}: ScatterPlotProps) {
  const { min: xMin, max: xMax } = x;
  const { min: yMin, max: yMax } = y;
  const dx = useMemo(() => widenRange({ min: xMin, max: xMax }), [xMin, xMax]);
  const dy = useMemo(() => widenRange({ min: yMin, max: yMax }), [yMin, yMax]);
  const n = useMemo(() => finiteCount(xs, ys), [xs, ys]);
  const labelsKey = categoryLabels?.join('\u0000');
  const cats = useMemo(
    () => (categories && categoryLabels ? { of: categories, labels: categoryLabels } : undefined),
    // eslint-disable-next-line react-hooks/exhaustive-deps -- the labels are keyed on their values
    [categories, labelsKey],
  );
  const grid = useMemo(
    () => (n > maxPoints ? densityGrid(xs, ys, dx, dy, DENSITY_COLS, DENSITY_ROWS) : null),
    [n, maxPoints, xs, ys, dx, dy],
  );

  // The part of y = x inside both domains.
  const lo = Math.max(dx.min, dy.min);
  const hi = Math.min(dx.max, dy.max);
  const summary = n === 0 ? 'no data' : grid ? `${n} points, drawn as density` : `${n} ${n === 1 ? 'point' : 'points'}`;
  return (
    <ChartFrame
      kind="scatter"
      ariaLabel={`${ariaLabel}: ${summary}`}
      width={width}
      height={height}
      x={{ domain: dx, ticks: axisTicks({ ...dx, step: x.step }), label: x.label }}
      y={{ domain: dy, ticks: axisTicks({ ...dy, step: y.step }), label: y.label }}
    >
      {reference === 'diagonal' && hi > lo && (
        <ReferenceLine
          className="rir-chart-reference"
          segment={[
            { x: lo, y: lo },
            { x: hi, y: hi },
          ]}
        />
      )}
      {reference === 'zero' && <ReferenceLine className="rir-chart-reference" y={0} />}
      {markers && markers.length > 0 && <ChartMarkers markers={markers} />}
      {/* Above the reference line and the axes, as the marks of a recharts Scatter would be. */}
      <ZIndexLayer zIndex={DefaultZIndexes.scatter}>
        <ScatterMarks xs={xs} ys={ys} dx={dx} dy={dy} grid={grid} onPointClick={onPointClick} pointLabel={pointLabel} cats={cats} />
      </ZIndexLayer>
      {grid && <PlotNote>{`density of ${n} points`}</PlotNote>}
      {n === 0 && <NoData />}
    </ChartFrame>
  );
}

const sameAxis = (a: ScatterAxis, b: ScatterAxis) => a.min === b.min && a.max === b.max && a.step === b.step && a.label === b.label;

/** Memoised: a parent re-render with the same arrays (and equal axis objects, even if rebuilt) does not redraw. */
export const ScatterPlot = memo(
  ScatterPlotImpl,
  (a, b) =>
    a.xs === b.xs &&
    a.ys === b.ys &&
    sameAxis(a.x, b.x) &&
    sameAxis(a.y, b.y) &&
    a.reference === b.reference &&
    sameMarkers(a.markers, b.markers) &&
    a.categories === b.categories &&
    (a.categoryLabels === b.categoryLabels || a.categoryLabels?.join('\u0000') === b.categoryLabels?.join('\u0000')) &&
    a.maxPoints === b.maxPoints &&
    a.onPointClick === b.onPointClick &&
    a.pointLabel === b.pointLabel &&
    a.ariaLabel === b.ariaLabel &&
    a.width === b.width &&
    a.height === b.height,
);
