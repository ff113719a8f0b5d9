// The ONNX training graph, run by onnxruntime-node through the engine, against the PyTorch float64
// fixture and the Float64 reference (reference.ts): one step to 1e-5 relative in float32, batched
// and masked models equal to the same models trained one by one, determinism, and no ORT warning.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { createRng } from '../domain/rng.ts';
import { BatchTrainer, initParams, type ModelParams, type ModelSpec } from './engine.ts';
import { trainSteps, zerosLike, type MlpParams } from './reference.ts';
import { TEST_DATA_DIR } from '../test/testData.ts';

interface Fixture {
  X: number[][];
  y: number[];
  params: { W1: number[][]; b1: number[]; W2: number[][]; b2: number[] };
  loss: number;
  ccc: number;
  params_after_adam_step: { W1: number[][]; b1: number[]; W2: number[][]; b2: number[] };
}

const fx = JSON.parse(readFileSync(resolve(TEST_DATA_DIR, 'train-step-fixture.json'), 'utf8')) as Fixture;

const ones = (n: number) => new Float32Array(n).fill(1);

/** |a − b| ≤ tol·max(|b|, floor) for every element: relative, with a floor for values near 0. */
function expectClose(actual: ArrayLike<number>, expected: ArrayLike<number>, tol: number, floor: number) {
  expect(actual.length).toBe(expected.length);
  let worst = 0;
  for (let i = 0; i < expected.length; i++) {
    worst = Math.max(worst, Math.abs(actual[i]! - expected[i]!) / Math.max(Math.abs(expected[i]!), floor));
  }
  expect(worst).toBeLessThanOrEqual(tol);
}

function toReference(p: ModelParams, f: number, h: number): MlpParams {
  return { f, h, w1: Float64Array.from(p.w1), b1: Float64Array.from(p.b1), w2: Float64Array.from(p.w2), b2: p.b2[0]! };
}

describe('training graph vs PyTorch float64 (train-step-fixture.json)', () => {
  const n = fx.X.length;
  const f = fx.X[0]!.length;
  const h = fx.params.b1.length;
  const init: ModelParams = {
    w1: Float32Array.from(fx.params.W1.flat()),
    b1: Float32Array.from(fx.params.b1),
    w2: Float32Array.from(fx.params.W2.flat()),
    b2: Float32Array.from(fx.params.b2),
  };
  const spec: ModelSpec = { trainWeights: ones(n), valWeights: ones(n), lr: 0.01, weightDecay: 0, hidden: h, seed: 0, init };

  it('gives the loss, CCC and parameters after one Adam step to 1e-5 relative in float32', async () => {
    const data = { n, f, x: Float32Array.from(fx.X.flat()), y: Float32Array.from(fx.y) };
    const trainer = await BatchTrainer.create(ort, data, [spec], { h, steps: 1, provider: 'cpu' });
    const run = await trainer.run();
    expectClose(run.loss, [fx.loss], 1e-5, 1e-3);
    expectClose(run.trainCcc, [fx.ccc], 1e-5, 1e-3);
    // All examples validate too, so the validation CCC is the training CCC.
    expectClose(run.valCcc, [fx.ccc], 1e-5, 1e-3);
    const [after] = await trainer.params([0]);
    const want = fx.params_after_adam_step;
    // Parameters are relative to their size, floored at the step size lr = 0.01: a parameter that
    // Adam moves to near 0 keeps float32's absolute rounding of its old value (~1e-9).
    expectClose(after!.w1, want.W1.flat(), 1e-5, 0.01);
    expectClose(after!.b1, want.b1, 1e-5, 0.01);
    expectClose(after!.w2, want.W2.flat(), 1e-5, 0.01);
    expectClose(after!.b2, want.b2, 1e-5, 0.01);
    expect(trainer.epochsDone).toBe(1);
    await trainer.release();
  });
});

/** Random standardised-ish data with a learnable target. */
function randomData(seed: number, n: number, f: number) {
  const rng = createRng(seed);
  const x = new Float32Array(n * f);
  const y = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let k = 0; k < f; k++) {
      const v = 2 * rng.next() - 1;
      x[i * f + k] = v;
      s += v * ((k % 3) - 1);
    }
    y[i] = 1 / (1 + Math.exp(-s)) + 0.1 * (rng.next() - 0.5);
  }
  return { n, f, x, y };
}

/** Models that differ in every per-model input: example and validation weights (incl. bootstrap counts), lr, wd, hidden and feature masks. */
function variedModels(seed: number, n: number, f: number, h: number): ModelSpec[] {
  const rng = createRng(seed + 1);
  return Array.from({ length: 4 }, (_, b) => {
    const trainWeights = new Float32Array(n);
    const valWeights = new Float32Array(n);
    for (let i = 0; i < n; i++) {
      if (rng.next() < 0.25) valWeights[i] = 1;
      else trainWeights[i] = b === 3 ? rng.int(3) : 1;
    }
    const features = Uint8Array.from({ length: f }, (_, k) => (b === 2 && k % 2 === 1 ? 0 : 1));
    return {
      trainWeights,
      valWeights,
      lr: [0.01, 0.03, 0.02, 0.005][b]!,
      weightDecay: [0, 0.1, 1, 0.3][b]!,
      hidden: [h, h - 2, h, 3][b]!,
      features,
      seed: 40 + b,
    };
  });
}

describe('batched, masked training', () => {
  const n = 37;
  const f = 5;
  const h = 6;
  const steps = 10;
  const runs = 3;
  const data = randomData(7, n, f);
  const models = variedModels(7, n, f, h);

  async function trainGraph(specs: ModelSpec[]): Promise<{ params: ModelParams[]; loss: Float32Array[] }> {
    const trainer = await BatchTrainer.create(ort, data, specs, { h, steps, provider: 'cpu' });
    const loss: Float32Array[] = [];
    for (let r = 0; r < runs; r++) loss.push((await trainer.run()).loss);
    const params = await trainer.params(specs.map((_, i) => i));
    await trainer.release();
    return { params, loss };
  }

  it('equals the Float64 reference model by model after 30 steps', async () => {
    const { params, loss } = await trainGraph(models);
    models.forEach((m, b) => {
      const ref = toReference(initParams(m.seed, f, h, m.hidden), f, h);
      const state = { m: zerosLike(ref), v: zerosLike(ref), t: 0 };
      const masks = {
        example: Float64Array.from(m.trainWeights),
        hidden: Float64Array.from({ length: h }, (_, k) => (k < m.hidden ? 1 : 0)),
        feature: Float64Array.from(m.features!),
      };
      const refLoss = trainSteps(ref, state, Float64Array.from(data.x), Float64Array.from(data.y), n, steps * runs, masks, undefined, {
        lr: m.lr,
        weightDecay: m.weightDecay,
      });
      const graphLoss = loss.flatMap((l) => Array.from(l.subarray(b * steps, (b + 1) * steps)));
      expectClose(graphLoss, refLoss, 1e-4, 1e-2);
      const got = params[b]!;
      expectClose(got.w1, ref.w1, 2e-4, 0.05);
      expectClose(got.b1, ref.b1, 2e-4, 0.05);
      expectClose(got.w2, ref.w2, 2e-4, 0.05);
      expectClose(got.b2, [ref.b2], 2e-4, 0.05);
    });
  });

  it('gives each model of a batch the result it gets alone', async () => {
    const batched = await trainGraph(models);
    for (const [b, m] of models.entries()) {
      const alone = await trainGraph([m]);
      // Equal up to float32 rounding (kernels vectorise differently for different batch sizes).
      expectClose(alone.params[0]!.w1, batched.params[b]!.w1, 1e-5, 0.05);
      expectClose(alone.params[0]!.w2, batched.params[b]!.w2, 1e-5, 0.05);
      expectClose(alone.loss[runs - 1]!, batched.loss[runs - 1]!.subarray(b * steps, (b + 1) * steps), 1e-5, 1e-2);
    }
  });

  it('narrows a batch with keep(): the kept models train on bit for bit as in the full batch', async () => {
    const full = await trainGraph(models);
    // The same runs, narrowed after the first to models 3 and 1 (in that order): each equals its
    // full-batch self exactly, not merely closely (onnxruntime's kernels round the same for any B ≥ 2).
    const trainer = await BatchTrainer.create(ort, data, models, { h, steps, provider: 'cpu' });
    const loss: Float32Array[] = [(await trainer.run()).loss];
    await trainer.keep([3, 1]);
    expect(trainer.b).toBe(2);
    expect(trainer.models).toEqual([models[3], models[1]]);
    await expect(trainer.params([0], 'runStart')).rejects.toThrow(/no run/);
    for (let r = 1; r < runs; r++) loss.push((await trainer.run()).loss);
    const narrowed = await trainer.params([0, 1]);
    expect(trainer.epochsDone).toBe(steps * runs);
    await trainer.release();
    const bits = (p: ModelParams) => [...p.w1, ...p.b1, ...p.w2, ...p.b2];
    expect(bits(narrowed[0]!)).toEqual(bits(full.params[3]!));
    expect(bits(narrowed[1]!)).toEqual(bits(full.params[1]!));
    for (let r = 1; r < runs; r++) {
      expect(Array.from(loss[r]!.subarray(0, steps))).toEqual(Array.from(full.loss[r]!.subarray(3 * steps, 4 * steps)));
      expect(Array.from(loss[r]!.subarray(steps, 2 * steps))).toEqual(Array.from(full.loss[r]!.subarray(steps, 2 * steps)));
    }
  });

  it('refuses to keep no model, a position outside the batch or one twice', async () => {
    const trainer = await BatchTrainer.create(ort, data, models, { h, steps, provider: 'cpu' });
    await expect(trainer.keep([])).rejects.toThrow(RangeError);
    await expect(trainer.keep([0, 4])).rejects.toThrow(/bad or repeated/);
    await expect(trainer.keep([1, 1])).rejects.toThrow(/bad or repeated/);
    expect(trainer.b).toBe(4);
    await trainer.release();
  });

  it('is deterministic for a given seed', async () => {
    const a = await trainGraph(models);
    const b = await trainGraph(models);
    expect(a.params.map((p) => Array.from(p.w1))).toEqual(b.params.map((p) => Array.from(p.w1)));
    expect(a.loss.map((l) => Array.from(l))).toEqual(b.loss.map((l) => Array.from(l)));
  });

  it('scores the parameters a run started from: validation CCC equals the reference CCC on the validation rows', async () => {
    const trainer = await BatchTrainer.create(ort, data, models, { h, steps, provider: 'cpu' });
    await trainer.run();
    const before = await trainer.params([0, 1, 2, 3]);
    const run = await trainer.run();
    const runStart = await trainer.params([0, 1, 2, 3], 'runStart');
    expect(runStart.map((p) => Array.from(p.w1))).toEqual(before.map((p) => Array.from(p.w1)));
    const { weightedCcc, predict } = await import('./reference.ts');
    models.forEach((m, b) => {
      const p = toReference(before[b]!, f, h);
      const pred = predict(p, Float64Array.from(data.x), n, {
        hidden: Float64Array.from({ length: h }, (_, k) => (k < m.hidden ? 1 : 0)),
        feature: Float64Array.from(m.features!),
      });
      expectClose([run.valCcc[b]!], [weightedCcc(pred, Float64Array.from(data.y), Float64Array.from(m.valWeights))], 1e-4, 1e-2);
      expectClose([run.trainCcc[b]!], [weightedCcc(pred, Float64Array.from(data.y), Float64Array.from(m.trainWeights))], 1e-4, 1e-2);
    });
    await trainer.release();
  });
});

describe('shape checking', () => {
  // ORT reports a declared-vs-inferred shape mismatch only as a native warning on stderr, which
  // this process cannot intercept: run the graphs in a child and read its stderr.
  const runChild = (...args: string[]) => {
    const script = resolve(import.meta.dirname, '../test/ortShapeCheck.ts');
    const child = spawnSync(process.execPath, ['--import', 'tsx', script, ...args], { encoding: 'utf8' });
    expect(child.status, child.stderr).toBe(0);
    expect(child.stdout).toContain('ran 4 shapes');
    return child.stderr;
  };

  it('runs the training and predict graphs of several shapes without a single onnxruntime warning', () => {
    expect(runChild()).not.toMatch(/\[W:onnxruntime/);
  });

  it('would see the warning of a wrong declared shape (the control)', () => {
    expect(runChild('--mismatch')).toMatch(/\[W:onnxruntime.*MergeShapeInfo/);
  });
});
