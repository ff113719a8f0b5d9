// Inter-annotator agreement on the hand labels (docs/ARCHITECTURE.md §8.8): pairwise CCC, ICC(2,1),
// Krippendorff's interval alpha and the examples annotators disagree on most. Pure; reads a LabelState
// only, no React, DOM or store. Degenerate input gives null, never NaN or ±Infinity.
import { bootstrapMomentCis, type BootstrapOptions, type Interval } from './bootstrap.ts';
import { byName, type LabelState } from '../labels.ts';
import { ccc, mae } from './pairwise.ts';

export interface PairAgreement {
  a: string;
  b: string;
  /** examples both labelled */
  n: number;
  /** Lin's CCC of a's labels against b's over those examples (`ccc` of pairwise.ts: null for n < 2 or both constant and equal). */
  ccc: number | null;
  /** mean |a − b|, in label units; null when n = 0 */
  meanAbsDiff: number | null;
  /** Percentile-bootstrap 95% CI of the CCC over the shared examples, when asked for (`bootstrap` option); null when undefined. */
  cccCi?: Interval | null;
}

export interface Disagreement {
  exampleId: string;
  /** Every non-null label, in annotator name order. */
  values: { annotator: string; value: number }[];
  /** max − min */
  range: number;
  /** Population standard deviation of the values (√mean of squared deviations). */
  sd: number;
}

const uniqueSorted = (names: readonly string[]): string[] => [...new Set(names)].sort(byName);

const finiteOrNull = (x: number): number | null => (Number.isFinite(x) ? x : null);

/** The non-null labels of `annotators` on one example, in the order of `annotators`; missing ones are skipped. */
function valuesOf(labels: ReadonlyMap<string, { value: number | null }>, annotators: readonly string[]): number[] {
  const out: number[] = [];
  for (const name of annotators) {
    const value = labels.get(name)?.value ?? null;
    if (value !== null) out.push(value);
  }
  return out;
}

/** Mean of values, exact (the value itself) when they are all equal, so a constant gives zero deviations. */
function meanOf(values: ArrayLike<number>): number {
  const first = values[0]!;
  let sum = 0;
  let constant = true;
  for (let i = 0; i < values.length; i++) {
    sum += values[i]!;
    if (values[i] !== first) constant = false;
  }
  return constant ? first : sum / values.length;
}

/**
 * Pairwise agreement for every pair of distinct annotators (a < b by name, code units), over the examples
 * both labelled with a non-null value. CCC is `ccc` of pairwise.ts (Lin 1989, population moments).
 * With `bootstrap` options each pair also gets `cccCi` (`bootstrapMomentCis` over its shared examples).
 */
export function pairwiseAgreement(state: LabelState, annotators: readonly string[], bootstrap?: BootstrapOptions): PairAgreement[] {
  const names = uniqueSorted(annotators);
  const out: PairAgreement[] = [];
  for (let i = 0; i < names.length; i++) {
    for (let j = i + 1; j < names.length; j++) {
      const a = names[i]!;
      const b = names[j]!;
      const va: number[] = [];
      const vb: number[] = [];
      for (const labels of state.values()) {
        const x = labels.get(a)?.value ?? null;
        const y = labels.get(b)?.value ?? null;
        if (x !== null && y !== null) {
          va.push(x);
          vb.push(y);
        }
      }
      const pair: PairAgreement = { a, b, n: va.length, ccc: ccc(va, vb), meanAbsDiff: mae(va, vb) };
      if (bootstrap) pair.cccCi = bootstrapMomentCis(va, vb, bootstrap).ccc;
      out.push(pair);
    }
  }
  return out;
}

/**
 * ICC(2,1): two-way random effects, absolute agreement, single rater (Shrout & Fleiss 1979, case 2):
 * (MSR − MSE) / (MSR + (k − 1)·MSE + k·(MSC − MSE)/n), from the two-way ANOVA table of the n examples
 * labelled by ALL given annotators (k distinct names; rows = examples, columns = annotators). `value` is
 * null when k < 2, n < 2 or every value is the same (the denominator is 0); at most 1, may be negative.
 * `n` is the number of examples used.
 */
export function icc21(state: LabelState, annotators: readonly string[]): { value: number | null; n: number } {
  const names = uniqueSorted(annotators);
  const k = names.length;
  const rows: number[][] = [];
  if (k >= 2) {
    for (const labels of state.values()) {
      const row = valuesOf(labels, names);
      if (row.length === k) rows.push(row);
    }
  }
  const n = rows.length;
  if (k < 2 || n < 2) return { value: null, n };
  const first = rows[0]![0]!;
  if (rows.every((row) => row.every((x) => x === first))) return { value: null, n };

  const rowMeans = rows.map(meanOf);
  const colMeans = names.map((_, j) => meanOf(rows.map((row) => row[j]!)));
  const grand = meanOf(colMeans);
  let ssRows = 0;
  for (const m of rowMeans) ssRows += (m - grand) ** 2;
  ssRows *= k;
  let ssCols = 0;
  for (const m of colMeans) ssCols += (m - grand) ** 2;
  ssCols *= n;
  // The residual sum of squares directly, not as total − rows − columns, so it cannot go negative.
  let ssErr = 0;
  rows.forEach((row, i) => row.forEach((x, j) => (ssErr += (x - rowMeans[i]! - colMeans[j]! + grand) ** 2)));
  const msr = ssRows / (n - 1);
  const msc = ssCols / (k - 1);
  const mse = ssErr / ((n - 1) * (k - 1));
  const denominator = msr + (k - 1) * mse + (k * (msc - mse)) / n;
  return { value: denominator > 0 ? finiteOrNull((msr - mse) / denominator) : null, n };
}

/**
 * Krippendorff's alpha with the interval metric δ² = (c − k)² (Krippendorff 2011, "Computing
 * Krippendorff's Alpha-Reliability"), over every example with ≥ 2 non-null labels by the given annotators
 * (other labels missing). α = 1 − Do/De, written without the coincidence matrix:
 * Do = (1/N)·Σ_u Σ_{i≠j} (v_ui − v_uj)² / (m_u − 1) and De = Σ_{all pairable i≠j} (v_i − v_j)² / (N(N − 1)),
 * N the number of pairable values. 1 is perfect agreement, 0 chance level. `value` is null when fewer
 * than 2 pairable values or all of them are equal (De = 0). `n` is the number of examples used.
 */
export function krippendorffAlphaInterval(state: LabelState, annotators: readonly string[]): { value: number | null; n: number } {
  const names = uniqueSorted(annotators);
  const pairable: number[] = [];
  let units = 0;
  /** Σ_u Σ_{i<j} (v_ui − v_uj)² / (m_u − 1): half of N·Do. */
  let within = 0;
  for (const labels of state.values()) {
    const values = valuesOf(labels, names);
    const m = values.length;
    if (m < 2) continue;
    units++;
    let pairs = 0;
    for (let i = 0; i < m; i++) for (let j = i + 1; j < m; j++) pairs += (values[i]! - values[j]!) ** 2;
    within += pairs / (m - 1);
    for (const v of values) pairable.push(v);
  }
  const total = pairable.length;
  if (total < 2 || pairable.every((v) => v === pairable[0])) return { value: null, n: units };
  const mean = meanOf(pairable);
  let ssTotal = 0;
  for (const v of pairable) ssTotal += (v - mean) ** 2;
  // Σ_{i≠j} (v_i − v_j)² = 2N·SS, so De = 2·SS/(N − 1) and Do = 2·within/N.
  const doOverDe = ((total - 1) * within) / (total * ssTotal);
  return { value: ssTotal > 0 ? finiteOrNull(1 - doOverDe) : null, n: units };
}

/**
 * Examples with ≥ 2 non-null labels (any annotators), by descending range, then descending sd, then
 * ascending id (code units); at most `limit` (none for limit ≤ 0).
 */
export function largestDisagreements(state: LabelState, limit: number): Disagreement[] {
  if (!(limit > 0)) return [];
  const out: Disagreement[] = [];
  for (const [exampleId, labels] of state) {
    const values: { annotator: string; value: number }[] = [];
    for (const annotator of [...labels.keys()].sort(byName)) {
      const value = labels.get(annotator)?.value ?? null;
      if (value !== null) values.push({ annotator, value });
    }
    if (values.length < 2) continue;
    const xs = values.map((v) => v.value);
    const mean = meanOf(xs);
    let ss = 0;
    for (const x of xs) ss += (x - mean) ** 2;
    out.push({ exampleId, values, range: Math.max(...xs) - Math.min(...xs), sd: Math.sqrt(ss / xs.length) });
  }
  out.sort((p, q) => q.range - p.range || q.sd - p.sd || byName(p.exampleId, q.exampleId));
  return out.slice(0, limit);
}
