// The analysis worker's entry run in node with a stand-in `self`: a compare request answers the
// point table at once, then progress, the A-vs-B table, the ranking and done; a cancel stops it
// between slices; a request without the input it does not hold answers missing-input.
import { beforeAll, describe, expect, it } from 'vitest';
import { prepareAnalysis } from '../domain/analysis.ts';
import type { AnalysisInput, PromptRollouts } from '../domain/analysisInput.ts';
import { compareVersions, rankVersions } from '../domain/compare.ts';
import { SPLITS } from '../domain/types.ts';
import type { FromAnalysisWorker, ToAnalysisWorker } from './protocol.ts';

const posted: { msg: FromAnalysisWorker; transfer: Transferable[] }[] = [];
const fakeSelf: {
  onmessage: ((e: MessageEvent<ToAnalysisWorker>) => void) | null;
  postMessage: (m: FromAnalysisWorker, t?: Transferable[]) => void;
} = {
  onmessage: null,
  postMessage: (msg, transfer = []) => posted.push({ msg, transfer }),
};

beforeAll(async () => {
  (globalThis as unknown as { self: typeof fakeSelf }).self = fakeSelf;
  await import('./analysis.worker.ts');
});

const send = (m: ToAnalysisWorker) => fakeSelf.onmessage!({ data: m } as MessageEvent<ToAnalysisWorker>);
const of = (id: number) => posted.filter((p) => p.msg.id === id).map((p) => p.msg);
async function until(id: number, type: string) {
  for (let i = 0; i < 2000 && !of(id).some((m) => m.type === type); i++) await new Promise((r) => setTimeout(r, 1));
}

/** 3000 test examples, three versions with different noise (enough work for several 100 ms slices at 1000 resamples). */
function input(n = 3000): AnalysisInput {
  const targets = Float64Array.from({ length: n }, (_, i) => (i * 37) % 11);
  const prompts: PromptRollouts[] = [0.5, 2, 4].map((k, v) => ({
    prompt: `v${v + 1}`,
    offsets: Int32Array.from({ length: n + 1 }, (_, e) => e),
    scores: Float64Array.from(targets, (t, i) => t + (((i * 7919 + v * 104729) % 97) / 97 - 0.5) * 2 * k),
    rail: null,
  }));
  return { n, scale: { min: 0, max: 10 }, targets, splits: new Uint8Array(n).fill(SPLITS.indexOf('test')), prompts };
}

const options = { split: 'test' as const, seed: 3, resamples: 1000 };

describe('analysis worker: compare', () => {
  it('answers points, progress, the A-vs-B table, the ranking and done, with the domain’s numbers', async () => {
    const expected = prepareAnalysis(input());
    send({ id: 1, type: 'compare', key: 'k', input: input(), request: { a: 'v1', b: 'v3', predictor: 'mean', options } });
    await until(1, 'done');
    const msgs = of(1);
    const types = msgs.map((m) => m.type).filter((t, i, all) => t !== all[i - 1]);
    expect(types.slice(0, 2)).toEqual(['compare-points', 'compare-progress']);
    expect(types[types.indexOf('compared') + 1]).toBe('compare-context'); // after the table's intervals
    expect(types.filter((t) => t !== 'compare-progress')).toEqual(['compare-points', 'compared', 'compare-context', 'ranked', 'done']);
    const points = msgs.find((m) => m.type === 'compare-points')!;
    const compared = msgs.find((m) => m.type === 'compared')!;
    const ranked = msgs.find((m) => m.type === 'ranked')!;
    const want = compareVersions(expected, 0, 2, 'mean', options);
    if (points.type !== 'compare-points' || compared.type !== 'compared' || ranked.type !== 'ranked') throw new Error('types');
    expect(points.points.metrics.map((m) => m.delta)).toEqual(want.metrics.map((m) => m.delta));
    expect(points.pairs.index).toEqual(want.common.index);
    expect(points.predictors).toEqual(['mean', 'median', 'first']);
    expect(compared.comparison).toEqual(want);
    expect(compared.deltaCcc).toHaveLength(1000);
    expect(ranked.ranking).toEqual(rankVersions(expected, 'mean', options));
    // Typed arrays are transferred, not copied.
    const transferred = posted.filter((p) => p.msg.id === 1 && p.transfer.length > 0).map((p) => [p.msg.type, p.transfer.length]);
    expect(transferred).toEqual([
      ['compare-points', 4],
      ['compared', 1],
      ['compare-context', 3],
    ]);
    // The context: every version's diagnostics, and one target and A/B prediction per example (v1 and v3's means).
    const context = msgs.find((m) => m.type === 'compare-context')!;
    if (context.type !== 'compare-context') throw new Error('no context');
    expect(context.context.diagnostics.map((d) => d.name)).toEqual(expected.prompts.map((p) => p.rollouts.prompt));
    expect(Array.from(context.context.targets)).toEqual(Array.from(expected.input.targets));
    expect(Array.from(context.context.a!)).toEqual(Array.from(expected.prompts[0]!.predictions.find((p) => p.id === 'mean')!.values));
    expect(Array.from(context.context.b!)).toEqual(Array.from(expected.prompts[2]!.predictions.find((p) => p.id === 'mean')!.values));
    // Progress over both phases, increasing, below 1.
    const progress = msgs.flatMap((m) => (m.type === 'compare-progress' ? [m.done / m.total] : []));
    expect(progress.every((v, i) => v > 0 && v < 1 && (i === 0 || v >= progress[i - 1]!))).toBe(true);
  });

  it('stops at a cancel between slices and keeps the input for the next request', async () => {
    // Many resamples, so the job is far from done when the cancel lands (it is read after the running slice).
    const long = { ...options, resamples: 20_000 };
    send({ id: 2, type: 'compare', key: 'k', input: null, request: { a: 'v2', b: 'v1', predictor: 'median', options: long } });
    await until(2, 'compare-progress');
    send({ id: 2, type: 'cancel' });
    await new Promise((r) => setTimeout(r, 300));
    const count = of(2).length;
    await new Promise((r) => setTimeout(r, 300));
    expect(of(2)).toHaveLength(count); // nothing after the slice the cancel found running
    expect(of(2).map((m) => m.type)).not.toContain('ranked');
    expect(of(2).map((m) => m.type)).not.toContain('done');
    send({
      id: 3,
      type: 'compare',
      key: 'k',
      input: null,
      request: { a: 'v1', b: 'v1', predictor: 'mean', options: { ...options, resamples: 10 } },
    });
    await until(3, 'done');
    const compared = of(3).find((m) => m.type === 'compared');
    expect(compared?.type === 'compared' && compared.comparison.identical).toBe(true);
  });

  it('answers missing-input for a key it does not hold, and an error for an unknown version', async () => {
    send({ id: 4, type: 'compare', key: 'other', input: null, request: { a: 'v1', b: 'v2', predictor: 'mean', options } });
    await until(4, 'missing-input');
    expect(of(4)).toEqual([{ id: 4, type: 'missing-input' }]);
    send({ id: 5, type: 'compare', key: 'k2', input: input(10), request: { a: 'v1', b: 'nope', predictor: 'mean', options } });
    await until(5, 'error');
    expect(of(5)).toEqual([{ id: 5, type: 'error', message: 'no prompt version "nope" (the dataset has: v1, v2, v3)' }]);
  });
});
