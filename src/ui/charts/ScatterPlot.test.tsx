// Geometry, density switch, clicks and memoisation of <ScatterPlot>: the recharts frame and the custom mark layer
// that reads its scales. Expected pixels are worked out by hand from chartFrame's MARGIN (left 56, right 16, top 20,
// bottom 44): at 472 × 304 the plot spans x 56..456 and y 260..20, so on 0–10 axes x(v) = 56 + 40v and y(v) = 260 − 24v.
// recharts' own elements (ticks, reference lines) carry unrounded floats, hence toBeCloseTo for them.
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
    // (0, 0) → (56, 260); (2.5, 5) → (156, 140); (10, 10) → (456, 20); pair 2 has NaN and is skipped.
    const c = render({ xs: [0, 2.5, NaN, 10], ys: [0, 5, 3, 10], pointLabel: (i) => `ex-${i}` });
    const circles = all(c, 'circle.rir-chart-point');
    expect(circles.map((e) => [num(e, 'data-index'), num(e, 'cx'), num(e, 'cy')])).toEqual([
      [0, 56, 260],
      [1, 156, 140],
      [3, 456, 20],
    ]);
    expect(circles.map((e) => e.querySelector('title')?.textContent)).toEqual(['ex-0', 'ex-1', 'ex-3']);
  });

  it('draws points outside the domain on its edge', () => {
    const c = render({ xs: [-4, 14], ys: [5, 12] });
    expect(all(c, 'circle').map((e) => [num(e, 'cx'), num(e, 'cy')])).toEqual([
      [56, 140],
      [456, 20],
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
    expect(cx).toEqual(ticks.map((t) => 56 + 40 * t));
    // y = 5 is the middle y tick.
    const tickY = all(c, '.rir-chart-axis-y .recharts-cartesian-axis-tick-line').map((l) => num(l, 'y1'))[5]!;
    expect(num(c.querySelector('circle')!, 'cy')).toBeCloseTo(tickY, 2);
  });

  it('draws y = x across the part of it inside both domains, as a recharts ReferenceLine', () => {
    // y on 2–6: y(v) = 260 − 60(v − 2). y = x from 2 to 6: (x(2), y(2)) = (136, 260), (x(6), y(6)) = (296, 20).
    const c = render({ xs: [], ys: [], y: axis('Target', 2, 6), reference: 'diagonal' });
    const line = c.querySelector('.recharts-reference-line.rir-chart-reference line')!;
    expectClose(coords(line, 'x1', 'y1', 'x2', 'y2'), [136, 260, 296, 20]);
  });

  it('draws y = 0 across the plot for residuals, and none when 0 is off the axis', () => {
    // y on −2..2: y(0) = 260 − 240 · 2/4 = 140.
    const c = render({ xs: [1], ys: [1], y: axis('Residual', -2, 2), reference: 'zero' });
    const line = c.querySelector('.rir-chart-reference line')!;
    expectClose(coords(line, 'x1', 'y1', 'x2', 'y2'), [56, 140, 456, 140]);
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
    // Grid 60 × 40 over 0–10: cells 1/6 wide (6.67 px) and 1/4 high (6 px). (1, 1) and (1.1, 1.1) share col 6, row 4:
    // x = x(1) = 96, y = y(1.25) = 230; (9, 9) is alone in col 54, row 36. Opacity 0.15 + 0.85·√(count/max): 1 and 0.751.
    const c = render({ xs: [1, 1.1, 9], ys: [1, 1.1, 9], maxPoints: 2 });
    const cells = all(c, 'rect.rir-chart-density-cell');
    expect(
      cells.map((e) => [num(e, 'data-cell'), num(e, 'data-count'), num(e, 'x'), num(e, 'y'), num(e, 'width'), num(e, 'height')]),
    ).toEqual([
      [4 * 60 + 6, 2, 96, 230, 6.67, 6],
      [36 * 60 + 54, 1, 416, 38, 6.67, 6],
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
    // Points 0 at (96, 236) and 1 at (100, 233.6) share a cell (happy-dom maps client to svg coordinates 1:1).
    const onPointClick = vi.fn();
    const c = render({ xs: [1, 1.1, 9], ys: [1, 1.1, 9], maxPoints: 2, onPointClick });
    const cell = c.querySelector(`rect[data-cell="${4 * 60 + 6}"]`)!;
    click(cell, 101, 233);
    click(cell, 96.5, 235.5);
    expect(onPointClick.mock.calls).toEqual([[1], [0]]);
  });

  it('reports, for a click on any density cell, a point inside that cell', () => {
    const { xs, ys } = cloud(6000);
    const onPointClick = vi.fn();
    const c = render({ xs, ys, onPointClick });
    const cells = all(c, 'rect.rir-chart-density-cell');
    for (const cell of [cells[0]!, cells[Math.floor(cells.length / 2)]!, cells[cells.length - 1]!]) {
      const [x, y, w, h] = ['x', 'y', 'width', 'height'].map((a) => num(cell, a)) as [number, number, number, number];
      click(cell, x + w / 2, y + h / 2);
      const i = onPointClick.mock.lastCall![0] as number;
      const px = 56 + 40 * xs[i]!;
      const py = 260 - 24 * ys[i]!;
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
    // Ticks every step on 0–10: 11 per axis, each labelled at its tick.
    expect(xTickLabels(c).map((e) => num(e, 'x'))).toEqual([56, 96, 136, 176, 216, 256, 296, 336, 376, 416, 456]);
    expect(xTickLabels(c).map((e) => e.textContent)).toEqual(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9', '10']);
  });

  it('shows "No data" for empty input and no NaN anywhere', () => {
    const c = render({ xs: [NaN], ys: [1], reference: 'diagonal' });
    expect(c.querySelector('.rir-chart-empty')?.textContent).toBe('No data');
    expect(c.querySelector('svg')!.getAttribute('aria-label')).toBe('Concordance scatter: no data');
    expect(c.innerHTML).not.toContain('NaN');
  });

  it('widens a degenerate domain to one unit around it', () => {
    // x on [3, 3] → [2.5, 3.5]: x(3) = 56 + 200 = 256; one tick, at 3.
    const c = render({ xs: [3, 3], ys: [4, 6], x: axis('Prediction', 3, 3), reference: 'diagonal' });
    expect(all(c, 'circle').map((e) => num(e, 'cx'))).toEqual([256, 256]);
    expect(xTickLabels(c).map((e) => e.textContent)).toEqual(['3']);
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
    // y = 5 → 140: the line across the plot, its label at the right end (456 − 3) just above it (140 − 3).
    const c = render({
      xs: [1],
      ys: [1],
      markers: [
        { axis: 'y', value: 5, label: 'bias 5', className: 'rir-chart-marker-strong' },
        { axis: 'y', value: 12, label: 'off' },
      ],
    });
    const line = c.querySelector('.recharts-reference-line.rir-chart-marker line')!;
    expectClose(coords(line, 'x1', 'y1', 'x2', 'y2'), [56, 140, 456, 140]);
    expect(all(c, '.recharts-reference-line.rir-chart-marker')).toHaveLength(1);
    const labels = all(c, '.rir-chart-marker-label');
    expect(labels.map((e) => [e.textContent, num(e, 'x'), num(e, 'y'), e.getAttribute('class')])).toEqual([
      ['bias 5', 453, 137, 'rir-chart-marker-label rir-chart-marker-strong'],
    ]);
  });
});
