// Geometry, density switch, clicks and memoisation of <ScatterPlot>: the recharts frame and the custom mark layer
// that reads its scales. Positions are asserted as what the chart shows, read back as values through the axes' own
// labelled ticks (a point at (2.5, 5)), or relative to the plot area, not as pixels of one layout.
// @vitest-environment happy-dom
import { describe, expect, it, vi } from 'vitest';
import { all, click, mountPerTest, numAttr } from '../../test/renderDom.tsx';
import { ScatterPlot, type ScatterPlotProps } from './ScatterPlot.tsx';

const axis = (label: string, min = 0, max = 10) => ({ min, max, step: 1, label });
const base = { x: axis('Prediction'), y: axis('Target'), ariaLabel: 'Concordance scatter', width: 472, height: 304 };

const { mount, view } = mountPerTest();
const render = (props: Partial<ScatterPlotProps> & Pick<ScatterPlotProps, 'xs' | 'ys'>) => mount(<ScatterPlot {...base} {...props} />);
const num = numAttr;
const coords = (e: Element, ...names: string[]) => names.map((a) => num(e, a));
/** Each number of `got` within 0.01 of `want`'s. */
function expectClose(got: number[], want: number[]) {
  expect(got).toHaveLength(want.length);
  got.forEach((g, i) => expect(g).toBeCloseTo(want[i]!, 2));
}
const xTickLabels = (c: Element) => all(c, '.recharts-xAxis-tick-labels .rir-chart-tick-label');
const tickLabels = (c: Element, axis: 'x' | 'y') => all(c, `.recharts-${axis}Axis-tick-labels .rir-chart-tick-label`);
/** Rounded to 1e-6, so values read back through the ticks compare exactly. */
const r6 = (v: number) => Math.round(v * 1e6) / 1e6 + 0;
/** An axis as a reader sees it, from its first and last labelled ticks: the value at a position, the position of a value. */
function scaleOf(c: Element, axis: 'x' | 'y'): { value: (px: number) => number; px: (v: number) => number } {
  const ticks = tickLabels(c, axis).map((e) => [Number(e.textContent), num(e, axis)] as const);
  const [v0, p0] = ticks[0]!;
  const [v1, p1] = ticks[ticks.length - 1]!;
  return { value: (px) => r6(v0 + ((px - p0) * (v1 - v0)) / (p1 - p0)), px: (v) => p0 + ((v - v0) * (p1 - p0)) / (v1 - v0) };
}
/** A line's two ends as values [x1, y1, x2, y2]. */
function lineValues(c: Element, line: Element): number[] {
  const [x, y] = [scaleOf(c, 'x'), scaleOf(c, 'y')];
  return [x.value(num(line, 'x1')), y.value(num(line, 'y1')), x.value(num(line, 'x2')), y.value(num(line, 'y2'))];
}
/** The plot area, from the two axis lines. */
function plotArea(c: Element): { left: number; right: number; top: number; bottom: number } {
  const x = c.querySelector('.rir-chart-axis-x .recharts-cartesian-axis-line')!;
  const y = c.querySelector('.rir-chart-axis-y .recharts-cartesian-axis-line')!;
  return { left: num(x, 'x1'), right: num(x, 'x2'), top: num(y, 'y1'), bottom: num(y, 'y2') };
}
/** Each point as it reads: [index, x, y]. */
function pointValues(c: Element): number[][] {
  const [x, y] = [scaleOf(c, 'x'), scaleOf(c, 'y')];
  return all(c, 'circle.rir-chart-point').map((e) => [num(e, 'data-index'), x.value(num(e, 'cx')), y.value(num(e, 'cy'))]);
}

/** Deterministic points spread over 0–10 (a small LCG; no randomness in tests). */
function cloud(n: number): { xs: Float64Array; ys: Float64Array } {
  const xs = new Float64Array(n);
  const ys = new Float64Array(n);
  let s = 12345;
  const next = () => (s = (s * 1103515245 + 12345) % 2147483648) / 2147483648;
  for (let i = 0; i < n; i++) {
    xs[i] = next() * 10;
    ys[i] = Math.min(10, Math.max(0, xs[i]! + (next() - 0.5) * 4));
  }
  return { xs, ys };
}

describe('ScatterPlot', () => {
  it('draws one circle per finite pair at its scaled position, with its index and label', () => {
    // Read on the axes, each point is at its pair; pair 2 has NaN and is skipped.
    const c = render({ xs: [0, 2.5, NaN, 10], ys: [0, 5, 3, 10], pointLabel: (i) => `ex-${i}` });
    const circles = all(c, 'circle.rir-chart-point');
    expect(pointValues(c)).toEqual([
      [0, 0, 0],
      [1, 2.5, 5],
      [3, 10, 10],
    ]);
    // (0, 0) is the plot's bottom-left corner, (10, 10) its top-right one.
    const { left, right, top, bottom } = plotArea(c);
    expect([num(circles[0]!, 'cx'), num(circles[0]!, 'cy'), num(circles[2]!, 'cx'), num(circles[2]!, 'cy')]).toEqual([
      left,
      bottom,
      right,
      top,
    ]);
    expect(circles.map((e) => e.querySelector('title')?.textContent)).toEqual(['ex-0', 'ex-1', 'ex-3']);
  });

  it('draws points outside the domain on its edge', () => {
    const c = render({ xs: [-4, 14], ys: [5, 12] });
    expect(pointValues(c)).toEqual([
      [0, 0, 5],
      [1, 10, 10],
    ]);
  });

  it('places its marks with the scales recharts uses for its own axis ticks and grid', () => {
    // A point on every x tick, at y = 5: each circle sits exactly on its tick mark and grid line.
    const ticks = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
    const c = render({ xs: ticks, ys: ticks.map(() => 5) });
    const tickXs = all(c, '.rir-chart-axis-x .recharts-cartesian-axis-tick-line').map((l) => num(l, 'x1'));
    const gridXs = all(c, '.recharts-cartesian-grid-vertical line').map((l) => num(l, 'x1'));
    const cx = all(c, 'circle.rir-chart-point').map((e) => num(e, 'cx'));
    expectClose(tickXs, cx);
    expectClose(gridXs, cx);
    expect(xTickLabels(c).map((e) => e.textContent)).toEqual(ticks.map(String));
    expect(xTickLabels(c).map((e) => num(e, 'x'))).toEqual(cx);
    // y = 5 is the middle y tick.
    const tickY = all(c, '.rir-chart-axis-y .recharts-cartesian-axis-tick-line').map((l) => num(l, 'y1'))[5]!;
    expect(num(c.querySelector('circle')!, 'cy')).toBeCloseTo(tickY, 2);
  });

  it('draws y = x across the part of it inside both domains, as a recharts ReferenceLine', () => {
    // y on 2–6: y = x runs from (2, 2), on the bottom edge, to (6, 6), on the top edge.
    const c = render({ xs: [], ys: [], y: axis('Target', 2, 6), reference: 'diagonal' });
    const line = c.querySelector('.recharts-reference-line.rir-chart-reference line')!;
    expect(lineValues(c, line)).toEqual([2, 2, 6, 6]);
    expectClose(coords(line, 'y1', 'y2'), [plotArea(c).bottom, plotArea(c).top]);
  });

  it('draws y = 0 across the plot for residuals, and none when 0 is off the axis', () => {
    // y on −2..2: the line reads 0 from the left edge (x 0) to the right one (x 10).
    const c = render({ xs: [1], ys: [1], y: axis('Residual', -2, 2), reference: 'zero' });
    const line = c.querySelector('.rir-chart-reference line')!;
    expect(lineValues(c, line)).toEqual([0, 0, 10, 0]);
    expect(
      render({ xs: [1], ys: [1], y: axis('Residual', 1, 3), reference: 'zero' }).querySelector('.rir-chart-reference line'),
    ).toBeNull();
  });

  it('draws the marks above the reference line and the axes, and no recharts series or tooltip', () => {
    const c = render({ xs: [1, 2], ys: [1, 2], reference: 'diagonal' });
    const marks = c.querySelector('g.rir-chart-marks')!;
    for (const below of [c.querySelector('.rir-chart-reference')!, c.querySelector('.rir-chart-axis-x')!]) {
      expect(below.compareDocumentPosition(marks) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
    }
    expect(c.querySelector('.recharts-scatter, .recharts-tooltip-wrapper, .recharts-tooltip-cursor')).toBeNull();
  });

  it('draws 5000 points as circles', () => {
    const { xs, ys } = cloud(5000);
    const c = render({ xs, ys });
    expect(all(c, 'circle')).toHaveLength(5000);
    expect(c.querySelector('.rir-chart-density-cell')).toBeNull();
    expect(c.querySelector('svg')!.getAttribute('aria-label')).toBe('Concordance scatter: 5000 points');
  });

  it('draws 5001 points as density cells that hold every point', () => {
    const { xs, ys } = cloud(5001);
    const c = render({ xs, ys });
    expect(c.querySelector('circle')).toBeNull();
    const cells = all(c, 'rect.rir-chart-density-cell');
    expect(cells.length).toBeGreaterThan(0);
    expect(cells.length).toBeLessThanOrEqual(60 * 40);
    expect(cells.reduce((s, e) => s + num(e, 'data-count'), 0)).toBe(5001);
    expect(c.querySelector('.rir-chart-note')?.textContent).toBe('density of 5001 points');
    expect(c.querySelector('svg')!.getAttribute('aria-label')).toBe('Concordance scatter: 5001 points, drawn as density');
  });

  it('sizes and shades density cells from the grid', () => {
    // Grid 60 × 40 over 0–10: cells 1/6 wide and 1/4 high. (1, 1) and (1.1, 1.1) share col 6, row 4: x 1..7/6,
    // y 1..1.25; (9, 9) is alone in col 54, row 36: x 9..55/6, y 9..9.25. Opacity 0.15 + 0.85·√(count/max): 1 and 0.751.
    const c = render({ xs: [1, 1.1, 9], ys: [1, 1.1, 9], maxPoints: 2 });
    const cells = all(c, 'rect.rir-chart-density-cell');
    const [x, y] = [scaleOf(c, 'x'), scaleOf(c, 'y')];
    // The cells' pixels are rounded to 0.01: read back to within that.
    const r2 = (v: number) => Math.round(v * 100) / 100;
    expect(
      cells.map((e) => {
        const [left, top, w, h] = ['x', 'y', 'width', 'height'].map((a) => num(e, a)) as [number, number, number, number];
        return [num(e, 'data-cell'), num(e, 'data-count'), ...[x.value(left), x.value(left + w), y.value(top + h), y.value(top)].map(r2)];
      }),
    ).toEqual([
      [4 * 60 + 6, 2, 1, r2(7 / 6), 1, 1.25],
      [36 * 60 + 54, 1, 9, r2(55 / 6), 9, 9.25],
    ]);
    expect(cells.map((e) => num(e, 'fill-opacity'))).toEqual([1, 0.751]);
    expect(cells[0]!.querySelector('title')?.textContent).toBe('2 examples');
  });

  it('reports the index of a clicked circle through one handler on the group', () => {
    const onPointClick = vi.fn();
    const c = render({ xs: [1, 2, 3], ys: [1, 2, 3], onPointClick });
    expect(c.querySelector('g.rir-chart-marks')!.classList.contains('rir-chart-clickable')).toBe(true);
    click(c.querySelector('circle[data-index="1"]')!);
    expect(onPointClick).toHaveBeenCalledExactlyOnceWith(1);
  });

  it('reports the point nearest the click inside a clicked density cell', () => {
    // Points 0 at (1, 1) and 1 at (1.1, 1.1) share a cell (happy-dom maps client to svg coordinates 1:1): a click just
    // beyond point 1 reports it, one just beside point 0 reports that.
    const onPointClick = vi.fn();
    const c = render({ xs: [1, 1.1, 9], ys: [1, 1.1, 9], maxPoints: 2, onPointClick });
    const cell = c.querySelector(`rect[data-cell="${4 * 60 + 6}"]`)!;
    const [x, y] = [scaleOf(c, 'x'), scaleOf(c, 'y')];
    click(cell, x.px(1.12), y.px(1.12));
    click(cell, x.px(1.01), y.px(1.01));
    expect(onPointClick.mock.calls).toEqual([[1], [0]]);
  });

  it('reports, for a click on any density cell, a point inside that cell', () => {
    const { xs, ys } = cloud(6000);
    const onPointClick = vi.fn();
    const c = render({ xs, ys, onPointClick });
    const cells = all(c, 'rect.rir-chart-density-cell');
    const [sx, sy] = [scaleOf(c, 'x'), scaleOf(c, 'y')];
    for (const cell of [cells[0]!, cells[Math.floor(cells.length / 2)]!, cells[cells.length - 1]!]) {
      const [x, y, w, h] = ['x', 'y', 'width', 'height'].map((a) => num(cell, a)) as [number, number, number, number];
      click(cell, x + w / 2, y + h / 2);
      const i = onPointClick.mock.lastCall![0] as number;
      const px = sx.px(xs[i]!);
      const py = sy.px(ys[i]!);
      expect(px).toBeGreaterThanOrEqual(x - 0.01);
      expect(px).toBeLessThanOrEqual(x + w + 0.01);
      expect(py).toBeGreaterThanOrEqual(y - 0.01);
      expect(py).toBeLessThanOrEqual(y + h + 0.01);
    }
    expect(onPointClick).toHaveBeenCalledTimes(3);
  });

  it('is not clickable without a handler', () => {
    const c = render({ xs: [1], ys: [1] });
    expect(c.querySelector('.rir-chart-clickable')).toBeNull();
  });

  it('does not redraw the points when a parent re-renders with the same arrays', () => {
    const xs = [1, 2, 3];
    const ys = [3, 2, 1];
    const pointLabel = vi.fn((i: number) => `p${i}`);
    render({ xs, ys, pointLabel });
    expect(pointLabel).toHaveBeenCalledTimes(3);
    // New but equal axis objects: the memo compares them by value.
    view().rerender(<ScatterPlot {...base} x={axis('Prediction')} y={axis('Target')} xs={xs} ys={ys} pointLabel={pointLabel} />);
    // A new click handler re-renders the frame but reuses the memoised marks.
    view().rerender(<ScatterPlot {...base} xs={xs} ys={ys} pointLabel={pointLabel} onPointClick={() => {}} />);
    expect(pointLabel).toHaveBeenCalledTimes(3);
    view().rerender(<ScatterPlot {...base} xs={[...xs]} ys={ys} pointLabel={pointLabel} />);
    expect(pointLabel).toHaveBeenCalledTimes(6);
  });

  it('is an image named by its summary, with visible axis labels and a viewBox', () => {
    const c = render({ xs: [1, 2], ys: [2, 3] });
    const svg = c.querySelector('svg')!;
    expect(svg.getAttribute('role')).toBe('img');
    expect(svg.getAttribute('aria-label')).toBe('Concordance scatter: 2 points');
    expect(svg.getAttribute('viewBox')).toBe('0 0 472 304');
    expect(all(c, '.rir-chart-axis-label').map((e) => e.textContent)).toEqual(['Prediction', 'Target']);
    // Ticks every step on 0–10: 11 per axis, each labelled at its tick, evenly from one end of the axis to the other.
    expect(xTickLabels(c).map((e) => e.textContent)).toEqual(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9', '10']);
    const { left, right } = plotArea(c);
    expectClose(
      xTickLabels(c).map((e) => num(e, 'x')),
      Array.from({ length: 11 }, (_, i) => left + ((right - left) * i) / 10),
    );
    expectClose(
      all(c, '.rir-chart-axis-x .recharts-cartesian-axis-tick-line').map((l) => num(l, 'x1')),
      xTickLabels(c).map((e) => num(e, 'x')),
    );
  });

  it('shows "No data" for empty input and no NaN anywhere', () => {
    const c = render({ xs: [NaN], ys: [1], reference: 'diagonal' });
    expect(c.querySelector('.rir-chart-empty')?.textContent).toBe('No data');
    expect(c.querySelector('svg')!.getAttribute('aria-label')).toBe('Concordance scatter: no data');
    expect(c.innerHTML).not.toContain('NaN');
  });

  it('widens a degenerate domain to one unit around it', () => {
    // x on [3, 3] → [2.5, 3.5]: 3 in the middle of the plot, on its one tick.
    const c = render({ xs: [3, 3], ys: [4, 6], x: axis('Prediction', 3, 3), reference: 'diagonal' });
    const middle = (plotArea(c).left + plotArea(c).right) / 2;
    expect(all(c, 'circle').map((e) => num(e, 'cx'))).toEqual([middle, middle]);
    expect(xTickLabels(c).map((e) => [e.textContent, num(e, 'x')])).toEqual([['3', middle]]);
    expect(c.innerHTML).not.toContain('NaN');
  });

  it('classes each point by its category, and ignores values that name none', () => {
    const c = render({ xs: [1, 2, 3, 4], ys: [1, 2, 3, 4], categories: [0, 1, 2, 255], categoryLabels: ['B closer', 'A closer', 'tied'] });
    expect(all(c, 'circle').map((e) => e.getAttribute('class'))).toEqual([
      'rir-chart-point rir-chart-cat-0',
      'rir-chart-point rir-chart-cat-1',
      'rir-chart-point rir-chart-cat-2',
      'rir-chart-point',
    ]);
  });

  it('gives a density cell its most common category and counts each in its tooltip', () => {
    // (1, 1), (1.1, 1.1) and (1.05, 1.05) share a cell: categories 1, 0, 1 → class cat-1; (9, 9) alone, category 0.
    const c = render({
      xs: [1, 1.1, 1.05, 9],
      ys: [1, 1.1, 1.05, 9],
      maxPoints: 2,
      categories: Uint8Array.from([1, 0, 1, 0]),
      categoryLabels: ['B closer', 'A closer'],
    });
    const cells = all(c, 'rect.rir-chart-density-cell');
    expect(cells.map((e) => [e.getAttribute('class'), e.querySelector('title')?.textContent])).toEqual([
      ['rir-chart-density-cell rir-chart-cat-1', '3 examples: 1 B closer, 2 A closer'],
      ['rir-chart-density-cell rir-chart-cat-0', '1 example: 1 B closer'],
    ]);
  });

  it('draws labelled horizontal markers, and none off the axis', () => {
    // y = 5: the line across the plot, its label right-aligned at the right end, just above the line.
    const c = render({
      xs: [1],
      ys: [1],
      markers: [
        { axis: 'y', value: 5, label: 'bias 5', className: 'rir-chart-marker-strong' },
        { axis: 'y', value: 12, label: 'off' },
      ],
    });
    const line = c.querySelector('.recharts-reference-line.rir-chart-marker line')!;
    expect(lineValues(c, line)).toEqual([0, 5, 10, 5]);
    expect(all(c, '.recharts-reference-line.rir-chart-marker')).toHaveLength(1);
    const labels = all(c, '.rir-chart-marker-label');
    expect(labels.map((e) => [e.textContent, e.getAttribute('text-anchor'), e.getAttribute('class')])).toEqual([
      ['bias 5', 'end', 'rir-chart-marker-label rir-chart-marker-strong'],
    ]);
    const [label] = labels as [Element];
    // Near the right end (within a few px), and above the line by less than a line of text.
    expect(num(label, 'x')).toBeLessThanOrEqual(num(line, 'x2'));
    expect(num(label, 'x')).toBeGreaterThan(num(line, 'x2') - 10);
    expect(num(label, 'y')).toBeLessThan(num(line, 'y1'));
    expect(num(label, 'y')).toBeGreaterThan(num(line, 'y1') - 10);
  });
});
