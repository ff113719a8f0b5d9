import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { identicalRolloutShare, identicalRolloutShareCsr, rolloutSpread, rolloutSpreadCsr } from './rolloutStats.ts';

/** The flat layout of an array of arrays. */
function toCsr(perExample: readonly number[][]): { scores: Float64Array; offsets: Int32Array } {
  const offsets = new Int32Array(perExample.length + 1);
  perExample.forEach((s, e) => (offsets[e + 1] = offsets[e]! + s.length));
  return { scores: Float64Array.from(perExample.flat()), offsets };
}

const EXAMPLES = [[3, 3, 3], [1, 2, 4], [7], [], [0.1, 0.1, 0.1], [2.5, 3.5], [5, 5, 6, 6, 9]];

describe('identicalRolloutShare', () => {
  it('counts only examples with ≥ 2 rollouts', () => {
    // Eligible: [3,3,3] yes, [1,2,4] no, [0.1,0.1,0.1] yes, [2.5,3.5] no, [5,5,6,6,9] no → 2 / 5.
    expect(identicalRolloutShare(EXAMPLES)).toBe(0.4);
    const { scores, offsets } = toCsr(EXAMPLES);
    expect(identicalRolloutShareCsr(scores, offsets)).toBe(0.4);
  });

  it('is null without an example of ≥ 2 rollouts and treats −0 as 0', () => {
    expect(identicalRolloutShare([[1], [], [2]])).toBeNull();
    expect(identicalRolloutShare([])).toBeNull();
    expect(identicalRolloutShare([[0, -0]])).toBe(1);
    expect(identicalRolloutShareCsr(new Float64Array(0), Int32Array.of(0))).toBeNull();
  });
});

describe('rolloutSpread', () => {
  it('matches numpy: mean of np.std over examples with rollouts', () => {
    // numpy 2.4: np.mean([np.std(e) for e in EXAMPLES if len(e)]) = 0.5361521624324257
    // (numpy's std of [0.1, 0.1, 0.1] is 1.4e-17 from rounding; ours is exactly 0, below the tolerance.)
    expect(rolloutSpread(EXAMPLES)).toBeCloseTo(0.5361521624324257, 15);
    const { scores, offsets } = toCsr(EXAMPLES);
    expect(rolloutSpreadCsr(scores, offsets)).toBeCloseTo(0.5361521624324257, 15);
  });

  it('is exactly 0 for identical rollouts and null without rollouts', () => {
    expect(
      rolloutSpread([
        [0.1, 0.1, 0.1],
        [0.7, 0.7],
      ]),
    ).toBe(0);
    expect(rolloutSpread([[], []])).toBeNull();
    expect(rolloutSpreadCsr(new Float64Array(0), Int32Array.of(0, 0, 0))).toBeNull();
  });
});

describe('flat (CSR) layout', () => {
  it('agrees with the array-of-arrays form', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.array(
            fc.integer({ min: 0, max: 3 }).map((k) => k / 2),
            { maxLength: 5 },
          ),
          { maxLength: 20 },
        ),
        (perExample) => {
          const { scores, offsets } = toCsr(perExample);
          expect(identicalRolloutShareCsr(scores, offsets)).toBe(identicalRolloutShare(perExample));
          expect(rolloutSpreadCsr(scores, offsets)).toBe(rolloutSpread(perExample));
        },
      ),
    );
  });

  it('rejects offsets that do not cover the scores', () => {
    const scores = Float64Array.of(1, 2, 3);
    expect(() => rolloutSpreadCsr(scores, Int32Array.of(0, 2))).toThrow(RangeError);
    expect(() => rolloutSpreadCsr(scores, Int32Array.of(1, 3))).toThrow(RangeError);
    expect(() => identicalRolloutShareCsr(scores, Int32Array.of(0, 2, 1, 3))).toThrow(RangeError);
    expect(() => identicalRolloutShareCsr(scores, new Int32Array(0))).toThrow(RangeError);
  });
});
