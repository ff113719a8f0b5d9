import { describe, expect, it } from 'vitest';
import type { AnalysisInput } from '../domain/analysisInput.ts';
import { createAnalysisClient } from './analysisClient.ts';
import type { FromAnalysisWorker, ToAnalysisWorker } from './protocol.ts';
import { fakeWorkers, type FakeWorker } from '../test/fakeWorker.ts';

const options = { split: 'test' as const, seed: 0, resamples: 10 };
const input = (): AnalysisInput => ({
  n: 1,
  scale: { min: 0, max: 1 },
  targets: new Float64Array(1),
  splits: new Uint8Array(1),
  prompts: [],
});
const job = () => ({ onEstimates: () => undefined, onCis: () => undefined });

function setup() {
  const { spawn, workers } = fakeWorkers<ToAnalysisWorker, FromAnalysisWorker>();
  let builds = 0;
  const client = createAnalysisClient(spawn);
  const build = async () => {
    builds++;
    return input();
  };
  return { client, workers, build, builds: () => builds };
}

const last = (w: FakeWorker<ToAnalysisWorker, FromAnalysisWorker>) => w.sent[w.sent.length - 1]!;
const flush = () => new Promise((r) => setTimeout(r, 0));

describe('analysis client', () => {
  it('transfers the input once per key and sends only the options afterwards', async () => {
    const { client, workers, build, builds } = setup();
    const a = client.analyze('k1', build, options, job());
    await flush();
    const w = workers[0]!;
    expect(last(w).msg).toMatchObject({ type: 'analyze', key: 'k1' });
    expect((last(w).msg as { input: unknown }).input).not.toBeNull();
    expect(last(w).transfer.length).toBe(2); // targets and splits buffers
    w.reply({ id: last(w).msg.id, type: 'done' });
    await a;

    const b = client.analyze('k1', build, { ...options, split: 'val' }, job());
    await flush();
    expect((last(w).msg as { input: unknown }).input).toBeNull();
    w.reply({ id: last(w).msg.id, type: 'done' });
    await b;
    expect(builds()).toBe(1);
  });

  it('sends the input again when the worker says it lost it', async () => {
    const { client, workers, build, builds } = setup();
    const a = client.analyze('k1', build, options, job());
    await flush();
    const w = workers[0]!;
    w.reply({ id: last(w).msg.id, type: 'done' });
    await a;
    const b = client.analyze('k1', build, options, job());
    await flush();
    w.reply({ id: last(w).msg.id, type: 'missing-input' });
    await flush();
    expect((last(w).msg as { input: unknown }).input).not.toBeNull();
    w.reply({ id: last(w).msg.id, type: 'done' });
    await b;
    expect(builds()).toBe(2);
  });

  it('routes estimates and CIs to the job, and asks the worker to cancel on abort instead of killing it', async () => {
    const { client, workers, build } = setup();
    const seen: string[] = [];
    const controller = new AbortController();
    const p = client.analyze('k1', build, options, {
      onEstimates: () => seen.push('estimates'),
      onCis: (pi, ri) => seen.push(`cis ${pi}.${ri}`),
      signal: controller.signal,
    });
    await flush();
    const w = workers[0]!;
    const id = last(w).msg.id;
    w.reply({ id, type: 'estimates', report: {} as never, table: null });
    w.reply({ id, type: 'cis', prompt: 0, predictor: 2, cis: null });
    controller.abort(new DOMException('superseded', 'AbortError'));
    await expect(p).rejects.toThrow('superseded');
    expect(seen).toEqual(['estimates', 'cis 0.2']);
    expect(last(w).msg).toEqual({ id, type: 'cancel' });
    expect(w.terminated).toBe(false);
  });

  it('runs a comparison on the held input: routes points, progress, the A-vs-B table and the ranking, resolves on done', async () => {
    const { client, workers, build, builds } = setup();
    const a = client.analyze('k1', build, options, job());
    await flush();
    const w = workers[0]!;
    w.reply({ id: last(w).msg.id, type: 'done' });
    await a;

    const seen: string[] = [];
    const request = { a: 'v1', b: 'v2', predictor: 'mean' as const, options };
    const p = client.compare('k1', build, request, {
      onPoints: (_points, pairs, predictors) => seen.push(`points ${pairs.index.length} ${predictors.join(',')}`),
      onProgress: (share, phase) => seen.push(`${phase} ${share}`),
      onCompared: (_c, deltaCcc) => seen.push(`compared ${deltaCcc.length}`),
      onRanked: () => seen.push('ranked'),
    });
    await flush();
    const sent = last(w).msg;
    expect(sent).toMatchObject({ type: 'compare', key: 'k1', input: null, request });
    const pairs = { index: new Int32Array(3), target: new Float64Array(3), a: new Float64Array(3), b: new Float64Array(3) };
    w.reply({ id: sent.id, type: 'compare-points', points: {} as never, pairs, predictors: ['mean', 'median'], ranking: {} as never });
    w.reply({ id: sent.id, type: 'compare-progress', phase: 'pair', done: 5, total: 20 });
    w.reply({ id: sent.id, type: 'compared', comparison: {} as never, deltaCcc: new Float64Array(10) });
    w.reply({ id: sent.id, type: 'compare-progress', phase: 'ranking', done: 15, total: 20 });
    w.reply({ id: sent.id, type: 'ranked', ranking: {} as never });
    w.reply({ id: sent.id, type: 'done' });
    await p;
    expect(seen).toEqual(['points 3 mean,median', 'pair 0.25', 'compared 10', 'ranking 0.75', 'ranked']);
    expect(builds()).toBe(1);
  });

  it('sends the input with a comparison when the worker does not hold it, and cancels a comparison on abort', async () => {
    const { client, workers, build, builds } = setup();
    const controller = new AbortController();
    const noop = { onPoints: () => undefined, onCompared: () => undefined, onRanked: () => undefined, signal: controller.signal };
    const p = client.compare('k2', build, { a: 'v1', b: 'v1', predictor: 'median', options }, noop);
    await flush();
    const w = workers[0]!;
    const sent = last(w);
    expect(sent.msg).toMatchObject({ type: 'compare', key: 'k2' });
    expect((sent.msg as { input: unknown }).input).not.toBeNull();
    expect(sent.transfer.length).toBe(2);
    controller.abort(new DOMException('cancelled', 'AbortError'));
    await expect(p).rejects.toThrow('cancelled');
    expect(last(w).msg).toEqual({ id: sent.msg.id, type: 'cancel' });
    expect(w.terminated).toBe(false);
    expect(builds()).toBe(1);
  });
});
