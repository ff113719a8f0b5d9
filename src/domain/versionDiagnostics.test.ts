import { describe, expect, it } from 'vitest';
import type { AnalysisInput } from './analysisInput.ts';
import { versionDiagnostics } from './versionDiagnostics.ts';

// Four examples: 0 train (target 1), 1–3 test (targets 2, none, 4).
// v1 rollouts: [1, 1], [2, 4], [3, 3, 3], [5, 7]; v2: only example 1, [3]; v3: none.
const input: AnalysisInput = {
  n: 4,
  scale: { min: 0, max: 10 },
  targets: Float64Array.from([1, 2, NaN, 4]),
  splits: Uint8Array.from([0, 2, 2, 2]),
  prompts: [
    { prompt: 'v1', offsets: Int32Array.from([0, 2, 4, 7, 9]), scores: Float64Array.from([1, 1, 2, 4, 3, 3, 3, 5, 7]), rail: null },
    { prompt: 'v2', offsets: Int32Array.from([0, 0, 1, 1, 1]), scores: Float64Array.from([3]), rail: null },
    { prompt: 'v3', offsets: Int32Array.from([0, 0, 0, 0, 0]), scores: new Float64Array(0), rail: null },
  ],
};

describe('versionDiagnostics', () => {
  it('computes each version on the test split, by hand', () => {
    const [v1, v2, v3] = versionDiagnostics(input, 'test');
    // v1 on examples 1–3: sds 1, 0, 1 → spread 2/3; identical: 1 of 3 with ≥ 2 rollouts; values {2, 4, 3, 5, 7};
    // σ ratio on examples 1 and 3 (example 2 has no target): means 3, 6 (sd 1.5) over targets 2, 4 (sd 1) = 1.5.
    expect(v1!.name).toBe('v1');
    expect(v1!.spread).toBeCloseTo(2 / 3, 12);
    expect(v1!.identicalShare).toBeCloseTo(1 / 3, 12);
    expect(v1!.distinctValues).toBe(5);
    expect(v1!.sigmaRatio).toBeCloseTo(1.5, 12);
    // v2: one example with one rollout: spread 0, no example with ≥ 2 rollouts, one value, < 2 labelled examples.
    expect(v2).toEqual({ name: 'v2', spread: 0, identicalShare: null, distinctValues: 1, sigmaRatio: null });
    // v3 has no rollouts at all.
    expect(v3).toEqual({ name: 'v3', spread: null, identicalShare: null, distinctValues: null, sigmaRatio: null });
  });

  it('restricts to the chosen split, and takes every example for "all"', () => {
    expect(versionDiagnostics(input, 'train')[0]).toEqual({
      name: 'v1',
      spread: 0,
      identicalShare: 1,
      distinctValues: 1,
      sigmaRatio: null,
    });
    expect(versionDiagnostics(input, 'val')[0]).toEqual({
      name: 'v1',
      spread: null,
      identicalShare: null,
      distinctValues: null,
      sigmaRatio: null,
    });
    const all = versionDiagnostics(input, 'all')[0]!;
    // sds 0, 1, 0, 1 → 0.5; identical 2 of 4; values {1, 2, 3, 4, 5, 7}; σ ratio on examples 0, 1, 3:
    // means 1, 3, 6 (var 114/27) over targets 1, 2, 4 (var 42/27) → √(114/42) = 1.647509…
    expect(all.spread).toBeCloseTo(0.5, 12);
    expect(all.identicalShare).toBeCloseTo(0.5, 12);
    expect(all.distinctValues).toBe(6);
    expect(all.sigmaRatio).toBeCloseTo(Math.sqrt(114 / 42), 12);
    expect(all.sigmaRatio).toBeCloseTo(1.647509, 6);
  });

  it('counts distinct values past the short list: 40 values, each twice, and 0 = −0', () => {
    const values = Array.from({ length: 40 }, (_, i) => i / 4);
    const scores = Float64Array.from([...values, ...values.reverse(), -0, 0]);
    const many: AnalysisInput = {
      n: 1,
      scale: { min: 0, max: 10 },
      targets: Float64Array.from([1]),
      splits: Uint8Array.from([2]),
      prompts: [{ prompt: 'v', offsets: Int32Array.from([0, scores.length]), scores, rail: null }],
    };
    expect(versionDiagnostics(many, 'test')[0]!.distinctValues).toBe(40);
  });
});
