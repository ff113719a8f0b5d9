// Core record types of a dataset (docs/ARCHITECTURE.md §3.1). Pure types: no DOM, React or storage here.

/** One of the three fixed splits; assigned from the id hash when the file gives none. */
export type Split = 'train' | 'val' | 'test';
export const SPLITS: readonly Split[] = ['train', 'val', 'test'];

/** Numeric range of targets and scores. `step` is the label granularity, when known. */
export interface Scale {
  min: number;
  max: number;
  step?: number;
}

/** One LLM judgement of an example under one prompt version. */
export interface Rollout {
  /** Prompt version that produced it; `"default"` when the file names none. */
  prompt: string;
  score: number;
  reasoning?: string;
  model?: string;
  /** Candidate score string → log-probability (RAIL expected value). */
  logprobs?: Record<string, number>;
}

/** The input shown to the judge: markdown text or any JSON value. */
export type ExampleInput = string | number | boolean | null | JsonObject | JsonValue[];
export type JsonValue = string | number | boolean | null | JsonObject | JsonValue[];
export interface JsonObject {
  [key: string]: JsonValue;
}

export interface Example {
  id: string;
  input: ExampleInput;
  /** Ground-truth target on the dataset scale; absent when unlabelled. */
  target?: number;
  split: Split;
  /** Whether `split` came from the file or from the id hash. */
  splitFromHash?: boolean;
  meta?: JsonObject;
  rollouts: Rollout[];
}

/** Dataset-level metadata from the optional `rir_dataset` header line. */
export interface DatasetHeader {
  name?: string;
  scale?: Scale;
  prompts?: Record<string, string>;
  /** Any other header fields, kept verbatim (e.g. `source`). */
  extra?: JsonObject;
}

/** Where a rejected or warned-about record sat in the file (1-based physical line). */
export interface Issue {
  line: number;
  /** Field the problem is about, when there is one (`score`, `rollouts[2].score`, ...). */
  field?: string;
  message: string;
}

/** Summary of a dataset kept beside its examples. */
export interface DatasetInfo {
  id: string;
  name: string;
  /** File name it came from (or `demo`). */
  source: string;
  createdAt: number;
  scale: Scale;
  /** `header` when the file set it, `inferred` from data, `user` when edited in the app. */
  scaleSource: 'header' | 'inferred' | 'user';
  prompts: Record<string, string>;
  /** Prompt versions in first-seen order (also those without a prompt text). */
  promptOrder: string[];
  exampleCount: number;
  /** Lines rejected at import (kept so the summary can be shown again later). */
  rejected: Issue[];
  rejectedCount: number;
  warnings: Issue[];
  warningCount: number;
  /** Other header fields, kept verbatim. */
  extra?: JsonObject;
  /** Hash of the canonical content, for calibrator manifests. */
  contentHash: string;
}
