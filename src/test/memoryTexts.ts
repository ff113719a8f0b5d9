// The text of examples held in memory, served as the store's ExampleTexts serves stored text (the same
// createExampleTexts, its chunks read from these examples): for component and store tests.
import type { Example } from '../domain/types.ts';
import { createExampleTexts, type ExampleTexts } from '../store/exampleTexts.ts';

export function exampleTextsInMemory(examples: readonly Example[], datasetId = 'd', chunkSize = 4): ExampleTexts {
  const starts: number[] = [];
  for (let s = 0; s < examples.length; s += chunkSize) starts.push(s);
  const db = {
    loadChunk: async (_: string, c: number) => (c < starts.length ? examples.slice(c * chunkSize, (c + 1) * chunkSize) : undefined),
  };
  return createExampleTexts(
    async () => db,
    datasetId,
    examples.map((e) => e.id),
    Int32Array.from(starts),
  );
}
