// Which way is best per metric, the best cells of a column, and the order of a sorted column.
import { describe, expect, it } from 'vitest';
import { bestIndices, bestPhrase, firstDescending, METRIC_GOALS, nextSort, shortfall, sortedOrder } from './metricGoal.ts';
import { METRIC_NAMES } from './pairwise.ts';

describe('METRIC_GOALS', () => {
  it('says higher is best for agreement and correlations, lower for errors, closest to the ideal for bias and σ ratio', () => {
    expect(METRIC_GOALS).toEqual({
      ccc: { kind: 'higher' },
      nmse: { kind: 'lower' },
      pearson: { kind: 'higher' },
      spearman: { kind: 'higher' },
      kendall: { kind: 'higher' },
      mae: { kind: 'lower' },
      rmse: { kind: 'lower' },
      bias: { kind: 'closest', to: 0 },
      dispersion: { kind: 'closest', to: 1 },
    });
    // Every metric the report computes has a goal.
    expect(Object.keys(METRIC_GOALS).sort()).toEqual([...METRIC_NAMES].sort());
  });

  it('turns a value into a shortfall where smaller is better', () => {
    expect(shortfall(METRIC_GOALS.ccc, 0.9)).toBeLessThan(shortfall(METRIC_GOALS.ccc, 0.5));
    expect(shortfall(METRIC_GOALS.nmse, 0.1)).toBeLessThan(shortfall(METRIC_GOALS.nmse, 0.5));
    expect(shortfall(METRIC_GOALS.bias, -0.1)).toBeLessThan(shortfall(METRIC_GOALS.bias, 0.3));
    expect(shortfall(METRIC_GOALS.dispersion, 1.1)).toBeLessThan(shortfall(METRIC_GOALS.dispersion, 0.8));
  });

  it('names the best value in words', () => {
    expect(bestPhrase(METRIC_GOALS.ccc, 'CCC')).toBe('highest CCC');
    expect(bestPhrase(METRIC_GOALS.mae, 'MAE')).toBe('lowest MAE');
    expect(bestPhrase(METRIC_GOALS.dispersion, 'σ ratio')).toBe('σ ratio closest to 1');
  });
});

describe('bestIndices', () => {
  it('finds the maximum, the minimum or the value closest to the ideal', () => {
    expect(bestIndices([0.5, 0.9, 0.7], METRIC_GOALS.ccc)).toEqual([1]);
    expect(bestIndices([0.5, 0.9, 0.2], METRIC_GOALS.nmse)).toEqual([2]);
    expect(bestIndices([0.4, -0.1, 0.2], METRIC_GOALS.bias)).toEqual([1]);
    expect(bestIndices([0.7, 1.3, 1.2], METRIC_GOALS.dispersion)).toEqual([2]);
    // Negative correlations are worst, not "largest in magnitude".
    expect(bestIndices([-0.95, 0.3], METRIC_GOALS.pearson)).toEqual([1]);
  });

  it('skips null, non-finite and ineligible values', () => {
    expect(bestIndices([null, 0.4, Number.NaN, 0.3], METRIC_GOALS.ccc)).toEqual([1]);
    expect(bestIndices([0.99, 0.4, 0.3], METRIC_GOALS.ccc, { eligible: [false, true, true] })).toEqual([1]);
  });

  it('marks every tie, compared as shown when digits are given', () => {
    expect(bestIndices([0.2, -0.2, 0.5], METRIC_GOALS.bias)).toEqual([0, 1]);
    expect(bestIndices([0.71249, 0.7121, 0.5], METRIC_GOALS.ccc)).toEqual([0]);
    expect(bestIndices([0.71249, 0.7121, 0.5], METRIC_GOALS.ccc, { digits: 3 })).toEqual([0, 1]);
    // −0.0004 and 0.0003 both read 0.000: both are exactly on the ideal bias.
    expect(bestIndices([-0.0004, 0.0003, 0.01], METRIC_GOALS.bias, { digits: 3 })).toEqual([0, 1]);
    // |1.1 − 1| and |0.9 − 1| differ in binary; as shown they are the same distance.
    expect(bestIndices([1.1, 0.9, 1.5], METRIC_GOALS.dispersion, { digits: 3 })).toEqual([0, 1]);
  });

  it('marks nothing when fewer than two values count or all of them tie', () => {
    expect(bestIndices([0.5], METRIC_GOALS.ccc)).toEqual([]);
    expect(bestIndices([0.5, null], METRIC_GOALS.ccc)).toEqual([]);
    expect(bestIndices([0.5, 0.5, 0.5], METRIC_GOALS.ccc)).toEqual([]);
    expect(bestIndices([], METRIC_GOALS.ccc)).toEqual([]);
  });
});

describe('sorting a column', () => {
  it('starts best first for higher/lower metrics, most first for counts, ascending for closest-to metrics', () => {
    expect(firstDescending('ccc')).toBe(true);
    expect(firstDescending('kendall')).toBe(true);
    expect(firstDescending('nmse')).toBe(false);
    expect(firstDescending('rmse')).toBe(false);
    expect(firstDescending('bias')).toBe(false);
    expect(firstDescending('n')).toBe(true);
    expect(firstDescending('distinct')).toBe(true);
  });

  it('flips the same column and starts another one fresh', () => {
    expect(nextSort(null, 'ccc')).toEqual({ key: 'ccc', descending: true });
    expect(nextSort({ key: 'ccc', descending: true }, 'ccc')).toEqual({ key: 'ccc', descending: false });
    expect(nextSort({ key: 'ccc', descending: false }, 'ccc')).toEqual({ key: 'ccc', descending: true });
    expect(nextSort({ key: 'ccc', descending: true }, 'mae')).toEqual({ key: 'mae', descending: false });
  });

  it('orders values both ways, missing values last either way, ties in their original order', () => {
    const v = [0.3, null, 0.9, 0.3, Number.NaN, -0.2];
    expect(sortedOrder(v, false)).toEqual([5, 0, 3, 2, 1, 4]);
    expect(sortedOrder(v, true)).toEqual([2, 0, 3, 5, 1, 4]);
    expect(sortedOrder([], true)).toEqual([]);
  });
});
