import 'fake-indexeddb/auto';
import { describe, expect, it, vi } from 'vitest';
import { jsonlBlob } from '../test/builders.ts';
import { createTestStore } from '../test/testStore.ts';

const lines = [
  '{"rir_dataset": {"name": "tiny", "scale": {"min": 1, "max": 5, "step": 1}}}',
  '{"id": "a", "split": "test", "rollouts": [{"prompt": "v1", "score": 2}]}',
  '{"id": "b", "split": "test", "rollouts": [{"prompt": "v1", "score": 4}]}',
  '{"id": "c", "split": "test", "target": 3, "rollouts": [{"prompt": "v1", "score": 3}]}',
];

async function opened(factory?: ReturnType<typeof createTestStore>['factory']) {
  const t = createTestStore(factory);
  await t.store.getState().init();
  return t;
}

describe('label slice', () => {
  it('stores labels before it shows them, and a restart reads them back with the annotator name', async () => {
    const first = await opened();
    const id = (await first.store.getState().chooseFile(jsonlBlob(lines), 'tiny.jsonl'))!;
    await first.store.getState().setAnnotator('  ana ');
    expect(first.store.getState().annotator).toBe('ana');
    const saved = await first.store.getState().saveLabel('a', 4);
    expect(saved).toMatchObject({ exampleId: 'a', annotator: 'ana', kind: 'set', value: 4, datasetId: id });
    // Already durable when the action resolves: the log in IndexedDB has it.
    expect((await (await first.db()).labelsOf(id)).map((e) => e.value)).toEqual([4]);
    await first.store.getState().saveNote('a', 'step 3 is fine');
    (await first.db()).close();

    const again = await opened(first.factory);
    await again.store.getState().openDataset(id);
    const s = again.store.getState();
    expect(s.annotator).toBe('ana');
    expect(s.labels.get('a')?.get('ana')).toMatchObject({ value: 4, note: 'step 3 is fine' });
  });

  it('stores labels asked for with no pause one at a time, in order, each on its example; undo waits for them', async () => {
    const { store, db } = await opened();
    const id = (await store.getState().chooseFile(jsonlBlob(lines), 'tiny.jsonl'))!;
    await store.getState().setAnnotator('ana');
    const asked = [
      ['a', 1],
      ['b', 2],
      ['c', 3],
      ['a', 4],
      ['b', 5],
      ['c', 1],
      ['a', 2],
      ['b', 3],
      ['c', 4],
      ['a', 5],
    ] as const;
    // None awaited before the next is asked for, and an undo right behind them.
    const saves = asked.map(([ex, v]) => store.getState().saveLabel(ex, v));
    const undo = store.getState().undoLabel();
    expect((await Promise.all(saves)).every((e) => e !== null)).toBe(true);
    expect((await undo)?.value).toBe(5);
    const stored = (await (await db()).labelsOf(id)).filter((e) => e.kind === 'set');
    expect(stored.map((e) => [e.exampleId, e.value])).toEqual(asked);
    expect(
      store
        .getState()
        .labelLog!.filter((e) => e.kind === 'set')
        .map((e) => [e.exampleId, e.value]),
    ).toEqual(asked);
    expect(store.getState().labels.get('a')?.get('ana')?.value).toBe(2);
    expect(store.getState().labels.get('c')?.get('ana')?.value).toBe(4);
  });

  it('undoes the latest label, then the one before, and keeps annotators apart', async () => {
    const { store } = await opened();
    await store.getState().chooseFile(jsonlBlob(lines), 'tiny.jsonl');
    await store.getState().setAnnotator('ana');
    await store.getState().saveLabel('a', 2);
    await store.getState().saveLabel('a', 3);
    await store.getState().saveLabel('b', 5);
    await store.getState().setAnnotator('ben');
    await store.getState().saveLabel('a', 1);
    await store.getState().setAnnotator('ana');

    expect((await store.getState().undoLabel())?.exampleId).toBe('b');
    expect(store.getState().labels.get('b')?.get('ana')).toBeUndefined();
    expect((await store.getState().undoLabel())?.value).toBe(3);
    expect(store.getState().labels.get('a')?.get('ana')?.value).toBe(2);
    expect(store.getState().labels.get('a')?.get('ben')?.value).toBe(1);
    await store.getState().clearLabel('a');
    expect(store.getState().labels.get('a')?.get('ana')?.value ?? null).toBeNull();
    // The log only grows: 4 labels + 2 undos + 1 clear.
    expect(store.getState().labelLog).toHaveLength(7);
  });

  it('shows a storage error instead of swallowing it, and does not show a label it could not store', async () => {
    const { store, db } = await opened();
    const id = (await store.getState().chooseFile(jsonlBlob(lines), 'tiny.jsonl'))!;
    await store.getState().setAnnotator('ana');
    expect(store.getState().storageError).toBeNull();
    // What a browser throws when the site's quota is used up.
    const spy = vi.spyOn(IDBObjectStore.prototype, 'add').mockImplementation(() => {
      throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    });
    try {
      expect(await store.getState().saveLabel('a', 4)).toBeNull();
    } finally {
      spy.mockRestore();
    }
    const s = store.getState();
    expect(s.storageError).toMatch(/^the label was not saved: Browser storage is full/);
    expect(s.labels.get('a')?.get('ana')).toBeUndefined();
    expect(await (await db()).labelsOf(id)).toEqual([]);
    // Dismissed, it goes; the next save works.
    store.getState().dismissStorageError();
    expect(store.getState().storageError).toBeNull();
    await store.getState().saveLabel('a', 4);
    expect(store.getState().labels.get('a')?.get('ana')?.value).toBe(4);
  });

  it('saves nothing without an annotator or an open dataset', async () => {
    const { store } = await opened();
    await store.getState().chooseFile(jsonlBlob(lines), 'tiny.jsonl');
    expect(await store.getState().saveLabel('a', 2)).toBeNull();
    expect(store.getState().labelLog).toEqual([]);
  });

  it('feeds the mean of the hand labels to the analysis as the target of unlabelled examples', async () => {
    const { store } = await opened();
    await store.getState().chooseFile(jsonlBlob(lines), 'tiny.jsonl');
    await store.getState().runAnalysis();
    expect(store.getState().analysis!.report!.labelled).toBe(1);
    await store.getState().setAnnotator('ana');
    await store.getState().saveLabel('a', 2);
    await store.getState().saveLabel('b', 4);
    await store.getState().setAnnotator('ben');
    await store.getState().saveLabel('b', 5);
    await store.getState().runAnalysis();
    const report = store.getState().analysis!.report!;
    expect(report.labelled).toBe(3);
    // Targets: a = 2, b = (4 + 5) / 2 = 4.5, c = 3 (dataset); mean predictions 2, 4, 3 → bias (0 − 0.5 + 0) / 3.
    expect(report.prompts[0]!.predictors.find((p) => p.id === 'mean')!.metrics.bias).toBeCloseTo(-0.5 / 3, 12);
  });

  it('builds labelling queues as stable snapshots', async () => {
    const { store } = await opened();
    await store.getState().chooseFile(jsonlBlob(lines), 'tiny.jsonl');
    await store.getState().setAnnotator('ana');
    await store.getState().saveLabel('b', 4);
    store.getState().chooseQueue('unlabelled');
    expect(store.getState().annotateQueue!.order).toEqual([0, 2]);
    await store.getState().saveLabel('a', 1);
    // Labelling does not reshuffle the queue the user is walking through.
    expect(store.getState().annotateQueue!.order).toEqual([0, 2]);
  });

  it('remembers the queue snapshot across a restart, per annotator', async () => {
    const first = await opened();
    const id = (await first.store.getState().chooseFile(jsonlBlob(lines), 'tiny.jsonl'))!;
    await first.store.getState().setAnnotator('ana');
    first.store.getState().chooseQueue('unlabelled');
    await first.store.getState().saveLabel('a', 1);
    await new Promise((r) => setTimeout(r, 0)); // the snapshot is written in the background
    (await first.db()).close();

    const again = await opened(first.factory);
    await again.store.getState().openDataset(id);
    await again.store.getState().restoreQueue();
    // Still the snapshot taken before 'a' was labelled, so the user can step back to it.
    expect(again.store.getState().annotateQueue).toEqual({ datasetId: id, kind: 'unlabelled', order: [0, 1, 2] });

    await again.store.getState().setAnnotator('ben');
    expect(again.store.getState().annotateQueue).toBeNull();
    await again.store.getState().restoreQueue();
    // Not ana's snapshot: a fresh "unlabelled by ben".
    expect(again.store.getState().annotateQueue).toEqual({ datasetId: id, kind: 'unlabelled', order: [0, 1, 2] });
    await again.store.getState().saveLabel('b', 2);
    again.store.getState().chooseQueue('unlabelled');
    await new Promise((r) => setTimeout(r, 0));
    expect(again.store.getState().annotateQueue!.order).toEqual([0, 2]);
    // Back to ana: her own snapshot, not ben's and not a fresh one ([1, 2]).
    await again.store.getState().setAnnotator('ana');
    await again.store.getState().restoreQueue();
    expect(again.store.getState().annotateQueue!.order).toEqual([0, 1, 2]);
  });

  it('imports another annotator’s labels once: the same file again changes nothing', async () => {
    const { store } = await opened();
    await store.getState().chooseFile(jsonlBlob(lines), 'tiny.jsonl');
    await store.getState().setAnnotator('ana');
    await store.getState().saveLabel('a', 2);
    const file = new Blob(
      [
        'id,annotator,label,note\n' +
          'a,ben,4,\n' + // ben's label of a
          'b,ben,5,first try\n' +
          'b,ben,3,\n' + // a later row for the same example and annotator wins
          'a,ana,2,\n' + // what ana already has: nothing to log
          'zz,ben,1,\n', // unknown example
      ],
      { type: 'text/csv' },
    );
    const summary = await store.getState().importLabels(file);
    // 4 valid rows, 3 (example, annotator) pairs: a/ben and b/ben change, a/ana already matches.
    expect(summary).toMatchObject({ rows: 4, changed: 2, unchanged: 1, annotators: ['ana', 'ben'] });
    expect(summary!.rejected.map((r) => r.line)).toEqual([6]);
    const s = store.getState();
    expect(s.labels.get('a')?.get('ben')?.value).toBe(4);
    expect(s.labels.get('b')?.get('ben')).toMatchObject({ value: 3, note: null });
    expect(s.labels.get('a')?.get('ana')?.value).toBe(2);
    const logged = s.labelLog!.length;
    expect((await store.getState().importLabels(file))!.changed).toBe(0);
    expect(store.getState().labelLog).toHaveLength(logged);
  });

  it.each([
    ['UTF-16 LE with a BOM (Excel "Unicode text")', 'utf16le', true],
    ['UTF-16 BE without a BOM', 'utf16be', false],
  ] as const)('imports a label file saved as %s', async (_, order, bom) => {
    const { store } = await opened();
    await store.getState().chooseFile(jsonlBlob(lines), 'tiny.jsonl');
    const text = (bom ? '\uFEFF' : '') + 'id,annotator,label,note\r\na,zoë,4,café\r\nb,zoë,5,\r\n';
    const le = Buffer.from(text, 'utf16le');
    // Big-endian: each 2-byte code unit swapped (Buffer.swap16), built independently of the app's decoder.
    const bytes = order === 'utf16le' ? le : Buffer.from(le).swap16();
    const summary = await store.getState().importLabels(new Blob([bytes]));
    expect(summary).toMatchObject({ rows: 2, changed: 2, annotators: ['zoë'] });
    expect(store.getState().labels.get('a')?.get('zoë')).toMatchObject({ value: 4, note: 'café' });
    expect(store.getState().labels.get('b')?.get('zoë')?.value).toBe(5);
  });

  it('imports 400 annotators × 5 labels in one transaction and one state update, after a label asked for just before', async () => {
    const { store, db } = await opened();
    const many = [
      '{"rir_dataset": {"name": "forty", "scale": {"min": 0, "max": 10, "step": 1}}}',
      ...Array.from({ length: 40 }, (_, i) => `{"id": "x${i}", "rollouts": [{"prompt": "v1", "score": 1}]}`),
    ];
    await store.getState().chooseFile(jsonlBlob(many), 'forty.jsonl');
    await store.getState().setAnnotator('ana');
    let csv = 'id,annotator,label\n';
    for (let i = 0; i < 400; i++) for (let k = 0; k < 5; k++) csv += `x${(i * 7 + k * 11) % 40},ann-${i},${(i + k) % 11}\n`;
    const appendLabels = vi.spyOn(await db(), 'appendLabels');
    let updates = 0;
    const unsubscribe = store.subscribe((st, prev) => void (st.labels !== prev.labels && updates++));
    const typed = store.getState().saveLabel('x0', 7); // not awaited: the import queues behind it
    const t0 = performance.now();
    const summary = await store.getState().importLabels(new Blob([csv], { type: 'text/csv' }));
    const elapsed = performance.now() - t0;
    unsubscribe();
    await typed;
    expect(summary).toMatchObject({ rows: 2000, changed: 2000, unchanged: 0 });
    expect(appendLabels.mock.calls.map((c) => c[0].length)).toEqual([1, 2000]);
    expect(updates).toBe(2); // the typed label, then the whole file
    const log = store.getState().labelLog!;
    expect(log[0]).toMatchObject({ annotator: 'ana', exampleId: 'x0', value: 7 });
    expect(log).toHaveLength(2001);
    expect(store.getState().labels.get('x7')?.get('ann-1')?.value).toBe(1); // (1 + 0) % 11
    expect(elapsed).toBeLessThan(2_000); // fake-indexeddb in node; the page's figure is in the e2e spec
  });

  it('remembers the target preference and evaluates against hand labels when they are preferred', async () => {
    const first = await opened();
    const id = (await first.store.getState().chooseFile(jsonlBlob(lines), 'tiny.jsonl'))!;
    await first.store.getState().setAnnotator('ana');
    await first.store.getState().saveLabel('c', 5); // c has the dataset target 3; its mean rollout is 3
    await first.store.getState().runAnalysis();
    expect(first.store.getState().analysis!.report!.prompts[0]!.predictors[0]!.metrics.mae).toBe(0);
    await first.store.getState().setTargetPreference('labels');
    await first.store.getState().runAnalysis();
    // Now c is evaluated against 5: |3 − 5| over the single labelled example.
    expect(first.store.getState().analysis!.report!.prompts[0]!.predictors[0]!.metrics.mae).toBe(2);
    (await first.db()).close();

    const again = await opened(first.factory);
    await again.store.getState().openDataset(id);
    expect(again.store.getState().targetPreference).toBe('labels');
  });
});
