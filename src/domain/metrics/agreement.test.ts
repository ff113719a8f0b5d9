import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { CurrentLabel, LabelState } from '../labels.ts';
import { icc21, krippendorffAlphaInterval, largestDisagreements, pairwiseAgreement } from './agreement.ts';
import { bootstrapMomentCis } from './bootstrap.ts';

/**
 * Reference values: a python3 script (numpy 2.4) written from the textbook definitions, not from this code:
 * - ICC(2,1) = (MSR − MSE) / (MSR + (k − 1)·MSE + k·(MSC − MSE)/n) from the two-way ANOVA table
 *   (SS_rows = k·Σ(row mean − grand)², SS_cols = n·Σ(col mean − grand)², SS_err = SS_total − SS_rows − SS_cols);
 * - Krippendorff's alpha through the coincidence matrix: o_ck += 1/(m_u − 1) for every ordered pair of values
 *   in a unit with m_u ≥ 2, n_c = Σ_k o_ck, Do = Σ o_ck·(c − k)² / n, De = Σ n_c·n_k·(c − k)² / (n(n − 1));
 * - CCC = 2·cov / (var_a + var_b + (mean_a − mean_b)²) with population moments; np.std (population) for sd.
 * The script reproduces the published answers it was checked against: ICC(2,1) = 0.29 for Shrout & Fleiss
 * (1979) Table 2 (it gives 0.2897637795275592), and for the 4-observer × 12-unit example with missing data
 * of Krippendorff (2011) "Computing Krippendorff's Alpha-Reliability" α_interval = 0.849 (0.8491071428571428)
 * and α_nominal = 0.743 (0.743421052631579).
 */
const N = null;

/** exampleId → annotator → value (null = only a note, i.e. no value), as a LabelState. */
function stateOf(rows: Record<string, Record<string, number | null>>): LabelState {
  const state = new Map<string, Map<string, CurrentLabel>>();
  let seq = 0;
  for (const [ex, labels] of Object.entries(rows)) {
    const inner = new Map<string, CurrentLabel>();
    for (const [who, value] of Object.entries(labels)) {
      seq++;
      inner.set(who, { value, note: value === null ? 'note only' : null, at: seq, seq });
    }
    if (inner.size > 0) state.set(ex, inner);
  }
  return state;
}

/** Columns per annotator (null or missing = no label) → LabelState with examples `u1`, `u2`, …. */
function stateOfColumns(columns: Record<string, (number | null)[]>): LabelState {
  const rows: Record<string, Record<string, number | null>> = {};
  for (const [who, values] of Object.entries(columns)) {
    values.forEach((v, i) => {
      if (v === null) return;
      (rows[`u${i + 1}`] ??= {})[who] = v;
    });
  }
  return stateOf(rows);
}

function expectClose(actual: number | null, expected: number, tol = 1e-12): void {
  expect(actual).not.toBeNull();
  expect(Math.abs(actual! - expected)).toBeLessThanOrEqual(tol);
}

// Shrout & Fleiss (1979) Table 2: 6 targets rated by 4 judges.
const SHROUT_FLEISS = stateOfColumns({
  j1: [9, 6, 8, 7, 10, 6],
  j2: [2, 1, 4, 1, 5, 2],
  j3: [5, 3, 6, 2, 6, 4],
  j4: [8, 2, 8, 6, 9, 7],
});

// Krippendorff (2011), section C: observers A–D, units 1–12, with missing values.
const KRIPPENDORFF_2011 = stateOfColumns({
  A: [1, 2, 3, 3, 2, 1, 4, 1, 2, N, N, N],
  B: [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, N, 3],
  C: [N, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, N],
  D: [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, N],
});

// Three annotators, eight examples, gaps and half points (script fixture "mixed").
const MIXED = stateOfColumns({
  ann: [3.5, 2, 4, N, 1, 5, 2.5, N],
  bob: [3, 2.5, 5, 4, 1.5, 4.5, N, 3],
  cat: [4, 2, 4.5, 3.5, N, 5, 3, N],
});

describe('icc21', () => {
  it('reproduces Shrout & Fleiss (1979) Table 2', () => {
    const r = icc21(SHROUT_FLEISS, ['j1', 'j2', 'j3', 'j4']);
    expect(r.n).toBe(6);
    expectClose(r.value, 0.2897637795275592);
    expect(r.value!.toFixed(2)).toBe('0.29');
  });

  it('uses only the examples labelled by every given annotator', () => {
    const r = icc21(MIXED, ['cat', 'bob', 'ann']);
    expect(r.n).toBe(4);
    expectClose(r.value, 0.8914027149321266);
  });

  it('is 1 for perfect agreement', () => {
    const state = stateOfColumns({ a: [0.1, 0.2, 0.7, 1], b: [0.1, 0.2, 0.7, 1], c: [0.1, 0.2, 0.7, 1] });
    expect(icc21(state, ['a', 'b', 'c'])).toEqual({ value: 1, n: 4 });
  });

  it('is null for fewer than 2 annotators or examples, or a single value everywhere', () => {
    expect(icc21(MIXED, ['ann'])).toEqual({ value: null, n: 0 });
    expect(icc21(MIXED, ['ann', 'ann'])).toEqual({ value: null, n: 0 });
    expect(icc21(MIXED, ['ann', 'nobody'])).toEqual({ value: null, n: 0 });
    expect(icc21(stateOfColumns({ a: [1, 2], b: [2, N] }), ['a', 'b'])).toEqual({ value: null, n: 1 });
    expect(icc21(stateOfColumns({ a: [0.1, 0.1, 0.1], b: [0.1, 0.1, 0.1] }), ['a', 'b'])).toEqual({ value: null, n: 3 });
    expect(icc21(new Map(), ['a', 'b'])).toEqual({ value: null, n: 0 });
  });
});

describe('krippendorffAlphaInterval', () => {
  it('reproduces Krippendorff (2011), interval metric with missing data', () => {
    const r = krippendorffAlphaInterval(KRIPPENDORFF_2011, ['A', 'B', 'C', 'D']);
    expect(r.n).toBe(11); // unit 12 has one value only
    expectClose(r.value, 0.8491071428571428);
    expect(r.value!.toFixed(3)).toBe('0.849');
  });

  it('matches the script on the mixed fixture, and ignores annotators not asked for', () => {
    const r = krippendorffAlphaInterval(MIXED, ['ann', 'bob', 'cat']);
    expect(r.n).toBe(7);
    expectClose(r.value, 0.9016307206733298);
    const withDan = stateOfColumns({
      ann: [3.5, 2, 4, N, 1, 5, 2.5, N],
      bob: [3, 2.5, 5, 4, 1.5, 4.5, N, 3],
      cat: [4, 2, 4.5, 3.5, N, 5, 3, N],
      dan: [1, 9, 9, 9, 9, 1, 1, 9],
    });
    expect(krippendorffAlphaInterval(withDan, ['ann', 'bob', 'cat'])).toEqual(r);
  });

  it('is 1 for perfect agreement, also with gaps', () => {
    const state = stateOfColumns({ a: [0.1, 0.2, N, 1], b: [0.1, 0.2, 0.7, 1], c: [N, 0.2, 0.7, 1] });
    expect(krippendorffAlphaInterval(state, ['a', 'b', 'c'])).toEqual({ value: 1, n: 4 });
  });

  it('is null without two pairable values or without expected disagreement', () => {
    expect(krippendorffAlphaInterval(new Map(), ['a', 'b'])).toEqual({ value: null, n: 0 });
    expect(krippendorffAlphaInterval(stateOfColumns({ a: [1, N], b: [N, 2] }), ['a', 'b'])).toEqual({ value: null, n: 0 });
    expect(krippendorffAlphaInterval(stateOfColumns({ a: [3, 3, N], b: [3, 3, 5] }), ['a', 'b'])).toEqual({ value: null, n: 2 });
  });
});

describe('pairwiseAgreement', () => {
  it('matches the script on the mixed fixture, pairs in name order', () => {
    const pairs = pairwiseAgreement(MIXED, ['cat', 'ann', 'bob']);
    expect(pairs.map((p) => [p.a, p.b, p.n])).toEqual([
      ['ann', 'bob', 5],
      ['ann', 'cat', 5],
      ['bob', 'cat', 5],
    ]);
    expectClose(pairs[0]!.ccc, 0.8930481283422461);
    expectClose(pairs[0]!.meanAbsDiff, 0.6);
    expectClose(pairs[1]!.ccc, 0.937238493723849);
    expectClose(pairs[1]!.meanAbsDiff, 0.3);
    expectClose(pairs[2]!.ccc, 0.7916666666666667);
    expectClose(pairs[2]!.meanAbsDiff, 0.6);
  });

  it('is 1 for perfect agreement, and n 0 with null ccc for pairs that never overlap', () => {
    const state = stateOfColumns({ a: [1, 2, 3, N, N], b: [1, 2, 3, N, N], c: [N, N, N, 4, 5] });
    expect(pairwiseAgreement(state, ['a', 'b', 'c'])).toEqual([
      { a: 'a', b: 'b', n: 3, ccc: 1, meanAbsDiff: 0 },
      { a: 'a', b: 'c', n: 0, ccc: null, meanAbsDiff: null },
      { a: 'b', b: 'c', n: 0, ccc: null, meanAbsDiff: null },
    ]);
    expect(pairwiseAgreement(state, ['a'])).toEqual([]);
    expect(pairwiseAgreement(state, ['a', 'a'])).toEqual([]);
  });

  it('does not count labels that are only a note', () => {
    const state = stateOf({ e1: { a: 1, b: 2 }, e2: { a: 3, b: null }, e3: { a: 5, b: 4 } });
    expect(pairwiseAgreement(state, ['a', 'b'])[0]).toMatchObject({ n: 2, meanAbsDiff: 1 });
  });
});

describe('largestDisagreements', () => {
  it('orders by range, then sd, then id, with values in annotator order and the script sds', () => {
    const top = largestDisagreements(MIXED, 10);
    expect(top.map((d) => d.exampleId).slice(0, 5)).toEqual(['u1', 'u3', 'u4', 'u5', 'u7']);
    // u2 and u6 have the same sd on paper; rounding may order them either way.
    expect(new Set(top.slice(5).map((d) => d.exampleId))).toEqual(new Set(['u2', 'u6']));
    expect(top[0]).toEqual({
      exampleId: 'u1',
      values: [
        { annotator: 'ann', value: 3.5 },
        { annotator: 'bob', value: 3 },
        { annotator: 'cat', value: 4 },
      ],
      range: 1,
      sd: top[0]!.sd,
    });
    expectClose(top[0]!.sd, 0.408248290463863);
    expectClose(top[2]!.sd, 0.25);
    expectClose(top[5]!.sd, 0.23570226039551584);
    expect(top.map((d) => d.range)).toEqual([1, 1, 0.5, 0.5, 0.5, 0.5, 0.5]);
  });

  it('skips examples with fewer than 2 values and respects the limit', () => {
    const state = stateOf({ a: { x: 1 }, b: { x: 1, y: null }, c: { x: 1, y: 3 }, d: { x: 2, y: 2 } });
    expect(largestDisagreements(state, 10).map((d) => [d.exampleId, d.range, d.sd])).toEqual([
      ['c', 2, 1],
      ['d', 0, 0],
    ]);
    expect(largestDisagreements(state, 1).map((d) => d.exampleId)).toEqual(['c']);
    expect(largestDisagreements(state, 0)).toEqual([]);
  });
});

describe('no NaN or infinity anywhere', () => {
  it('holds for random label states', () => {
    const names = ['a', 'b', 'c', 'd'];
    const label = fc.option(fc.oneof(fc.integer({ min: -3, max: 3 }), fc.double({ min: -1e6, max: 1e6, noNaN: true })), { nil: null });
    const row = fc.record({ a: label, b: label, c: label, d: label }, { requiredKeys: [] });
    fc.assert(
      fc.property(fc.array(row, { maxLength: 12 }), fc.subarray(names), (rows, chosen) => {
        const state = stateOf(Object.fromEntries(rows.map((r, i) => [`e${i}`, r as Record<string, number | null>])));
        const finite = (x: number | null) => x === null || Number.isFinite(x);
        for (const p of pairwiseAgreement(state, chosen)) expect(finite(p.ccc) && finite(p.meanAbsDiff)).toBe(true);
        const icc = icc21(state, chosen).value;
        const alpha = krippendorffAlphaInterval(state, chosen).value;
        expect(finite(icc) && finite(alpha)).toBe(true);
        if (icc !== null) expect(icc).toBeLessThanOrEqual(1 + 1e-9);
        if (alpha !== null) expect(alpha).toBeLessThanOrEqual(1 + 1e-9);
        for (const d of largestDisagreements(state, 5)) expect(Number.isFinite(d.range) && Number.isFinite(d.sd)).toBe(true);
      }),
    );
  });
});

describe('pairwise CCC intervals', () => {
  it('are the bootstrap of the pair’s shared labels, only when asked for', () => {
    const pairs = pairwiseAgreement(MIXED, ['ann', 'bob', 'cat'], { seed: 3, resamples: 400 });
    const annBob = pairs.find((p) => p.a === 'ann' && p.b === 'bob')!;
    // ann and bob both labelled u1, u2, u3, u5, u6.
    expect(annBob.n).toBe(5);
    expect(annBob.cccCi).toEqual(bootstrapMomentCis([3.5, 2, 4, 1, 5], [3, 2.5, 5, 1.5, 4.5], { seed: 3, resamples: 400 }).ccc);
    expect(annBob.cccCi![0]).toBeLessThanOrEqual(annBob.ccc!);
    expect(annBob.cccCi![1]).toBeGreaterThanOrEqual(annBob.ccc!);
    expect(pairwiseAgreement(MIXED, ['ann', 'bob'])[0]!.cccCi).toBeUndefined();
  });
});
