// The search client: with a stand-in Worker that the test answers (message routing by id, progress,
// the result, errors, abort posting `cancel` and keeping the worker), and end to end with the worker's
// own handling (searchCore.ts) over fake-indexeddb, messages structured-cloned and the result transferred.
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { columnsOfCores, coreOf } from '../domain/exampleCore.ts';
import { encodeExamples } from '../domain/examplesJson.ts';
import type { Example } from '../domain/types.ts';
import { openWorkbenchDb } from '../persist/db.ts';
import { makeDatasetInfo } from '../test/builders.ts';
import type { FromSearchWorker, ToSearchWorker } from './protocol.ts';
import { createSearchClient } from './searchClient.ts';
import { fakeWorkers } from '../test/fakeWorker.ts';
import { createSearchCore, createSearchHandler } from './searchCore.ts';

function setup() {
  const { spawn, workers } = fakeWorkers<ToSearchWorker, FromSearchWorker>();
  const client = createSearchClient(spawn);
  return { client, workers };
}

describe('search client', () => {
  it('posts a search, routes its progress to the job and resolves with the matches', async () => {
    const { client, workers } = setup();
    const progress: [number, number][] = [];
    const p = client.search('d1', 'Proof', { onProgress: (done, total) => progress.push([done, total]) });
    const w = workers[0]!;
    const { msg } = w.sent[0]!;
    expect(msg).toEqual({ id: msg.id, type: 'search', datasetId: 'd1', text: 'Proof' });
    w.reply({ id: msg.id, type: 'progress', done: 2000, total: 5000 });
    w.reply({ id: msg.id + 7, type: 'progress', done: 1, total: 1 }); // another job's
    w.reply({ id: msg.id, type: 'progress', done: 5000, total: 5000 });
    const matches = Uint8Array.from([1, 0, 1]);
    w.reply({ id: msg.id, type: 'result', matches });
    await expect(p).resolves.toBe(matches);
    expect(progress).toEqual([
      [2000, 5000],
      [5000, 5000],
    ]);
  });

  it('rejects with the worker’s error message', async () => {
    const { client, workers } = setup();
    const p = client.search('d1', 'x');
    workers[0]!.reply({ id: workers[0]!.sent[0]!.msg.id, type: 'error', message: 'The stored dataset d1 is inconsistent' });
    await expect(p).rejects.toThrow('The stored dataset d1 is inconsistent');
  });

  it('aborting posts `cancel` for the job, rejects with the signal’s reason and keeps the worker', async () => {
    const { client, workers } = setup();
    const controller = new AbortController();
    const p = client.search('d1', 'x', { signal: controller.signal });
    const w = workers[0]!;
    const id = w.sent[0]!.msg.id;
    const reason = new DOMException('typed on', 'AbortError');
    controller.abort(reason);
    await expect(p).rejects.toBe(reason);
    expect(w.sent.map((s) => s.msg)).toEqual([
      { id, type: 'search', datasetId: 'd1', text: 'x' },
      { id, type: 'cancel' },
    ]);
    expect(w.terminated).toBe(false);
    w.reply({ id, type: 'cancelled' }); // arrives after the job is gone: ignored
    const q = client.search('d1', 'xy');
    expect(workers).toHaveLength(1);
    const next = w.sent[2]!.msg;
    w.reply({ id: next.id, type: 'result', matches: new Uint8Array([1]) });
    await expect(q).resolves.toEqual(new Uint8Array([1]));
  });

  it('does not post a search whose signal is already aborted', async () => {
    const { client, workers } = setup();
    await expect(client.search('d1', 'x', { signal: AbortSignal.abort(new Error('gone')) })).rejects.toThrow('gone');
    expect(workers).toHaveLength(0);
  });

  it('fails the running search when the worker crashes, and starts a fresh worker for the next', async () => {
    const { client, workers } = setup();
    const p = client.search('d1', 'x');
    workers[0]!.onerror?.({ message: 'boom' } as ErrorEvent);
    await expect(p).rejects.toThrow('search worker failed: boom');
    void client.search('d1', 'x').catch(() => undefined);
    expect(workers).toHaveLength(2);
  });
});

describe('search client + worker handling over IndexedDB', () => {
  /** Runs searchCore's handler in this thread: messages structured-cloned (transfers detach), delivered in later tasks. */
  class InProcessWorker {
    onmessage: ((e: MessageEvent<FromSearchWorker>) => void) | null = null;
    onerror: ((e: ErrorEvent) => void) | null = null;
    received: ToSearchWorker[] = [];
    sentBuffers: ArrayBuffer[] = [];
    private readonly handle;
    constructor(factory: IDBFactory) {
      const core = createSearchCore(() => openWorkbenchDb({ name: 'search-client-test', factory, prune: false }));
      this.handle = createSearchHandler(core, (m, transfer = []) => {
        if (m.type === 'result') this.sentBuffers.push(m.matches.buffer as ArrayBuffer);
        const copy = structuredClone(m, { transfer });
        setTimeout(() => this.onmessage?.({ data: copy } as MessageEvent<FromSearchWorker>), 0);
      });
    }
    postMessage(msg: ToSearchWorker, transfer: Transferable[] = []) {
      const copy = structuredClone(msg, { transfer });
      this.received.push(copy);
      setTimeout(() => this.handle(copy), 0);
    }
    terminate() {}
  }

  it('answers a search with the matches of the stored text, the result transferred out of the worker', async () => {
    const factory = new IDBFactory();
    const db = await openWorkbenchDb({ name: 'search-client-test', factory });
    const examples: Example[] = Array.from({ length: 25 }, (_, i) => ({
      id: `ex-${i}`,
      input: i % 2 ? `An ODD proof ${i}` : { question: `even ${i}` },
      split: 'train',
      rollouts: [{ prompt: 'v1', score: 1 }],
    }));
    for (let c = 0; c * 10 < examples.length; c++) await db.putExampleChunk('d', c, encodeExamples(examples.slice(c * 10, c * 10 + 10)));
    await db.commitDataset(makeDatasetInfo('d', { exampleCount: 25 }), {
      columns: columnsOfCores(examples.map(coreOf)),
      chunkStarts: Int32Array.from([0, 10, 20]),
    });
    let worker: InProcessWorker | null = null;
    const client = createSearchClient(() => (worker = new InProcessWorker(factory)) as unknown as Worker);
    const progress: number[] = [];
    const matches = await client.search('d', ' odd PROOF ', { onProgress: (done) => progress.push(done) });
    expect(Array.from(matches)).toEqual(examples.map((_, i) => i % 2));
    expect(progress).toEqual([10, 20, 25]);
    expect(worker!.sentBuffers[0]!.byteLength).toBe(0); // detached: transferred, not copied
    expect(Array.from(await client.search('d', 'EX-2'))).toEqual(examples.map((ex) => (ex.id.startsWith('ex-2') ? 1 : 0)));
    db.close();
  });
});
