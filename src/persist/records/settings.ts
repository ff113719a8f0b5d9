// Every setting the workbench stores (the `settings` store, docs/ARCHITECTURE.md §7.1), in one
// registry: its key and how a stored value is read back. A stored value is not trusted (older
// versions did not validate on write; another tab may have written it), so each reader sanitises it
// into the setting's type. Settings kept per dataset are deleted with it (db.ts deleteDataset).
import type { TargetPreference } from '../../domain/analysisInput.ts';
import { QUEUES, type QueueKind } from '../../domain/queues.ts';

interface Setting<T> {
  key: string;
  read: (stored: unknown) => T;
}

const setting = <T>(key: string, read: (stored: unknown) => T): Setting<T> => ({ key, read });

/** The settings of the app, by name. */
export const SETTINGS = {
  /** The name labels are saved under; '' until the user gives one. */
  annotator: setting('annotator', (v) => (typeof v === 'string' ? v.trim() : '')),
  /** Hide rollouts, scores and predictions until an example is labelled. */
  blindMode: setting('blindMode', (v) => v === true),
  /** Whether a dataset target or the mean of hand labels wins. */
  targetPreference: setting('targetPreference', (v): TargetPreference => (v === 'labels' ? 'labels' : 'dataset')),
  /** The dataset open last, opened again at start. */
  lastDatasetId: setting('lastDatasetId', (v) => (typeof v === 'string' ? v : null)),
  /** The demo was loaded once on the first start, and is not again. */
  demoOffered: setting('demoOffered', (v) => v === true),
};

export type SettingName = keyof typeof SETTINGS;

/** What reading and writing a setting needs of the database (db.ts WorkbenchDb has both). */
export interface SettingsReader {
  getSetting<T>(key: string): Promise<T | undefined>;
}
export interface SettingsWriter {
  setSetting(key: string, value: unknown): Promise<void>;
}
export type SettingValue<N extends SettingName> = ReturnType<(typeof SETTINGS)[N]['read']>;

/** The setting `name` as stored, read back into its type (its default when absent or unusable). */
export async function readSetting<N extends SettingName>(db: SettingsReader, name: N): Promise<SettingValue<N>> {
  return SETTINGS[name].read(await db.getSetting<unknown>(SETTINGS[name].key)) as SettingValue<N>;
}

export function writeSetting<N extends SettingName>(db: SettingsWriter, name: N, value: SettingValue<N>): Promise<void> {
  return db.setSetting(SETTINGS[name].key, value);
}

// ---------------------------------------------------------------------------------------------
// Settings kept per dataset

/** Settings kept per dataset (and something else, e.g. the annotator): deleting the dataset deletes them. */
export const DATASET_SETTINGS = ['annotateQueue'] as const;
export type DatasetSettingName = (typeof DATASET_SETTINGS)[number];

/** The key of the setting `name` of a dataset, for `part` (e.g. an annotator): "name:datasetId:part". */
export function datasetSettingKey(name: DatasetSettingName, datasetId: string, part: string): string {
  return `${name}:${datasetId}:${part}`;
}

/** Every key `datasetSettingKey(name, datasetId, …)` makes. */
export const datasetSettingsRange = (name: DatasetSettingName, datasetId: string): IDBKeyRange =>
  IDBKeyRange.bound(`${name}:${datasetId}:`, `${name}:${datasetId}:\uffff`);

/** Annotate's remembered queue of one dataset and annotator: a snapshot of example indices. */
export interface StoredQueue {
  datasetId: string;
  annotator: string;
  kind: QueueKind;
  order: number[];
  /** The calibrator that ordered it, when one did. */
  by?: string;
}

/** A stored queue that still fits the dataset of `n` examples and the annotator, else null. */
export function readQueue(v: unknown, datasetId: string, annotator: string, n: number): StoredQueue | null {
  if (typeof v !== 'object' || v === null) return null;
  const q = v as Partial<StoredQueue>;
  const fits =
    q.datasetId === datasetId &&
    q.annotator === annotator &&
    typeof q.kind === 'string' &&
    q.kind in QUEUES &&
    Array.isArray(q.order) &&
    q.order.every((i) => Number.isInteger(i) && i >= 0 && i < n) &&
    (q.by === undefined || typeof q.by === 'string');
  return fits ? (q as StoredQueue) : null;
}
