// The store holds each example's numbers only (issue 16): opening a dataset reads its core, the text
// loads per example from storage, and Browse's text filter asks the search worker (run inline here).
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { searchableText } from '../domain/inputText.ts';
import { jsonlBlob } from '../test/builders.ts';
import { createTestStore } from '../test/testStore.ts';

const lines = Array.from({ length: 11 }, (_, i) =>
  JSON.stringify({
    id: `q${i}`,
    input: i % 2 ? `An essay about Cats, number ${i}` : { title: `Dogs ${i}`, body: ['long', 'text'] },
    target: i % 5,
    rollouts: [
      { prompt: 'v1', score: i % 4, reasoning: `Reasoning ${i}`, logprobs: { '1': -0.5, '2': -0.5 } },
      { prompt: 'v2', score: 2 },
    ],
  }),
);

async function imported() {
  const t = createTestStore();
  await t.store.getState().init();
  const id = (await t.store.getState().chooseFile(jsonlBlob(lines), 'essays.jsonl'))!;
  return { ...t, id };
}

/** Resolves once `f` is true of the store's state. */
function until(t: Awaited<ReturnType<typeof imported>>, f: () => boolean): Promise<void> {
  return new Promise((resolve) => {
    if (f()) return resolve();
    const stop = t.store.subscribe(() => {
      if (f()) {
        stop();
        resolve();
      }
    });
  });
}

describe('examples on demand', () => {
  it('holds no text after an import or a reopen, and loads an example’s text from storage', async () => {
    const t = await imported();
    const check = () => {
      const s = t.store.getState();
      expect(s.examples).toHaveLength(11);
      for (const ex of s.examples!) {
        expect(Object.keys(ex).sort()).toEqual(['id', 'rollouts', 'split', 'splitFromHash', 'target']);
        for (const r of ex.rollouts) expect(Object.keys(r).every((k) => ['prompt', 'score', 'rail'].includes(k))).toBe(true);
      }
      // The RAIL value of {"1": -0.5, "2": -0.5} is 1.5, kept with the numbers.
      expect(s.examples![3]!.rollouts[0]).toEqual({ prompt: 'v1', score: 3, rail: 1.5 });
    };
    check();
    expect((await t.store.getState().exampleTexts!.load(3)).rollouts[0]!.reasoning).toBe('Reasoning 3');

    (await t.db()).close();
    const again = createTestStore(t.factory);
    await again.store.getState().init();
    await again.store.getState().openDataset(t.id);
    Object.assign(t, { store: again.store });
    check();
    const full = await again.store.getState().exampleTexts!.load(4);
    expect(full.input).toEqual({ title: 'Dogs 4', body: ['long', 'text'] });
    expect(full.rollouts[0]!.logprobs).toEqual({ '1': -0.5, '2': -0.5 });
  });

  it('writes the chunks that queued up behind a slow write in one transaction, all of them in order', async () => {
    const t = createTestStore();
    await t.store.getState().init();
    const db = await t.db();
    const put = db.putExampleChunks.bind(db);
    const calls: number[][] = [];
    db.putExampleChunks = async (id, chunks) => {
      calls.push(chunks.map((c) => c.chunk));
      await new Promise((r) => setTimeout(r, 20));
      return put(id, chunks);
    };
    const id = (await t.store.getState().chooseFile(jsonlBlob(lines), 'essays.jsonl'))!;
    // 11 examples in batches of 3 (the test importer): chunks 0–3, the first written alone, the rest together.
    expect(calls.flat()).toEqual([0, 1, 2, 3]);
    expect(calls.length).toBeLessThan(4);
    expect((await db.loadExamples(id)).map((e) => e.id)).toEqual(lines.map((l) => (JSON.parse(l) as { id: string }).id));
  });

  it('filters Browse by the stored text through the searcher, and a cancel clears the filter', async () => {
    const t = await imported();
    const expected = (q: string) => lines.map((l) => (searchableText(JSON.parse(l).id, JSON.parse(l).input).includes(q) ? 1 : 0));
    t.store.getState().setBrowseQuery({ text: 'CATS' });
    expect(t.store.getState().browseSearch).toMatchObject({ datasetId: t.id, text: 'CATS', matches: null });
    await until(t, () => t.store.getState().browseSearch?.matches != null);
    expect(Array.from(t.store.getState().browseSearch!.matches!)).toEqual(expected('cats'));
    expect(t.store.getState().browseSearch!.total).toBe(11);

    // A second text on the same dataset: only the matching again.
    t.store.getState().setBrowseQuery({ text: 'q1' });
    await until(t, () => t.store.getState().browseSearch?.text === 'q1' && t.store.getState().browseSearch?.matches != null);
    expect(Array.from(t.store.getState().browseSearch!.matches!)).toEqual(expected('q1'));

    t.store.getState().setBrowseQuery({ text: 'dogs' });
    t.store.getState().cancelBrowseSearch();
    expect(t.store.getState().browseQuery.text).toBe('');
    expect(t.store.getState().browseSearch).toBeNull();
    // Clearing the text ends the search too; the sort and split stay.
    t.store.getState().setBrowseQuery({ text: 'x', split: 'train' });
    t.store.getState().setBrowseQuery({ text: '' });
    expect(t.store.getState().browseSearch).toBeNull();
    expect(t.store.getState().browseQuery.split).toBe('train');
  });
});
