import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createRng } from '../rng.ts';
import { resampleCounts } from './bootstrap.ts';
import { momentMetrics } from './moments.ts';
import { prepareSharedCcc, sharedCccInto } from './sharedCcc.ts';
import { materialise, naiveCcc } from '../../test/naiveStats.ts';

/** Lin's CCC of the materialised data (src/test/naiveStats.ts); null as computeMetrics. */
function naiveCccOrNull(p: readonly number[], t: readonly number[]): number | null {
  if (p.length < 2) return null;
  const constEqual = p.every((x) => x === p[0]) && t.every((x) => x === t[0]) && p[0] === t[0];
  return constEqual ? null : naiveCcc(p, t);
}

function shared(preds: number[][], target: number[], counts: Uint32Array): (number | null)[] {
  const out = new Float64Array(preds.length);
  sharedCccInto(prepareSharedCcc(preds, target), counts, out);
  return Array.from(out, (v) => (Number.isNaN(v) ? null : v));
}

describe('sharedCccInto', () => {
  it('equals the naive CCC of each materialised resample and the CCC of momentMetrics (property)', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(
            fc.integer({ min: -3, max: 3 }),
            fc.integer({ min: -5000, max: 5000 }).map((k) => k / 97),
            fc.integer({ min: 0, max: 1e6 }).map((k) => k / 1000),
          ),
          {
            minLength: 1,
            maxLength: 50,
          },
        ),
        fc.integer({ min: 0, max: 10_000 }),
        (rows, seed) => {
          const target = rows.map((r) => r[0]);
          const preds = [rows.map((r) => r[1]), rows.map((r) => r[2]), rows.map((r) => r[0] + 1e-3 * r[1])];
          const counts = resampleCounts(createRng(seed), target.length);
          const got = shared(preds, target, counts);
          preds.forEach((p, k) => {
            const want = naiveCccOrNull(materialise(p, counts), materialise(target, counts));
            const viaMoments = momentMetrics(p, target, counts).ccc;
            if (want === null) expect(got[k]).toBeNull();
            else expect(Math.abs(got[k]! - want)).toBeLessThanOrEqual(1e-9);
            if (viaMoments === null) expect(got[k]).toBeNull();
            else expect(Math.abs(got[k]! - viaMoments)).toBeLessThanOrEqual(1e-12);
          });
        },
      ),
      { numRuns: 300 },
    );
  });

  it('takes the exact path where one pass would cancel: tiny spread far from the centre', () => {
    // Drawn only where the prediction is 1e8 + small: the one-pass variance would lose its digits.
    const target = [1, 2, 3, 4, 5, 6];
    const pred = [0, 0, 1e8 + 1, 1e8 + 2, 1e8 + 4, 1e8 + 3];
    const counts = Uint32Array.of(0, 0, 1, 2, 1, 2);
    const want = naiveCccOrNull(materialise(pred, counts), materialise(target, counts))!;
    expect(Math.abs(shared([pred], target, counts)[0]! - want) / Math.abs(want)).toBeLessThan(1e-9);
  });

  it('is null for fewer than 2 draws and for constant equal sides; 0 for a constant prediction', () => {
    expect(shared([[1, 2, 3]], [3, 2, 1], Uint32Array.of(0, 1, 0))).toEqual([null]);
    expect(shared([[5, 5, 1]], [5, 5, 2], Uint32Array.of(2, 1, 0))).toEqual([null]);
    expect(shared([[4, 4, 4]], [1, 2, 3], Uint32Array.of(1, 1, 1))).toEqual([0]);
    expect(() => prepareSharedCcc([[1, 2]], [1, 2, 3])).toThrow(RangeError);
  });
});
