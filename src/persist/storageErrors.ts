// Errors the persistence layer raises for the UI to show (docs/ARCHITECTURE.md §7.3: quota errors are shown, not
// swallowed). Plain TypeScript: no idb, React or store here, so any layer may catch on these types.

/** A write failed because the browser's storage quota for this site is used up. */
export class StorageFullError extends Error {
  override name = 'StorageFullError';
  constructor(options?: { cause?: unknown }) {
    super(
      'Browser storage is full, so the workbench could not save this. Delete a dataset you no ' +
        'longer need, or free space on the disk or in the browser’s site data settings, then try again.',
      options,
    );
  }
}

/** Opening needs a schema upgrade, but another tab keeps an older version of the database open. */
export class DatabaseBlockedError extends Error {
  override name = 'DatabaseBlockedError';
  constructor() {
    super(
      'The workbench is open in another tab with an older version, so its storage cannot be ' +
        'upgraded. Close or reload the other workbench tabs, then reload this one.',
    );
  }
}

/** The connection was closed (by `close()`, or so that a newer version in another tab could upgrade). */
export class DatabaseClosedError extends Error {
  override name = 'DatabaseClosedError';
}

/** The DOMException-style `name` of a thrown value, if it has one. */
export function errorName(e: unknown): string | undefined {
  if (typeof e !== 'object' || e === null || !('name' in e)) return undefined;
  return typeof e.name === 'string' ? e.name : undefined;
}

/**
 * A write failed inside the browser's storage for another reason than the quota: Chromium reports
 * a full disk as `DataError: Failed to write blobs` or as `UnknownError`. The original is the `cause`.
 */
export class StorageWriteError extends Error {
  override name = 'StorageWriteError';
  constructor(cause: unknown) {
    const what = cause instanceof Error ? `${cause.name}: ${cause.message}` : String(cause);
    super(
      `The browser could not write to its storage (${what}). This happens when the disk is full: free space ` +
        'on the disk or delete a dataset you no longer need, then try again.',
      { cause },
    );
  }
}

/**
 * Maps a `QuotaExceededError` (from a request or from the transaction that failed to commit) to a
 * {@link StorageFullError}, and — when `writing` — a `DataError` or `UnknownError` to a
 * {@link StorageWriteError}, each carrying the original as `cause`; returns every other value unchanged.
 */
export function toStorageError(e: unknown, writing = false): unknown {
  const name = errorName(e);
  if (name === 'QuotaExceededError') return new StorageFullError({ cause: e });
  if (writing && (name === 'DataError' || name === 'UnknownError')) return new StorageWriteError(e);
  return e;
}
