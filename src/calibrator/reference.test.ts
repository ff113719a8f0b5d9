import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { createRng, type Rng } from '../domain/rng.ts';
import {
  adamStep,
  cloneParams,
  lossAndGrad,
  predict,
  trainSteps,
  weightedCcc,
  zerosLike,
  type AdamState,
  type LossWeights,
  type Masks,
  type MlpParams,
} from './reference.ts';
import { TEST_DATA_DIR } from '../test/testData.ts';

interface FixtureParams {
  W1: number[][];
  b1: number[];
  W2: number[][];
  b2: number[];
}
interface Fixture {
  X: number[][];
  y: number[];
  params: FixtureParams;
  loss: number;
  ccc: number;
  grads: FixtureParams;
  params_after_adam_step: FixtureParams;
}

function fromTorch(p: FixtureParams): MlpParams {
  const f = p.W1.length;
  const h = p.b1.length;
  return {
    f,
    h,
    w1: Float64Array.from(p.W1.flat()),
    b1: Float64Array.from(p.b1),
    w2: Float64Array.from(p.W2.map((r) => r[0]!)),
    b2: p.b2[0]!,
  };
}

function freshState(p: MlpParams): AdamState {
  return { m: zerosLike(p), v: zerosLike(p), t: 0 };
}

/** Every parameter as one flat list, for element-wise comparisons. */
function flat(p: MlpParams): number[] {
  return [...p.w1, ...p.b1, ...p.w2, p.b2];
}

/** |a − e| ≤ tol·max(1, |e|): absolute for values ≲ 1, relative for large ones. */
function maxScaledError(actual: number[], expected: number[]): number {
  expect(actual.length).toBe(expected.length);
  let worst = 0;
  for (let k = 0; k < actual.length; k++)
    worst = Math.max(worst, Math.abs(actual[k]! - expected[k]!) / Math.max(1, Math.abs(expected[k]!)));
  return worst;
}

function randomParams(rng: Rng, f: number, h: number): MlpParams {
  // torch.nn.Linear-style uniform(±1/√fan_in) init.
  const u = (bound: number) => (2 * rng.next() - 1) * bound;
  const p: MlpParams = { f, h, w1: new Float64Array(f * h), b1: new Float64Array(h), w2: new Float64Array(h), b2: u(1 / Math.sqrt(h)) };
  for (let k = 0; k < f * h; k++) p.w1[k] = u(1 / Math.sqrt(f));
  for (let k = 0; k < h; k++) {
    p.b1[k] = u(1 / Math.sqrt(f));
    p.w2[k] = u(1 / Math.sqrt(h));
  }
  return p;
}

/** Calibrator-style features: K sorted scores in [0,1], then mean, std (population), min, max, standardised; y = score mean + noise. */
function calibratorData(rng: Rng, n: number, k: number, noise: number): { x: Float64Array; y: Float64Array; f: number } {
  const f = k + 4;
  const x = new Float64Array(n * f);
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const s = Array.from({ length: k }, () => rng.next()).sort((a, b) => a - b);
    const mean = s.reduce((a, b) => a + b, 0) / k;
    const std = Math.sqrt(s.reduce((a, b) => a + (b - mean) ** 2, 0) / k);
    const row = [...s, mean, std, s[0]!, s[k - 1]!];
    for (let j = 0; j < f; j++) x[i * f + j] = row[j]!;
    y[i] = mean + noise * (rng.next() - 0.5);
  }
  // Standardise columns, as the calibrator does (docs/ARCHITECTURE.md §9.1); also keeps ReLU units alive at init.
  for (let j = 0; j < f; j++) {
    let s1 = 0;
    let s2 = 0;
    for (let i = 0; i < n; i++) s1 += x[i * f + j]!;
    const mu = s1 / n;
    for (let i = 0; i < n; i++) s2 += (x[i * f + j]! - mu) ** 2;
    const sd = Math.sqrt(s2 / n);
    for (let i = 0; i < n; i++) x[i * f + j] = (x[i * f + j]! - mu) / sd;
  }
  return { x, y, f };
}

describe('fixture from PyTorch float64 autograd + torch.optim.Adam', () => {
  const fx = JSON.parse(readFileSync(resolve(TEST_DATA_DIR, 'train-step-fixture.json'), 'utf8')) as Fixture;
  const n = fx.X.length;
  const x = Float64Array.from(fx.X.flat());
  const y = Float64Array.from(fx.y);

  it('matches loss, CCC and every gradient element', () => {
    const p = fromTorch(fx.params);
    expect(p.f).toBe(7);
    expect(p.h).toBe(8);
    const r = lossAndGrad(p, x, y, n);
    expect(Math.abs(r.loss - fx.loss)).toBeLessThan(1e-12);
    expect(Math.abs(r.ccc - fx.ccc)).toBeLessThan(1e-12);
    expect(maxScaledError(flat(r.grad), flat(fromTorch(fx.grads)))).toBeLessThan(1e-12);
    // The loss is the sum of its parts with default weights.
    expect(r.loss).toBeCloseTo(1 - r.ccc + r.nmse, 14);
  });

  it('matches every parameter after one Adam step', () => {
    const p = fromTorch(fx.params);
    const state = freshState(p);
    adamStep(p, lossAndGrad(p, x, y, n).grad, state);
    expect(state.t).toBe(1);
    expect(maxScaledError(flat(p), flat(fromTorch(fx.params_after_adam_step)))).toBeLessThan(1e-12);
  });
});

describe('lossAndGrad', () => {
  it('agrees with central finite differences under example weights, masks and non-default loss weights', () => {
    const rng = createRng(20240611);
    const shapes = [
      { n: 9, f: 3, h: 4 },
      { n: 16, f: 7, h: 8 },
      { n: 25, f: 5, h: 6 },
    ];
    const weights: LossWeights = { ccc: 0.7, nmse: 1.9 };
    const step = 1e-6;
    for (const { n, f, h } of shapes) {
      const p = randomParams(rng, f, h);
      const x = Float64Array.from({ length: n * f }, () => 2 * rng.next() - 1);
      const y = Float64Array.from({ length: n }, () => rng.next());
      // Weights 0..3: zeros (held-out rows) and bootstrap-style counts; row 0 forced ≥ 1 so n > 0.
      const example = Float64Array.from({ length: n }, (_, i) => (i === 0 ? 2 : rng.int(4)));
      const hidden = Float64Array.from({ length: h }, (_, k) => (k === 1 ? 0 : rng.int(4) === 0 ? 0 : 1));
      const feature = Float64Array.from({ length: f }, (_, k) => (k === 0 ? 0 : rng.int(4) === 0 ? 0 : 1));
      const masks: Masks = { example, hidden, feature };
      expect(example).toContain(0);
      expect(example).toContain(2);

      const analytic = flat(lossAndGrad(p, x, y, n, masks, weights).grad);
      const base = flat(p);
      const lossAt = (vals: number[]) => {
        const q = cloneParams(p);
        q.w1.set(vals.slice(0, f * h));
        q.b1.set(vals.slice(f * h, f * h + h));
        q.w2.set(vals.slice(f * h + h, f * h + 2 * h));
        q.b2 = vals[f * h + 2 * h]!;
        return lossAndGrad(q, x, y, n, masks, weights).loss;
      };
      for (let k = 0; k < base.length; k++) {
        const plus = base.slice();
        const minus = base.slice();
        plus[k]! += step;
        minus[k]! -= step;
        const fd = (lossAt(plus) - lossAt(minus)) / (2 * step);
        // Relative error, with a 1e-3 floor on the scale: rounding in the loss (~1e-16·L/h ≈ 1e-10)
        // makes pure relative error meaningless for gradients near zero (masked parameters are exactly 0).
        const rel = Math.abs(fd - analytic[k]!) / Math.max(Math.abs(fd), Math.abs(analytic[k]!), 1e-3);
        expect(rel, `shape ${n}×${f}×${h}, parameter ${k}: fd ${fd} vs ${analytic[k]}`).toBeLessThanOrEqual(1e-6);
      }
    }
  });

  it('returns the same predictions as predict', () => {
    const rng = createRng(3);
    const p = randomParams(rng, 4, 5);
    const x = Float64Array.from({ length: 40 }, () => rng.next());
    const y = Float64Array.from({ length: 10 }, () => rng.next());
    const masks: Masks = { hidden: Float64Array.of(1, 0, 1, 1, 0), feature: Float64Array.of(1, 1, 0, 1) };
    expect(lossAndGrad(p, x, y, 10, masks).pred).toEqual(predict(p, x, 10, masks));
  });

  it('rejects mismatched shapes and all-zero example weights', () => {
    const p = randomParams(createRng(1), 2, 3);
    const x = new Float64Array(8);
    expect(() => lossAndGrad(p, x, new Float64Array(4), 3)).toThrow(RangeError);
    expect(() => lossAndGrad(p, x, new Float64Array(4), 4, { hidden: new Float64Array(2) })).toThrow(RangeError);
    expect(() => lossAndGrad(p, x, new Float64Array(4), 4, { example: new Float64Array(4) })).toThrow(RangeError);
  });
});

describe('masks', () => {
  const rng = createRng(77);
  const { x, y, f } = calibratorData(rng, 30, 5, 0.2);
  const h = 6;
  const init = randomParams(rng, f, h);

  it('0/1 example weights train exactly like the subset of rows', () => {
    const example = Float64Array.from({ length: 30 }, (_, i) => (i % 3 === 1 ? 0 : 1));
    const rows = [...Array(30).keys()].filter((i) => example[i] === 1);
    const xs = Float64Array.from(rows.flatMap((i) => [...x.subarray(i * f, (i + 1) * f)]));
    const ys = Float64Array.from(rows.map((i) => y[i]!));

    const masked = cloneParams(init);
    const subset = cloneParams(init);
    const lm = trainSteps(masked, freshState(masked), x, y, 30, 20, { example });
    const ls = trainSteps(subset, freshState(subset), xs, ys, rows.length, 20);
    expect(maxScaledError([...lm], [...ls])).toBeLessThanOrEqual(1e-12);
    expect(maxScaledError(flat(masked), flat(subset))).toBeLessThanOrEqual(1e-12);
    // Sanity: the held-out rows did matter for the unmasked model.
    const full = cloneParams(init);
    trainSteps(full, freshState(full), x, y, 30, 20);
    expect(maxScaledError(flat(full), flat(subset))).toBeGreaterThan(1e-6);
  });

  it('example weight 2 equals a duplicated row', () => {
    const example = Float64Array.from({ length: 30 }, (_, i) => (i < 4 ? 2 : 1));
    const xd = new Float64Array(34 * f);
    xd.set(x);
    xd.set(x.subarray(0, 4 * f), 30 * f);
    const yd = Float64Array.from([...y, ...y.subarray(0, 4)]);
    const a = lossAndGrad(init, x, y, 30, { example });
    const b = lossAndGrad(init, xd, yd, 34);
    expect(Math.abs(a.loss - b.loss)).toBeLessThan(1e-12);
    expect(maxScaledError(flat(a.grad), flat(b.grad))).toBeLessThan(1e-12);
  });

  it('hidden-masked units and feature-masked rows of W1 keep their parameters over training', () => {
    const hidden = Float64Array.of(1, 0, 1, 1, 0, 1);
    const feature = Float64Array.from({ length: f }, (_, k) => (k === 2 || k === f - 1 ? 0 : 1));
    const p = cloneParams(init);
    const losses = trainSteps(p, freshState(p), x, y, 30, 50, { hidden, feature });
    expect(losses[49]!).toBeLessThan(losses[0]!);
    for (const u of [1, 4]) {
      expect(p.b1[u]).toBe(init.b1[u]);
      expect(p.w2[u]).toBe(init.w2[u]);
      for (let r = 0; r < f; r++) expect(p.w1[r * h + u]).toBe(init.w1[r * h + u]);
    }
    for (const r of [2, f - 1]) for (let u = 0; u < h; u++) expect(p.w1[r * h + u]).toBe(init.w1[r * h + u]);
    // Every parameter with a gradient at the start did move (a dead ReLU unit would not, masked or not).
    const g0 = flat(lossAndGrad(init, x, y, 30, { hidden, feature }).grad);
    const before = flat(init);
    const after = flat(p);
    const live = g0.flatMap((g, k) => (g !== 0 ? [k] : []));
    expect(live.length).toBe(before.length - 30); // 30 = 2 masked units × (F + 2) + 2 masked rows × H − 4 overlaps
    for (const k of live) expect(after[k], `parameter ${k}`).not.toBe(before[k]);
  });

  it('a hidden-masked unit is the same as removing it', () => {
    const hidden = Float64Array.of(1, 1, 0, 1, 1, 1);
    const keep = [0, 1, 3, 4, 5];
    const small: MlpParams = {
      f,
      h: 5,
      w1: Float64Array.from({ length: f * 5 }, (_, k) => init.w1[Math.floor(k / 5) * h + keep[k % 5]!]!),
      b1: Float64Array.from(keep.map((u) => init.b1[u]!)),
      w2: Float64Array.from(keep.map((u) => init.w2[u]!)),
      b2: init.b2,
    };
    const a = lossAndGrad(init, x, y, 30, { hidden });
    const b = lossAndGrad(small, x, y, 30);
    expect(Math.abs(a.loss - b.loss)).toBeLessThan(1e-12);
    expect(maxScaledError([...a.pred], [...b.pred])).toBeLessThan(1e-12);
    expect(maxScaledError([...a.grad.w2.filter((_, u) => u !== 2)], [...b.grad.w2])).toBeLessThan(1e-12);
  });
});

describe('adamStep', () => {
  it('applies decoupled weight decay to W1 and W2 but not to the biases (hand-computed 1×1×1 model)', () => {
    // x = [0, 1], y = [0, 1]; W1 = 2, b1 = 0.5, W2 = 3, b2 = −1.
    // z = [0.5, 2.5] (both > 0), pred = 3z − 1 = [0.5, 6.5].
    // ȳ = 0.5, var_y = 0.25; p̄ = 3.5, var_p = 9; cov = ((−3)(−0.5) + (3)(0.5))/2 = 1.5.
    // D = 9 + 0.25 + (3.5 − 0.5)² = 18.25; CCC = 3/18.25; MSE = (0.25 + 30.25)/2 = 15.25, NMSE = 61.
    // dL/dp = ½[2(p − y)/0.25 − 2(y − ȳ)/D + 4·1.5·(p − ȳ)/D²]:
    //   dp0 = ½[4 + 1/18.25] = 2 + 1/36.5,  dp1 = ½[44 − 1/18.25 + 36/18.25²] = 22 − 1/36.5 + 18/18.25².
    // dW2 = 0.5·dp0 + 2.5·dp1, db2 = dp0 + dp1, db1 = 3(dp0 + dp1), dW1 = 3·dp1 (x0 = 0): all positive.
    // First Adam step (t = 1): m̂ = g, v̂ = g², so the step is lr·g/(|g| + eps) = lr·(1 − O(eps/g)) ≈ 0.1.
    // With lr = 0.1, wd = 0.5 the weights are first scaled by 1 − 0.05 = 0.95:
    //   W1 = 2·0.95 − 0.1 = 1.8, W2 = 3·0.95 − 0.1 = 2.75, b1 = 0.5 − 0.1 = 0.4, b2 = −1 − 0.1 = −1.1
    // (decayed biases would have given 0.375 and −1.05).
    const p: MlpParams = { f: 1, h: 1, w1: Float64Array.of(2), b1: Float64Array.of(0.5), w2: Float64Array.of(3), b2: -1 };
    const x = Float64Array.of(0, 1);
    const y = Float64Array.of(0, 1);
    const r = lossAndGrad(p, x, y, 2);
    expect(r.ccc).toBeCloseTo(3 / 18.25, 14);
    expect(r.nmse).toBeCloseTo(61, 12);
    expect(r.loss).toBeCloseTo(1 - 3 / 18.25 + 61, 12);
    const dp0 = 2 + 1 / 36.5;
    const dp1 = 22 - 1 / 36.5 + 18 / 18.25 ** 2;
    expect(r.grad.w2[0]).toBeCloseTo(0.5 * dp0 + 2.5 * dp1, 12);
    expect(r.grad.b2).toBeCloseTo(dp0 + dp1, 12);
    expect(r.grad.b1[0]).toBeCloseTo(3 * (dp0 + dp1), 12);
    expect(r.grad.w1[0]).toBeCloseTo(3 * dp1, 12);

    const state = freshState(p);
    adamStep(p, r.grad, state, { lr: 0.1, weightDecay: 0.5 });
    // Smallest |g| ≈ 2, so the eps term shifts each step by ≤ 0.1·1e-8/2 = 5e-10.
    expect(Math.abs(p.w1[0]! - 1.8)).toBeLessThan(1e-9);
    expect(Math.abs(p.w2[0]! - 2.75)).toBeLessThan(1e-9);
    expect(Math.abs(p.b1[0]! - 0.4)).toBeLessThan(1e-9);
    expect(Math.abs(p.b2 - -1.1)).toBeLessThan(1e-9);
    expect(state.t).toBe(1);
  });

  it('follows the bias-corrected Adam recurrence over several steps with a constant gradient', () => {
    // Constant g: m_t = g(1 − β1ᵗ), v_t = g²(1 − β2ᵗ), so m̂ = g and v̂ = g² exactly and every step is lr·g/(|g| + eps).
    const p: MlpParams = { f: 1, h: 1, w1: Float64Array.of(0), b1: Float64Array.of(0), w2: Float64Array.of(0), b2: 0 };
    const g: MlpParams = { f: 1, h: 1, w1: Float64Array.of(0.5), b1: Float64Array.of(-2), w2: Float64Array.of(1e-3), b2: 4 };
    const state = freshState(p);
    for (let t = 0; t < 5; t++) adamStep(p, g, state, { lr: 0.02 });
    const step = (gv: number) => (5 * 0.02 * gv) / (Math.abs(gv) + 1e-8);
    expect(state.t).toBe(5);
    expect(p.w1[0]).toBeCloseTo(-step(0.5), 12);
    expect(p.b1[0]).toBeCloseTo(-step(-2), 12);
    expect(p.w2[0]).toBeCloseTo(-step(1e-3), 12);
    expect(p.b2).toBeCloseTo(-step(4), 12);
  });
});

describe('weightedCcc', () => {
  it('matches a hand computation', () => {
    // p = [1,2,3,4], y = [2,2,4,5]: p̄ = 2.5, ȳ = 3.25, var_p = 5/4, var_y = 6.75/4 = 1.6875,
    // cov = (1.875 + 0.625 + 0.375 + 2.625)/4 = 1.375, D = 1.25 + 1.6875 + 0.75² = 3.5, CCC = 2.75/3.5 = 11/14.
    const p = Float64Array.of(1, 2, 3, 4);
    const y = Float64Array.of(2, 2, 4, 5);
    expect(weightedCcc(p, y)).toBeCloseTo(11 / 14, 15);
    expect(weightedCcc(p, y, Float64Array.of(1, 1, 1, 1))).toBeCloseTo(11 / 14, 15);
    // Weights [1,1,0,1] keep p = [1,2,4], y = [2,2,5]: p̄ = 7/3, ȳ = 3, var_p = 14/9, var_y = 2,
    // cov = ((−4/3)(−1) + (−1/3)(−1) + (5/3)(2))/3 = 5/3, D = 14/9 + 2 + 4/9 = 4, CCC = (10/3)/4 = 5/6.
    expect(weightedCcc(p, y, Float64Array.of(1, 1, 0, 1))).toBeCloseTo(5 / 6, 15);
    expect(weightedCcc(y, y)).toBe(1);
  });

  it('weight 2 equals a duplicated row', () => {
    const rng = createRng(9);
    const p = Float64Array.from({ length: 12 }, () => rng.next());
    const y = Float64Array.from({ length: 12 }, () => rng.next());
    const w = Float64Array.from({ length: 12 }, (_, i) => [0, 1, 2][i % 3]!);
    const pd: number[] = [];
    const yd: number[] = [];
    for (let i = 0; i < 12; i++) {
      for (let c = 0; c < w[i]!; c++) {
        pd.push(p[i]!);
        yd.push(y[i]!);
      }
    }
    expect(weightedCcc(p, y, w)).toBeCloseTo(weightedCcc(Float64Array.from(pd), Float64Array.from(yd)), 14);
  });
});

describe('trainSteps', () => {
  it('matches a manual lossAndGrad + adamStep loop, reporting each loss before its update', () => {
    const rng = createRng(5);
    const { x, y, f } = calibratorData(rng, 20, 3, 0.1);
    const init = randomParams(rng, f, 4);
    const masks: Masks = { example: Float64Array.from({ length: 20 }, (_, i) => i % 4), hidden: Float64Array.of(1, 1, 0, 1) };
    const weights: LossWeights = { ccc: 2, nmse: 0.5 };
    const opts = { lr: 0.03, weightDecay: 0.1 };
    const a = cloneParams(init);
    const la = trainSteps(a, freshState(a), x, y, 20, 7, masks, weights, opts);
    const b = cloneParams(init);
    const sb = freshState(b);
    const lb: number[] = [];
    for (let s = 0; s < 7; s++) {
      const r = lossAndGrad(b, x, y, 20, masks, weights);
      lb.push(r.loss);
      adamStep(b, r.grad, sb, opts);
    }
    expect([...la]).toEqual(lb);
    expect(flat(a)).toEqual(flat(b));
    expect(sb.t).toBe(7);
  });

  it('decreases the loss on a learnable problem (y = mean of the sorted scores)', () => {
    const rng = createRng(42);
    const { x, y, f } = calibratorData(rng, 64, 5, 0);
    const p = randomParams(rng, f, 8);
    const losses = trainSteps(p, freshState(p), x, y, 64, 200);
    expect(losses).toHaveLength(200);
    expect(losses[199]!).toBeLessThan(0.2 * losses[0]!);
    const ccc = weightedCcc(predict(p, x, 64), y);
    expect(ccc).toBeGreaterThan(0.9);
  });
});
