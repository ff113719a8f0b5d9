// How a calibrator compares with the baselines (report.ts): verdicts from the paired CI of ΔCCC
// intervals, paired ΔCCC intervals, the out-of-fold report on the dev examples without the
// baselines fitted on them, and no test report without labelled test examples. Predictions are
// constructed (no training here); references are CCCs of hand-gathered values.
import { describe, expect, it } from 'vitest';
import { buildAnalysisInput, type AnalysisInput } from '../domain/analysisInput.ts';
import { ccc } from '../domain/metrics/pairwise.ts';
import { createRng } from '../domain/rng.ts';
import type { Example, Split } from '../domain/types.ts';
import { calibrationReport } from './report.ts';

const SCALE = { min: 0, max: 10 };
const OPTIONS = { seed: 3, resamples: 300 };

function normals(seed: number): () => number {
  const rng = createRng(seed);
  return () => Math.sqrt(-2 * Math.log(1 - rng.next())) * Math.cos(2 * Math.PI * rng.next());
}

const clip = (v: number) => Math.min(10, Math.max(0, v));

interface Fixture {
  examples: Example[];
  input: AnalysisInput;
  /** Labelled train + val examples: what a trainer would have cross-validated on. */
  dev: number[];
  test: number[];
  means: number[];
}

/**
 * 300 examples (train : val : test = 2 : 1 : 3 by position), target uniform on [0, 10]; three
 * rollouts of a poor judge each: clip(0.3·target + 5 + N(0, 2²)). Train and val examples whose
 * position is a multiple of 10 are unlabelled. With `labelledTest = false` no test example has a target.
 */
function poorJudge(labelledTest = true): Fixture {
  const rng = createRng(21);
  const noise = normals(22);
  const splits: Split[] = ['train', 'train', 'val', 'test', 'test', 'test'];
  const examples: Example[] = Array.from({ length: 300 }, (_, i) => {
    const split = splits[i % splits.length]!;
    const t = 10 * rng.next();
    const scores = [0, 1, 2].map(() => clip(0.3 * t + 5 + 2 * noise()));
    const labelled = split === 'test' ? labelledTest : i % 10 !== 0;
    return {
      id: `e${i}`,
      input: '',
      split,
      ...(labelled ? { target: t } : {}),
      rollouts: scores.map((score) => ({ prompt: 'v1', score })),
    };
  });
  const input = buildAnalysisInput(examples, ['v1'], SCALE);
  const idx = (f: (ex: Example) => boolean) => examples.flatMap((ex, e) => (f(ex) ? [e] : []));
  return {
    examples,
    input,
    dev: idx((ex) => ex.split !== 'test' && ex.target !== undefined),
    test: idx((ex) => ex.split === 'test'),
    means: examples.map((ex) => ex.rollouts.reduce((s, r) => s + r.score, 0) / ex.rollouts.length),
  };
}

/** CCC of `pred` against the targets over `index`, from values gathered here. */
function cccOver(fx: Fixture, pred: ArrayLike<number>, index: readonly number[]): number {
  return ccc(
    index.map((e) => pred[e]!),
    index.map((e) => fx.examples[e]!.target!),
  )!;
}

describe('calibrationReport', () => {
  it('a near-perfect calibrator is better than every baseline, with a positive paired ΔCCC interval', () => {
    const fx = poorJudge();
    const noise = normals(5);
    const predictions = Float64Array.from(fx.examples, (ex) => (ex.target === undefined ? 5 : ex.target + 0.05 * noise()));
    const report = calibrationReport(fx.input, 0, predictions, fx.dev, OPTIONS);

    const cal = report.test!.predictors.find((p) => p.id === 'calibrator')!;
    expect(cal.n).toBe(fx.test.length);
    expect(cal.metrics.ccc).toBeCloseTo(cccOver(fx, predictions, fx.test), 12);
    expect(cal.metrics.ccc).toBeGreaterThan(0.999);

    // Every baseline of the prompt (no logprobs: no RAIL), each compared once.
    expect(report.comparisons.map((c) => c.id).sort()).toEqual(['first', 'isotonic', 'linear', 'mean', 'median']);
    for (const c of report.comparisons) {
      expect(c.verdict).toBe('better');
      expect(c.deltaCi![0]).toBeGreaterThan(0);
      expect(c.deltaCi![0]).toBeLessThanOrEqual(c.deltaCcc!);
      expect(c.deltaCcc!).toBeLessThanOrEqual(c.deltaCi![1]);
    }
    // ΔCCC against the rollout mean and the first rollout, from values computed here.
    const first = fx.examples.map((ex) => ex.rollouts[0]!.score);
    const byId = Object.fromEntries(report.comparisons.map((c) => [c.id, c]));
    expect(byId.mean!.deltaCcc).toBeCloseTo(cccOver(fx, predictions, fx.test) - cccOver(fx, fx.means, fx.test), 12);
    expect(byId.first!.deltaCcc).toBeCloseTo(cccOver(fx, predictions, fx.test) - cccOver(fx, first, fx.test), 12);
    // The poor judge really is poor (the verdicts are not trivially about two perfect predictors).
    expect(cccOver(fx, fx.means, fx.test)).toBeLessThan(0.6);
  });

  it('a calibrator that reproduces the rollout mean is unclear against it: ΔCCC 0, interval containing 0', () => {
    const fx = poorJudge();
    const predictions = Float64Array.from(fx.means);
    const report = calibrationReport(fx.input, 0, predictions, fx.dev, OPTIONS);
    const vsMean = report.comparisons.find((c) => c.id === 'mean')!;
    expect(vsMean.verdict).toBe('unclear');
    expect(vsMean.deltaCcc).toBe(0);
    expect(vsMean.deltaCi![0]).toBeLessThanOrEqual(0);
    expect(vsMean.deltaCi![1]).toBeGreaterThanOrEqual(0);
  });

  it('a calibrator far worse than the baselines is worse', () => {
    const fx = poorJudge();
    // Anti-correlated with the target.
    const predictions = Float64Array.from(fx.examples, (ex) => 10 - (ex.target ?? 5));
    const report = calibrationReport(fx.input, 0, predictions, fx.dev, OPTIONS);
    const vsMean = report.comparisons.find((c) => c.id === 'mean')!;
    expect(vsMean.verdict).toBe('worse');
    expect(vsMean.deltaCi![1]).toBeLessThan(0);
  });

  it('the out-of-fold report scores the dev examples, without the baselines fitted on them', () => {
    const fx = poorJudge();
    const noise = normals(6);
    const predictions = Float64Array.from(fx.examples, (ex) => (ex.target === undefined ? 5 : ex.target + noise()));
    const report = calibrationReport(fx.input, 0, predictions, fx.dev, OPTIONS);
    const oof = report.outOfFold!;
    const ids = oof.predictors.map((p) => p.id);
    expect(ids).toContain('calibrator');
    expect(ids).toContain('mean');
    expect(ids).not.toContain('linear');
    expect(ids).not.toContain('isotonic');
    expect(oof.skipped.map((s) => s.id)).not.toContain('linear');
    expect(oof.skipped.map((s) => s.id)).not.toContain('isotonic');
    // 100 train + 50 val, less the unlabelled multiples of 10 among them (0, 30, … train; 20, 50, … val).
    expect(fx.dev).toHaveLength(130);
    const cal = oof.predictors.find((p) => p.id === 'calibrator')!;
    expect(cal.n).toBe(fx.dev.length);
    expect(cal.metrics.ccc).toBeCloseTo(cccOver(fx, predictions, fx.dev), 12);
    const mean = oof.predictors.find((p) => p.id === 'mean')!;
    expect(mean.n).toBe(fx.dev.length);
    expect(mean.metrics.ccc).toBeCloseTo(cccOver(fx, fx.means, fx.dev), 12);
    expect(cal.cis?.ccc).not.toBeNull();
    // The test report still has the fitted baselines (fitted on train, scored on test).
    expect(report.test!.predictors.map((p) => p.id)).toEqual(expect.arrayContaining(['linear', 'isotonic', 'calibrator']));
  });

  it('has no test report and no comparisons when no test example has a target', () => {
    const fx = poorJudge(false);
    const predictions = Float64Array.from(fx.means);
    const report = calibrationReport(fx.input, 0, predictions, fx.dev, OPTIONS);
    expect(report.test).toBeNull();
    expect(report.comparisons).toEqual([]);
    expect(report.outOfFold!.predictors.find((p) => p.id === 'calibrator')!.n).toBe(fx.dev.length);
  });

  it('has no out-of-fold report without dev examples, and rejects an unknown prompt', () => {
    const fx = poorJudge();
    const report = calibrationReport(fx.input, 0, Float64Array.from(fx.means), [], OPTIONS);
    expect(report.outOfFold).toBeNull();
    expect(report.test).not.toBeNull();
    expect(() => calibrationReport(fx.input, 1, Float64Array.from(fx.means), fx.dev, OPTIONS)).toThrow(RangeError);
  });

  // The calibrator cannot predict examples with too few rollouts (NaN), the baselines can. ΔCCC
  // must be over the examples both predict, like its paired interval (regression: it was once the
  // difference of the two test metrics, over different examples, and fell outside its own interval).
  it('ΔCCC is over the examples both predict, as its paired interval is', () => {
    const fx = poorJudge();
    const noise = normals(7);
    const predictions = Float64Array.from(fx.examples, (ex) => (ex.target === undefined ? 5 : ex.target + 0.5 * noise()));
    // The calibrator skips the 20 test examples the rollout mean gets most wrong.
    const skipped = [...fx.test]
      .sort((a, b) => Math.abs(fx.means[b]! - fx.examples[b]!.target!) - Math.abs(fx.means[a]! - fx.examples[a]!.target!))
      .slice(0, 20);
    for (const e of skipped) predictions[e] = NaN;
    const shared = fx.test.filter((e) => !skipped.includes(e));
    const report = calibrationReport(fx.input, 0, predictions, fx.dev, OPTIONS);
    expect(report.test!.predictors.find((p) => p.id === 'calibrator')!.n).toBe(shared.length);
    const vsMean = report.comparisons.find((c) => c.id === 'mean')!;
    // Over different examples (130 against 150) it would be ≈ 0.669, outside the paired interval ≈ [0.455, 0.620].
    expect(vsMean.deltaCcc!).toBeGreaterThanOrEqual(vsMean.deltaCi![0]);
    expect(vsMean.deltaCcc!).toBeLessThanOrEqual(vsMean.deltaCi![1]);
    expect(vsMean.deltaCcc).toBeCloseTo(cccOver(fx, predictions, shared) - cccOver(fx, fx.means, shared), 6);
  });
});
