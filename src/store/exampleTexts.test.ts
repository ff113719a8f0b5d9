import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { describe, expect, it, vi } from 'vitest';
import { promptTexts } from '../calibrator/textInput.ts';
import { columnsOfCores, coreOf } from '../domain/exampleCore.ts';
import { encodeExamples } from '../domain/examplesJson.ts';
import type { Example } from '../domain/types.ts';
import { openWorkbenchDb, type WorkbenchDb } from '../persist/db.ts';
import { makeDatasetInfo } from '../test/builders.ts';
import { chunkOf, createExampleTexts, hasPromptReasoning, loadNgramDictionary } from './exampleTexts.ts';
import { ngramsOf } from '../calibrator/textExplain.ts';
import { fnv1a32 } from '../calibrator/textFeatures.ts';

const example = (i: number): Example => ({
  id: `ex-${i}`,
  input: `input ${i}`,
  split: 'train',
  rollouts: [
    { prompt: 'v1', score: i, reasoning: `v1 says ${i}` },
    ...(i % 3 === 0 ? [] : [{ prompt: 'v2', score: i + 1, reasoning: `v2 says ${i}` }]),
    { prompt: 'v1', score: 0 },
  ],
});

/** A committed dataset of n examples in chunks of `size`, and its ids and chunk starts. */
async function stored(n: number, size: number, id = 'ds') {
  const db = await openWorkbenchDb({ name: 'texts', factory: new IDBFactory() });
  const all = Array.from({ length: n }, (_, i) => example(i));
  const starts: number[] = [];
  for (let s = 0, c = 0; s < n; s += size, c++) {
    starts.push(s);
    await db.putExampleChunk(id, c, encodeExamples(all.slice(s, s + size)));
  }
  const chunkStarts = Int32Array.from(starts);
  await db.commitDataset(makeDatasetInfo(id, { exampleCount: n }), { columns: columnsOfCores(all.map(coreOf)), chunkStarts });
  return { db, all, ids: all.map((e) => e.id), chunkStarts };
}

describe('chunkOf', () => {
  it('finds the chunk holding an example (hand-checked)', () => {
    const starts = Int32Array.from([0, 3, 5, 9]);
    expect([0, 2, 3, 4, 5, 8, 9, 20].map((i) => chunkOf(starts, i))).toEqual([0, 0, 1, 1, 2, 2, 3, 3]);
  });
});

describe('createExampleTexts', () => {
  it('loads an example with its text, then has it and its chunk-mates at once', async () => {
    const { db, all, ids, chunkStarts } = await stored(7, 3);
    const load = vi.spyOn(db, 'loadChunk');
    const texts = createExampleTexts(async () => db, 'ds', ids, chunkStarts);
    expect(texts.peek(4)).toBeUndefined();
    expect(await texts.load(4)).toEqual(all[4]);
    expect(texts.peek(3)).toEqual(all[3]);
    expect(texts.peek(5)).toEqual(all[5]);
    expect(texts.peek(6)).toBeUndefined();
    expect(await texts.load(5)).toEqual(all[5]);
    expect(load.mock.calls).toEqual([['ds', 1]]);
    await expect(texts.load(7)).rejects.toThrow(/example 7 is not in this dataset of 7 examples/);
    db.close();
  });

  it('keeps only the most recent chunks and reads each once when asked twice at once', async () => {
    const { db, all, ids, chunkStarts } = await stored(10, 2);
    const load = vi.spyOn(db, 'loadChunk');
    const texts = createExampleTexts(async () => db, 'ds', ids, chunkStarts, 2);
    const [a, b] = await Promise.all([texts.load(0), texts.load(1)]);
    expect([a, b]).toEqual([all[0], all[1]]);
    expect(load).toHaveBeenCalledTimes(1);
    await texts.load(2);
    await texts.load(4);
    // Chunk 0 was the least recently used of three: gone; chunks 1 and 2 stay.
    expect(texts.peek(0)).toBeUndefined();
    expect(texts.peek(3)).toEqual(all[3]);
    expect(texts.peek(5)).toEqual(all[5]);
    texts.prefetch([9, -1, 99]);
    await vi.waitFor(() => expect(texts.peek(8)).toEqual(all[8]));
    db.close();
  });

  it('refuses text whose ids are not the cores’ ids, naming the example', async () => {
    const { db, ids, chunkStarts } = await stored(4, 2);
    const wrong = [...ids];
    wrong[3] = 'other';
    const texts = createExampleTexts(async () => db, 'ds', wrong, chunkStarts);
    await expect(texts.load(2)).rejects.toThrow('The stored text of example 4 (“other”) belongs to “ex-3”. Import the file again.');
    const short = createExampleTexts(async () => db, 'ds', [...ids, 'ex-4'], chunkStarts);
    await expect(short.load(4)).rejects.toThrow('The stored text of examples 3–5 is missing or incomplete. Import the file again.');
    db.close();
  });

  it('streams every example in order a chunk at a time, and stops when aborted', async () => {
    const { db, all, ids, chunkStarts } = await stored(7, 3);
    const texts = createExampleTexts(async () => db, 'ds', ids, chunkStarts);
    const seen: { start: number; ids: string[] }[] = [];
    for await (const { start, examples } of texts.chunks()) seen.push({ start, ids: examples.map((e) => e.id) });
    expect(seen).toEqual([
      { start: 0, ids: ['ex-0', 'ex-1', 'ex-2'] },
      { start: 3, ids: ['ex-3', 'ex-4', 'ex-5'] },
      { start: 6, ids: ['ex-6'] },
    ]);
    // Streamed chunks do not push the viewed ones out of the cache.
    expect(texts.peek(0)).toBeUndefined();
    const controller = new AbortController();
    const got: number[] = [];
    await expect(
      (async () => {
        for await (const { start } of texts.chunks(controller.signal)) {
          got.push(start);
          controller.abort(new Error('stop'));
        }
      })(),
    ).rejects.toThrow('stop');
    expect(got).toEqual([0]);
    expect(all).toHaveLength(7);
    db.close();
  });
});

describe('loadNgramDictionary', () => {
  const spec = { buckets: 1 << 12, ngrams: [1, 2] };

  it('names buckets as ngramsOf does over the whole version in memory, for every example and a subset across chunks', async () => {
    const { db, all, ids, chunkStarts } = await stored(8, 3);
    const texts = createExampleTexts(async () => db, 'ds', ids, chunkStarts);
    for (const prompt of ['v1', 'v2']) {
      expect(await loadNgramDictionary(texts, prompt, spec, null, null)).toEqual(ngramsOf(promptTexts(all, prompt), null, spec));
      expect(await loadNgramDictionary(texts, prompt, spec, null, [7, 1, 4])).toEqual(ngramsOf(promptTexts(all, prompt), [1, 4, 7], spec));
    }
    // By hand: "says" is in the v1 reasoning of examples 1, 4 and 7, once each.
    const says = (await loadNgramDictionary(texts, 'v1', spec, null, [1, 4, 7])).buckets.get(fnv1a32('says') % spec.buckets)!;
    expect(says.top[0]).toEqual({ text: 'says', count: 3 });
    expect(says.examples).toBe(3);
    db.close();
  });
});

describe('hasPromptReasoning', () => {
  it('stops at the first chunk with reasoning, and reads every chunk to say there is none', async () => {
    const { db, ids, chunkStarts } = await stored(8, 3);
    const load = vi.spyOn(db, 'loadChunk');
    const texts = createExampleTexts(async () => db, 'ds', ids, chunkStarts);
    expect(await hasPromptReasoning(texts, 'v1')).toBe(true);
    expect(load).toHaveBeenCalledTimes(1);
    expect(await hasPromptReasoning(texts, 'absent')).toBe(false);
    expect(load).toHaveBeenCalledTimes(1 + chunkStarts.length);
    db.close();
  });
});

// Keeps the type import used when the file is read alone.
export type { WorkbenchDb };
