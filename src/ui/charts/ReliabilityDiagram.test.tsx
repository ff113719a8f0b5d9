// Geometry and text of <ReliabilityDiagram> (recharts Scatter of the bins, ErrorBar per CI, Line through them,
// ReferenceLine y = x). Expected pixels are worked out by hand from chartFrame's MARGIN (left 56, right 16, top 20,
// bottom 44): at 456 × 304 on scale 1–5 the plot spans x 56..440 and y 260..20, so x(v) = 56 + 96(v − 1) and
// y(v) = 260 − 60(v − 1). recharts' own elements carry unrounded floats, hence toBeCloseTo for them.
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
    // (1.5, 2) → (104, 200); (3, 3.5) → (248, 110); (4.5, 5) → (392, 20).
    // r = 9 · √(n / 16): 4.5 for n = 4, 9 for n = 16; n = 1 gives 2.25, raised to the minimum 2.5.
    const c = render({ bins });
    const markers = all(c, 'circle.rir-chart-bin-marker');
    expect(markers.map((e) => [num(e, 'data-n'), num(e, 'cx'), num(e, 'cy'), num(e, 'r')])).toEqual([
      [4, 104, 200, 4.5],
      [16, 248, 110, 9],
      [1, 392, 20, 2.5],
    ]);
    // The path through the bins, in order of mean prediction.
    const path = c.querySelector('.rir-chart-reliability-path path')!.getAttribute('d')!;
    expectClose(path.match(/-?[\d.]+/g)!.map(Number), [104, 200, 248, 110, 392, 20]);
  });

  it('draws a CI whisker (recharts ErrorBar) with caps for bins of two or more', () => {
    // [1.5, 2.5] → y 230..170 at x 104; [3.25, 3.75] → y 125..95 at x 248; caps 3 px either side. n = 1 has none.
    const c = render({ bins });
    expect(whiskers(c)).toEqual([
      [
        [104, 104, 230, 170],
        [101, 107, 170, 170],
        [101, 107, 230, 230],
      ],
      [
        [248, 248, 125, 95],
        [245, 251, 95, 95],
        [245, 251, 125, 125],
      ],
    ]);
  });

  it('clips whiskers and markers at the edge of the scale, and keeps the axes on the scale', () => {
    // CI 4.5–5.8: top end clamped to y(5) = 20; bottom y(4.5) = 50. Mean target 5.4 drawn on the edge, y(5) = 20.
    const c = render({ bins: [{ lo: 4, hi: 5, n: 3, meanPred: 4.6, meanTarget: 5.4, ci: [4.5, 5.8] }] });
    const [stem] = whiskers(c)[0]!;
    expect([stem![2], stem![3]]).toEqual([50, 20]);
    expect(num(c.querySelector('circle.rir-chart-bin-marker')!, 'cy')).toBe(20);
    // The data did not stretch the axes: the top y tick is still 5, at the top of the plot.
    const yTicks = all(c, '.recharts-yAxis-tick-labels .rir-chart-tick-label');
    expect(yTicks.map((e) => e.textContent)).toEqual(['1', '2', '3', '4', '5']);
    expect(num(yTicks[4]!, 'y')).toBe(20);
  });

  it('draws y = x corner to corner', () => {
    const line = render({ bins }).querySelector('.rir-chart-reference line')!;
    expectClose(coords(line, 'x1', 'y1', 'x2', 'y2'), [56, 260, 440, 20]);
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
    // [3, 3] widened to [2.5, 3.5]: 3 sits mid-plot at (248, 140).
    const m = flat.querySelector('circle.rir-chart-bin-marker')!;
    expect([num(m, 'cx'), num(m, 'cy')]).toEqual([248, 140]);
    expect(flat.innerHTML).not.toContain('NaN');
  });
});
