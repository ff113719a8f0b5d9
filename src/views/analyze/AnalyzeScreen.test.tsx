// @vitest-environment happy-dom
// Choosing a row on Analyze brings its charts into view and focuses their heading (smoothly, unless
// the system asks for reduced motion); the first render does not scroll; "Back to the table"
// returns focus to the chosen row; the table's order is kept in the store.
import 'fake-indexeddb/auto';
import { act } from 'react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { selectCurrentInfo } from '../../store/selectors.ts';
import { AppStoreContext } from '../../store/useAppStore.ts';
import { all, click, mountPerTest } from '../../test/renderDom.tsx';
import { createTestStore } from '../../test/testStore.ts';
import { AnalyzeScreen } from './AnalyzeScreen.tsx';

const { mount } = mountPerTest();

async function openAnalyze() {
  const { store } = createTestStore();
  await store.getState().init();
  store.getState().setAnalysisOptions({ split: 'all' });
  const info = selectCurrentInfo(store.getState())!;
  const examples = store.getState().examples!;
  const root = mount(
    <AppStoreContext.Provider value={store}>
      <AnalyzeScreen info={info} examples={examples} />
    </AppStoreContext.Provider>,
  );
  await settled(store, root);
  return { store, root };
}

/** Waits until the inline analyzer has finished (every CI) and the table is shown. */
async function settled(store: ReturnType<typeof createTestStore>['store'], root: Element) {
  for (let i = 0; i < 200 && (store.getState().analysis?.status !== 'done' || !root.querySelector('table')); i++) {
    await act(() => new Promise((r) => setTimeout(r, 5)));
  }
  expect(root.querySelector('table[aria-label="Metrics"]')).not.toBeNull();
}

let scrolls: { el: Element; options: ScrollIntoViewOptions | boolean | undefined }[] = [];
let reduce = false;

beforeEach(() => {
  scrolls = [];
  reduce = false;
  vi.spyOn(HTMLElement.prototype, 'scrollIntoView').mockImplementation(function (this: HTMLElement, options) {
    scrolls.push({ el: this, options });
  });
  // Only "reduce" answers what the test says; the rest of the MediaQueryList works (charts listen to it too).
  const real = window.matchMedia.bind(window);
  vi.spyOn(window, 'matchMedia').mockImplementation((query: string) => {
    const list = real(query);
    Object.defineProperty(list, 'matches', { get: () => reduce && query.includes('reduce') });
    return list;
  });
});
afterEach(() => vi.restoreAllMocks());

describe('AnalyzeScreen', () => {
  it('scrolls the chosen row’s charts into view and focuses their heading; Back to the table returns', async () => {
    const { root } = await openAnalyze();
    // Opening the screen shows the default row without moving the page.
    expect(scrolls).toEqual([]);
    const heading = () => root.querySelector('section[aria-label="Selected predictor"] h2')!;
    expect(heading().textContent).toMatch(/^v1 · Mean/);

    click(root.querySelector('button[aria-label="v1 Median"]')!);
    expect(heading().textContent).toMatch(/^v1 · Median/);
    expect(scrolls).toEqual([{ el: heading(), options: { behavior: 'smooth', block: 'start' } }]);
    expect(document.activeElement).toBe(heading());

    // Choosing the row already shown still brings its charts back into view.
    click(root.querySelector('button[aria-label="v1 Median"]')!);
    expect(scrolls).toHaveLength(2);

    const back = all(root, 'button').find((b) => b.textContent === 'Back to the table')!;
    click(back);
    expect(document.activeElement).toBe(root.querySelector('button[aria-label="v1 Median"]'));
    expect(scrolls[2]).toEqual({ el: document.activeElement, options: { behavior: 'smooth', block: 'center' } });
  });

  it('jumps without animation when the system asks for reduced motion', async () => {
    const { root } = await openAnalyze();
    reduce = true;
    click(root.querySelector('button[aria-label="v1 First rollout"]')!);
    expect(scrolls.at(-1)!.options).toEqual({ behavior: 'auto', block: 'start' });
  });

  it('keeps the table’s order in the store, so it outlives the screen', async () => {
    const { store, root } = await openAnalyze();
    const ccc = all(root, 'thead th button').find((b) => b.textContent!.startsWith('CCC'))!;
    click(ccc);
    expect(store.getState().analyzeSort).toEqual({ key: 'ccc', descending: true });
    expect(root.querySelector('th[aria-sort="descending"]')!.textContent).toMatch(/^CCC/);
    // Leaving the screen (to open an example) and coming back keeps the order.
    const again = mount(
      <AppStoreContext.Provider value={store}>
        <AnalyzeScreen info={selectCurrentInfo(store.getState())!} examples={store.getState().examples!} />
      </AppStoreContext.Provider>,
    );
    await settled(store, again);
    expect(again.querySelector('th[aria-sort="descending"]')!.textContent).toMatch(/^CCC/);
  });
});
