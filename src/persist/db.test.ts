// Tests of persist/db.ts against fake-indexeddb, one fresh factory per test. No React or store.
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { DatasetInfo, Example } from '../domain/types.ts';
import { columnsOfCores, coreOf, coresOfColumns } from '../domain/exampleCore.ts';
import { openWorkbenchDb, type AppliedCalibratorRecord, type DatasetCore, type WorkbenchDb } from './db.ts';
import { datasetSettingKey } from './records/settings.ts';
import { makeDatasetInfo } from '../test/builders.ts';
import { encodeExamples } from '../domain/examplesJson.ts';
import { DB_VERSION } from './migrations.ts';
import { DatabaseClosedError, StorageFullError, StorageWriteError } from './storageErrors.ts';

const NAME = 'rir-workbench-test';

function makeExample(i: number): Example {
  return {
    id: `ex-${i}`,
    input: i % 2 === 0 ? `Problem ${i}: show that **x** > ${i}` : { question: `q${i}`, steps: [i, 'two', null] },
    ...(i % 3 === 0 ? {} : { target: (i % 11) / 2 }),
    split: i % 5 === 0 ? 'test' : 'train',
    splitFromHash: i % 7 === 0,
    meta: { source: 'processbench', n: i },
    rollouts: [
      { prompt: 'v1', score: i % 10, reasoning: `Step ${i % 4} is wrong`, model: 'gpt-4.1' },
      { prompt: 'v2', score: (i + 1) % 10, logprobs: { '5': -1.2, '6': -0.4 } },
    ],
  };
}

const makeInfo = makeDatasetInfo;

/** The core of `examples` stored in chunks of `size`, as an import builds it. */
function coreIn(examples: Example[], size = 2000): DatasetCore {
  const starts: number[] = [];
  for (let s = 0; s < examples.length; s += size) starts.push(s);
  return { columns: columnsOfCores(examples.map(coreOf)), chunkStarts: Int32Array.from(starts) };
}

/** Writes `examples` as chunks of `size` and commits the dataset, as an import would. */
async function importDataset(db: WorkbenchDb, info: DatasetInfo, examples: Example[], size = 2000): Promise<void> {
  for (let c = 0; c * size < examples.length; c++) {
    await db.putExampleChunk(info.id, c, encodeExamples(examples.slice(c * size, (c + 1) * size)));
  }
  await db.commitDataset({ ...info, exampleCount: examples.length }, coreIn(examples, size));
}

/** The test database opened with raw IndexedDB calls (independent of db.ts). */
function openRaw(factory: IDBFactory): Promise<IDBDatabase> {
  return new Promise<IDBDatabase>((resolve, reject) => {
    const req = factory.open(NAME);
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

/** Record counts of a store, read with raw IndexedDB calls (independent of db.ts). */
async function countRecords(factory: IDBFactory, store: string): Promise<number> {
  const raw = await openRaw(factory);
  const n = await new Promise<number>((resolve, reject) => {
    const req = raw.transaction(store).objectStore(store).count();
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
  raw.close();
  return n;
}

/** Chunk records per dataset id, read with raw IndexedDB calls (independent of db.ts). */
async function countChunks(factory: IDBFactory): Promise<Record<string, number>> {
  const raw = await openRaw(factory);
  const keys = await new Promise<IDBValidKey[]>((resolve, reject) => {
    const req = raw.transaction('exampleChunks').objectStore('exampleChunks').getAllKeys();
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
  raw.close();
  const counts: Record<string, number> = {};
  for (const key of keys) {
    const id = String((key as [string, number])[0]);
    counts[id] = (counts[id] ?? 0) + 1;
  }
  return counts;
}

const examples = (n: number, from = 0) => Array.from({ length: n }, (_, i) => makeExample(from + i));

let factory: IDBFactory;
let db: WorkbenchDb;
async function open(): Promise<WorkbenchDb> {
  db = await openWorkbenchDb({ name: NAME, factory });
  return db;
}

afterEach(() => {
  vi.restoreAllMocks();
  db.close();
});

describe('datasets', () => {
  it('round-trips 5,000 examples written as chunks out of order, in chunk order', async () => {
    factory = new IDBFactory();
    await open();
    const all = examples(5000);
    await db.putExampleChunk('big', 2, encodeExamples(all.slice(4000)));
    await db.putExampleChunk('big', 0, encodeExamples(all.slice(0, 2000)));
    await db.putExampleChunk('big', 1, encodeExamples(all.slice(2000, 4000)));
    await db.commitDataset(makeInfo('big', { exampleCount: 5000 }), coreIn(all));

    db.close();
    await open();
    const loaded = await db.loadExamples('big');
    expect(loaded).toHaveLength(5000);
    expect(loaded.map((e) => e.id).slice(1998, 2002)).toEqual(['ex-1998', 'ex-1999', 'ex-2000', 'ex-2001']);
    expect(loaded).toEqual(all);
    expect(await countChunks(factory)).toEqual({ big: 3 });
    expect(await db.getDataset('big')).toEqual(makeInfo('big', { exampleCount: 5000 }));
  });

  it('lists committed datasets newest first', async () => {
    factory = new IDBFactory();
    await open();
    await importDataset(db, makeInfo('a', { createdAt: 100 }), examples(2));
    await importDataset(db, makeInfo('c', { createdAt: 300 }), examples(2));
    await importDataset(db, makeInfo('b', { createdAt: 200 }), examples(2));
    await importDataset(db, makeInfo('b2', { createdAt: 200 }), examples(2));
    expect((await db.listDatasets()).map((d) => d.id)).toEqual(['c', 'b', 'b2', 'a']);
  });

  it('lists a dataset only once it is committed', async () => {
    factory = new IDBFactory();
    await open();
    await db.putExampleChunk('pending', 0, encodeExamples(examples(3)));
    expect(await db.listDatasets()).toEqual([]);
    expect(await db.getDataset('pending')).toBeUndefined();

    await db.commitDataset(makeInfo('pending', { exampleCount: 3 }), coreIn(examples(3)));
    expect((await db.listDatasets()).map((d) => d.id)).toEqual(['pending']);
  });

  it('refuses to commit when a chunk is missing, and writes nothing', async () => {
    factory = new IDBFactory();
    await open();
    await db.putExampleChunk('gap', 0, encodeExamples(examples(2)));
    await db.putExampleChunk('gap', 2, encodeExamples(examples(2, 4)));
    await expect(db.commitDataset(makeInfo('gap', { exampleCount: 6 }), coreIn(examples(6), 2))).rejects.toThrow(/chunk 1 not found/);
    await expect(db.commitDataset(makeInfo('none', { exampleCount: 6 }), coreIn(examples(6), 2))).rejects.toThrow(/chunk 0 not found/);
    expect(await db.listDatasets()).toEqual([]);
  });

  it('allows an empty dataset with no chunks', async () => {
    factory = new IDBFactory();
    await open();
    await db.commitDataset(makeInfo('empty', { exampleCount: 0 }), coreIn([]));
    expect(await db.loadExamples('empty')).toEqual([]);
    expect((await db.loadCore('empty')).columns.n).toBe(0);
    expect((await db.listDatasets()).map((d) => d.id)).toEqual(['empty']);
  });

  it('refuses to commit an id twice or to change the chunks of a committed dataset', async () => {
    factory = new IDBFactory();
    await open();
    await importDataset(db, makeInfo('done', { name: 'first' }), examples(3));
    await expect(db.commitDataset(makeInfo('done', { name: 'second', exampleCount: 3 }), coreIn(examples(3)))).rejects.toMatchObject({
      name: 'ConstraintError',
    });
    await expect(db.putExampleChunk('done', 0, encodeExamples(examples(1, 100)))).rejects.toThrow(/already saved/);
    await expect(db.putExampleChunk('other', 1.5, encodeExamples([]))).rejects.toBeInstanceOf(RangeError);
    expect((await db.getDataset('done'))?.name).toBe('first');
    expect(await db.loadExamples('done')).toEqual(examples(3));
  });

  it('prunes chunks of uncommitted imports when the database opens', async () => {
    factory = new IDBFactory();
    await open();
    await importDataset(db, makeInfo('kept'), examples(5), 2);
    await db.putExampleChunk('interrupted', 0, encodeExamples(examples(2)));
    await db.putExampleChunk('interrupted', 1, encodeExamples(examples(2, 2)));
    db.close();
    expect(await countChunks(factory)).toEqual({ kept: 3, interrupted: 2 });

    // A reader that is told not to prune (Browse's search worker) leaves them to the page.
    db = await openWorkbenchDb({ name: NAME, factory, prune: false });
    expect(await countChunks(factory)).toEqual({ kept: 3, interrupted: 2 });
    db.close();
    await open();
    expect(await countChunks(factory)).toEqual({ kept: 3 });
    expect(await db.loadExamples('kept')).toEqual(examples(5));
    expect(await db.loadExamples('interrupted')).toEqual([]);
  });

  it('does not prune the chunks of an import another tab is still running', async () => {
    factory = new IDBFactory();
    await open();
    await db.putExampleChunk('running-elsewhere', 0, encodeExamples(examples(2)));
    await db.putExampleChunk('abandoned', 0, encodeExamples(examples(2)));
    db.close();

    db = await openWorkbenchDb({ name: NAME, factory, activeImports: async () => new Set(['running-elsewhere']) });
    expect(await countChunks(factory)).toEqual({ 'running-elsewhere': 1 });
  });

  it('discards the chunks of a cancelled import but never those of a committed dataset', async () => {
    factory = new IDBFactory();
    await open();
    await importDataset(db, makeInfo('kept'), examples(4), 2);
    await db.putExampleChunk('cancelled', 0, encodeExamples(examples(2)));
    await db.discardDataset('cancelled');
    expect(await countChunks(factory)).toEqual({ kept: 2 });

    await expect(db.discardDataset('kept')).rejects.toThrow(/deleteDataset/);
    expect(await countChunks(factory)).toEqual({ kept: 2 });
  });

  it('deletes a dataset with all its chunks and leaves the others', async () => {
    factory = new IDBFactory();
    await open();
    await importDataset(db, makeInfo('gone'), examples(7), 2);
    await importDataset(db, makeInfo('stays'), examples(3), 2);
    expect(await countChunks(factory)).toEqual({ gone: 4, stays: 2 });

    expect(await countRecords(factory, 'datasetCores')).toBe(2);
    await db.deleteDataset('gone');
    expect(await countChunks(factory)).toEqual({ stays: 2 });
    expect(await countRecords(factory, 'datasetCores')).toBe(1);
    await expect(db.loadCore('gone')).rejects.toThrow(/No saved dataset/);
    expect(await db.getDataset('gone')).toBeUndefined();
    expect((await db.listDatasets()).map((d) => d.id)).toEqual(['stays']);
    expect(await db.loadExamples('stays')).toEqual(examples(3));
  });

  it('deletes the settings kept for the dataset (Annotate’s queues, per annotator), and no other', async () => {
    factory = new IDBFactory();
    await open();
    await importDataset(db, makeInfo('d1'), examples(2));
    await importDataset(db, makeInfo('d10'), examples(2));
    await db.setSetting('annotateQueue:d1:Ada', [1]);
    await db.setSetting('annotateQueue:d1:Bo', [0]);
    await db.setSetting('annotateQueue:d10:Ada', [0, 1]);
    await db.setSetting('annotator', 'Ada');
    expect(datasetSettingKey('annotateQueue', 'd1', 'Ada')).toBe('annotateQueue:d1:Ada');
    await db.deleteDataset('d1');
    expect(await db.getSetting('annotateQueue:d1:Ada')).toBeUndefined();
    expect(await db.getSetting('annotateQueue:d1:Bo')).toBeUndefined();
    // Another dataset whose id starts with the deleted one's keeps its queue; settings of no dataset stay.
    expect(await db.getSetting('annotateQueue:d10:Ada')).toEqual([0, 1]);
    expect(await db.getSetting('annotator')).toBe('Ada');
  });

  it('stores the core with the dataset and reads it back, typed arrays and all, without the text', async () => {
    factory = new IDBFactory();
    await open();
    const all = examples(7);
    await importDataset(db, makeInfo('c'), all, 3);
    db.close();
    await open();
    const core = await db.loadCore('c');
    expect(Array.from(core.chunkStarts)).toEqual([0, 3, 6]);
    expect(core.columns.rolloutScore).toBeInstanceOf(Float64Array);
    expect(coresOfColumns(core.columns)).toEqual(all.map(coreOf));
    // The text is in the chunks, one chunk at a time.
    expect(await db.loadChunk('c', 1)).toEqual(all.slice(3, 6));
    expect(await db.loadChunk('c', 2)).toEqual(all.slice(6));
    expect(await db.loadChunk('c', 3)).toBeUndefined();
  });

  it('writes several chunks in one transaction, all or none', async () => {
    factory = new IDBFactory();
    await open();
    const all = examples(5);
    const tx = vi.spyOn(IDBDatabase.prototype, 'transaction');
    await db.putExampleChunks('many', [
      { chunk: 0, json: encodeExamples(all.slice(0, 2)) },
      { chunk: 1, json: encodeExamples(all.slice(2, 4)) },
      { chunk: 2, json: encodeExamples(all.slice(4)) },
    ]);
    expect(tx).toHaveBeenCalledTimes(1);
    await expect(
      db.putExampleChunks('many', [
        { chunk: 3, json: encodeExamples([]) },
        { chunk: -1, json: encodeExamples([]) },
      ]),
    ).rejects.toThrow(/whole number ≥ 0, got -1/);
    expect(await countChunks(factory)).toEqual({ many: 3 });
    await db.commitDataset(makeInfo('many', { exampleCount: 5 }), coreIn(all, 2));
    expect(await db.loadExamples('many')).toEqual(all);
    await expect(db.putExampleChunks('many', [{ chunk: 3, json: encodeExamples([]) }])).rejects.toThrow(/already saved/);
  });

  it('refuses a core that does not match the chunks or the count, and writes nothing', async () => {
    factory = new IDBFactory();
    await open();
    const all = examples(5);
    await db.putExampleChunk('m', 0, encodeExamples(all.slice(0, 3)));
    await db.putExampleChunk('m', 1, encodeExamples(all.slice(3)));
    const info = makeInfo('m', { name: 'Mismatch', exampleCount: 5 });
    await expect(db.commitDataset(info, coreIn(all.slice(0, 4), 3))).rejects.toThrow(
      /“Mismatch” was not saved: its summary holds 4 examples, not 5/,
    );
    await expect(db.commitDataset(info, coreIn(all, 2))).rejects.toThrow(/knows 3 chunks of examples, storage holds 2/);
    const shuffled = { ...coreIn(all, 3), chunkStarts: Int32Array.from([0, 5]) };
    await expect(db.commitDataset(info, shuffled)).rejects.toThrow(/puts chunk 1 at example 5/);
    expect(await db.listDatasets()).toEqual([]);
    expect(await countRecords(factory, 'datasetCores')).toBe(0);
    await db.commitDataset(info, coreIn(all, 3));
    expect((await db.listDatasets()).map((d) => d.id)).toEqual(['m']);
  });

  it('builds the core of a dataset stored without one from its chunks, once', async () => {
    factory = new IDBFactory();
    await open();
    const all = examples(5);
    await importDataset(db, makeInfo('old'), all, 2);
    db.close();
    // Remove the core with raw calls, as a dataset stored before cores existed has none.
    const raw = await openRaw(factory);
    const tx = raw.transaction('datasetCores', 'readwrite');
    tx.objectStore('datasetCores').delete('old');
    await new Promise((resolve) => (tx.oncomplete = resolve));
    raw.close();
    await open();
    expect(await countRecords(factory, 'datasetCores')).toBe(0);
    const built = await db.loadCore('old');
    expect(Array.from(built.chunkStarts)).toEqual([0, 2, 4]);
    expect(coresOfColumns(built.columns)).toEqual(all.map(coreOf));
    expect(await countRecords(factory, 'datasetCores')).toBe(1);
    const get = vi.spyOn(IDBObjectStore.prototype, 'openCursor');
    expect(coresOfColumns((await db.loadCore('old')).columns)).toEqual(all.map(coreOf));
    expect(get).not.toHaveBeenCalled();
  });

  it('updates a committed dataset and rejects updating an unknown one', async () => {
    factory = new IDBFactory();
    await open();
    await importDataset(db, makeInfo('d'), examples(2));
    const edited = makeInfo('d', { exampleCount: 2, name: 'Renamed', scale: { min: 1, max: 5 }, scaleSource: 'user' });
    await db.updateDataset(edited);
    expect(await db.getDataset('d')).toEqual(edited);
    await expect(db.updateDataset(makeInfo('missing'))).rejects.toThrow(/No saved dataset/);
    expect(await db.getDataset('missing')).toBeUndefined();
  });
});

describe('label log', () => {
  const ev = (datasetId: string, exampleId: string, value: number | null, at: number) =>
    value === null
      ? { datasetId, exampleId, annotator: 'ana', kind: 'clear' as const, at }
      : { datasetId, exampleId, annotator: 'ana', kind: 'set' as const, value, at };

  it('appends events with increasing seq and reads each dataset’s log in order, after a restart too', async () => {
    factory = new IDBFactory();
    await open();
    await importDataset(db, makeInfo('a'), examples(2));
    await importDataset(db, makeInfo('b'), examples(2));
    const first = await db.appendLabel(ev('a', 'ex-0', 3, 100));
    const second = await db.appendLabel(ev('b', 'ex-0', 4, 101));
    const third = await db.appendLabel(ev('a', 'ex-1', null, 102));
    expect(first).toEqual({ ...ev('a', 'ex-0', 3, 100), seq: 1 });
    expect([second.seq, third.seq]).toEqual([2, 3]);
    db.close();
    await open();
    expect(await db.labelsOf('a')).toEqual([first, third]);
    expect(await db.labelsOf('b')).toEqual([second]);
    expect(await db.labelsOf('none')).toEqual([]);
  });

  it('appends several events in one transaction, all or none', async () => {
    factory = new IDBFactory();
    await open();
    await importDataset(db, makeInfo('a'), examples(2));
    const stored = await db.appendLabels([ev('a', 'ex-0', 1, 1), ev('a', 'ex-1', 2, 2)]);
    expect(stored.map((e) => [e.seq, e.exampleId])).toEqual([
      [1, 'ex-0'],
      [2, 'ex-1'],
    ]);
    await expect(db.appendLabels([ev('a', 'ex-0', 3, 3), ev('ghost', 'ex-0', 4, 4)])).rejects.toThrow('No saved dataset with id ghost');
    expect((await db.labelsOf('a')).map((e) => e.value)).toEqual([1, 2]);
    expect(await db.appendLabels([])).toEqual([]);
  });

  it('refuses labels for a dataset that is not stored', async () => {
    factory = new IDBFactory();
    await open();
    await expect(db.appendLabel(ev('ghost', 'ex-0', 1, 1))).rejects.toThrow('No saved dataset with id ghost');
    expect(await db.labelsOf('ghost')).toEqual([]);
  });

  it('deletes a dataset’s labels with it and keeps the others', async () => {
    factory = new IDBFactory();
    await open();
    await importDataset(db, makeInfo('a'), examples(1));
    await importDataset(db, makeInfo('b'), examples(1));
    await db.appendLabel(ev('a', 'ex-0', 1, 1));
    const kept = await db.appendLabel(ev('b', 'ex-0', 2, 2));
    await db.deleteDataset('a');
    expect(await db.labelsOf('a')).toEqual([]);
    expect(await db.labelsOf('b')).toEqual([kept]);
  });
});

describe('calibrators', () => {
  it('stores one calibrator per dataset and prompt (typed arrays intact), replaces it, refuses unknown datasets, deletes with the dataset', async () => {
    factory = new IDBFactory();
    await open();
    await importDataset(db, makeInfo('a'), examples(1));
    await importDataset(db, makeInfo('b'), examples(1));
    await db.putCalibrator({ datasetId: 'a', prompt: 'v1', value: { predictions: Float64Array.of(1.5, NaN) } });
    await db.putCalibrator({ datasetId: 'a', prompt: 'v1', value: { predictions: Float64Array.of(2.5) } });
    await db.putCalibrator({ datasetId: 'a', prompt: 'v2', value: 2 });
    await db.putCalibrator({ datasetId: 'b', prompt: 'v1', value: 3 });
    await expect(db.putCalibrator({ datasetId: 'ghost', prompt: 'v1', value: 0 })).rejects.toThrow('No saved dataset with id ghost');
    db.close();
    await open();
    const stored = await db.calibratorsOf('a');
    expect(stored.map((r) => r.prompt)).toEqual(['v1', 'v2']);
    expect((stored[0]!.value as { predictions: Float64Array }).predictions).toEqual(Float64Array.of(2.5));
    await db.deleteDataset('a');
    expect(await db.calibratorsOf('a')).toEqual([]);
    expect((await db.calibratorsOf('b')).map((r) => r.value)).toEqual([3]);
  });
});

describe('applied calibrators', () => {
  const record = (datasetId: string, name: string, over: Partial<AppliedCalibratorRecord> = {}): AppliedCalibratorRecord => ({
    datasetId,
    name,
    prompt: 'v1',
    onnx: Uint8Array.of(8, 8, 18, 0),
    manifest: `{"name": "${name}"}`,
    predictions: Float64Array.of(6.5, NaN),
    spread: Float64Array.of(0.25, NaN),
    appliedAt: 1_700_000_000_000,
    tooFew: 1,
    none: 0,
    ...over,
  });

  it('stores them per dataset and name (bytes and typed arrays intact), replaces by name, removes one, refuses unknown datasets', async () => {
    factory = new IDBFactory();
    await open();
    await importDataset(db, makeInfo('a'), examples(2));
    await importDataset(db, makeInfo('b'), examples(2));
    await db.putAppliedCalibrator(record('a', 'Demo · v1', { predictions: Float64Array.of(1, 2) }));
    await db.putAppliedCalibrator(record('a', 'Demo · v1'));
    await db.putAppliedCalibrator(record('a', 'constructor', { prompt: 'v2' }));
    await db.putAppliedCalibrator(record('b', 'Demo · v1', { appliedAt: 5 }));
    await expect(db.putAppliedCalibrator(record('ghost', 'x'))).rejects.toThrow('No saved dataset with id ghost');
    db.close();
    await open();
    expect(await db.appliedCalibratorsOf('a')).toEqual([record('a', 'Demo · v1'), record('a', 'constructor', { prompt: 'v2' })]);
    const [first] = await db.appliedCalibratorsOf('a');
    expect(first!.onnx).toBeInstanceOf(Uint8Array);
    expect(first!.predictions).toBeInstanceOf(Float64Array);
    expect(await db.appliedCalibratorsOf('ghost')).toEqual([]);

    await db.deleteAppliedCalibrator('a', 'Demo · v1');
    await db.deleteAppliedCalibrator('a', 'never applied');
    expect((await db.appliedCalibratorsOf('a')).map((r) => r.name)).toEqual(['constructor']);
    expect(await db.appliedCalibratorsOf('b')).toEqual([record('b', 'Demo · v1', { appliedAt: 5 })]);
  });

  it('deletes a dataset’s applied calibrators with it and keeps the others', async () => {
    factory = new IDBFactory();
    await open();
    await importDataset(db, makeInfo('a'), examples(1));
    await importDataset(db, makeInfo('b'), examples(1));
    await db.putAppliedCalibrator(record('a', 'one'));
    await db.putAppliedCalibrator(record('a', 'two'));
    await db.putAppliedCalibrator(record('b', 'one'));
    await db.deleteDataset('a');
    expect(await db.appliedCalibratorsOf('a')).toEqual([]);
    expect((await db.appliedCalibratorsOf('b')).map((r) => r.name)).toEqual(['one']);
  });
});

describe('settings', () => {
  it('round-trips values across connections and returns undefined when unset', async () => {
    factory = new IDBFactory();
    await open();
    expect(await db.getSetting('lastDataset')).toBeUndefined();
    await db.setSetting('lastDataset', 'd1');
    await db.setSetting('lastDataset', 'd2');
    await db.setSetting('columns', { widths: [120, 80], hidden: ['meta'] });
    db.close();
    await open();
    expect(await db.getSetting<string>('lastDataset')).toBe('d2');
    expect(await db.getSetting('columns')).toEqual({ widths: [120, 80], hidden: ['meta'] });
  });
});

describe('storage errors', () => {
  const quotaError = () => new DOMException('The quota has been exceeded.', 'QuotaExceededError');

  it('maps a quota error from a put to StorageFullError and keeps nothing of the write', async () => {
    factory = new IDBFactory();
    await open();
    const original = quotaError();
    vi.spyOn(IDBObjectStore.prototype, 'put').mockImplementation(() => {
      throw original;
    });
    const failure = db.putExampleChunk('x', 0, encodeExamples(examples(2)));
    await expect(failure).rejects.toBeInstanceOf(StorageFullError);
    await expect(failure).rejects.toMatchObject({ cause: original });
    await expect(failure).rejects.toThrow(/storage is full.*Delete a dataset/s);
    await expect(db.setSetting('k', 1)).rejects.toBeInstanceOf(StorageFullError);

    vi.restoreAllMocks();
    expect(await countChunks(factory)).toEqual({});
    expect(await db.getSetting('k')).toBeUndefined();
    await db.setSetting('k', 2);
    expect(await db.getSetting('k')).toBe(2);
  });

  it('maps a quota error on commit to StorageFullError', async () => {
    factory = new IDBFactory();
    await open();
    await db.putExampleChunk('x', 0, encodeExamples(examples(2)));
    vi.spyOn(IDBObjectStore.prototype, 'add').mockImplementation(() => {
      throw quotaError();
    });
    await expect(db.commitDataset(makeInfo('x', { exampleCount: 2 }), coreIn(examples(2)))).rejects.toBeInstanceOf(StorageFullError);
    vi.restoreAllMocks();
    expect(await db.listDatasets()).toEqual([]);
  });

  it.each(['after the put succeeded', 'while the put was pending'])('maps a quota error that aborts the transaction %s', async (when) => {
    factory = new IDBFactory();
    await open();
    const put = IDBObjectStore.prototype.put;
    vi.spyOn(IDBObjectStore.prototype, 'put').mockImplementation(function (this: IDBObjectStore, ...args) {
      const request = put.apply(this, args);
      // What a browser does when the disk write fails: abort the transaction with the quota
      // error. `_abort(name)` is fake-indexeddb's internal "abort a transaction with error" step.
      const tx = this.transaction as unknown as { _abort(name: string): void };
      if (when === 'while the put was pending') tx._abort('QuotaExceededError');
      else request.addEventListener('success', () => tx._abort('QuotaExceededError'));
      return request;
    });
    await expect(db.putExampleChunk('x', 0, encodeExamples(examples(2)))).rejects.toBeInstanceOf(StorageFullError);
    vi.restoreAllMocks();
    expect(await countChunks(factory)).toEqual({});
  });

  it.each(['DataError', 'UnknownError'])(
    'maps a %s from a write (Chromium on a full disk) to StorageWriteError naming it',
    async (name) => {
      factory = new IDBFactory();
      await open();
      const original = new DOMException('Failed to write blobs.', name);
      vi.spyOn(IDBObjectStore.prototype, 'put').mockImplementation(() => {
        throw original;
      });
      const failure = db.putExampleChunk('x', 0, encodeExamples(examples(2)));
      await expect(failure).rejects.toBeInstanceOf(StorageWriteError);
      await expect(failure).rejects.toMatchObject({ cause: original });
      await expect(failure).rejects.toThrow(
        `could not write to its storage (${name}: Failed to write blobs.). This happens when the disk is full`,
      );
      vi.restoreAllMocks();
      expect(await countChunks(factory)).toEqual({});
    },
  );

  it('passes a DataError from a read through unchanged (a bad key is no full disk)', async () => {
    factory = new IDBFactory();
    await open();
    const other = new DOMException('bad key', 'DataError');
    vi.spyOn(IDBObjectStore.prototype, 'get').mockImplementation(() => {
      throw other;
    });
    await expect(db.getSetting('k')).rejects.toBe(other);
  });

  it('passes other errors through unchanged', async () => {
    factory = new IDBFactory();
    await open();
    const other = new DOMException('Could not clone', 'DataCloneError');
    vi.spyOn(IDBObjectStore.prototype, 'put').mockImplementation(() => {
      throw other;
    });
    await expect(db.setSetting('k', 1)).rejects.toBe(other);
  });

  it('rejects with DataCloneError for a value that cannot be stored', async () => {
    factory = new IDBFactory();
    await open();
    await expect(db.setSetting('fn', () => 1)).rejects.toMatchObject({ name: 'DataCloneError' });
  });
});

describe('connections', () => {
  it('closes itself when another tab upgrades, and says so on later calls', async () => {
    factory = new IDBFactory();
    const onVersionChange = vi.fn();
    db = await openWorkbenchDb({ name: NAME, factory, onVersionChange });
    await db.setSetting('k', 1);

    const newer = await new Promise<IDBDatabase>((resolve, reject) => {
      const req = factory.open(NAME, DB_VERSION + 1);
      req.onblocked = () => reject(new Error('blocked: the old connection did not close'));
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
    expect(newer.version).toBe(DB_VERSION + 1);
    newer.close();
    expect(onVersionChange).toHaveBeenCalledOnce();
    await expect(db.getSetting('k')).rejects.toBeInstanceOf(DatabaseClosedError);
    await expect(db.getSetting('k')).rejects.toThrow(/another tab.*Reload this tab/);
  });

  it('rejects calls after close()', async () => {
    factory = new IDBFactory();
    await open();
    db.close();
    await expect(db.listDatasets()).rejects.toBeInstanceOf(DatabaseClosedError);
  });

  it('uses the default database name', async () => {
    factory = new IDBFactory();
    db = await openWorkbenchDb({ factory });
    expect((await factory.databases()).map((d) => d.name)).toEqual(['rir-workbench']);
  });
});
