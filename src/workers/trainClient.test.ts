import { describe, expect, it } from 'vitest';
import type { PromptRollouts } from '../domain/analysisInput.ts';
import type { FromTrainWorker, ToTrainWorker } from './protocol.ts';
import { createTrainClient } from './trainClient.ts';
import { fakeWorkers } from '../test/fakeWorker.ts';

// The training client's `apply` job against a stand-in worker: what it posts (the file's bytes and
// the prompt's rollouts, transferred; nothing of the other predictors), and how it settles.

function setup() {
  const { spawn, workers } = fakeWorkers<ToTrainWorker, FromTrainWorker>();
  const client = createTrainClient(spawn);
  return { client, worker: () => workers[0]! };
}

const rollouts = (): PromptRollouts => ({
  prompt: 'v1',
  offsets: Int32Array.of(0, 2, 2),
  scores: Float64Array.of(3, 4),
  rail: Float64Array.of(3.5, NaN),
  calibrated: Float64Array.of(3.2, NaN),
  applied: [{ name: 'other', values: Float64Array.of(1, 2) }],
});

describe('train client: apply', () => {
  it('posts the bytes and the prompt’s scores, transferring exactly their buffers, and resolves with the worker’s predictions', async () => {
    const { client, worker } = setup();
    const onnx = Uint8Array.of(8, 8, 18, 3);
    const p = rollouts();
    const { offsets, scores } = p;
    const applying = client.apply(onnx, p, 2);
    const { msg, transfer } = worker().sent[0]!;
    expect(msg).toEqual({
      id: msg.id,
      type: 'apply',
      onnx: Uint8Array.of(8, 8, 18, 3),
      rollouts: { prompt: 'v1', offsets: Int32Array.of(0, 2, 2), scores: Float64Array.of(3, 4), rail: null },
      n: 2,
    });
    expect('texts' in msg).toBe(false);
    expect(transfer).toEqual([onnx.buffer, offsets.buffer, scores.buffer]);
    expect(new Set(transfer).size).toBe(3);

    const result = { prediction: Float64Array.of(3.3, NaN), spread: Float64Array.of(0.1, NaN), tooFew: 0, none: 1 };
    worker().reply({ id: msg.id, type: 'applied', result });
    await expect(applying).resolves.toBe(result);
  });

  it('with a text calibrator, also posts the reasoning (its offsets transferred) and resolves with a null spread', async () => {
    const { client, worker } = setup();
    const onnx = Uint8Array.of(8, 8, 18, 3);
    const p = rollouts();
    const texts = { prompt: 'v1', offsets: Int32Array.of(0, 2, 2), texts: ['the answer is 3', ''] };
    const applying = client.apply(onnx, p, 2, texts);
    const { msg, transfer } = worker().sent[0]!;
    expect(msg).toEqual({
      id: msg.id,
      type: 'apply',
      onnx: Uint8Array.of(8, 8, 18, 3),
      rollouts: { prompt: 'v1', offsets: Int32Array.of(0, 2, 2), scores: Float64Array.of(3, 4), rail: null },
      n: 2,
      texts: { prompt: 'v1', offsets: Int32Array.of(0, 2, 2), texts: ['the answer is 3', ''] },
    });
    expect(transfer).toEqual([onnx.buffer, p.offsets.buffer, p.scores.buffer, texts.offsets.buffer]);
    expect(new Set(transfer).size).toBe(4);
    const result = { prediction: Float64Array.of(3.3, NaN), spread: null, tooFew: 0, none: 1 };
    worker().reply({ id: msg.id, type: 'applied', result });
    await expect(applying).resolves.toBe(result);
  });

  it('rejects with the worker’s words', async () => {
    const { client, worker } = setup();
    const applying = client.apply(Uint8Array.of(1), rollouts(), 2);
    const { msg } = worker().sent[0]!;
    worker().reply({ id: msg.id, type: 'error', message: 'onnxruntime cannot load the model: bad graph' });
    await expect(applying).rejects.toThrow('onnxruntime cannot load the model: bad graph');
  });
});

describe('train client: warm', () => {
  it('starts the worker and asks it to warm its featuriser up, then reuses that worker for the jobs', () => {
    const { client, worker } = setup();
    client.warm();
    expect(worker().sent.map((s) => s.msg.type)).toEqual(['warm']);
    void client.apply(Uint8Array.of(1), rollouts(), 2);
    expect(worker().sent.map((s) => s.msg.type)).toEqual(['warm', 'apply']);
  });
});
