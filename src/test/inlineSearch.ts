// The search worker's job run on this thread (node tests of the store): searchCore.ts directly, no
// Worker. Keeps the latest dataset's texts as the worker does.
import type { WorkbenchDb } from '../persist/db.ts';
import { createSearchCore } from '../workers/searchCore.ts';
import type { SearchClient } from '../workers/searchClient.ts';

export interface InlineSearchClient extends SearchClient {
  /** Searches started so far. */
  searches: number;
}

export function createInlineSearchClient(openDb: () => Promise<WorkbenchDb>): InlineSearchClient {
  const core = createSearchCore(openDb);
  const client: InlineSearchClient = {
    searches: 0,
    search(datasetId, text, job) {
      client.searches++;
      return core.search(datasetId, text, job);
    },
  };
  return client;
}
