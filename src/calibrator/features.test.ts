import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { PromptRollouts } from '../domain/analysisInput.ts';
import { createRng } from '../domain/rng.ts';
import type { Scale } from '../domain/types.ts';
import {
  buildFeatures,
  COMPACT_QUANTILES,
  defaultK,
  featureCount,
  featureNames,
  featureStats,
  fromUnit,
  standardise,
  toUnit,
  type FeatureMatrix,
  type FeatureSpec,
} from './features.ts';
import { TEST_DATA_DIR } from '../test/testData.ts';

/** CSR rollouts from one score list per example. */
function rollouts(perExample: readonly (readonly number[])[]): PromptRollouts {
  const offsets = new Int32Array(perExample.length + 1);
  perExample.forEach((s, e) => (offsets[e + 1] = offsets[e]! + s.length));
  return { prompt: 'v1', offsets, scores: Float64Array.from(perExample.flat()), rail: null };
}

function rowOf(m: FeatureMatrix, r: number): number[] {
  return Array.from(m.x.subarray(r * m.f, (r + 1) * m.f));
}

function expectClose(actual: ArrayLike<number>, expected: ArrayLike<number>, tol: number): void {
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    if (!(Math.abs(actual[i]! - expected[i]!) <= tol)) expect.fail(`index ${i}: ${actual[i]} vs ${expected[i]} (tol ${tol})`);
  }
}

const UNIT: Scale = { min: 0, max: 1 };
const TEN: Scale = { min: 0, max: 10 };

describe('featureCount / featureNames', () => {
  it('sorted has K + 4 columns, compact 9 whatever K', () => {
    expect(featureCount({ set: 'sorted', k: 3 })).toBe(7);
    expect(featureNames({ set: 'sorted', k: 3 })).toEqual(['s1', 's2', 's3', 'mean', 'std', 'min', 'max']);
    expect(featureCount({ set: 'compact', k: 20 })).toBe(9);
    expect(featureNames({ set: 'compact', k: 20 })).toEqual(['q10', 'q25', 'q50', 'q75', 'q90', 'mean', 'std', 'min', 'max']);
    expect(COMPACT_QUANTILES).toEqual([0.1, 0.25, 0.5, 0.75, 0.9]);
  });
});

describe('buildFeatures, sorted set', () => {
  // Scores and X (sorted K = 3, mean, population std, min, max) computed with torch float64.
  const fixture = JSON.parse(readFileSync(resolve(TEST_DATA_DIR, 'train-step-fixture.json'), 'utf8')) as {
    rollout_scores_unit: number[][];
    X: number[][];
  };

  it('matches the reference feature matrix of the train-step fixture', () => {
    const p = rollouts(fixture.rollout_scores_unit);
    const m = buildFeatures(p, 12, UNIT, { set: 'sorted', k: 3 });
    expect(m.f).toBe(7);
    expect(Array.from(m.rows)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    expect(m.tooFewRollouts).toBe(0);
    expect(m.noRollouts).toBe(0);
    expectClose(m.x, fixture.X.flat(), 1e-15);
  });

  it('maps scores by the scale first: scores × 10 on a 0–10 scale give the same matrix', () => {
    const p = rollouts(fixture.rollout_scores_unit.map((row) => row.map((s) => s * 10)));
    expectClose(buildFeatures(p, 12, TEN, { set: 'sorted', k: 3 }).x, fixture.X.flat(), 1e-12);
  });

  it('maps an offset scale: −5..5 sends −5 to 0 and 5 to 1', () => {
    const m = buildFeatures(rollouts([[5, -5]]), 1, { min: -5, max: 5 }, { set: 'sorted', k: 2 });
    // sorted [0, 1]; mean 0.5; std 0.5
    expect(rowOf(m, 0)).toEqual([0, 1, 0.5, 0.5, 0, 1]);
  });

  it('excludes examples with no or too few rollouts, counts them, and ignores extras after the first K', () => {
    const p = rollouts([
      [], // no rollouts
      [4, 6], // fewer than K = 3
      [8, 2, 5], // exactly K
      [8, 2, 5, 10, 10], // more than K: the trailing 10s must not change the row
      [1, 9, 1, 9], // more than K, the extra one would change min/max if it were used
    ]);
    const m = buildFeatures(p, 5, TEN, { set: 'sorted', k: 3 });
    expect(Array.from(m.rows)).toEqual([2, 3, 4]);
    expect(m.noRollouts).toBe(1);
    expect(m.tooFewRollouts).toBe(1);
    expect(m.x.length).toBe(3 * 7);
    // [0.2, 0.5, 0.8]: mean 0.5, std sqrt((0.09 + 0 + 0.09) / 3) = sqrt(0.06)
    expectClose(rowOf(m, 0), [0.2, 0.5, 0.8, 0.5, Math.sqrt(0.06), 0.2, 0.8], 1e-15);
    expect(rowOf(m, 1)).toEqual(rowOf(m, 0));
    // first three [0.1, 0.9, 0.1] → [0.1, 0.1, 0.9]: mean 1.1/3, max 0.9
    const r2 = rowOf(m, 2);
    expectClose(r2.slice(0, 4), [0.1, 0.1, 0.9, 1.1 / 3], 1e-15);
    expect(r2[6]).toBe(0.9);
  });

  it('reads only the first n examples and records the spec', () => {
    const m = buildFeatures(rollouts([[1], [2], [3]]), 2, TEN, { set: 'sorted', k: 1 });
    expect(Array.from(m.rows)).toEqual([0, 1]);
    expect(m.spec).toEqual({ set: 'sorted', k: 1 });
  });

  it('std is 0 and min = max for identical scores', () => {
    const m = buildFeatures(rollouts([[5, 5, 5, 5]]), 1, TEN, { set: 'sorted', k: 4 });
    expect(rowOf(m, 0)).toEqual([0.5, 0.5, 0.5, 0.5, 0.5, 0, 0.5, 0.5]);
  });

  it('rejects a degenerate scale, a bad K and short offsets', () => {
    const p = rollouts([[1, 2]]);
    expect(() => buildFeatures(p, 1, { min: 3, max: 3 }, { set: 'sorted', k: 2 })).toThrow(RangeError);
    expect(() => buildFeatures(p, 1, { min: 0, max: NaN }, { set: 'compact', k: 2 })).toThrow(RangeError);
    expect(() => buildFeatures(p, 1, TEN, { set: 'sorted', k: 0 })).toThrow(RangeError);
    expect(() => buildFeatures(p, 1, TEN, { set: 'sorted', k: 1.5 })).toThrow(RangeError);
    expect(() => buildFeatures(p, 2, TEN, { set: 'sorted', k: 2 })).toThrow(RangeError);
  });

  it('gives an empty matrix when nothing qualifies', () => {
    const m = buildFeatures(rollouts([[], [1]]), 2, TEN, { set: 'sorted', k: 2 });
    expect(m.rows.length).toBe(0);
    expect(m.x.length).toBe(0);
    expect([m.noRollouts, m.tooFewRollouts]).toEqual([1, 1]);
  });
});

describe('buildFeatures, compact set', () => {
  it('quantiles (numpy linear), mean, std, min, max of all rollouts', () => {
    const p = rollouts([[7, 2, 9, 4], [], [3, 8, 1, 5, 10, 0, 6]]);
    // K is recorded but plays no part: both examples qualify although one has fewer than 5 rollouts.
    const m = buildFeatures(p, 3, TEN, { set: 'compact', k: 5 });
    expect(m.spec).toEqual({ set: 'compact', k: 5 });
    expect(m.f).toBe(9);
    expect(Array.from(m.rows)).toEqual([0, 2]);
    expect([m.noRollouts, m.tooFewRollouts]).toEqual([1, 0]);
    // Sorted [0.2, 0.4, 0.7, 0.9], position h = 3q:
    //   q10 h 0.3 → 0.2 + 0.3·0.2 = 0.26;  q25 h 0.75 → 0.2 + 0.75·0.2 = 0.35;  q50 h 1.5 → 0.4 + 0.5·0.3 = 0.55
    //   q75 h 2.25 → 0.7 + 0.25·0.2 = 0.75;  q90 h 2.7 → 0.7 + 0.7·0.2 = 0.84
    // mean 2.2 / 4 = 0.55; deviations ±0.35, ±0.15 → std sqrt(0.29 / 4) = sqrt(0.0725)
    // (np.quantile / np.std agree: 0.26, 0.35000000000000003, 0.55, 0.75, 0.8400000000000001; 0.2692582403567252)
    expectClose(rowOf(m, 0), [0.26, 0.35, 0.55, 0.75, 0.84, 0.55, 0.2692582403567252, 0.2, 0.9], 1e-15);
    // Sorted [0, 0.1, 0.3, 0.5, 0.6, 0.8, 1], position h = 6q:
    //   q10 h 0.6 → 0.6·0.1 = 0.06;  q25 h 1.5 → 0.1 + 0.5·0.2 = 0.2;  q50 h 3 → 0.5
    //   q75 h 4.5 → 0.6 + 0.5·0.2 = 0.7;  q90 h 5.4 → 0.8 + 0.4·0.2 = 0.88
    // mean 3.3 / 7; std (np.std) 0.3368521749300456
    expectClose(rowOf(m, 1), [0.06, 0.2, 0.5, 0.7, 0.88, 3.3 / 7, 0.3368521749300456, 0, 1], 1e-15);
  });

  it('a single rollout gives every quantile = that score and std 0', () => {
    const m = buildFeatures(rollouts([[4]]), 1, TEN, { set: 'compact', k: 3 });
    expect(rowOf(m, 0)).toEqual([0.4, 0.4, 0.4, 0.4, 0.4, 0.4, 0, 0.4, 0.4]);
  });
});

describe('buildFeatures against a naive per-example computation', () => {
  /** Type-7 quantile written out independently of domain/metrics/quantile.ts. */
  function naiveQuantile(sorted: number[], q: number): number {
    const h = (sorted.length - 1) * q;
    const lo = Math.floor(h);
    const hi = Math.min(lo + 1, sorted.length - 1);
    return sorted[lo]! + (h - lo) * (sorted[hi]! - sorted[lo]!);
  }

  function naiveRow(scores: number[], scale: Scale, spec: FeatureSpec): number[] | null {
    if (scores.length === 0 || (spec.set === 'sorted' && scores.length < spec.k)) return null;
    const used = spec.set === 'sorted' ? scores.slice(0, spec.k) : scores.slice();
    const u = used.map((s) => (s - scale.min) / (scale.max - scale.min)).sort((a, b) => a - b);
    const mean = u.reduce((a, b) => a + b, 0) / u.length;
    const std = Math.sqrt(u.reduce((a, b) => a + (b - mean) ** 2, 0) / u.length);
    const head = spec.set === 'sorted' ? u : COMPACT_QUANTILES.map((q) => naiveQuantile(u, q));
    return [...head, mean, std, Math.min(...u), Math.max(...u)];
  }

  it('every row of random inputs, both sets', () => {
    const rng = createRng(20240611);
    for (let trial = 0; trial < 40; trial++) {
      const n = 1 + rng.int(60);
      const scale: Scale = { min: -3 + rng.int(4), max: 2 + rng.int(10) };
      const per: number[][] = [];
      for (let e = 0; e < n; e++) {
        // Counts 0..40 so the compact set sees short and long examples; half-step scores inside the scale.
        const c = rng.int(4) === 0 ? rng.int(41) : rng.int(8);
        const steps = (scale.max - scale.min) * 2;
        per.push(Array.from({ length: c }, () => scale.min + rng.int(steps + 1) / 2));
      }
      const p = rollouts(per);
      for (const spec of [
        { set: 'sorted', k: 1 + rng.int(8) },
        { set: 'compact', k: 4 },
      ] satisfies FeatureSpec[]) {
        const m = buildFeatures(p, n, scale, spec);
        const expected = per.map((s, e) => [e, naiveRow(s, scale, spec)] as const).filter(([, r]) => r !== null);
        expect(Array.from(m.rows)).toEqual(expected.map(([e]) => e));
        expect(m.noRollouts).toBe(per.filter((s) => s.length === 0).length);
        expect(m.tooFewRollouts).toBe(spec.set === 'sorted' ? per.filter((s) => s.length > 0 && s.length < spec.k).length : 0);
        expected.forEach(([, row], r) => expectClose(rowOf(m, r), row!, 1e-14));
      }
    }
  });
});

describe('defaultK', () => {
  it('most common count among examples with rollouts, ties to the larger', () => {
    // counts 3, 3, 5, 5, 0, 0, 0, 2: the three empty examples do not count
    const p = rollouts([[1, 2, 3], [1, 2, 3], [1, 2, 3, 4, 5], [1, 2, 3, 4, 5], [], [], [], [1, 2]]);
    expect(defaultK(p, 8)).toBe(5);
    expect(defaultK(p, 2)).toBe(3);
  });

  it('a strict majority wins over a larger count', () => {
    expect(
      defaultK(
        rollouts([
          [1, 2],
          [1, 2],
          [1, 2, 3],
        ]),
        3,
      ),
    ).toBe(2);
  });

  it('null without rollouts', () => {
    expect(defaultK(rollouts([[], []]), 2)).toBeNull();
    expect(defaultK(rollouts([]), 0)).toBeNull();
  });
});

describe('featureStats / standardise', () => {
  // 4 rows × 3 columns; stats over row positions 0, 2, 3 only (row 1 holds outliers that must be ignored).
  const m: FeatureMatrix = {
    spec: { set: 'compact', k: 0 },
    f: 3,
    rows: Int32Array.of(0, 4, 7, 9),
    // prettier-ignore
    x: Float64Array.of(
      1, 2, 0,
      100, -7, 1000,
      3, 2, 4,
      5, 2, 8,
    ),
    tooFewRollouts: 0,
    noRollouts: 0,
  };

  it('mean and population sd over the chosen rows; a constant column gets sd 1', () => {
    const s = featureStats(m, [0, 2, 3]);
    // col 0: [1, 3, 5] → mean 3, sd sqrt((4 + 0 + 4) / 3); col 1: constant 2; col 2: [0, 4, 8] → mean 4, sd sqrt(32 / 3)
    expectClose(s.mean, [3, 2, 4], 0);
    expectClose(s.sd, [Math.sqrt(8 / 3), 1, Math.sqrt(32 / 3)], 1e-15);
  });

  it('standardise maps the chosen rows to mean 0 / sd 1 and the constant column to 0', () => {
    const z = standardise(m, featureStats(m, Int32Array.of(0, 2, 3)));
    const a = Math.sqrt(3 / 2); // 2 / sqrt(8/3) = 4 / sqrt(32/3)
    // prettier-ignore
    expectClose(z, [
      -a, 0, -a,
      97 / Math.sqrt(8 / 3), -9, 996 / Math.sqrt(32 / 3),
      0, 0, 0,
      a, 0, a,
    ], 1e-14);
    expect(z).not.toBe(m.x);
    expect(m.x[0]).toBe(1);
  });

  it('a column constant up to rounding (0.1 three times) also gets sd 1 and maps to ~0', () => {
    const c: FeatureMatrix = { ...m, f: 1, rows: Int32Array.of(0, 1, 2), x: Float64Array.of(0.1, 0.1, 0.1) };
    const s = featureStats(c, [0, 1, 2]);
    expect(s.sd[0]).toBe(1);
    for (const v of standardise(c, s)) expect(Math.abs(v)).toBeLessThan(1e-15);
  });

  it('rejects no rows, out-of-range positions and mismatched stats', () => {
    expect(() => featureStats(m, [])).toThrow(RangeError);
    expect(() => featureStats(m, [4])).toThrow(RangeError);
    expect(() => featureStats(m, [-1])).toThrow(RangeError);
    expect(() => standardise(m, { mean: new Float64Array(2), sd: new Float64Array(2) })).toThrow(RangeError);
  });
});

describe('toUnit / fromUnit', () => {
  const scale: Scale = { min: 1, max: 5 };

  it('maps linearly, toUnit unclipped', () => {
    expect(toUnit(1, scale)).toBe(0);
    expect(toUnit(3, scale)).toBe(0.5);
    expect(toUnit(5, scale)).toBe(1);
    expect(toUnit(6, scale)).toBe(1.25);
  });

  it('fromUnit clips to the scale', () => {
    expect(fromUnit(0.5, scale)).toBe(3);
    expect(fromUnit(1.2, scale)).toBe(5);
    expect(fromUnit(-0.1, scale)).toBe(1);
    expect(fromUnit(Number.NaN, scale)).toBeNaN();
  });

  it('round trips inside the scale', () => {
    for (const v of [1, 1.5, 2.25, 3.7, 4.99, 5]) expect(fromUnit(toUnit(v, scale), scale)).toBeCloseTo(v, 14);
    for (const v of [-2, 0, 2.5, 7]) expect(fromUnit(toUnit(v, { min: -2, max: 7 }), { min: -2, max: 7 })).toBeCloseTo(v, 14);
  });
});
