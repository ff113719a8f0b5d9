// The reflection pack (issue 13, MENTAT's prompt-evolution step): for one prompt version and one
// predictor, the train examples it gets most wrong — each with its input, target, prediction,
// error and the version's rollouts (scores and reasoning) — plus summary statistics on the train
// split and the prompt text from the dataset header, as Markdown or JSON for an LLM to reflect on.
// Pure: no DOM, store or I/O; the Compare screen's panel and `cli reflect` render the same pack.
//
// Selection. The train-split examples with both an effective target and a prediction (n of them),
// sorted by |prediction − target|, largest first, ties by id (code-unit order); the worst ⌈√n⌉ of
// them, or a given N (capped at n). Only train: the pack feeds prompt changes, so showing test
// examples would leak the split the change is later judged on.
//
// Size. Dataset text can be long, so each reasoning trace is shortened in the middle to at most
// `maxReasoningChars` (default 1,500) and each input to `maxInputChars` (default 4,000), with a
// visible marker "[… 1,234 characters omitted …]" in place of the middle. When the whole Markdown
// is still longer than `maxTotalChars` (default 100,000, ≈ 25k tokens), the reasoning cap is
// lowered (down to 200), then the input cap (down to 500), then the least wrong examples are
// left out (at least one is kept); the pack says what it left out. The prompt text is never cut:
// it is what the reflection is about. "Characters" are UTF-16 code units (JS string length);
// cuts never split a surrogate pair.
//
// Markdown safety. Every piece of dataset text (inputs, reasoning, prompt text) goes into a fenced
// code block whose backtick fence is longer than any backtick run in the text, so no content can
// close the fence, start a heading or inject HTML. Short dataset strings (ids, names, models) go
// into inline code spans built the same way, with line breaks turned into spaces.
//
// Token estimate (`estimateTokens`): ⌈ASCII characters / 4 + other code points⌉. BPE tokenizers
// of current LLMs average 3.5–4.5 characters per token on English prose and code; non-ASCII text
// (accents, CJK, emoji) is often one token or more per code point, so counting each as one errs
// high rather than low — the safe side for "does this fit the context".
import { clipJsonDepth } from './jsonDepth.ts';
import { formatDelta } from './compare.ts';
import { formatMetric } from './metrics/formatMetric.ts';
import { computeMetrics, type MetricReasons } from './metrics/pairwise.ts';
import type { Example, Scale } from './types.ts';

export const DEFAULT_MAX_REASONING_CHARS = 1_500;
export const DEFAULT_MAX_INPUT_CHARS = 4_000;
export const DEFAULT_MAX_TOTAL_CHARS = 100_000;
/** The caps are never lowered below these to fit the total budget. */
export const MIN_REASONING_CHARS = 200;
export const MIN_INPUT_CHARS = 500;
/** What `estimateTokens` assumes per ASCII character. */
export const CHARS_PER_TOKEN = 4;

export const NO_PROMPT_TEXT = '(no prompt text in the dataset header)';

/** The version `format` of the JSON rendering; bumped only when a key changes meaning or goes away. */
export const REFLECTION_FORMAT_VERSION = 1;

// ---------------------------------------------------------------------------------------------
// Text helpers

/** 1234567 → "1,234,567" (no locale data needed). */
export function groupDigits(k: number): string {
  return String(k).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** The marker that stands for the omitted middle of a text. */
export function omissionMarker(omitted: number): string {
  return `[… ${groupDigits(omitted)} characters omitted …]`;
}

const isHigh = (c: number) => c >= 0xd800 && c <= 0xdbff;
const isLow = (c: number) => c >= 0xdc00 && c <= 0xdfff;

/**
 * `text` unchanged when it has at most `max` characters; otherwise its start and end around the
 * marker on a line of its own ("head\n[… 1,234 characters omitted …]\ntail"), at most `max`
 * characters in all (unless `max` is shorter than the marker itself: then the marker alone).
 * `omitted` is the number of characters left out.
 */
export function shortenMiddle(text: string, max: number): { text: string; omitted: number } {
  if (!(max >= 0)) throw new RangeError(`max must be a non-negative number, got ${max}`);
  if (text.length <= max) return { text, omitted: 0 };
  // The marker's length depends on the count it shows: iterate to the fixed point (monotone, ≤ 3 rounds).
  let keep = 0;
  let omitted = text.length - max;
  for (let round = 0; round < 8; round++) {
    keep = Math.max(0, max - omissionMarker(omitted).length - 2);
    const next = text.length - keep;
    if (next === omitted) break;
    omitted = next;
  }
  let headEnd = Math.ceil(keep / 2);
  let tailStart = text.length - (keep - headEnd);
  if (headEnd > 0 && isHigh(text.charCodeAt(headEnd - 1))) headEnd--;
  if (tailStart < text.length && isLow(text.charCodeAt(tailStart))) tailStart++;
  const head = text.slice(0, headEnd);
  const tail = text.slice(tailStart);
  omitted = text.length - head.length - tail.length;
  if (keep === 0) return { text: omissionMarker(omitted), omitted };
  return { text: `${head}\n${omissionMarker(omitted)}\n${tail}`, omitted };
}

/** Longest run of consecutive backticks in `text`. */
function longestBacktickRun(text: string): number {
  let longest = 0;
  let run = 0;
  for (let i = 0; i < text.length; i++) {
    if (text.charCodeAt(i) === 96) longest = Math.max(longest, ++run);
    else run = 0;
  }
  return longest;
}

/** `text` as a fenced code block that nothing in it can close: the fence is longer than any backtick run (at least 3). */
export function fencedBlock(text: string, info = 'text'): string {
  const fence = '`'.repeat(Math.max(3, longestBacktickRun(text) + 1));
  return `${fence}${info}\n${text}\n${fence}`;
}

/** A short dataset string as an inline code span (line breaks and control characters become spaces). */
export function inlineCode(text: string): string {
  // eslint-disable-next-line no-control-regex
  const flat = text.replace(/[\u0000-\u001f\u007f\u2028\u2029]/g, ' ');
  if (flat === '') return '(empty)';
  const fence = '`'.repeat(longestBacktickRun(flat) + 1);
  const pad = flat.startsWith('`') || flat.endsWith('`') || (flat.startsWith(' ') && flat.endsWith(' ') && flat.trim() !== '') ? ' ' : '';
  return `${fence}${pad}${flat}${pad}${fence}`;
}

/**
 * A rough token count for LLM context budgets: ⌈ASCII characters / 4 + non-ASCII code points⌉
 * (see the file comment). Errs high on non-English text.
 */
export function estimateTokens(text: string): number {
  let ascii = 0;
  let other = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 128) ascii++;
    else if (!isLow(c)) other++; // a surrogate pair counts once
  }
  return Math.ceil(ascii / CHARS_PER_TOKEN + other);
}

/** An input as text: a string as it is, any other JSON value pretty-printed. */
function inputAsText(input: Example['input']): { text: string; format: 'text' | 'json' } {
  // Levels past MAX_SHOWN_DEPTH are summarised: a 10,000-deep input would overflow JSON.stringify.
  return typeof input === 'string'
    ? { text: input, format: 'text' }
    : { text: JSON.stringify(clipJsonDepth(input), null, 2), format: 'json' };
}

// ---------------------------------------------------------------------------------------------
// Selection

/** ⌈√n⌉: the default number of examples (0 for n = 0). */
export function defaultReflectionCount(n: number): number {
  return Math.ceil(Math.sqrt(n));
}

/** What the selection needs of an example. */
export type ReflectionExampleSource = Pick<Example, 'id' | 'input' | 'split' | 'rollouts'>;

export interface WorstExamples {
  /** Train examples with both a target and a prediction. */
  n: number;
  /** All n of them, worst first (largest |error|, ties by id): indices into the examples. */
  order: number[];
}

/**
 * The train examples with a finite target and prediction, sorted by |prediction − target|
 * descending, ties by id. `targets` and `predictions` are aligned with `examples` (NaN = none).
 */
export function rankTrainErrors(
  examples: readonly Pick<Example, 'id' | 'split'>[],
  targets: ArrayLike<number>,
  predictions: ArrayLike<number>,
): WorstExamples {
  if (targets.length !== examples.length || predictions.length !== examples.length) {
    throw new RangeError(
      `targets (${targets.length}) and predictions (${predictions.length}) must align with the examples (${examples.length})`,
    );
  }
  const order: number[] = [];
  for (let e = 0; e < examples.length; e++) {
    if (examples[e]!.split === 'train' && Number.isFinite(targets[e]!) && Number.isFinite(predictions[e]!)) order.push(e);
  }
  const absError = (e: number) => Math.abs(predictions[e]! - targets[e]!);
  order.sort((x, y) => {
    const d = absError(y) - absError(x);
    if (d !== 0) return d;
    const a = examples[x]!.id;
    const b = examples[y]!.id;
    return a < b ? -1 : a > b ? 1 : 0;
  });
  return { n: order.length, order };
}

/** The examples a pack shows, worst first: the first `reflectionCount(n, count)` of `rankTrainErrors`. */
export function chosenForReflection(
  examples: readonly Pick<Example, 'id' | 'split'>[],
  targets: ArrayLike<number>,
  predictions: ArrayLike<number>,
  count?: number | null,
): number[] {
  const worst = rankTrainErrors(examples, targets, predictions);
  return worst.order.slice(0, reflectionCount(worst.n, count));
}

/** The number of examples to show: ⌈√n⌉ by default, else `count` (an integer ≥ 1) capped at n. */
export function reflectionCount(n: number, count?: number | null): number {
  if (count === undefined || count === null) return defaultReflectionCount(n);
  if (!(Number.isInteger(count) && count >= 1)) throw new RangeError(`the number of examples must be a whole number ≥ 1, got ${count}`);
  return Math.min(count, n);
}

// ---------------------------------------------------------------------------------------------
// The pack

export interface ReflectionSource {
  datasetName: string;
  /** The prompt version's name. */
  prompt: string;
  /** Its text from the dataset header (`DatasetInfo.prompts[prompt]`); undefined when the header has none. */
  promptText: string | undefined;
  /** The predictor whose errors are shown, as the app names it ("Mean"). */
  predictorLabel: string;
  /** A caveat about the predictor, e.g. that it is fitted on train (so its train errors are in-sample). */
  predictorNote?: string;
  scale?: Scale;
  /** Every example, with its text; or only their ids and splits, with `full` giving the chosen ones' text. */
  examples: readonly ReflectionExampleSource[] | readonly Pick<Example, 'id' | 'split'>[];
  /**
   * Example e with its text, asked only of the examples the pack shows (`chosenForReflection`). Without
   * it, `examples` must hold the text.
   */
  full?: (e: number) => ReflectionExampleSource;
  /** Effective targets aligned with `examples`, NaN = none. */
  targets: Float64Array;
  /** The predictor's predictions for this version aligned with `examples`, NaN = none. */
  predictions: Float64Array;
}

export interface ReflectionOptions {
  /** Examples to show; ⌈√n⌉ when absent or null. */
  count?: number | null;
  maxReasoningChars?: number;
  maxInputChars?: number;
  maxTotalChars?: number;
}

export interface ReflectionRollout {
  score: number;
  model?: string;
  /** The reasoning, shortened in the middle when long; null when the rollout has none. */
  reasoning: string | null;
  /** Characters of the reasoning left out (0 when whole). */
  reasoningOmitted: number;
}

export interface ReflectionExample {
  /** 1 = the largest |error|. */
  rank: number;
  id: string;
  /** The input as text (JSON inputs pretty-printed), shortened in the middle when long. */
  input: string;
  inputFormat: 'text' | 'json';
  inputOmitted: number;
  target: number;
  prediction: number;
  /** prediction − target (positive = too high). */
  error: number;
  /** This version's rollouts of the example, in file order. */
  rollouts: ReflectionRollout[];
}

/** The version's metrics on all n train examples with a target and a prediction. */
export interface ReflectionSummary {
  n: number;
  ccc: number | null;
  nmse: number | null;
  mae: number | null;
  /** Mean signed error, prediction − target. */
  bias: number | null;
  pearson: number | null;
  /** σ prediction / σ target. */
  dispersion: number | null;
  /** Why a metric is null. */
  reasons: MetricReasons;
}

export interface ReflectionPack {
  datasetName: string;
  prompt: string;
  /** Null when the header has no text for this version. */
  promptText: string | null;
  predictorLabel: string;
  predictorNote: string | null;
  scale: Scale | null;
  /** Train examples with a target and a prediction. */
  trainN: number;
  /** N as asked, or null for the default ⌈√n⌉. */
  requested: number | null;
  /** Examples chosen (⌈√n⌉ or N, capped at n), before the budget. */
  selected: number;
  /** Chosen examples left out to fit `maxTotalChars` (the least wrong ones). */
  leftOutForBudget: number;
  summary: ReflectionSummary;
  limits: {
    maxReasoningChars: number;
    maxInputChars: number;
    maxTotalChars: number;
    /** The caps actually used (lower than the maxima when the budget needed it). */
    reasoningCap: number;
    inputCap: number;
  };
  /** True when even the smallest caps and one example exceed `maxTotalChars`. */
  overBudget: boolean;
  examples: ReflectionExample[];
  /** The Markdown rendering's length and `estimateTokens` of it. */
  markdownChars: number;
  tokenEstimate: number;
}

function checkCap(name: string, v: number): number {
  if (!(Number.isInteger(v) && v >= 0)) throw new RangeError(`${name} must be a non-negative integer, got ${v}`);
  return v;
}

function summaryOf(worst: WorstExamples, targets: Float64Array, predictions: Float64Array): ReflectionSummary {
  const pred = Float64Array.from(worst.order, (e) => predictions[e]!);
  const target = Float64Array.from(worst.order, (e) => targets[e]!);
  const { metrics, reasons } = computeMetrics(pred, target);
  const keep: MetricReasons = {};
  for (const k of ['ccc', 'nmse', 'mae', 'bias', 'pearson', 'dispersion'] as const) if (reasons[k] !== undefined) keep[k] = reasons[k];
  return {
    n: worst.n,
    ccc: metrics.ccc,
    nmse: metrics.nmse,
    mae: metrics.mae,
    bias: metrics.bias,
    pearson: metrics.pearson,
    dispersion: metrics.dispersion,
    reasons: keep,
  };
}

/**
 * The reflection pack of `source.prompt` under its predictor. Throws RangeError for misaligned
 * arrays or invalid options; an empty selection (no train example with both) is a valid pack.
 */
export function buildReflectionPack(source: ReflectionSource, options: ReflectionOptions = {}): ReflectionPack {
  const maxReasoningChars = checkCap('maxReasoningChars', options.maxReasoningChars ?? DEFAULT_MAX_REASONING_CHARS);
  const maxInputChars = checkCap('maxInputChars', options.maxInputChars ?? DEFAULT_MAX_INPUT_CHARS);
  const maxTotalChars = checkCap('maxTotalChars', options.maxTotalChars ?? DEFAULT_MAX_TOTAL_CHARS);
  const { targets, predictions, prompt } = source;
  const worst = rankTrainErrors(source.examples, targets, predictions);
  const selected = reflectionCount(worst.n, options.count);
  const chosen = worst.order.slice(0, selected);
  const full = source.full ?? ((e: number) => source.examples[e] as ReflectionExampleSource);
  const examples = new Map(chosen.map((e) => [e, full(e)]));
  const inputs = chosen.map((e) => inputAsText(examples.get(e)!.input));

  const materialize = (count: number, reasoningCap: number, inputCap: number): ReflectionExample[] =>
    chosen.slice(0, count).map((e, k) => {
      const ex = examples.get(e)!;
      const input = shortenMiddle(inputs[k]!.text, inputCap);
      const rollouts = ex.rollouts
        .filter((r) => r.prompt === prompt)
        .map((r): ReflectionRollout => {
          const reasoning = r.reasoning === undefined ? null : shortenMiddle(r.reasoning, reasoningCap);
          const out: ReflectionRollout = { score: r.score, reasoning: reasoning?.text ?? null, reasoningOmitted: reasoning?.omitted ?? 0 };
          if (r.model !== undefined) out.model = r.model;
          return out;
        });
      return {
        rank: k + 1,
        id: ex.id,
        input: input.text,
        inputFormat: inputs[k]!.format,
        inputOmitted: input.omitted,
        target: targets[e]!,
        prediction: predictions[e]!,
        error: predictions[e]! - targets[e]!,
        rollouts,
      };
    });

  const base: Omit<ReflectionPack, 'examples' | 'limits' | 'leftOutForBudget' | 'overBudget' | 'markdownChars' | 'tokenEstimate'> = {
    datasetName: source.datasetName,
    prompt,
    promptText: source.promptText ?? null,
    predictorLabel: source.predictorLabel,
    predictorNote: source.predictorNote ?? null,
    scale: source.scale ?? null,
    trainN: worst.n,
    requested: options.count ?? null,
    selected,
    summary: summaryOf(worst, targets, predictions),
  };
  const attempt = (count: number, reasoningCap: number, inputCap: number): { pack: ReflectionPack; markdown: string } => {
    const pack: ReflectionPack = {
      ...base,
      leftOutForBudget: selected - count,
      limits: { maxReasoningChars, maxInputChars, maxTotalChars, reasoningCap, inputCap },
      overBudget: false,
      examples: materialize(count, reasoningCap, inputCap),
      markdownChars: 0,
      tokenEstimate: 0,
    };
    return { pack, markdown: reflectionMarkdown(pack) };
  };
  const fits = (r: { markdown: string }) => r.markdown.length <= maxTotalChars;
  /** The largest v in [lo, hi] for which `make(v)` fits (fitting is monotone in v), by bisection; null when none does. */
  const largestFitting = (lo: number, hi: number, make: (v: number) => { pack: ReflectionPack; markdown: string }) => {
    let best: { pack: ReflectionPack; markdown: string } | null = null;
    while (lo <= hi) {
      const mid = Math.floor((lo + hi) / 2);
      const r = make(mid);
      if (fits(r)) {
        best = r;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return best;
  };

  const finish = (r: { pack: ReflectionPack; markdown: string }, overBudget = false): ReflectionPack => {
    // The markdown does not show these fields, so it stays as rendered.
    return { ...r.pack, overBudget, markdownChars: r.markdown.length, tokenEstimate: estimateTokens(r.markdown) };
  };

  let result = attempt(selected, maxReasoningChars, maxInputChars);
  if (fits(result)) return finish(result);
  // 1. Lower the reasoning cap.
  const minReasoning = Math.min(MIN_REASONING_CHARS, maxReasoningChars);
  const byReasoning = largestFitting(minReasoning, maxReasoningChars - 1, (cap) => attempt(selected, cap, maxInputChars));
  if (byReasoning) return finish(byReasoning);
  // 2. Then the input cap.
  const minInput = Math.min(MIN_INPUT_CHARS, maxInputChars);
  const byInput = largestFitting(minInput, maxInputChars - 1, (cap) => attempt(selected, minReasoning, cap));
  if (byInput) return finish(byInput);
  // 3. Then fewer examples (at least one).
  const byCount = largestFitting(1, selected - 1, (count) => attempt(count, minReasoning, minInput));
  if (byCount) return finish(byCount);
  result = attempt(Math.min(1, selected), minReasoning, minInput);
  return finish(result, !fits(result));
}

// ---------------------------------------------------------------------------------------------
// Markdown

const plural = (k: number, one: string, many = `${one}s`): string => `${groupDigits(k)} ${k === 1 ? one : many}`;

function scaleText(scale: Scale): string {
  return `${scale.min}–${scale.max}${scale.step !== undefined ? ` in steps of ${scale.step}` : ''}`;
}

function metricCell(v: number | null, reason: string | undefined, signed = false): string {
  if (v === null) return `– (${reason ?? 'undefined'})`;
  return signed ? formatDelta(v) : formatMetric(v);
}

function selectionText(pack: ReflectionPack): string {
  const rule =
    pack.requested === null
      ? `the worst ⌈√${groupDigits(pack.trainN)}⌉ = ${groupDigits(pack.selected)}`
      : `the worst ${groupDigits(pack.selected)}${pack.requested > pack.trainN ? ` (${groupDigits(pack.requested)} asked for)` : ''}`;
  return (
    `Of the ${plural(pack.trainN, 'train example')} with a target and a prediction, ${rule} by |prediction − target| ` +
    `(largest first, ties by id).` +
    (pack.leftOutForBudget > 0
      ? ` ${plural(pack.leftOutForBudget, 'less wrong example')} ${pack.leftOutForBudget === 1 ? 'was' : 'were'} left out to keep the pack within ${plural(pack.limits.maxTotalChars, 'character')}.`
      : '')
  );
}

/** The pack as Markdown: dataset text in fences it cannot break (see the file comment). */
export function reflectionMarkdown(pack: ReflectionPack): string {
  const out: string[] = [];
  out.push(`# Reflection pack: prompt version ${inlineCode(pack.prompt)}`, '');
  const facts = [
    `Dataset: ${inlineCode(pack.datasetName)}`,
    `predictor: ${inlineCode(pack.predictorLabel)}`,
    ...(pack.scale ? [`scale: ${scaleText(pack.scale)}`] : []),
    'split: train',
  ];
  out.push(facts.join(' · '), '');
  out.push(
    'The train examples where this prompt version’s prediction is furthest from the target, with the judge’s rollouts, ' +
      'to reflect on what in the prompt leads the judge astray and how to change it.',
    '',
  );
  out.push(selectionText(pack), '');
  if (pack.predictorNote !== null) out.push(`Note: ${pack.predictorNote}`, '');
  const lim = pack.limits;
  out.push(
    `Long texts are shortened in the middle, marked “[… N characters omitted …]”: reasoning to at most ${plural(lim.reasoningCap, 'character')}` +
      `, inputs to at most ${plural(lim.inputCap, 'character')}.` +
      (lim.reasoningCap < lim.maxReasoningChars || lim.inputCap < lim.maxInputChars
        ? ` (Lowered from ${groupDigits(lim.maxReasoningChars)} and ${groupDigits(lim.maxInputChars)} to fit ${plural(lim.maxTotalChars, 'character')}.)`
        : ''),
    '',
  );

  out.push('## Prompt', '');
  out.push(pack.promptText === null ? NO_PROMPT_TEXT : fencedBlock(pack.promptText), '');

  const s = pack.summary;
  out.push('## Summary on the train split', '');
  out.push('| statistic | value |', '| --- | ---: |');
  out.push(`| examples (n) | ${groupDigits(s.n)} |`);
  out.push(`| CCC | ${metricCell(s.ccc, s.reasons.ccc)} |`);
  out.push(`| NMSE | ${metricCell(s.nmse, s.reasons.nmse)} |`);
  out.push(`| MAE | ${metricCell(s.mae, s.reasons.mae)} |`);
  out.push(`| mean signed error (bias; + = too high) | ${metricCell(s.bias, s.reasons.bias, true)} |`);
  out.push(`| Pearson r | ${metricCell(s.pearson, s.reasons.pearson)} |`);
  out.push(`| σ ratio (prediction / target) | ${metricCell(s.dispersion, s.reasons.dispersion)} |`);
  out.push('');

  if (pack.examples.length === 0) {
    out.push('## Examples', '', 'No train example has both a target and a prediction from this version.', '');
  }
  for (const ex of pack.examples) {
    out.push(`## Example ${ex.rank} of ${pack.examples.length}: ${inlineCode(ex.id)}`, '');
    const direction = ex.error > 0 ? ' (too high)' : ex.error < 0 ? ' (too low)' : '';
    out.push(`Target ${String(ex.target)} · prediction ${formatMetric(ex.prediction)} · error ${formatDelta(ex.error)}${direction}`, '');
    out.push(
      ex.rollouts.length === 0
        ? 'No rollouts of this version.'
        : `Rollout scores (${ex.rollouts.length}): ${ex.rollouts.map((r) => String(r.score)).join(', ')}`,
      '',
    );
    out.push('### Input', '', fencedBlock(ex.input, ex.inputFormat), '');
    ex.rollouts.forEach((r, k) => {
      const model = r.model !== undefined ? ` · model ${inlineCode(r.model)}` : '';
      out.push(`### Rollout ${k + 1} · score ${String(r.score)}${model}`, '');
      out.push(r.reasoning === null ? '(no reasoning)' : fencedBlock(r.reasoning), '');
    });
  }
  return out.join('\n');
}

// ---------------------------------------------------------------------------------------------
// JSON

/** The JSON rendering (keys in snake_case, as the CLI's other JSON); documented in the README and the report of issue 13. */
export interface ReflectionPackJson {
  format: 'rir-reflection-pack';
  format_version: number;
  dataset: string;
  prompt: { version: string; text: string | null };
  predictor: { label: string; note: string | null };
  scale: Scale | null;
  split: 'train';
  selection: {
    /** Train examples with a target and a prediction (n). */
    train_examples: number;
    /** N as asked, or null for ⌈√n⌉. */
    requested: number | null;
    selected: number;
    shown: number;
    left_out_for_budget: number;
    order: string;
  };
  summary: {
    n: number;
    ccc: number | null;
    nmse: number | null;
    mae: number | null;
    bias: number | null;
    pearson: number | null;
    dispersion: number | null;
    why_null: MetricReasons;
  };
  limits: {
    max_reasoning_chars: number;
    reasoning_chars_cap: number;
    max_input_chars: number;
    input_chars_cap: number;
    max_total_chars: number;
    over_budget: boolean;
  };
  /** `estimateTokens` of the Markdown rendering. */
  markdown_token_estimate: number;
  examples: {
    rank: number;
    id: string;
    input: string;
    input_format: 'text' | 'json';
    input_omitted_chars: number;
    target: number;
    prediction: number;
    error: number;
    rollouts: { score: number; model?: string; reasoning: string | null; reasoning_omitted_chars: number }[];
  }[];
}

export function reflectionJson(pack: ReflectionPack): ReflectionPackJson {
  const s = pack.summary;
  return {
    format: 'rir-reflection-pack',
    format_version: REFLECTION_FORMAT_VERSION,
    dataset: pack.datasetName,
    prompt: { version: pack.prompt, text: pack.promptText },
    predictor: { label: pack.predictorLabel, note: pack.predictorNote },
    scale: pack.scale,
    split: 'train',
    selection: {
      train_examples: pack.trainN,
      requested: pack.requested,
      selected: pack.selected,
      shown: pack.examples.length,
      left_out_for_budget: pack.leftOutForBudget,
      order: 'largest |prediction - target| first, ties by id',
    },
    summary: {
      n: s.n,
      ccc: s.ccc,
      nmse: s.nmse,
      mae: s.mae,
      bias: s.bias,
      pearson: s.pearson,
      dispersion: s.dispersion,
      why_null: s.reasons,
    },
    limits: {
      max_reasoning_chars: pack.limits.maxReasoningChars,
      reasoning_chars_cap: pack.limits.reasoningCap,
      max_input_chars: pack.limits.maxInputChars,
      input_chars_cap: pack.limits.inputCap,
      max_total_chars: pack.limits.maxTotalChars,
      over_budget: pack.overBudget,
    },
    markdown_token_estimate: pack.tokenEstimate,
    examples: pack.examples.map((ex) => ({
      rank: ex.rank,
      id: ex.id,
      input: ex.input,
      input_format: ex.inputFormat,
      input_omitted_chars: ex.inputOmitted,
      target: ex.target,
      prediction: ex.prediction,
      error: ex.error,
      rollouts: ex.rollouts.map((r) => ({
        score: r.score,
        ...(r.model !== undefined ? { model: r.model } : {}),
        reasoning: r.reasoning,
        reasoning_omitted_chars: r.reasoningOmitted,
      })),
    })),
  };
}

/** The JSON rendering as text, pretty-printed with 2 spaces. */
export function reflectionJsonText(pack: ReflectionPack): string {
  return JSON.stringify(reflectionJson(pack), null, 2);
}

/** A download name: `<dataset>-<version>-reflection.md` / `.json`, characters unsafe in file names as '-'. */
export function reflectionFileName(datasetName: string, prompt: string, format: 'md' | 'json'): string {
  // eslint-disable-next-line no-control-regex
  const safe = (s: string) => s.trim().replace(/[\u0000-\u001f\u007f/\\:*?"<>|]/g, '-');
  let stem = `${safe(datasetName) || 'dataset'}-${safe(prompt) || 'prompt'}`.replace(/^\.+/, (d) => '-'.repeat(d.length)).slice(0, 180);
  if (isHigh(stem.charCodeAt(stem.length - 1))) stem = stem.slice(0, -1);
  return `${stem}-reflection.${format}`;
}
