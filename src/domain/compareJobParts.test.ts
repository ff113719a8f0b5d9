// What the Compare screen's worker job reads from the compare jobs besides their results: the point
// table before the bootstrap, the compared examples, Δ CCC per resample (the charts' bootstrap
// distribution), the left-out text with the versions' names, and the job helpers.
import { describe, expect, it } from 'vitest';
import { prepareAnalysis } from './analysis.ts';
import type { AnalysisInput, PromptRollouts } from './analysisInput.ts';
import {
  availablePredictors,
  commonExamplesText,
  compareVersions,
  promptPosition,
  RankingJob,
  rankVersions,
  VersionCompareJob,
} from './compare.ts';
import { percentileInterval } from './metrics/bootstrap.ts';
import { ccc } from './metrics/pairwise.ts';
import { SPLITS } from './types.ts';

/** One rollout per example per version (null = none), every example in the test split. */
function input(targets: (number | null)[], versions: (number | null)[][]): AnalysisInput {
  const n = targets.length;
  const prompts: PromptRollouts[] = versions.map((vals, v) => {
    const offsets = new Int32Array(n + 1);
    const scores: number[] = [];
    vals.forEach((x, e) => {
      if (x !== null) scores.push(x);
      offsets[e + 1] = scores.length;
    });
    return { prompt: ['alpha', 'beta', 'gamma'][v]!, offsets, scores: Float64Array.from(scores), rail: null };
  });
  return {
    n,
    scale: { min: 0, max: 10 },
    targets: Float64Array.from(targets, (t) => t ?? Number.NaN),
    splits: new Uint8Array(n).fill(SPLITS.indexOf('test')),
    prompts,
  };
}

const n = 40;
const targets = Array.from({ length: n }, (_, i) => (i === 3 ? null : (i * 7) % 11));
const alpha = targets.map((t, i) => (i === 5 ? null : (t ?? 5) + ((i % 3) - 1)));
const beta = targets.map((t, i) => (t ?? 5) + ((i * 5) % 7) - 3);
const gamma = targets.map(() => 5);
const prepared = prepareAnalysis(input(targets, [alpha, beta, gamma]));
const options = { split: 'test' as const, seed: 7, resamples: 200 };

describe('VersionCompareJob parts', () => {
  it('gives the point table before the bootstrap, equal to the result without its intervals', () => {
    const job = new VersionCompareJob(prepared, 0, 1, 'mean', options);
    const points = job.points();
    job.step();
    const done = job.result();
    expect(points.metrics.map((m) => [m.metric, m.a, m.b, m.delta])).toEqual(done.metrics.map((m) => [m.metric, m.a, m.b, m.delta]));
    expect(points.common).toEqual(done.common);
    expect(points.metrics.every((m) => !('ci' in m) && !('verdict' in m))).toBe(true);
  });

  it('gives the compared examples with their target and both predictions', () => {
    const job = new VersionCompareJob(prepared, 0, 1, 'mean', options);
    const pairs = job.comparedPairs();
    expect(Array.from(pairs.index)).toEqual(Array.from({ length: n }, (_, e) => e).filter((e) => e !== 3 && e !== 5));
    pairs.index.forEach((e, i) => {
      expect(pairs.target[i]).toBe(targets[e]);
      expect(pairs.a[i]).toBe(alpha[e]);
      expect(pairs.b[i]).toBe(beta[e]);
    });
    expect(job.points().metrics[0]!.delta).toBeCloseTo(ccc(pairs.b, pairs.target)! - ccc(pairs.a, pairs.target)!, 12);
  });

  it('gives Δ CCC per resample, whose percentile interval is the CCC row’s CI; a copy, growing with the steps', () => {
    const job = new VersionCompareJob(prepared, 0, 1, 'mean', options);
    expect(job.deltaSamples()).toHaveLength(0);
    job.step(50);
    const partial = job.deltaSamples('ccc');
    expect(partial).toHaveLength(50);
    job.step();
    const all = job.deltaSamples();
    expect(all).toHaveLength(200);
    expect(Array.from(all.subarray(0, 50))).toEqual(Array.from(partial));
    const ci = job.result().metrics.find((m) => m.metric === 'ccc')!.ci;
    expect(percentileInterval(all, 0, all.length, 0.95)).toEqual(ci);
    all.fill(0);
    expect(job.deltaSamples()).not.toEqual(all);
    // The other metrics too (here MAE).
    expect(percentileInterval(job.deltaSamples('mae'), 0, 200, 0.95)).toEqual(job.result().metrics.find((m) => m.metric === 'mae')!.ci);
  });

  it('leaves out undefined resamples and is empty without a bootstrap', () => {
    // A constant version: its correlations are undefined in every resample.
    const job = new VersionCompareJob(prepared, 0, 2, 'mean', options);
    job.step();
    expect(job.deltaSamples('pearson')).toHaveLength(0);
    expect(job.deltaSamples('ccc')).toHaveLength(200);
    const none = new VersionCompareJob(prepared, 0, 1, 'mean', { ...options, resamples: 0 });
    expect(none.deltaSamples()).toHaveLength(0);
  });
});

describe('compare helpers', () => {
  it('says what was left out with the versions’ names', () => {
    const c = compareVersions(prepared, 0, 1, 'mean', options).common;
    expect(c.text).toBe('Compared on 38 of 40 test examples; left out 1 without a target, 1 without a prediction from A.');
    expect(commonExamplesText(c, 'test', { a: 'alpha', b: 'beta' })).toBe(
      'Compared on 38 of 40 test examples; left out 1 without a target, 1 without a prediction from alpha.',
    );
  });

  it('finds prompt versions by name and lists the predictors offered', () => {
    expect(promptPosition(prepared, 'beta')).toBe(1);
    expect(() => promptPosition(prepared, 'delta')).toThrow(/no prompt version "delta" \(the dataset has: alpha, beta, gamma\)/);
    // No train examples (no regressions), no logprobs (no RAIL).
    expect(availablePredictors(prepared)).toEqual(['mean', 'median', 'first']);
  });

  it('ranks by point values before the bootstrap: same order, CCCs and Δs as the finished ranking', () => {
    const job = new RankingJob(prepared, 'mean', options);
    const early = job.points();
    job.step();
    const done = job.result();
    expect(done).toEqual(rankVersions(prepared, 'mean', options));
    expect(early.versions.map((v) => [v.name, v.rank, v.ccc, v.vsBest?.delta])).toEqual(
      done.versions.map((v) => [v.name, v.rank, v.ccc, v.vsBest?.delta]),
    );
    for (const v of early.versions.slice(1))
      expect(v.vsBest).toMatchObject({ ci: null, verdict: 'unclear', reasons: { ci: 'not computed yet' } });
    expect(early.versions[0]!.vsBest).toEqual(done.versions[0]!.vsBest);
  });
});
