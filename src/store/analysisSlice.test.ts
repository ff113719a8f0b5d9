import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { jsonlBlob } from '../test/builders.ts';
import { createTestStore } from '../test/testStore.ts';

// Twelve examples: train (linear fit), test (evaluated), one unlabelled.
const lines = [
  '{"rir_dataset": {"name": "tiny", "scale": {"min": 0, "max": 10}}}',
  ...[1, 3, 4, 6, 8, 9].map((t, i) =>
    JSON.stringify({ id: `x${i}`, split: 'test', target: t, rollouts: [{ prompt: 'v1', score: t + (i % 2) }] }),
  ),
  ...[2, 5, 7, 8].map((t, i) => JSON.stringify({ id: `t${i}`, split: 'train', target: t, rollouts: [{ prompt: 'v1', score: t - 1 }] })),
  JSON.stringify({ id: 'u', split: 'test', rollouts: [{ prompt: 'v1', score: 4 }] }),
];

async function opened() {
  const t = createTestStore();
  await t.store.getState().init();
  await t.store.getState().chooseFile(jsonlBlob(lines), 'tiny.jsonl');
  return t;
}

describe('analysis slice', () => {
  it('runs the report for the open dataset: estimates, then every CI', async () => {
    const { store } = await opened();
    await store.getState().runAnalysis();
    const run = store.getState().analysis!;
    expect(run.status).toBe('done');
    expect(run.pendingCis).toBe(0);
    expect(run.report).toMatchObject({ split: 'test', examples: 7, labelled: 6 });
    const mean = run.report!.prompts[0]!.predictors.find((p) => p.id === 'mean')!;
    // Predictions = target + (0, 1, 0, 1, 0, 1): bias is exactly 0.5.
    expect(mean.metrics.bias).toBeCloseTo(0.5, 12);
    expect(run.report!.prompts[0]!.predictors.every((p) => p.cis !== null)).toBe(true);
    const table = store.getState().analysisTable!;
    expect(table.inputKey).toBe(run.inputKey);
    expect(table.table.n).toBe(11);
    expect(run.estimatesMs).not.toBeNull();
  });

  it('reuses the input when only the split or seed change, and rebuilds it when the scale changes', async () => {
    const { store, analyzer } = await opened();
    await store.getState().runAnalysis();
    const first = store.getState().analysis!;
    await store.getState().runAnalysis();
    expect(store.getState().analysis).toBe(first); // same request: nothing re-run
    store.getState().setAnalysisOptions({ split: 'train' });
    await store.getState().runAnalysis();
    expect(store.getState().analysis!.report!.examples).toBe(4);
    expect(analyzer.builds).toBe(1);
    await store.getState().setScale(store.getState().currentId!, { min: 0, max: 20 });
    await store.getState().runAnalysis();
    expect(analyzer.builds).toBe(2);
  });

  it('a newer request supersedes a running one', async () => {
    const { store } = await opened();
    const a = store.getState().runAnalysis();
    store.getState().setAnalysisOptions({ split: 'all' });
    const b = store.getState().runAnalysis();
    await Promise.all([a, b]);
    const run = store.getState().analysis!;
    expect(run.options.split).toBe('all');
    expect(run.status).toBe('done');
    expect(run.report!.examples).toBe(11);
  });

  // Regression: Analyze charted the previous dataset's table (by example index) against the new
  // dataset's examples for one render after a switch, and crashed on an example that did not exist.
  it('forgets the last analysis when another dataset opens', async () => {
    const { store } = await opened();
    await store.getState().runAnalysis();
    expect(store.getState().analysisTable).not.toBeNull();
    await store.getState().chooseFile(jsonlBlob(lines.slice(0, 3)), 'two.jsonl');
    expect(store.getState().examples).toHaveLength(2);
    expect(store.getState().analysis).toBeNull();
    expect(store.getState().analysisTable).toBeNull();
    await store.getState().runAnalysis();
    expect(store.getState().analysisTable!.table.n).toBe(2);
  });
});
