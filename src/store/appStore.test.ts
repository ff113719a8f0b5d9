import 'fake-indexeddb/auto';
import { describe, expect, it, vi } from 'vitest';
import { jsonlBlob } from '../test/builders.ts';
import { createTestStore as setup, demoLines } from '../test/testStore.ts';

describe('app store', () => {
  it('loads the demo once on the very first start, and never again', async () => {
    const { store, factory, db } = setup();
    const first = await store.getState().init();
    expect(first.firstStartDatasetId).toBe('id-1');
    expect(store.getState().datasets.map((d) => d.name)).toEqual(['Demo (synthetic)']);
    expect(store.getState().examples).toHaveLength(7);
    await store.getState().deleteDataset('id-1');
    (await db()).close();

    const again = setup(factory);
    expect((await again.store.getState().init()).firstStartDatasetId).toBeNull();
    expect(again.store.getState().datasets).toEqual([]);
    // Deleted, the demo can be loaded again from the Datasets screen.
    const reloaded = await again.store.getState().loadDemo();
    expect(reloaded).not.toBeNull();
    expect(again.store.getState().datasets.map((d) => d.name)).toEqual(['Demo (synthetic)']);
    expect(again.store.getState().datasets[0]!.exampleCount).toBe(demoLines.length);
  });

  it('switching the open dataset resets what the store held of the old one in the same update (open, import, delete)', async () => {
    const { store } = setup();
    await store.getState().init();
    const demo = store.getState().currentId!;
    await store.getState().runAnalysis();
    store.getState().setBrowseQuery({ text: 'x', descending: true });
    store.getState().setLastExampleId('d1');
    await store.getState().setAnnotator('ana');
    await store.getState().saveLabel('d1', 3);
    expect(store.getState().labels.size).toBe(1);
    /** On every update that changes currentId: what it still holds of the old dataset. */
    const leftovers: string[] = [];
    store.subscribe((st, prev) => {
      if (st.currentId === prev.currentId) return;
      if (st.analysis || st.analysisTable) leftovers.push('analysis');
      if (st.browseQuery.text !== '' || st.browseQuery.descending) leftovers.push('browseQuery');
      if (st.lastExampleId !== null) leftovers.push('lastExampleId');
      if (st.compare !== null || Object.keys(st.calibrations).length > 0 || st.applied.length > 0) leftovers.push('calibrators');
      // The new dataset's labels load after the switch: until then, none (not the old dataset's).
      if (st.labels.size > 0 || (st.labelLog ?? []).some((e) => e.datasetId !== st.currentId)) leftovers.push('labels');
    });
    const imported = (await store.getState().chooseFile(jsonlBlob(['{"id": "a", "rollouts": [{"score": 1}]}']), 'one.jsonl'))!;
    expect(store.getState().currentId).toBe(imported);
    await store.getState().runAnalysis();
    store.getState().setLastExampleId('a');
    await store.getState().openDataset(demo);
    await store.getState().runAnalysis();
    store.getState().setBrowseQuery({ text: 'd' });
    await store.getState().deleteDataset(demo);
    expect(store.getState().currentId).toBe(imported);
    expect(leftovers).toEqual([]);
  });

  it('imports a file with bad lines, persists the good rest in chunks, and reopens it after a restart', async () => {
    const { store, factory, db } = setup();
    await store.getState().init();
    const lines = ['{"id": "a", "rollouts": [{"score": 1}]}', 'not json', ...demoLines.slice(0, 5).map((l) => l.replace('"d', '"x'))];
    const id = await store.getState().chooseFile(jsonlBlob(lines), 'mine.jsonl');
    const s = store.getState().importState;
    expect(s.phase).toBe('done');
    expect(s.summary).toMatchObject({ exampleCount: 6, rejectedCount: 1, fileName: 'mine.jsonl' });
    expect(s.summary!.rejected[0]!.line).toBe(2);
    expect(store.getState().currentId).toBe(id);
    (await db()).close();

    const restarted = setup(factory);
    await restarted.store.getState().init();
    expect(restarted.store.getState().datasets.map((d) => d.name)).toEqual(['mine', 'Demo (synthetic)']);
    await restarted.store.getState().openDataset(id!);
    expect(restarted.store.getState().examples!.map((e) => e.id)).toEqual(['a', 'x0', 'x1', 'x2', 'x3', 'x4']);
  });

  it('creates no dataset when every line is rejected', async () => {
    const { store } = setup();
    await store.getState().init();
    const before = store.getState().datasets.length;
    expect(await store.getState().chooseFile(jsonlBlob(['nope', '{"id": null}']), 'bad.jsonl')).toBeNull();
    expect(store.getState().importState.summary).toMatchObject({ exampleCount: 0, rejectedCount: 2, datasetId: null });
    expect(store.getState().datasets).toHaveLength(before);
  });

  it('asks for a column mapping for table files and imports with it', async () => {
    const { store } = setup();
    await store.getState().init();
    const csv = 'item,judge_score,gold\nq1,3,4\nq1,5,4\nq2,2,1\n';
    expect(await store.getState().chooseFile(new Blob([csv]), 'rows.csv')).toBeNull();
    const st = store.getState().importState;
    expect(st.phase).toBe('mapping');
    expect(st.sniff?.columns).toEqual(['item', 'judge_score', 'gold']);
    const id = await store.getState().confirmMapping({ id: 'item', score: 'judge_score', target: 'gold' });
    expect(store.getState().importState.summary?.exampleCount).toBe(2);
    expect(store.getState().currentId).toBe(id);
    expect(store.getState().examples!.map((e) => e.rollouts.map((r) => r.score))).toEqual([[3, 5], [2]]);
  });

  it('discards the partial chunks of a cancelled import and keeps earlier datasets', async () => {
    const { store, db } = setup();
    await store.getState().init();
    const many = Array.from({ length: 3000 }, (_, i) => JSON.stringify({ id: `m${i}`, input: 'y'.repeat(200), rollouts: [] }));
    const p = store.getState().chooseFile(jsonlBlob(many), 'big.jsonl');
    // Cancel as soon as the first batch is being written.
    await new Promise<void>((resolve) => {
      const unsub = store.subscribe((s) => {
        if (s.importState.phase === 'importing' && (s.importState.progress?.examples ?? 0) > 0) {
          unsub();
          resolve();
        }
      });
    });
    store.getState().cancelImport();
    expect(await p).toBeNull();
    expect(store.getState().importState.phase).toBe('cancelled');
    expect(store.getState().datasets.map((d) => d.name)).toEqual(['Demo (synthetic)']);
    const d = await db();
    const ids = store.getState().datasets.map((x) => x.id);
    expect(ids).toHaveLength(1);
    // The cancelled import's id was id-2: nothing of it is left.
    expect(await d.loadExamples('id-2')).toEqual([]);
  });

  it('fails at the first failed write (a full disk), says so, keeps nothing, and leaves no unhandled rejection', async () => {
    const { store, db } = setup();
    await store.getState().init();
    const many = Array.from({ length: 3000 }, (_, i) => JSON.stringify({ id: `m${i}`, input: 'y'.repeat(200), rollouts: [] }) + '\n');
    // A file read from disk in 30 parts of 100 lines, 5 ms per read (node streams a Blob in memory
    // in one step, so a write could never fail while the reading goes on).
    const parts = Array.from({ length: 30 }, (_, k) => new TextEncoder().encode(many.slice(k * 100, k * 100 + 100).join('')));
    let reads = 0;
    class DiskFile extends Blob {
      override stream(): ReadableStream<Uint8Array<ArrayBuffer>> {
        let k = 0;
        return new ReadableStream({
          pull: async (c) => {
            await new Promise((r) => setTimeout(r, 5));
            reads++;
            if (k < parts.length) c.enqueue(parts[k++]!);
            else c.close();
          },
        });
      }
    }
    const blob = new DiskFile(parts);
    const put = IDBObjectStore.prototype.put;
    let chunkPuts = 0;
    // Chromium on a full disk: the second chunk's put fails with DataError "Failed to write blobs".
    const spy = vi.spyOn(IDBObjectStore.prototype, 'put').mockImplementation(function (this: IDBObjectStore, ...args) {
      if (this.name === 'exampleChunks' && ++chunkPuts === 2) throw new DOMException('Failed to write blobs.', 'DataError');
      return put.apply(this, args);
    });
    try {
      expect(await store.getState().chooseFile(blob, 'big.jsonl')).toBeNull();
    } finally {
      spy.mockRestore();
    }
    expect(store.getState().importState).toMatchObject({ phase: 'failed' });
    expect(store.getState().importState.error).toContain(
      'The browser could not write to its storage (DataError: Failed to write blobs.). This happens when the disk is full',
    );
    // 1000 batches of 3 examples: no write was tried after the failed one, and the reading
    // stopped (a few reads ahead of the one being handled).
    expect(chunkPuts).toBe(2);
    expect(reads).toBeLessThan(10);
    expect(store.getState().datasets.map((d) => d.name)).toEqual(['Demo (synthetic)']);
    expect(await (await db()).loadExamples('id-2')).toEqual([]);
  });

  it('lets a newer import win: the superseded one neither reports nor stores anything', async () => {
    const { store } = setup();
    await store.getState().init();
    const many = Array.from({ length: 3000 }, (_, i) => JSON.stringify({ id: `m${i}`, input: 'y'.repeat(200), rollouts: [] }));
    const first = store.getState().chooseFile(jsonlBlob(many), 'big.jsonl');
    const second = store.getState().chooseFile(jsonlBlob(demoLines.slice(0, 2)), 'small.jsonl');
    expect(await first).toBeNull();
    const id = await second;
    expect(store.getState().importState).toMatchObject({ phase: 'done', fileName: 'small.jsonl', summary: { exampleCount: 2 } });
    expect(store.getState().datasets.map((d) => d.name)).toEqual(['small', 'Demo (synthetic)']);
    expect(store.getState().currentId).toBe(id);
  });

  it('stores a scale set by hand and marks its source', async () => {
    const { store, factory, db } = setup();
    await store.getState().init();
    await store.getState().setScale('id-1', { min: 0, max: 6, step: 1 });
    expect(store.getState().datasets[0]).toMatchObject({ scale: { min: 0, max: 6, step: 1 }, scaleSource: 'user' });
    (await db()).close();
    const restarted = setup(factory);
    await restarted.store.getState().init();
    expect(restarted.store.getState().datasets[0]).toMatchObject({ scale: { min: 0, max: 6, step: 1 }, scaleSource: 'user' });
  });

  it('starts another dataset with fresh Browse filters', async () => {
    const { store } = setup();
    await store.getState().init();
    store.getState().setBrowseQuery({ text: 'd1', split: 'test', sort: 'target', descending: true });
    store.getState().setLastExampleId('d1');
    await store.getState().chooseFile(jsonlBlob(demoLines.slice(0, 2)), 'other.jsonl');
    expect(store.getState().browseQuery).toEqual({ text: '', split: 'all', label: 'all', sort: 'index', descending: false });
    expect(store.getState().lastExampleId).toBeNull();
  });
});
