// Bars (recharts ReferenceAreas), step line (a stepped recharts Line), axes and legend of <HistogramChart>. Expected
// pixels are worked out by hand from chartFrame's MARGIN with the histogram's taller top (left 56, right 16, top 32,
// bottom 44): at 472 × 252 the plot spans x 56..456 and y 208..32. Bins of scale 1–5 (edges 0.5 … 5.5) give
// x(v) = 56 + 80(v − 0.5); a max count of 8 gives y(c) = 208 − 22c.
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

const edges = [0.5, 1.5, 2.5, 3.5, 4.5, 5.5];
const predictions: HistogramSeries = { label: 'Predictions', tone: 'prediction', bins: { edges, counts: [1, 4, 8, 2, 0] } };
const targets: HistogramSeries = { label: 'Targets', tone: 'target', bins: { edges, counts: [0, 3, 5, 6, 1] } };

describe('HistogramChart', () => {
  it('draws a bar per non-empty bin, as tall as its count', () => {
    // count 1 → y 186, h 22; 4 → y 120, h 88; 8 → y 32, h 176; 2 → y 164, h 44; bins 80 px wide.
    const c = render({ series: [predictions, targets] });
    const bars = all(c, 'rect.rir-chart-bar');
    expect(bars.map((b) => [num(b, 'data-count'), num(b, 'x'), num(b, 'y'), num(b, 'width'), num(b, 'height')])).toEqual([
      [1, 56, 186, 80, 22],
      [4, 136, 120, 80, 88],
      [8, 216, 32, 80, 176],
      [2, 296, 164, 80, 44],
    ]);
    expect(bars[1]!.querySelector('title')?.textContent).toBe('Predictions 1.5–2.5: 4');
  });

  it('outlines a target series as a step line', () => {
    // counts 0, 3, 5, 6, 1 → y 208, 142, 98, 76, 186: up from the baseline, along each count, back down.
    const c = render({ series: [predictions, targets] });
    expect(vertices(c.querySelector('.rir-chart-step path')!.getAttribute('d')!)).toEqual([
      [56, 208],
      [136, 208],
      [136, 142],
      [216, 142],
      [216, 98],
      [296, 98],
      [296, 76],
      [376, 76],
      [376, 186],
      [456, 186],
      [456, 208],
    ]);
  });

  it('labels the count axis on whole numbers and the x axis at the scale step', () => {
    const c = render({ series: [predictions, targets], scale: { min: 1, max: 5, step: 1 } });
    expect(tickLabels(c, 'y').map((e) => e.textContent)).toEqual(['0', '1', '2', '3', '4', '5', '6', '7', '8']);
    expect(tickLabels(c, 'x').map((e) => [num(e, 'x'), e.textContent])).toEqual([
      [96, '1'],
      [176, '2'],
      [256, '3'],
      [336, '4'],
      [416, '5'],
    ]);
    expect(all(c, '.rir-chart-axis-label').map((e) => e.textContent)).toEqual(['Score', 'Count']);
  });

  it('rounds the count axis up to its tick spacing', () => {
    // max 37: ticks every 5, axis to 40 → y(c) = 208 − 4.4c; the bar of 37 reaches 208 − 162.8 = 45.2.
    const c = render({ series: [{ label: 'P', tone: 'prediction', bins: { edges: [0, 1], counts: [37] } }] });
    expect(tickLabels(c, 'y').map((e) => e.textContent)).toEqual(['0', '5', '10', '15', '20', '25', '30', '35', '40']);
    expect(num(c.querySelector('rect.rir-chart-bar')!, 'y')).toBe(45.2);
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
    // 0..2 and 1..4 → domain 0..4, 100 px per unit: the second series' bar starts at x(1) = 156.
    const a: HistogramBins = { edges: [0, 2], counts: [1] };
    const b: HistogramBins = { edges: [1, 4], counts: [1] };
    const c = render({
      series: [
        { label: 'A', tone: 'prediction', bins: a },
        { label: 'B', tone: 'prediction', bins: b },
      ],
    });
    expect(all(c, 'rect.rir-chart-bar').map((e) => [num(e, 'x'), num(e, 'width')])).toEqual([
      [56, 200],
      [156, 300],
    ]);
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
    // [3, 3] widened to [2.5, 3.5] in 40 bins of 10 px; 3 is the left edge of bin 20 → x = 56 + 200 = 256; one tick, at 3.
    expect(all(c, 'rect.rir-chart-bar').map((e) => [num(e, 'data-count'), num(e, 'x'), num(e, 'width')])).toEqual([[2, 256, 10]]);
    expect(tickLabels(c, 'x').map((e) => [num(e, 'x'), e.textContent])).toEqual([[256, '3']]);
    expect(c.innerHTML).not.toContain('NaN');
  });

  it('draws labelled vertical markers, their labels stacked from the plot top, and none off the axis', () => {
    // x(3) = 256, the plot's middle: label to its right (259); x(5) = 416, right half: label to its left (413), one row lower.
    const c = render({
      series: [predictions],
      markers: [
        { axis: 'x', value: 3, label: '0' },
        { axis: 'x', value: 5, label: 'hi' },
        { axis: 'x', value: 10, label: 'off' },
      ],
    });
    const lines = all(c, '.recharts-reference-line.rir-chart-marker line');
    expect(lines.map((l) => Math.round(num(l, 'x1') * 100) / 100)).toEqual([256, 416]);
    expect(all(c, '.rir-chart-marker-label').map((e) => [e.textContent, num(e, 'x'), num(e, 'y'), e.getAttribute('text-anchor')])).toEqual([
      ['0', 259, 44, 'start'],
      ['hi', 413, 56, 'end'],
    ]);
  });
});
