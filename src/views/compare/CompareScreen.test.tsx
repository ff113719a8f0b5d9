// @vitest-environment happy-dom
// The Compare screen on a real store with the inline analyzer: the paired table with verdicts in
// the versions' names, the ranking, choosing a version from the ranking (URL replaced), the
// chart data the slots will read, and the plain message for a dataset with one prompt version.
import 'fake-indexeddb/auto';
import { act, useEffect } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { selectCurrentInfo } from '../../store/selectors.ts';
import { AppStoreContext } from '../../store/useAppStore.ts';
import { jsonlBlob } from '../../test/builders.ts';
import { all, click, mountPerTest } from '../../test/renderDom.tsx';
import { createTestStore } from '../../test/testStore.ts';
import { parseRoute, type Route } from '../route.ts';
import { CompareScreen } from './CompareScreen.tsx';
import { useCompareChartData, type CompareChartData } from './useCompareChartData.ts';

const { mount } = mountPerTest();

const noise = (i: number, k: number) => ((((i * 7919 + k * 1000) % 97) / 97) * 2 - 1) * k;
const lines = [
  '{"rir_dataset": {"name": "three", "scale": {"min": 0, "max": 10}}}',
  ...Array.from({ length: 50 }, (_, i) => {
    const t = (i * 37) % 11;
    return JSON.stringify({
      id: `e${i}`,
      split: 'test',
      target: t,
      rollouts: [
        { prompt: 'rough', score: t + noise(i, 3) },
        { prompt: 'sharp', score: t + noise(i, 0.3) },
        { prompt: 'flat', score: 5 + noise(i, 1) },
      ],
    });
  }),
];

type CompareRoute = Extract<Route, { screen: 'compare' }>;
const route = (p: Partial<CompareRoute> = {}): CompareRoute => ({
  screen: 'compare',
  datasetId: '',
  a: null,
  b: null,
  predictor: null,
  split: null,
  ...p,
});

const probe: { data: CompareChartData | null } = { data: null };
function ChartProbe() {
  const data = useCompareChartData();
  useEffect(() => {
    probe.data = data;
  }, [data]);
  return null;
}

async function open(file = lines, r: Partial<CompareRoute> = {}) {
  const { store } = createTestStore();
  await store.getState().init();
  await store.getState().chooseFile(jsonlBlob(file), 'three.jsonl');
  const info = selectCurrentInfo(store.getState())!;
  const examples = store.getState().examples!;
  const root = mount(
    <AppStoreContext.Provider value={store}>
      <CompareScreen info={info} examples={examples} route={route({ datasetId: info.id, ...r })} />
      <ChartProbe />
    </AppStoreContext.Provider>,
  );
  for (let i = 0; i < 400 && store.getState().compare?.status !== 'done' && info.promptOrder.length > 1; i++) {
    await act(() => new Promise((res) => setTimeout(res, 5)));
  }
  return { store, root, info };
}

const text = (el: Element | null | undefined) => el?.textContent?.trim() ?? '';
const cell = (root: Element, metric: string, col: string) =>
  root.querySelector(`table[aria-label="Paired metrics"] tr[data-metric="${metric}"] td[data-col="${col}"]`);

afterEach(() => {
  probe.data = null;
  window.location.hash = '';
});

describe('CompareScreen', () => {
  it('shows the paired table of the first two versions with verdicts in their names, then the ranking', async () => {
    const { root, store } = await open();
    expect((root.querySelector('select[aria-label="Version A"]') as HTMLSelectElement).value).toBe('rough');
    expect((root.querySelector('select[aria-label="Version B"]') as HTMLSelectElement).value).toBe('sharp');
    const rows = all(root, 'table[aria-label="Paired metrics"] tbody tr').map((r) => r.getAttribute('data-metric'));
    expect(rows).toEqual(['ccc', 'nmse', 'mae', 'pearson', 'spearman']);
    // sharp is far closer to the target: its CCC gain has a CI above 0, and the line says so in words.
    const run = store.getState().compare!;
    const cccRow = run.comparison!.metrics[0]!;
    expect(cccRow.ci![0]).toBeGreaterThan(0);
    expect(text(cell(root, 'ccc', 'verdict'))).toMatch(/^sharp better on CCC: \+\d\.\d{3} \[-?\d\.\d{3}, -?\d\.\d{3}\]$/);
    expect(text(cell(root, 'mae', 'verdict'))).toMatch(/^sharp better on MAE: -\d\.\d{3} \[/);
    expect(text(cell(root, 'ccc', 'delta'))).toMatch(/^\+\d\.\d{3}$/);
    expect(text(root.querySelector('[data-testid="compare-common"]'))).toMatch(/^Compared on 50 of 50 test examples\./);

    const ranking = all(root, 'table[aria-label="Ranking by CCC"] tbody tr');
    expect(ranking.map((r) => r.getAttribute('data-version'))).toEqual(['sharp', 'rough', 'flat']);
    expect(text(ranking[0]!.querySelector('td[data-col="verdict"]'))).toMatch(/^best on CCC: /);
    expect(text(ranking[1]!.querySelector('td[data-col="verdict"]'))).toMatch(/^worse than sharp on CCC: -/);
    expect(text(root.querySelector('[role="status"]'))).toBe('Done.');

    // The charts and the reflection pack of B are mounted, and the chart data is ready for them.
    expect(root.querySelector('section[aria-label="Charts"] h2')!.textContent).toBe('Where they differ');
    expect(root.querySelector('section[aria-label="Reflection pack"] h3')!.textContent).toBe('Reflection pack: sharp');
    expect(probe.data!.names).toEqual({ a: 'rough', b: 'sharp' });
    expect(probe.data!.ids).toHaveLength(50);
    expect(probe.data!.ids[0]).toBe('e0');
    expect(probe.data!.target[1]).toBe(37 % 11);
    expect(probe.data!.scale).toEqual({ min: 0, max: 10 });
    expect(probe.data!.deltaCcc).toHaveLength(1000);
    expect(probe.data!.deltaCccCi).toEqual(cccRow.ci);
  });

  it('choosing a version in the ranking compares it (B) with the best (A), replacing the URL', async () => {
    const { root, info } = await open();
    window.location.hash = '#/somewhere';
    click(root.querySelector('button[aria-label="Compare flat with sharp"]')!);
    expect(parseRoute(window.location.hash)).toEqual(
      route({ datasetId: info.id, a: 'sharp', b: 'flat', predictor: 'mean', split: 'test' }),
    );
  });

  it('changing a selector replaces the URL with every choice', async () => {
    const { root, info } = await open();
    const split = root.querySelector('select[aria-label="Split"]') as HTMLSelectElement;
    act(() => {
      split.value = 'all';
      split.dispatchEvent(new Event('change', { bubbles: true }));
    });
    expect(parseRoute(window.location.hash)).toEqual(
      route({ datasetId: info.id, a: 'rough', b: 'sharp', predictor: 'mean', split: 'all' }),
    );
  });

  it('A = B says identical; an unknown version in the URL is named and replaced', async () => {
    const same = await open(lines, { a: 'flat', b: 'flat' });
    expect(same.root.textContent).toContain('A and B are the same version (flat): identical predictions, so every Δ is 0.');
    expect(text(cell(same.root, 'ccc', 'verdict'))).toBe('no clear difference: +0.000 [0.000, 0.000]');
    const unknown = await open(lines, { b: 'gone' });
    expect(unknown.root.textContent).toContain('three has no prompt version “gone”; showing rough against sharp instead.');
  });

  it('says plainly that Compare needs two prompt versions', async () => {
    const one = ['{"id": "x", "target": 1, "rollouts": [{"prompt": "solo", "score": 1}]}'];
    const { root, store } = await open(one);
    expect(root.textContent).toContain('Compare needs two prompt versions, and three has one (solo).');
    expect(store.getState().compare).toBeNull();
  });
});
