// Bars (recharts ReferenceAreas), step line (a stepped recharts Line), axes and legend of <HistogramChart>. Positions
// are asserted as what the chart shows: read back as values through the axes' own labelled ticks (a bar from 1.5 to 2.5
// up to count 4), or relative to the axes and to each other, not as pixels of one layout.
// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { histogramForScale, type HistogramBins } from '../../domain/binning.ts';
import { all, mountPerTest, numAttr } from '../../test/renderDom.tsx';
import { HistogramChart, type HistogramChartProps, type HistogramSeries } from './HistogramChart.tsx';

const { mount } = mountPerTest();
const render = (props: Partial<HistogramChartProps> & Pick<HistogramChartProps, 'series'>) =>
  mount(<HistogramChart xLabel="Score" ariaLabel="Distribution" width={472} height={252} {...props} />);
const num = numAttr;
/** The vertices of an SVG path of straight segments ("M56,208L56,142…"), rounded to 0.01, repeats dropped. */
function vertices(d: string): [number, number][] {
  const nums = d.match(/-?[\d.]+(e-?\d+)?/g)!.map((v) => Math.round(Number(v) * 100) / 100);
  const out: [number, number][] = [];
  for (let i = 0; i < nums.length; i += 2) {
    const last = out[out.length - 1];
    if (!last || last[0] !== nums[i] || last[1] !== nums[i + 1]) out.push([nums[i]!, nums[i + 1]!]);
  }
  return out;
}
const tickLabels = (c: Element, axis: 'x' | 'y') => all(c, `.recharts-${axis}Axis-tick-labels .rir-chart-tick-label`);
/** Rounded to 1e-6, so values read back through the ticks compare exactly. */
const r6 = (v: number) => Math.round(v * 1e6) / 1e6 + 0;
/** The value a position shows on an axis, read from its first and last labelled ticks (linear axes). */
function reader(c: Element, axis: 'x' | 'y'): (px: number) => number {
  const ticks = tickLabels(c, axis).map((e) => [Number(e.textContent), num(e, axis)] as const);
  const [v0, p0] = ticks[0]!;
  const [v1, p1] = ticks[ticks.length - 1]!;
  return (px) => r6(v0 + ((px - p0) * (v1 - v0)) / (p1 - p0));
}
/** The plot area, from the two axis lines. */
function plotArea(c: Element): { left: number; right: number; top: number; bottom: number } {
  const [x, y] = [
    c.querySelector('.rir-chart-axis-x .recharts-cartesian-axis-line')!,
    c.querySelector('.rir-chart-axis-y .recharts-cartesian-axis-line')!,
  ];
  return { left: num(x, 'x1'), right: num(x, 'x2'), top: num(y, 'y1'), bottom: num(y, 'y2') };
}
/** A bar as it reads: [count, from, to, top on the count axis, bottom on the count axis]. */
function barValues(c: Element, bar: Element): number[] {
  const [x, y] = [reader(c, 'x'), reader(c, 'y')];
  const [left, top, w, h] = ['x', 'y', 'width', 'height'].map((a) => num(bar, a)) as [number, number, number, number];
  return [num(bar, 'data-count'), x(left), x(left + w), y(top), y(top + h)];
}

const edges = [0.5, 1.5, 2.5, 3.5, 4.5, 5.5];
const predictions: HistogramSeries = { label: 'Predictions', tone: 'prediction', bins: { edges, counts: [1, 4, 8, 2, 0] } };
const targets: HistogramSeries = { label: 'Targets', tone: 'target', bins: { edges, counts: [0, 3, 5, 6, 1] } };

describe('HistogramChart', () => {
  it('draws a bar per non-empty bin, as tall as its count', () => {
    // Read on the axes: each bar spans its bin's edges and rises from 0 to its count; the empty bin has none.
    const c = render({ series: [predictions, targets] });
    const bars = all(c, 'rect.rir-chart-bar');
    expect(bars.map((b) => barValues(c, b))).toEqual([
      [1, 0.5, 1.5, 1, 0],
      [4, 1.5, 2.5, 4, 0],
      [8, 2.5, 3.5, 8, 0],
      [2, 3.5, 4.5, 2, 0],
    ]);
    // The tallest bar fills the plot: the count axis ends at the largest count.
    expect(num(bars[2]!, 'y')).toBe(plotArea(c).top);
    expect(bars[1]!.querySelector('title')?.textContent).toBe('Predictions 1.5–2.5: 4');
  });

  it('outlines a target series as a step line', () => {
    // counts 0, 3, 5, 6, 1 read on the axes: up from the baseline, along each count from edge to edge, back down.
    const c = render({ series: [predictions, targets] });
    const [x, y] = [reader(c, 'x'), reader(c, 'y')];
    expect(vertices(c.querySelector('.rir-chart-step path')!.getAttribute('d')!).map(([px, py]) => [x(px), y(py)])).toEqual([
      [0.5, 0],
      [1.5, 0],
      [1.5, 3],
      [2.5, 3],
      [2.5, 5],
      [3.5, 5],
      [3.5, 6],
      [4.5, 6],
      [4.5, 1],
      [5.5, 1],
      [5.5, 0],
    ]);
  });

  it('labels the count axis on whole numbers and the x axis at the scale step', () => {
    const c = render({ series: [predictions, targets], scale: { min: 1, max: 5, step: 1 } });
    expect(tickLabels(c, 'y').map((e) => e.textContent)).toEqual(['0', '1', '2', '3', '4', '5', '6', '7', '8']);
    expect(tickLabels(c, 'x').map((e) => e.textContent)).toEqual(['1', '2', '3', '4', '5']);
    // Each score's label sits in the middle of its bin's bar (bins of one step, edges half a step either side).
    const bars = all(c, 'rect.rir-chart-bar');
    const middle = (b: Element) => num(b, 'x') + num(b, 'width') / 2;
    // (Both are rounded to 0.01 px.)
    tickLabels(c, 'x')
      .slice(0, 4)
      .forEach((e, i) => expect(num(e, 'x')).toBeCloseTo(middle(bars[i]!), 1));
    expect(all(c, '.rir-chart-axis-label').map((e) => e.textContent)).toEqual(['Score', 'Count']);
  });

  it('rounds the count axis up to its tick spacing', () => {
    // max 37: ticks every 5, the axis to 40, so the bar of 37 ends below the top tick and reads 37 on it.
    const c = render({ series: [{ label: 'P', tone: 'prediction', bins: { edges: [0, 1], counts: [37] } }] });
    expect(tickLabels(c, 'y').map((e) => e.textContent)).toEqual(['0', '5', '10', '15', '20', '25', '30', '35', '40']);
    const bar = c.querySelector('rect.rir-chart-bar')!;
    expect(barValues(c, bar).slice(3)).toEqual([37, 0]);
    expect(num(tickLabels(c, 'y').at(-1)!, 'y')).toBe(plotArea(c).top);
    expect(num(bar, 'y')).toBeGreaterThan(plotArea(c).top);
  });

  it('names each series in the legend and in the label', () => {
    const c = render({ series: [predictions, targets] });
    expect(all(c, '.rir-chart-legend-item').map((e) => [e.getAttribute('class'), e.textContent])).toEqual([
      ['rir-chart-legend-item rir-chart-tone-prediction', 'Predictions'],
      ['rir-chart-legend-item rir-chart-tone-target', 'Targets'],
    ]);
    const svg = c.querySelector('svg')!;
    expect(svg.getAttribute('role')).toBe('img');
    expect(svg.getAttribute('aria-label')).toBe('Distribution: Predictions 15 values, Targets 15 values');
  });

  it('spans the x axis over every series when their edges differ', () => {
    // 0..2 and 1..4 → the axis reads 0..4 across the whole plot, and each bar spans its own edges on it.
    const a: HistogramBins = { edges: [0, 2], counts: [1] };
    const b: HistogramBins = { edges: [1, 4], counts: [1] };
    const c = render({
      series: [
        { label: 'A', tone: 'prediction', bins: a },
        { label: 'B', tone: 'prediction', bins: b },
      ],
    });
    expect(all(c, 'rect.rir-chart-bar').map((e) => barValues(c, e).slice(1, 3))).toEqual([
      [0, 2],
      [1, 4],
    ]);
    const x = reader(c, 'x');
    expect([x(plotArea(c).left), x(plotArea(c).right)]).toEqual([0, 4]);
  });

  it('draws histograms from histogramForScale', () => {
    const scale = { min: 1, max: 5, step: 1 };
    const c = render({ series: [{ label: 'P', tone: 'prediction', bins: histogramForScale([1, 2, 2, 5], scale) }], scale });
    expect(all(c, 'rect.rir-chart-bar').map((e) => num(e, 'data-count'))).toEqual([1, 2, 1]);
  });

  it('shows "No data" for no series or only zero counts, with no NaN anywhere', () => {
    for (const series of [
      [],
      [{ ...predictions, bins: { edges, counts: [0, 0, 0, 0, 0] } }],
      [{ ...predictions, bins: { edges: [], counts: [] } }],
    ]) {
      const c = render({ series });
      expect(c.querySelector('.rir-chart-empty')?.textContent).toBe('No data');
      expect(c.querySelector('svg')!.getAttribute('aria-label')).toBe('Distribution: no data');
      expect(c.querySelector('.rir-chart-bar, .rir-chart-step path')).toBeNull();
      expect(c.innerHTML).not.toContain('NaN');
    }
  });

  it('survives a degenerate scale', () => {
    const c = render({
      series: [{ label: 'P', tone: 'prediction', bins: histogramForScale([3, 3], { min: 3, max: 3 }) }],
      scale: { min: 3, max: 3 },
    });
    // [3, 3] widened to [2.5, 3.5] in 40 bins; 3 is the left edge of bin 20, the middle of the plot, where its one tick is.
    const bars = all(c, 'rect.rir-chart-bar');
    expect(bars.map((e) => num(e, 'data-count'))).toEqual([2]);
    const { left, right } = plotArea(c);
    expect(num(bars[0]!, 'x')).toBe((left + right) / 2);
    expect(num(bars[0]!, 'width')).toBeCloseTo((right - left) / 40, 9);
    expect(tickLabels(c, 'x').map((e) => [num(e, 'x'), e.textContent])).toEqual([[(left + right) / 2, '3']]);
    expect(c.innerHTML).not.toContain('NaN');
  });

  it('draws labelled vertical markers, their labels stacked from the plot top, and none off the axis', () => {
    // 3 is in the plot's left half: its label to the right of the line; 5 in the right half: label to its left, one row
    // lower so the two cannot collide; 10 is off the axis and not drawn.
    const c = render({
      series: [predictions],
      markers: [
        { axis: 'x', value: 3, label: '0' },
        { axis: 'x', value: 5, label: 'hi' },
        { axis: 'x', value: 10, label: 'off' },
      ],
    });
    const lines = all(c, '.recharts-reference-line.rir-chart-marker line');
    const x = reader(c, 'x');
    expect(lines.map((l) => x(num(l, 'x1')))).toEqual([3, 5]);
    const labels = all(c, '.rir-chart-marker-label');
    expect(labels.map((e) => [e.textContent, e.getAttribute('text-anchor')])).toEqual([
      ['0', 'start'],
      ['hi', 'end'],
    ]);
    expect(num(labels[0]!, 'x')).toBeGreaterThan(num(lines[0]!, 'x1'));
    expect(num(labels[1]!, 'x')).toBeLessThan(num(lines[1]!, 'x1'));
    const { top } = plotArea(c);
    expect(num(labels[0]!, 'y')).toBeGreaterThan(top);
    expect(num(labels[1]!, 'y')).toBeGreaterThan(num(labels[0]!, 'y'));
  });
});
