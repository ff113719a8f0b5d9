// Geometry and text of <ReliabilityDiagram> (recharts Scatter of the bins, ErrorBar per CI, Line through them,
// ReferenceLine y = x). Positions are asserted as what the chart shows, read back as values through the axes' own
// labelled ticks, or relative to each other and the plot area; not as pixels of one layout. Marker radii are sizes
// the component sets (area ∝ n), not positions, and stay in px.
// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { reliabilityBins, type ReliabilityBin } from '../../domain/binning.ts';
import { all, mountPerTest, numAttr } from '../../test/renderDom.tsx';
import { ReliabilityDiagram, type ReliabilityDiagramProps } from './ReliabilityDiagram.tsx';

const scale = { min: 1, max: 5, step: 1 };
const { mount } = mountPerTest();
const render = (props: Partial<ReliabilityDiagramProps> & Pick<ReliabilityDiagramProps, 'bins'>) =>
  mount(<ReliabilityDiagram scale={scale} ariaLabel="Reliability diagram" width={456} height={304} {...props} />);
const num = numAttr;
const coords = (e: Element, ...names: string[]) => names.map((a) => num(e, a));
function expectClose(got: number[], want: number[]) {
  expect(got).toHaveLength(want.length);
  got.forEach((g, i) => expect(g).toBeCloseTo(want[i]!, 2));
}
/** Rounded to 1e-6, so values read back through the ticks compare exactly. */
const r6 = (v: number) => Math.round(v * 1e6) / 1e6 + 0;
/** The value a position shows on an axis, read from its first and last labelled ticks. */
function reader(c: Element, axis: 'x' | 'y'): (px: number) => number {
  const ticks = all(c, `.recharts-${axis}Axis-tick-labels .rir-chart-tick-label`).map(
    (e) => [Number(e.textContent), num(e, axis)] as const,
  );
  const [v0, p0] = ticks[0]!;
  const [v1, p1] = ticks[ticks.length - 1]!;
  return (px) => r6(v0 + ((px - p0) * (v1 - v0)) / (p1 - p0));
}
/** The plot area, from the two axis lines. */
function plotArea(c: Element): { left: number; right: number; top: number; bottom: number } {
  const x = c.querySelector('.rir-chart-axis-x .recharts-cartesian-axis-line')!;
  const y = c.querySelector('.rir-chart-axis-y .recharts-cartesian-axis-line')!;
  return { left: num(x, 'x1'), right: num(x, 'x2'), top: num(y, 'y1'), bottom: num(y, 'y2') };
}
/** Each whisker as [x1, x2, y1, y2] of its lines, the stem first, then the caps top to bottom. */
function whiskers(c: Element): number[][][] {
  return all(c, '.recharts-errorBar').map((w) => {
    const lines = all(w, 'line').map((l) => coords(l, 'x1', 'x2', 'y1', 'y2'));
    const stem = lines.filter(([x1, x2]) => x1 === x2);
    const caps = lines.filter(([x1, x2]) => x1 !== x2).sort((a, b) => a[2]! - b[2]!);
    return [...stem, ...caps].map((l) => l.map((v) => Math.round(v * 100) / 100));
  });
}

const bins: ReliabilityBin[] = [
  { lo: 3, hi: 3, n: 16, meanPred: 3, meanTarget: 3.5, ci: [3.25, 3.75] },
  { lo: 1, hi: 2, n: 4, meanPred: 1.5, meanTarget: 2, ci: [1.5, 2.5] },
  { lo: 4.5, hi: 4.5, n: 1, meanPred: 4.5, meanTarget: 5, ci: null },
];

describe('ReliabilityDiagram', () => {
  it('puts one marker per bin at (mean prediction, mean target), area ∝ n', () => {
    // Read on the axes: (1.5, 2), (3, 3.5), (4.5, 5), in order of mean prediction.
    // r = 9 · √(n / 16): 4.5 for n = 4, 9 for n = 16; n = 1 gives 2.25, raised to the minimum 2.5.
    const c = render({ bins });
    const [x, y] = [reader(c, 'x'), reader(c, 'y')];
    const markers = all(c, 'circle.rir-chart-bin-marker');
    expect(markers.map((e) => [num(e, 'data-n'), x(num(e, 'cx')), y(num(e, 'cy')), num(e, 'r')])).toEqual([
      [4, 1.5, 2, 4.5],
      [16, 3, 3.5, 9],
      [1, 4.5, 5, 2.5],
    ]);
    // The path goes through the markers' centres, in that order.
    const path = c.querySelector('.rir-chart-reliability-path path')!.getAttribute('d')!;
    expectClose(
      path.match(/-?[\d.]+/g)!.map(Number),
      markers.flatMap((e) => [num(e, 'cx'), num(e, 'cy')]),
    );
  });

  it('draws a CI whisker (recharts ErrorBar) with caps for bins of two or more', () => {
    // A vertical stem through its marker from the CI's low end to its high end, read on the y axis; a cap of equal
    // width centred on the stem at each end. n = 1 has none.
    const c = render({ bins });
    const y = reader(c, 'y');
    const markers = all(c, 'circle.rir-chart-bin-marker');
    const w = whiskers(c);
    expect(w).toHaveLength(2);
    expect(w.map(([stem]) => [stem![0]!, stem![1]!])).toEqual(markers.slice(0, 2).map((m) => [num(m, 'cx'), num(m, 'cx')]));
    expect(w.map(([stem]) => [y(stem![2]!), y(stem![3]!)])).toEqual([
      [1.5, 2.5],
      [3.25, 3.75],
    ]);
    for (const [stem, top, bottom] of w) {
      expect([top![2], top![3], bottom![2], bottom![3]]).toEqual([stem![3], stem![3], stem![2], stem![2]]);
      for (const cap of [top!, bottom!]) {
        expect(cap[0]! + cap[1]!).toBeCloseTo(2 * stem![0]!, 9);
        expect(cap[1]! - cap[0]!).toBeGreaterThan(0);
      }
      expect(top![1]! - top![0]!).toBe(bottom![1]! - bottom![0]!);
    }
  });

  it('clips whiskers and markers at the edge of the scale, and keeps the axes on the scale', () => {
    // CI 4.5–5.8: the top end clamped to 5, the top edge; the bottom at 4.5. Mean target 5.4 drawn on the edge, at 5.
    const c = render({ bins: [{ lo: 4, hi: 5, n: 3, meanPred: 4.6, meanTarget: 5.4, ci: [4.5, 5.8] }] });
    const y = reader(c, 'y');
    const { top } = plotArea(c);
    const [stem] = whiskers(c)[0]!;
    expect([y(stem![2]!), y(stem![3]!)]).toEqual([4.5, 5]);
    expect(stem![3]).toBe(top);
    expect(num(c.querySelector('circle.rir-chart-bin-marker')!, 'cy')).toBe(top);
    // The data did not stretch the axes: the top y tick is still 5, at the top of the plot.
    const yTicks = all(c, '.recharts-yAxis-tick-labels .rir-chart-tick-label');
    expect(yTicks.map((e) => e.textContent)).toEqual(['1', '2', '3', '4', '5']);
    expect(num(yTicks[4]!, 'y')).toBe(top);
  });

  it('draws y = x corner to corner', () => {
    const c = render({ bins });
    const line = c.querySelector('.rir-chart-reference line')!;
    const [x, y] = [reader(c, 'x'), reader(c, 'y')];
    expect([x(num(line, 'x1')), y(num(line, 'y1')), x(num(line, 'x2')), y(num(line, 'y2'))].map((v) => Math.round(v * 100) / 100)).toEqual([
      1, 1, 5, 5,
    ]);
    const { left, right, top, bottom } = plotArea(c);
    expectClose(coords(line, 'x1', 'y1', 'x2', 'y2'), [left, bottom, right, top]);
  });

  it('describes each bin in a tooltip and sums them up in the label', () => {
    const c = render({ bins });
    expect(all(c, '.rir-chart-bin > title').map((t) => t.textContent)).toEqual([
      'predictions 1–2 (n = 4): mean prediction 1.5, mean target 2, 95% CI 1.5–2.5',
      'predictions 3 (n = 16): mean prediction 3, mean target 3.5, 95% CI 3.25–3.75',
      'predictions 4.5 (n = 1): mean prediction 4.5, mean target 5, no CI (n < 2)',
    ]);
    const svg = c.querySelector('svg')!;
    expect(svg.getAttribute('role')).toBe('img');
    expect(svg.getAttribute('aria-label')).toBe('Reliability diagram: 3 bins, 21 examples');
    expect(all(c, '.rir-chart-axis-label').map((e) => e.textContent)).toEqual(['Mean prediction', 'Mean target']);
  });

  it('draws bins computed by reliabilityBins', () => {
    const pred = [1, 1, 2, 2, 3, 3, 4, 4, 5, 5];
    const target = [1, 2, 2, 3, 3, 3, 4, 5, 5, 5];
    const c = render({ bins: reliabilityBins(pred, target, { bins: 5 }), xLabel: 'Calibrated score', yLabel: 'Label' });
    expect(all(c, 'circle.rir-chart-bin-marker')).toHaveLength(5);
    expect(all(c, '.rir-chart-axis-label').map((e) => e.textContent)).toEqual(['Calibrated score', 'Label']);
    expect(c.innerHTML).not.toContain('NaN');
  });

  it('shows "No data" without bins and survives a degenerate scale, with no NaN anywhere', () => {
    const c = render({ bins: [] });
    expect(c.querySelector('.rir-chart-empty')?.textContent).toBe('No data');
    expect(c.querySelector('svg')!.getAttribute('aria-label')).toBe('Reliability diagram: no data');
    expect(c.innerHTML).not.toContain('NaN');
    const flat = render({ bins: [{ lo: 3, hi: 3, n: 2, meanPred: 3, meanTarget: 3, ci: [3, 3] }], scale: { min: 3, max: 3 } });
    // [3, 3] widened to [2.5, 3.5]: 3 sits mid-plot.
    const m = flat.querySelector('circle.rir-chart-bin-marker')!;
    const { left, right, top, bottom } = plotArea(flat);
    expect([num(m, 'cx'), num(m, 'cy')]).toEqual([(left + right) / 2, (top + bottom) / 2]);
    expect(flat.innerHTML).not.toContain('NaN');
  });
});
