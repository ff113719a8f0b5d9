// Agreement at many annotators (docs/ARCHITECTURE.md §8.8): the labels in a compact, transferable form,
// the number of examples every pair of annotators shares, the pairs ranked by that overlap, and the
// pairs' CCC and bootstrap CI computed only for the pairs asked for, in steps a worker can slice.
// The numbers are those of agreement.ts (the same examples in the same order, the same bootstrap). Pure.
import { MomentBootstrap, type BootstrapOptions, type Interval } from './bootstrap.ts';
import { icc21, krippendorffAlphaInterval, largestDisagreements, type Disagreement, type PairAgreement } from './agreement.ts';
import { byName, type CurrentLabel, type LabelState } from '../labels.ts';
import { ccc, mae } from './pairwise.ts';

/**
 * The non-null labels of some annotators, grouped by annotator (CSR): annotator `a`'s labels are
 * entries `starts[a] .. starts[a + 1]` of `example` (an index into `examples`, increasing) and `value`.
 * `examples` keeps the iteration order of the LabelState it was made from, so the shared examples of a
 * pair come in the same order as in `pairwiseAgreement`.
 */
export interface AgreementInput {
  /** Distinct, sorted by code units. */
  annotators: string[];
  examples: string[];
  starts: Uint32Array;
  example: Uint32Array;
  value: Float64Array;
}

/** The labels of `annotators` (any order, duplicates ignored) in `state`, as an AgreementInput. O(labels). */
export function agreementInput(state: LabelState, annotators: readonly string[]): AgreementInput {
  const names = [...new Set(annotators)].sort(byName);
  const position = new Map(names.map((name, i) => [name, i]));
  const examples: string[] = [];
  const perAnnotator: { example: number[]; value: number[] }[] = names.map(() => ({ example: [], value: [] }));
  let total = 0;
  for (const [exampleId, labels] of state) {
    let used = false;
    for (const [name, label] of labels) {
      const a = position.get(name);
      if (a === undefined || label.value === null) continue;
      perAnnotator[a]!.example.push(examples.length);
      perAnnotator[a]!.value.push(label.value);
      used = true;
      total++;
    }
    if (used) examples.push(exampleId);
  }
  const starts = new Uint32Array(names.length + 1);
  const example = new Uint32Array(total);
  const value = new Float64Array(total);
  let at = 0;
  perAnnotator.forEach((labels, a) => {
    starts[a] = at;
    example.set(labels.example, at);
    value.set(labels.value, at);
    at += labels.example.length;
  });
  starts[names.length] = at;
  return { annotators: names, examples, starts, example, value };
}

/** The typed arrays of an input, to transfer to a worker. */
export const agreementTransferables = (input: AgreementInput): Transferable[] => [
  input.starts.buffer,
  input.example.buffer,
  input.value.buffer,
];

/** The LabelState an input was made from, restricted to its annotators' non-null values (notes and times are not kept). */
export function labelStateOf(input: AgreementInput): LabelState {
  const state = new Map<string, Map<string, CurrentLabel>>(input.examples.map((id) => [id, new Map()]));
  input.annotators.forEach((name, a) => {
    for (let k = input.starts[a]!; k < input.starts[a + 1]!; k++) {
      state.get(input.examples[input.example[k]!]!)!.set(name, { value: input.value[k]!, note: null, at: 0, seq: 0 });
    }
  });
  return state;
}

/** What the screen shows first: ICC(2,1), Krippendorff's α, the largest disagreements and how many pairs there are. */
export interface AgreementSummary {
  icc: { value: number | null; n: number };
  alpha: { value: number | null; n: number };
  worst: Disagreement[];
  /** Pairs of distinct annotators: k(k − 1)/2. */
  pairs: number;
  /** Pairs that share at least one example, and at least two (only those can have a CCC). */
  pairsSharing: number;
  pairsWithCcc: number;
}

/** One page of the pair ranking: the pairs (points, no CIs yet) and how many pairs match the filter in all. */
export interface PairPage {
  pairs: PairAgreement[];
  matching: number;
}

/**
 * Shared-example counts of every pair, from one pass over the examples (Σ m² / 2 for m labels per
 * example), and the pairs ranked by them. Counts are kept in a triangular array up to 4M pairs (about
 * 2,900 annotators), else in a Map of the pairs that share something.
 */
export class PairOverlaps {
  readonly k: number;
  private readonly dense: Uint32Array | null;
  private readonly sparse: Map<number, number> | null;

  constructor(readonly input: AgreementInput) {
    const k = input.annotators.length;
    this.k = k;
    const total = (k * (k - 1)) / 2;
    this.dense = total <= 4_000_000 ? new Uint32Array(total) : null;
    this.sparse = this.dense ? null : new Map();
    // Annotators of each example, in annotator order (the CSR is walked annotator by annotator).
    const byExample: number[][] = input.examples.map(() => []);
    for (let a = 0; a < k; a++) for (let e = input.starts[a]!; e < input.starts[a + 1]!; e++) byExample[input.example[e]!]!.push(a);
    for (const list of byExample) {
      for (let p = 0; p < list.length; p++) {
        for (let q = p + 1; q < list.length; q++) {
          const key = this.key(list[p]!, list[q]!);
          if (this.dense) this.dense[key]!++;
          else this.sparse!.set(key, (this.sparse!.get(key) ?? 0) + 1);
        }
      }
    }
  }

  /** Pair index of annotators i < j: triangular when dense, i·k + j when sparse. */
  private key(i: number, j: number): number {
    return this.dense ? (i * (2 * this.k - i - 1)) / 2 + (j - i - 1) : i * this.k + j;
  }

  /** Examples annotators i and j (positions in `input.annotators`, any order, distinct) both labelled. */
  shared(i: number, j: number): number {
    const key = i < j ? this.key(i, j) : this.key(j, i);
    return this.dense ? this.dense[key]! : (this.sparse!.get(key) ?? 0);
  }

  /** Every pair (i < j) sharing at least one example, with its count. */
  private *sharing(): Generator<[number, number, number]> {
    const { k } = this;
    if (this.dense) {
      let key = 0;
      for (let i = 0; i < k; i++) for (let j = i + 1; j < k; j++, key++) if (this.dense[key]! > 0) yield [i, j, this.dense[key]!];
    } else {
      for (const [key, n] of this.sparse!) yield [Math.floor(key / k), key % k, n];
    }
  }

  /** Pairs sharing ≥ 1 and ≥ 2 examples. */
  counts(): { sharing: number; withCcc: number } {
    let sharing = 0;
    let withCcc = 0;
    for (const [, , n] of this.sharing()) {
      sharing++;
      if (n >= 2) withCcc++;
    }
    return { sharing, withCcc };
  }

  /**
   * The pairs involving annotator `filter` (every pair when null), most shared examples first, then by
   * the names (a, then b, code units); at most `limit`. Pairs are [i, j] with i < j. Also the number
   * of pairs that match in all (sharing or not).
   */
  rank(filter: string | null, limit: number): { pairs: [number, number][]; matching: number } {
    const { k } = this;
    const byOverlap = (p: [number, number, number], q: [number, number, number]) => q[2] - p[2] || p[0] - q[0] || p[1] - q[1];
    if (filter !== null) {
      const f = this.input.annotators.indexOf(filter);
      if (f < 0) return { pairs: [], matching: 0 };
      const all: [number, number, number][] = [];
      for (let o = 0; o < k; o++) if (o !== f) all.push(o < f ? [o, f, this.shared(o, f)] : [f, o, this.shared(f, o)]);
      all.sort(byOverlap);
      return { pairs: all.slice(0, Math.max(0, limit)).map(([i, j]) => [i, j]), matching: all.length };
    }
    const nonzero = [...this.sharing()].sort(byOverlap);
    const pairs: [number, number][] = nonzero.slice(0, Math.max(0, limit)).map(([i, j]) => [i, j]);
    // Fewer sharing pairs than asked for: the rest in name order (they share nothing).
    for (let i = 0; i < k && pairs.length < limit; i++) {
      for (let j = i + 1; j < k && pairs.length < limit; j++) if (this.shared(i, j) === 0) pairs.push([i, j]);
    }
    return { pairs, matching: (k * (k - 1)) / 2 };
  }

  /** The labels of annotators i and j on the examples both labelled, in `input.examples` order (as `pairwiseAgreement`). */
  sharedValues(i: number, j: number): { a: number[]; b: number[] } {
    const { starts, example, value } = this.input;
    const a: number[] = [];
    const b: number[] = [];
    let p = starts[i]!;
    let q = starts[j]!;
    const pEnd = starts[i + 1]!;
    const qEnd = starts[j + 1]!;
    while (p < pEnd && q < qEnd) {
      const ep = example[p]!;
      const eq = example[q]!;
      if (ep === eq) {
        a.push(value[p++]!);
        b.push(value[q++]!);
      } else if (ep < eq) p++;
      else q++;
    }
    return { a, b };
  }

  /** The point values of one pair (no CI), as `pairwiseAgreement` gives them. */
  point(i: number, j: number): PairAgreement {
    const { a, b } = this.sharedValues(i, j);
    return { a: this.input.annotators[i]!, b: this.input.annotators[j]!, n: a.length, ccc: ccc(a, b), meanAbsDiff: mae(a, b) };
  }
}

/** The summary of an input (the same numbers as icc21, krippendorffAlphaInterval and largestDisagreements of its labels). */
export function agreementSummary(overlaps: PairOverlaps, disagreements: number): AgreementSummary {
  const state = labelStateOf(overlaps.input);
  const names = overlaps.input.annotators;
  const { sharing, withCcc } = overlaps.counts();
  return {
    icc: icc21(state, names),
    alpha: krippendorffAlphaInterval(state, names),
    worst: largestDisagreements(state, disagreements),
    pairs: (names.length * (names.length - 1)) / 2,
    pairsSharing: sharing,
    pairsWithCcc: withCcc,
  };
}

/** A page of the ranking with point values (`PairOverlaps.rank`, then `point` of each pair). */
export function pairPage(overlaps: PairOverlaps, filter: string | null, limit: number): { page: PairPage; indices: [number, number][] } {
  const { pairs, matching } = overlaps.rank(filter, limit);
  return { page: { pairs: pairs.map(([i, j]) => overlaps.point(i, j)), matching }, indices: pairs };
}

/**
 * The bootstrap CIs of the CCC of some pairs, pair after pair, in steps of a few resamples: the
 * same intervals as `pairwiseAgreement(…, bootstrap)` (`bootstrapMomentCis` of each pair's shared
 * examples). A pair sharing fewer than 2 examples gets null at once.
 */
export class PairCiJob {
  /** Pairs finished; their CIs are `cis[0 .. done)`. */
  done = 0;
  readonly cis: (Interval | null)[] = [];
  private current: MomentBootstrap | null = null;

  constructor(
    private readonly overlaps: PairOverlaps,
    private readonly pairs: readonly (readonly [number, number])[],
    private readonly options: BootstrapOptions,
  ) {}

  get total(): number {
    return this.pairs.length;
  }

  /** Resamples done of all pairs' (shared-example pairs count `resamples` each), for progress. */
  get share(): number {
    if (this.pairs.length === 0) return 1;
    const partial = this.current ? this.current.done / this.current.resamples : 0;
    return (this.done + partial) / this.pairs.length;
  }

  /** Runs up to `resamples` more resamples (finishing pairs on the way); true once every pair is done. */
  step(resamples: number): boolean {
    let budget = resamples;
    while (this.done < this.pairs.length && budget > 0) {
      if (!this.current) {
        const [i, j] = this.pairs[this.done]!;
        const { a, b } = this.overlaps.sharedValues(i, j);
        this.current = new MomentBootstrap([a], b, this.options);
      }
      const before = this.current.done;
      const finished = this.current.step(budget);
      budget -= Math.max(1, this.current.done - before);
      if (finished) {
        this.cis.push(this.current.intervals()[0]!.ccc);
        this.current = null;
        this.done++;
      }
    }
    return this.done >= this.pairs.length;
  }
}
