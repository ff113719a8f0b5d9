import { afterEach, describe, expect, it, vi } from 'vitest';
import { requestPersistentStorage, storageStatus } from './storageEstimate.ts';

describe('storage status', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('reports usage, quota and persistence from the StorageManager', async () => {
    const persist = vi.fn(async () => true);
    vi.stubGlobal('navigator', {
      storage: { estimate: async () => ({ usage: 1234, quota: 5678 }), persisted: async () => false, persist },
    });
    expect(await storageStatus()).toEqual({ usageBytes: 1234, quotaBytes: 5678, persisted: false });
    expect(await requestPersistentStorage()).toBe(true);
    expect(persist).toHaveBeenCalledOnce();
  });

  it('says null / false where the API is missing', async () => {
    vi.stubGlobal('navigator', {});
    expect(await storageStatus()).toBeNull();
    expect(await requestPersistentStorage()).toBe(false);
  });
});
