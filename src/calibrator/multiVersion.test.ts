// The multi-version candidate: on data where the plan's own version is noisy and another version
// carries the target, it beats the own version's baselines out of fold; each out-of-fold prediction
// equals a hand refit (`fitRidge`) on a design built here by plain loops (features per example from
// `buildFeatures`, standardisation over the other folds by hand, the fold's λ); the kept model
// predicts the other examples as `predictMultiVersionUnit` does; a missing version reads as its
// indicator.
import { describe, expect, it } from 'vitest';
import { buildAnalysisInput } from '../domain/analysisInput.ts';
import { createRng, type Rng } from '../domain/rng.ts';
import type { Example, Rollout, Split } from '../domain/types.ts';
import { baselineCandidates } from './candidates.ts';
import { buildFeatures, fromUnit, toUnit } from './features.ts';
import { predictMultiVersionUnit, trainMultiVersion, type MultiVersionModel } from './multiVersion.ts';
import { fitRidge } from './ridge.ts';
import { DEFAULT_TRAIN_OPTIONS, planTraining, type TrainOptions } from './trainer.ts';

const SCALE = { min: 1, max: 5 };
const PROMPTS = ['A', 'B', 'C'];
const weights = { ccc: 1, nmse: 1 };

function normal(rng: Rng): number {
  return Math.sqrt(-2 * Math.log(1 - rng.next())) * Math.cos(2 * Math.PI * rng.next());
}

const clampRound = (v: number) => Math.min(5, Math.max(1, Math.round(v)));

/**
 * 150 examples, target uniform on 1–5. A (the plan's version): 5 rollouts of round(t + 3·noise),
 * every 13th example only 3 (too few for the sorted plan at K = 5); B: 4 rollouts of
 * round(t + 0.4·noise), none for every 10th example; C: 3 rollouts of uniform noise, none for every
 * 4th example. One example in 5 is a test example.
 */
function dataset(): Example[] {
  const rng = createRng(11);
  const splits: Split[] = ['train', 'train', 'val', 'train', 'test'];
  return Array.from({ length: 150 }, (_, i) => {
    const t = 1 + 4 * rng.next();
    const rollouts: Rollout[] = [];
    for (let r = 0; r < (i % 13 === 6 ? 3 : 5); r++) rollouts.push({ prompt: 'A', score: clampRound(t + 3 * normal(rng)) });
    if (i % 10 !== 3) for (let r = 0; r < 4; r++) rollouts.push({ prompt: 'B', score: clampRound(t + 0.4 * normal(rng)) });
    if (i % 4 !== 1) for (let r = 0; r < 3; r++) rollouts.push({ prompt: 'C', score: 1 + rng.int(5) });
    return { id: `m${i}`, input: `q${i}`, split: splits[i % 5]!, target: t, rollouts };
  });
}

const examples = dataset();
const input = buildAnalysisInput(examples, PROMPTS, SCALE);

/** The example's scores of version `v` (index into input.prompts). */
function scoresOf(v: number, e: number): Float64Array {
  const p = input.prompts[v]!;
  return p.scores.slice(p.offsets[e]!, p.offsets[e + 1]!);
}

/** The raw compact features of one example's scores of version `v`, or null without any: buildFeatures on that example alone. */
function rawFeatures(v: number, e: number): Float64Array | null {
  const s = scoresOf(v, e);
  if (s.length === 0) return null;
  return buildFeatures({ prompt: PROMPTS[v]!, offsets: Int32Array.of(0, s.length), scores: s, rail: null }, 1, SCALE, {
    set: 'compact',
    k: 5,
  }).x;
}

/** Mean and population sd per column over the non-null rows (sd < 1e-12 → 1), by plain loops. */
function handStats(rows: (Float64Array | null)[]): { mean: number[]; sd: number[] } {
  const present = rows.filter((r): r is Float64Array => r !== null);
  const mean = Array.from({ length: 9 }, (_, j) => present.reduce((s, r) => s + r[j]!, 0) / present.length);
  const sd = Array.from({ length: 9 }, (_, j) => {
    const s = Math.sqrt(present.reduce((a, r) => a + (r[j]! - mean[j]!) ** 2, 0) / present.length);
    return s < 1e-12 ? 1 : s;
  });
  return { mean, sd };
}

/** One design row: per version, the 9 standardised features (0 without scores) and the indicator. */
function handRow(raw: (Float64Array | null)[], stats: { mean: number[]; sd: number[] }[]): number[] {
  return raw.flatMap((r, v) =>
    r === null ? [0, 0, 0, 0, 0, 0, 0, 0, 0, 1] : [...r].map((x, j) => (x - stats[v]!.mean[j]!) / stats[v]!.sd[j]!).concat(0),
  );
}

describe.each([
  { folds: 5, set: 'sorted' as const },
  { folds: 2, set: 'compact' as const },
])('trainMultiVersion on $folds folds ($set plan)', ({ folds, set }) => {
  const options: TrainOptions = { ...DEFAULT_TRAIN_OPTIONS, prompt: 0, featureSet: set, k: 5, folds, seed: 3 };
  const plan = planTraining(input, options);
  const run = trainMultiVersion(input, plan, [0, 1, 2], { weights });
  const devExamples = plan.devRows.map((r) => plan.features.rows[r]!);
  const versions = [0, 1, 2];

  it('beats the baselines of its own version clearly, out of fold', () => {
    const base = baselineCandidates((i) => scoresOf(0, devExamples[i]!), plan.yDev, plan.fold, plan.folds, SCALE);
    const bestBase = Math.max(...base.map((b) => b.oofCcc ?? -1));
    expect(run.candidate.oofCcc!).toBeGreaterThan(bestBase + 0.2);
    expect(run.candidate.oofCcc!).toBeGreaterThan(0.9);
    expect(run.candidate.predicted).toBe(devExamples.length);
    expect(run.candidate).toMatchObject({ id: 'multi-version', kind: 'multi', label: 'Ridge on the scores of 3 versions' });
    expect(run.candidate.detail).toMatch(/^λ [0-9.e+-]+; deploying it means running A, B, C$/);
    expect(run.model.prompts).toEqual(['A', 'B', 'C']);
    expect(run.model.weights).toHaveLength(30);
    expect(run.foldLambdas).toHaveLength(plan.folds + 1);
  });

  it('predicts each dev example from a hand refit on the other folds: statistics, λ, weights', () => {
    const y = Float64Array.from(plan.yDev, (v) => toUnit(v, SCALE));
    const raw = devExamples.map((e) => versions.map((v) => rawFeatures(v, e)));
    let worst = 0;
    let missing = 0;
    for (let k = 0; k < plan.folds; k++) {
      const train = devExamples.flatMap((_, i) => (plan.fold[i] !== k ? [i] : []));
      const held = devExamples.flatMap((_, i) => (plan.fold[i] === k ? [i] : []));
      const stats = versions.map((v) => handStats(train.map((i) => raw[i]![v]!)));
      const dense = Float64Array.from(raw.flatMap((r) => handRow(r, stats)));
      const x = {
        sparse: {
          n: devExamples.length,
          d: 0,
          offsets: new Int32Array(devExamples.length + 1),
          index: new Int32Array(0),
          values: new Float64Array(0),
        },
        f: 30,
        dense,
      };
      const fit = fitRidge(x, y, Int32Array.from(train), run.foldLambdas[k]!);
      for (const i of held) {
        const row = dense.subarray(i * 30, (i + 1) * 30);
        let u = fit.intercept;
        for (let j = 0; j < 30; j++) u += fit.beta[j]! * row[j]!;
        worst = Math.max(worst, Math.abs(run.predictions[devExamples[i]!]! - fromUnit(u, SCALE)));
        expect(run.candidate.oof[i]).toBe(run.predictions[devExamples[i]!]);
        if (raw[i]!.some((r) => r === null)) missing++;
      }
    }
    expect(worst).toBeLessThan(1e-9);
    // Dev examples without B's or C's scores were among those checked.
    expect(missing).toBeGreaterThan(20);
  });

  it('keeps the model a hand refit on every dev example gives, and predicts the other examples with it', () => {
    const y = Float64Array.from(plan.yDev, (v) => toUnit(v, SCALE));
    const raw = devExamples.map((e) => versions.map((v) => rawFeatures(v, e)));
    const stats = versions.map((v) => handStats(raw.map((r) => r[v]!)));
    const dense = Float64Array.from(raw.flatMap((r) => handRow(r, stats)));
    const n = devExamples.length;
    const x = { sparse: { n, d: 0, offsets: new Int32Array(n + 1), index: new Int32Array(0), values: new Float64Array(0) }, f: 30, dense };
    const fit = fitRidge(x, y, null, run.foldLambdas[plan.folds]!);
    expect(run.model.lambda).toBe(run.foldLambdas[plan.folds]);
    expect(Math.abs(run.model.intercept - fit.intercept)).toBeLessThan(1e-9);
    for (let j = 0; j < 30; j++) expect(Math.abs(run.model.weights[j]! - fit.beta[j]!)).toBeLessThan(1e-9);
    versions.forEach((v) => {
      for (let j = 0; j < 9; j++) {
        expect(run.model.stats[v]!.mean[j]).toBeCloseTo(stats[v]!.mean[j]!, 12);
        expect(run.model.stats[v]!.sd[j]).toBeCloseTo(stats[v]!.sd[j]!, 12);
      }
    });

    const dev = new Set(devExamples);
    const rows = new Set(plan.features.rows);
    let checked = 0;
    for (let e = 0; e < input.n; e++) {
      if (dev.has(e)) continue;
      if (!rows.has(e)) {
        // Not one of the plan's feature rows (too few rollouts of A for the sorted plan): no prediction.
        expect(run.predictions[e]).toBeNaN();
        continue;
      }
      const unit = predictMultiVersionUnit(
        run.model,
        versions.map((v) => rawFeatures(v, e)),
      );
      expect(Math.abs(run.predictions[e]! - fromUnit(unit, SCALE))).toBeLessThan(1e-12);
      checked++;
    }
    expect(checked).toBeGreaterThanOrEqual(25);
  });

  it('reads a missing version as its indicator', () => {
    const m = run.model;
    const e = devExamples.find((x) => scoresOf(1, x).length > 0 && scoresOf(2, x).length > 0)!;
    const raw = versions.map((v) => rawFeatures(v, e));
    const full = predictMultiVersionUnit(m, raw);
    // Without C: C's feature terms drop out and its indicator weight comes in.
    let cTerms = 0;
    for (let j = 0; j < 9; j++) cTerms += m.weights[20 + j]! * ((raw[2]![j]! - m.stats[2]!.mean[j]!) / m.stats[2]!.sd[j]!);
    expect(predictMultiVersionUnit(m, [raw[0]!, raw[1]!, null])).toBeCloseTo(full - cTerms + m.weights[29]!, 12);
    let bTerms = 0;
    for (let j = 0; j < 9; j++) bTerms += m.weights[10 + j]! * ((raw[1]![j]! - m.stats[1]!.mean[j]!) / m.stats[1]!.sd[j]!);
    expect(predictMultiVersionUnit(m, [raw[0]!, null, raw[2]!])).toBeCloseTo(full - bTerms + m.weights[19]!, 12);
    // The own version's indicator is never on among the dev examples: its weight is 0.
    expect(m.weights[9]).toBe(0);
    // B's indicator does something: the examples without B lose its information.
    expect(Math.abs(m.weights[19]!)).toBeGreaterThan(0);
    // Without the own version's scores, no prediction.
    expect(predictMultiVersionUnit(m, [null, raw[1]!, raw[2]!])).toBeNaN();
  });
});

describe('trainMultiVersion inputs', () => {
  const options: TrainOptions = { ...DEFAULT_TRAIN_OPTIONS, prompt: 1, featureSet: 'compact', k: 4, folds: 4 };
  const plan = planTraining(input, options);

  it('puts the plan’s own version first, the others in the order given', () => {
    const run = trainMultiVersion(input, plan, [2, 0, 1], { weights });
    expect(run.model.prompts).toEqual(['B', 'C', 'A']);
    expect(run.candidate.detail).toMatch(/deploying it means running B, C, A$/);
    expect(run.model.stats).toHaveLength(3);
  });

  it('refuses versions without the plan’s, duplicates, out of range, fewer than 2', () => {
    const bad = (versions: number[]) => () => trainMultiVersion(input, plan, versions, { weights });
    expect(bad([0, 2])).toThrow(RangeError);
    expect(bad([1, 1])).toThrow(RangeError);
    expect(bad([1, 0, 0])).toThrow(RangeError);
    expect(bad([1, 3])).toThrow(RangeError);
    expect(bad([1, -1])).toThrow(RangeError);
    expect(bad([1, 0.5])).toThrow(RangeError);
    expect(bad([1])).toThrow(RangeError);
  });

  it('refuses a model fed the wrong number of versions', () => {
    const m: MultiVersionModel = trainMultiVersion(input, plan, [1, 0], { weights }).model;
    expect(() => predictMultiVersionUnit(m, [null])).toThrow(RangeError);
  });
});
