import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { testDataFile } from '../../test/testData.ts';
import { createRng } from '../rng.ts';
import {
  bootstrapCi,
  bootstrapMomentCis,
  MomentBootstrap,
  pairedBootstrapCi,
  pairedMomentCis,
  resampleCounts,
  type Interval,
} from './bootstrap.ts';
import { MOMENT_METRICS, momentMetrics, type MomentMetricName } from './moments.ts';
import { ccc, computeMetrics, meanBias, pearson } from './pairwise.ts';

/** Standard normal draws (Box–Muller) from a seeded stream. */
function normals(seed: number, n: number): Float64Array {
  const rng = createRng(seed);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = Math.sqrt(-2 * Math.log(1 - rng.next())) * Math.cos(2 * Math.PI * rng.next());
  return out;
}

function mean(xs: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < xs.length; i++) s += xs[i]!;
  return s / xs.length;
}
/** Population sd. */
function sd(xs: ArrayLike<number>): number {
  const m = mean(xs);
  let s = 0;
  for (let i = 0; i < xs.length; i++) s += (xs[i]! - m) ** 2;
  return Math.sqrt(s / xs.length);
}
const width = ([lo, hi]: Interval): number => hi - lo;

/**
 * testdata/bootstrap-fixtures.json, written by testdata/bootstrap-fixture.py: an independent Python transcription of
 * the documented generator and resampling (§8.2: sfc32 seeded through splitmix32, Lemire's int(n), n draws with
 * replacement per resample), checked there against rng.test.ts's golden draws, and intervals from np.percentile over
 * materialised resamples.
 */
interface BootstrapFixture {
  counts: { seed: number; n: number; first: number[][] };
  mean: { seed: number; values: number[] } & Record<
    'r1000_95' | 'r400_90',
    { resamples: number; level: number; interval: [number, number] }
  >;
  moments: {
    seed: number;
    resamples: number;
    level: number;
    target: number[];
    predA: number[];
    predB: number[];
  } & Record<'a' | 'b' | 'aMinusB', Record<MomentMetricName, [number, number]>>;
}
const fx = JSON.parse(readFileSync(testDataFile('bootstrap-fixtures.json'), 'utf8')) as BootstrapFixture;

/** An interval equal to numpy's up to floating-point rounding (the app weights by counts, numpy materialises). */
function expectInterval(got: Interval | null, want: readonly [number, number]): void {
  expect(got).not.toBeNull();
  got!.forEach((g, i) => expect(Math.abs(g - want[i]!)).toBeLessThanOrEqual(1e-10 * Math.max(1, Math.abs(want[i]!))));
}

/** A bivariate normal sample: target ~ N(5, 2²), pred = 0.4 + 0.85·target + N(0, 1.2²). */
function sample(n: number): { pred: Float64Array; target: Float64Array } {
  const z1 = normals(11, n);
  const z2 = normals(12, n);
  const target = z1.map((z) => 5 + 2 * z);
  const pred = target.map((t, i) => 0.4 + 0.85 * t + 1.2 * z2[i]!);
  return { pred, target };
}

describe('resampleCounts', () => {
  it('draws n with replacement into the reused array, deterministically per seed', () => {
    const counts = new Uint32Array(50);
    const a = resampleCounts(createRng(5), 50, counts);
    expect(a).toBe(counts);
    expect(a.reduce((s, c) => s + c, 0)).toBe(50);
    expect(Array.from(resampleCounts(createRng(5), 50))).toEqual(Array.from(a));
    expect(Array.from(resampleCounts(createRng(6), 50))).not.toEqual(Array.from(a));
    expect(() => resampleCounts(createRng(5), 10, counts)).toThrow(RangeError);
  });

  it('draws the documented resamples: the first count vectors of the independent transcription', () => {
    const { seed, n, first } = fx.counts;
    const rng = createRng(seed);
    const counts = new Uint32Array(n);
    for (const want of first) expect(Array.from(resampleCounts(rng, n, counts))).toEqual(want);
  });

  it('gives each count mean 1, variance 1 − 1/n and covariance −1/n with another (multinomial, by simulation)', () => {
    // n draws with replacement, each example hit with probability 1/n: count_i ~ Binomial(n, 1/n), and counts of two
    // examples covary by −n·(1/n)² = −1/n. R resamples give means with sd √((1 − 1/n)/R) ≈ 0.007 here; the bounds are
    // 5 sd of each estimate (variance: √((μ₄ − σ⁴)/R) ≈ 0.011, μ₄ the binomial fourth central moment).
    const n = 20;
    const R = 20_000;
    const rng = createRng(31);
    const counts = new Uint32Array(n);
    const sum = new Float64Array(n);
    const sumSq = new Float64Array(n);
    let sumCross = 0; // Σ (c₀ − 1)(c₁ − 1), a covariance estimate with the known mean (each term's variance ≈ σ⁴ < 1)
    for (let r = 0; r < R; r++) {
      resampleCounts(rng, n, counts);
      for (let i = 0; i < n; i++) {
        sum[i]! += counts[i]!;
        sumSq[i]! += (counts[i]! - 1) ** 2;
      }
      sumCross += (counts[0]! - 1) * (counts[1]! - 1);
    }
    const p = 1 / n;
    const variance = n * p * (1 - p);
    const mu4 = variance * (1 + 3 * (n - 2) * p * (1 - p));
    for (let i = 0; i < n; i++) {
      expect(Math.abs(sum[i]! / R - 1)).toBeLessThan(5 * Math.sqrt(variance / R));
      expect(Math.abs(sumSq[i]! / R - variance)).toBeLessThan(5 * Math.sqrt((mu4 - variance ** 2) / R));
    }
    expect(Math.abs(sumCross / R - -1 / n)).toBeLessThan(5 * Math.sqrt(1 / R));
  });

  it('gives each example a Poisson(1)-like count: share of zeros ≈ (1 − 1/n)ⁿ', () => {
    const n = 1000;
    const rng = createRng(9);
    const counts = new Uint32Array(n);
    let zeros = 0;
    for (let r = 0; r < 200; r++) zeros += resampleCounts(rng, n, counts).filter((c) => c === 0).length;
    expect(zeros / (200 * n)).toBeCloseTo((1 - 1 / n) ** n, 2);
  });
});

describe('bootstrapCi', () => {
  const values = normals(3, 200).map((z) => 10 + 3 * z);
  const weightedMean = (c: Uint32Array): number => {
    let s = 0;
    for (let i = 0; i < c.length; i++) s += c[i]! * values[i]!;
    return s / values.length;
  };

  it('is the np.percentile interval of the statistic over the documented seeded resamples (numpy fixture)', () => {
    const { seed, values: xs, r1000_95, r400_90 } = fx.mean;
    const mean = (c: Uint32Array): number => {
      let s = 0;
      for (let i = 0; i < c.length; i++) s += c[i]! * xs[i]!;
      return s / xs.length;
    };
    // Default options are 1000 resamples at 95%.
    const ci = bootstrapCi(xs.length, mean, { seed });
    expectInterval(ci, r1000_95.interval);
    const ci90 = bootstrapCi(xs.length, mean, { seed, level: r400_90.level, resamples: r400_90.resamples });
    expectInterval(ci90, r400_90.interval);
    expect(width(ci90!)).toBeLessThan(width(ci!));
  });

  it('is the same for the same seed and differs for another', () => {
    const a = bootstrapCi(values.length, weightedMean, { seed: 7 });
    expect(bootstrapCi(values.length, weightedMean, { seed: 7 })).toEqual(a);
    expect(bootstrapCi(values.length, weightedMean, { seed: 8 })).not.toEqual(a);
  });

  it('is null for n < 2 and when more than 10% of resamples give null', () => {
    expect(bootstrapCi(1, () => 1, { seed: 0 })).toBeNull();
    expect(bootstrapCi(0, () => 1, { seed: 0 })).toBeNull();
    const nullFirst = (k: number) => {
      let calls = 0;
      return () => (calls++ < k ? null : calls);
    };
    expect(bootstrapCi(10, nullFirst(100), { seed: 0, resamples: 1000 })).not.toBeNull(); // exactly 10%: kept
    expect(bootstrapCi(10, nullFirst(101), { seed: 0, resamples: 1000 })).toBeNull();
    // Dropped resamples leave the percentiles of the rest: values 101..1000 here.
    const [lo, hi] = bootstrapCi(10, nullFirst(100), { seed: 0, resamples: 1000 })!;
    expect(lo).toBeCloseTo(101 + 899 * 0.025, 9);
    expect(hi).toBeCloseTo(101 + 899 * 0.975, 9);
    expect(bootstrapCi(10, () => Number.NaN, { seed: 0 })).toBeNull();
  });

  it('rejects invalid options', () => {
    expect(() => bootstrapCi(5, () => 1, { seed: 0, resamples: 0 })).toThrow(RangeError);
    expect(() => bootstrapCi(5, () => 1, { seed: 0, resamples: 2.5 })).toThrow(RangeError);
    expect(() => bootstrapCi(5, () => 1, { seed: 0, level: 1 })).toThrow(RangeError);
    expect(() => bootstrapCi(5, () => 1, { seed: 0.5 })).toThrow(RangeError);
  });
});

describe('bootstrapMomentCis', () => {
  const n = 2000;
  const { pred, target } = sample(n);
  const cis = bootstrapMomentCis(pred, target, { seed: 2024 });

  it('agrees with the generic bootstrap on the same resamples', () => {
    const small = sample(300);
    const fast = bootstrapMomentCis(small.pred, small.target, { seed: 5, resamples: 200 });
    for (const name of MOMENT_METRICS) {
      const slow = bootstrapCi(300, (c) => momentMetrics(small.pred, small.target, c)[name], { seed: 5, resamples: 200 });
      expect(fast[name]).toEqual(slow);
    }
  });

  it('contains the point estimates', () => {
    const { metrics } = computeMetrics(pred, target);
    for (const name of MOMENT_METRICS) {
      const [lo, hi] = cis[name]!;
      expect(lo).toBeLessThan(metrics[name]!);
      expect(hi).toBeGreaterThan(metrics[name]!);
    }
  });

  it('has the width of the analytic 95% intervals (within 15%)', () => {
    // Bias is a mean difference: mean ± 1.96·sd/√n.
    const d = pred.map((p, i) => p - target[i]!);
    expect(width(cis.bias!) / ((2 * 1.96 * sd(d)) / Math.sqrt(n))).toBeGreaterThan(0.85);
    expect(width(cis.bias!) / ((2 * 1.96 * sd(d)) / Math.sqrt(n))).toBeLessThan(1.15);
    expect(meanBias(pred, target)).toBeCloseTo(mean(d), 12);

    // Pearson, bivariate normal: Fisher's z, atanh(r) ± 1.96/√(n − 3).
    const r = pearson(pred, target)!;
    const fisher = Math.tanh(Math.atanh(r) + 1.96 / Math.sqrt(n - 3)) - Math.tanh(Math.atanh(r) - 1.96 / Math.sqrt(n - 3));
    expect(width(cis.pearson!) / fisher).toBeGreaterThan(0.85);
    expect(width(cis.pearson!) / fisher).toBeLessThan(1.15);

    // CCC: Lin's (1989, corrected 2000) asymptotic variance of atanh(ρc).
    const rc = ccc(pred, target)!;
    const u = (mean(pred) - mean(target)) / Math.sqrt(sd(pred) * sd(target));
    const varZ =
      ((1 - r * r) * rc * rc) / ((1 - rc * rc) * r * r) +
      (2 * rc ** 3 * (1 - rc) * u * u) / (r * (1 - rc * rc) ** 2) -
      (rc ** 4 * u ** 4) / (2 * r * r * (1 - rc * rc) ** 2);
    const seZ = Math.sqrt(varZ / (n - 2));
    const lin = Math.tanh(Math.atanh(rc) + 1.96 * seZ) - Math.tanh(Math.atanh(rc) - 1.96 * seZ);
    expect(width(cis.ccc!) / lin).toBeGreaterThan(0.85);
    expect(width(cis.ccc!) / lin).toBeLessThan(1.15);
  });

  it('is deterministic per seed', () => {
    expect(bootstrapMomentCis(pred, target, { seed: 2024 })).toEqual(cis);
    expect(bootstrapMomentCis(pred, target, { seed: 2025 }).ccc).not.toEqual(cis.ccc);
  });

  it('is all null for fewer than 2 examples or a non-finite value, and null per metric where undefined', () => {
    for (const name of MOMENT_METRICS) {
      expect(bootstrapMomentCis([1], [2], { seed: 0 })[name]).toBeNull();
      expect(bootstrapMomentCis([1, 2, Infinity], [2, 3, 4], { seed: 0 })[name]).toBeNull();
    }
    const constant = bootstrapMomentCis([1, 2, 3, 4, 5], [3, 3, 3, 3, 3], { seed: 0 });
    expect(constant.ccc).toEqual([0, 0]);
    expect([constant.nmse, constant.pearson, constant.dispersion]).toEqual([null, null, null]);
    expect(constant.mae).not.toBeNull();
    expect(() => bootstrapMomentCis([1, 2], [1], { seed: 0 })).toThrow(RangeError);
  });
});

describe('paired bootstrap', () => {
  const n = 500;
  const target = normals(21, n).map((z) => 5 + 2 * z);
  const noise = normals(22, n);
  const predA = target.map((t, i) => t + 0.5 * noise[i]!);
  // Twice A's error on every example: B is strictly worse everywhere.
  const predB = target.map((t, i) => t + 2 * (predA[i]! - t));

  it('matches numpy on materialised resamples: each predictor alone and the paired difference (fixture)', () => {
    const { seed, resamples, target: t, predA: a, predB: b } = fx.moments;
    const alone = [a, b].map((p) => bootstrapMomentCis(p, t, { seed, resamples }));
    const both = new MomentBootstrap([a, b], t, { seed, resamples });
    let done = false;
    while (!done) done = both.step(37);
    const diff = pairedMomentCis(a, b, t, { seed, resamples });
    for (const name of MOMENT_METRICS) {
      expectInterval(alone[0]![name], fx.moments.a[name]);
      expectInterval(alone[1]![name], fx.moments.b[name]);
      expectInterval(both.intervals()[0]![name], fx.moments.a[name]);
      expectInterval(both.intervals()[1]![name], fx.moments.b[name]);
      expectInterval(diff[name], fx.moments.aMinusB[name]);
    }
  });

  it('draws one resample for both sides: a shifted copy differs by exactly the shift in bias, not at all in Pearson', () => {
    // By hand: with the same weights, bias(p − 1) − bias(p) = −1 and Pearson, dispersion are shift-invariant, so every
    // resample's difference is the same number; resamples drawn apart for A and B would spread them.
    const shifted = predA.map((p) => p - 1);
    const d = pairedMomentCis(shifted, predA, target, { seed: 5, resamples: 200 });
    for (const bound of d.bias!) expect(bound).toBeCloseTo(-1, 12);
    for (const bound of [...d.pearson!, ...d.dispersion!]) expect(bound).toBeCloseTo(0, 12);
  });

  it('gives [0, 0] for a predictor against itself', () => {
    const self = pairedMomentCis(predA, predA, target, { seed: 3 });
    for (const name of MOMENT_METRICS) expect(self[name]).toEqual([0, 0]);
  });

  it('excludes 0 when one predictor is better on every example', () => {
    const d = pairedMomentCis(predA, predB, target, { seed: 3 });
    expect(d.mae![1]).toBeLessThan(0);
    expect(d.rmse![1]).toBeLessThan(0);
    expect(d.nmse![1]).toBeLessThan(0);
    expect(d.ccc![0]).toBeGreaterThan(0);
    // Pearson and bias need not differ: A's advantage there is not built in.
  });

  it('pairs the resamples: narrower than the difference of unpaired intervals would suggest, equal to the generic form', () => {
    const paired = pairedMomentCis(predA, predB, target, { seed: 4, resamples: 300 });
    const generic = pairedBootstrapCi(
      n,
      (c) => momentMetrics(predA, target, c).ccc,
      (c) => momentMetrics(predB, target, c).ccc,
      { seed: 4, resamples: 300 },
    );
    expect(paired.ccc).toEqual(generic);
    const a = bootstrapMomentCis(predA, target, { seed: 4, resamples: 300 }).ccc!;
    const b = bootstrapMomentCis(predB, target, { seed: 4, resamples: 300 }).ccc!;
    expect(width(paired.ccc!)).toBeLessThan(Math.hypot(width(a), width(b)));
  });

  it('drops a resample when either side is null', () => {
    let calls = 0;
    expect(
      pairedBootstrapCi(
        10,
        () => 1,
        () => (calls++ % 2 === 0 ? null : 0),
        { seed: 0, resamples: 100 },
      ),
    ).toBeNull();
    expect(
      pairedBootstrapCi(
        10,
        () => 3,
        () => 1,
        { seed: 0, resamples: 100 },
      ),
    ).toEqual([2, 2]);
  });
});

describe('MomentBootstrap (several predictors, in steps)', () => {
  const target = Array.from({ length: 60 }, (_, i) => (i * 7) % 11);
  const predA = target.map((t, i) => t + ((i * 5) % 3) - 1);
  const predB = target.map((t, i) => 0.5 * t + ((i * 3) % 4));

  it('gives each predictor the intervals it gets alone with the same seed, whatever the step size', () => {
    const alone = [predA, predB].map((p) => bootstrapMomentCis(p, target, { seed: 11, resamples: 300 }));
    const b = new MomentBootstrap([predA, predB], target, { seed: 11, resamples: 300 });
    let steps = 0;
    while (!b.step(7)) steps++;
    expect(steps).toBe(Math.ceil(300 / 7) - 1);
    expect(b.done).toBe(300);
    expect(b.intervals()).toEqual(alone);
  });

  it('refuses to give intervals before the last step, and gives all-null ones for unusable data', () => {
    const b = new MomentBootstrap([predA, [NaN, ...predB.slice(1)]], target, { seed: 1, resamples: 20 });
    expect(() => b.intervals()).toThrow(/not finished: 0 of 20/);
    b.step();
    const [a, nan] = b.intervals();
    expect(a!.ccc).not.toBeNull();
    expect(Object.values(nan!).every((v) => v === null)).toBe(true);
    const tiny = new MomentBootstrap([[1]], [2], { seed: 1, resamples: 20 });
    expect(tiny.step(1)).toBe(true);
    expect(tiny.intervals()[0]!.ccc).toBeNull();
  });
});
