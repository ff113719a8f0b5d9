import { describe, expect, it } from 'vitest';
import type { AnalysisInput } from '../domain/analysisInput.ts';
import { createAnalysisClient } from './analysisClient.ts';
import type { FromAnalysisWorker, ToAnalysisWorker } from './protocol.ts';

/** A stand-in Worker: records messages (and transfer lists) and lets the test reply. */
class FakeWorker {
  onmessage: ((e: MessageEvent<FromAnalysisWorker>) => void) | null = null;
  onerror: ((e: ErrorEvent) => void) | null = null;
  sent: { msg: ToAnalysisWorker; transfer: Transferable[] }[] = [];
  terminated = false;
  postMessage(msg: ToAnalysisWorker, transfer: Transferable[] = []) {
    this.sent.push({ msg, transfer });
  }
  terminate() {
    this.terminated = true;
  }
  reply(m: FromAnalysisWorker) {
    this.onmessage?.({ data: m } as MessageEvent<FromAnalysisWorker>);
  }
}

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
  const workers: FakeWorker[] = [];
  let builds = 0;
  const client = createAnalysisClient(() => {
    const w = new FakeWorker();
    workers.push(w);
    return w as unknown as Worker;
  });
  const build = async () => {
    builds++;
    return input();
  };
  return { client, workers, build, builds: () => builds };
}

const last = (w: FakeWorker) => w.sent[w.sent.length - 1]!;
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
});
