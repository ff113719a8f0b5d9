// Opening an IndexedDB database through any IDBFactory with idb's promise wrapper, and the
// multi-tab version-change protocol. Imports idb and storageErrors only: no domain/, React or store/.
import { wrap, type IDBPDatabase, type IDBPTransaction } from 'idb';
import { DatabaseBlockedError, errorName } from './storageErrors.ts';

/** The upgrade transaction as migration steps see it: store names are not known statically. */
export type UpgradeTransaction = IDBPTransaction<unknown, ArrayLike<string>, 'versionchange'>;

export interface OpenIdbOptions {
  factory: IDBFactory;
  name: string;
  version: number;
  /**
   * Runs inside the versionchange transaction when the stored version is below `version`. A
   * rejection aborts the upgrade (the database stays at its old version) and rejects the open.
   * Must not leave the microtask queue to wait for anything but requests on `tx`.
   */
  upgrade(db: IDBPDatabase, oldVersion: number, newVersion: number, tx: UpgradeTransaction): Promise<void>;
  /** Called after this connection closed itself so that another tab can upgrade the database. */
  onVersionChange(): void;
}

/**
 * Opens `name` at `version` from `factory` (idb's `openDB` only knows the global `indexedDB`).
 * `blocked` rejects with {@link DatabaseBlockedError}, and the open is abandoned once unblocked
 * (its upgrade aborted, or its connection closed). A `versionchange` from another tab closes this
 * connection, then calls `onVersionChange`. The factory must come from the same implementation as
 * the global IDB classes, because idb recognises IDB objects with `instanceof`.
 */
export function openIdb(opts: OpenIdbOptions): Promise<IDBPDatabase> {
  const { factory, name, version, upgrade, onVersionChange } = opts;
  return new Promise((resolve, reject) => {
    let settled = false;
    let upgradeError: { error: unknown } | undefined;
    const request = factory.open(name, version);

    request.addEventListener('upgradeneeded', (event) => {
      const tx = request.transaction;
      if (!tx) throw new Error('IndexedDB gave no transaction during upgradeneeded');
      if (settled) {
        // Unblocked after we already told the caller it failed: leave the database as it was.
        tx.abort();
        return;
      }
      const upgradeTx = wrap(tx) as unknown as UpgradeTransaction;
      // An aborted upgrade is reported once, by the open request's error event below.
      upgradeTx.done.catch(() => undefined);
      const newVersion = event.newVersion ?? version;
      upgrade(wrap(request.result), event.oldVersion, newVersion, upgradeTx).catch((error: unknown) => {
        upgradeError = { error };
        abortIfActive(tx);
      });
    });

    request.addEventListener('blocked', () => {
      if (settled) return;
      settled = true;
      reject(new DatabaseBlockedError());
    });

    request.addEventListener('success', () => {
      const raw = request.result;
      if (settled) {
        // Unblocked after we already told the caller it failed: nobody holds this connection.
        raw.close();
        return;
      }
      settled = true;
      raw.addEventListener('versionchange', () => {
        raw.close();
        onVersionChange();
      });
      resolve(wrap(raw));
    });

    request.addEventListener('error', () => {
      if (settled) return;
      settled = true;
      reject(upgradeError ? upgradeError.error : request.error);
    });
  });
}

/**
 * Aborts `tx` so nothing it did is kept. A transaction that already finished throws
 * InvalidStateError here; then there is nothing left to undo and the caller's own error,
 * which it rethrows, is the one that matters.
 */
export function abortIfActive(tx: { abort(): void }): void {
  try {
    tx.abort();
  } catch (e) {
    if (errorName(e) !== 'InvalidStateError') throw e;
  }
}
