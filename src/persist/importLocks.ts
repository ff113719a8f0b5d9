// Which imports are running, in any tab: each running import holds a Web Lock named for its
// dataset id, so a tab that opens the database does not prune the chunks of another tab's import.
// Uses the Web Locks API (windows and workers); where it is missing, no import is seen as running.

const PREFIX = 'rir-import:';

interface LockManagerLike {
  request<T>(name: string, callback: () => Promise<T>): Promise<T>;
  query(): Promise<{ held?: { name?: string }[] }>;
}

function lockManager(): LockManagerLike | undefined {
  const nav = (globalThis as { navigator?: { locks?: LockManagerLike } }).navigator;
  return nav?.locks;
}

/** Runs `work` (an import writing chunks of `datasetId`) while holding that import's lock. */
export function withImportLock<T>(datasetId: string, work: () => Promise<T>): Promise<T> {
  const locks = lockManager();
  return locks ? locks.request(PREFIX + datasetId, work) : work();
}

/** Dataset ids whose import is running in some tab of this origin. */
export async function activeImportIds(): Promise<ReadonlySet<string>> {
  const locks = lockManager();
  if (!locks) return new Set();
  const { held = [] } = await locks.query();
  return new Set(
    held
      .map((l) => l.name ?? '')
      .filter((n) => n.startsWith(PREFIX))
      .map((n) => n.slice(PREFIX.length)),
  );
}
