// An input nested 10,000 levels deep (issue 14.3) is imported, exported and packed for reflection
// without overflowing the stack; exports keep every level.
import { describe, expect, it } from 'vitest';
import { foldLabels } from '../domain/labels.ts';
import { buildReflectionPack, reflectionMarkdown } from '../domain/reflection.ts';
import type { JsonValue } from '../domain/types.ts';
import { makeDatasetInfo, makeExample, makeRollout } from '../test/builders.ts';
import { datasetJsonl } from './labelExport.ts';

const DEPTH = 10_000;
const deepText = `{"tree":${'{"a":'.repeat(DEPTH)}"bottom"${'}'.repeat(DEPTH)}}`;

describe('an input 10,000 levels deep', () => {
  it('is exported whole in the dataset JSONL', () => {
    const input = JSON.parse(deepText) as JsonValue;
    const ex = makeExample({ id: 'deep', input, target: 2, rollouts: [makeRollout({ prompt: 'v1', score: 3 })] });
    const line = datasetJsonl(makeDatasetInfo('d'), [ex], foldLabels([])).trim().split('\n')[1]!;
    expect(line.startsWith(`{"id":"deep","input":${deepText},`)).toBe(true);
  });

  it('goes into the reflection pack cut at 50 levels', () => {
    const input = JSON.parse(deepText) as JsonValue;
    const pack = buildReflectionPack(
      {
        datasetName: 'd',
        prompt: 'v1',
        promptText: 'Rate it.',
        predictorLabel: 'Mean',
        examples: [{ id: 'deep', split: 'train', input, rollouts: [{ prompt: 'v1', score: 1 }] }],
        targets: Float64Array.of(5),
        predictions: Float64Array.of(1),
      },
      { maxInputChars: 50_000 },
    );
    expect(pack.examples).toHaveLength(1);
    expect(reflectionMarkdown(pack)).toContain('… 9951 more levels');
  });
});
