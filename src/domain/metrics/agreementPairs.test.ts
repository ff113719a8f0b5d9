// The pair ranking and the sliced pair CIs at many annotators. References: overlaps and the small CCC by
// hand (written out below); the sliced / ranked numbers against the unsliced `pairwiseAgreement` and
// the summary functions of agreement.ts, which the new code must reproduce exactly.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { CurrentLabel, LabelState } from '../labels.ts';
import { icc21, krippendorffAlphaInterval, largestDisagreements, pairwiseAgreement } from './agreement.ts';
import { agreementInput, agreementSummary, labelStateOf, pairPage, PairCiJob, PairOverlaps } from './agreementPairs.ts';

function stateOf(rows: [string, string, number | null][]): LabelState {
  const state = new Map<string, Map<string, CurrentLabel>>();
  rows.forEach(([ex, who, value], seq) => {
    const inner = state.get(ex) ?? new Map<string, CurrentLabel>();
    inner.set(who, { value, note: value === null ? 'n' : null, at: seq, seq });
    state.set(ex, inner);
  });
  return state;
}

// x labels e1..e4, y labels e1..e3, z labels e3, e4 and w only a note on e1.
const SMALL = stateOf([
  ['e1', 'x', 1],
  ['e1', 'y', 2],
  ['e1', 'w', null],
  ['e2', 'x', 3],
  ['e2', 'y', 3],
  ['e3', 'x', 5],
  ['e3', 'y', 4],
  ['e3', 'z', 0],
  ['e4', 'x', 2],
  ['e4', 'z', 2],
]);

describe('PairOverlaps', () => {
  const overlaps = new PairOverlaps(agreementInput(SMALL, ['x', 'y', 'z', 'w']));

  it('counts the examples each pair shares (by hand: x–y 3, x–z 2, y–z 1, w none)', () => {
    const [w, x, y, z] = [0, 1, 2, 3]; // names sorted: w, x, y, z
    expect(overlaps.input.annotators).toEqual(['w', 'x', 'y', 'z']);
    expect([overlaps.shared(x, y), overlaps.shared(x, z), overlaps.shared(y, z), overlaps.shared(w, x), overlaps.shared(z, y)]).toEqual([
      3, 2, 1, 0, 1,
    ]);
    expect(overlaps.counts()).toEqual({ sharing: 3, withCcc: 2 });
  });

  it('ranks the pairs by shared examples, then by names, filling with pairs that share nothing', () => {
    const names = (pairs: [number, number][]) => pairs.map(([i, j]) => `${overlaps.input.annotators[i]}-${overlaps.input.annotators[j]}`);
    const all = overlaps.rank(null, 5);
    expect(names(all.pairs)).toEqual(['x-y', 'x-z', 'y-z', 'w-x', 'w-y']);
    expect(all.matching).toBe(6);
    const z = overlaps.rank('z', 2);
    expect(names(z.pairs)).toEqual(['x-z', 'y-z']);
    expect(z.matching).toBe(3);
    expect(overlaps.rank('nobody', 5)).toEqual({ pairs: [], matching: 0 });
  });

  it('gives the point values of a pair (by hand: x–y on e1..e3)', () => {
    // x = [1, 3, 5], y = [2, 3, 4]: means 3 and 3, var_x = 8/3, var_y = 2/3, cov = (−2·−1 + 0 + 2·1)/3 = 4/3,
    // CCC = 2·(4/3) / (8/3 + 2/3 + 0) = 0.8, mean |x − y| = (1 + 0 + 1)/3.
    const p = overlaps.point(1, 2);
    expect(p).toMatchObject({ a: 'x', b: 'y', n: 3 });
    expect(p.ccc).toBeCloseTo(0.8, 12);
    expect(p.meanAbsDiff).toBeCloseTo(2 / 3, 12);
    // y–z share one example: no CCC.
    expect(overlaps.point(2, 3)).toMatchObject({ n: 1, ccc: null });
  });
});

/** A random state: `annotators` names, each labelling a random subset of `examples` ids with values 0..10. */
const arbState = fc
  .record({
    annotators: fc.integer({ min: 2, max: 7 }),
    examples: fc.integer({ min: 1, max: 12 }),
    seed: fc.integer({ min: 0, max: 1e6 }),
  })
  .map(({ annotators, examples, seed }) => {
    let s = seed;
    const rand = () => (s = (s * 1103515245 + 12345) % 2147483648) / 2147483648;
    const rows: [string, string, number | null][] = [];
    for (let e = 0; e < examples; e++) {
      for (let a = 0; a < annotators; a++) {
        const r = rand();
        if (r < 0.6) rows.push([`e${(e * 7) % examples}`, `a${(a * 5) % annotators}`, Math.floor(rand() * 11)]);
        else if (r < 0.65) rows.push([`e${e}`, `a${a}`, null]);
      }
    }
    return { state: stateOf(rows), names: Array.from({ length: annotators }, (_, a) => `a${a}`) };
  });

describe('agreement in pieces = agreement at once', () => {
  it('summary, ranked points and sliced CIs equal pairwiseAgreement, icc21, α and largestDisagreements', () => {
    fc.assert(
      fc.property(arbState, fc.integer({ min: 1, max: 300 }), ({ state, names }, slice) => {
        const options = { seed: 0, resamples: 200 };
        const want = pairwiseAgreement(state, names, options);
        const overlaps = new PairOverlaps(agreementInput(state, names));
        const { page, indices } = pairPage(overlaps, null, Infinity);
        expect(page.matching).toBe(want.length);
        // Every pair, most shared first, then by names.
        const sorted = [...want].sort((p, q) => q.n - p.n || (p.a < q.a ? -1 : p.a > q.a ? 1 : p.b < q.b ? -1 : p.b > q.b ? 1 : 0));
        expect(page.pairs).toEqual(sorted.map(({ cccCi: _ci, ...point }) => point));
        const job = new PairCiJob(overlaps, indices, options);
        let steps = 0;
        while (!job.step(slice)) steps++;
        expect(steps).toBeLessThan(10_000);
        expect(job.cis).toEqual(sorted.map((p) => p.cccCi));

        const summary = agreementSummary(overlaps, 5);
        expect(summary.icc).toEqual(icc21(state, names));
        expect(summary.alpha).toEqual(krippendorffAlphaInterval(state, names));
        expect(summary.worst).toEqual(largestDisagreements(state, 5));
        expect(summary.pairsWithCcc).toBe(want.filter((p) => p.n >= 2).length);
        expect(summary.pairsSharing).toBe(want.filter((p) => p.n >= 1).length);
      }),
      { numRuns: 60 },
    );
  });

  it('a filtered page lists exactly the pairs with that annotator', () => {
    fc.assert(
      fc.property(arbState, ({ state, names }) => {
        const want = pairwiseAgreement(state, names).filter((p) => p.a === 'a1' || p.b === 'a1');
        const { page } = pairPage(new PairOverlaps(agreementInput(state, names)), 'a1', 3);
        expect(page.matching).toBe(want.length);
        const sorted = [...want].sort((p, q) => q.n - p.n || (p.a < q.a ? -1 : p.a > q.a ? 1 : p.b < q.b ? -1 : 1));
        expect(page.pairs).toEqual(sorted.slice(0, 3));
      }),
      { numRuns: 40 },
    );
  });

  it('keeps every non-null value through the transferable form', () => {
    const back = labelStateOf(agreementInput(SMALL, ['x', 'y', 'z', 'w']));
    expect([...back.keys()]).toEqual(['e1', 'e2', 'e3', 'e4']);
    expect([...back.get('e1')!].map(([who, l]) => [who, l.value])).toEqual([
      ['x', 1],
      ['y', 2],
    ]);
  });

  it('stays bounded at 400 annotators × 5 labels: the ranking and 50 pairs’ CIs, not 79,800', () => {
    const rows: [string, string, number][] = [];
    for (let i = 0; i < 400; i++)
      for (let k = 0; k < 5; k++) rows.push([`ex-${(i * 7 + k * 11) % 40}`, `ann-${String(i).padStart(3, '0')}`, (i + k) % 11]);
    const state = stateOf(rows);
    const names = [...new Set(rows.map((r) => r[1]))];
    const t0 = performance.now();
    const overlaps = new PairOverlaps(agreementInput(state, names));
    const summary = agreementSummary(overlaps, 20);
    const { page, indices } = pairPage(overlaps, null, 50);
    const job = new PairCiJob(overlaps, indices, { seed: 0, resamples: 1000 });
    while (!job.step(5));
    expect(summary.pairs).toBe(79_800);
    expect(page.pairs).toHaveLength(50);
    // Annotators i and i + 40 label the same five examples (7 is invertible mod 40).
    expect(page.pairs[0]).toMatchObject({ a: 'ann-000', b: 'ann-040', n: 5 });
    expect(performance.now() - t0).toBeLessThan(5_000);
  });
});
