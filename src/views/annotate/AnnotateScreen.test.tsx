// @vitest-environment happy-dom
// The Annotate screen on a real store (fake-indexeddb): labels typed and entered with no pause,
// before any save has been stored or any move has been rendered, are all stored in order, each on
// the example the field was for (issue 14, point 9); blind mode still reveals before it goes on.
import 'fake-indexeddb/auto';
import { act } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { selectCurrentInfo } from '../../store/selectors.ts';
import { AppStoreContext } from '../../store/useAppStore.ts';
import { jsonlBlob } from '../../test/builders.ts';
import { mountPerTest } from '../../test/renderDom.tsx';
import { createTestStore } from '../../test/testStore.ts';
import { routeHref } from '../route.ts';
import { useRoute } from '../useRoute.ts';
import { AnnotateScreen } from './AnnotateScreen.tsx';

const { mount } = mountPerTest();

const lines = [
  '{"rir_dataset": {"name": "twelve", "scale": {"min": 0, "max": 10}}}',
  ...Array.from({ length: 12 }, (_, i) => JSON.stringify({ id: `e${i}`, split: 'test', rollouts: [{ prompt: 'v1', score: i % 11 }] })),
];

async function open({ blind = false } = {}) {
  const { store, db } = createTestStore();
  await store.getState().init();
  await store.getState().chooseFile(jsonlBlob(lines), 'twelve.jsonl');
  await store.getState().setAnnotator('ana');
  await store.getState().setBlindMode(blind);
  store.getState().chooseQueue('all');
  const info = selectCurrentInfo(store.getState())!;
  const examples = store.getState().examples!;
  function Routed() {
    const route = useRoute();
    return <AnnotateScreen info={info} examples={examples} exampleId={route.screen === 'annotate' ? route.exampleId : null} />;
  }
  window.location.hash = routeHref({ screen: 'annotate', datasetId: info.id, exampleId: null });
  const root = mount(
    <AppStoreContext.Provider value={store}>
      <Routed />
    </AppStoreContext.Provider>,
  );
  await settle();
  return { store, db, root, info };
}

/** Lets stored labels come back and hash changes render: until `done` holds (then a little more), 5 s at most. */
async function settle(done: () => boolean = () => true) {
  for (let i = 0; i < 500 && !done(); i++) await act(() => new Promise((res) => setTimeout(res, 10)));
  for (let i = 0; i < 5; i++) await act(() => new Promise((res) => setTimeout(res, 10)));
}

const field = (root: Element) => root.querySelector<HTMLInputElement>('#rir-label-input')!;
const heading = (root: Element) => root.querySelector('h1')?.textContent;

/** Types `text` into the field key by key, as a user would (each key its own event, rendered). */
function type(root: Element, text: string) {
  const setValue = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!;
  for (const ch of text) {
    act(() => {
      const input = field(root);
      setValue.call(input, input.value + ch);
      input.dispatchEvent(new Event('input', { bubbles: true }));
    });
  }
}

function press(root: Element, key: string) {
  act(() => {
    field(root).dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true }));
  });
}

afterEach(() => {
  window.location.hash = '';
});

describe('AnnotateScreen', () => {
  it('stores ten labels typed with no pause, in order, each on the example it was typed for', async () => {
    const { store, db, root, info } = await open();
    expect(heading(root)).toBe('Annotate e0');
    const typed = ['3', '7', '10', '0', '4.5', '9', '1', '6', '2', '8'];
    // No await between them: no label is stored and no move is rendered until all ten are entered.
    for (const value of typed) {
      type(root, value);
      press(root, 'Enter');
    }
    await settle(() => store.getState().labelLog!.length >= typed.length && heading(root) === 'Annotate e10');

    const expected = typed.map((v, i) => ({ exampleId: `e${i}`, kind: 'set', value: Number(v) }));
    const inMemory = store.getState().labelLog!.map(({ exampleId, kind, value }) => ({ exampleId, kind, value }));
    expect(inMemory).toEqual(expected);
    const inDb = (await (await db()).labelsOf(info.id)).map(({ exampleId, kind, value }) => ({ exampleId, kind, value }));
    expect(inDb).toEqual(expected);
    expect(heading(root)).toBe('Annotate e10');
    expect(field(root).value).toBe('');
    expect(root.querySelector('.rir-annotate-status')?.textContent).toBe('Saved 8 for e9.');
  });

  it('keeps digits typed for the next example before it is rendered, and checks each label on its own', async () => {
    const { store, root } = await open();
    type(root, '5');
    press(root, 'Enter');
    type(root, '12'); // off the scale: a message, nothing stored, the field kept for e1
    press(root, 'Enter');
    await settle(() => store.getState().labelLog!.length >= 1);
    expect(heading(root)).toBe('Annotate e1');
    expect(root.querySelector('[role="alert"]')?.textContent).toBe('12 is above the scale maximum 10');
    expect(field(root).value).toBe('12');
    expect(store.getState().labelLog!.map((e) => [e.exampleId, e.value])).toEqual([['e0', 5]]);
  });

  it('in blind mode saves and reveals first; Enter on the empty field then goes on, even before the save is stored', async () => {
    const { store, root } = await open({ blind: true });
    type(root, '7');
    press(root, 'Enter');
    press(root, 'Enter');
    type(root, '3');
    press(root, 'Enter');
    await settle(() => store.getState().labelLog!.length >= 2);
    expect(heading(root)).toBe('Annotate e1');
    expect(store.getState().labelLog!.map((e) => [e.exampleId, e.value])).toEqual([
      ['e0', 7],
      ['e1', 3],
    ]);
    expect(root.textContent).toContain('saved: 3');
  });
});
