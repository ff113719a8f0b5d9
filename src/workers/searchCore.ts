// Browse's text filter over stored text (docs/ARCHITECTURE.md §5.6, issue 16), apart from `self` so
// node tests drive it (the entry, search.worker.ts, only wires it up). The first search of a dataset
// reads its chunks one at a time and keeps only each example's searchable text, for the latest
// dataset only; the test of a text is domain/inputText.ts `textMatcher`, the one the in-memory
// filter uses. The database comes in as a function: workers import persist/ for its types only.
import { searchableText, textMatcher } from '../domain/inputText.ts';
import type { WorkbenchDb } from '../persist/db.ts';
import type { FromSearchWorker, ToSearchWorker } from './protocol.ts';
import { storedChunks } from './storedChunks.ts';

export interface SearchJob {
  /** Examples read of `total`, after each chunk, while the dataset's texts are being read. */
  onProgress?: (done: number, total: number) => void;
  /** Looked at between chunks; an abort rejects the search with its reason. */
  signal?: AbortSignal;
}

export interface SearchCore {
  /**
   * One byte per example of `datasetId` in dataset order, 1 where its searchable text (id and input)
   * passes the Browse text filter `text`. A blank `text` passes every example and reads no text.
   */
  search(datasetId: string, text: string, job?: SearchJob): Promise<Uint8Array<ArrayBuffer>>;
  /** Forgets the database connection (closed for a version change): the next search opens a new one. */
  disconnect(): void;
}

/** The texts of one dataset being read, shared by every search of it that waits. */
interface Build {
  datasetId: string;
  /** Aborted when the last search waiting on it is. */
  controller: AbortController;
  waiting: number;
  listeners: Set<(done: number, total: number) => void>;
  /** The last progress reported, for searches that join late. */
  progress: [done: number, total: number] | null;
  texts: Promise<string[]>;
}

const isClosed = (e: unknown) => e instanceof Error && e.name === 'DatabaseClosedError';

export function createSearchCore(openDb: () => Promise<WorkbenchDb>): SearchCore {
  let connection: Promise<WorkbenchDb> | null = null;
  /** The searchable texts of the latest dataset whose every chunk was read. */
  let cached: { datasetId: string; texts: string[] } | null = null;
  /** The latest build started; only it may fill `cached`. */
  let building: Build | null = null;

  /** The connection, opened on first use; one that failed to open, or was closed, is opened again next time. */
  function database(): Promise<WorkbenchDb> {
    if (!connection) {
      const opening = openDb();
      connection = opening;
      opening.catch(() => {
        if (connection === opening) connection = null;
      });
    }
    return connection;
  }

  async function withDb<T>(work: (db: WorkbenchDb) => Promise<T>): Promise<T> {
    const opened = database();
    const db = await opened;
    try {
      return await work(db);
    } catch (e) {
      if (isClosed(e) && connection === opened) connection = null;
      throw e;
    }
  }

  /** Reads every chunk of `datasetId`, checking `signal` between chunks, and keeps each example's searchable text. */
  const readTexts = (datasetId: string, signal: AbortSignal, progress: (done: number, total: number) => void) =>
    withDb(async (db) => {
      let texts: string[] = [];
      let read = false;
      for await (const { start, examples, total } of storedChunks(db, datasetId, { purpose: 'text cannot be searched', signal })) {
        if (!read) {
          texts = new Array<string>(total);
          read = true;
        }
        examples.forEach((ex, k) => (texts[start + k] = searchableText(ex.id, ex.input)));
        progress(start + examples.length, total);
      }
      if (!read) progress(0, 0);
      return texts;
    });

  function startBuild(datasetId: string): Build {
    const build: Build = {
      datasetId,
      controller: new AbortController(),
      waiting: 0,
      listeners: new Set(),
      progress: null,
      texts: Promise.resolve([]),
    };
    // Only one dataset's texts are kept: those of another are dropped now rather than when this one is done.
    if (cached?.datasetId !== datasetId) cached = null;
    building = build;
    build.texts = readTexts(datasetId, build.controller.signal, (done, total) => {
      build.progress = [done, total];
      for (const listener of build.listeners) listener(done, total);
    }).then(
      (texts) => {
        if (building === build) {
          building = null;
          cached = { datasetId, texts };
        }
        return texts;
      },
      (e: unknown) => {
        if (building === build) building = null;
        throw e;
      },
    );
    return build;
  }

  /** The texts of `datasetId`: joins the build running for it, or starts one. */
  function textsOf(datasetId: string, { onProgress, signal }: SearchJob): Promise<string[]> {
    if (cached?.datasetId === datasetId) return Promise.resolve(cached.texts);
    const build = building?.datasetId === datasetId && !building.controller.signal.aborted ? building : startBuild(datasetId);
    build.waiting++;
    const listener = (done: number, total: number) => onProgress?.(done, total);
    build.listeners.add(listener);
    if (build.progress) listener(...build.progress);
    return new Promise<string[]>((resolve, reject) => {
      let left = false;
      const leave = () => {
        if (left) return false;
        left = true;
        build.waiting--;
        build.listeners.delete(listener);
        signal?.removeEventListener('abort', onAbort);
        return true;
      };
      const onAbort = () => {
        if (!leave()) return;
        // A build nobody waits for stops at its next chunk, and is not kept.
        if (build.waiting === 0) build.controller.abort(signal!.reason);
        reject(signal!.reason);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      build.texts.then(
        (texts) => leave() && resolve(texts),
        (e: unknown) => leave() && reject(e),
      );
    });
  }

  /** How many examples `datasetId` has, without reading any text. */
  async function countOf(datasetId: string): Promise<number> {
    if (cached?.datasetId === datasetId) return cached.texts.length;
    const info = await withDb((db) => db.getDataset(datasetId));
    if (!info) throw new Error(`No saved dataset with id ${datasetId}.`);
    return info.exampleCount;
  }

  return {
    async search(datasetId, text, job = {}) {
      job.signal?.throwIfAborted();
      const matches = textMatcher(text);
      if (!matches) return new Uint8Array(await countOf(datasetId)).fill(1);
      const texts = await textsOf(datasetId, job);
      const out = new Uint8Array(texts.length);
      for (let i = 0; i < texts.length; i++) if (matches(texts[i]!)) out[i] = 1;
      return out;
    },
    disconnect() {
      connection = null;
    },
  };
}

/**
 * The search worker's message handling: runs each `search` with an AbortSignal that its `cancel`
 * aborts, and posts its progress, then its result (the bytes transferred), `cancelled` or an error.
 */
export function createSearchHandler(
  core: SearchCore,
  post: (m: FromSearchWorker, transfer?: Transferable[]) => void,
): (msg: ToSearchWorker) => void {
  const running = new Map<number, AbortController>();
  return (msg) => {
    switch (msg.type) {
      case 'cancel':
        running.get(msg.id)?.abort(new DOMException('The search was cancelled.', 'AbortError'));
        return;
      case 'search': {
        const { id } = msg;
        const controller = new AbortController();
        running.set(id, controller);
        core
          .search(msg.datasetId, msg.text, {
            signal: controller.signal,
            onProgress: (done, total) => post({ id, type: 'progress', done, total }),
          })
          .then(
            (matches) => post({ id, type: 'result', matches }, [matches.buffer]),
            (err: unknown) =>
              post(
                controller.signal.aborted
                  ? { id, type: 'cancelled' }
                  : { id, type: 'error', message: err instanceof Error ? err.message : String(err) },
              ),
          )
          .finally(() => running.delete(id));
        return;
      }
      default: {
        const never: never = msg;
        throw new Error(`unknown message ${JSON.stringify(never)}`);
      }
    }
  };
}
