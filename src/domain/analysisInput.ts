// The numbers the analysis needs from a dataset, as flat typed arrays: built once on the main
// thread from the loaded examples and transferred (not copied) to the analysis worker, so the
// worker never sees the texts. Pure; no DOM.
import type { ExampleCore, RolloutCore } from './exampleCore.ts';
import { SPLITS, type Example, type Rollout, type Scale, type Split } from './types.ts';
import { railExpectedValue } from './rail.ts';

/** Rollout scores of one prompt version, in CSR form: example e owns `scores[offsets[e] .. offsets[e + 1])`, in file order. */
export interface PromptRollouts {
  prompt: string;
  offsets: Int32Array;
  scores: Float64Array;
  /**
   * RAIL expected value per example (mean over its rollouts of this prompt that carry usable
   * `logprobs`), NaN where none does; `null` when no rollout of this prompt has logprobs.
   */
  rail: Float64Array | null;
  /**
   * Predictions of a calibrator trained on this prompt version (out-of-fold on the examples it
   * was trained on, NaN where it cannot predict); absent until one is trained.
   */
  calibrated?: Float64Array;
  /** Predictions of calibrators applied from files (NaN where one cannot predict), each a predictor named after it. */
  applied?: { name: string; values: Float64Array }[];
}

export interface AnalysisInput {
  n: number;
  scale: Scale;
  /** Effective target per example (see `effectiveTarget`), NaN when it has none. */
  targets: Float64Array;
  /** Index into `SPLITS` per example. */
  splits: Uint8Array;
  /** One entry per prompt version, in the dataset's prompt order. */
  prompts: PromptRollouts[];
}

/** Hand labels of one example: the current label of each annotator (docs/ARCHITECTURE.md §4.1). */
export type LabelValues = readonly number[];

/** Which target wins when an example has both a dataset target and hand labels (configurable: docs/ARCHITECTURE.md §4.2). */
export type TargetPreference = 'dataset' | 'labels';

/**
 * The target an example is evaluated against: by default the dataset target when there is one,
 * otherwise the mean of the annotators' current labels; with `prefer = 'labels'` the mean of the
 * labels when there are any, otherwise the dataset target. `undefined` when it has neither.
 */
export function effectiveTarget(
  example: Pick<ExampleCore, 'target'>,
  labels?: LabelValues,
  prefer: TargetPreference = 'dataset',
): number | undefined {
  const hasLabels = labels !== undefined && labels.length > 0;
  if (example.target !== undefined && (prefer === 'dataset' || !hasLabels)) return example.target;
  if (!hasLabels) return undefined;
  let s = 0;
  for (const v of labels) s += v;
  return s / labels.length;
}

/** The RAIL expected value of a rollout: a core's, or computed from a full rollout's log-probabilities. */
function railOf(r: RolloutCore | Rollout): number | null {
  if ('rail' in r) return r.rail ?? null;
  return 'logprobs' in r && r.logprobs ? railExpectedValue(r.logprobs) : null;
}

/**
 * Flattens examples (cores, or full examples) for the analysis. `labelsOf` gives an example's hand
 * labels (none before labelling exists).
 */
export function buildAnalysisInput(
  examples: readonly (ExampleCore | Example)[],
  promptOrder: readonly string[],
  scale: Scale,
  labelsOf?: (id: string) => LabelValues | undefined,
  prefer: TargetPreference = 'dataset',
): AnalysisInput {
  const steps = analysisInputSteps(examples, promptOrder, scale, labelsOf, prefer);
  for (;;) {
    const s = steps.next();
    if (s.done) return s.value;
  }
}

/** Examples per step of `analysisInputSteps`: about 10–20 ms on a slow machine. */
export const INPUT_STEP = 10_000;

/**
 * `buildAnalysisInput` in steps: yields the number of examples done after every `INPUT_STEP`, so
 * the main thread can paint between them (100k examples take about 100 ms, mostly memory access).
 */
export function* analysisInputSteps(
  examples: readonly (ExampleCore | Example)[],
  promptOrder: readonly string[],
  scale: Scale,
  labelsOf?: (id: string) => LabelValues | undefined,
  prefer: TargetPreference = 'dataset',
): Generator<number, AnalysisInput> {
  const n = examples.length;
  const targets = new Float64Array(n);
  const splits = new Uint8Array(n);
  const slot = new Map<string, number>();
  promptOrder.forEach((p, i) => slot.set(p, i));
  const P = promptOrder.length;
  // One pass over the rollouts (the examples are scattered over the heap: touching them twice
  // costs more than copying the scores once more). Scores go to per-prompt buffers that start at
  // an even share of all rollouts and double when full (sizing each for every rollout of every
  // prompt allocated P times the data: 32 GB of scratch at 20 prompts × 200M rollouts), cut to
  // size at the end. Rollouts of one prompt usually come together, so the prompt map is asked
  // only when the prompt changes.
  let rolloutCount = 0;
  for (let e = 0; e < n; e++) rolloutCount += examples[e]!.rollouts.length;
  const buffers = promptOrder.map(() => new Float64Array(Math.ceil(rolloutCount / Math.max(1, P)) + 16));
  const offsets = promptOrder.map(() => new Int32Array(n + 1));
  const rails: (Float64Array | null)[] = promptOrder.map(() => null);
  const fill = new Int32Array(P);
  const railSum = new Float64Array(P);
  const railCount = new Int32Array(P);
  const splitIndex: Record<Split, number> = { train: 0, val: 1, test: 2 };
  for (let e = 0; e < n; e++) {
    if (e > 0 && e % INPUT_STEP === 0) yield e;
    const ex = examples[e]!;
    targets[e] = effectiveTarget(ex, labelsOf?.(ex.id), prefer) ?? NaN;
    splits[e] = splitIndex[ex.split];
    let lastPrompt: string | null = null;
    let k = -1;
    let anyRail = false;
    for (const r of ex.rollouts) {
      if (r.prompt !== lastPrompt) k = slot.get((lastPrompt = r.prompt)) ?? -1;
      if (k < 0) continue;
      if (fill[k] === buffers[k]!.length) {
        const grown = new Float64Array(Math.min(rolloutCount, 2 * buffers[k]!.length));
        grown.set(buffers[k]!);
        buffers[k] = grown;
      }
      buffers[k]![fill[k]!++] = r.score;
      const ev = railOf(r);
      if (ev !== null) {
        railSum[k]! += ev;
        railCount[k]!++;
        anyRail = true;
      }
    }
    for (let k = 0; k < P; k++) offsets[k]![e + 1] = fill[k]!;
    if (!anyRail) continue;
    for (let k = 0; k < P; k++) {
      if (railCount[k] === 0) continue;
      const rail = (rails[k] ??= new Float64Array(n).fill(NaN));
      rail[e] = railSum[k]! / railCount[k]!;
      railSum[k] = 0;
      railCount[k] = 0;
    }
  }
  const prompts: PromptRollouts[] = promptOrder.map((prompt, k) => ({
    prompt,
    offsets: offsets[k]!,
    scores: buffers[k]!.slice(0, fill[k]!),
    rail: rails[k]!,
  }));
  return { n, scale, targets, splits, prompts };
}

/** Whether example `e` belongs to the chosen split (`all` takes every example). */
export function inSplit(input: Pick<AnalysisInput, 'splits'>, e: number, split: Split | 'all'): boolean {
  return split === 'all' || SPLITS[input.splits[e]!] === split;
}

/** The typed arrays of an input, for `postMessage` transfer lists. */
export function transferablesOf(input: AnalysisInput): ArrayBuffer[] {
  const out: ArrayBuffer[] = [input.targets.buffer as ArrayBuffer, input.splits.buffer as ArrayBuffer];
  for (const p of input.prompts) {
    out.push(p.offsets.buffer as ArrayBuffer, p.scores.buffer as ArrayBuffer);
    if (p.rail) out.push(p.rail.buffer as ArrayBuffer);
    if (p.calibrated) out.push(p.calibrated.buffer as ArrayBuffer);
    for (const a of p.applied ?? []) out.push(a.values.buffer as ArrayBuffer);
  }
  return out;
}
