// The Compare screen's statistics (docs/ARCHITECTURE.md §8.2, §8.5): two prompt versions A and B
// scored by one predictor on the same examples — CCC, NMSE, MAE, Pearson r and Spearman ρ of each,
// Δ = B − A and the paired bootstrap 95% CI of Δ, with a verdict in words — and every version
// ranked by CCC with its Δ CCC to the best. Pure; works on the predictions `prepareAnalysis`
// already computed, never recomputes them.
//
// Pairing. "Same examples": the examples of the split where the target and both versions'
// predictions exist (the rest are counted, by reason). "Same resamples": one seeded stream of
// multinomial count vectors (`resampleCounts`), each used for every metric of both versions, so Δ
// is taken within each resample. With the same seed and examples, the A/B table's moment metrics
// have exactly the intervals of `pairedMomentCis` (the ranking's CCC equals them to rounding);
// Spearman's ρ is computed per resample from the counts by `weightedRanks.ts` (sort each variable
// once, then average ranks under the counts in O(n) per resample).
//
// The verdict rule (§8.2), in each metric's own direction (`METRIC_GOALS`): B is better only when
// the paired 95% CI of Δ lies entirely on B's good side of 0, worse only when entirely on the
// other side, else "no clear difference". Marginal intervals are never compared.
import { DEFAULT_ANALYSIS_OPTIONS, type AnalysisOptions, type PreparedAnalysis, type SplitChoice } from './analysis.ts';
import { inSplit } from './analysisInput.ts';
import { predictorInfo, type PredictorId } from './baselines.ts';
import { percentileInterval, resampleCounts, type Interval } from './metrics/bootstrap.ts';
import { formatInterval, formatMetric } from './metrics/formatMetric.ts';
import { METRIC_GOALS } from './metrics/metricGoal.ts';
import { MOMENT_METRICS, momentMetricsInto, prepareMoments, type MomentData, type MomentMetricName } from './metrics/moments.ts';
import { ccc, computeMetrics } from './metrics/pairwise.ts';
import { prepareSharedCcc, sharedCccInto, type SharedCccData } from './metrics/sharedCcc.ts';
import { tieGroups, weightedAverageRanksInto, weightedRankCorrelation, type TieGroups } from './metrics/weightedRanks.ts';
import { createRng, type Rng } from './rng.ts';
import { versionDiagnostics, type VersionDiagnostics } from './versionDiagnostics.ts';

/** The metrics of the paired table, in table order. */
export type CompareMetric = 'ccc' | 'nmse' | 'mae' | 'pearson' | 'spearman';
export const COMPARE_METRICS: readonly CompareMetric[] = ['ccc', 'nmse', 'mae', 'pearson', 'spearman'];
export const COMPARE_LABELS: Readonly<Record<CompareMetric, string>> = {
  ccc: 'CCC',
  nmse: 'NMSE',
  mae: 'MAE',
  pearson: 'Pearson r',
  spearman: 'Spearman ρ',
};

/** Split, seed and resamples, as Analyze (defaults: test, seed 0, 1000); resamples = 0 skips the intervals. */
export type CompareOptions = AnalysisOptions;
export const DEFAULT_COMPARE_OPTIONS: CompareOptions = DEFAULT_ANALYSIS_OPTIONS;

/** Coverage of every interval here. */
const LEVEL = 0.95;

/** One version against another on one metric: better / worse only when the paired CI of Δ excludes 0. */
export type PairedVerdict = 'better' | 'worse' | 'unclear';

/**
 * The verdict rule for Δ = (this) − (other) in `metric`'s direction: for a higher-is-better metric
 * "better" when the CI is entirely above 0, for a lower-is-better one when entirely below; the
 * mirror image is "worse"; a CI containing 0, or none, is "unclear".
 */
export function directedVerdict(metric: CompareMetric, deltaCi: Interval | null): PairedVerdict {
  if (!deltaCi) return 'unclear';
  const above = deltaCi[0] > 0;
  const below = deltaCi[1] < 0;
  const higher = METRIC_GOALS[metric].kind === 'higher';
  if (above) return higher ? 'better' : 'worse';
  if (below) return higher ? 'worse' : 'better';
  return 'unclear';
}

/** Δ with its sign, 3 decimals as the metric tables: "+0.052", "-0.013", "+0.000". */
export function formatDelta(delta: number): string {
  const s = formatMetric(delta);
  return s.startsWith('-') ? s : `+${s}`;
}

// ---------------------------------------------------------------------------------------------
// Paired deltas on shared resamples

const MOMENT_SLOT = Object.fromEntries(MOMENT_METRICS.map((name, k) => [name, k])) as Record<MomentMetricName, number>;

/**
 * Δ = member − base of the chosen metrics, for any number of members against one base on the same
 * examples, over one seeded stream of resamples: each count vector serves the base, every member
 * and every metric. Needs n ≥ 2 and finite values (the callers gather finite pairs). Runs in
 * steps, as `MomentBootstrap`, so a worker can yield between them.
 */
class PairedDeltas {
  readonly resamples: number;
  private r = 0;
  private readonly rng: Rng;
  private readonly n: number;
  private readonly counts: Uint32Array;
  private readonly base: MomentData;
  private readonly members: MomentData[];
  private readonly metrics: readonly CompareMetric[];
  /** Rank data when Spearman is among the metrics. */
  private readonly ranks: {
    target: TieGroups;
    base: TieGroups;
    members: TieGroups[];
    rt: Float64Array;
    rb: Float64Array;
    rm: Float64Array;
  } | null;
  /** Per member: metric k of resample r at k·resamples + r; NaN where undefined (dropped). */
  private readonly values: Float64Array[];
  private readonly outBase = new Float64Array(MOMENT_METRICS.length);
  private readonly outMember = new Float64Array(MOMENT_METRICS.length);
  /** CCC alone (the ranking): the base and every member in one `sharedCccInto` per resample. */
  private readonly cccOnly: { data: SharedCccData; out: Float64Array } | null;

  constructor(
    base: Float64Array,
    members: readonly Float64Array[],
    target: Float64Array,
    metrics: readonly CompareMetric[],
    seed: number,
    resamples: number,
  ) {
    this.n = target.length;
    this.rng = createRng(seed);
    this.resamples = resamples;
    this.metrics = metrics;
    this.counts = new Uint32Array(this.n);
    const cccOnly = metrics.length === 1 && metrics[0] === 'ccc';
    this.cccOnly = cccOnly ? { data: prepareSharedCcc([base, ...members], target), out: new Float64Array(members.length + 1) } : null;
    this.base = prepareMoments(cccOnly ? [] : base, cccOnly ? [] : target);
    this.members = members.map((m) => prepareMoments(cccOnly ? [] : m, cccOnly ? [] : target));
    this.ranks = metrics.includes('spearman')
      ? {
          target: tieGroups(target),
          base: tieGroups(base),
          members: members.map((m) => tieGroups(m)),
          rt: new Float64Array(this.n),
          rb: new Float64Array(this.n),
          rm: new Float64Array(this.n),
        }
      : null;
    this.values = members.map(() => new Float64Array(metrics.length * resamples));
  }

  get done(): number {
    return this.r;
  }

  /** Runs up to `count` more resamples; true once all are done. */
  step(count = Infinity): boolean {
    const { n, counts, metrics, resamples, ranks, outBase, outMember } = this;
    const end = Math.min(resamples, this.r + count);
    if (this.cccOnly) {
      const { data, out } = this.cccOnly;
      for (; this.r < end; this.r++) {
        sharedCccInto(data, resampleCounts(this.rng, n, counts), out);
        for (let m = 0; m < this.values.length; m++) this.values[m]![this.r] = out[m + 1]! - out[0]!;
      }
      return this.r >= resamples;
    }
    for (; this.r < end; this.r++) {
      const r = this.r;
      resampleCounts(this.rng, n, counts);
      momentMetricsInto(this.base, counts, outBase);
      // Spearman's ρ of the base; the target's ranks serve every member. Σ counts = n.
      let rhoBase = Number.NaN;
      let targetVaries = false;
      if (ranks) {
        targetVaries = weightedAverageRanksInto(ranks.target, counts, ranks.rt) >= 2;
        if (targetVaries && weightedAverageRanksInto(ranks.base, counts, ranks.rb) >= 2) {
          rhoBase = weightedRankCorrelation(ranks.rb, ranks.rt, counts, n);
        }
      }
      for (let m = 0; m < this.members.length; m++) {
        momentMetricsInto(this.members[m]!, counts, outMember);
        const v = this.values[m]!;
        for (let k = 0; k < metrics.length; k++) {
          const name = metrics[k]!;
          let delta: number;
          if (name === 'spearman') {
            delta = Number.NaN;
            if (ranks && targetVaries && !Number.isNaN(rhoBase) && weightedAverageRanksInto(ranks.members[m]!, counts, ranks.rm) >= 2) {
              delta = weightedRankCorrelation(ranks.rm, ranks.rt, counts, n) - rhoBase;
            }
          } else {
            const slot = MOMENT_SLOT[name];
            delta = outMember[slot]! - outBase[slot]!; // NaN when either is undefined
          }
          v[k * resamples + r] = delta;
        }
      }
    }
    return this.r >= resamples;
  }

  /** Δ of `metric` for `member` in each resample done so far, in resample order, without the undefined (NaN) ones; a copy. */
  samples(member: number, metric: CompareMetric): Float64Array {
    const k = this.metrics.indexOf(metric);
    const v = this.values[member];
    if (k < 0 || !v) return new Float64Array(0);
    const all = v.subarray(k * this.resamples, k * this.resamples + this.r);
    let finite = 0;
    for (let i = 0; i < all.length; i++) if (!Number.isNaN(all[i]!)) finite++;
    if (finite === all.length) return all.slice();
    const out = new Float64Array(finite);
    for (let i = 0, j = 0; i < all.length; i++) if (!Number.isNaN(all[i]!)) out[j++] = all[i]!;
    return out;
  }

  /** Per member, the percentile interval of Δ for each metric (null when more than 10% of resamples are undefined). */
  intervals(): Partial<Record<CompareMetric, Interval | null>>[] {
    if (this.r < this.resamples) throw new Error(`bootstrap not finished: ${this.r} of ${this.resamples} resamples`);
    return this.values.map((v) => {
      const out: Partial<Record<CompareMetric, Interval | null>> = {};
      this.metrics.forEach((name, k) => (out[name] = percentileInterval(v, k * this.resamples, this.resamples, LEVEL)));
      return out;
    });
  }
}

function checkResamples(resamples: number): void {
  if (!(Number.isInteger(resamples) && resamples >= 0)) throw new RangeError(`resamples must be a non-negative integer, got ${resamples}`);
}

// ---------------------------------------------------------------------------------------------
// Versions, predictions and common examples

/** A prompt version as the comparison names it. */
export interface VersionRef {
  /** Position in the dataset's prompt order (`PreparedAnalysis.prompts`). */
  prompt: number;
  name: string;
  /** Set when the predictor has no predictions for this version (e.g. RAIL without logprobs), with why. */
  missing?: string;
}

function versionOf(prepared: PreparedAnalysis, prompt: number, predictor: PredictorId): { ref: VersionRef; values: Float64Array | null } {
  const p = prepared.prompts[prompt];
  if (!p) throw new RangeError(`no prompt version #${prompt} (the dataset has ${prepared.prompts.length})`);
  const name = p.rollouts.prompt;
  const prediction = p.predictions.find((x) => x.id === predictor);
  if (prediction) return { ref: { prompt, name }, values: prediction.values };
  const label = predictorInfo(predictor).label;
  const why = p.skipped.find((s) => s.id === predictor)?.reason ?? 'not computed for this prompt version';
  return { ref: { prompt, name, missing: `${label} is not available for ${name}: ${why}` }, values: null };
}

/** Examples of the split left out of the comparison, by reason (each counted once). */
export interface LeftOut {
  /** No target. */
  noTarget: number;
  /** A target, but no prediction from A (B has one). */
  noA: number;
  /** A target, but no prediction from B (A has one). */
  noB: number;
  /** A target, but neither version has a prediction. */
  neither: number;
}

/** The examples A and B are compared on. */
export interface CommonExamples {
  /** Examples in the split. */
  examples: number;
  /** Examples with a target and both predictions: the paired sample. */
  n: number;
  /** Their example indices, ascending. */
  index: Int32Array;
  leftOut: LeftOut;
  /** In words: "Compared on 950 of 1000 test examples; left out 40 without a target, 10 without a prediction from A." */
  text: string;
}

const plural = (k: number, one: string, many = `${one}s`): string => `${k} ${k === 1 ? one : many}`;

function splitWords(split: SplitChoice): string {
  return split === 'all' ? 'examples' : `${split} examples`;
}

function commonExamples(
  prepared: PreparedAnalysis,
  a: Float64Array | null,
  b: Float64Array | null,
  split: SplitChoice,
  names: { a: string; b: string },
): CommonExamples {
  const { n, targets } = prepared.input;
  const index: number[] = [];
  const leftOut: LeftOut = { noTarget: 0, noA: 0, noB: 0, neither: 0 };
  let examples = 0;
  for (let e = 0; e < n; e++) {
    if (!inSplit(prepared.input, e, split)) continue;
    examples++;
    if (!Number.isFinite(targets[e]!)) {
      leftOut.noTarget++;
      continue;
    }
    const hasA = a !== null && Number.isFinite(a[e]!);
    const hasB = b !== null && Number.isFinite(b[e]!);
    if (hasA && hasB) index.push(e);
    else if (!hasA && !hasB) leftOut.neither++;
    else if (!hasA) leftOut.noA++;
    else leftOut.noB++;
  }
  const text = commonExamplesText({ examples, n: index.length, leftOut }, split, names);
  return { examples, n: index.length, index: Int32Array.from(index), leftOut, text };
}

/**
 * `CommonExamples.text` with the versions called `names` (the job itself says "A" and "B"):
 * "Compared on 950 of 1000 test examples; left out 40 without a target, 10 without a prediction from terse."
 */
export function commonExamplesText(
  common: Pick<CommonExamples, 'examples' | 'n' | 'leftOut'>,
  split: SplitChoice,
  names: { a: string; b: string },
): string {
  const { examples, leftOut } = common;
  const parts: string[] = [];
  if (leftOut.noTarget) parts.push(`${leftOut.noTarget} without a target`);
  if (leftOut.noA) parts.push(`${leftOut.noA} without a prediction from ${names.a}`);
  if (leftOut.noB) parts.push(`${leftOut.noB} without a prediction from ${names.b}`);
  if (leftOut.neither) parts.push(`${leftOut.neither} without a prediction from either`);
  const head = `Compared on ${common.n} of ${plural(examples, split === 'all' ? 'example' : `${split} example`)}`;
  return parts.length ? `${head}; left out ${parts.join(', ')}.` : examples === 0 ? `No ${splitWords(split)}.` : `${head}.`;
}

function gather(values: Float64Array, index: Int32Array): Float64Array {
  const out = new Float64Array(index.length);
  for (let i = 0; i < index.length; i++) out[i] = values[index[i]!]!;
  return out;
}

function sameValues(x: Float64Array, y: Float64Array): boolean {
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return false;
  return true;
}

/** The reason Δ is undefined, from the reasons of its two sides (said once when they agree). */
function deltaReason(a: string | undefined, b: string | undefined, names: { a: string; b: string }): string | undefined {
  if (a === undefined && b === undefined) return undefined;
  if (a !== undefined && a === b) return a;
  return [a && `${names.a}: ${a}`, b && `${names.b}: ${b}`].filter(Boolean).join('; ');
}

const FEWER_THAN_2_COMMON = 'fewer than 2 common examples';
const NO_RESAMPLES = 'no bootstrap (0 resamples)';
const TOO_MANY_UNDEFINED = 'undefined in more than 10% of resamples';
const NOT_YET = 'not computed yet';

function ciReason(n: number, resamples: number, deltaWhy: string | undefined): string {
  if (n < 2) return FEWER_THAN_2_COMMON;
  if (deltaWhy !== undefined) return deltaWhy;
  if (resamples === 0) return NO_RESAMPLES;
  return TOO_MANY_UNDEFINED;
}

// ---------------------------------------------------------------------------------------------
// A against B

/** One row of the paired table. */
export interface MetricDelta {
  metric: CompareMetric;
  label: string;
  /** The metric of A and of B on the common examples. */
  a: number | null;
  b: number | null;
  /** B − A. */
  delta: number | null;
  /** Paired bootstrap 95% CI of Δ (same examples, same resamples). */
  ci: Interval | null;
  /** Why `a`, `b`, `delta` or `ci` is null, in words; present exactly for the null ones. */
  reasons: { a?: string; b?: string; delta?: string; ci?: string };
  /** B against A in this metric's direction (`directedVerdict`). */
  verdict: PairedVerdict;
  /** The verdict line: "B better on CCC: +0.052 [0.011, 0.094]" (see `metricVerdictText`). */
  text: string;
}

export interface VersionComparison {
  split: SplitChoice;
  seed: number;
  resamples: number;
  predictor: PredictorId;
  a: VersionRef;
  b: VersionRef;
  common: CommonExamples;
  /** A and B predict the same on every common example (e.g. A = B): every Δ is 0 and its CI [0, 0]. */
  identical: boolean;
  /** One row per metric, in `COMPARE_METRICS` order. */
  metrics: MetricDelta[];
}

/** The paired table before its intervals: A, B and Δ per metric with the reasons for nulls (`VersionCompareJob.points`). */
export interface ComparisonPoints extends Omit<VersionComparison, 'metrics'> {
  metrics: Omit<MetricDelta, 'ci' | 'verdict' | 'text'>[];
}

/**
 * What the Compare screen shows beside the paired table: every version's rollout diagnostics on the
 * split (the small multiples), and one value per example of the effective target and of A's and B's
 * predictions (null: the predictor is not available for that version), which the reflection pack
 * reads on the train split. The arrays are copies (transferable).
 */
export interface CompareContext {
  diagnostics: VersionDiagnostics[];
  targets: Float64Array;
  a: Float64Array | null;
  b: Float64Array | null;
}

export function compareContext(
  prepared: PreparedAnalysis,
  a: number,
  b: number,
  predictor: PredictorId,
  split: SplitChoice,
): CompareContext {
  return {
    diagnostics: versionDiagnostics(prepared.input, split),
    targets: prepared.input.targets.slice(),
    a: versionOf(prepared, a, predictor).values?.slice() ?? null,
    b: versionOf(prepared, b, predictor).values?.slice() ?? null,
  };
}

/** The common examples (indices ascending) with the target and both predictions at each. */
export interface ComparedPairs {
  index: Int32Array;
  target: Float64Array;
  a: Float64Array;
  b: Float64Array;
}

/**
 * A metric row as a sentence, with the versions called `names` (default "A" and "B"):
 * "B better on CCC: +0.052 [0.011, 0.094]", "A better on NMSE: +0.031 [0.012, 0.050]",
 * "no clear difference: +0.010 [-0.030, 0.050]"; without an interval
 * "no clear difference: +0.010 (no interval: fewer than 2 common examples)"; without Δ
 * "no verdict on Pearson r: A: predictions are constant". Δ = B − A with its sign, 3 decimals.
 */
export function metricVerdictText(
  m: Pick<MetricDelta, 'label' | 'delta' | 'ci' | 'verdict' | 'reasons'>,
  names: { a: string; b: string } = { a: 'A', b: 'B' },
): string {
  if (m.delta === null) return `no verdict on ${m.label}: ${m.reasons.delta ?? 'undefined'}`;
  const delta = formatDelta(m.delta);
  if (!m.ci) return `no clear difference: ${delta} (no interval: ${m.reasons.ci ?? 'none'})`;
  const paired = `${delta} ${formatInterval(m.ci)}`;
  if (m.verdict === 'better') return `${names.b} better on ${m.label}: ${paired}`;
  if (m.verdict === 'worse') return `${names.a} better on ${m.label}: ${paired}`;
  return `no clear difference: ${paired}`;
}

/**
 * The comparison of versions `a` and `b` (positions in the prompt order) under one predictor, in
 * steps: the point values are computed on construction (O(n log n)), the bootstrap in `step`
 * (O(resamples · n); measured ~5.5 s for 1000 resamples of 100k examples in node on a slow 2-core machine, a third of it Spearman's ranks, a fifth drawing the resamples). `a === b` is allowed.
 */
export class VersionCompareJob {
  readonly resamples: number;
  private readonly head: Omit<VersionComparison, 'metrics'>;
  private readonly rows: Omit<MetricDelta, 'ci' | 'verdict' | 'text'>[];
  private readonly boot: PairedDeltas | null;
  private readonly pairs: ComparedPairs;

  constructor(prepared: PreparedAnalysis, a: number, b: number, predictor: PredictorId, options: CompareOptions = DEFAULT_COMPARE_OPTIONS) {
    checkResamples(options.resamples);
    createRng(options.seed); // validates the seed now rather than at the first step
    const A = versionOf(prepared, a, predictor);
    const B = versionOf(prepared, b, predictor);
    const names = { a: 'A', b: 'B' };
    const common = commonExamples(prepared, A.values, B.values, options.split, names);
    const target = gather(prepared.input.targets, common.index);
    const predA = A.values ? gather(A.values, common.index) : new Float64Array(0);
    const predB = B.values ? gather(B.values, common.index) : new Float64Array(0);
    const missing = deltaReason(A.ref.missing, B.ref.missing, names);
    this.pairs = { index: common.index, target, a: predA, b: predB };
    const pointA = computeMetrics(predA, target);
    const pointB = computeMetrics(predB, target);
    this.rows = COMPARE_METRICS.map((metric) => {
      const va = pointA.metrics[metric];
      const vb = pointB.metrics[metric];
      const reasons: MetricDelta['reasons'] = {};
      if (va === null) reasons.a = A.ref.missing ?? pointA.reasons[metric];
      if (vb === null) reasons.b = B.ref.missing ?? pointB.reasons[metric];
      const delta = va !== null && vb !== null ? vb - va : null;
      if (delta === null) reasons.delta = missing ?? deltaReason(reasons.a, reasons.b, names);
      return { metric, label: COMPARE_LABELS[metric], a: va, b: vb, delta, reasons };
    });
    this.resamples = common.n >= 2 ? options.resamples : 0;
    this.boot = this.resamples > 0 ? new PairedDeltas(predA, [predB], target, COMPARE_METRICS, options.seed, this.resamples) : null;
    this.head = {
      split: options.split,
      seed: options.seed,
      resamples: options.resamples,
      predictor,
      a: A.ref,
      b: B.ref,
      common,
      identical: common.n > 0 && sameValues(predA, predB),
    };
  }

  /** Resamples done so far. */
  get done(): number {
    return this.boot?.done ?? 0;
  }

  /** Runs up to `count` more resamples; true once all are done. */
  step(count = Infinity): boolean {
    return this.boot ? this.boot.step(count) : true;
  }

  /** The point values (A, B, Δ and their reasons) before any interval: what the table shows while the bootstrap runs. */
  points(): ComparisonPoints {
    return { ...this.head, metrics: this.rows.map((row) => ({ ...row, reasons: { ...row.reasons } })) };
  }

  /**
   * The examples compared and their values, gathered in `common.index` order (empty arrays for a
   * version the predictor does not cover). The arrays are the job's own: copy before transferring
   * them while the job still runs.
   */
  comparedPairs(): ComparedPairs {
    return this.pairs;
  }

  /**
   * Δ = B − A of `metric` (default CCC) in every resample done so far, in resample order, the
   * undefined ones left out; a fresh copy (empty without a bootstrap). Its 2.5th and 97.5th
   * percentiles are the metric's CI once `step` has returned true.
   */
  deltaSamples(metric: CompareMetric = 'ccc'): Float64Array {
    return this.boot ? this.boot.samples(0, metric) : new Float64Array(0);
  }

  /** The finished comparison; call once `step` has returned true. */
  result(): VersionComparison {
    const cis = this.boot?.intervals()[0] ?? {};
    const metrics = this.rows.map((row): MetricDelta => {
      const ci = row.delta === null ? null : (cis[row.metric] ?? null);
      const reasons = { ...row.reasons };
      if (ci === null) reasons.ci = ciReason(this.head.common.n, this.resamples, row.reasons.delta);
      const verdict = directedVerdict(row.metric, ci);
      const full = { ...row, ci, reasons, verdict };
      return { ...full, text: metricVerdictText(full) };
    });
    return { ...this.head, metrics };
  }
}

/** `VersionCompareJob` run to the end: the paired table of A against B. */
export function compareVersions(
  prepared: PreparedAnalysis,
  a: number,
  b: number,
  predictor: PredictorId,
  options: CompareOptions = DEFAULT_COMPARE_OPTIONS,
): VersionComparison {
  const job = new VersionCompareJob(prepared, a, b, predictor, options);
  job.step();
  return job.result();
}

// ---------------------------------------------------------------------------------------------
// All versions, ranked by CCC

/** Verdict of a version against the best one; "better" can only occur when their examples differ (see `VersionRanking`). */
export type RankVerdict = PairedVerdict | 'best';

export interface VersusBest {
  /** Examples with a target and the predictions of both this version and the best. */
  n: number;
  /** CCC of this version − CCC of the best, both on those examples; 0 for the best itself. */
  delta: number | null;
  /** Paired bootstrap 95% CI of Δ; [0, 0] for the best itself (null when resamples = 0). */
  ci: Interval | null;
  reasons: { delta?: string; ci?: string };
  verdict: RankVerdict;
  /** "best on CCC: 0.912", "worse than v2 on CCC: -0.120 [-0.150, -0.090]", "no clear difference: -0.010 [-0.040, 0.020]". */
  text: string;
}

export interface RankedVersion {
  prompt: number;
  name: string;
  /** 1-based position by point CCC (ties keep the prompt order); null when its CCC is undefined. */
  rank: number | null;
  /** Examples of the split with a target and this version's prediction; CCC on them (as Analyze shows). */
  n: number;
  ccc: number | null;
  /** Why `ccc` is null. */
  reason?: string;
  /** Null when no version has a CCC. */
  vsBest: VersusBest | null;
}

/**
 * Every version by point CCC, best first (versions without a CCC last, in prompt order). Each
 * version's CCC is on its own examples, as Analyze reports it; its Δ to the best is on the examples
 * both predict, so when two versions predict different examples Δ can differ from the difference of
 * their ranking CCCs (and in principle a lower-ranked version could even come out "better").
 */
export interface VersionRanking {
  split: SplitChoice;
  seed: number;
  resamples: number;
  predictor: PredictorId;
  /** Prompt position of the best version; null when no version has a CCC. */
  best: number | null;
  versions: RankedVersion[];
}

function sameIndex(a: Int32Array, b: Int32Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function cccWithReason(pred: Float64Array, target: Float64Array): { value: number | null; reason?: string } {
  const value = ccc(pred, target);
  if (value !== null) return { value };
  return { value, reason: computeMetrics(pred, target).reasons.ccc ?? 'undefined' };
}

function versusBestText(v: Omit<VersusBest, 'text'>, bestName: string, bestCcc: number | null): string {
  if (v.verdict === 'best') return `best on CCC: ${formatMetric(bestCcc)}`;
  if (v.delta === null) return `no verdict on CCC: ${v.reasons.delta ?? 'undefined'}`;
  const delta = formatDelta(v.delta);
  if (!v.ci) return `no clear difference: ${delta} (no interval: ${v.reasons.ci ?? 'none'})`;
  const paired = `${delta} ${formatInterval(v.ci)}`;
  if (v.verdict === 'worse') return `worse than ${bestName} on CCC: ${paired}`;
  if (v.verdict === 'better') return `better than ${bestName} on CCC: ${paired}`;
  return `no clear difference: ${paired}`;
}

/**
 * The ranking of every version under one predictor, in steps. Construction computes each version's
 * CCC and the pairs with the best (O(versions · n)); versions whose pairs with the best cover the
 * same examples share one bootstrap, i.e. one count vector per resample for all of them (usually
 * there is one group: every version predicts every labelled example). A version gets the same
 * resamples as it would alone with the same seed, so the results do not depend on the grouping,
 * and its interval equals `pairedMomentCis(version, best, target).ccc` up to rounding (the CCC is
 * summed by `sharedCcc.ts`, three sums per version, instead of `momentMetricsInto`'s nine: 20
 * versions × 100k examples × 1000 resamples took ~7–9 s in node on a slow 2-core machine, ~1 s of
 * it drawing the resamples, against ~16 s with `momentMetricsInto`).
 */
export class RankingJob {
  readonly resamples: number;
  private readonly versions: RankedVersion[];
  private readonly best: number | null;
  private readonly bestName: string;
  private readonly groups: { members: number[]; boot: PairedDeltas }[] = [];
  /** Per prompt: Δ and reasons before the bootstrap. */
  private readonly pending: Map<number, { n: number; delta: number | null; reasons: VersusBest['reasons'] }> = new Map();
  private readonly options: CompareOptions;
  private readonly predictor: PredictorId;

  constructor(prepared: PreparedAnalysis, predictor: PredictorId, options: CompareOptions = DEFAULT_COMPARE_OPTIONS) {
    checkResamples(options.resamples);
    createRng(options.seed);
    this.options = options;
    this.predictor = predictor;
    this.resamples = options.resamples;
    const { input } = prepared;
    const { targets, n } = input;
    const all = prepared.prompts.map((_, k) => versionOf(prepared, k, predictor));

    // Each version on its own examples.
    this.versions = all.map(({ ref, values }): RankedVersion => {
      const index: number[] = [];
      if (values)
        for (let e = 0; e < n; e++)
          if (inSplit(input, e, options.split) && Number.isFinite(targets[e]!) && Number.isFinite(values[e]!)) index.push(e);
      const idx = Int32Array.from(index);
      const own = values ? cccWithReason(gather(values, idx), gather(targets, idx)) : { value: null, reason: ref.missing };
      const out: RankedVersion = { prompt: ref.prompt, name: ref.name, rank: null, n: idx.length, ccc: own.value, vsBest: null };
      if (own.reason !== undefined) out.reason = own.reason;
      return out;
    });
    let best: number | null = null;
    for (const v of this.versions) if (v.ccc !== null && (best === null || v.ccc > this.versions[best]!.ccc!)) best = v.prompt;
    this.best = best;
    this.bestName = best === null ? '' : this.versions[best]!.name;
    if (best === null) return;

    // Pairs with the best, grouped by their examples.
    const bestValues = all[best]!.values!;
    const byIndex: { index: Int32Array; members: number[]; preds: Float64Array[] }[] = [];
    for (const v of this.versions) {
      if (v.prompt === best) continue;
      const values = all[v.prompt]!.values;
      const common = commonExamples(prepared, bestValues, values, options.split, { a: this.bestName, b: v.name });
      const target = gather(targets, common.index);
      const pred = values ? gather(values, common.index) : new Float64Array(0);
      const mine = values ? cccWithReason(pred, target) : { value: null, reason: all[v.prompt]!.ref.missing };
      const theirs = cccWithReason(gather(bestValues, common.index), target);
      const reasons: VersusBest['reasons'] = {};
      const delta = mine.value !== null && theirs.value !== null ? mine.value - theirs.value : null;
      if (delta === null) reasons.delta = deltaReason(mine.reason, theirs.reason, { a: v.name, b: this.bestName });
      this.pending.set(v.prompt, { n: common.n, delta, reasons });
      if (delta === null || common.n < 2 || options.resamples === 0) continue;
      let g = byIndex.find((x) => sameIndex(x.index, common.index));
      if (!g) byIndex.push((g = { index: common.index, members: [], preds: [] }));
      g.members.push(v.prompt);
      g.preds.push(pred);
    }
    for (const g of byIndex) {
      const boot = new PairedDeltas(
        gather(bestValues, g.index),
        g.preds,
        gather(targets, g.index),
        ['ccc'],
        options.seed,
        options.resamples,
      );
      this.groups.push({ members: g.members, boot });
    }
  }

  /** Resamples done so far, summed over the bootstrap groups (out of `total`). */
  get done(): number {
    return this.groups.reduce((s, g) => s + g.boot.done, 0);
  }

  /** Resamples to run in all: resamples × bootstrap groups. */
  get total(): number {
    return this.groups.length * this.resamples;
  }

  /** Runs up to `count` more resamples (over the groups in turn); true once all are done. */
  step(count = Infinity): boolean {
    let left = count;
    for (const g of this.groups) {
      if (left <= 0) break;
      const before = g.boot.done;
      g.boot.step(left);
      left -= g.boot.done - before;
    }
    return this.groups.every((g) => g.boot.done >= g.boot.resamples);
  }

  /** The finished ranking; call once `step` has returned true. */
  result(): VersionRanking {
    const cis = new Map<number, Interval | null>();
    for (const g of this.groups) g.boot.intervals().forEach((iv, k) => cis.set(g.members[k]!, iv.ccc ?? null));
    return this.assemble(cis, false);
  }

  /**
   * The ranking's point values before the bootstrap (cheap: no work beyond the constructor's): the
   * same order, CCCs and Δs as `result()`, with every interval still to come null ("not computed
   * yet") and its verdict "unclear". What a screen shows while the bootstrap runs.
   */
  points(): VersionRanking {
    return this.assemble(new Map(), true);
  }

  private assemble(cis: Map<number, Interval | null>, early: boolean): VersionRanking {
    const best = this.best;
    const ranked = this.versions.map((v): RankedVersion => {
      if (best === null) return { ...v };
      if (v.prompt === best) {
        const ci: Interval | null = this.resamples > 0 ? [0, 0] : null;
        const base = { n: v.n, delta: 0, ci, reasons: ci ? {} : { ci: NO_RESAMPLES }, verdict: 'best' as const };
        return { ...v, vsBest: { ...base, text: versusBestText(base, this.bestName, v.ccc) } };
      }
      const p = this.pending.get(v.prompt)!;
      const ci = p.delta === null ? null : (cis.get(v.prompt) ?? null);
      const reasons = { ...p.reasons };
      if (ci === null) {
        const later = early && p.delta !== null && p.n >= 2 && this.resamples > 0;
        reasons.ci = later ? NOT_YET : ciReason(p.n, this.resamples, p.reasons.delta);
      }
      const base = { n: p.n, delta: p.delta, ci, reasons, verdict: directedVerdict('ccc', ci) };
      return { ...v, vsBest: { ...base, text: versusBestText(base, this.bestName, null) } };
    });
    // Best first by CCC; ties and undefined CCCs keep the prompt order.
    const order = ranked
      .map((v, k) => k)
      .sort((x, y) => {
        const cx = ranked[x]!.ccc;
        const cy = ranked[y]!.ccc;
        if (cx === null || cy === null) return cx === cy ? x - y : cx === null ? 1 : -1;
        return cy - cx || x - y;
      });
    const versions = order.map((k, position) => ({ ...ranked[k]!, rank: ranked[k]!.ccc === null ? null : position + 1 }));
    return { split: this.options.split, seed: this.options.seed, resamples: this.resamples, predictor: this.predictor, best, versions };
  }
}

/** `RankingJob` run to the end. */
export function rankVersions(
  prepared: PreparedAnalysis,
  predictor: PredictorId,
  options: CompareOptions = DEFAULT_COMPARE_OPTIONS,
): VersionRanking {
  const job = new RankingJob(prepared, predictor, options);
  job.step();
  return job.result();
}

// ---------------------------------------------------------------------------------------------
// Helpers of the Compare screen's job (the analysis worker and its test double run the same steps)

/** Position of the prompt version called `name` in the prompt order; throws with the names it knows. */
export function promptPosition(prepared: PreparedAnalysis, name: string): number {
  const k = prepared.prompts.findIndex((p) => p.rollouts.prompt === name);
  if (k < 0) {
    const known = prepared.prompts.map((p) => p.rollouts.prompt).join(', ') || 'none';
    throw new RangeError(`no prompt version ${JSON.stringify(name)} (the dataset has: ${known})`);
  }
  return k;
}

/** Every predictor at least one prompt version has, in first-seen order (prompt order, then predictor order). */
export function availablePredictors(prepared: PreparedAnalysis): PredictorId[] {
  const seen = new Set<PredictorId>();
  for (const p of prepared.prompts) for (const pr of p.predictions) seen.add(pr.id);
  return [...seen];
}
