// The workbench's IndexedDB store (docs/ARCHITECTURE.md §7): datasets with their examples (the text in chunks,
// the numbers in a core of columns), the label log, trained and applied calibrators, and settings.
// May import domain/ types and idb only: never React, store/ or views/. Schema lives in migrations.ts.
import type { DBSchema, IDBPDatabase, IDBPTransaction, StoreNames } from 'idb';
import { columnsOfCores, coreOf, type CoreColumns, type ExampleCore } from '../domain/exampleCore.ts';
import { decodeExamples, type ExamplesJson } from '../domain/examplesJson.ts';
import type { LabelEvent, NewLabelEvent } from '../domain/labels.ts';
import type { DatasetInfo, Example } from '../domain/types.ts';
import { DB_VERSION, upgrade } from './migrations.ts';
import { activeImportIds } from './importLocks.ts';
import { abortIfActive, openIdb } from './openIdb.ts';
import { DatabaseClosedError, errorName, toStorageError } from './storageErrors.ts';
import { DATASET_SETTINGS, datasetSettingsRange } from './records/settings.ts';
import type { CalibratorRecord } from './records/calibrator.ts';
import type { AppliedCalibratorRecord } from './records/appliedCalibrator.ts';

export type { CalibratorRecord } from './records/calibrator.ts';
export type { AppliedCalibratorRecord } from './records/appliedCalibrator.ts';

/** One stored run of a dataset's examples; `chunk` numbers run 0, 1, 2, … in example order. */
export interface ExampleChunk {
  datasetId: string;
  chunk: number;
  /** The chunk's examples as JSON text (see domain/examplesJson.ts). */
  json: ExamplesJson;
}

/**
 * The numbers of a dataset's examples as columns, and where its chunks start: what opening a dataset
 * reads, instead of all its text.
 */
export interface DatasetCore {
  columns: CoreColumns;
  /** chunkStarts[c]: the index of chunk c's first example; ascending from 0, one per chunk. */
  chunkStarts: Int32Array;
}

/** A dataset's core as stored (`datasetCores`, one per committed dataset). */
export interface DatasetCoreRecord extends DatasetCore {
  datasetId: string;
}

/** One stored setting. */
export interface SettingRecord {
  key: string;
  value: unknown;
}

/** The current schema as `migrations` leave it (DB_VERSION). */
interface WorkbenchSchema extends DBSchema {
  datasets: { key: string; value: DatasetInfo };
  exampleChunks: { key: [string, number]; value: ExampleChunk };
  settings: { key: string; value: SettingRecord };
  labels: { key: number; value: LabelEvent; indexes: { byDataset: [string, number] } };
  calibrators: { key: [string, string]; value: CalibratorRecord };
  appliedCalibrators: { key: [string, string]; value: AppliedCalibratorRecord };
  datasetCores: { key: string; value: DatasetCoreRecord };
}

type Store = StoreNames<WorkbenchSchema>;
type Tx<S extends Store, M extends IDBTransactionMode> = IDBPTransaction<WorkbenchSchema, S[], M>;

export interface WorkbenchDb {
  /** Committed datasets, newest first (`createdAt` descending, then `id`). */
  listDatasets(): Promise<DatasetInfo[]>;
  /** The committed dataset `id`, or undefined. */
  getDataset(id: string): Promise<DatasetInfo | undefined>;
  /**
   * Stores one run of examples of a dataset being imported. Number chunks 0, 1, 2, … without gaps
   * (`commitDataset` checks). Rejects if `datasetId` is already committed: examples of a listed
   * dataset never change, so a new import needs a new id.
   */
  putExampleChunk(datasetId: string, chunk: number, examples: ExamplesJson): Promise<void>;
  /** `putExampleChunk` of several chunks in one transaction (all or none): an import writes what has queued up at once. */
  putExampleChunks(datasetId: string, chunks: readonly { chunk: number; json: ExamplesJson }[]): Promise<void>;
  /**
   * Makes an imported dataset visible by writing its info record and its core after all its chunks.
   * Rejects, writing nothing, if the chunks are not exactly 0…n-1 (part of the import was lost), if
   * `info.exampleCount > 0` but no chunk exists, if the core does not hold `info.exampleCount`
   * examples in as many chunks, or if `info.id` is already committed.
   */
  commitDataset(info: DatasetInfo, core: DatasetCore): Promise<void>;
  /** Removes the chunks of an import that will not be committed (cancel). Rejects if `id` is committed. */
  discardDataset(id: string): Promise<void>;
  /** All examples of `datasetId` in chunk order; `[]` if it has none. */
  loadExamples(datasetId: string): Promise<Example[]>;
  /**
   * The core of a committed dataset. A dataset stored before cores existed gets its core built from
   * its chunks (one pass, a chunk at a time) and stored, once. Rejects if the dataset is not stored.
   */
  loadCore(datasetId: string): Promise<DatasetCore>;
  /** The examples, text and all, of chunk `chunk` of a dataset; undefined when there is no such chunk. */
  loadChunk(datasetId: string, chunk: number): Promise<Example[] | undefined>;
  /** Replaces the info of a committed dataset (renamed, scale edited). Rejects if it is not stored. */
  updateDataset(info: DatasetInfo): Promise<void>;
  /** Removes a dataset's info, all its chunks, its label log and its calibrators (trained and applied) in one transaction. No-op for an unknown id. */
  deleteDataset(id: string): Promise<void>;
  /**
   * Appends one event to the label log and resolves, with the `seq` the store gave it, once the
   * transaction has committed (durably written: callers move on only then). Rejects if the dataset
   * is not stored.
   */
  appendLabel(event: NewLabelEvent): Promise<LabelEvent>;
  /** Appends several events in one transaction (all or none), in order; resolves with them as stored. */
  appendLabels(events: readonly NewLabelEvent[]): Promise<LabelEvent[]>;
  /** The label log of a dataset in append order; `[]` if it has none. */
  labelsOf(datasetId: string): Promise<LabelEvent[]>;
  /** Stores (replacing) the calibrator of `record.prompt`; rejects if the dataset is not stored. */
  putCalibrator(record: CalibratorRecord): Promise<void>;
  /** The calibrators of a dataset, by prompt order of their keys; values as written, not validated. */
  calibratorsOf(datasetId: string): Promise<CalibratorRecord[]>;
  /** Stores (replacing one of the same name) a calibrator applied to `record.datasetId`; rejects if the dataset is not stored. */
  putAppliedCalibrator(record: AppliedCalibratorRecord): Promise<void>;
  /** The calibrators applied to a dataset, by name order of their keys; values as written, not validated. */
  appliedCalibratorsOf(datasetId: string): Promise<AppliedCalibratorRecord[]>;
  /** Removes the applied calibrator `name` of a dataset; no-op when there is none. */
  deleteAppliedCalibrator(datasetId: string, name: string): Promise<void>;
  /** The stored value as written; not validated, so sanitise it before use (docs/ARCHITECTURE.md §6). */
  getSetting<T>(key: string): Promise<T | undefined>;
  /** Stores `value` (anything structured-cloneable) under `key`. */
  setSetting(key: string, value: unknown): Promise<void>;
  /** Closes the connection; later calls reject with DatabaseClosedError. */
  close(): void;
}

export interface OpenWorkbenchDbOptions {
  /** Database name; default `rir-workbench`. */
  name?: string;
  /** Default: the global `indexedDB`. Tests pass a fresh fake-indexeddb factory. */
  factory?: IDBFactory;
  /**
   * Called when this connection was closed so that a newer version of the workbench in another
   * tab could upgrade the database; the UI should ask the user to reload.
   */
  onVersionChange?: () => void;
  /** Imports running in any tab, whose chunks must not be pruned. Default: from Web Locks. */
  activeImports?: () => Promise<ReadonlySet<string>>;
  /**
   * Whether opening prunes the chunks of imports that never committed (default true). A worker that
   * only reads (Browse's search) passes false: pruning is the page's job.
   */
  prune?: boolean;
}

/** Key range covering a dataset's label events in the byDataset index. */
function labelRange(datasetId: string): IDBKeyRange {
  return IDBKeyRange.bound([datasetId, -Infinity], [datasetId, Infinity]);
}

/** Key range covering every calibrator (trained: by prompt; applied: by name) of one dataset. */
function calibratorsRange(datasetId: string): IDBKeyRange {
  // Every string key sorts below any array key, so [id, []] bounds all prompt (or calibrator) names of `id`.
  return IDBKeyRange.bound([datasetId, ''], [datasetId, []]);
}

/** Key range covering every chunk of one dataset. */
function chunksOf(datasetId: string): IDBKeyRange {
  return IDBKeyRange.bound([datasetId, -Infinity], [datasetId, Infinity]);
}

/**
 * Opens (creating or upgrading through `migrations`) the workbench database and prunes example
 * chunks left by imports that never committed. Rejects with DatabaseBlockedError when another tab
 * holds an older version open; StorageFullError for a full quota; other IndexedDB errors unchanged.
 */
export async function openWorkbenchDb(opts: OpenWorkbenchDbOptions = {}): Promise<WorkbenchDb> {
  let closedReason: string | undefined;
  const raw = await openIdb({
    factory: opts.factory ?? indexedDB,
    name: opts.name ?? 'rir-workbench',
    version: DB_VERSION,
    upgrade,
    onVersionChange: () => {
      closedReason =
        'A newer version of the workbench in another tab is upgrading its storage, so this tab ' + 'let go of it. Reload this tab.';
      opts.onVersionChange?.();
    },
  }).catch((e: unknown) => {
    throw toStorageError(e);
  });
  const db = raw as unknown as IDBPDatabase<WorkbenchSchema>;

  /**
   * Runs `work` in one transaction and resolves once it has committed. If `work` throws, the
   * transaction is aborted so none of its writes are kept. Quota errors become StorageFullError.
   */
  async function transact<S extends Store, M extends IDBTransactionMode, T>(
    stores: S[],
    mode: M,
    work: (tx: Tx<S, M>) => Promise<T>,
  ): Promise<T> {
    if (closedReason !== undefined) throw new DatabaseClosedError(closedReason);
    try {
      const tx = db.transaction(stores, mode);
      const [result, done] = await Promise.allSettled([
        work(tx).catch((e: unknown) => {
          abortIfActive(tx);
          throw e;
        }),
        tx.done,
      ]);
      if (result.status === 'fulfilled' && done.status === 'fulfilled') return result.value;
      // A failed request aborts the transaction too: report the request's error, not the abort's.
      // But a request cut short by an abort (AbortError) reports why the transaction aborted.
      const txError = done.status === 'rejected' ? done.reason : undefined;
      if (result.status === 'rejected' && (errorName(result.reason) !== 'AbortError' || txError === undefined)) {
        throw result.reason;
      }
      throw txError;
    } catch (e) {
      throw toStorageError(e, mode === 'readwrite');
    }
  }

  const workbenchDb: WorkbenchDb = {
    listDatasets: () =>
      transact(['datasets'], 'readonly', async (tx) => {
        const all = await tx.objectStore('datasets').getAll();
        return all.sort((a, b) => b.createdAt - a.createdAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
      }),

    getDataset: (id) => transact(['datasets'], 'readonly', (tx) => tx.objectStore('datasets').get(id)),

    putExampleChunk: (datasetId, chunk, examples) => workbenchDb.putExampleChunks(datasetId, [{ chunk, json: examples }]),

    putExampleChunks: (datasetId, chunks) => {
      const bad = chunks.find(({ chunk }) => !Number.isSafeInteger(chunk) || chunk < 0);
      if (bad) return Promise.reject(new RangeError(`Chunk number must be a whole number ≥ 0, got ${bad.chunk}`));
      return transact(['datasets', 'exampleChunks'], 'readwrite', async (tx) => {
        if ((await tx.objectStore('datasets').count(datasetId)) > 0) {
          throw new Error(`Dataset ${datasetId} is already saved; its examples cannot be changed.`);
        }
        // One after the other: a put that throws (a full disk) then leaves no earlier request unawaited.
        for (const { chunk, json } of chunks) await tx.objectStore('exampleChunks').put({ datasetId, chunk, json });
      });
    },

    commitDataset: (info, core) =>
      transact(['datasets', 'exampleChunks', 'datasetCores'], 'readwrite', async (tx) => {
        const keys = await tx.objectStore('exampleChunks').getAllKeys(chunksOf(info.id));
        const gap = keys.findIndex(([, chunk], i) => chunk !== i);
        if (gap >= 0 || (keys.length === 0 && info.exampleCount > 0)) {
          throw new Error(
            `Dataset “${info.name}” was not saved: part of its examples is missing from storage ` +
              `(chunk ${gap >= 0 ? gap : 0} not found). Import the file again.`,
          );
        }
        const problem = coreProblem(core, info.exampleCount, keys.length);
        if (problem) throw new Error(`Dataset “${info.name}” was not saved: ${problem}. Import the file again.`);
        // `add`, not `put`: committing an id twice is a bug, and must not replace a dataset.
        await tx.objectStore('datasets').add(info);
        await tx.objectStore('datasetCores').put({ datasetId: info.id, columns: core.columns, chunkStarts: core.chunkStarts });
      }),

    discardDataset: (id) =>
      transact(['datasets', 'exampleChunks'], 'readwrite', async (tx) => {
        if ((await tx.objectStore('datasets').count(id)) > 0) {
          throw new Error(`Dataset ${id} is saved; delete it with deleteDataset instead of discarding it.`);
        }
        await tx.objectStore('exampleChunks').delete(chunksOf(id));
      }),

    loadExamples: (datasetId) =>
      transact(['exampleChunks'], 'readonly', async (tx) => {
        // A cursor, not getAll: each chunk is read and parsed in its own task, so a 100k-example
        // dataset never blocks the main thread in one piece.
        const out: Example[] = [];
        let cursor = await tx.objectStore('exampleChunks').openCursor(chunksOf(datasetId));
        while (cursor) {
          for (const ex of decodeExamples(cursor.value.json)) out.push(ex);
          cursor = await cursor.continue();
        }
        return out;
      }),

    loadCore: async (datasetId) => {
      const stored = await transact(['datasetCores'], 'readonly', (tx) => tx.objectStore('datasetCores').get(datasetId));
      if (stored) return { columns: stored.columns, chunkStarts: stored.chunkStarts };
      return transact(['datasets', 'exampleChunks', 'datasetCores'], 'readwrite', async (tx) => {
        if ((await tx.objectStore('datasets').count(datasetId)) === 0) throw new Error(`No saved dataset with id ${datasetId}.`);
        // Stored before cores existed: one pass over the chunks, keeping only each example's numbers.
        const cores: ExampleCore[] = [];
        const starts: number[] = [];
        let cursor = await tx.objectStore('exampleChunks').openCursor(chunksOf(datasetId));
        while (cursor) {
          starts.push(cores.length);
          for (const ex of decodeExamples(cursor.value.json)) cores.push(coreOf(ex));
          cursor = await cursor.continue();
        }
        const core: DatasetCore = { columns: columnsOfCores(cores), chunkStarts: Int32Array.from(starts) };
        await tx.objectStore('datasetCores').put({ datasetId, ...core });
        return core;
      });
    },

    loadChunk: (datasetId, chunk) =>
      transact(['exampleChunks'], 'readonly', async (tx) => {
        const record = await tx.objectStore('exampleChunks').get([datasetId, chunk]);
        return record ? decodeExamples(record.json) : undefined;
      }),

    updateDataset: (info) =>
      transact(['datasets'], 'readwrite', async (tx) => {
        const store = tx.objectStore('datasets');
        if ((await store.count(info.id)) === 0) throw new Error(`No saved dataset with id ${info.id}.`);
        await store.put(info);
      }),

    deleteDataset: (id) =>
      transact(
        ['datasets', 'exampleChunks', 'datasetCores', 'labels', 'calibrators', 'appliedCalibrators', 'settings'],
        'readwrite',
        async (tx) => {
          const labelKeys = await tx.objectStore('labels').index('byDataset').getAllKeys(labelRange(id));
          await Promise.all([
            ...DATASET_SETTINGS.map((name) => tx.objectStore('settings').delete(datasetSettingsRange(name, id))),
            tx.objectStore('datasets').delete(id),
            tx.objectStore('datasetCores').delete(id),
            tx.objectStore('exampleChunks').delete(chunksOf(id)),
            tx.objectStore('calibrators').delete(calibratorsRange(id)),
            tx.objectStore('appliedCalibrators').delete(calibratorsRange(id)),
            ...labelKeys.map((k) => tx.objectStore('labels').delete(k)),
          ]);
        },
      ),

    appendLabel: async (event) => (await workbenchDb.appendLabels([event]))[0]!,

    appendLabels: (events) =>
      transact(['datasets', 'labels'], 'readwrite', async (tx) => {
        for (const datasetId of new Set(events.map((e) => e.datasetId))) {
          if ((await tx.objectStore('datasets').count(datasetId)) === 0) throw new Error(`No saved dataset with id ${datasetId}.`);
        }
        // `seq` is left out so the store assigns it (autoIncrement), in call order.
        const seqs = await Promise.all(events.map((e) => tx.objectStore('labels').add(e as LabelEvent)));
        return events.map((e, i) => ({ ...e, seq: seqs[i]! }));
      }),

    labelsOf: (datasetId) =>
      transact(['labels'], 'readonly', (tx) => tx.objectStore('labels').index('byDataset').getAll(labelRange(datasetId))),

    putCalibrator: (record) =>
      transact(['datasets', 'calibrators'], 'readwrite', async (tx) => {
        if ((await tx.objectStore('datasets').count(record.datasetId)) === 0)
          throw new Error(`No saved dataset with id ${record.datasetId}.`);
        await tx.objectStore('calibrators').put(record);
      }),

    calibratorsOf: (datasetId) =>
      transact(['calibrators'], 'readonly', (tx) => tx.objectStore('calibrators').getAll(calibratorsRange(datasetId))),

    putAppliedCalibrator: (record) =>
      transact(['datasets', 'appliedCalibrators'], 'readwrite', async (tx) => {
        if ((await tx.objectStore('datasets').count(record.datasetId)) === 0)
          throw new Error(`No saved dataset with id ${record.datasetId}.`);
        await tx.objectStore('appliedCalibrators').put(record);
      }),

    appliedCalibratorsOf: (datasetId) =>
      transact(['appliedCalibrators'], 'readonly', (tx) => tx.objectStore('appliedCalibrators').getAll(calibratorsRange(datasetId))),

    deleteAppliedCalibrator: (datasetId, name) =>
      transact(['appliedCalibrators'], 'readwrite', async (tx) => {
        await tx.objectStore('appliedCalibrators').delete([datasetId, name]);
      }),

    getSetting: <T>(key: string) =>
      transact(['settings'], 'readonly', async (tx) => {
        const record = await tx.objectStore('settings').get(key);
        return record?.value as T | undefined;
      }),

    setSetting: (key, value) =>
      transact(['settings'], 'readwrite', async (tx) => {
        await tx.objectStore('settings').put({ key, value });
      }),

    close: () => {
      closedReason ??= 'The storage connection was closed.';
      db.close();
    },
  };

  try {
    if (opts.prune !== false) {
      const running = await (opts.activeImports ?? activeImportIds)();
      await transact(['datasets', 'exampleChunks'], 'readwrite', (tx) => pruneOrphanChunks(tx, running));
    }
  } catch (e) {
    db.close();
    throw e;
  }
  return workbenchDb;
}

/** Why `core` cannot be the core of a dataset of `n` examples in `chunks` chunks, or null when it can. */
function coreProblem(core: DatasetCore, n: number, chunks: number): string | null {
  if (core.columns.n !== n) return `its summary holds ${core.columns.n} examples, not ${n}`;
  const s = core.chunkStarts;
  if (s.length !== chunks) return `its summary knows ${s.length} chunks of examples, storage holds ${chunks}`;
  for (let c = 0; c < s.length; c++) {
    if (!(c === 0 ? s[c] === 0 : s[c]! > s[c - 1]!) || s[c]! >= n) return `its summary puts chunk ${c} at example ${s[c]}`;
  }
  return null;
}

/**
 * Deletes chunks whose dataset was never committed: imports cut short by a closed tab or a
 * crash. Returns how many datasets' chunks were removed.
 */
async function pruneOrphanChunks(tx: Tx<'datasets' | 'exampleChunks', 'readwrite'>, running: ReadonlySet<string>): Promise<number> {
  const committed = new Set(await tx.objectStore('datasets').getAllKeys());
  const chunkKeys = await tx.objectStore('exampleChunks').getAllKeys();
  const orphans = new Set(chunkKeys.map(([datasetId]) => datasetId).filter((id) => !committed.has(id) && !running.has(id)));
  await Promise.all([...orphans].map((id) => tx.objectStore('exampleChunks').delete(chunksOf(id))));
  return orphans.size;
}
