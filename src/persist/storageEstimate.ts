// How much browser storage the workbench uses, and whether the browser may evict it. Wraps the
// StorageManager API (absent in node and some browsers: then `null`).

export interface StorageStatus {
  usageBytes: number;
  quotaBytes: number;
  /** True when the browser promised not to evict this origin's data under storage pressure. */
  persisted: boolean;
}

interface StorageManagerLike {
  estimate(): Promise<{ usage?: number; quota?: number }>;
  persisted?(): Promise<boolean>;
  persist?(): Promise<boolean>;
}

function manager(): StorageManagerLike | undefined {
  return (globalThis as { navigator?: { storage?: StorageManagerLike } }).navigator?.storage;
}

export async function storageStatus(): Promise<StorageStatus | null> {
  const m = manager();
  if (!m) return null;
  const [{ usage = 0, quota = 0 }, persisted] = await Promise.all([m.estimate(), m.persisted?.() ?? Promise.resolve(false)]);
  return { usageBytes: usage, quotaBytes: quota, persisted };
}

/**
 * Asks the browser to keep this origin's data under storage pressure (datasets and labels are
 * the user's work). Chromium decides without a prompt. Resolves to whether it is granted.
 */
export async function requestPersistentStorage(): Promise<boolean> {
  const m = manager();
  return (await m?.persist?.()) ?? false;
}
