// Label slice: who is labelling, blind mode, and the label log of the open dataset with its fold.
// Every action writes the event to IndexedDB first and changes state only once it is stored, so
// what the screen shows as saved survives a reload or a crash (docs/ARCHITECTURE.md §4.1).
// Label, clear, note and undo events run one at a time in the order they were asked for, so
// labels typed faster than IndexedDB commits are all stored, in order, on the examples named.
import {
  appendLabel,
  appendLabels,
  foldLabels,
  lastUndoable,
  planLabelImport,
  type LabelImportPlan,
  type LabelEvent,
  type LabelState,
  type NewLabelEvent,
} from '../domain/labels.ts';
import type { TargetPreference } from '../domain/analysisInput.ts';
import type { Issue } from '../domain/types.ts';
import { parseLabelFile } from '../io/labelImport.ts';
import { readWholeText } from '../io/lines.ts';
import { selectCurrentInfo } from './selectors.ts';
import type { AppDeps, GetState, SetState } from './storeTypes.ts';
import { persistOrReport } from './storeTypes.ts';
import { readSetting, writeSetting } from '../persist/records/settings.ts';

const EMPTY: LabelState = new Map();

export interface LabelSlice {
  /** Name labels are saved under; '' until the user gives one (remembered in settings). */
  annotator: string;
  setAnnotator: (name: string) => Promise<void>;
  /** Hide rollouts, scores and predictions of an example until its label is saved (avoids anchoring). */
  blindMode: boolean;
  setBlindMode: (on: boolean) => Promise<void>;
  /** Whether a dataset target or the mean of hand labels wins when an example has both. */
  targetPreference: TargetPreference;
  setTargetPreference: (prefer: TargetPreference) => Promise<void>;
  /** Reads the remembered annotator, blind mode and target preference (start-up). */
  loadLabelSettings: () => Promise<void>;
  /** The open dataset's label log in append order, and its fold; the log is null while loading. */
  labelLog: LabelEvent[] | null;
  labels: LabelState;
  /** Saves `value` as the annotator's label of an example; resolves once it is stored. */
  saveLabel: (exampleId: string, value: number) => Promise<LabelEvent | null>;
  clearLabel: (exampleId: string) => Promise<LabelEvent | null>;
  /** Sets (or, with '', removes) the annotator's note on an example. */
  saveNote: (exampleId: string, note: string) => Promise<LabelEvent | null>;
  /** Undoes the annotator's latest label, clear or note that still counts; resolves to the event undone. */
  undoLabel: () => Promise<LabelEvent | null>;
  /**
   * Adds the labels of a file (another annotator's export) to the open dataset's log under the
   * names in the file. Rows that match the current labels add nothing. Resolves to a summary, or
   * null when nothing could be stored (the storage error is shown).
   */
  importLabels: (file: Blob) => Promise<LabelImportSummary | null>;
}

export interface LabelImportSummary {
  /** Valid rows in the file. */
  rows: number;
  /** (Example, annotator) pairs whose label or note the file changed (the last row of a pair counts). */
  changed: number;
  /** Pairs whose stored label already matched the file. */
  unchanged: number;
  annotators: string[];
  rejected: Issue[];
}

/** Sets the label fields for a freshly opened dataset (called by the dataset slice). */
export function labelsLoaded(log: LabelEvent[]): Pick<LabelSlice, 'labelLog' | 'labels'> {
  return { labelLog: log, labels: foldLabels(log) };
}

/** What this slice holds of the open dataset (its label log, not loaded yet), as another dataset starts it. */
export function resetForDataset(): Partial<LabelSlice> {
  return { labelLog: null, labels: EMPTY };
}

export function createLabelSlice(deps: AppDeps, set: SetState, get: GetState): LabelSlice {
  const now = deps.now ?? Date.now;
  /** The tail of the events asked for and not yet settled: each waits for the one before. */
  let tail: Promise<unknown> = Promise.resolve();
  function inOrder<T>(task: () => Promise<T>): Promise<T> {
    const run = tail.then(task, task);
    tail = run.catch(() => undefined);
    return run;
  }

  /** Queues one event under the dataset and annotator of the moment it is asked for. */
  function append(partial: Omit<NewLabelEvent, 'datasetId' | 'annotator' | 'at'>): Promise<LabelEvent | null> {
    const { currentId, annotator, labelLog } = get();
    if (!currentId || !annotator || !labelLog) return Promise.resolve(null);
    // Stored even when another dataset is opened meanwhile: the event names its own dataset.
    return inOrder(() => appendNow(partial, { currentId, annotator }));
  }

  /** Stores one event for the open dataset, then folds it in. Null (and a storage error shown) when it could not be stored. */
  async function appendNow(
    partial: Omit<NewLabelEvent, 'datasetId' | 'annotator' | 'at'>,
    { currentId, annotator }: { currentId: string; annotator: string },
  ): Promise<LabelEvent | null> {
    const saved = await persistOrReport(
      deps,
      set,
      (db) => db.appendLabel({ ...partial, datasetId: currentId, annotator, at: now() }),
      'the label was not saved',
    );
    if (!saved) return null;
    const stored = saved.value;
    set((s) =>
      s.currentId === currentId && s.labelLog
        ? { labels: appendLabel(s.labels, s.labelLog, stored), labelLog: [...s.labelLog, stored] }
        : {},
    );
    return stored;
  }

  return {
    annotator: '',
    blindMode: false,
    targetPreference: 'dataset',
    labelLog: null,
    labels: EMPTY,

    async loadLabelSettings() {
      // Each read back into its type (persist/records/settings.ts: stored values are not trusted).
      const read = await persistOrReport(deps, set, (db) =>
        Promise.all([readSetting(db, 'annotator'), readSetting(db, 'blindMode'), readSetting(db, 'targetPreference')]),
      );
      if (!read) return;
      const [annotator, blindMode, targetPreference] = read.value;
      set({ annotator, blindMode, targetPreference });
    },

    async setAnnotator(name) {
      const annotator = name.trim();
      set({ annotator });
      await persistOrReport(deps, set, (db) => writeSetting(db, 'annotator', annotator));
    },

    async setTargetPreference(prefer) {
      set({ targetPreference: prefer });
      await persistOrReport(deps, set, (db) => writeSetting(db, 'targetPreference', prefer));
    },

    async setBlindMode(on) {
      set({ blindMode: on });
      await persistOrReport(deps, set, (db) => writeSetting(db, 'blindMode', on));
    },

    saveLabel: (exampleId, value) => append({ exampleId, kind: 'set', value }),
    clearLabel: (exampleId) => append({ exampleId, kind: 'clear' }),
    saveNote: (exampleId, note) => append({ exampleId, kind: 'note', note }),

    async importLabels(file) {
      const s = get();
      const info = selectCurrentInfo(s);
      if (!info || !s.examples || !s.labelLog) return null;
      const { rows, rejected } = parseLabelFile((await readWholeText(file)).text, {
        ids: new Set(s.examples.map((e) => e.id)),
        scale: info.scale,
        now: now(),
      });
      const at = now();
      // After the labels asked for before it (the in-order queue), planned against the labels of
      // that moment; one transaction and one state update for the whole file (issue 14 point 5:
      // 2,000 labels were 2,000 copies of the label state).
      const plan = await inOrder(async (): Promise<LabelImportPlan | null> => {
        const st = get();
        if (st.currentId !== info.id || !st.labelLog) return null;
        const planned = planLabelImport(st.labels, rows, info.id, at);
        const { events } = planned;
        const saved =
          events.length > 0
            ? await persistOrReport(deps, set, (db) => db.appendLabels(events), 'the labels were not imported')
            : { value: [] };
        if (!saved) return null;
        const stored = saved.value;
        if (stored.length > 0) {
          set((cur) =>
            cur.currentId === info.id && cur.labelLog
              ? { labels: appendLabels(cur.labels, cur.labelLog, stored), labelLog: [...cur.labelLog, ...stored] }
              : {},
          );
        }
        return planned;
      });
      if (plan === null) return null;
      return { rows: rows.length, changed: plan.changed, unchanged: plan.unchanged, annotators: plan.annotators, rejected };
    },

    // After the events asked for before it, so `u` right after a label undoes that label.
    undoLabel: () =>
      inOrder(async () => {
        const { currentId, labelLog, annotator } = get();
        const target = currentId && labelLog && annotator ? lastUndoable(labelLog, annotator) : null;
        if (!currentId || !target) return null;
        const stored = await appendNow({ exampleId: target.exampleId, kind: 'undo', undoes: target.seq }, { currentId, annotator });
        return stored ? target : null;
      }),
  };
}
