// Tests of persist/openIdb.ts (blocked, failed upgrades) against fake-indexeddb. No React or store.
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { describe, expect, it, vi } from 'vitest';
import { openIdb, type OpenIdbOptions } from './openIdb.ts';
import { DatabaseBlockedError } from './storageErrors.ts';

const NAME = 'open-idb-test';

/** Opens with raw IndexedDB calls; `onUpgrade` runs in upgradeneeded. Rejects if blocked. */
function openRaw(factory: IDBFactory, version?: number, onUpgrade?: (db: IDBDatabase, oldVersion: number) => void) {
  return new Promise<IDBDatabase>((resolve, reject) => {
    const req = factory.open(NAME, version);
    req.onupgradeneeded = (e) => onUpgrade?.(req.result, e.oldVersion);
    req.onblocked = () => reject(new Error('blocked'));
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

function options(factory: IDBFactory, over: Partial<OpenIdbOptions> = {}): OpenIdbOptions {
  return { factory, name: NAME, version: 2, upgrade: async () => {}, onVersionChange: () => {}, ...over };
}

describe('openIdb', () => {
  it('passes the stored and requested versions to upgrade', async () => {
    const factory = new IDBFactory();
    const upgrade = vi.fn(async (db: { createObjectStore(name: string): unknown }) => {
      db.createObjectStore('things');
    });
    const db = await openIdb(options(factory, { upgrade }));
    expect(upgrade).toHaveBeenCalledOnce();
    expect(upgrade.mock.calls[0]?.slice(1, 3)).toEqual([0, 2]);
    expect([...db.objectStoreNames]).toEqual(['things']);
    db.close();
  });

  it('rejects with the upgrade error and leaves the database at its old version', async () => {
    const factory = new IDBFactory();
    (await openRaw(factory, 1, (db) => db.createObjectStore('a'))).close();
    const boom = new Error('boom');
    const failing = openIdb(
      options(factory, {
        upgrade: async (db) => {
          db.createObjectStore('b');
          throw boom;
        },
      }),
    );
    await expect(failing).rejects.toBe(boom);
    const raw = await openRaw(factory);
    expect(raw.version).toBe(1);
    expect([...raw.objectStoreNames]).toEqual(['a']);
    raw.close();
  });

  it('rejects with DatabaseBlockedError while an older connection stays open, then abandons the open', async () => {
    const factory = new IDBFactory();
    const old = await openRaw(factory, 1, (db) => db.createObjectStore('a'));
    const upgrade = vi.fn(async () => {});
    await expect(openIdb(options(factory, { upgrade }))).rejects.toBeInstanceOf(DatabaseBlockedError);

    old.close();
    // Queued behind the abandoned open: it must neither have upgraded nor be holding a connection.
    const oldVersions: number[] = [];
    const next = await openRaw(factory, 3, (_db, oldVersion) => oldVersions.push(oldVersion));
    expect(upgrade).not.toHaveBeenCalled();
    expect(oldVersions).toEqual([1]);
    next.close();
  });

  it('closes the connection and reports it when another tab asks for a newer version', async () => {
    const factory = new IDBFactory();
    const onVersionChange = vi.fn();
    const db = await openIdb(options(factory, { onVersionChange }));
    const newer = await openRaw(factory, 3);
    expect(onVersionChange).toHaveBeenCalledOnce();
    expect(() => db.transaction([])).toThrow();
    newer.close();
  });
});
