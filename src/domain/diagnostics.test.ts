import { describe, expect, it } from 'vitest';
import { diagnose } from './diagnostics.ts';
import type { MetricSet } from './metrics/pairwise.ts';

const base: MetricSet = {
  n: 200,
  ccc: 0.8,
  nmse: 0.3,
  pearson: 0.85,
  spearman: 0.84,
  kendall: 0.7,
  mae: 1,
  rmse: 1.2,
  bias: 0.1,
  dispersion: 1,
  distinct: 150,
};
const ctx = { scale: { min: 0, max: 10 }, identicalShare: 0.05 };

describe('diagnostics in words', () => {
  it('says nothing when nothing stands out', () => {
    expect(diagnose(base, ctx)).toEqual([]);
  });

  it('names under-dispersion, quantisation, identical rollouts and bias with their numbers', () => {
    const texts = diagnose({ ...base, dispersion: 0.42, distinct: 3, bias: 0.8 }, { ...ctx, identicalShare: 0.58 }).map((d) => d.text);
    expect(texts).toEqual([
      'under-dispersed: σ_pred/σ_target = 0.42',
      'quantised: 3 distinct values',
      '58% of examples have identical rollouts',
      'biased: +0.8 (predictions too high)',
    ]);
  });

  it('flags over-dispersion, negative bias, few examples and in-sample fits', () => {
    const kinds = diagnose({ ...base, n: 12, dispersion: 1.6, bias: -0.5, distinct: 12 }, { ...ctx, inSample: true }).map((d) => d.text);
    expect(kinds).toEqual([
      'in-sample: fitted on the train examples it is evaluated on',
      'only 12 labelled examples: intervals are wide',
      'over-dispersed: σ_pred/σ_target = 1.6',
      'biased: -0.5 (predictions too low)',
    ]);
  });

  it('keeps quiet about metrics that are undefined', () => {
    expect(diagnose({ ...base, dispersion: null, bias: null }, { ...ctx, identicalShare: null })).toEqual([]);
  });
});
