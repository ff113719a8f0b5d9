// Geometry of <BarChart>: the recharts frame with a category y axis, a ReferenceArea bar per item, values after the bars.
// Positions are asserted as what the chart shows: bar ends read back as values through the x axis' labelled ticks,
// each bar centred on its item's name on the y axis, values beside their bars; not as pixels of one layout. The size
// (height 20 + 44 + 20 per item) is the component's sizing rule and stays in px.
// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { all, mountPerTest, numAttr } from '../../test/renderDom.tsx';
import { BarChart, type BarChartProps } from './BarChart.tsx';

const { mount } = mountPerTest();
const num = numAttr;
const bars: BarChartProps['bars'] = [
  { label: 'a', value: 2 },
  { label: 'b', value: 1, category: 0, note: '(B)' },
  { label: 'c', value: null },
];
const render = (props: Partial<BarChartProps> = {}) =>
  mount(<BarChart bars={bars} xLabel="Spread" ariaLabel="Spread per version" {...props} />);
const tickLabels = (c: Element, axis: 'x' | 'y') => all(c, `.recharts-${axis}Axis-tick-labels .rir-chart-tick-label`);
/** The value a position shows on the x axis, read from its first and last labelled ticks; rounded to 1e-6. */
function readX(c: Element): (px: number) => number {
  const ticks = tickLabels(c, 'x').map((e) => [Number(e.textContent), num(e, 'x')] as const);
  const [v0, p0] = ticks[0]!;
  const [v1, p1] = ticks[ticks.length - 1]!;
  return (px) => Math.round((v0 + ((px - p0) * (v1 - v0)) / (p1 - p0)) * 1e6) / 1e6 + 0;
}
/** The y of each item's name on the category axis. */
const nameY = (c: Element): Record<string, number> => Object.fromEntries(tickLabels(c, 'y').map((e) => [e.textContent, num(e, 'y')]));

describe('BarChart', () => {
  it('draws a bar per item from 0 to its value, first item on top', () => {
    // Read on the x axis, bar 0 runs from 0 to 2, bar 1 from 0 to 1; each is centred on its name, 0.7 of the spacing
    // between names high, and item 0 is on top.
    const c = render();
    expect(c.querySelector('svg')!.getAttribute('viewBox')).toBe('0 0 320 124');
    const rects = all(c, 'rect.rir-chart-bar');
    const x = readX(c);
    expect(rects.map((r) => [num(r, 'data-index'), x(num(r, 'x')), x(num(r, 'x') + num(r, 'width'))])).toEqual([
      [0, 0, 2],
      [1, 0, 1],
    ]);
    const at = nameY(c);
    const centre = (r: Element) => num(r, 'y') + num(r, 'height') / 2;
    expect(rects.map(centre)).toEqual([at['a'], at['b']]);
    expect(centre(rects[0]!)).toBeLessThan(centre(rects[1]!));
    for (const r of rects) expect(num(r, 'height')).toBeCloseTo(0.7 * (at['b']! - at['a']!), 9);
    expect(rects.map((r) => r.getAttribute('class'))).toEqual([
      'rir-chart-bar rir-chart-hbar',
      'rir-chart-bar rir-chart-hbar rir-chart-cat-0',
    ]);
    expect(rects[1]!.querySelector('title')?.textContent).toBe('b (B) 1');
  });

  it('writes each value after its bar and "–" where there is none, and names the items on the y axis', () => {
    // Each value just after the end of its bar (the missing one after 0), on its item's row.
    const c = render();
    const values = all(c, '.rir-chart-bar-value');
    expect(values.map((t) => t.textContent)).toEqual(['2', '1', '–']);
    const at = nameY(c);
    expect(values.map((t) => num(t, 'y'))).toEqual([at['a'], at['b'], at['c']]);
    const rects = all(c, 'rect.rir-chart-bar');
    const ends = [...rects.map((r) => num(r, 'x') + num(r, 'width')), num(rects[0]!, 'x')];
    values.forEach((t, i) => {
      expect(num(t, 'x')).toBeGreaterThan(ends[i]!);
      expect(num(t, 'x')).toBeLessThan(ends[i]! + 10);
    });
    expect(all(c, '.recharts-yAxis-tick-labels .rir-chart-tick-label').map((t) => t.textContent)).toEqual(['c', 'b', 'a']);
    expect(c.querySelector('svg')!.getAttribute('aria-label')).toBe('Spread per version: a 2, b (B) 1, c –');
  });

  it('uses the given domain and format for ticks, values and summary', () => {
    const pct = (v: number) => `${Math.round(v * 100)}%`;
    const c = render({ bars: [{ label: 'a', value: 0.25 }], domain: { min: 0, max: 1 }, format: pct });
    // 320 px wide leaves about 230 px of plot: room for 6 labels at ≥ 36 px each, so every second tick of 0, 0.1, …, 1.
    expect(all(c, '.recharts-xAxis-tick-labels .rir-chart-tick-label').map((t) => t.textContent)).toEqual([
      '0%',
      '20%',
      '40%',
      '60%',
      '80%',
      '100%',
    ]);
    expect(c.querySelector('.rir-chart-bar-value')?.textContent).toBe('25%');
    expect(c.querySelector('svg')!.getAttribute('aria-label')).toBe('Spread per version: a 25%');
    // A wide chart keeps them all.
    const wide = render({ bars: [{ label: 'a', value: 0.25 }], domain: { min: 0, max: 1 }, format: pct, width: 800 });
    expect(all(wide, '.recharts-xAxis-tick-labels .rir-chart-tick-label')).toHaveLength(11);
  });

  it('shows "No data" without items and no NaN anywhere', () => {
    const c = render({ bars: [] });
    expect(c.querySelector('.rir-chart-empty')?.textContent).toBe('No data');
    expect(c.innerHTML).not.toContain('NaN');
  });
});
