// Lines, colours, highlight, log axis and legend of <LineChart> and <LineLegend> (the Train screen's curves). The lines
// are our layer on recharts' scales (a path per series). Positions are asserted as what the chart shows, read back as
// values through the axes' own labelled ticks (linear or log), or relative to the plot area; not as pixels of one layout.
// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { all, mountPerTest } from '../../test/renderDom.tsx';
import { LineChart, type LineChartProps, type LineSeries } from './LineChart.tsx';
import { LineLegend } from './LineLegend.tsx';

const { mount } = mountPerTest();
const render = (props: Partial<LineChartProps> & Pick<LineChartProps, 'series'>) =>
  mount(<LineChart xLabel="Epoch" yLabel="Loss" ariaLabel="Curves" width={472} height={304} {...props} />);

/** The vertices of a path of straight segments, rounded to 0.01 px. */
function vertices(path: Element | null): [number, number][] {
  const nums = (path?.getAttribute('d') ?? '').match(/-?[\d.]+(e-?\d+)?/g)?.map((v) => Math.round(Number(v) * 100) / 100) ?? [];
  const out: [number, number][] = [];
  for (let i = 0; i < nums.length; i += 2) out.push([nums[i]!, nums[i + 1]!]);
  return out;
}
const curves = (c: Element) => all(c, 'path.rir-line');
const curveOf = (c: Element, name: string) => c.querySelector(`path.rir-line[data-series="${name}"]`);
const xTickLabels = (c: Element) => all(c, '.recharts-xAxis-tick-labels .rir-chart-tick-label');
const yTickLabels = (c: Element) => all(c, '.recharts-yAxis-tick-labels .rir-chart-tick-label');
/** Rounded to 1e-6, so values read back through the ticks compare exactly. */
const r6 = (v: number) => Math.round(v * 1e6) / 1e6 + 0;
/** The value a position shows on an axis, read from its first and last labelled ticks, linearly or on a log scale. */
function reader(c: Element, axis: 'x' | 'y', log = false): (px: number) => number {
  const f = (v: number) => (log ? Math.log10(v) : v);
  const ticks = (axis === 'x' ? xTickLabels(c) : yTickLabels(c)).map(
    (e) => [f(Number(e.textContent)), Number(e.getAttribute(axis))] as const,
  );
  const [v0, p0] = ticks[0]!;
  const [v1, p1] = ticks[ticks.length - 1]!;
  return (px) => {
    const u = v0 + ((px - p0) * (v1 - v0)) / (p1 - p0);
    return r6(log ? 10 ** u : u);
  };
}
/** The values a series' vertices show, [x, y] each. */
function points(c: Element, name: string, log = false): number[][] {
  const [x, y] = [reader(c, 'x'), reader(c, 'y', log)];
  return vertices(curveOf(c, name)).map(([px, py]) => [x(px), y(py)]);
}
/** The plot area, from the two axis lines. */
function plotArea(c: Element): { left: number; right: number; top: number; bottom: number } {
  const x = c.querySelector('.rir-chart-axis-x .recharts-cartesian-axis-line')!;
  const y = c.querySelector('.rir-chart-axis-y .recharts-cartesian-axis-line')!;
  return {
    left: Number(x.getAttribute('x1')),
    right: Number(x.getAttribute('x2')),
    top: Number(y.getAttribute('y1')),
    bottom: Number(y.getAttribute('y2')),
  };
}

const epochs = [0, 10, 20, 30, 40];

describe('LineChart', () => {
  it('draws each series as a path through its scaled points, named by its label', () => {
    // Read on the axes (x 0..40, y over the data's range 0..1.2), each vertex is its point.
    const c = render({
      series: [
        { label: 'a', xs: epochs, ys: [1.2, 0.6, 0.3, 0.15, 0] },
        { label: 'b', xs: epochs, ys: [0, 0.3, NaN, 0.6, 1.2] },
      ],
    });
    expect(points(c, 'a')).toEqual([
      [0, 1.2],
      [10, 0.6],
      [20, 0.3],
      [30, 0.15],
      [40, 0],
    ]);
    // The NaN point is left out, not drawn at 0.
    expect(points(c, 'b')).toEqual([
      [0, 0],
      [10, 0.3],
      [30, 0.6],
      [40, 1.2],
    ]);
    // The data's range spans the plot: its first point at the top-left corner, its last at the bottom-right one.
    const { left, right, top, bottom } = plotArea(c);
    expect([vertices(curveOf(c, 'a'))[0], vertices(curveOf(c, 'a'))[4]]).toEqual([
      [left, top],
      [right, bottom],
    ]);
    expect(curveOf(c, 'a')!.querySelector('title')?.textContent).toBe('a');
    expect(c.querySelector('svg')!.getAttribute('aria-label')).toBe('Curves: 2 series');
    expect(c.querySelector('svg')!.getAttribute('role')).toBe('img');
  });

  it('colours series by their colour slot and dashes the dashed ones', () => {
    const c = render({
      series: [
        { label: 'A train', xs: epochs, ys: [1, 2, 3, 4, 5], colour: 3 },
        { label: 'A validation', xs: epochs, ys: [1, 2, 3, 4, 4], colour: 3, dashed: true },
        { label: 'B train', xs: epochs, ys: [5, 4, 3, 2, 1], colour: 13 },
        { label: 'C train', xs: epochs, ys: [2, 2, 2, 2, 2] },
      ],
    });
    const colourOf = (name: string) => /rir-line-(\d+)/.exec(curveOf(c, name)!.getAttribute('class')!)?.[1];
    // Both series of A share slot 3; slots wrap at 12; without a slot, the series' index.
    expect(['A train', 'A validation', 'B train', 'C train'].map(colourOf)).toEqual(['3', '3', '1', '3']);
    expect(curveOf(c, 'A validation')!.getAttribute('stroke-dasharray')).toBe('4 3');
    expect(curveOf(c, 'A train')!.getAttribute('stroke-dasharray')).toBeNull();
  });

  it('draws the highlighted series last and thick', () => {
    const series: LineSeries[] = ['a', 'b', 'c', 'd'].map((label, i) => ({ label, xs: epochs, ys: epochs.map((e) => e + i) }));
    const one = render({ series, highlight: 1 });
    expect(curves(one).map((e) => e.getAttribute('data-series'))).toEqual(['a', 'c', 'd', 'b']);
    expect(all(one, 'path.rir-line-highlight').map((e) => e.getAttribute('data-series'))).toEqual(['b']);
    const two = render({ series, highlight: [0, 2] });
    expect(curves(two).map((e) => e.getAttribute('data-series'))).toEqual(['b', 'd', 'a', 'c']);
    expect(all(two, '.rir-line-highlight')).toHaveLength(2);
  });

  it('on a log axis shows the first, large values and the late, small ones, with ticks at round values', () => {
    // Loss 4 → 0.4: log domain 0.4..4, one decade, read on a log scale from the first and last tick.
    const ys = [4, 2, 0.8, 0.5, 0.4];
    const c = render({ series: [{ label: 'loss', xs: epochs, ys }], yScale: 'log' });
    // Vertices are rounded to 0.01 px: read back to 4 significant digits.
    const sig4 = (v: number) => Number(v.toPrecision(4));
    expect(points(c, 'loss', true).map(([, y]) => sig4(y!))).toEqual(ys);
    // The first epoch is at the top of the plot, not cut off above it.
    expect(vertices(curveOf(c, 'loss'))[0]![1]).toBe(plotArea(c).top);
    const labels = ['0.4', '0.5', '0.6', '0.7', '0.8', '0.9', '1', '2', '3', '4'];
    expect(yTickLabels(c).map((e) => e.textContent)).toEqual(labels);
    // Each tick label sits at its value's log position (on a linear reading 0.5 would sit far lower, 2 far higher).
    const y = reader(c, 'y', true);
    expect(yTickLabels(c).map((e) => sig4(y(Number(e.getAttribute('y')))))).toEqual(labels.map(Number));
  });

  it('leaves non-positive values off a log axis, and stays linear when nothing is positive', () => {
    const c = render({ series: [{ label: 'loss', xs: epochs, ys: [4, 0, 0.4, -1, 0.4] }], yScale: 'log' });
    expect(vertices(curveOf(c, 'loss'))).toHaveLength(3);
    expect(c.innerHTML).not.toContain('NaN');
    const flat = render({ series: [{ label: 'loss', xs: epochs, ys: [0, -1, -2, -3, -4] }], yScale: 'log' });
    expect(vertices(curveOf(flat, 'loss'))).toHaveLength(5);
    expect(yTickLabels(flat).map((e) => e.textContent)).toContain('-2');
  });

  it('keeps a long run to about 300 points per series, ending on the last', () => {
    const xs = Array.from({ length: 2000 }, (_, i) => i);
    const c = render({ series: [{ label: 'long', xs, ys: xs.map((x) => 1 / (x + 1)) }] });
    const v = vertices(curveOf(c, 'long'));
    expect(v.length).toBeLessThanOrEqual(301);
    expect(v.length).toBeGreaterThan(250);
    expect(v[v.length - 1]![0]).toBeCloseTo(plotArea(c).right, 1); // vertices are rounded to 0.01 px
    expect(Math.round(reader(c, 'x')(v[v.length - 1]![0]))).toBe(1999); // ticks and vertices are rounded to 0.01 px
  });

  it('uses a given y domain, drawing values past it on its edge, and labels the axes', () => {
    // y 0..2: 3 and −1 drawn on the edges, reading 2 and 0.
    const c = render({ series: [{ label: 'ccc', xs: epochs, ys: [1, 3, 1, -1, 1] }], yDomain: { min: 0, max: 2 } });
    expect(points(c, 'ccc').map(([, y]) => y)).toEqual([1, 2, 1, 0, 1]);
    expect(
      vertices(curveOf(c, 'ccc'))
        .map(([, y]) => y)
        .filter((y) => y !== vertices(curveOf(c, 'ccc'))[0]![1]),
    ).toEqual([plotArea(c).top, plotArea(c).bottom]);
    expect(all(c, '.rir-chart-axis-label').map((e) => e.textContent)).toEqual(['Epoch', 'Loss']);
  });

  it('with `nice`, ends the axes on ticks, so growing data keeps them until it passes one', () => {
    // Data x 0..37, y 0.23..0.87 → x 0..40 (ticks every 5), y 0.2..0.9 (every 0.1), the ends on the plot's edges.
    const series = (last: number) => [{ label: 'ccc', xs: [0, 10, 20, 37], ys: [0.23, 0.5, 0.7, last] }];
    const c = render({ series: series(0.87), nice: true });
    expect(xTickLabels(c).map((e) => e.textContent)).toEqual(['0', '5', '10', '15', '20', '25', '30', '35', '40']);
    expect(yTickLabels(c).map((e) => e.textContent)).toEqual(['0.2', '0.3', '0.4', '0.5', '0.6', '0.7', '0.8', '0.9']);
    expect(points(c, 'ccc')[3]!.map((v) => Math.round(v * 1e4) / 1e4)).toEqual([37, 0.87]);
    const { left, right, top, bottom } = plotArea(c);
    expect([Number(xTickLabels(c)[0]!.getAttribute('x')), Number(xTickLabels(c).at(-1)!.getAttribute('x'))]).toEqual([left, right]);
    expect([Number(yTickLabels(c)[0]!.getAttribute('y')), Number(yTickLabels(c).at(-1)!.getAttribute('y'))]).toEqual([bottom, top]);
    // 0.88 still fits 0.2..0.9: the axes stay as they were.
    const before = yTickLabels(c).map((e) => e.getAttribute('y'));
    const again = render({ series: series(0.88), nice: true });
    expect(yTickLabels(again).map((e) => e.getAttribute('y'))).toEqual(before);
    // On a log axis to m · 10^k: 0.78..12 → 0.7..20: the top tick, 20, on the top edge, the bottom edge reading 0.7, and
    // the labelled ticks 1, 2, 5, 10, 20 each at its log position.
    const log = render({ series: [{ label: 'loss', xs: [0, 10], ys: [12, 0.78] }], yScale: 'log', nice: true });
    const at = Object.fromEntries(yTickLabels(log).map((e) => [e.textContent, Number(e.getAttribute('y'))]));
    expect(Object.keys(at)).toEqual(['1', '2', '5', '10', '20']);
    expect(at['20']).toBe(plotArea(log).top);
    const y = reader(log, 'y', true);
    expect(y(plotArea(log).bottom)).toBeCloseTo(0.7, 3);
    for (const [label, px] of Object.entries(at)) expect(y(px)).toBeCloseTo(Number(label), 2);
  });

  it('spans a given x domain (a whole run) whatever part of it the data covers', () => {
    // x 0..100 across the plot: the last point, epoch 40, reads 40, short of the right edge.
    const c = render({ series: [{ label: 'a', xs: epochs, ys: [1, 2, 3, 4, 5] }], xDomain: { min: 0, max: 100 } });
    expect(points(c, 'a').map(([x]) => x)).toEqual(epochs);
    expect(xTickLabels(c).at(-1)?.textContent).toBe('100');
    expect(Number(xTickLabels(c).at(-1)!.getAttribute('x'))).toBe(plotArea(c).right);
  });

  it('shows "No data" without points, with no NaN anywhere', () => {
    const c = render({ series: [{ label: 'a', xs: [], ys: [] }] });
    expect(c.querySelector('.rir-chart-empty')?.textContent).toBe('No data');
    expect(c.querySelector('path.rir-line')).toBeNull();
    expect(c.innerHTML).not.toContain('NaN');
  });
});

describe('LineLegend', () => {
  it('names each colour slot and what solid and dashed mean', () => {
    const c = mount(
      <LineLegend
        label="Configurations"
        entries={[
          { label: 'H = 8', colour: 0 },
          { label: 'H = 16', colour: 1, highlighted: true },
          { label: 'H = 32', colour: 13 },
        ]}
        styles={[
          { label: 'solid = train', dashed: false },
          { label: 'dashed = validation', dashed: true },
        ]}
      />,
    );
    const group = c.querySelector('[role="group"]')!;
    expect(group.getAttribute('aria-label')).toBe('Configurations');
    const entries = all(c, '.rir-line-legend-entries li');
    expect(entries.map((e) => [e.textContent, e.getAttribute('data-colour'), e.classList.contains('rir-line-highlight')])).toEqual([
      ['H = 8', '0', false],
      ['H = 16', '1', true],
      ['H = 32', '1', false],
    ]);
    // Each entry wears its slot's class, the one its lines wear.
    expect(entries.map((e) => e.classList.contains(`rir-line-${e.getAttribute('data-colour')}`))).toEqual([true, true, true]);
    const styles = all(c, '.rir-line-legend-styles li');
    expect(styles.map((e) => [e.textContent, e.querySelector('.rir-line-swatch-dashed') !== null])).toEqual([
      ['solid = train', false],
      ['dashed = validation', true],
    ]);
  });
});
