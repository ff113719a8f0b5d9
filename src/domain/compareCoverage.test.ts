// Coverage of the paired bootstrap CI of ΔCCC (issue 13; docs/ARCHITECTURE.md §8.2): over 200
// seeded simulated datasets whose population ΔCCC is known in closed form, the 95% interval that
// `compareVersions` gives covers the true ΔCCC in at least 90% of them.
//
// The population: target t ~ N(μ, σ²); each version predicts p = a + b·t + e with its own
// intercept, slope and noise sd s, the two versions' noises correlated (ρ), as two prompts of one
// judge on the same examples are. Then mean p = a + b·μ, var p = b²σ² + s², cov(p, t) = b·σ², so
//   CCC = 2·b·σ² / (b²σ² + s² + σ² + (a + b·μ − μ)²)
// exactly, and ΔCCC = CCC_B − CCC_A. Each dataset draws n = 200 examples from it. Two
// populations: B clearly better (ΔCCC = +0.1407), and a tie (ΔCCC = 0 exactly, the versions
// erring differently), where covering 0 means the verdict rule does not call a winner.
//
// Measured (datasets seeded 1..200, 300 resamples each, ~1 s per population in node):
//   B better, ΔCCC = +0.1407: covered in 194 of 200 datasets (97.0%; 386 of 400 = 96.5% with 400);
//   tie, ΔCCC = 0:            covered in 192 of 200 datasets (96.0%), i.e. a false verdict in 4.0%.
// (The counts are reproducible from the seeds; the assertion message prints them.)
import { describe, expect, it } from 'vitest';
import { prepareAnalysis } from './analysis.ts';
import type { AnalysisInput } from './analysisInput.ts';
import { compareVersions } from './compare.ts';
import { createRng, type Rng } from './rng.ts';
import { SPLITS } from './types.ts';

const DATASETS = 200;
const N = 200;
const RESAMPLES = 300;

const MU = 3;
const SIGMA = 1;

interface Version {
  a: number;
  b: number;
  s: number;
}

interface Population {
  name: string;
  A: Version;
  B: Version;
  /** Correlation of the two versions' noises. */
  rho: number;
}

const POPULATIONS: Population[] = [
  // A squeezed (slope 0.7), biased and noisier; B closer: CCC 1.4/2.01 against 1.8/2.15.
  { name: 'B better', A: { a: 0.5, b: 0.7, s: 0.6 }, B: { a: 0, b: 0.9, s: 0.5 }, rho: 0.6 },
  // A squeezed and biased, B unbiased but noisier: CCC 1.6/2.36 = 2/2.95 exactly.
  { name: 'a tie', A: { a: 0, b: 0.8, s: 0.6 }, B: { a: 0, b: 1, s: Math.sqrt(0.95) }, rho: 0.5 },
];

function populationCcc(v: Version): number {
  const varT = SIGMA * SIGMA;
  const shift = v.a + v.b * MU - MU;
  return (2 * v.b * varT) / (v.b * v.b * varT + v.s * v.s + varT + shift * shift);
}

const trueDelta = (p: Population) => populationCcc(p.B) - populationCcc(p.A);

function normal(rng: Rng): number {
  return Math.sqrt(-2 * Math.log(1 - rng.next())) * Math.cos(2 * Math.PI * rng.next());
}

/** n examples of `p` in the test split, one rollout per version (so the `mean` predictor is the drawn prediction). */
function simulate(p: Population, seed: number, n = N): AnalysisInput {
  const rng = createRng(seed);
  const targets = new Float64Array(n);
  const scoresA = new Float64Array(n);
  const scoresB = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const t = MU + SIGMA * normal(rng);
    const z1 = normal(rng);
    const z2 = p.rho * z1 + Math.sqrt(1 - p.rho * p.rho) * normal(rng);
    targets[i] = t;
    scoresA[i] = p.A.a + p.A.b * t + p.A.s * z1;
    scoresB[i] = p.B.a + p.B.b * t + p.B.s * z2;
  }
  const offsets = Int32Array.from({ length: n + 1 }, (_, i) => i);
  return {
    n,
    scale: { min: -100, max: 100 },
    targets,
    splits: new Uint8Array(n).fill(SPLITS.indexOf('test')),
    prompts: [
      { prompt: 'A', offsets, scores: scoresA, rail: null },
      { prompt: 'B', offsets, scores: scoresB, rail: null },
    ],
  };
}

describe('paired bootstrap CI of ΔCCC', () => {
  it('has closed-form true ΔCCCs that a very large sample reproduces', () => {
    const [better, tie] = POPULATIONS as [Population, Population];
    expect(trueDelta(better)).toBeCloseTo(1.8 / 2.15 - 1.4 / 2.01, 12);
    expect(trueDelta(tie)).toBeCloseTo(0, 12);
    for (const p of POPULATIONS) {
      // 200,000 examples: the sample ΔCCC is within 0.005 of the population's.
      const c = compareVersions(prepareAnalysis(simulate(p, 12345, 200_000)), 0, 1, 'mean', { split: 'test', seed: 0, resamples: 0 });
      expect(Math.abs(c.metrics[0]!.delta! - trueDelta(p))).toBeLessThan(0.005);
    }
  });

  for (const p of POPULATIONS) {
    const shown = Math.abs(trueDelta(p)) < 1e-12 ? 0 : trueDelta(p);
    it(`${p.name}: the 95% CI covers the true ΔCCC (${shown.toFixed(4)}) in ≥ 90% of ${DATASETS} datasets of ${N}`, () => {
      const delta = trueDelta(p);
      let covered = 0;
      for (let d = 1; d <= DATASETS; d++) {
        const c = compareVersions(prepareAnalysis(simulate(p, d)), 0, 1, 'mean', { split: 'test', seed: d, resamples: RESAMPLES });
        const ci = c.metrics.find((m) => m.metric === 'ccc')!.ci;
        expect(ci).not.toBeNull();
        if (ci![0] <= delta && delta <= ci![1]) covered++;
      }
      const message = `covered in ${covered} of ${DATASETS}`;
      expect(covered / DATASETS, message).toBeGreaterThanOrEqual(0.9);
      // Not by being uselessly wide either.
      expect(covered / DATASETS, message).toBeLessThanOrEqual(0.99);
    }, 60_000);
  }
});
