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
