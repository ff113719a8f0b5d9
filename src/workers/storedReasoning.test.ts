// The reasoning read from storage by the training worker itself: counted a chunk at a time into the
// same counts as hashing the whole version in memory (hashNgrams, checked against Python in
// textFeatures.test.ts), with progress per chunk, and refused when the storage and the input disagree.
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { hashNgrams } from '../calibrator/textFeatures.ts';
import { promptTexts } from '../calibrator/textInput.ts';
import { columnsOfCores, coreOf } from '../domain/exampleCore.ts';
import { encodeExamples } from '../domain/examplesJson.ts';
import type { Example } from '../domain/types.ts';
import { openWorkbenchDb } from '../persist/db.ts';
import { makeDatasetInfo } from '../test/builders.ts';
import { countStoredReasoning, storedPromptTexts } from './storedReasoning.ts';

const spec = { buckets: 1 << 10, ngrams: [1, 2] };

const example = (i: number): Example => ({
  id: `ex-${i}`,
  input: `input ${i}`,
  split: 'train',
  rollouts: [
    { prompt: 'v1', score: i, reasoning: `Step ${i} checks the claim ${i % 4}` },
    { prompt: 'v2', score: i, reasoning: i % 2 === 0 ? '  ' : `v2 at ${i}` },
    { prompt: 'v1', score: 1 },
  ],
});

/** A committed dataset of n examples in chunks of `size`; `damage` stores chunk 1 with another id in it. */
async function stored(n: number, size: number, damage = false) {
  const db = await openWorkbenchDb({ name: 'reasoning', factory: new IDBFactory() });
  const all = Array.from({ length: n }, (_, i) => example(i));
  const starts: number[] = [];
  for (let s = 0, c = 0; s < n; s += size, c++) {
    starts.push(s);
    const chunk = all.slice(s, s + size);
    await db.putExampleChunk('ds', c, encodeExamples(damage && c === 1 ? [{ ...chunk[0]!, id: 'intruder' }, ...chunk.slice(1)] : chunk));
  }
  await db.commitDataset(makeDatasetInfo('ds', { exampleCount: n }), {
    columns: columnsOfCores(all.map(coreOf)),
    chunkStarts: Int32Array.from(starts),
  });
  return { db, all };
}

describe('countStoredReasoning', () => {
  it('equals hashing the version in memory, says whether any reasoning was carried, and reports each chunk', async () => {
    const { db, all } = await stored(23, 4);
    for (const prompt of ['v1', 'v2', 'absent']) {
      const progress: [number, number][] = [];
      const got = await countStoredReasoning(db, 'ds', prompt, spec, { n: 23, onProgress: (done, total) => progress.push([done, total]) });
      expect(got.counts).toEqual(hashNgrams(promptTexts(all, prompt), all.length, spec));
      // v2's even examples have blank reasoning, its odd ones some; 'absent' has no rollout at all.
      expect(got.carried).toBe(prompt !== 'absent');
      expect(progress).toEqual([4, 8, 12, 16, 20, 23].map((d) => [d, 23]));
    }
    db.close();
  });

  it('refuses a dataset of another size than the input, and a chunk that is not its core’s', async () => {
    const { db } = await stored(10, 4);
    await expect(countStoredReasoning(db, 'ds', 'v1', spec, { n: 11 })).rejects.toThrow(
      'The stored dataset ds holds 10 examples, not the 11 expected: it changed. Open it again.',
    );
    db.close();
    const damaged = await stored(10, 4, true);
    await expect(countStoredReasoning(damaged.db, 'ds', 'v1', spec, { n: 10 })).rejects.toThrow(
      'The stored dataset ds is inconsistent, so its reasoning cannot be read: example 4 (chunk 1) is stored as "intruder" but its core names it "ex-4".',
    );
    damaged.db.close();
  });
});

describe('storedPromptTexts', () => {
  it('yields each chunk’s reasoning as promptTexts lays it out, from its first example, and stops when aborted', async () => {
    const { db, all } = await stored(10, 4);
    const parts = [];
    for await (const part of storedPromptTexts(db, 'ds', 'v1', { n: 10 })) parts.push(part);
    expect(parts.map((p) => p.start)).toEqual([0, 4, 8]);
    parts.forEach((p) => expect(p.texts).toEqual(promptTexts(all.slice(p.start, p.start + 4), 'v1')));
    const controller = new AbortController();
    const read: number[] = [];
    await expect(
      (async () => {
        for await (const p of storedPromptTexts(db, 'ds', 'v1', { n: 10, signal: controller.signal })) {
          read.push(p.start);
          controller.abort(new Error('stop'));
        }
      })(),
    ).rejects.toThrow('stop');
    expect(read).toEqual([0]);
    db.close();
  });
});
