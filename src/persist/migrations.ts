// Versioned IndexedDB schema of the workbench (docs/ARCHITECTURE.md §7.2): an ordered list of named steps.
// Depends on idb types only: never React, store/ or views/. Add steps at the end only, never edit
// a step that has shipped, and spell store names out inside each step (a step is frozen history).
import type { IDBPDatabase } from 'idb';
import type { UpgradeTransaction } from './openIdb.ts';

export interface Migration {
  /** Says what the step changes (`indexLabelsByDataset`), never a version number. */
  id: string;
  /**
   * Applies the step inside the upgrade transaction. If it returns a promise, it may await only
   * requests made on `tx` (anything else lets the transaction commit early).
   */
  up: (db: IDBPDatabase, tx: UpgradeTransaction) => void | Promise<void>;
}

export const migrations: Migration[] = [
  {
    // datasets: DatasetInfo by id. exampleChunks: {datasetId, chunk, json: Example[] as JSON text}, one record
    // per run of examples, because a record per example makes 100k-example datasets slow to write
    // and read. settings: {key, value}.
    id: 'createDatasetStores',
    up: (db) => {
      db.createObjectStore('datasets', { keyPath: 'id' });
      db.createObjectStore('exampleChunks', { keyPath: ['datasetId', 'chunk'] });
      db.createObjectStore('settings', { keyPath: 'key' });
    },
  },
  {
    // labels: the append-only label log (domain/labels.ts LabelEvent), `seq` given by the store in
    // append order; read per dataset through the byDataset index on [datasetId, seq].
    id: 'createLabelLog',
    up: (db) => {
      const labels = db.createObjectStore('labels', { keyPath: 'seq', autoIncrement: true });
      labels.createIndex('byDataset', ['datasetId', 'seq']);
    },
  },
  {
    // calibrators: the last calibrator trained per dataset and prompt version, {datasetId, prompt,
    // value}: the value is the training outcome (the trainer's result, its report and the targets it
    // was scored on) with its dataset id (persist/records/calibrator.ts).
    id: 'createCalibratorStore',
    up: (db) => {
      db.createObjectStore('calibrators', { keyPath: ['datasetId', 'prompt'] });
    },
  },
  {
    // appliedCalibrators: calibrators applied from files to a dataset (persist/db.ts
    // AppliedCalibratorRecord: the .onnx bytes, its manifest text, predictions and spread per
    // example), one per dataset and calibrator name, so applying a calibrator of the same name replaces it.
    id: 'createAppliedCalibratorStore',
    up: (db) => {
      db.createObjectStore('appliedCalibrators', { keyPath: ['datasetId', 'name'] });
    },
  },
  {
    // datasetCores: per dataset {datasetId, columns, chunkStarts} (persist/db.ts DatasetCoreRecord): the
    // numbers of every example as typed-array columns (domain/exampleCore.ts) and the first example of
    // each chunk, so a dataset opens without reading its text. Written when a dataset is committed;
    // datasets stored before this step get theirs from their chunks the first time they are opened.
    id: 'createDatasetCoreStore',
    up: (db) => {
      db.createObjectStore('datasetCores', { keyPath: 'datasetId' });
    },
  },
  {
    // Calibrators saved before the ensemble's spread was kept (value.result.spread, one per example)
    // get one of NaN per prediction: no uncertainty, the rest stands. Was fixed up by each reader.
    id: 'fillCalibratorSpread',
    up: async (_db, tx) => {
      let cursor = await tx.objectStore('calibrators').openCursor();
      while (cursor) {
        const value: unknown = cursor.value.value;
        if (typeof value === 'object' && value !== null && 'result' in value) {
          const result = (value as { result: unknown }).result;
          if (typeof result === 'object' && result !== null) {
            const r = result as { predictions?: unknown; spread?: unknown };
            const n = r.predictions instanceof Float64Array ? r.predictions.length : -1;
            if (n >= 0 && !(r.spread instanceof Float64Array && r.spread.length === n)) {
              await cursor.update({ ...cursor.value, value: { ...value, result: { ...r, spread: new Float64Array(n).fill(NaN) } } });
            }
          }
        }
        cursor = await cursor.continue();
      }
    },
  },
];

/** The IndexedDB version of the current schema: the number of steps. */
export const DB_VERSION = migrations.length;

/**
 * idb-style upgrade callback: runs `migrations.slice(oldVersion, newVersion)` in order. Steps that
 * return nothing run back to back in the same task, so the transaction cannot go inactive between
 * them. `newVersion` defaults to {@link DB_VERSION}; tests pass a lower one to apply a single step.
 */
export async function upgrade(db: IDBPDatabase, oldVersion: number, newVersion: number | null, tx: UpgradeTransaction): Promise<void> {
  for (const step of migrations.slice(oldVersion, newVersion ?? DB_VERSION)) {
    const pending = step.up(db, tx);
    if (pending) await pending;
  }
}
