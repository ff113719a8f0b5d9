// Browse's text filter over stored text (searchCore.ts) against fake-indexeddb: the same matches as a
// brute-force reference over the examples, texts read once per dataset a chunk at a time with
// progress, an aborted read never trusted, and the worker's message handling (cancel, transfer, errors).
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { columnsOfCores, coreOf } from '../domain/exampleCore.ts';
import { encodeExamples } from '../domain/examplesJson.ts';
import type { Example, ExampleInput } from '../domain/types.ts';
import { openWorkbenchDb, type DatasetCore, type WorkbenchDb } from '../persist/db.ts';
import { makeDatasetInfo } from '../test/builders.ts';
import { createInlineSearchClient } from '../test/inlineSearch.ts';
import type { FromSearchWorker } from './protocol.ts';
import { createSearchCore, createSearchHandler, type SearchCore } from './searchCore.ts';

const NAME = 'rir-workbench-search-test';
const CHUNK = 7;

const LONG = 'Lorem ipsum dolor sit amet. '.repeat(80); // 2240 characters

function makeExample(i: number, prefix = 'Ex'): Example {
  const inputs: ExampleInput[] = [
    `Problem ${i}: Show that X > ${i}; see Straße Ä`,
    {
      Question: `Find the Root of x^2 = ${i}`,
      steps: ['Alpha', i, true, null, { deep: `NeedleDeep ${i % 4}` }],
      HiddenKey: 'visible value',
    },
    `${LONG.slice(0, 1985)}Marker-${i} EDGE-crossing the limit BEYOND`,
    [`list item ${i}`, { nested: ['ONE', 'two'] }],
    42 + i,
    null,
  ];
  return { id: `${prefix}-${i}`, input: inputs[i % inputs.length]!, split: 'train', rollouts: [{ prompt: 'v1', score: i % 10 }] };
}

const examplesOf = (n: number, prefix?: string) => Array.from({ length: n }, (_, i) => makeExample(i, prefix));

/** Every string, number and boolean of a JSON value in document order (object keys left out). */
function leaves(v: unknown): string[] {
  if (typeof v === 'string') return [v];
  if (typeof v === 'number' || typeof v === 'boolean') return [String(v)];
  if (v && typeof v === 'object') return (Array.isArray(v) ? (v as unknown[]) : Object.values(v)).flatMap(leaves);
  return [];
}

/** The filter by brute force: the id or the input's first 2000 characters contain the trimmed query, ignoring case. */
function reference(examples: Example[], query: string): number[] {
  const q = query.trim().toLowerCase();
  return examples.map((ex) => {
    const input = typeof ex.input === 'string' ? ex.input : leaves(ex.input).join('\n');
    return !q || `${ex.id}\n${input.slice(0, 2000)}`.toLowerCase().includes(q) ? 1 : 0;
  });
}

function coreIn(examples: Example[], size = CHUNK): DatasetCore {
  const starts: number[] = [];
  for (let s = 0; s < examples.length; s += size) starts.push(s);
  return { columns: columnsOfCores(examples.map(coreOf)), chunkStarts: Int32Array.from(starts) };
}

/** Writes `examples` in chunks of `size` and commits them, as an import does; `core` defaults to theirs. */
async function store(id: string, examples: Example[], core = coreIn(examples)): Promise<void> {
  for (let c = 0; c * CHUNK < examples.length; c++) {
    await db.putExampleChunk(id, c, encodeExamples(examples.slice(c * CHUNK, (c + 1) * CHUNK)));
  }
  await db.commitDataset(makeDatasetInfo(id, { exampleCount: examples.length }), core);
}

let factory: IDBFactory;
let db: WorkbenchDb;
let opened: number;
let core: SearchCore;

beforeEach(async () => {
  factory = new IDBFactory();
  db = await openWorkbenchDb({ name: NAME, factory });
  opened = 0;
  core = createSearchCore(async () => {
    opened++;
    return db;
  });
});

afterEach(() => {
  vi.restoreAllMocks();
  db.close();
});

const all = examplesOf(40);
const QUERIES = [
  'ex-1', // the id only: ex-1 and ex-10 … ex-19
  '  NEEDLEDEEP 2 ',
  'straße ä',
  'alpha\n1', // across two parts of an object input
  'hiddenkey', // a key: never searched
  'visible value',
  'marker-2', // before the 2000th character
  'edge-c', // up to the 2000th character of Marker-2 and Marker-8
  'edge-cr', // one past it
  'marker-14 edge-', // up to the 2000th character of Marker-14
  'marker-14 edge-c', // one past it
  'beyond', // well past it
  'x > 3',
  '43',
  'ex-39\nlist item 39',
  'x'.repeat(2100),
  'no such text',
];

describe('search core', () => {
  it('matches what a brute-force filter over the examples matches, for ids and string and nested inputs', async () => {
    await store('d', all);
    for (const query of QUERIES) {
      const matches = await core.search('d', query);
      expect(Array.from(matches), query).toEqual(reference(all, query));
    }
    const count = async (query: string) => Array.from(await core.search('d', query)).reduce((a, b) => a + b);
    expect(await count('edge-c')).toBe(2);
    expect(await count('marker-14 edge-')).toBe(1);
    for (const past of ['edge-cr', 'marker-14 edge-c', 'beyond']) expect(await count(past)).toBe(0);
    expect(await count('ex-1')).toBe(11); // ex-1, ex-10 … ex-19
  });

  it('passes every example of a blank query without reading any text', async () => {
    await store('d', all);
    const loadCore = vi.spyOn(db, 'loadCore');
    const loadChunk = vi.spyOn(db, 'loadChunk');
    expect(Array.from(await core.search('d', '   '))).toEqual(all.map(() => 1));
    expect(Array.from(await core.search('d', ''))).toEqual(all.map(() => 1));
    expect(loadCore).not.toHaveBeenCalled();
    expect(loadChunk).not.toHaveBeenCalled();
    await expect(core.search('gone', '')).rejects.toThrow('No saved dataset with id gone');
  });

  it('reports progress in examples after each chunk, ending at the total', async () => {
    await store('d', all);
    const progress: [number, number][] = [];
    await core.search('d', 'alpha', { onProgress: (done, total) => progress.push([done, total]) });
    expect(progress).toEqual([7, 14, 21, 28, 35, 40].map((done) => [done, 40]));
  });

  it('reads the chunks once per dataset: a second query reads none', async () => {
    await store('d', all);
    const loadChunk = vi.spyOn(db, 'loadChunk');
    await core.search('d', 'alpha');
    expect(loadChunk).toHaveBeenCalledTimes(6);
    const progress = vi.fn();
    expect(Array.from(await core.search('d', 'ex-2', { onProgress: progress }))).toEqual(reference(all, 'ex-2'));
    expect(loadChunk).toHaveBeenCalledTimes(6);
    expect(progress).not.toHaveBeenCalled();
    expect(opened).toBe(1);
  });

  it('keeps only the latest dataset: switching reads the other one, and switching back reads the first again', async () => {
    const other = examplesOf(10, 'Other');
    await store('a', all);
    await store('b', other);
    const loadChunk = vi.spyOn(db, 'loadChunk');
    expect(Array.from(await core.search('a', 'ex-3'))).toEqual(reference(all, 'ex-3'));
    expect(Array.from(await core.search('b', 'other-3'))).toEqual(reference(other, 'other-3'));
    expect(Array.from(await core.search('b', 'ex-3'))).toEqual(other.map(() => 0));
    expect(loadChunk.mock.calls.map(([id]) => id)).toEqual([...Array(6).fill('a'), ...Array(2).fill('b')]);
    expect(Array.from(await core.search('a', 'alpha'))).toEqual(reference(all, 'alpha'));
    expect(loadChunk).toHaveBeenCalledTimes(14);
  });

  it('stops an aborted search between chunks and does not trust what it read: the next search reads everything', async () => {
    await store('d', all);
    const loadChunk = vi.spyOn(db, 'loadChunk');
    const controller = new AbortController();
    const reason = new DOMException('stop', 'AbortError');
    const search = core.search('d', 'alpha', {
      signal: controller.signal,
      onProgress: (done) => {
        if (done === 14) controller.abort(reason);
      },
    });
    await expect(search).rejects.toBe(reason);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(loadChunk).toHaveBeenCalledTimes(2); // the read stopped at the next chunk
    const progress: number[] = [];
    expect(Array.from(await core.search('d', 'alpha', { onProgress: (done) => progress.push(done) }))).toEqual(reference(all, 'alpha'));
    expect(progress).toEqual([7, 14, 21, 28, 35, 40]);
    expect(loadChunk).toHaveBeenCalledTimes(8);
    await expect(core.search('d', 'x', { signal: AbortSignal.abort(reason) })).rejects.toBe(reason);
  });

  it('shares one read between searches of a dataset: aborting one leaves the other running', async () => {
    await store('d', all);
    const loadChunk = vi.spyOn(db, 'loadChunk');
    const controller = new AbortController();
    const first = core.search('d', 'alpha', { signal: controller.signal });
    const late: number[] = [];
    const second = core.search('d', 'ex-1', { onProgress: (done) => late.push(done) });
    controller.abort(new Error('typed on'));
    await expect(first).rejects.toThrow('typed on');
    expect(Array.from(await second)).toEqual(reference(all, 'ex-1'));
    expect(late.at(-1)).toBe(40);
    expect(loadChunk).toHaveBeenCalledTimes(6);
  });

  it('names the inconsistency when the stored examples disagree with the dataset’s core', async () => {
    const renamed = all.map((ex, i) => (i === 9 ? { ...ex, id: 'Intruder' } : ex));
    await store('bad', all, coreIn(renamed));
    await expect(core.search('bad', 'alpha')).rejects.toThrow(
      'The stored dataset bad is inconsistent, so its text cannot be searched: example 9 (chunk 1) is stored as "Ex-9" but its core names it "Intruder".',
    );
  });

  it('names the inconsistency when a chunk holds another number of examples than the core says', async () => {
    await store('shifted', all, { ...coreIn(all), chunkStarts: Int32Array.from([0, 5, 14, 21, 28, 35]) });
    await expect(core.search('shifted', 'alpha')).rejects.toThrow(
      'The stored dataset shifted is inconsistent, so its text cannot be searched: chunk 0 holds 7 examples where its core expects 5.',
    );
  });

  it('searches an empty dataset', async () => {
    await store('empty', []);
    const progress = vi.fn();
    expect(Array.from(await core.search('empty', 'a', { onProgress: progress }))).toEqual([]);
    expect(progress).toHaveBeenCalledWith(0, 0);
  });

  it('opens the database again after its connection was closed or let go', async () => {
    await store('a', all);
    await store('b', all);
    const connections: WorkbenchDb[] = [];
    const reopening = createSearchCore(async () => {
      const c = await openWorkbenchDb({ name: NAME, factory, prune: false });
      connections.push(c);
      return c;
    });
    await reopening.search('a', 'alpha');
    connections[0]!.close();
    await expect(reopening.search('b', 'alpha')).rejects.toMatchObject({ name: 'DatabaseClosedError' });
    expect(Array.from(await reopening.search('b', 'alpha'))).toEqual(reference(all, 'alpha'));
    expect(connections).toHaveLength(2);
    reopening.disconnect();
    await reopening.search('a', 'alpha');
    expect(connections).toHaveLength(3);
    for (const c of connections) c.close();
  });
});

describe('search worker handling', () => {
  function handler() {
    const posted: { msg: FromSearchWorker; transfer: Transferable[] }[] = [];
    const handle = createSearchHandler(core, (msg, transfer = []) => posted.push({ msg, transfer }));
    const until = async (id: number, type: FromSearchWorker['type']) => {
      for (let i = 0; i < 500 && !posted.some((p) => p.msg.id === id && p.msg.type === type); i++) {
        await new Promise((resolve) => setTimeout(resolve, 2));
      }
      return posted.filter((p) => p.msg.id === id);
    };
    return { handle, until };
  }

  it('posts progress per chunk, then the matches with their buffer transferred', async () => {
    await store('d', all);
    const { handle, until } = handler();
    handle({ id: 1, type: 'search', datasetId: 'd', text: 'alpha' });
    const replies = await until(1, 'result');
    expect(replies.map((p) => p.msg.type)).toEqual([...Array(6).fill('progress'), 'result']);
    const last = replies.at(-1)!;
    if (last.msg.type !== 'result') throw new Error('no result');
    expect(Array.from(last.msg.matches)).toEqual(reference(all, 'alpha'));
    expect(last.transfer).toEqual([last.msg.matches.buffer]);
  });

  it('answers a cancel with `cancelled` and keeps nothing half read', async () => {
    await store('d', all);
    const { handle, until } = handler();
    const loadChunk = vi.spyOn(db, 'loadChunk');
    handle({ id: 1, type: 'search', datasetId: 'd', text: 'alpha' });
    handle({ id: 1, type: 'cancel' });
    const replies = await until(1, 'cancelled');
    expect(replies.at(-1)!.msg).toEqual({ id: 1, type: 'cancelled' });
    expect(loadChunk.mock.calls.length).toBeLessThan(6);
    handle({ id: 2, type: 'search', datasetId: 'd', text: 'alpha' });
    const again = await until(2, 'result');
    expect(again.filter((p) => p.msg.type === 'progress')).toHaveLength(6);
    handle({ id: 2, type: 'cancel' }); // a job already answered: ignored
  });

  it('answers a failing search with its error', async () => {
    const { handle, until } = handler();
    handle({ id: 5, type: 'search', datasetId: 'missing', text: 'a' });
    const replies = await until(5, 'error');
    expect(replies.at(-1)!.msg).toMatchObject({ id: 5, type: 'error', message: expect.stringContaining('missing') });
  });
});

describe('inline search client', () => {
  it('runs the search core on this thread', async () => {
    await store('d', all);
    const client = createInlineSearchClient(async () => db);
    expect(Array.from(await client.search('d', 'ex-2'))).toEqual(reference(all, 'ex-2'));
    expect(client.searches).toBe(1);
  });
});
