import { describe, expect, it } from 'vitest';
import {
  blandAltman,
  CLOSER_A,
  CLOSER_B,
  CLOSER_NONE,
  CLOSER_TIE,
  closerSplit,
  deltaAbsError,
  deltaDistribution,
  sortedDeltas,
  symmetricRange,
} from './compareCharts.ts';

// Five examples; the last has no target.
const target = [3, 5, 2, 4, NaN];
const a = [4, 5, 2.9, 4, 1];
const b = [3.5, 6, 1.1, 3, 2];

describe('Δ|error| and which version is closer', () => {
  it('is |B − t| − |A − t| per example, NaN without a target', () => {
    // 0.5 − 1 = −0.5; 1 − 0 = 1; 0.9 − 0.9 = 0 (to float noise); 1 − 0 = 1; no target.
    const d = deltaAbsError(target, a, b);
    expect(d[0]).toBeCloseTo(-0.5, 12);
    expect(d[1]).toBeCloseTo(1, 12);
    expect(d[2]).toBeCloseTo(0, 12);
    expect(d[3]).toBeCloseTo(1, 12);
    expect(d[4]).toBeNaN();
  });

  it('counts B closer, A closer and ties, with float noise a tie', () => {
    const s = closerSplit(deltaAbsError(target, a, b));
    expect([...s.category]).toEqual([CLOSER_B, CLOSER_A, CLOSER_TIE, CLOSER_A, CLOSER_NONE]);
    expect({ b: s.bCloser, a: s.aCloser, tied: s.tied, n: s.n }).toEqual({ b: 1, a: 2, tied: 1, n: 4 });
    // A non-finite prediction leaves the example out, as a missing target does.
    expect(closerSplit(deltaAbsError([1, 1], [NaN, 2], [1, Infinity])).n).toBe(0);
  });

  it('sorts Δ|error| ascending with each value’s example and category', () => {
    const s = sortedDeltas(deltaAbsError(target, a, b));
    // −0.5 (example 0), ≈0 (2), 1 (1), 1 (3): equal values keep input order.
    expect([...s.order]).toEqual([0, 2, 1, 3]);
    expect([...s.ranks]).toEqual([1, 2, 3, 4]);
    expect(s.deltas[0]).toBeCloseTo(-0.5, 12);
    expect(s.deltas[3]).toBeCloseTo(1, 12);
    expect([...s.category]).toEqual([CLOSER_B, CLOSER_TIE, CLOSER_A, CLOSER_A]);
    expect({ helps: s.helps, hurts: s.hurts, ties: s.ties }).toEqual({ helps: 1, hurts: 2, ties: 1 });
  });

  it('sorts nothing when nothing is comparable', () => {
    const s = sortedDeltas([NaN, NaN]);
    expect(s.deltas).toHaveLength(0);
    expect({ helps: s.helps, hurts: s.hurts, ties: s.ties }).toEqual({ helps: 0, hurts: 0, ties: 0 });
  });
});

describe('Bland–Altman', () => {
  it('gives mean and difference per example, the bias and bias ± 1.96 sd (sample sd)', () => {
    // B − A = 1, 0, 2 (the fourth pair lacks A): bias 1; deviations 0, −1, 1 → sd √(2 / 2) = 1; limits −0.96, 2.96.
    const r = blandAltman([1, 2, 3, NaN], [2, 2, 5, 1]);
    expect([...r.means]).toEqual([1.5, 2, 4, NaN]);
    expect([...r.diffs]).toEqual([1, 0, 2, NaN]);
    expect(r.n).toBe(3);
    expect(r.bias).toBe(1);
    expect(r.sd).toBeCloseTo(1, 12);
    expect(r.lower).toBeCloseTo(-0.96, 12);
    expect(r.upper).toBeCloseTo(2.96, 12);
  });

  it('has a bias but no limits for one example, and nothing for none', () => {
    expect(blandAltman([1], [3])).toMatchObject({ n: 1, bias: 2, sd: null, lower: null, upper: null });
    expect(blandAltman([NaN], [3])).toMatchObject({ n: 0, bias: null, sd: null, lower: null, upper: null });
  });
});

describe('symmetricRange', () => {
  it('is ± the largest |value| of the data and the extras, padded', () => {
    expect(symmetricRange([-2, 1, NaN], [3, null], 0)).toEqual({ min: -3, max: 3 });
    const r = symmetricRange([-2, 1], []);
    expect(r.min).toBeCloseTo(-2.1, 12);
    expect(r.max).toBeCloseTo(2.1, 12);
    expect(symmetricRange([0, NaN])).toEqual({ min: -0.5, max: 0.5 });
  });
});

describe('deltaDistribution', () => {
  it('bins the finite resamples over a range holding them and 0, and counts those at or below 0', () => {
    // Range −0.1..0.29 in 4 bins of 0.0975 (edges −0.1, −0.0025, 0.095, 0.1925, 0.29): −0.1 and −0.05 → bin 0;
    // 0 and 0.05 → bin 1; 0.15 → bin 2; 0.25 and 0.29 → bin 3. At or below 0: −0.1, −0.05, 0.
    const d = deltaDistribution([0.15, 0.25, -0.05, 0.29, 0.05, 0, NaN, -0.1], null, 4);
    expect(d.range).toEqual({ min: -0.1, max: 0.29 });
    expect(d.bins.counts).toEqual([2, 2, 1, 2]);
    expect(d.n).toBe(7);
    expect(d.atMostZero).toBe(3);
  });

  it('stretches the range to the interval’s bounds and to 0', () => {
    expect(deltaDistribution([0.1, 0.2], [-0.3, 0.25], 5).range).toEqual({ min: -0.3, max: 0.25 });
    expect(deltaDistribution([0.1, 0.2], null, 5).range).toEqual({ min: 0, max: 0.2 });
    const empty = deltaDistribution([], null);
    expect(empty.n).toBe(0);
    expect(empty.range).toEqual({ min: -0.5, max: 0.5 });
    expect(empty.bins.counts.every((c) => c === 0)).toBe(true);
  });
});
