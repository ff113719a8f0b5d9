// The stacked candidate (issue 15 point 2b, docs/ARCHITECTURE.md §9.10): the MENTAT MLP on the
// score features plus one more input, the text ridge's unit-space prediction, trained in the same
// batch as the score-only MLP. Stacking is honest only if the text input of every example a model
// trains or validates on comes from a ridge that never saw the targets that model is judged on, so
// the batch carries one text column per fold: the models of fold k read column k, whose values
// (TextRidgeRun.stack) come from ridges that saw neither the example's target nor fold k's. Each
// model's feature mask selects its score features and its own column. The kept stacked model reads
// the kept ridge's prediction in that column's place. Pure; no DOM.
import { initParams, type ModelParams } from './engine.ts';
import type { TextRidgeRun } from './textCandidate.ts';
import type { TrainGrid, TrainPlan } from './trainer.ts';
import { gridConfigs } from './trainer.ts';

/**
 * The stacked MLP's grid from the run's: its middle width (the lower of the two middle ones) at each
 * weight decay and learning rate. One width is enough, as its text input already carries most of
 * the signal, and it keeps the batch small: 3 configurations beside the default grid's 9.
 */
export function stackGrid(grid: TrainGrid): TrainGrid {
  const widths = [...new Set(grid.hidden)].sort((a, b) => a - b);
  return { hidden: widths.length ? [widths[(widths.length - 1) >> 1]!] : [], weightDecay: grid.weightDecay, lr: grid.lr };
}

/** A plan whose batch also trains the stacked MLP (`text.stack` must be present: 3 folds or more). */
export function stackPlan(plan: TrainPlan, text: TextRidgeRun, grid: TrainGrid = stackGrid(plan.options.grid)): TrainPlan {
  if (plan.stack) throw new RangeError('the plan already has stacked models');
  const columns = text.stack;
  if (!columns || columns.length !== plan.folds) throw new RangeError('stacking needs the text ridge of a plan with 3 folds or more');
  const { n } = plan.data;
  const f = plan.features.f;
  const folds = plan.folds;
  const w = f + folds;

  // Standardise by the out-of-fold values (each dev example's own fold's column).
  let sum = 0;
  for (let i = 0; i < n; i++) sum += columns[plan.fold[i]!]![i]!;
  const mean = sum / n;
  let ss = 0;
  for (let i = 0; i < n; i++) ss += (columns[plan.fold[i]!]![i]! - mean) ** 2;
  const sd = Math.sqrt(ss / n) || 1;

  const x = new Float32Array(n * w);
  for (let i = 0; i < n; i++) {
    x.set(plan.data.x.subarray(i * f, (i + 1) * f), i * w);
    for (let k = 0; k < folds; k++) x[i * w + f + k] = (columns[k]![i]! - mean) / sd;
  }
  // Every feature row: the kept ridge's prediction in every text column, the dev rows' own columns after.
  const rowsN = plan.features.rows.length;
  const xAll = new Float64Array(rowsN * w);
  plan.features.rows.forEach((e, r) => {
    xAll.set(plan.xAll.subarray(r * f, (r + 1) * f), r * w);
    xAll.fill((text.unit[e]! - mean) / sd, r * w + f, (r + 1) * w);
  });
  plan.devRows.forEach((row, i) => {
    for (let k = 0; k < folds; k++) xAll[row * w + f + k] = x[i * w + f + k]!;
  });

  const scoreMask = new Uint8Array(w).fill(1, 0, f);
  /** The seeded init of a model reading the score features (and `column`), zero on the columns it never reads. */
  const widen = (column: number | null, seed: number, hidden: number): ModelParams => {
    const init = initParams(seed, column === null ? f : f + 1, plan.h, hidden);
    const w1 = new Float32Array(w * plan.h);
    w1.set(init.w1.subarray(0, f * plan.h));
    if (column !== null) w1.set(init.w1.subarray(f * plan.h, (f + 1) * plan.h), column * plan.h);
    return { ...init, w1 };
  };
  const models: TrainPlan['models'] = plan.models.map((m) => ({
    ...m,
    features: scoreMask,
    // The init the score-only batch gives it, with zero weights on the text columns it never reads.
    init: widen(null, m.seed, m.hidden),
  }));
  const configs = gridConfigs(grid);
  const hMax = Math.max(...configs.map((c) => c.hidden));
  if (hMax > plan.h) throw new RangeError(`stacked models of ${hMax} hidden units in a batch of ${plan.h}`);
  const c0 = plan.configs.length;
  configs.forEach((c, ci) => {
    for (let k = 0; k < folds; k++) {
      const foldModel = plan.models.find((m) => m.fold === k)!;
      for (let s = 0; s < plan.options.seeds; s++) {
        const features = scoreMask.slice();
        features[f + k] = 1;
        const seed = plan.options.seed * 100_003 + s * 1009 + k + 50_021;
        models.push({
          trainWeights: foldModel.trainWeights,
          valWeights: foldModel.valWeights,
          lr: c.lr,
          weightDecay: c.weightDecay,
          hidden: c.hidden,
          features,
          seed,
          init: widen(f + k, seed, c.hidden),
          config: c0 + ci,
          fold: k,
        });
      }
    }
  });
  return {
    ...plan,
    data: { n, f: w, x, y: plan.data.y },
    xAll,
    models,
    stack: { configs, f, mean, sd },
  };
}
