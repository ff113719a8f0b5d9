// Import slice: choose file → sniff → (column mapping) → stream into IndexedDB chunk by chunk
// → commit. A cancel or failure discards the partial chunks; nothing already stored is touched.
import { columnsOfCores, type ExampleCore } from '../domain/exampleCore.ts';
import type { ExamplesJson } from '../domain/examplesJson.ts';
import type { DatasetInfo, Issue } from '../domain/types.ts';
import type { ColumnMapping } from '../io/columnMapping.ts';
import type { ImportPlan, ImportProgress } from '../io/importTypes.ts';
import { isTableFormat, planFor, type SniffResult } from '../io/sniff.ts';
import { withImportLock } from '../persist/importLocks.ts';
import type { AppDeps, GetState, SetState } from './storeTypes.ts';
import { defaultNewId, errorMessage } from './storeTypes.ts';

export type ImportPhase = 'idle' | 'reading' | 'mapping' | 'importing' | 'done' | 'failed' | 'cancelled';

/** What the import screen reports once a file has been read. */
export interface ImportSummary {
  /** Null when nothing valid was found (no dataset was created). */
  datasetId: string | null;
  name: string;
  fileName: string;
  exampleCount: number;
  rejected: Issue[];
  rejectedCount: number;
  warnings: Issue[];
  warningCount: number;
  bytes: number;
  ms: number;
  /** When no example was imported: why, in words ("the file is empty", …). */
  emptyReason?: string;
}

/** True while a file is being read or imported (not while waiting for a column mapping). */
export function isImportRunning(s: Pick<ImportState, 'phase'>): boolean {
  return s.phase === 'reading' || s.phase === 'importing';
}

export interface ImportState {
  phase: ImportPhase;
  fileName: string | null;
  progress: ImportProgress | null;
  /** Table files: detected columns, sample rows and guessed mapping, for the column mapper. */
  sniff: SniffResult | null;
  summary: ImportSummary | null;
  error: string | null;
}

export interface ImportSlice {
  importState: ImportState;
  /** Reads a chosen or dropped file: canonical JSONL imports at once, tables ask for a mapping. */
  chooseFile: (file: Blob, name: string) => Promise<string | null>;
  /** Imports the pending table file with `mapping`. */
  confirmMapping: (mapping: ColumnMapping) => Promise<string | null>;
  cancelImport: () => void;
  /** Imports the bundled demo dataset; resolves to its id. */
  loadDemo: () => Promise<string | null>;
}

const idle: ImportState = { phase: 'idle', fileName: null, progress: null, sniff: null, summary: null, error: null };

export function createImportSlice(deps: AppDeps, set: SetState, get: GetState): ImportSlice {
  let controller: AbortController | null = null;
  let pending: { file: Blob; name: string } | null = null;
  const now = deps.now ?? Date.now;
  const newId = deps.newId ?? defaultNewId;

  const patch = (p: Partial<ImportState>) => set((s) => ({ importState: { ...s.importState, ...p } }));
  /** Patches only while `signal` belongs to the latest import: a superseded run stays silent. */
  const patchFor = (signal: AbortSignal, p: Partial<ImportState>) => {
    if (controller?.signal === signal) patch(p);
  };

  function begin(name: string): AbortSignal {
    controller?.abort();
    controller = new AbortController();
    set({ importState: { ...idle, phase: 'reading', fileName: name } });
    return controller.signal;
  }

  async function run(file: Blob, name: string, plan: ImportPlan, signal: AbortSignal, sourceName = name): Promise<string | null> {
    const db = await deps.db();
    const datasetId = newId();
    const started = now();
    const cores: ExampleCore[] = [];
    const chunkStarts: number[] = [];
    let chunk = 0;
    let writes: Promise<void> = Promise.resolve();
    /** Chunks waiting for the write in flight: the next write takes them all, in one transaction. */
    let queued: { chunk: number; json: ExamplesJson }[] = [];
    // A failed write (a full disk: QuotaExceededError, or Chromium's DataError "Failed to write
    // blobs") stops the reading at once: it is caught here when it happens, not left unhandled
    // until the whole file has been read, and the later chunks are never written.
    const writeFailed = new AbortController();
    let writeError: { error: unknown } | null = null;
    const reading = AbortSignal.any([signal, writeFailed.signal]);
    patchFor(signal, { phase: 'importing', progress: { bytesRead: 0, totalBytes: file.size, examples: 0, rejected: 0 }, sniff: null });
    try {
      // Held until the dataset is committed: other tabs then know its chunks are no orphans.
      const { draft, info } = await withImportLock(datasetId, async () => {
        const imported = deps.importer.importFile(file, name, plan, {
          signal: reading,
          onProgress: (progress) => patchFor(signal, { progress }),
          onExamples: (batch, batchCores) => {
            if (writeError) return;
            // Only the numbers stay in memory; the text goes to storage and loads per example on view.
            chunkStarts.push(cores.length);
            for (const core of batchCores) cores.push(core);
            queued.push({ chunk: chunk++, json: batch });
            writes = writes.then(() => {
              const take = queued;
              queued = [];
              return take.length > 0 ? db.putExampleChunks(datasetId, take) : undefined;
            });
            writes.catch((error: unknown) => {
              writeError ??= { error };
              writeFailed.abort();
            });
          },
        });
        const draft = await imported.catch((e: unknown) => {
          throw writeError ? writeError.error : e;
        });
        await writes;
        signal.throwIfAborted();
        if (draft.exampleCount === 0) return { draft, info: null };
        const info: DatasetInfo = { ...draft, id: datasetId, source: sourceName, createdAt: now() };
        await db.commitDataset(info, { columns: columnsOfCores(cores), chunkStarts: Int32Array.from(chunkStarts) });
        return { draft, info };
      });
      if (info) get().addDataset(info, cores, Int32Array.from(chunkStarts));
      const summary: ImportSummary = {
        datasetId: info ? datasetId : null,
        name: draft.name,
        fileName: name,
        exampleCount: draft.exampleCount,
        rejected: draft.rejected,
        rejectedCount: draft.rejectedCount,
        warnings: draft.warnings,
        warningCount: draft.warningCount,
        bytes: file.size,
        ms: now() - started,
        ...(draft.exampleCount === 0 && draft.emptyReason ? { emptyReason: draft.emptyReason } : {}),
      };
      patchFor(signal, { phase: 'done', summary, progress: null });
      return summary.datasetId;
    } catch (e) {
      // The import already failed or was cancelled: report that, not a follow-up write error.
      // Chunks left behind by a failed discard are pruned when the database next opens.
      await writes.catch(() => undefined);
      await db.discardDataset(datasetId).catch(() => undefined);
      if (signal.aborted) patchFor(signal, { phase: 'cancelled', progress: null });
      else patchFor(signal, { phase: 'failed', progress: null, error: errorMessage(e) });
      return null;
    }
  }

  return {
    importState: idle,

    async chooseFile(file, name) {
      const signal = begin(name);
      pending = null;
      try {
        const sniff = await deps.importer.sniff(file, name, signal);
        if (isTableFormat(sniff.format)) {
          pending = { file, name };
          patchFor(signal, { phase: 'mapping', sniff });
          return null;
        }
        return await run(file, name, { format: sniff.format }, signal);
      } catch (e) {
        if (signal.aborted) patchFor(signal, { phase: 'cancelled' });
        else patchFor(signal, { phase: 'failed', error: errorMessage(e) });
        return null;
      }
    },

    async confirmMapping(mapping) {
      const sniff = get().importState.sniff;
      if (!pending || !sniff) return null;
      const { file, name } = pending;
      pending = null;
      const signal = begin(name);
      return run(file, name, planFor(sniff, mapping).plan, signal);
    },

    cancelImport() {
      pending = null;
      const running = isImportRunning(get().importState);
      controller?.abort();
      // A running import reports 'cancelled' itself once its worker is stopped.
      if (!running) set({ importState: idle });
    },

    async loadDemo() {
      const signal = begin('demo');
      try {
        const { blob, name } = await deps.fetchDemo();
        return await run(blob, name, { format: 'canonical' }, signal, 'demo');
      } catch (e) {
        if (signal.aborted) patchFor(signal, { phase: 'cancelled' });
        else patchFor(signal, { phase: 'failed', error: `could not load the demo dataset: ${errorMessage(e)}` });
        return null;
      }
    },
  };
}
