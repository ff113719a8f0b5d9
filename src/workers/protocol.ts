// Typed messages between the main thread and the workers (import, analysis, training, agreement, search). Both sides import this file.
import type { AnalysisOptions, AnalysisReport, MetricCis, PredictionTable } from '../domain/analysis.ts';
import type { AnalysisInput, PromptRollouts } from '../domain/analysisInput.ts';
import type { PredictorId } from '../domain/baselines.ts';
import type {
  ComparedPairs,
  CompareContext,
  ComparisonPoints,
  CompareOptions,
  VersionComparison,
  VersionRanking,
} from '../domain/compare.ts';
import type { CoresJson, ExamplesJson } from '../domain/examplesJson.ts';
import type { Interval } from '../domain/metrics/bootstrap.ts';
import type { AgreementInput, AgreementSummary, PairPage } from '../domain/metrics/agreementPairs.ts';
import type { DatasetDraft } from '../io/datasetBuilder.ts';
import type { ImportPlan, ImportProgress } from '../io/importTypes.ts';
import type { SniffResult } from '../io/sniff.ts';
import type { AppliedPredictions } from '../calibrator/calibratorFile.ts';
import type { PromptTexts } from '../calibrator/textModel.ts';
import type { TrainOutcome } from '../calibrator/report.ts';
import type { TrainOptions, TrainProgress } from '../calibrator/trainer.ts';
import type { BackendChoice, BackendDecision } from './ortWeb.ts';
import type { WorkerFailure } from './workerRpc.ts';
import type { SelectionRequest } from '../calibrator/selection.ts';

export type ToImportWorker =
  { id: number; type: 'sniff'; file: Blob; name: string } | { id: number; type: 'import'; file: Blob; name: string; plan: ImportPlan };

export type FromImportWorker =
  | { id: number; type: 'sniffed'; result: SniffResult }
  | { id: number; type: 'progress'; progress: ImportProgress }
  | { id: number; type: 'examples'; json: ExamplesJson; cores: CoresJson }
  | { id: number; type: 'done'; draft: DatasetDraft }
  | WorkerFailure;

// Analysis worker: the input (typed arrays) is sent once per `key` and kept by the worker, so
// changing the split or seed only recomputes metrics. `cancel` stops a job between predictors.
// `compare` pairs two prompt versions (by name) under one predictor and ranks every version by CCC
// (docs/ARCHITECTURE.md §8.2): the point table at once, then the A-vs-B bootstrap, then the ranking's.
export type ToAnalysisWorker =
  | { id: number; type: 'analyze'; key: string; input: AnalysisInput | null; options: AnalysisOptions }
  | { id: number; type: 'compare'; key: string; input: AnalysisInput | null; request: CompareRequest }
  | { id: number; type: 'cancel' };

/** What to compare: versions A and B by name (A = B allowed), the predictor, split, seed and resamples. */
export interface CompareRequest {
  a: string;
  b: string;
  predictor: PredictorId;
  options: CompareOptions;
}

/** The bootstrap a compare job is running: A against B, then every version against the best. */
export type ComparePhase = 'pair' | 'ranking';

export type FromAnalysisWorker =
  | { id: number; type: 'estimates'; report: AnalysisReport; table: PredictionTable | null }
  /** Bootstrap resamples done of all the report needs. */
  | { id: number; type: 'progress'; done: number; total: number }
  | { id: number; type: 'cis'; prompt: number; predictor: number; cis: MetricCis | null }
  | { id: number; type: 'done' }
  /** The worker does not hold the input of this key (it was restarted): send it again. */
  | { id: number; type: 'missing-input' }
  /**
   * Compare, at once: the paired table's point values, the compared examples with their target and
   * A/B predictions (transferred), every predictor some version has, and the ranking's point values
   * (`final: false`: no intervals yet).
   */
  | {
      id: number;
      type: 'compare-points';
      points: ComparisonPoints;
      pairs: ComparedPairs;
      predictors: PredictorId[];
      ranking: VersionRanking;
    }
  /** Compare, right after the points: the versions' rollout diagnostics and the full-length targets and A/B predictions (transferred). */
  | { id: number; type: 'compare-context'; context: CompareContext }
  /** Compare: resamples done of `total`, over both phases (at most every 100 ms). */
  | { id: number; type: 'compare-progress'; phase: ComparePhase; done: number; total: number }
  /** Compare: the A-vs-B table with its intervals and verdicts, and Δ CCC per resample (transferred). */
  | { id: number; type: 'compared'; comparison: VersionComparison; deltaCcc: Float64Array }
  /** Compare: the ranking with its intervals (then `done`). */
  | { id: number; type: 'ranked'; ranking: VersionRanking }
  | WorkerFailure;

// Training worker: one training at a time; `stop` ends the job after the current run and it still
// answers `done` with the best weights so far. `apply` runs a calibrator file (calibrator.onnx)
// over the rollouts of one prompt version (a multi-version file: of each version it reads, in its
// order) and answers `applied` with a prediction per example; `texts`, the reasoning of those
// rollouts, goes with a text calibrator (featurised in the worker).
export type ToTrainWorker =
  | { id: number; type: 'train'; input: AnalysisInput; options: TrainOptions; backend: BackendChoice; selection: SelectionRequest | null }
  | { id: number; type: 'stop' }
  | { id: number; type: 'warm' }
  | {
      id: number;
      type: 'apply';
      onnx: Uint8Array;
      rollouts: PromptRollouts | PromptRollouts[];
      n: number;
      /** A text calibrator's reasoning, sent along (the CLI, tests) … */
      texts?: PromptTexts;
      /** … or the id of the stored dataset the worker reads it from (the app). */
      storedTexts?: string;
    };

export type FromTrainWorker =
  | { id: number; type: 'stage'; stage: string }
  | { id: number; type: 'backend'; decision: BackendDecision; notice: string | null }
  | { id: number; type: 'progress'; progress: TrainProgress }
  | { id: number; type: 'done'; outcome: TrainOutcome }
  | { id: number; type: 'applied'; result: AppliedPredictions }
  | WorkerFailure;

// Agreement worker (docs/ARCHITECTURE.md §8.8): the labels are sent once per `key` (dataset and label
// revision) and kept; each request answers the summary at once, then one page of the pair ranking
// (points), then the page's bootstrap CIs in slices of at most 100 ms. `cancel` stops a job between slices.
export interface AgreementRequest {
  /** Only the pairs with this annotator; null for every pair. */
  filter: string | null;
  /** Pairs listed (most shared examples first). */
  limit: number;
  /** Largest disagreements listed. */
  disagreements: number;
  bootstrap: { seed: number; resamples: number };
}

export type ToAgreementWorker =
  { id: number; type: 'agreement'; key: string; input: AgreementInput | null; request: AgreementRequest } | { id: number; type: 'cancel' };

export type FromAgreementWorker =
  | { id: number; type: 'summary'; summary: AgreementSummary }
  | { id: number; type: 'pairs'; page: PairPage }
  /** CIs of the listed pairs `from .. from + cis.length` (page order), as they finish. */
  | { id: number; type: 'pair-cis'; from: number; cis: (Interval | null)[] }
  | { id: number; type: 'progress'; done: number; total: number }
  | { id: number; type: 'done' }
  | { id: number; type: 'missing-input' }
  | WorkerFailure;

// Search worker (Browse's text filter over stored text, docs/ARCHITECTURE.md §5.6): the first search
// of a dataset reads its chunks one at a time and keeps each example's searchable text (the latest
// dataset only); `progress` counts examples read. `cancel` stops a job between chunks and it answers
// `cancelled`; texts are kept only once every chunk has been read. `matches` holds one byte per
// example (1 = passes the filter) and is transferred.
export type ToSearchWorker = { id: number; type: 'search'; datasetId: string; text: string } | { id: number; type: 'cancel' };

export type FromSearchWorker =
  | { id: number; type: 'progress'; done: number; total: number }
  | { id: number; type: 'result'; matches: Uint8Array }
  | { id: number; type: 'cancelled' }
  | WorkerFailure;
