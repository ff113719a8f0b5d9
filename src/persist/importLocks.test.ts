import { afterEach, describe, expect, it, vi } from 'vitest';
import { activeImportIds, withImportLock } from './importLocks.ts';

/** A minimal in-memory Web Locks stand-in: exclusive locks by name, query lists the held ones. */
function fakeLocks() {
  const held = new Set<string>();
  return {
    async request<T>(name: string, cb: () => Promise<T>): Promise<T> {
      held.add(name);
      try {
        return await cb();
      } finally {
        held.delete(name);
      }
    },
    async query() {
      return { held: [...held].map((name) => ({ name })) };
    },
  };
}

describe('import locks', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('reports an import as running exactly while its work runs', async () => {
    vi.stubGlobal('navigator', { locks: fakeLocks() });
    let during: ReadonlySet<string> = new Set();
    const result = await withImportLock('ds-1', async () => {
      during = await activeImportIds();
      return 42;
    });
    expect(result).toBe(42);
    expect([...during]).toEqual(['ds-1']);
    expect([...(await activeImportIds())]).toEqual([]);
  });

  it('ignores locks that are not import locks, and works without the Web Locks API', async () => {
    const locks = fakeLocks();
    vi.stubGlobal('navigator', { locks });
    await locks.request('something-else', async () => {
      expect([...(await activeImportIds())]).toEqual([]);
    });
    vi.stubGlobal('navigator', {});
    expect(await withImportLock('x', async () => 'ran')).toBe('ran');
    expect([...(await activeImportIds())]).toEqual([]);
  });
});
