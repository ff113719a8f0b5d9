// Tests of the schema migrations (docs/ARCHITECTURE.md §7.2) against fake-indexeddb: a literal before/after per
// step, a chain test from a hand-built v1 database, and a guard that every step has its own test.
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { DatasetInfo, Example } from '../domain/types.ts';
import { coresOfColumns } from '../domain/exampleCore.ts';
import { openWorkbenchDb } from './db.ts';
import { DB_VERSION, migrations, upgrade } from './migrations.ts';
import { openIdb } from './openIdb.ts';

const NAME = 'migrations-test';

interface StoreShape {
  keyPath: string | string[] | null;
  autoIncrement: boolean;
  indexes: Record<string, { keyPath: string | string[]; unique: boolean; multiEntry: boolean }>;
}

/** The schema of a raw database as plain data, for literal comparisons. */
function schemaOf(db: IDBDatabase): { version: number; stores: Record<string, StoreShape> } {
  const stores: Record<string, StoreShape> = {};
  const names = [...db.objectStoreNames];
  if (names.length > 0) {
    const tx = db.transaction(names);
    for (const name of names) {
      const store = tx.objectStore(name);
      const indexes: StoreShape['indexes'] = {};
      for (const indexName of store.indexNames) {
        const index = store.index(indexName);
        indexes[indexName] = { keyPath: index.keyPath, unique: index.unique, multiEntry: index.multiEntry };
      }
      stores[name] = { keyPath: store.keyPath, autoIncrement: store.autoIncrement, indexes };
    }
  }
  return { version: db.version, stores };
}

/** Opens with raw IndexedDB calls (no code under test); `onUpgrade` runs in upgradeneeded. */
function openRaw(factory: IDBFactory, version?: number, onUpgrade?: (db: IDBDatabase, tx: IDBTransaction) => void) {
  return new Promise<IDBDatabase>((resolve, reject) => {
    const req = factory.open(NAME, version);
    req.onupgradeneeded = () => {
      if (req.transaction) onUpgrade?.(req.result, req.transaction);
    };
    req.onblocked = () => reject(new Error('blocked'));
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

/** Every record of every store, read with raw calls: `{store: [[key, value], ...]}`. */
async function recordsOf(db: IDBDatabase): Promise<Record<string, [IDBValidKey, unknown][]>> {
  const out: Record<string, [IDBValidKey, unknown][]> = {};
  const names = [...db.objectStoreNames];
  if (names.length === 0) return out;
  const tx = db.transaction(names);
  await Promise.all(
    names.map(
      (name) =>
        new Promise<void>((resolve, reject) => {
          const keysReq = tx.objectStore(name).getAllKeys();
          const valuesReq = tx.objectStore(name).getAll();
          valuesReq.onsuccess = () => {
            out[name] = keysReq.result.map((k, i): [IDBValidKey, unknown] => [k, valuesReq.result[i]]);
            resolve();
          };
          valuesReq.onerror = () => reject(valuesReq.error);
        }),
    ),
  );
  return out;
}

// Guard (tldraw migrations.test.ts): every step's `up` is spied on, and each step must be run on
// its own by `applyStep` in a test of its own. Adding a step without such a test fails the guard.
const stepsTestedAlone = new Set<string>();
beforeAll(() => {
  for (const step of migrations) vi.spyOn(step, 'up');
});

/**
 * Applies exactly the step `id` to the database at its previous version (which the test has built
 * by hand), through the same `upgrade` callback the app uses. Returns the raw database after it.
 */
async function applyStep(factory: IDBFactory, id: string): Promise<IDBDatabase> {
  const index = migrations.findIndex((m) => m.id === id);
  const step = migrations[index];
  if (!step) throw new Error(`no migration step ${id}`);
  const callsBefore = vi.mocked(step.up).mock.calls.length;
  const db = await openIdb({ factory, name: NAME, version: index + 1, upgrade, onVersionChange: () => {} });
  db.close();
  expect(vi.mocked(step.up).mock.calls.length).toBe(callsBefore + 1);
  stepsTestedAlone.add(id);
  return openRaw(factory);
}

const V3_SCHEMA = {
  version: 3,
  stores: {
    datasets: { keyPath: 'id', autoIncrement: false, indexes: {} },
    exampleChunks: { keyPath: ['datasetId', 'chunk'], autoIncrement: false, indexes: {} },
    settings: { keyPath: 'key', autoIncrement: false, indexes: {} },
    labels: {
      keyPath: 'seq',
      autoIncrement: true,
      indexes: { byDataset: { keyPath: ['datasetId', 'seq'], unique: false, multiEntry: false } },
    },
    calibrators: { keyPath: ['datasetId', 'prompt'], autoIncrement: false, indexes: {} },
  },
};

const V4_SCHEMA = {
  version: 4,
  stores: {
    ...V3_SCHEMA.stores,
    appliedCalibrators: { keyPath: ['datasetId', 'name'], autoIncrement: false, indexes: {} },
  },
};

const V5_SCHEMA = {
  version: 5,
  stores: {
    ...V4_SCHEMA.stores,
    datasetCores: { keyPath: 'datasetId', autoIncrement: false, indexes: {} },
  },
};

const CURRENT_SCHEMA = { ...V5_SCHEMA, version: 6 };

describe('migration list', () => {
  it('has one version per step and ids that say what they change', () => {
    expect(DB_VERSION).toBe(migrations.length);
    const ids = migrations.map((m) => m.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).not.toMatch(/^v?\d+$|^(migration|step)\d*$/i);
  });

  it('creates the current schema in a new database', async () => {
    const factory = new IDBFactory();
    (await openWorkbenchDb({ name: NAME, factory })).close();
    const raw = await openRaw(factory);
    expect(schemaOf(raw)).toEqual(CURRENT_SCHEMA);
    raw.close();
  });
});

describe('createDatasetStores', () => {
  it('turns an empty database into the three dataset stores', async () => {
    const factory = new IDBFactory();
    // Before: no database at all (version 0).
    expect(await factory.databases()).toEqual([]);

    const after = await applyStep(factory, 'createDatasetStores');
    expect(schemaOf(after)).toEqual({
      version: 1,
      stores: {
        datasets: { keyPath: 'id', autoIncrement: false, indexes: {} },
        exampleChunks: { keyPath: ['datasetId', 'chunk'], autoIncrement: false, indexes: {} },
        settings: { keyPath: 'key', autoIncrement: false, indexes: {} },
      },
    });

    // The key paths take the keys from the records: chunks sort by dataset, then chunk number.
    const tx = after.transaction(['exampleChunks', 'settings'], 'readwrite');
    tx.objectStore('exampleChunks').put({ datasetId: 'd', chunk: 10, json: '[]' });
    tx.objectStore('exampleChunks').put({ datasetId: 'd', chunk: 9, json: '[]' });
    tx.objectStore('settings').put({ key: 'theme', value: 'dark' });
    await new Promise((resolve) => (tx.oncomplete = resolve));
    const records = await recordsOf(after);
    expect(records.exampleChunks?.map(([key]) => key)).toEqual([
      ['d', 9],
      ['d', 10],
    ]);
    expect(records.settings).toEqual([['theme', { key: 'theme', value: 'dark' }]]);
    after.close();
  });
});

describe('createLabelLog', () => {
  it('adds the label log to a version 1 database and leaves its records alone', async () => {
    const factory = new IDBFactory();
    (await openRaw(factory, 1, buildV1Fixture)).close();
    const before = await openRaw(factory);
    const recordsBefore = await recordsOf(before);
    before.close();

    const after = await applyStep(factory, 'createLabelLog');
    expect(schemaOf(after)).toEqual({
      version: 2,
      stores: {
        datasets: { keyPath: 'id', autoIncrement: false, indexes: {} },
        exampleChunks: { keyPath: ['datasetId', 'chunk'], autoIncrement: false, indexes: {} },
        settings: { keyPath: 'key', autoIncrement: false, indexes: {} },
        labels: {
          keyPath: 'seq',
          autoIncrement: true,
          indexes: { byDataset: { keyPath: ['datasetId', 'seq'], unique: false, multiEntry: false } },
        },
      },
    });
    const recordsAfter = await recordsOf(after);
    expect(recordsAfter).toEqual({ ...recordsBefore, labels: [] });

    // seq is given in append order; the index reads one dataset's events in that order.
    const tx = after.transaction('labels', 'readwrite');
    const store = tx.objectStore('labels');
    store.add({ datasetId: 'b', exampleId: 'x', annotator: 'ann', kind: 'set', value: 1, at: 1 });
    store.add({ datasetId: 'a', exampleId: 'x', annotator: 'ann', kind: 'set', value: 2, at: 2 });
    store.add({ datasetId: 'b', exampleId: 'y', annotator: 'ann', kind: 'clear', at: 3 });
    await new Promise((resolve) => (tx.oncomplete = resolve));
    const read = after
      .transaction('labels')
      .objectStore('labels')
      .index('byDataset')
      .getAll(IDBKeyRange.bound(['b', 0], ['b', Infinity]));
    await new Promise((resolve) => (read.onsuccess = resolve));
    expect(read.result.map((e: { seq: number; exampleId: string }) => [e.seq, e.exampleId])).toEqual([
      [1, 'x'],
      [3, 'y'],
    ]);
    after.close();
  });
});

describe('createCalibratorStore', () => {
  it('adds the calibrator store to a version 2 database, keyed by dataset and prompt, and leaves the rest alone', async () => {
    const factory = new IDBFactory();
    (await openRaw(factory, 1, buildV1Fixture)).close();
    (await openIdb({ factory, name: NAME, version: 2, upgrade, onVersionChange: () => {} })).close();
    const before = await openRaw(factory);
    const recordsBefore = await recordsOf(before);
    before.close();

    const after = await applyStep(factory, 'createCalibratorStore');
    expect(schemaOf(after)).toEqual(V3_SCHEMA);
    expect(await recordsOf(after)).toEqual({ ...recordsBefore, calibrators: [] });

    // One record per (dataset, prompt): a second put replaces the first.
    const tx = after.transaction('calibrators', 'readwrite');
    tx.objectStore('calibrators').put({ datasetId: 'a', prompt: 'v1', value: 1 });
    tx.objectStore('calibrators').put({ datasetId: 'a', prompt: 'v1', value: 2 });
    tx.objectStore('calibrators').put({ datasetId: 'a', prompt: 'v2', value: 3 });
    tx.objectStore('calibrators').put({ datasetId: 'b', prompt: 'v1', value: 4 });
    await new Promise((resolve) => (tx.oncomplete = resolve));
    const read = after
      .transaction('calibrators')
      .objectStore('calibrators')
      .getAll(IDBKeyRange.bound(['a', ''], ['a', []]));
    await new Promise((resolve) => (read.onsuccess = resolve));
    expect(read.result).toEqual([
      { datasetId: 'a', prompt: 'v1', value: 2 },
      { datasetId: 'a', prompt: 'v2', value: 3 },
    ]);
    after.close();
  });
});

describe('createAppliedCalibratorStore', () => {
  it('adds the applied-calibrator store to a version 3 database, keyed by dataset and name, and leaves the rest alone', async () => {
    const factory = new IDBFactory();
    (await openRaw(factory, 1, buildV1Fixture)).close();
    (await openIdb({ factory, name: NAME, version: 3, upgrade, onVersionChange: () => {} })).close();
    // A trained calibrator as version 3 stored it, written with raw calls: it must come through untouched.
    const v3 = await openRaw(factory);
    const put = v3.transaction('calibrators', 'readwrite');
    put.objectStore('calibrators').put({ datasetId: 'ds-1', prompt: 'v1', value: { predictions: Float64Array.of(6.5, NaN, 0.25) } });
    await new Promise((resolve) => (put.oncomplete = resolve));
    const recordsBefore = await recordsOf(v3);
    v3.close();

    const after = await applyStep(factory, 'createAppliedCalibratorStore');
    expect(schemaOf(after)).toEqual({
      version: 4,
      stores: {
        datasets: { keyPath: 'id', autoIncrement: false, indexes: {} },
        exampleChunks: { keyPath: ['datasetId', 'chunk'], autoIncrement: false, indexes: {} },
        settings: { keyPath: 'key', autoIncrement: false, indexes: {} },
        labels: {
          keyPath: 'seq',
          autoIncrement: true,
          indexes: { byDataset: { keyPath: ['datasetId', 'seq'], unique: false, multiEntry: false } },
        },
        calibrators: { keyPath: ['datasetId', 'prompt'], autoIncrement: false, indexes: {} },
        appliedCalibrators: { keyPath: ['datasetId', 'name'], autoIncrement: false, indexes: {} },
      },
    });
    const recordsAfter = await recordsOf(after);
    expect(recordsAfter).toEqual({ ...recordsBefore, appliedCalibrators: [] });
    expect(recordsAfter.calibrators).toEqual([
      [['ds-1', 'v1'], { datasetId: 'ds-1', prompt: 'v1', value: { predictions: Float64Array.of(6.5, NaN, 0.25) } }],
    ]);

    // One record per (dataset, name): a second put of a name replaces the first; names are any text.
    const tx = after.transaction('appliedCalibrators', 'readwrite');
    const store = tx.objectStore('appliedCalibrators');
    store.put({ datasetId: 'a', name: 'Demo · v1', prompt: 'v1', onnx: Uint8Array.of(8, 1), predictions: Float64Array.of(1) });
    store.put({ datasetId: 'a', name: 'Demo · v1', prompt: 'v1', onnx: Uint8Array.of(8, 2), predictions: Float64Array.of(2) });
    store.put({ datasetId: 'a', name: '__proto__', prompt: 'v2', onnx: Uint8Array.of(8, 3), predictions: Float64Array.of(3) });
    store.put({ datasetId: 'b', name: 'Demo · v1', prompt: 'v1', onnx: Uint8Array.of(8, 4), predictions: Float64Array.of(4) });
    await new Promise((resolve) => (tx.oncomplete = resolve));
    const read = after
      .transaction('appliedCalibrators')
      .objectStore('appliedCalibrators')
      .getAll(IDBKeyRange.bound(['a', ''], ['a', []]));
    await new Promise((resolve) => (read.onsuccess = resolve));
    expect(read.result).toEqual([
      { datasetId: 'a', name: 'Demo · v1', prompt: 'v1', onnx: Uint8Array.of(8, 2), predictions: Float64Array.of(2) },
      { datasetId: 'a', name: '__proto__', prompt: 'v2', onnx: Uint8Array.of(8, 3), predictions: Float64Array.of(3) },
    ]);
    after.close();
  });
});

describe('createDatasetCoreStore', () => {
  it('adds the dataset-core store to a version 4 database, keyed by dataset, and leaves the rest alone', async () => {
    const factory = new IDBFactory();
    (await openRaw(factory, 1, buildV1Fixture)).close();
    (await openIdb({ factory, name: NAME, version: 4, upgrade, onVersionChange: () => {} })).close();
    const v4 = await openRaw(factory);
    expect(schemaOf(v4)).toEqual(V4_SCHEMA);
    const recordsBefore = await recordsOf(v4);
    v4.close();

    const after = await applyStep(factory, 'createDatasetCoreStore');
    expect(schemaOf(after)).toEqual(V5_SCHEMA);
    // The step itself builds no core: datasets get theirs when first opened (see the chain test).
    expect(await recordsOf(after)).toEqual({ ...recordsBefore, datasetCores: [] });
    after.close();
  });
});

describe('fillCalibratorSpread', () => {
  it('gives a calibrator saved without a spread one of NaN per prediction, and leaves the rest alone', async () => {
    const factory = new IDBFactory();
    (await openRaw(factory, 1, buildV1Fixture)).close();
    (await openIdb({ factory, name: NAME, version: 5, upgrade, onVersionChange: () => {} })).close();
    // Calibrators as an older version saved them: one without a spread, one with, one not a calibration at all.
    const v5 = await openRaw(factory);
    expect(schemaOf(v5)).toEqual(V5_SCHEMA);
    const old = {
      datasetId: 'ds-1',
      prompt: 'v1',
      value: { datasetId: 'ds-1', result: { predictions: Float64Array.of(1, 2, 3), epochs: 40 } },
    };
    const current = {
      datasetId: 'ds-1',
      prompt: 'v2',
      value: { datasetId: 'ds-1', result: { predictions: Float64Array.of(4), spread: Float64Array.of(0.5) } },
    };
    const junk = { datasetId: 'ds-0', prompt: 'v1', value: 'not a calibration' };
    const put = v5.transaction('calibrators', 'readwrite');
    for (const r of [old, current, junk]) put.objectStore('calibrators').put(r);
    await new Promise((resolve) => (put.oncomplete = resolve));
    const recordsBefore = await recordsOf(v5);
    v5.close();

    const after = await applyStep(factory, 'fillCalibratorSpread');
    expect(schemaOf(after)).toEqual(CURRENT_SCHEMA);
    const records = await recordsOf(after);
    expect(records.calibrators).toEqual([
      [['ds-0', 'v1'], junk],
      [
        ['ds-1', 'v1'],
        {
          ...old,
          value: {
            datasetId: 'ds-1',
            result: { predictions: Float64Array.of(1, 2, 3), epochs: 40, spread: Float64Array.of(NaN, NaN, NaN) },
          },
        },
      ],
      [['ds-1', 'v2'], current],
    ]);
    expect({ ...records, calibrators: [] }).toEqual({ ...recordsBefore, calibrators: [] });
    after.close();
  });
});

// A database as version 1 of the app wrote it, built with raw IndexedDB calls. Frozen: it must not
// follow later changes to the types or the migrations, that is its point.
const V1_DATASET = {
  id: 'ds-1',
  name: 'ProcessBench sample',
  source: 'processbench.jsonl',
  createdAt: 1_717_000_000_000,
  scale: { min: 0, max: 10, step: 0.5 },
  scaleSource: 'header',
  prompts: { v1: 'Grade the proof from 0 to 10.' },
  promptOrder: ['v1', 'default'],
  exampleCount: 3,
  rejected: [{ line: 4, field: 'score', message: 'score is not a finite number' }],
  rejectedCount: 1,
  warnings: [{ line: 2, field: 'rollouts[0].score', message: 'score 11 is outside the scale 0–10' }],
  warningCount: 1,
  extra: { source: 'processbench' },
  contentHash: '9f86d081',
};
const V1_OLDER_DATASET = { ...V1_DATASET, id: 'ds-0', name: 'Older', createdAt: 1_716_000_000_000, exampleCount: 1 };
// Chunks hold their examples as JSON text (domain/examplesJson.ts), written out literally here.
const V1_CHUNKS = [
  {
    datasetId: 'ds-1',
    chunk: 0,
    json: '[{"id":"ex-1","input":"Show that $x^2 \\\\ge 0$.","target":6.5,"split":"train","meta":{"source":"processbench"},"rollouts":[{"prompt":"v1","score":6,"reasoning":"Step 4 is wrong because ...","model":"gpt-4.1","logprobs":{"6":-0.4}}]},{"id":"ex-2","input":{"problem":"p","steps":["a","b"]},"split":"val","splitFromHash":true,"rollouts":[]}]',
  },
  {
    datasetId: 'ds-1',
    chunk: 1,
    json: '[{"id":"ex-3","input":null,"target":0,"split":"test","rollouts":[{"prompt":"default","score":11}]}]',
  },
  { datasetId: 'ds-0', chunk: 0, json: '[{"id":"only","input":"x","split":"train","rollouts":[]}]' },
];
const V1_SETTINGS = [
  { key: 'lastDataset', value: 'ds-1' },
  { key: 'browse.columns', value: { widths: [120, 80], hidden: ['meta'] } },
];

function buildV1Fixture(db: IDBDatabase, tx: IDBTransaction): void {
  db.createObjectStore('datasets', { keyPath: 'id' });
  db.createObjectStore('exampleChunks', { keyPath: ['datasetId', 'chunk'] });
  db.createObjectStore('settings', { keyPath: 'key' });
  for (const d of [V1_DATASET, V1_OLDER_DATASET]) tx.objectStore('datasets').put(d);
  for (const c of V1_CHUNKS) tx.objectStore('exampleChunks').put(c);
  for (const s of V1_SETTINGS) tx.objectStore('settings').put(s);
}

describe('chain', () => {
  it('opens a version 1 database with current code and reads every record', async () => {
    const factory = new IDBFactory();
    (await openRaw(factory, 1, buildV1Fixture)).close();

    const db = await openWorkbenchDb({ name: NAME, factory });
    const expectedDatasets: DatasetInfo[] = [
      { ...V1_DATASET, scaleSource: 'header' },
      { ...V1_OLDER_DATASET, scaleSource: 'header' },
    ];
    expect(await db.listDatasets()).toEqual(expectedDatasets);
    const expectedExamples: Example[] = [
      {
        id: 'ex-1',
        input: 'Show that $x^2 \\ge 0$.',
        target: 6.5,
        split: 'train',
        meta: { source: 'processbench' },
        rollouts: [{ prompt: 'v1', score: 6, reasoning: 'Step 4 is wrong because ...', model: 'gpt-4.1', logprobs: { '6': -0.4 } }],
      },
      { id: 'ex-2', input: { problem: 'p', steps: ['a', 'b'] }, split: 'val', splitFromHash: true, rollouts: [] },
      { id: 'ex-3', input: null, target: 0, split: 'test', rollouts: [{ prompt: 'default', score: 11 }] },
    ];
    expect(await db.loadExamples('ds-1')).toEqual(expectedExamples);
    expect(await db.loadExamples('ds-0')).toEqual([{ id: 'only', input: 'x', split: 'train', rollouts: [] }]);
    // Opened the first time, a dataset stored before cores existed gets its core from its chunks:
    // the numbers of each example (the RAIL value of ex-1's logprobs {"6": -0.4} is 6), the text left out.
    const core = await db.loadCore('ds-1');
    expect(Array.from(core.chunkStarts)).toEqual([0, 2]);
    expect(coresOfColumns(core.columns)).toEqual([
      { id: 'ex-1', target: 6.5, split: 'train', rollouts: [{ prompt: 'v1', score: 6, rail: 6 }] },
      { id: 'ex-2', split: 'val', splitFromHash: true, rollouts: [] },
      { id: 'ex-3', target: 0, split: 'test', rollouts: [{ prompt: 'default', score: 11 }] },
    ]);
    expect(await db.loadChunk('ds-1', 1)).toEqual([expectedExamples[2]]);
    expect(await db.getSetting('lastDataset')).toBe('ds-1');
    expect(await db.getSetting('browse.columns')).toEqual({ widths: [120, 80], hidden: ['meta'] });
    db.close();

    const raw = await openRaw(factory);
    expect(schemaOf(raw)).toEqual({ ...CURRENT_SCHEMA, version: DB_VERSION });
    // Nothing was lost or added on the way (no orphan chunks in the fixture, so none pruned).
    const records = await recordsOf(raw);
    expect(Object.fromEntries(Object.entries(records).map(([store, rows]) => [store, rows.length]))).toEqual({
      datasets: 2,
      exampleChunks: 3,
      settings: 2,
      labels: 0,
      calibrators: 0,
      appliedCalibrators: 0,
      datasetCores: 1,
    });
    raw.close();
  });
});

// Last in the file, so that it sees every test above (vitest runs a file's tests in order).
describe('guard', () => {
  it('ran every migration step on its own in a test', () => {
    for (const step of migrations) {
      expect(vi.mocked(step.up), step.id).toHaveBeenCalled();
      expect(stepsTestedAlone, `${step.id} needs a before/after test that calls applyStep`).toContain(step.id);
    }
  });
});
