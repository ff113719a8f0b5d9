// The MENTAT trainer (docs/ARCHITECTURE.md §9.4) on onnxruntime-node: fold assignment, the training plan (which
// examples are trained on, the batch of models and its masks, the reasons it refuses a dataset),
// and training itself on a synthetic dataset whose rollouts are a biased, compressed copy of the
// target. References are hand computations: the fold sizes, the examples each split should
// contribute, the features and the MLP forward pass written out in Float64 here, and CCCs of the
// per-example predictions on the test split.
import * as ort from 'onnxruntime-node';
import { describe, expect, it, vi } from 'vitest';
import { buildAnalysisInput, type AnalysisInput } from '../domain/analysisInput.ts';
import { ccc } from '../domain/metrics/pairwise.ts';
import { createRng } from '../domain/rng.ts';
import type { Example, Split } from '../domain/types.ts';
import {
  applyCalibrator,
  assignFolds,
  DEFAULT_TRAIN_OPTIONS,
  gridConfigs,
  MIN_TRAIN_EXAMPLES,
  planTraining,
  train,
  TrainError,
  type CalibratorModel,
  type TrainOptions,
  type TrainProgress,
  type TrainResult,
} from './trainer.ts';
import { BatchTrainer } from './engine.ts';

const SCALE = { min: 0, max: 10 };
const K = 3;

/** Standard normal draws (Box–Muller) from a seeded stream. */
function normals(seed: number): () => number {
  const rng = createRng(seed);
  return () => Math.sqrt(-2 * Math.log(1 - rng.next())) * Math.cos(2 * Math.PI * rng.next());
}

function example(i: number, split: Split, target: number | undefined, scores: readonly number[]): Example {
  return {
    id: `e${i}`,
    input: `question ${i}`,
    split,
    ...(target === undefined ? {} : { target }),
    rollouts: scores.map((score) => ({ prompt: 'v1', score })),
  };
}

/**
 * `n` examples, split train / val / test as 3 : 1 : 1 by position, target uniform on [0, 10], and
 * K rollouts each = 0.5·target + 3 + N(0, 0.5²): a judge that compresses the scale and sits too high.
 */
function biasedDataset(n: number, seed: number): { examples: Example[]; input: AnalysisInput } {
  const rng = createRng(seed);
  const noise = normals(seed + 1);
  const splits: Split[] = ['train', 'train', 'train', 'val', 'test'];
  const examples = Array.from({ length: n }, (_, i) => {
    const target = 10 * rng.next();
    const scores = Array.from({ length: K }, () => 0.5 * target + 3 + 0.5 * noise());
    return example(i, splits[i % splits.length]!, target, scores);
  });
  return { examples, input: buildAnalysisInput(examples, ['v1'], SCALE) };
}

function options(over: Partial<TrainOptions> = {}): TrainOptions {
  return {
    ...DEFAULT_TRAIN_OPTIONS,
    prompt: 0,
    featureSet: 'sorted',
    k: K,
    folds: 3,
    grid: { hidden: [4], weightDecay: [0], lr: [0.01] },
    maxEpochs: 200,
    patience: 200,
    ...over,
  };
}

/** Hand-written features of the sorted set: the K scores mapped to [0, 1] and sorted, then mean, population sd, min, max. */
function handFeatures(ex: Example): number[] {
  const u = ex.rollouts
    .slice(0, K)
    .map((r) => (r.score - SCALE.min) / (SCALE.max - SCALE.min))
    .sort((a, b) => a - b);
  const mean = u.reduce((a, b) => a + b, 0) / u.length;
  const sd = Math.sqrt(u.reduce((a, b) => a + (b - mean) ** 2, 0) / u.length);
  return [...u, mean, sd, u[0]!, u[u.length - 1]!];
}

/** One member's prediction in [0, 1] space, in Float64: relu(x·W1 + b1)·w2 + b2 over the config's active hidden units. */
function memberForward(model: CalibratorModel, member: CalibratorModel['members'][number], raw: number[]): number {
  const x = raw.map((v, j) => (v - model.stats.mean[j]!) / model.stats.sd[j]!);
  let out = member.b2[0]!;
  for (let u = 0; u < model.config.hidden; u++) {
    let z = member.b1[u]!;
    for (let j = 0; j < x.length; j++) z += x[j]! * member.w1[j * model.h + u]!;
    out += Math.max(0, z) * member.w2[u]!;
  }
  return out;
}

/** On the dataset scale, clipped as the calibrator does. */
function toScale(u: number): number {
  return Math.min(SCALE.max, Math.max(SCALE.min, SCALE.min + u * (SCALE.max - SCALE.min)));
}

function testIndices(input: AnalysisInput): number[] {
  const out: number[] = [];
  for (let e = 0; e < input.n; e++) if (input.splits[e] === 2 && Number.isFinite(input.targets[e]!)) out.push(e);
  return out;
}

function rolloutMean(input: AnalysisInput, e: number): number {
  const p = input.prompts[0]!;
  let s = 0;
  for (let i = p.offsets[e]!; i < p.offsets[e + 1]!; i++) s += p.scores[i]!;
  return s / (p.offsets[e + 1]! - p.offsets[e]!);
}

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>, index: readonly number[]): number {
  let worst = 0;
  for (const e of index) worst = Math.max(worst, Math.abs(a[e]! - b[e]!));
  return worst;
}

describe('assignFolds', () => {
  it('deals a seeded shuffle into folds whose sizes differ by at most one, all non-empty', () => {
    for (const [n, folds] of [
      [103, 5],
      [10, 10],
      [11, 3],
      [2, 2],
    ] as const) {
      const fold = assignFolds(n, folds, 7);
      expect(fold).toHaveLength(n);
      const sizes = new Array<number>(folds).fill(0);
      for (const k of fold) sizes[k]!++;
      // n = q·folds + r: r folds of q + 1, the rest of q (103 / 5 → 21, 21, 21, 20, 20).
      const q = Math.floor(n / folds);
      expect([...sizes].sort((a, b) => b - a)).toEqual(sizes.map((_, i) => (i < n % folds ? q + 1 : q)));
      expect(Math.min(...sizes)).toBeGreaterThan(0);
    }
  });

  it('is deterministic for a seed, and another seed shuffles differently', () => {
    const a = assignFolds(200, 5, 1);
    expect(assignFolds(200, 5, 1)).toEqual(a);
    const b = assignFolds(200, 5, 2);
    expect(b).not.toEqual(a);
    // Not merely a relabelling of the same partition: some pair of examples shares a fold under one seed only.
    let split = false;
    for (let i = 1; i < 200 && !split; i++) split = (a[0] === a[i]) !== (b[0] === b[i]);
    expect(split).toBe(true);
  });
});

describe('gridConfigs', () => {
  it('is the cross product of hidden × weight decay × learning rate', () => {
    const configs = gridConfigs({ hidden: [4, 8], weightDecay: [0, 0.1, 1], lr: [0.01, 0.03] });
    expect(configs).toHaveLength(12);
    expect(new Set(configs.map((c) => `${c.hidden}/${c.weightDecay}/${c.lr}`)).size).toBe(12);
    expect(gridConfigs({ hidden: [4], weightDecay: [], lr: [0.01] })).toEqual([]);
  });
});

describe('planTraining', () => {
  // 0–19: labelled train/val with 3 rollouts (the dev set); 20–24 labelled test with 3 rollouts;
  // 25: labelled test with 2 rollouts; 26–28 unlabelled train with 3; 29–30 labelled train with 2
  // (too few for K = 3); 31 labelled val with none; 32 labelled train with 4 (extra ignored).
  function mixed(): { examples: Example[]; input: AnalysisInput } {
    const examples: Example[] = [];
    const add = (split: Split, target: number | undefined, scores: number[]) =>
      examples.push(example(examples.length, split, target, scores));
    for (let i = 0; i < 20; i++) add(i % 4 === 3 ? 'val' : 'train', i % 11, [i % 7, (i * 3) % 10, (i * 5) % 9]);
    for (let i = 0; i < 5; i++) add('test', i + 2, [i, i + 1, i + 2]);
    add('test', 5, [4, 6]);
    for (let i = 0; i < 3; i++) add('train', undefined, [1, 2, 3]);
    add('train', 3, [2, 4]);
    add('val', 8, [7, 7]);
    add('val', 6, []);
    add('train', 9, [9, 8, 10, 0]);
    return { examples, input: buildAnalysisInput(examples, ['v1'], SCALE) };
  }

  it('trains on the labelled train + val examples with K rollouts, and counts the rest', () => {
    const { examples, input } = mixed();
    const plan = planTraining(input, options({ folds: 4, seeds: 2, grid: { hidden: [4, 8], weightDecay: [0, 0.5], lr: [0.01] } }));
    const dev = plan.devRows.map((row) => plan.features.rows[row]!);
    expect(dev).toEqual([...Array.from({ length: 20 }, (_, i) => i), 32]);
    expect(plan.data.n).toBe(21);
    expect(plan.testCount).toBe(5); // the test example with 2 rollouts cannot be predicted, so it is not counted
    expect(plan.features.tooFewRollouts).toBe(3); // 25, 29 and 30
    expect(plan.features.noRollouts).toBe(1);
    expect(plan.n).toBe(examples.length);
    // Targets of the dev rows, as given, and in [0, 1] for the graph.
    dev.forEach((e, i) => {
      expect(plan.yDev[i]).toBe(examples[e]!.target);
      expect(plan.data.y[i]).toBeCloseTo(examples[e]!.target! / 10, 6);
    });
    // Standardisation statistics come from the dev rows only (no test example leaks in).
    const feats = dev.map((e) => handFeatures(examples[e]!));
    for (let j = 0; j < plan.features.f; j++) {
      const col = feats.map((r) => r[j]!);
      const mean = col.reduce((a, b) => a + b, 0) / col.length;
      const sd = Math.sqrt(col.reduce((a, b) => a + (b - mean) ** 2, 0) / col.length);
      expect(plan.stats.mean[j]).toBeCloseTo(mean, 12);
      expect(plan.stats.sd[j]).toBeCloseTo(sd, 12);
    }
  });

  it('batches configs × folds × seeds, each with complementary 0/1 train and validation masks', () => {
    const { input } = mixed();
    const grid = { hidden: [4, 8], weightDecay: [0, 0.5], lr: [0.01, 0.02] };
    const plan = planTraining(input, options({ folds: 4, seeds: 2, grid }));
    const configs = gridConfigs(grid);
    expect(plan.configs).toEqual(configs);
    expect(plan.folds).toBe(4);
    expect(plan.h).toBe(8);
    expect(plan.models).toHaveLength(8 * 4 * 2);
    const n = plan.data.n;
    plan.models.forEach((m, i) => {
      // Config-major, then fold, then seed.
      expect(m.config).toBe(Math.floor(i / 8));
      expect(m.fold).toBe(Math.floor(i / 2) % 4);
      const c = configs[m.config]!;
      expect([m.hidden, m.weightDecay, m.lr]).toEqual([c.hidden, c.weightDecay, c.lr]);
      expect(m.trainWeights).toHaveLength(n);
      expect(m.valWeights).toHaveLength(n);
      for (let r = 0; r < n; r++) {
        expect([0, 1]).toContain(m.valWeights[r]);
        expect(m.trainWeights[r]! + m.valWeights[r]!).toBe(1);
        expect(m.valWeights[r]).toBe(plan.fold[r] === m.fold ? 1 : 0);
      }
    });
    // Over one config and seed, the validation masks partition the dev rows into the 4 non-empty folds.
    const cover = new Array<number>(n).fill(0);
    for (const m of plan.models.filter((m) => m.config === 0)) {
      let size = 0;
      for (let r = 0; r < n; r++) size += m.valWeights[r]!;
      expect(size).toBeGreaterThanOrEqual(5); // 21 rows in 4 folds: 6, 5, 5, 5
      for (let r = 0; r < n; r++) cover[r]! += m.valWeights[r]!;
    }
    expect(cover).toEqual(new Array<number>(n).fill(2)); // once per seed
    // Each seed of a fold starts from its own init.
    expect(plan.models[0]!.seed).not.toBe(plan.models[1]!.seed);
    expect(new Set(plan.models.filter((m) => m.config === 0).map((m) => m.seed)).size).toBe(8);
  });

  it('caps the folds at the number of dev examples', () => {
    const { input } = mixed();
    const plan = planTraining(input, options({ folds: 50 }));
    expect(plan.folds).toBe(21);
    expect(plan.models).toHaveLength(21);
    for (const m of plan.models) expect(m.valWeights.reduce((a, b) => a + b, 0)).toBe(1);
  });

  it('refuses with a reason: too few labelled dev examples, constant targets, an empty grid, an unknown prompt', () => {
    const few = MIN_TRAIN_EXAMPLES - 1;
    const examples = [
      ...Array.from({ length: few }, (_, i) => example(i, 'train', i, [i, i, i])),
      // Plenty of examples that do not count: unlabelled, test, too few rollouts.
      ...Array.from({ length: 30 }, (_, i) => example(100 + i, 'train', undefined, [1, 2, 3])),
      ...Array.from({ length: 30 }, (_, i) => example(200 + i, 'test', i % 10, [1, 2, 3])),
      ...Array.from({ length: 30 }, (_, i) => example(300 + i, 'val', i % 10, [1, 2])),
    ];
    const input = buildAnalysisInput(examples, ['v1'], SCALE);
    expect(() => planTraining(input, options())).toThrow(TrainError);
    expect(() => planTraining(input, options())).toThrow(new RegExp(`at least ${MIN_TRAIN_EXAMPLES}\\b.*has ${few}\\b`));

    const constant = buildAnalysisInput(
      Array.from({ length: 20 }, (_, i) => example(i, 'train', 7, [i % 10, 3, 5])),
      ['v1'],
      SCALE,
    );
    expect(() => planTraining(constant, options())).toThrow(/same target/);

    const { input: ok } = mixed();
    expect(() => planTraining(ok, options({ grid: { hidden: [], weightDecay: [0], lr: [0.01] } }))).toThrow(/grid is empty/);
    expect(() => planTraining(ok, options({ grid: { hidden: [4], weightDecay: [0], lr: [] } }))).toThrow(TrainError);
    expect(() => planTraining(ok, options({ prompt: 3 }))).toThrow(TrainError);
  });
});

describe('train (onnxruntime-node, cpu)', () => {
  const { examples, input } = biasedDataset(300, 11);
  const test = testIndices(input);

  it('beats the mean of the rollouts on the test split by a clear margin', async () => {
    const plan = planTraining(input, options({ folds: 5, maxEpochs: 400, grid: { hidden: [8], weightDecay: [0], lr: [0.02] } }));
    const result = await train(ort, 'cpu', plan);
    expect(result.cancelled).toBe(false);
    expect(result.counts).toEqual({ train: 240, test: 60, tooFewRollouts: 0, noRollouts: 0 });
    const target = test.map((e) => input.targets[e]!);
    const meanCcc = ccc(
      test.map((e) => rolloutMean(input, e)),
      target,
    )!;
    const calCcc = ccc(
      test.map((e) => result.predictions[e]!),
      target,
    )!;
    // The mean is biased (+0.5 on average) and compressed (slope 0.5): CCC ≈ 0.77 in expectation. A
    // linear map undoes both and leaves noise of sd 2·0.5/√3 ≈ 0.58 against sd(target) ≈ 2.9: ≈ 0.96.
    expect(meanCcc).toBeGreaterThan(0.65);
    expect(meanCcc).toBeLessThan(0.85);
    expect(calCcc).toBeGreaterThan(meanCcc + 0.1);
    expect(calCcc).toBeGreaterThan(0.9);
    // The selected configuration's out-of-fold CCC is the CCC of the dev examples' predictions.
    const dev = Array.from(result.devExamples);
    expect(dev).toHaveLength(240);
    expect(result.configs[result.selected]!.oofCcc).toBeCloseTo(
      ccc(
        dev.map((e) => result.predictions[e]!),
        dev.map((e) => input.targets[e]!),
      )!,
      10,
    );
    expect(result.model.members).toHaveLength(5);
    expect(examples).toHaveLength(300);
  });

  it('predicts each dev example with the models of its own fold only, every other example with the whole ensemble', async () => {
    const folds = 3;
    const seed = 5;
    const plan = planTraining(input, options({ folds, seeds: 2, seed, maxEpochs: 200 }));
    const result = await train(ort, 'cpu', plan);
    const { model } = result;
    // Members: fold 0 seed 0, fold 0 seed 1, fold 1 seed 0, ...
    expect(model.members).toHaveLength(folds * 2);
    const dev = Array.from(result.devExamples);
    // The dev examples are the labelled train + val ones, in example order; folds are dealt over them.
    expect(dev).toEqual(examples.flatMap((ex, e) => (ex.split !== 'test' ? [e] : [])));
    const fold = assignFolds(dev.length, folds, seed);
    let worstOwn = 0;
    let worstOther = 0;
    dev.forEach((e, i) => {
      const raw = handFeatures(examples[e]!);
      const k = fold[i]!;
      const own = (memberForward(model, model.members[2 * k]!, raw) + memberForward(model, model.members[2 * k + 1]!, raw)) / 2;
      worstOwn = Math.max(worstOwn, Math.abs(result.predictions[e]! - toScale(own)));
      const other =
        (memberForward(model, model.members[2 * ((k + 1) % folds)]!, raw) +
          memberForward(model, model.members[2 * ((k + 1) % folds) + 1]!, raw)) /
        2;
      worstOther = Math.max(worstOther, Math.abs(result.predictions[e]! - toScale(other)));
    });
    // Float32 in the graph against Float64 here, on a 0–10 scale.
    expect(worstOwn).toBeLessThan(1e-4);
    expect(worstOther).toBeGreaterThan(1e-2); // the check above can tell the folds apart
    for (const e of test) {
      const raw = handFeatures(examples[e]!);
      const each = model.members.map((m) => memberForward(model, m, raw));
      const mean = each.reduce((a, b) => a + b, 0) / each.length;
      expect(Math.abs(result.predictions[e]! - toScale(mean))).toBeLessThan(1e-4);
      // The spread is the members' population sd, on the dataset scale (range 10).
      const sd = Math.sqrt(each.reduce((a, v) => a + (v - mean) ** 2, 0) / each.length) * (SCALE.max - SCALE.min);
      expect(Math.abs(result.spread[e]! - sd)).toBeLessThan(1e-4);
    }
    expect(Math.max(...test.map((e) => result.spread[e]!))).toBeGreaterThan(1e-3);

    // applyCalibrator is the ensemble everywhere: the same as training's predictions on the test split,
    // different (in-fold members included) on the dev examples.
    const applied = await applyCalibrator(ort, 'cpu', model, input);
    expect(maxAbsDiff(applied, result.predictions, test)).toBeLessThan(1e-6);
    expect(maxAbsDiff(applied, result.predictions, dev)).toBeGreaterThan(1e-2);
  });

  it('is deterministic for a seed; another seed gives other predictions', async () => {
    const opts = options({ maxEpochs: 100 });
    const a = await train(ort, 'cpu', planTraining(input, opts));
    const b = await train(ort, 'cpu', planTraining(input, opts));
    expect(b.predictions).toEqual(a.predictions);
    expect(b.model.members).toEqual(a.model.members);
    const c = await train(ort, 'cpu', planTraining(input, { ...opts, seed: 1 }));
    const all = Array.from({ length: input.n }, (_, e) => e);
    expect(maxAbsDiff(c.predictions, a.predictions, all)).toBeGreaterThan(1e-3);
  });

  it('gives the same results whether stopped models leave the batch or not, and narrows it as they stop', async () => {
    // A short patience and a grid whose models stop at different times: the batch narrows several times.
    const grid = { hidden: [2, 4, 8], weightDecay: [0, 1], lr: [0.01, 0.05] };
    const plan = planTraining(input, options({ grid, folds: 3, maxEpochs: 1500, patience: 40 }));
    const keep = vi.spyOn(BatchTrainer.prototype, 'keep');
    let dropped: TrainResult;
    let kept: TrainResult;
    const actives: number[] = [];
    try {
      dropped = await train(ort, 'cpu', plan, { now: () => 0, onProgress: (p) => actives.push(p.active) });
      const widths = keep.mock.calls.map(([which]) => which.length);
      expect(widths.length).toBeGreaterThan(1);
      // Narrower each time, never to a single model (onnxruntime rounds differently at B = 1).
      widths.forEach((w, i) => expect(w).toBeLessThan(i === 0 ? plan.models.length : widths[i - 1]!));
      expect(Math.min(...widths)).toBeGreaterThanOrEqual(2);
      keep.mockClear();
      kept = await train(ort, 'cpu', plan, { dropStopped: false });
      expect(keep).not.toHaveBeenCalled();
    } finally {
      keep.mockRestore();
    }
    expect(actives.at(-1)).toBe(0);
    expect(dropped.epochs).toBeLessThan(1500); // every model stopped on its own
    expect(kept.epochs).toBe(dropped.epochs);
    expect(kept.selected).toBe(dropped.selected);
    expect(kept.configs).toEqual(dropped.configs);
    expect(kept.model.members).toEqual(dropped.model.members);
    expect(kept.predictions).toEqual(dropped.predictions);
    expect(kept.spread).toEqual(dropped.spread);
    // The configurations stopped at different epochs (what makes narrowing worth it).
    expect(new Set(dropped.configs.map((c) => c.bestEpoch)).size).toBeGreaterThan(1);
  });

  it("keeps each model's weights as it stopped, whatever the rest of the batch trains on after", async () => {
    // The same two configurations alone and beside a slow learner that keeps the batch running long
    // after they stopped: their kept weights and out-of-fold results are the same bit for bit.
    const base = { hidden: [4], weightDecay: [0, 1], lr: [0.05] };
    const alone = await train(ort, 'cpu', planTraining(input, options({ grid: base, maxEpochs: 1500, patience: 40 })));
    const wide = planTraining(input, options({ grid: { ...base, lr: [0.05, 0.0005] }, maxEpochs: 1500, patience: 40 }));
    const beside = await train(ort, 'cpu', wide);
    expect(beside.epochs).toBeGreaterThan(alone.epochs);
    // The grid is hidden × weight decay × lr: configurations 0 and 2 of the wide grid are lr 0.05.
    expect([beside.configs[0], beside.configs[2]]).toEqual(alone.configs);
  });

  it('reports progress per configuration with increasing epochs', async () => {
    const grid = { hidden: [2, 4], weightDecay: [0, 0.1], lr: [0.01] };
    const plan = planTraining(input, options({ grid, maxEpochs: 100, steps: 10 }));
    const reports: TrainProgress[] = [];
    let clock = 0;
    // A clock that moves 1 s per reading: every run is reported (the trainer reports at most every 100 ms).
    const result = await train(ort, 'cpu', plan, { onProgress: (p) => reports.push(structuredClone(p)), now: () => (clock += 1000) });
    expect(result.epochs).toBe(100);
    expect(reports).toHaveLength(10);
    reports.forEach((r, i) => {
      expect(r.epoch).toBe(10 * (i + 1));
      expect(r.maxEpochs).toBe(100);
      expect(r.models).toBe(4 * 3);
      expect(r.points).toHaveLength(4);
      for (const series of r.points) {
        expect(series).toHaveLength(1);
        // Each point describes the weights at the start of its run.
        expect(series[0]!.epoch).toBe(10 * i);
        expect(Number.isFinite(series[0]!.loss)).toBe(true);
        expect(Math.abs(series[0]!.valCcc)).toBeLessThanOrEqual(1);
      }
    });
    // Training lowers the loss of every configuration from its first point to its last.
    for (let c = 0; c < 4; c++) expect(reports[9]!.points[c]![0]!.loss).toBeLessThan(reports[0]!.points[c]![0]!.loss);

    // Selection by out-of-fold CCC, and a model of the selected configuration whatever the batch's width.
    const best = Math.max(...result.configs.map((c) => c.oofCcc!));
    expect(result.configs[result.selected]!.oofCcc).toBe(best);
    const { model } = result;
    expect(model.config).toEqual(gridConfigs(grid)[result.selected]);
    expect(model.members).toHaveLength(3);
    for (const m of model.members) expect(m.w1).toHaveLength(7 * model.h);
    for (const e of test) {
      const raw = handFeatures(examples[e]!);
      const mean = model.members.reduce((s, m) => s + memberForward(model, m, raw), 0) / model.members.length;
      expect(Math.abs(result.predictions[e]! - toScale(mean))).toBeLessThan(1e-4);
    }
    const applied = await applyCalibrator(ort, 'cpu', model, input);
    expect(maxAbsDiff(applied, result.predictions, test)).toBeLessThan(1e-6);
  });

  it('reports at most every 100 ms of its clock, and always at the end', async () => {
    const plan = planTraining(input, options({ maxEpochs: 100 }));
    const epochs: number[] = [];
    let pointCount = 0;
    const result = await train(ort, 'cpu', plan, {
      onProgress: (p) => {
        epochs.push(p.epoch);
        pointCount += p.points[0]!.length;
      },
      now: () => 0, // a clock that never moves: only the final report
    });
    expect(epochs).toEqual([result.epochs]);
    expect(pointCount).toBe(10); // the points of every run are kept until reported
  });

  it('stops after the current run when aborted, keeping the best weights so far', async () => {
    const plan = planTraining(input, options({ maxEpochs: 2000 }));
    const stop = new AbortController();
    let reports = 0;
    let clock = 0;
    const result = await train(ort, 'cpu', plan, {
      signal: stop.signal,
      now: () => (clock += 1000),
      onProgress: () => {
        reports++;
        stop.abort();
      },
    });
    expect(result.cancelled).toBe(true);
    expect(reports).toBe(1);
    expect(result.epochs).toBe(plan.options.steps);
    expect(result.epochs).toBeLessThan(2000);
    for (const e of result.devExamples) expect(Number.isFinite(result.predictions[e]!)).toBe(true);
    for (const e of test) expect(Number.isFinite(result.predictions[e]!)).toBe(true);
  });

  it('rejects when aborted before the first run: no model was evaluated', async () => {
    const plan = planTraining(input, options());
    const stop = new AbortController();
    stop.abort();
    const run = train(ort, 'cpu', plan, { signal: stop.signal });
    await expect(run).rejects.toThrow(TrainError);
    await expect(run).rejects.toThrow(/before any model was evaluated/);
  });
});
