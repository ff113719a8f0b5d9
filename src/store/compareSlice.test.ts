import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { compareVersions, rankVersions } from '../domain/compare.ts';
import { prepareAnalysis } from '../domain/analysis.ts';
import { jsonlBlob } from '../test/builders.ts';
import { createTestStore } from '../test/testStore.ts';
import { resolveVersions } from './compareSlice.ts';
import { buildCurrentInput } from './analysisSlice.ts';
import { selectCurrentInfo } from './selectors.ts';

// 60 test examples, 10 train, two without a target: "good" tracks the target closely, "noisy"
// less so, "flat" hardly at all. Deterministic noise from the index.
const noise = (i: number, k: number) => ((((i * 7919 + k * 104729) % 97) / 97) * 2 - 1) * k;
const example = (i: number, split: string, target: number | null) =>
  JSON.stringify({
    id: `e${i}`,
    split,
    ...(target === null ? {} : { target }),
    rollouts: [
      { prompt: 'good', score: (target ?? 5) + noise(i, 0.5) },
      { prompt: 'noisy', score: (target ?? 5) + noise(i, 3) },
      { prompt: 'flat', score: 5 + noise(i, 1) },
    ],
  });
const lines = [
  '{"rir_dataset": {"name": "three", "scale": {"min": 0, "max": 10}}}',
  ...Array.from({ length: 60 }, (_, i) => example(i, 'test', (i * 37) % 11)),
  ...Array.from({ length: 10 }, (_, i) => example(100 + i, 'train', (i * 3) % 11)),
  example(200, 'test', null),
  example(201, 'test', null),
];

async function opened(file = lines) {
  const t = createTestStore();
  await t.store.getState().init();
  await t.store.getState().chooseFile(jsonlBlob(file), 'three.jsonl');
  return t;
}

const tick = () => new Promise((r) => setTimeout(r, 0));

describe('resolveVersions', () => {
  const order = ['v1', 'v2', 'v3'];
  it('defaults to the first two versions, keeps known names, replaces unknown ones by the first other version', () => {
    expect(resolveVersions(order, null, null)).toEqual({ a: 'v1', b: 'v2' });
    expect(resolveVersions(order, 'v3', 'v1')).toEqual({ a: 'v3', b: 'v1' });
    expect(resolveVersions(order, 'v2', 'v2')).toEqual({ a: 'v2', b: 'v2' });
    expect(resolveVersions(order, 'v1', null)).toEqual({ a: 'v1', b: 'v2' });
    expect(resolveVersions(order, 'v2', 'nope')).toEqual({ a: 'v2', b: 'v1' });
    expect(resolveVersions(order, 'nope', 'v1')).toEqual({ a: 'v2', b: 'v1' });
    expect(resolveVersions(['only'], null, null)).toEqual({ a: 'only', b: 'only' });
    expect(resolveVersions([], 'x', null)).toBeNull();
  });
});

describe('compare slice', () => {
  it('runs the comparison of the first two versions: points, the A-vs-B table, then the ranking', async () => {
    const { store } = await opened();
    const seen: string[] = [];
    const unsubscribe = store.subscribe((s, prev) => {
      if (s.compare?.points && !prev.compare?.points) seen.push('points');
      if (s.compare?.comparison && !prev.compare?.comparison) seen.push('compared');
      if (s.compare?.rankingFinal && !prev.compare?.rankingFinal) seen.push('ranked');
    });
    await store.getState().runCompare();
    unsubscribe();
    expect(seen).toEqual(['points', 'compared', 'ranked']);
    const run = store.getState().compare!;
    expect(run).toMatchObject({ status: 'done', phase: 'done', progress: 1, error: null });
    expect(run.request).toEqual({ a: 'good', b: 'noisy', predictor: 'mean', options: { split: 'test', seed: 0, resamples: 1000 } });

    // The same numbers as the domain functions on the same input.
    const info = selectCurrentInfo(store.getState())!;
    const prepared = prepareAnalysis(await buildCurrentInput(store.getState(), info));
    const expected = compareVersions(prepared, 0, 1, 'mean');
    expect(run.comparison).toEqual(expected);
    expect(run.ranking).toEqual(rankVersions(prepared, 'mean'));
    expect(run.points!.metrics.map((m) => m.delta)).toEqual(expected.metrics.map((m) => m.delta));
    expect(run.comparison!.common).toMatchObject({ examples: 62, n: 60, leftOut: { noTarget: 2 } });

    // The compared examples with their targets and predictions, for the charts.
    const pairs = run.pairs!;
    expect(pairs.index).toEqual(expected.common.index);
    expect(pairs.target).toHaveLength(60);
    expect(pairs.a[0]).toBe(prepared.prompts[0]!.predictions.find((p) => p.id === 'mean')!.values[pairs.index[0]!]);
    expect(pairs.b[0]).toBe(prepared.prompts[1]!.predictions.find((p) => p.id === 'mean')!.values[pairs.index[0]!]);

    // Δ CCC per resample: its percentile interval is the table's CI.
    expect(run.deltaCcc).toHaveLength(1000);
    const sorted = [...run.deltaCcc!].sort((x, y) => x - y);
    const ci = run.comparison!.metrics[0]!.ci!;
    expect(ci[0]).toBeGreaterThanOrEqual(sorted[0]!);
    expect(ci[1]).toBeLessThanOrEqual(sorted[999]!);
    expect(sorted[24]!).toBeLessThanOrEqual(ci[0]);
    expect(sorted[975]!).toBeGreaterThanOrEqual(ci[1]);

    expect(run.predictors).toEqual(expect.arrayContaining(['mean', 'median', 'first', 'linear', 'isotonic']));
    expect(run.ranking!.versions.map((v) => v.name)).toEqual(['good', 'noisy', 'flat']);
  });

  it('does not run the same comparison twice, and runs again when the input changes (scale edited)', async () => {
    const { store, analyzer } = await opened();
    await store.getState().runCompare();
    const first = store.getState().compare!;
    await store.getState().runCompare();
    expect(store.getState().compare).toBe(first);
    expect(analyzer.compares).toBe(1);
    await store.getState().setScale(store.getState().currentId!, { min: 0, max: 20 });
    await store.getState().runCompare();
    expect(analyzer.compares).toBe(2);
    expect(store.getState().compare!.inputKey).not.toBe(first.inputKey);
  });

  it('a newer request aborts the running one; only the newer one lands', async () => {
    const { store } = await opened();
    const first = store.getState().runCompare();
    await tick();
    store.getState().setCompareOptions({ a: 'good', b: 'flat', split: 'all' });
    const second = store.getState().runCompare();
    await Promise.all([first, second]);
    const run = store.getState().compare!;
    expect(run.status).toBe('done');
    expect(run.request).toMatchObject({ a: 'good', b: 'flat', options: { split: 'all' } });
    expect(run.points!.b.name).toBe('flat');
    expect(run.comparison!.b.name).toBe('flat');
    expect(run.comparison!.common.examples).toBe(72);
  });

  it('cancel stops the bootstrap and keeps what arrived; a forced run computes it all', async () => {
    const { store, analyzer } = await opened();
    const running = store.getState().runCompare();
    for (let i = 0; i < 100 && !(store.getState().compare?.progress ?? 0); i++) await tick();
    const before = store.getState().compare!;
    expect(before.points).not.toBeNull();
    expect(before.progress).toBeGreaterThan(0);
    expect(before.progress).toBeLessThan(1);
    store.getState().cancelCompare();
    await running;
    for (let i = 0; i < 30; i++) await tick();
    const after = store.getState().compare!;
    expect(after.status).toBe('cancelled');
    expect(after.progress).toBe(before.progress);
    expect(after.points).toBe(before.points);
    expect(after.rankingFinal).toBe(false);
    // Same request again: a cancelled run is not restarted by itself…
    await store.getState().runCompare();
    expect(store.getState().compare).toBe(after);
    expect(analyzer.compares).toBe(1);
    // …only on request.
    await store.getState().runCompare({ force: true });
    expect(store.getState().compare).toMatchObject({ status: 'done', rankingFinal: true });
  });

  it('a predictor no version has: every row says why; an unknown version falls back to the default', async () => {
    const { store } = await opened();
    store.getState().setCompareOptions({ predictor: 'calibrator', a: 'missing', b: 'good' });
    await store.getState().runCompare();
    const run = store.getState().compare!;
    expect(run.status).toBe('done');
    expect(run.request).toMatchObject({ a: 'noisy', b: 'good' });
    for (const m of run.comparison!.metrics) expect(m.text).toMatch(/^no verdict on .*Calibrator is not available for noisy/);
    expect(run.ranking!.versions.every((v) => v.rank === null && v.ccc === null)).toBe(true);
  });

  it('needs two prompt versions, and forgets the comparison when another dataset opens', async () => {
    const { store } = await opened();
    await store.getState().runCompare();
    expect(store.getState().compare).not.toBeNull();
    const one = ['{"id": "x", "target": 1, "rollouts": [{"prompt": "v1", "score": 1}]}'];
    await store.getState().chooseFile(jsonlBlob(one), 'one.jsonl');
    expect(store.getState().compare).toBeNull();
    expect(store.getState().compareOptions).toMatchObject({ a: null, b: null });
    await store.getState().runCompare();
    expect(store.getState().compare).toBeNull();
  });
});
