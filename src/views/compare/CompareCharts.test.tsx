// The Compare charts mounted in happy-dom: every chart with its title and summary, the counts in words, click-through
// to the right example, the ΔCCC note while there are no resamples, and density rendering for many examples.
// @vitest-environment happy-dom
import { act } from 'react';
import { describe, expect, it, vi } from 'vitest';
import type { VersionDiagnostics } from '../../domain/versionDiagnostics.ts';
import { all, click, mountPerTest } from '../../test/renderDom.tsx';
import { CompareCharts, type CompareChartsProps } from './CompareCharts.tsx';

const { mount } = mountPerTest();

// Four examples. Δ|error| = |B − t| − |A − t|: e0 0.5 − 1 = −0.5 (B closer), e1 1 − 0 = 1 (A closer),
// e2 0.9 − 0.9 = 0 (tie), e3 1 − 0 = 1 (A closer). Sorted: e0, e2, e1, e3.
// B − A = −0.5, 1, −1.8, −1 → bias −0.575; deviations 0.075, 1.575, −1.225, −0.425 → sample sd √(4.1675 / 3) ≈ 1.17863;
// limits −0.575 ∓ 2.31012 = −2.885 and 1.735.
const ids = ['e0', 'e1', 'e2', 'e3'];
const versions: VersionDiagnostics[] = [
  { name: 'v1', spread: 0.5, identicalShare: 0.25, distinctValues: 4, sigmaRatio: 0.8 },
  { name: 'v2', spread: 0.3, identicalShare: 0.5, distinctValues: 3, sigmaRatio: 1.1 },
  { name: 'v3', spread: null, identicalShare: null, distinctValues: null, sigmaRatio: null },
];
const base: CompareChartsProps = {
  names: { a: 'v1', b: 'v2' },
  ids,
  target: Float64Array.from([3, 5, 2, 4]),
  a: Float64Array.from([4, 5, 2.9, 4]),
  b: Float64Array.from([3.5, 6, 1.1, 3]),
  scale: { min: 1, max: 7, step: 1 },
  deltaCcc: Float64Array.from([0.05, 0.1, -0.02, 0.12, 0.08, 0.07, 0.2, 0.01]),
  deltaCccCi: [-0.01, 0.18],
  versions,
  onOpenExample: () => {},
};

/** Mounts and waits until every chart is mounted (one per animation frame). */
async function render(props: Partial<CompareChartsProps> = {}) {
  const root = mount(<CompareCharts {...base} {...props} />);
  for (let i = 0; i < 100 && root.querySelector('.rir-chart-pending'); i++) await act(() => new Promise((r) => setTimeout(r, 10)));
  expect(root.querySelector('.rir-chart-pending')).toBeNull();
  return root;
}

const figure = (root: Element, title: string) =>
  all(root, 'figure').find((f) => f.querySelector('figcaption')?.textContent?.startsWith(title))!;
const ariaOf = (el: Element) => [...el.querySelectorAll('svg[role="img"]')].map((s) => s.getAttribute('aria-label'));

describe('CompareCharts', () => {
  it('renders the five charts, each titled, with axis labels and a summary in words', async () => {
    const root = await render();
    expect(all(root, 'figcaption').map((f) => f.textContent)).toEqual([
      'v1 vs v2: prediction per example',
      'Bland–Altman: v2 − v1 against their mean',
      'Per-example Δ|error|, sorted: where v2 helps (below 0) and hurts (above 0)',
      'Bootstrap distribution of ΔCCC = CCC(v2) − CCC(v1)',
      'Rollout diagnostics per version',
    ]);
    expect(ariaOf(figure(root, 'v1 vs v2'))).toEqual([
      'v1 vs v2 prediction per example, coloured by which is closer to the target (v2 closer on 1, v1 closer on 2, tied 1): 4 points',
    ]);
    expect(ariaOf(figure(root, 'Bland–Altman'))).toEqual([
      'Bland–Altman, v2 − v1 against the mean of v1 and v2: bias -0.575, 95% limits of agreement -2.885 to 1.735: 4 points',
    ]);
    expect(ariaOf(figure(root, 'Per-example'))).toEqual([
      'Per-example Δ|error| of v2 against v1, sorted: v2 helps on 1 example, hurts on 2, ties on 1: 4 points',
    ]);
    expect(ariaOf(figure(root, 'Bootstrap'))).toEqual([
      'Bootstrap distribution of ΔCCC, 95% CI [-0.010, 0.180]; ΔCCC ≤ 0 in 1 of 8 resamples (12.5%): ΔCCC per resample 8 values',
    ]);
    expect(ariaOf(figure(root, 'Rollout diagnostics'))).toEqual([
      'Rollout spread per version: v1 (A) 0.5, v2 (B) 0.3, v3 –',
      'Identical rollouts per version: v1 (A) 25%, v2 (B) 50%, v3 –',
      'Distinct score values per version: v1 (A) 4, v2 (B) 3, v3 –',
      'σ ratio per version: v1 (A) 0.8, v2 (B) 1.1, v3 –',
    ]);
    expect(all(figure(root, 'v1 vs v2'), '.rir-chart-axis-label').map((e) => e.textContent)).toEqual(['v1 prediction', 'v2 prediction']);
    expect(all(figure(root, 'Per-example'), '.rir-chart-axis-label').map((e) => e.textContent)).toEqual([
      'Examples, sorted by Δ|error|',
      '|v2 − target| − |v1 − target|',
    ]);
  });

  it('says which version is closer how often, and colours each point by it', async () => {
    const root = await render();
    const scatter = figure(root, 'v1 vs v2');
    expect(scatter.querySelector('.rir-compare-key')?.textContent).toBe('v2 closer on 1, v1 closer on 2, tied 1');
    // Category 0 = B closer, 1 = A closer, 2 = tied.
    expect(all(scatter, 'circle.rir-chart-point').map((c) => c.getAttribute('class'))).toEqual([
      'rir-chart-point rir-chart-cat-0',
      'rir-chart-point rir-chart-cat-1',
      'rir-chart-point rir-chart-cat-2',
      'rir-chart-point rir-chart-cat-1',
    ]);
    expect(figure(root, 'Per-example').querySelector('.rir-compare-key')?.textContent).toBe(
      'v2 helps on 1 example, hurts on 2, ties on 1. Click a point to open its example.',
    );
  });

  it('opens the clicked example from each scatter, the sorted one through its sort order', async () => {
    const onOpenExample = vi.fn();
    const root = await render({ onOpenExample });
    click(figure(root, 'v1 vs v2').querySelector('circle[data-index="2"]')!);
    click(figure(root, 'Bland–Altman').querySelector('circle[data-index="3"]')!);
    // Sorted: rank 0 = e0 (−0.5), 1 = e2 (0), 2 = e1 (1), 3 = e3 (1).
    const sorted = figure(root, 'Per-example');
    click(sorted.querySelector('circle[data-index="1"]')!);
    click(sorted.querySelector('circle[data-index="2"]')!);
    expect(onOpenExample.mock.calls).toEqual([['e2'], ['e3'], ['e2'], ['e1']]);
    // Each point names its example.
    expect(sorted.querySelector('circle[data-index="0"] title')?.textContent).toBe('e0: v1 4, v2 3.5, target 3; Δ|error| -0.5');
  });

  it('draws the Bland–Altman bias and limits of agreement as labelled lines', async () => {
    const root = await render();
    const ba = figure(root, 'Bland–Altman');
    expect(all(ba, '.rir-chart-marker-label').map((e) => e.textContent)).toEqual(['bias -0.575', '+1.96 SD 1.735', '−1.96 SD -2.885']);
    expect(all(ba, '.recharts-reference-line.rir-chart-marker')).toHaveLength(3);
    expect(ba.querySelector('.rir-compare-key')?.textContent).toBe('Bias -0.575, 95% limits of agreement -2.885 to 1.735.');
  });

  it('marks 0 and the interval bounds on the ΔCCC histogram', async () => {
    const root = await render();
    const h = figure(root, 'Bootstrap');
    expect(all(h, '.rir-chart-marker-label').map((e) => e.textContent)).toEqual(['0', '2.5%: -0.010', '97.5%: 0.180']);
    expect(all(h, 'rect.rir-chart-bar').reduce((s, e) => s + Number(e.getAttribute('data-count')), 0)).toBe(8);
    expect(h.querySelector('.rir-compare-key')?.textContent).toBe('95% CI [-0.010, 0.180]; ΔCCC ≤ 0 in 1 of 8 resamples (12.5%).');
  });

  it('shows a note instead of the histogram while there are no resamples', async () => {
    let root = await render({ deltaCcc: null, deltaCccCi: null });
    let h = figure(root, 'Bootstrap');
    expect(h.querySelector('svg')).toBeNull();
    expect(h.querySelector('.rir-compare-note')?.textContent).toBe('Computing the bootstrap… (none with 0 resamples)');
    root = await render({ deltaCcc: new Float64Array(0), deltaCccCi: null });
    h = figure(root, 'Bootstrap');
    expect(h.querySelector('svg')).toBeNull();
    expect(h.querySelector('.rir-compare-note')?.textContent).toBe('No resamples: the bootstrap is off (0 resamples).');
  });

  it('draws a bar per version in each small multiple, A and B picked out, and "–" without a value', async () => {
    const root = await render();
    const multiples = all(figure(root, 'Rollout diagnostics'), '.rir-compare-multiple');
    expect(multiples.map((m) => m.querySelector('h4')?.textContent)).toEqual([
      'Rollout spread',
      'Identical rollouts',
      'Distinct score values',
      'σ ratio',
    ]);
    const spread = multiples[0]!;
    expect(all(spread, 'rect.rir-chart-bar').map((r) => [r.getAttribute('data-index'), r.getAttribute('class')])).toEqual([
      ['0', 'rir-chart-bar rir-chart-hbar rir-chart-cat-1'],
      ['1', 'rir-chart-bar rir-chart-hbar rir-chart-cat-0'],
    ]);
    expect(all(spread, '.rir-chart-bar-value').map((t) => t.textContent)).toEqual(['0.5', '0.3', '–']);
    expect(all(spread, '.recharts-yAxis-tick-labels .rir-chart-tick-label').map((t) => t.textContent)).toEqual(['v3', 'v2', 'v1']);
    // σ ratio: a line at 1 (the targets' own spread).
    expect(all(multiples[3]!, '.rir-chart-marker-label').map((t) => t.textContent)).toEqual(['1']);
  });

  it('draws many examples as density, coloured by the most common category per cell', async () => {
    const n = 6000;
    const target = new Float64Array(n);
    const a = new Float64Array(n);
    const b = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      target[i] = 1 + (i % 7);
      a[i] = 1 + ((i * 3) % 7);
      b[i] = 1 + ((i * 5) % 7);
    }
    const many = Array.from({ length: n }, (_, i) => `x${i}`);
    const root = await render({ ids: many, target, a, b });
    for (const title of ['v1 vs v2', 'Bland–Altman', 'Per-example']) {
      const f = figure(root, title);
      expect(ariaOf(f)[0]).toMatch(/: 6000 points, drawn as density$/);
      expect(f.querySelector('circle')).toBeNull();
      expect(f.querySelectorAll('rect.rir-chart-density-cell').length).toBeGreaterThan(0);
    }
    const cells = all(figure(root, 'v1 vs v2'), 'rect.rir-chart-density-cell');
    expect(cells.every((c) => /rir-chart-cat-[012]/.test(c.getAttribute('class')!))).toBe(true);
    expect(cells[0]!.querySelector('title')?.textContent).toMatch(/^\d+ examples: /);
  });
});
