// What a person chooses before training (the Train screen's form, the CLI's flags), and how those
// choices resolve against a dataset into the trainer's options: prompt version by name, the
// feature set (auto: sorted-K for few rollouts, compact for many) and K. Pure.
import type { AnalysisInput } from '../domain/analysisInput.ts';
import { defaultK, type FeatureSetId } from './features.ts';
import { DEFAULT_GRID, DEFAULT_TRAIN_OPTIONS, TrainError, type TrainOptions } from './trainer.ts';

export type FeatureSetChoice = 'auto' | FeatureSetId;

export interface TrainSettings {
  /** Prompt version to calibrate; null = the dataset's first. */
  prompt: string | null;
  featureSet: FeatureSetChoice;
  folds: number;
  hidden: number[];
  weightDecay: number[];
  lr: number[];
  maxEpochs: number;
  patience: number;
  seeds: number;
  seed: number;
}

export const DEFAULT_TRAIN_SETTINGS: TrainSettings = {
  prompt: null,
  featureSet: 'auto',
  folds: DEFAULT_TRAIN_OPTIONS.folds,
  hidden: [...DEFAULT_GRID.hidden],
  weightDecay: [...DEFAULT_GRID.weightDecay],
  lr: [...DEFAULT_GRID.lr],
  maxEpochs: DEFAULT_TRAIN_OPTIONS.maxEpochs,
  patience: DEFAULT_TRAIN_OPTIONS.patience,
  seeds: DEFAULT_TRAIN_OPTIONS.seeds,
  seed: DEFAULT_TRAIN_OPTIONS.seed,
};

/** What a list setting accepts, in words for messages. */
export interface ListRule {
  check: (v: number) => boolean;
  rule: string;
}

/** The grid's lists: one set of rules for the Train form and the CLI. */
export const LIST_RULES: Readonly<Record<'hidden' | 'weightDecay' | 'lr', ListRule>> = {
  hidden: { check: (v) => Number.isInteger(v) && v >= 1 && v <= 256, rule: 'whole numbers from 1 to 256' },
  weightDecay: { check: (v) => v >= 0 && v <= 100, rule: 'numbers from 0 to 100' },
  lr: { check: (v) => v > 0 && v <= 1, rule: 'numbers above 0, at most 1' },
};

/** Bounds of the whole-number settings. */
export const INT_LIMITS: Readonly<Record<'folds' | 'maxEpochs' | 'patience' | 'seeds' | 'seed', readonly [number, number]>> = {
  folds: [2, 100],
  maxEpochs: [10, 100_000],
  patience: [10, 100_000],
  seeds: [1, 10],
  seed: [0, 2 ** 32 - 1],
};

/**
 * "4, 8, 16" (commas or spaces) → its values, duplicates dropped, order kept; or why not, in words
 * (the caller names the field).
 */
export function parseList(text: string, { check, rule }: ListRule): number[] | string {
  const parts = text
    .split(/[,\s]+/)
    .map((p) => p.trim())
    .filter((p) => p !== '');
  if (parts.length === 0) return `give at least one value (${rule})`;
  const values: number[] = [];
  for (const p of parts) {
    const v = Number(p);
    if (!Number.isFinite(v) || !check(v)) return `“${p}” is not allowed (${rule})`;
    if (!values.includes(v)) values.push(v);
  }
  return values;
}

/** With more rollouts than this, `auto` picks the compact feature set (sorted-K overfits small training sets). */
export const AUTO_SORTED_MAX_K = 8;

/** The options of a run: settings resolved against the input (prompt index, feature set, K). TrainError says why not. */
export function resolveTrainOptions(settings: TrainSettings, input: AnalysisInput, promptOrder: readonly string[]): TrainOptions {
  const promptName = settings.prompt ?? promptOrder[0];
  const prompt = promptOrder.findIndex((p) => p === promptName);
  if (prompt < 0 || !input.prompts[prompt]) {
    throw new TrainError(`the dataset has no prompt version ${promptName ?? ''} (it has ${promptOrder.join(', ') || 'none'})`);
  }
  const k = defaultK(input.prompts[prompt], input.n);
  if (k === null) throw new TrainError(`prompt version ${promptName} has no rollouts`);
  const featureSet: FeatureSetId = settings.featureSet === 'auto' ? (k <= AUTO_SORTED_MAX_K ? 'sorted' : 'compact') : settings.featureSet;
  return {
    ...DEFAULT_TRAIN_OPTIONS,
    prompt,
    featureSet,
    k,
    folds: settings.folds,
    seeds: settings.seeds,
    grid: { hidden: settings.hidden, weightDecay: settings.weightDecay, lr: settings.lr },
    maxEpochs: settings.maxEpochs,
    patience: settings.patience,
    seed: settings.seed,
  };
}
