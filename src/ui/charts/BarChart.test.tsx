// Geometry of <BarChart>: the recharts frame with a category y axis, a ReferenceArea bar per item, values after the bars.
// Expected pixels by hand: names "a", "b", "c" are estimated 7.26 px wide (0.66 em at 11 px) → left margin 8 + 12 = 20;
// right margin 16 + 40 = 56; height 20 + 44 + 3 × 20 = 124. At width 320 the plot spans x 20..264 and y 80..20; y domain
// −0.5..2.5 gives y(v) = 70 − 20v (item i at v = 2 − i), x domain 0..2 gives x(v) = 20 + 122v.
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

describe('BarChart', () => {
  it('draws a bar per item from 0 to its value, first item on top', () => {
    // Item 0 at y(2) = 30, bar 0.7 high → 23..37; item 1 at y(1) = 50 → 43..57.
    const c = render();
    expect(c.querySelector('svg')!.getAttribute('viewBox')).toBe('0 0 320 124');
    const rects = all(c, 'rect.rir-chart-bar');
    expect(rects.map((r) => [num(r, 'data-index'), num(r, 'x'), num(r, 'y'), num(r, 'width'), num(r, 'height')])).toEqual([
      [0, 20, 23, 244, 14],
      [1, 20, 43, 122, 14],
    ]);
    expect(rects.map((r) => r.getAttribute('class'))).toEqual([
      'rir-chart-bar rir-chart-hbar',
      'rir-chart-bar rir-chart-hbar rir-chart-cat-0',
    ]);
    expect(rects[1]!.querySelector('title')?.textContent).toBe('b (B) 1');
  });

  it('writes each value after its bar and "–" where there is none, and names the items on the y axis', () => {
    const c = render();
    expect(all(c, '.rir-chart-bar-value').map((t) => [t.textContent, num(t, 'x'), num(t, 'y')])).toEqual([
      ['2', 267, 30],
      ['1', 145, 50],
      ['–', 23, 70],
    ]);
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
