import { describe, expect, it } from 'vitest';
import { baselineCandidates, candidateLoss, chooseCandidate, scoreCandidate, type Candidate } from './candidates.ts';

const scale = { min: 1, max: 5 };

describe('candidateLoss', () => {
  it('is a·(1 − CCC) + b·NMSE, infinite where a weighted term is undefined', () => {
    expect(candidateLoss({ oofCcc: 0.6, oofNmse: 0.5 }, { ccc: 1, nmse: 1 })).toBeCloseTo(0.9, 12);
    expect(candidateLoss({ oofCcc: 0.6, oofNmse: 0.5 }, { ccc: 2, nmse: 0 })).toBeCloseTo(0.8, 12);
    expect(candidateLoss({ oofCcc: null, oofNmse: 0.5 }, { ccc: 1, nmse: 1 })).toBe(Infinity);
    // A term weighted 0 is not needed.
    expect(candidateLoss({ oofCcc: null, oofNmse: 0.5 }, { ccc: 0, nmse: 3 })).toBeCloseTo(1.5, 12);
  });
});

describe('baselineCandidates', () => {
  // Six dev examples in two folds (even positions fold 0, odd fold 1).
  const scores = [[1, 3], [2, 2, 5], [4], [5, 5], [1, 2, 3], [3, 5]];
  const y = [2, 3, 4, 5, 1, 4];
  const fold = [0, 1, 0, 1, 0, 1];
  const cands = baselineCandidates((i) => scores[i]!, y, fold, 2, scale);
  const by = (id: string) => cands.find((c) => c.id === id)!;

  it('mean and median are the rollouts’ own, nothing fitted', () => {
    expect(Array.from(by('mean').oof)).toEqual([2, 3, 4, 5, 2, 4]);
    expect(Array.from(by('median').oof)).toEqual([2, 2, 4, 5, 2, 4]);
    expect(by('mean').predicted).toBe(6);
  });

  it('linear is fitted on the other fold, by hand', () => {
    // Fold 0 is predicted from fold 1: means x = [3, 5, 4], y = [3, 5, 4] → y = x exactly.
    // Fold 1 from fold 0: x = [2, 4, 2], y = [2, 4, 1]: x̄ = 8/3, ȳ = 7/3,
    // Sxy = (−2/3)(−1/3) + (4/3)(5/3) + (−2/3)(−4/3) = 2/9 + 20/9 + 8/9 = 30/9, Sxx = 4/9 + 16/9 + 4/9 = 24/9,
    // slope = 1.25, intercept = 7/3 − 1.25·8/3 = −1 → x = 3 → 2.75, 5 → 5.25 (clipped to 5), 4 → 4.
    const lin = Array.from(by('linear').oof);
    expect(lin[0]).toBeCloseTo(2, 12);
    expect(lin[2]).toBeCloseTo(4, 12);
    expect(lin[4]).toBeCloseTo(2, 12);
    expect(lin[1]).toBeCloseTo(2.75, 12);
    expect(lin[3]).toBe(5);
    expect(lin[5]).toBeCloseTo(4, 12);
  });

  it('isotonic is fitted on the other fold, by hand', () => {
    // Fold 1 from fold 0: x = 2 (y 2 and 1, pooled 1.5), x = 4 (y 4): non-decreasing already;
    // between the knots linear interpolation, beyond them the end values: 3 → 2.75, 5 → 4, 4 → 4.
    const iso = Array.from(by('isotonic').oof);
    expect(iso[1]).toBeCloseTo(2.75, 12);
    expect(iso[3]).toBeCloseTo(4, 12);
    expect(iso[5]).toBeCloseTo(4, 12);
  });

  it('scores each by CCC and NMSE of its out-of-fold predictions', () => {
    // Mean: p = [2,3,4,5,2,4], y = [2,3,4,5,1,4]: one error of 1 → MSE 1/6; var(y) = 17/9 (mean 19/6).
    const m = by('mean');
    const ym = 19 / 6;
    const vy = y.reduce((s, v) => s + (v - ym) ** 2, 0) / 6;
    expect(m.oofNmse).toBeCloseTo(1 / 6 / vy, 12);
  });
});

describe('chooseCandidate', () => {
  const cand = (id: string, c: number | null, m: number | null): Candidate => ({
    id,
    label: id,
    kind: 'baseline',
    oof: new Float64Array(0),
    oofCcc: c,
    oofNmse: m,
    predicted: 0,
  });
  const cands = [cand('a', 0.5, 0.6), cand('b', 0.6, 0.8), cand('c', 0.55, 0.9), cand('d', 0.7, 1.2), cand('e', null, 0.1)];

  it('picks the lowest loss and lists the frontier by NMSE', () => {
    // Losses at (1, 1): a 1.1, b 1.2, c 1.35, d 1.5, e ∞.
    const choice = chooseCandidate(cands, { ccc: 1, nmse: 1 });
    expect(choice.chosen).toBe(0);
    expect(choice.frontier).toEqual([0, 1, 3]);
    [1.1, 1.2, 1.35, 1.5].forEach((l, i) => expect(choice.losses[i]).toBeCloseTo(l, 12));
    expect(choice.losses[4]).toBe(Infinity);
    // Weighting CCC ten times: a 5.6, b 4.8, c 5.4, d 4.2 → d.
    expect(chooseCandidate(cands, { ccc: 10, nmse: 1 }).chosen).toBe(3);
  });

  it('keeps the earlier candidate on a tie (a baseline listed first wins it)', () => {
    expect(chooseCandidate([cand('x', 0.5, 0.5), cand('y', 0.5, 0.5)], { ccc: 1, nmse: 1 }).chosen).toBe(0);
  });

  it('refuses weights that choose nothing', () => {
    expect(() => chooseCandidate(cands, { ccc: 0, nmse: 0 })).toThrow(RangeError);
    expect(() => chooseCandidate([], { ccc: 1, nmse: 1 })).toThrow(RangeError);
  });

  it('scoreCandidate counts only the examples a candidate predicts', () => {
    const c = scoreCandidate({ id: 'p', label: 'p', kind: 'text', oof: Float64Array.from([1, NaN, 3, 4]) }, [1, 9, 3, 5]);
    expect(c.predicted).toBe(3);
    // p = [1, 3, 4], y = [1, 3, 5]: MSE 1/3, var(y) = 8/3 → NMSE 0.125.
    expect(c.oofNmse).toBeCloseTo(0.125, 12);
  });
});
