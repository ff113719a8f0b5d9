// Shared test builders: small valid records and files for importer and store tests.
import type { Example, Rollout } from '../domain/types.ts';

export function makeRollout(over: Partial<Rollout> = {}): Rollout {
  return { prompt: 'v1', score: 3, reasoning: 'Step 2 is wrong.', ...over };
}

export function makeExample(over: Partial<Example> = {}): Example {
  return { id: 'ex-1', input: 'What is 2 + 2?', target: 4, split: 'train', rollouts: [makeRollout()], ...over };
}

/** A file-like Blob from JSONL lines (one string per line). */
export function jsonlBlob(lines: readonly string[]): Blob {
  return new Blob([lines.join('\n') + '\n'], { type: 'application/x-ndjson' });
}
