// Shared test builders: small valid records and files for importer and store tests.
import type { DatasetInfo, Example, Rollout } from '../domain/types.ts';

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

export function makeDatasetInfo(id: string, over: Partial<DatasetInfo> = {}): DatasetInfo {
  return {
    id,
    name: `Dataset ${id}`,
    source: `${id}.jsonl`,
    createdAt: 1_700_000_000_000,
    scale: { min: 0, max: 10, step: 0.5 },
    scaleSource: 'header',
    prompts: { v1: 'Rate the proof' },
    promptOrder: ['v1', 'v2'],
    exampleCount: 0,
    rejected: [{ line: 3, field: 'score', message: 'not a number' }],
    rejectedCount: 1,
    warnings: [],
    warningCount: 0,
    contentHash: `hash-${id}`,
    ...over,
  };
}

/**
 * A copy of the JSON text `json` with the value at `path` (dot-separated; numbers index arrays)
 * replaced by `value`: a manifest with one field broken, for the refusal tests.
 */
export function withValueAt(json: string, path: string, value: unknown): Record<string, unknown> {
  const j = JSON.parse(json) as Record<string, unknown>;
  const keys = path.split('.');
  let at = j;
  for (const key of keys.slice(0, -1)) at = at[key] as Record<string, unknown>;
  at[keys[keys.length - 1]!] = value;
  return j;
}
