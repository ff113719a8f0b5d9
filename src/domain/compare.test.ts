import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { naiveMoments, naivePearson, naiveRanks } from '../test/naiveStats.ts';
import { testDataFile } from '../test/testData.ts';
import { prepareAnalysis, type PreparedAnalysis } from './analysis.ts';
import type { AnalysisInput, PromptRollouts } from './analysisInput.ts';
import { COMPARE_METRICS, compareVersions, rankVersions, RankingJob, VersionCompareJob, type CompareMetric } from './compare.ts';
import { pairedMomentCis, resampleCounts, type Interval } from './metrics/bootstrap.ts';
import { createRng } from './rng.ts';
import { SPLITS, type Split } from './types.ts';

// ---------------------------------------------------------------------------------------------
// Building inputs

/** An analysis input whose versions have the given rollouts per example ([] = none), all in one split unless given. */
function inputOf(
  targets: readonly (number | null)[],
  rollouts: readonly (readonly (readonly number[])[])[],
  splits?: readonly Split[],
): AnalysisInput {
  const n = targets.length;
  const prompts: PromptRollouts[] = rollouts.map((per, v) => {
    const offsets = new Int32Array(n + 1);
    const scores: number[] = [];
    per.forEach((rs, e) => {
      scores.push(...rs);
      offsets[e + 1] = scores.length;
    });
    return { prompt: `v${v}`, offsets, scores: Float64Array.from(scores), rail: null };
  });
  return {
    n,
    scale: { min: -100, max: 100 },
    targets: Float64Array.from(targets, (t) => t ?? Number.NaN),
    splits: Uint8Array.from({ length: n }, (_, e) => SPLITS.indexOf(splits?.[e] ?? 'test')),
    prompts,
  };
}

/** One rollout per example, so the `mean` predictor is the given prediction (null = no rollout). */
function prepared(targets: readonly (number | null)[], predictions: readonly (readonly (number | null)[])[]): PreparedAnalysis {
  return prepareAnalysis(
    inputOf(
      targets,
      predictions.map((p) => p.map((v) => (v === null ? [] : [v]))),
    ),
  );
}

/** Standard normal draws (Box–Muller) from a seeded stream. */
function normals(seed: number, n: number): number[] {
  const rng = createRng(seed);
  return Array.from({ length: n }, () => Math.sqrt(-2 * Math.log(1 - rng.next())) * Math.cos(2 * Math.PI * rng.next()));
}

function expectClose(actual: number | null | undefined, expected: number, tol: number): void {
  expect(actual).not.toBeNull();
  expect(actual).not.toBeUndefined();
  expect(Math.abs(actual! - expected)).toBeLessThanOrEqual(tol * Math.max(1, Math.abs(expected)));
}

/** Every number anywhere in a result is finite (no NaN, no ±Infinity). */
function expectNoNaN(value: unknown, path = 'result'): void {
  if (typeof value === 'number') expect(Number.isFinite(value), `${path} = ${value}`).toBe(true);
  else if (value instanceof Float64Array) value.forEach((v, i) => expectNoNaN(v, `${path}[${i}]`));
  else if (Array.isArray(value)) value.forEach((v, i) => expectNoNaN(v, `${path}[${i}]`));
  else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) expectNoNaN(v, `${path}.${k}`);
}

// ---------------------------------------------------------------------------------------------
// Reference statistics, written independently of the module (src/test/naiveStats.ts): plain
// two-pass formulas on explicit arrays, and average ranks counted naively (as scipy.stats.rankdata).

const constant = (xs: readonly number[]): boolean => xs.every((x) => x === xs[0]);

function naiveMetrics(p: readonly number[], t: readonly number[]): Record<CompareMetric, number | null> {
  const n = p.length;
  const { mp, mt, vp, vt, cov } = naiveMoments(p, t);
  let sq = 0;
  let abs = 0;
  for (let i = 0; i < n; i++) {
    sq += (p[i]! - t[i]!) ** 2 / n;
    abs += Math.abs(p[i]! - t[i]!) / n;
  }
  const cp = constant(p);
  const ct = constant(t);
  const den = vp + vt + (mp - mt) ** 2;
  const correlated = n >= 2 && !cp && !ct;
  return {
    ccc: n >= 2 && !(cp && ct && p[0] === t[0]) && den > 0 ? (2 * cov) / den : null,
    nmse: n >= 2 && !ct ? sq / vt : null,
    mae: n >= 1 ? abs : null,
    pearson: correlated ? naivePearson(p, t) : null,
    spearman: correlated ? naivePearson(naiveRanks(p), naiveRanks(t)) : null,
  };
}

/** np.percentile(x, 100·q), linear. */
function percentile(sorted: readonly number[], q: number): number {
  const h = (sorted.length - 1) * q;
  const i = Math.floor(h);
  return i + 1 < sorted.length ? sorted[i]! + (h - i) * (sorted[i + 1]! - sorted[i]!) : sorted[i]!;
}

/**
 * The plain paired bootstrap: each resample materialised as an array of drawn indices (the same
 * count vectors as the module draws, from `resampleCounts` with the same seed), the metrics of A
 * and B computed naively on it, Δ = B − A; resamples where either is undefined dropped, null past 10%.
 */
function referencePairedCis(
  a: readonly number[],
  b: readonly number[],
  t: readonly number[],
  seed: number,
  resamples: number,
): Record<CompareMetric, Interval | null> {
  const rng = createRng(seed);
  const deltas: Record<CompareMetric, number[]> = { ccc: [], nmse: [], mae: [], pearson: [], spearman: [] };
  let dropped: Record<CompareMetric, number> = { ccc: 0, nmse: 0, mae: 0, pearson: 0, spearman: 0 };
  for (let r = 0; r < resamples; r++) {
    const counts = resampleCounts(rng, t.length);
    const drawn: number[] = [];
    counts.forEach((c, i) => {
      for (let k = 0; k < c; k++) drawn.push(i);
    });
    const ma = naiveMetrics(
      drawn.map((i) => a[i]!),
      drawn.map((i) => t[i]!),
    );
    const mb = naiveMetrics(
      drawn.map((i) => b[i]!),
      drawn.map((i) => t[i]!),
    );
    for (const m of COMPARE_METRICS) {
      if (ma[m] === null || mb[m] === null) dropped = { ...dropped, [m]: dropped[m] + 1 };
      else deltas[m].push(mb[m] - ma[m]);
    }
  }
  const out = {} as Record<CompareMetric, Interval | null>;
  for (const m of COMPARE_METRICS) {
    const sorted = deltas[m].sort((x, y) => x - y);
    out[m] = dropped[m] > 0.1 * resamples ? null : [percentile(sorted, 0.025), percentile(sorted, 0.975)];
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// The numpy/scipy fixture

interface Fixture {
  source: string;
  predictor: 'mean';
  scale: { min: number; max: number };
  splits: Split[];
  targets: (number | null)[];
  rollouts: number[][][];
  comparison: {
    a: number;
    b: number;
    split: 'test';
    examples: number;
    n: number;
    index: number[];
    leftOut: { noTarget: number; noA: number; noB: number; neither: number };
    metricsA: Record<CompareMetric, number>;
    metricsB: Record<CompareMetric, number>;
    delta: Record<CompareMetric, number>;
  };
  ranking: {
    best: number;
    order: number[];
    versions: { n: number; ccc: number; commonWithBest: number; deltaToBest: number }[];
  };
}

const fx = JSON.parse(readFileSync(testDataFile('compare-fixtures.json'), 'utf8')) as Fixture;
const fixturePrepared = (): PreparedAnalysis => prepareAnalysis({ ...inputOf(fx.targets, fx.rollouts, fx.splits), scale: fx.scale });

describe('compareVersions against numpy/scipy (testdata/compare-fixtures.json)', () => {
  const c = fx.comparison;
  const result = compareVersions(fixturePrepared(), c.a, c.b, 'mean', { split: 'test', seed: 0, resamples: 200 });

  it('compares on the examples with a target and both predictions, and says what it left out', () => {
    expect(result.common.examples).toBe(c.examples);
    expect(result.common.n).toBe(c.n);
    expect(Array.from(result.common.index)).toEqual(c.index);
    expect(result.common.leftOut).toEqual(c.leftOut);
    expect(result.common.text).toBe(
      `Compared on ${c.n} of ${c.examples} test examples; left out ${c.leftOut.noTarget} without a target, ` +
        `${c.leftOut.noA} without a prediction from A, ${c.leftOut.noB} without a prediction from B.`,
    );
    expect(result.a).toEqual({ prompt: 0, name: 'v0' });
    expect(result.identical).toBe(false);
  });

  it('gives A, B and Δ = B − A of the five metrics as numpy/scipy do', () => {
    expect(result.metrics.map((m) => m.metric)).toEqual(COMPARE_METRICS);
    for (const m of result.metrics) {
      expectClose(m.a, c.metricsA[m.metric], 1e-12);
      expectClose(m.b, c.metricsB[m.metric], 1e-12);
      expectClose(m.delta, c.delta[m.metric], 1e-12);
      expect(m.reasons).toEqual({});
    }
  });

  it('gives paired CIs equal to a plain bootstrap that materialises every resample (ties everywhere)', () => {
    const index = c.index;
    const t = index.map((e) => fx.targets[e]!);
    const mean = (rs: number[]): number => rs.reduce((s, x) => s + x, 0) / rs.length;
    const a = index.map((e) => mean(fx.rollouts[c.a]![e]!));
    const b = index.map((e) => mean(fx.rollouts[c.b]![e]!));
    const ref = referencePairedCis(a, b, t, 0, 200);
    for (const m of result.metrics) {
      const want = ref[m.metric]!;
      expect(m.ci, m.metric).not.toBeNull();
      expectClose(m.ci![0], want[0], 1e-9);
      expectClose(m.ci![1], want[1], 1e-9);
    }
  });
});

describe('paired CIs', () => {
  // Continuous target, predictions rounded to halves (ties), 150 examples, a few unlabelled.
  const n = 150;
  const z = normals(1, n);
  const targets = z.map((v, i) => (i % 17 === 0 ? null : 5 + 2 * v));
  const a = normals(2, n).map((v, i) => Math.round((5 + 2 * z[i]! + 1.5 * v) * 2) / 2);
  const b = normals(3, n).map((v, i) => Math.round((5 + 1.8 * z[i]! + 1.4 * v) * 2) / 2);
  const p = prepared(targets, [a, b]);
  const options = { split: 'test' as const, seed: 42, resamples: 300 };
  const result = compareVersions(p, 0, 1, 'mean', options);
  const idx = Array.from(result.common.index);
  const ta = idx.map((e) => targets[e]!);
  const pa = idx.map((e) => a[e]!);
  const pb = idx.map((e) => b[e]!);

  it('agree with the plain materialising bootstrap to 1e-9, Spearman included', () => {
    const ref = referencePairedCis(pa, pb, ta, options.seed, options.resamples);
    for (const m of result.metrics) {
      expectClose(m.ci![0], ref[m.metric]![0], 1e-9);
      expectClose(m.ci![1], ref[m.metric]![1], 1e-9);
    }
  });

  it('are exactly pairedMomentCis for the moment metrics (same examples, same resamples)', () => {
    const moment = pairedMomentCis(pb, pa, ta, { seed: options.seed, resamples: options.resamples });
    for (const m of result.metrics) if (m.metric !== 'spearman') expect(m.ci).toEqual(moment[m.metric]);
  });

  it('are the same when the bootstrap runs in slices', () => {
    const job = new VersionCompareJob(p, 0, 1, 'mean', options);
    let steps = 0;
    while (!job.step(7)) steps++;
    expect(steps).toBeGreaterThan(10);
    expect(job.done).toBe(options.resamples);
    expect(job.result()).toEqual(result);
  });
});

// ---------------------------------------------------------------------------------------------
// Verdicts

describe('verdict in words', () => {
  const n = 300;
  const z = normals(10, n);
  const targets = z.map((v) => 5 + 2 * v);
  const noisy = normals(11, n).map((v, i) => targets[i]! + 3 * v);
  const sharp = normals(12, n).map((v, i) => targets[i]! + 0.5 * v);
  const options = { split: 'test' as const, seed: 0, resamples: 500 };

  it('B better on every metric when B is far closer to the target', () => {
    const r = compareVersions(prepared(targets, [noisy, sharp]), 0, 1, 'mean', options);
    for (const m of r.metrics) {
      expect(m.verdict, m.metric).toBe('better');
      // Better means the CI lies on B's good side: above 0 for CCC, r, ρ; below 0 for NMSE, MAE.
      if (m.metric === 'nmse' || m.metric === 'mae') expect(m.ci![1]).toBeLessThan(0);
      else expect(m.ci![0]).toBeGreaterThan(0);
    }
    const ccc = r.metrics[0]!;
    expect(ccc.text).toBe(`B better on CCC: +${ccc.delta!.toFixed(3)} [${ccc.ci![0].toFixed(3)}, ${ccc.ci![1].toFixed(3)}]`);
    const nmse = r.metrics[1]!;
    expect(nmse.text).toBe(`B better on NMSE: ${nmse.delta!.toFixed(3)} [${nmse.ci![0].toFixed(3)}, ${nmse.ci![1].toFixed(3)}]`);
    expect(nmse.text).toMatch(/^B better on NMSE: -\d\.\d{3} \[-\d\.\d{3}, -\d\.\d{3}\]$/);
    expect(r.metrics[4]!.text).toMatch(/^B better on Spearman ρ: \+0\.\d{3} \[0\.\d{3}, 0\.\d{3}\]$/);
  });

  it('A better on every metric when the roles are swapped', () => {
    const r = compareVersions(prepared(targets, [sharp, noisy]), 0, 1, 'mean', options);
    for (const m of r.metrics) expect(m.verdict, m.metric).toBe('worse');
    expect(r.metrics[0]!.text).toMatch(/^A better on CCC: -0\.\d{3} \[-0\.\d{3}, -0\.\d{3}\]$/);
    expect(r.metrics[1]!.text).toMatch(/^A better on NMSE: \+\d\.\d{3} \[\d\.\d{3}, \d\.\d{3}\]$/);
    expect(r.metrics[2]!.text).toMatch(/^A better on MAE: \+/);
  });

  it('no clear difference when A and B make the same errors on swapped twins', () => {
    // Examples come in twins with the same target; A errs on the first of each twin, B on the
    // second, by the same amount. The (prediction, target) pairs of A and B are the same multiset,
    // so every metric is equal (Δ = 0), and the resampled Δ is symmetric around 0: swapping the
    // twins' counts maps a resample's Δ to −Δ.
    const twins = 120;
    const t = normals(20, twins).flatMap((v) => [5 + 2 * v, 5 + 2 * v]);
    const err = normals(21, twins);
    const pa = t.map((x, i) => (i % 2 === 0 ? x + 2 * err[i / 2]! : x));
    const pb = t.map((x, i) => (i % 2 === 1 ? x + 2 * err[(i - 1) / 2]! : x));
    const r = compareVersions(prepared(t, [pa, pb]), 0, 1, 'mean', options);
    for (const m of r.metrics) {
      expect(Math.abs(m.delta!)).toBeLessThan(1e-12);
      expect(m.verdict, m.metric).toBe('unclear');
      expect(m.ci![0]).toBeLessThan(0);
      expect(m.ci![1]).toBeGreaterThan(0);
      expect(m.text).toMatch(/^no clear difference: \+0\.000 \[-\d\.\d{3}, \d\.\d{3}\]$/);
    }
  });

  it('A = B: identical, Δ 0 with CI [0, 0], no clear difference', () => {
    const r = compareVersions(prepared(targets, [noisy]), 0, 0, 'mean', options);
    expect(r.identical).toBe(true);
    for (const m of r.metrics) {
      expect(m.delta).toBe(0);
      expect(m.ci).toEqual([0, 0]);
      expect(m.verdict).toBe('unclear');
      expect(m.text).toBe('no clear difference: +0.000 [0.000, 0.000]');
    }
  });
});

// ---------------------------------------------------------------------------------------------
// Edge cases

describe('edge cases', () => {
  const options = { split: 'test' as const, seed: 0, resamples: 100 };

  it('one common example: only MAE has values, no interval, with reasons', () => {
    const r = compareVersions(
      prepared(
        [1, 2, null],
        [
          [1.5, null, 3],
          [1, 2.5, 3],
        ],
      ),
      0,
      1,
      'mean',
      options,
    );
    expect(r.common.n).toBe(1);
    expect(r.common.leftOut).toEqual({ noTarget: 1, noA: 1, noB: 0, neither: 0 });
    const ccc = r.metrics.find((m) => m.metric === 'ccc')!;
    expect(ccc).toMatchObject({ a: null, b: null, delta: null, ci: null, verdict: 'unclear' });
    expect(ccc.reasons).toEqual({
      a: 'fewer than 2 examples',
      b: 'fewer than 2 examples',
      delta: 'fewer than 2 examples',
      ci: 'fewer than 2 common examples',
    });
    expect(ccc.text).toBe('no verdict on CCC: fewer than 2 examples');
    const mae = r.metrics.find((m) => m.metric === 'mae')!;
    expect(mae).toMatchObject({ a: 0.5, b: 0, delta: -0.5, ci: null, verdict: 'unclear' });
    expect(mae.reasons).toEqual({ ci: 'fewer than 2 common examples' });
    expect(mae.text).toBe('no clear difference: -0.500 (no interval: fewer than 2 common examples)');
    expectNoNaN(r);
  });

  it('no common examples at all', () => {
    const r = compareVersions(
      prepared(
        [1, 2],
        [
          [1, null],
          [null, 2],
        ],
      ),
      0,
      1,
      'mean',
      options,
    );
    expect(r.common.n).toBe(0);
    expect(r.common.text).toBe('Compared on 0 of 2 test examples; left out 1 without a prediction from A, 1 without a prediction from B.');
    for (const m of r.metrics) expect(m).toMatchObject({ a: null, b: null, delta: null, ci: null, reasons: { delta: 'no examples' } });
    expect(r.identical).toBe(false);
    expectNoNaN(r);
  });

  it('constant predictions: correlations null with the reason, CCC and errors still compared', () => {
    const t = normals(30, 60).map((v) => 5 + v);
    const flat = t.map(() => 5);
    const good = t.map((x, i) => x + 0.3 * normals(31, 60)[i]!);
    const r = compareVersions(prepared(t, [flat, good]), 0, 1, 'mean', options);
    const by = (m: CompareMetric) => r.metrics.find((x) => x.metric === m)!;
    for (const m of ['pearson', 'spearman'] as const) {
      expect(by(m)).toMatchObject({ a: null, delta: null, ci: null, verdict: 'unclear' });
      expect(by(m).reasons).toEqual({
        a: 'predictions are constant',
        delta: 'A: predictions are constant',
        ci: 'A: predictions are constant',
      });
      expect(by(m).b).not.toBeNull();
      expect(by(m).text).toBe(`no verdict on ${by(m).label}: A: predictions are constant`);
    }
    expect(by('ccc').a).toBe(0);
    expect(by('ccc').verdict).toBe('better');
    expectNoNaN(r);
  });

  it('constant target: NMSE and the correlations null, the reason said once', () => {
    const t = Array.from({ length: 20 }, () => 3);
    const r = compareVersions(prepared(t, [t.map((_, i) => i % 4), t.map((_, i) => 3 + (i % 2))]), 0, 1, 'mean', options);
    for (const m of ['nmse', 'pearson', 'spearman'] as const) {
      const row = r.metrics.find((x) => x.metric === m)!;
      expect(row.reasons).toEqual({
        a: 'target is constant',
        b: 'target is constant',
        delta: 'target is constant',
        ci: 'target is constant',
      });
    }
    expect(r.metrics.find((x) => x.metric === 'mae')!.ci).not.toBeNull();
    expectNoNaN(r);
  });

  it('a predictor a version does not have: every row says why', () => {
    const r = compareVersions(
      prepared(
        [1, 2, 3],
        [
          [1, 2, 3],
          [3, 2, 1],
        ],
      ),
      0,
      1,
      'rail',
      options,
    );
    const why = 'RAIL is not available for v0: no rollout of this prompt carries logprobs';
    expect(r.a.missing).toBe(why);
    expect(r.common.leftOut).toEqual({ noTarget: 0, noA: 0, noB: 0, neither: 3 });
    for (const m of r.metrics) {
      expect(m.reasons.a).toBe(why);
      expect(m.reasons.delta).toBe(`A: ${why}; B: RAIL is not available for v1: no rollout of this prompt carries logprobs`);
      expect(m.text).toBe(`no verdict on ${m.label}: ${m.reasons.delta}`);
    }
    expectNoNaN(r);
  });

  it('0 resamples: point values only; invalid options throw', () => {
    const p = prepared(
      [1, 2, 3, 4],
      [
        [1, 2, 3, 5],
        [1, 3, 2, 4],
      ],
    );
    const r = compareVersions(p, 0, 1, 'mean', { ...options, resamples: 0 });
    for (const m of r.metrics) expect(m.reasons.ci).toBe('no bootstrap (0 resamples)');
    expect(r.metrics[0]!.text).toMatch(/^no clear difference: [+-]\d\.\d{3} \(no interval: no bootstrap \(0 resamples\)\)$/);
    expect(() => compareVersions(p, 0, 1, 'mean', { ...options, resamples: -1 })).toThrow(RangeError);
    expect(() => compareVersions(p, 0, 1, 'mean', { ...options, seed: 0.5 })).toThrow(RangeError);
    expect(() => compareVersions(p, 0, 2, 'mean', options)).toThrow(RangeError);
  });

  it('uses only the chosen split', () => {
    const input = inputOf(
      [1, 2, 3, 4, 5],
      [
        [[1], [2], [3], [4], [5]],
        [[1], [2], [3], [5], [4]],
      ],
      ['train', 'test', 'test', 'val', 'test'],
    );
    const r = compareVersions(prepareAnalysis(input), 0, 1, 'mean', options);
    expect(Array.from(r.common.index)).toEqual([1, 2, 4]);
    expect(compareVersions(prepareAnalysis(input), 0, 1, 'mean', { ...options, split: 'all' }).common.n).toBe(5);
  });
});

// ---------------------------------------------------------------------------------------------
// Ranking

describe('rankVersions against numpy/scipy (testdata/compare-fixtures.json)', () => {
  const r = rankVersions(fixturePrepared(), 'mean', { split: 'test', seed: 0, resamples: 200 });

  it('orders by CCC on each version’s own examples and gives Δ to the best on the shared ones', () => {
    expect(r.best).toBe(fx.ranking.best);
    expect(r.versions.map((v) => v.prompt)).toEqual(fx.ranking.order);
    expect(r.versions.map((v) => v.rank)).toEqual([1, 2, 3]);
    for (const v of r.versions) {
      const want = fx.ranking.versions[v.prompt]!;
      expect(v.n).toBe(want.n);
      expectClose(v.ccc, want.ccc, 1e-12);
      expect(v.vsBest!.n).toBe(want.commonWithBest);
      expectClose(v.vsBest!.delta, want.deltaToBest, 1e-12);
    }
  });
});

describe('rankVersions', () => {
  const n = 400;
  const z = normals(40, n);
  const targets = z.map((v) => 5 + 2 * v);
  const version = (seed: number, noise: number) => normals(seed, n).map((v, i) => targets[i]! + noise * v);
  const v0 = version(41, 1.5);
  const v1 = version(42, 0.5);
  const v2 = version(43, 4);
  // Close to v1, and missing 40 examples: its pairs with the best form a second bootstrap group.
  const v3 = version(44, 0.55).map((x, i) => (i % 10 === 3 ? null : x));
  const p = prepared(targets, [v0, v1, v2, v3]);
  const options = { split: 'test' as const, seed: 5, resamples: 400 };
  const r = rankVersions(p, 'mean', options);
  const of = (prompt: number) => r.versions.find((v) => v.prompt === prompt)!;

  it('ranks by point CCC, best first', () => {
    const own = [v0, v1, v2, v3].map((v) => {
      const keep = v.map((x, i) => i).filter((i) => v[i] !== null);
      return naiveMetrics(
        keep.map((i) => v[i]!),
        keep.map((i) => targets[i]!),
      ).ccc!;
    });
    const order = [0, 1, 2, 3].sort((a, b) => own[b]! - own[a]!);
    expect(r.versions.map((v) => v.prompt)).toEqual(order);
    r.versions.forEach((v) => expectClose(v.ccc, own[v.prompt]!, 1e-12));
    expect(r.best).toBe(1);
  });

  it('gives the best Δ 0 and "best"', () => {
    expect(of(1).vsBest).toMatchObject({ n, delta: 0, ci: [0, 0], verdict: 'best' });
    expect(of(1).vsBest!.text).toBe(`best on CCC: ${of(1).ccc!.toFixed(3)}`);
  });

  it('says a clearly worse version is worse, with a CI below 0', () => {
    const bad = of(2).vsBest!;
    expect(bad.verdict).toBe('worse');
    expect(bad.ci![1]).toBeLessThan(0);
    expect(bad.text).toMatch(/^worse than v1 on CCC: -0\.\d{3} \[-0\.\d{3}, -0\.\d{3}\]$/);
  });

  it('pairs each version with the best on the examples both have, on the same resamples as pairedMomentCis (to rounding)', () => {
    for (const k of [0, 2, 3]) {
      const pred = [v0, v1, v2, v3][k]!;
      const keep = targets.map((_, i) => i).filter((i) => pred[i] !== null);
      expect(of(k).vsBest!.n).toBe(keep.length);
      const ci = pairedMomentCis(
        keep.map((i) => pred[i]!),
        keep.map((i) => v1[i]!),
        keep.map((i) => targets[i]!),
        options,
      ).ccc;
      // The ranking's CCC-only kernel (sharedCcc.ts) sums in another order than momentMetricsInto.
      expectClose(of(k).vsBest!.ci![0], ci![0], 1e-12);
      expectClose(of(k).vsBest!.ci![1], ci![1], 1e-12);
    }
    expect(of(3).n).toBe(360);
  });

  it('is the same run in slices', () => {
    const job = new RankingJob(p, 'mean', options);
    expect(job.total).toBe(2 * options.resamples);
    while (!job.step(33));
    expect(job.done).toBe(job.total);
    expect(job.result()).toEqual(r);
  });

  it('puts versions without a CCC last, unranked, with the reason; never NaN', () => {
    const q = prepared(
      [1, 2, 3, 4],
      [
        [1, 2, 3, 4],
        [2, 2, 2, 2],
        [null, null, null, 7],
        [1, 3, 2, 4],
      ],
    );
    const res = rankVersions(q, 'mean', options);
    expect(res.versions.map((v) => [v.prompt, v.rank])).toEqual([
      [0, 1],
      [3, 2],
      [1, 3],
      [2, null],
    ]);
    expect(res.versions[3]!.reason).toBe('fewer than 2 examples');
    expect(res.versions[3]!.vsBest).toMatchObject({ n: 1, delta: null, ci: null, verdict: 'unclear' });
    expect(res.versions[3]!.vsBest!.text).toBe('no verdict on CCC: fewer than 2 examples');
    expectNoNaN(res);
    const none = rankVersions(prepared([1, 1], [[1, 1]]), 'mean', options);
    expect(none.best).toBeNull();
    expect(none.versions[0]).toMatchObject({
      rank: null,
      ccc: null,
      reason: 'predictions and target are constant and equal',
      vsBest: null,
    });
  });
});
