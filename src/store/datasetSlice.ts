// Dataset slice: the stored dataset list, the open dataset and its examples, first-start demo.
import { coresOfColumns, type ExampleCore } from '../domain/exampleCore.ts';
import type { DatasetInfo, Scale } from '../domain/types.ts';
import { requestPersistentStorage, storageStatus, type StorageStatus } from '../persist/storageEstimate.ts';
import { readCalibrations } from '../persist/records/calibrator.ts';
import { readAppliedCalibrators } from '../persist/records/appliedCalibrator.ts';
import type { AppDeps, GetState, SetState } from './storeTypes.ts';
import { errorMessage, persistOrReport } from './storeTypes.ts';
import { labelsLoaded } from './labelSlice.ts';
import { resetForDataset } from './resetForDataset.ts';
import { readSetting, writeSetting } from '../persist/records/settings.ts';
import { createExampleTexts, type ExampleTexts } from './exampleTexts.ts';

export interface DatasetSlice {
  /** False until the stored dataset list has been read at start. */
  ready: boolean;
  /** A storage problem to show (quota, blocked upgrade, private mode). */
  storageError: string | null;
  /** Stored datasets, newest first. */
  datasets: DatasetInfo[];
  /** Browser storage used and granted; null where the browser does not say. */
  storage: StorageStatus | null;
  /** Re-reads `storage`; after a first import also asks the browser to keep the data. */
  refreshStorage: (askToPersist?: boolean) => Promise<void>;
  /** Id of the dataset shown on Browse/Example; null before any exists. */
  currentId: string | null;
  /** Examples of `currentId`, in file order, without their text; null while loading. */
  examples: ExampleCore[] | null;
  /** The text of `examples`, loaded per example on view; null while loading. */
  exampleTexts: ExampleTexts | null;
  /**
   * Start-up: read the dataset list; on the very first start (no datasets, demo never offered)
   * import the demo. Resolves to the demo's id when it was loaded. Idempotent.
   */
  init: () => Promise<{ firstStartDatasetId: string | null }>;
  openDataset: (id: string) => Promise<void>;
  deleteDataset: (id: string) => Promise<void>;
  /** Sets a dataset's scale by hand (validated by the caller with domain `readScale`). */
  setScale: (id: string, scale: Scale) => Promise<void>;
  /** Makes a freshly imported dataset known and current (its examples' cores already in memory, their chunks starting at `chunkStarts`). */
  addDataset: (info: DatasetInfo, examples: ExampleCore[], chunkStarts: Int32Array) => void;
  /** Shows a storage problem that came from outside an action (another tab upgraded the database). */
  reportStorageError: (message: string) => void;
  dismissStorageError: () => void;
}

export function createDatasetSlice(deps: AppDeps, set: SetState, get: GetState): DatasetSlice {
  /** Id whose examples are being loaded; a later open wins over an earlier one. */
  let loading: string | null = null;
  let started: Promise<{ firstStartDatasetId: string | null }> | null = null;

  async function start(): Promise<{ firstStartDatasetId: string | null }> {
    try {
      const db = await deps.db();
      void get().loadLabelSettings();
      const datasets = await db.listDatasets();
      const last = await readSetting(db, 'lastDatasetId');
      const currentId = get().currentId ?? datasets.find((d) => d.id === last)?.id ?? datasets[0]?.id ?? null;
      set({ datasets, currentId });
      if (datasets.length === 0 && !(await readSetting(db, 'demoOffered'))) {
        await writeSetting(db, 'demoOffered', true);
        // loadDemo marks the import as running before it first awaits, so nothing sees an idle,
        // empty workbench (and a file chosen now waits for no half-started demo).
        const demo = get().loadDemo();
        set({ ready: true });
        return { firstStartDatasetId: await demo };
      }
      set({ ready: true });
      void get().refreshStorage();
    } catch (e) {
      set({ ready: true, storageError: errorMessage(e) });
    }
    return { firstStartDatasetId: null };
  }

  return {
    ready: false,
    storageError: null,
    datasets: [],
    storage: null,

    async refreshStorage(askToPersist = false) {
      try {
        if (askToPersist && !get().storage?.persisted) await requestPersistentStorage();
        set({ storage: await storageStatus() });
      } catch {
        // An estimate is informative only; storage errors surface from the writes themselves.
      }
    },
    currentId: null,
    examples: null,
    exampleTexts: null,

    init() {
      started ??= start();
      return started;
    },

    async openDataset(id) {
      if (get().currentId === id && (get().examples || loading === id)) return;
      loading = id;
      set((s) => ({ ...resetForDataset(s), currentId: id }));
      try {
        const db = await deps.db();
        const [core, log, calibrators, applied] = await Promise.all([
          db.loadCore(id),
          db.labelsOf(id),
          db.calibratorsOf(id),
          db.appliedCalibratorsOf(id),
        ]);
        if (loading !== id) return;
        loading = null;
        const examples = coresOfColumns(core.columns);
        // Examples, labels and calibrators arrive together: no screen shows examples with the wrong labels.
        set({
          examples,
          exampleTexts: createExampleTexts(deps.db, id, core.columns.ids, core.chunkStarts),
          ...labelsLoaded(log),
          calibrations: readCalibrations(calibrators, id, examples.length),
          applied: readAppliedCalibrators(applied, id, examples.length),
        });
        await writeSetting(db, 'lastDatasetId', id);
      } catch (e) {
        if (loading === id) set({ storageError: errorMessage(e), examples: [], exampleTexts: null, ...labelsLoaded([]) });
      }
    },

    async deleteDataset(id) {
      if (!(await persistOrReport(deps, set, (db) => db.deleteDataset(id)))) return;
      const datasets = get().datasets.filter((d) => d.id !== id);
      void get().refreshStorage();
      if (get().currentId === id) {
        loading = null;
        set((s) => ({ ...resetForDataset(s), datasets, currentId: datasets[0]?.id ?? null }));
      } else {
        set({ datasets });
      }
    },

    async setScale(id, scale) {
      const info = get().datasets.find((d) => d.id === id);
      if (!info) return;
      const next: DatasetInfo = { ...info, scale, scaleSource: 'user' };
      if (!(await persistOrReport(deps, set, (db) => db.updateDataset(next)))) return;
      set((s) => ({ datasets: s.datasets.map((d) => (d.id === id ? next : d)) }));
    },

    addDataset(info, examples, chunkStarts) {
      loading = null;
      void get().refreshStorage(true);
      const exampleTexts = createExampleTexts(
        deps.db,
        info.id,
        examples.map((e) => e.id),
        chunkStarts,
      );
      set((s) => ({
        ...resetForDataset(s),
        datasets: [info, ...s.datasets.filter((d) => d.id !== info.id)],
        currentId: info.id,
        examples,
        exampleTexts,
        ...labelsLoaded([]),
      }));
      void persistOrReport(deps, set, (db) => writeSetting(db, 'lastDatasetId', info.id));
    },

    reportStorageError: (message) => set({ storageError: message }),
    dismissStorageError: () => set({ storageError: null }),
  };
}
