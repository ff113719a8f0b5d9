// Typed messages between the main thread and the workers (import, analysis, training). Both sides import this file.
import type { AnalysisOptions, AnalysisReport, MetricCis, PredictionTable } from '../domain/analysis.ts';
import type { AnalysisInput, PromptRollouts } from '../domain/analysisInput.ts';
import type { ExamplesJson } from '../domain/examplesJson.ts';
import type { DatasetDraft } from '../io/datasetBuilder.ts';
import type { ImportPlan, ImportProgress } from '../io/importDataset.ts';
import type { SniffResult } from '../io/sniff.ts';
import type { AppliedPredictions } from '../calibrator/calibratorFile.ts';
import type { TrainOutcome } from '../calibrator/report.ts';
import type { TrainOptions, TrainProgress } from '../calibrator/trainer.ts';
import type { BackendChoice, BackendDecision } from './ortWeb.ts';
import type { WorkerFailure } from './workerRpc.ts';

export type ToImportWorker =
  { id: number; type: 'sniff'; file: Blob; name: string } | { id: number; type: 'import'; file: Blob; name: string; plan: ImportPlan };

export type FromImportWorker =
  | { id: number; type: 'sniffed'; result: SniffResult }
  | { id: number; type: 'progress'; progress: ImportProgress }
  | { id: number; type: 'examples'; json: ExamplesJson }
  | { id: number; type: 'done'; draft: DatasetDraft }
  | WorkerFailure;

// Analysis worker: the input (typed arrays) is sent once per `key` and kept by the worker, so
// changing the split or seed only recomputes metrics. `cancel` stops a job between predictors.
export type ToAnalysisWorker =
  { id: number; type: 'analyze'; key: string; input: AnalysisInput | null; options: AnalysisOptions } | { id: number; type: 'cancel' };

export type FromAnalysisWorker =
  | { id: number; type: 'estimates'; report: AnalysisReport; table: PredictionTable | null }
  /** Bootstrap resamples done of all the report needs. */
  | { id: number; type: 'progress'; done: number; total: number }
  | { id: number; type: 'cis'; prompt: number; predictor: number; cis: MetricCis | null }
  | { id: number; type: 'done' }
  /** The worker does not hold the input of this key (it was restarted): send it again. */
  | { id: number; type: 'missing-input' }
  | WorkerFailure;

// Training worker: one training at a time; `stop` ends the job after the current run and it still
// answers `done` with the best weights so far. `apply` runs a calibrator file (calibrator.onnx)
// over the rollouts of one prompt version and answers `applied` with a prediction per example.
export type ToTrainWorker =
  | { id: number; type: 'train'; input: AnalysisInput; options: TrainOptions; backend: BackendChoice }
  | { id: number; type: 'stop' }
  | { id: number; type: 'apply'; onnx: Uint8Array; rollouts: PromptRollouts; n: number };

export type FromTrainWorker =
  | { id: number; type: 'backend'; decision: BackendDecision; notice: string | null }
  | { id: number; type: 'progress'; progress: TrainProgress }
  | { id: number; type: 'done'; outcome: TrainOutcome }
  | { id: number; type: 'applied'; result: AppliedPredictions }
  | WorkerFailure;
