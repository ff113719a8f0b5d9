import { describe, expect, it } from 'vitest';
import type { ExampleCore } from '../domain/exampleCore.ts';
import { encodeExamples, type CoresJson } from '../domain/examplesJson.ts';
import { createImportClient } from './importClient.ts';
import type { FromImportWorker, ToImportWorker } from './protocol.ts';
import { fakeWorkers } from '../test/fakeWorker.ts';

function setup() {
  const { spawn, workers } = fakeWorkers<ToImportWorker, FromImportWorker>();
  const client = createImportClient(spawn);
  return { client, workers };
}

const draft = { name: 'd', exampleCount: 1 } as never;

describe('import client', () => {
  it('routes progress and example batches of a job to its callbacks and resolves with the draft', async () => {
    const { client, workers } = setup();
    const batches: string[] = [];
    const cores: ExampleCore[][] = [];
    const progress: number[] = [];
    const p = client.importFile(
      new Blob(['x']),
      'f.jsonl',
      { format: 'canonical' },
      {
        onExamples: (b, c) => {
          batches.push(b);
          cores.push(c);
        },
        onProgress: (pr) => progress.push(pr.bytesRead),
      },
    );
    const w = workers[0]!;
    const id = w.sent[0]!.msg.id;
    w.reply({ id, type: 'progress', progress: { bytesRead: 5, totalBytes: 10, examples: 0, rejected: 0 } });
    w.reply({
      id,
      type: 'examples',
      json: encodeExamples([{ id: 'a', input: '', split: 'train', rollouts: [{ prompt: 'v1', score: 2, reasoning: 'r' }] }]),
      cores: '[{"id":"a","split":"train","rollouts":[{"prompt":"v1","score":2}]}]' as CoresJson,
    });
    w.reply({ id: id + 99, type: 'progress', progress: { bytesRead: 7, totalBytes: 10, examples: 0, rejected: 0 } });
    w.reply({ id, type: 'done', draft });
    await expect(p).resolves.toBe(draft);
    expect(batches).toEqual(['[{"id":"a","input":"","split":"train","rollouts":[{"prompt":"v1","score":2,"reasoning":"r"}]}]']);
    expect(cores).toEqual([[{ id: 'a', split: 'train', rollouts: [{ prompt: 'v1', score: 2 }] }]]);
    expect(progress).toEqual([5]); // the other job's message is not delivered here
  });

  it('rejects with the worker’s error message', async () => {
    const { client, workers } = setup();
    const p = client.sniff(new Blob(['x']), 'f.csv');
    workers[0]!.reply({ id: workers[0]!.sent[0]!.msg.id, type: 'error', message: 'unreadable file' });
    await expect(p).rejects.toThrow('unreadable file');
  });

  it('terminates the worker on abort and starts a fresh one for the next job', async () => {
    const { client, workers } = setup();
    const controller = new AbortController();
    const p = client.importFile(new Blob(['x']), 'f', { format: 'canonical' }, { onExamples: () => undefined, signal: controller.signal });
    controller.abort(new DOMException('cancelled', 'AbortError'));
    await expect(p).rejects.toThrow('cancelled');
    expect(workers[0]!.terminated).toBe(true);
    const q = client.sniff(new Blob(['x']), 'g');
    expect(workers).toHaveLength(2);
    workers[1]!.reply({
      id: workers[1]!.sent[0]!.msg.id,
      type: 'sniffed',
      result: { format: 'canonical', columns: [], sample: [], mapping: {} },
    });
    await expect(q).resolves.toMatchObject({ format: 'canonical' });
  });

  it('fails every running job when the worker crashes', async () => {
    const { client, workers } = setup();
    const p = client.sniff(new Blob(['x']), 'f');
    workers[0]!.onerror?.({ message: 'boom' } as ErrorEvent);
    await expect(p).rejects.toThrow('import worker failed: boom');
    expect(workers[0]!.terminated).toBe(true);
  });
});
