// Scatter of two score arrays (concordance: prediction vs target; residuals), drawn as points or, for many points,
// as binned density (never 100k SVG nodes: docs/ARCHITECTURE.md §11.4). Pure SVG from props; no store, no chart library.
import { memo, useMemo, type MouseEvent, type ReactNode } from 'react';
import { densityCell, densityGrid, type DensityGrid } from '../../domain/binning.ts';
import { ChartAxes, ChartSvg, linearScale, NoData, plotArea, round2, ticksFor, type LinearScale, type PlotArea } from './chartFrame.tsx';

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

interface Layer {
  /** Finite pairs. */
  n: number;
  /** Set in density mode. */
  grid: DensityGrid | null;
  /** One element wrapping every mark, so a re-render that keeps it skips all of them at once. */
  marks: ReactNode;
}

function finiteCount(xs: ArrayLike<number>, ys: ArrayLike<number>): number {
  let n = 0;
  const len = Math.min(xs.length, ys.length);
  for (let i = 0; i < len; i++) if (Number.isFinite(xs[i]) && Number.isFinite(ys[i])) n++;
  return n;
}

function pointMarks(
  xs: ArrayLike<number>,
  ys: ArrayLike<number>,
  sx: LinearScale,
  sy: LinearScale,
  pointLabel?: (i: number) => string,
): ReactNode[] {
  const marks: ReactNode[] = [];
  const len = Math.min(xs.length, ys.length);
  for (let i = 0; i < len; i++) {
    const xv = xs[i]!;
    const yv = ys[i]!;
    if (!Number.isFinite(xv) || !Number.isFinite(yv)) continue;
    marks.push(
      <circle key={i} className="rir-chart-point" data-index={i} cx={sx(sx.clamp(xv))} cy={sy(sy.clamp(yv))} r={POINT_R}>
        {pointLabel && <title>{pointLabel(i)}</title>}
      </circle>,
    );
  }
  return marks;
}

function densityMarks(grid: DensityGrid, sx: LinearScale, sy: LinearScale): ReactNode[] {
  const marks: ReactNode[] = [];
  const cw = (grid.x.max - grid.x.min) / grid.cols;
  const ch = (grid.y.max - grid.y.min) / grid.rows;
  for (let cell = 0; cell < grid.counts.length; cell++) {
    const count = grid.counts[cell]!;
    if (!count) continue;
    const col = cell % grid.cols;
    const row = (cell - col) / grid.cols;
    const x0 = sx(grid.x.min + col * cw);
    const y0 = sy(grid.y.min + (row + 1) * ch);
    marks.push(
      <rect
        key={cell}
        className="rir-chart-density-cell"
        data-cell={cell}
        data-count={count}
        x={x0}
        y={y0}
        width={round2(sx(grid.x.min + (col + 1) * cw) - x0)}
        height={round2(sy(grid.y.min + row * ch) - y0)}
        fillOpacity={Math.round((MIN_CELL_OPACITY + (1 - MIN_CELL_OPACITY) * Math.sqrt(count / grid.max)) * 1000) / 1000}
      >
        <title>{count === 1 ? '1 example' : `${count} examples`}</title>
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
  sx: LinearScale,
  sy: LinearScale,
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
    const d = (sx(sx.clamp(xv)) - px) ** 2 + (sy(sy.clamp(yv)) - py) ** 2;
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

function referenceLine(kind: ScatterPlotProps['reference'], sx: LinearScale, sy: LinearScale, area: PlotArea): ReactNode {
  if (kind === 'diagonal') {
    // The part of y = x inside both domains.
    const lo = Math.max(sx.domain.min, sy.domain.min);
    const hi = Math.min(sx.domain.max, sy.domain.max);
    if (!(hi > lo)) return null;
    return <line className="rir-chart-reference" x1={sx(lo)} y1={sy(lo)} x2={sx(hi)} y2={sy(hi)} />;
  }
  if (kind === 'zero' && sy.domain.min <= 0 && sy.domain.max >= 0) {
    return <line className="rir-chart-reference" x1={area.left} y1={sy(0)} x2={area.right} y2={sy(0)} />;
  }
  return null;
}

function ScatterPlotImpl({
  xs,
  ys,
  x,
  y,
  reference,
  maxPoints = 5000,
  onPointClick,
  pointLabel,
  ariaLabel,
  width = 480,
  height = 360,
}: ScatterPlotProps) {
  const area = plotArea(width, height);
  const sx = linearScale(x, area.left, area.right);
  const sy = linearScale(y, area.bottom, area.top);

  // The marks depend only on data, domains and size: a re-render for a new click handler reuses them untouched.
  const { min: xMin, max: xMax } = x;
  const { min: yMin, max: yMax } = y;
  const layer = useMemo<Layer>(() => {
    const box = plotArea(width, height);
    const msx = linearScale({ min: xMin, max: xMax }, box.left, box.right);
    const msy = linearScale({ min: yMin, max: yMax }, box.bottom, box.top);
    const n = finiteCount(xs, ys);
    if (n <= maxPoints) return { n, grid: null, marks: <>{pointMarks(xs, ys, msx, msy, pointLabel)}</> };
    const grid = densityGrid(xs, ys, msx.domain, msy.domain, DENSITY_COLS, DENSITY_ROWS);
    return { n, grid, marks: <>{densityMarks(grid, msx, msy)}</> };
  }, [xs, ys, xMin, xMax, yMin, yMax, width, height, maxPoints, pointLabel]);

  const onClick = (e: MouseEvent<SVGGElement>) => {
    if (!onPointClick) return;
    const mark = (e.target as Element).closest('[data-index], [data-cell]');
    if (!mark) return;
    const index = mark.getAttribute('data-index');
    if (index !== null) return onPointClick(Number(index));
    const { grid } = layer;
    if (!grid) return;
    const cell = Number(mark.getAttribute('data-cell'));
    const at = svgPoint(e) ?? {
      x: sx(grid.x.min + ((cell % grid.cols) + 0.5) * ((grid.x.max - grid.x.min) / grid.cols)),
      y: sy(grid.y.min + (Math.floor(cell / grid.cols) + 0.5) * ((grid.y.max - grid.y.min) / grid.rows)),
    };
    const i = nearestInCell(grid, cell, xs, ys, sx, sy, at.x, at.y);
    if (i >= 0) onPointClick(i);
  };

  const summary =
    layer.n === 0 ? 'no data' : layer.grid ? `${layer.n} points, drawn as density` : `${layer.n} ${layer.n === 1 ? 'point' : 'points'}`;
  return (
    <ChartSvg kind="scatter" ariaLabel={`${ariaLabel}: ${summary}`} width={width} height={height}>
      <ChartAxes
        area={area}
        x={{ scale: sx, label: x.label, ticks: ticksFor(sx, x.step) }}
        y={{ scale: sy, label: y.label, ticks: ticksFor(sy, y.step) }}
      />
      {referenceLine(reference, sx, sy, area)}
      <g className={`rir-chart-marks${onPointClick ? ' rir-chart-clickable' : ''}`} onClick={onPointClick ? onClick : undefined}>
        {layer.marks}
      </g>
      {layer.grid && (
        <text className="rir-chart-note" x={area.right} y={area.top - 6} textAnchor="end">
          {`density of ${layer.n} points`}
        </text>
      )}
      {layer.n === 0 && <NoData area={area} />}
    </ChartSvg>
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
    a.maxPoints === b.maxPoints &&
    a.onPointClick === b.onPointClick &&
    a.pointLabel === b.pointLabel &&
    a.ariaLabel === b.ariaLabel &&
    a.width === b.width &&
    a.height === b.height,
);
