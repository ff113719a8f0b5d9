// @vitest-environment happy-dom
// The datasets list on a real store (fake-indexeddb): Delete asks to confirm, and while the delete
// runs (seconds for a large dataset) the item says so in place of its buttons, until it is gone.
import 'fake-indexeddb/auto';
import { act } from 'react';
import { describe, expect, it, vi } from 'vitest';
import { AppStoreContext } from '../../store/useAppStore.ts';
import { jsonlBlob } from '../../test/builders.ts';
import { mountPerTest } from '../../test/renderDom.tsx';
import { createTestStore } from '../../test/testStore.ts';
import { DatasetList } from './DatasetList.tsx';

const { mount } = mountPerTest();

const button = (root: HTMLElement, name: string) => [...root.querySelectorAll('button')].find((b) => b.textContent === name) ?? null;

describe('DatasetList', () => {
  it('says "Deleting …" while the delete runs, then drops the item', async () => {
    const { store, db } = createTestStore();
    await store.getState().init();
    await store.getState().chooseFile(jsonlBlob(['{"id": "a", "rollouts": [{"prompt": "v1", "score": 1}]}']), 'one.jsonl');
    // Hold the delete until the test lets it go.
    const real = await db();
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const deleteDataset = real.deleteDataset.bind(real);
    real.deleteDataset = async (id) => {
      await held;
      return deleteDataset(id);
    };
    const root = mount(
      <AppStoreContext.Provider value={store}>
        <DatasetList />
      </AppStoreContext.Provider>,
    );
    await act(async () => button(root, 'Delete one')!.click());
    await act(async () => button(root, 'Confirm delete one')!.click());
    expect(root.querySelector('[role="status"]')?.textContent).toBe('Deleting one…');
    expect(button(root, 'Confirm delete one')).toBeNull();
    await act(async () => release());
    await vi.waitFor(() => expect(root.querySelector('[aria-label="Open one"]')).toBeNull());
    expect(store.getState().datasets.map((d) => d.name)).not.toContain('one');
    expect(root.querySelector('[role="status"]')).toBeNull();
  });
});
