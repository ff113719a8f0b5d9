// What `cli apply` keeps of each example read, in columns: taken from the importer's examples on
// the main thread (table files, small files) or on the read threads (readThread.ts, large
// canonical JSONL), and appended in file order to the examples waiting for the model. A
// multi-version calibrator reads every score of each of its other versions too: kept beside the
// scores of its own, in CSR form as well (`others`).
import type { PromptTexts } from '../src/calibrator/textModel.ts';
import type { PromptRollouts } from '../src/domain/analysisInput.ts';
import type { Example } from '../src/domain/types.ts';

/** What apply reads of an example: the calibrator's prompt version's scores, on its scale, and for a text calibrator their reasoning. */
export interface ApplyRead {
  prompt: string;
  /**
   * The other prompt versions a multi-version calibrator reads (its prompts after the first, in
   * order): every score of each is kept too; empty for any other calibrator.
   */
  others: readonly string[];
  /** Sorted features keep only an example's first `k` scores (what the calibrator reads). */
  sorted: boolean;
  k: number;
  min: number;
  max: number;
  /** Keep the reasoning of every rollout of the prompt version (a text calibrator reads it all, not only the first K). */
  text: boolean;
}

/** A Float64Array that grows by doubling. */
export class FloatList {
  data: Float64Array;
  length = 0;
  constructor(capacity = 1024) {
    this.data = new Float64Array(capacity);
  }
  push(v: number): void {
    if (this.length === this.data.length) this.grow(this.length + 1);
    this.data[this.length++] = v;
  }
  /** Appends `values`. */
  pushAll(values: Float64Array): void {
    if (this.length + values.length > this.data.length) this.grow(this.length + values.length);
    this.data.set(values, this.length);
    this.length += values.length;
  }
  view(): Float64Array {
    return this.data.subarray(0, this.length);
  }
  private grow(min: number): void {
    let size = Math.max(1, this.data.length * 2);
    while (size < min) size *= 2;
    const next = new Float64Array(size);
    next.set(this.data.subarray(0, this.length));
    this.data = next;
  }
}

/** Pending's columns as one message between threads (the typed arrays transferable, trimmed to length). */
export interface ApplyColumns {
  ids: string[];
  targets: Float64Array;
  /** 1: the example is in the test split. */
  test: Uint8Array;
  counts: Int32Array;
  /** Scores of the prompt outside [min, max], per example. */
  outside: Int32Array;
  offsets: Int32Array;
  scores: Float64Array;
  /** The reasoning of the prompt's rollouts ('' where one has none): example e owns texts[textOffsets[e] .. textOffsets[e + 1]); empty unless `ApplyRead.text`. */
  texts: string[];
  textOffsets: Int32Array;
  /** Every score of each of `ApplyRead.others`, in its order, in CSR form as `offsets`/`scores`; empty for a calibrator of one version. */
  others: { offsets: Int32Array; scores: Float64Array }[];
}

/** Every score of one more prompt version (a multi-version calibrator's), per example, in CSR form. */
class VersionScores {
  offsets = new Int32Array(1024 + 1);
  scores = new FloatList(1024);

  /** Ends example `e`, whose scores were pushed. */
  end(e: number): void {
    if (e + 1 >= this.offsets.length) {
      const next = new Int32Array(Math.max(this.offsets.length * 2, e + 2));
      next.set(this.offsets);
      this.offsets = next;
    }
    this.offsets[e + 1] = this.scores.length;
  }
}

/**
 * Examples read but not yet run: ids, targets (NaN: none), test flags and the calibrator's
 * prompt's scores in CSR form, so `scoresMatrix` lays them out exactly as the app does. The sorted
 * set keeps only an example's first K scores (what it reads); `counts` keeps how many it had, and
 * `outside` how many lay outside the scale. For a text calibrator, the reasoning of every rollout
 * of the prompt in CSR form too, laid out as `promptTexts` lays it out for the app; for a
 * multi-version calibrator, every score of each of its other versions (`others`, in its order).
 */
export class Pending {
  ids: string[] = [];
  targets = new FloatList();
  test: boolean[] = [];
  counts: number[] = [];
  outside: number[] = [];
  offsets = new Int32Array(1024 + 1);
  scores = new FloatList(16 * 1024);
  texts: string[] = [];
  textOffsets = new Int32Array(1024 + 1);
  /** Scores of the other versions a multi-version calibrator reads, in `ApplyRead.others` order. */
  readonly others: VersionScores[];

  /** `others`: how many more prompt versions are kept (`ApplyRead.others.length`). */
  constructor(others = 0) {
    this.others = Array.from({ length: others }, () => new VersionScores());
  }

  get size(): number {
    return this.ids.length;
  }

  /** Ends an example whose scores were pushed to `scores` (and reasoning to `texts`). */
  add(id: string, target: number, test: boolean, count: number, outside: number): void {
    const e = this.ids.length;
    if (e + 1 >= this.offsets.length) {
      const next = new Int32Array(this.offsets.length * 2);
      next.set(this.offsets);
      this.offsets = next;
      const nextTexts = new Int32Array(next.length);
      nextTexts.set(this.textOffsets);
      this.textOffsets = nextTexts;
    }
    this.textOffsets[e + 1] = this.texts.length;
    this.ids.push(id);
    this.targets.push(target);
    this.test.push(test);
    this.counts.push(count);
    this.outside.push(outside);
    this.offsets[e + 1] = this.scores.length;
    for (const o of this.others) o.end(e);
  }

  /** Takes what `read` keeps of each example of `batch` (its `others` must be as many as this Pending keeps). */
  take(batch: readonly Example[], read: ApplyRead): void {
    const { prompt, sorted, k, min, max, text, others } = read;
    if (others.length !== this.others.length) throw new RangeError(`${others.length} other versions read, ${this.others.length} kept`);
    for (const ex of batch) {
      let count = 0;
      let outside = 0;
      for (const r of ex.rollouts) {
        if (r.prompt !== prompt) {
          if (others.length === 0) continue;
          const v = others.indexOf(r.prompt);
          if (v < 0) continue;
          if (r.score < min || r.score > max) outside++;
          this.others[v]!.scores.push(r.score);
          continue;
        }
        const s = r.score;
        if (s < min || s > max) outside++;
        if (!sorted || count < k) this.scores.push(s);
        if (text) this.texts.push(r.reasoning ?? '');
        count++;
      }
      this.add(ex.id, ex.target ?? NaN, ex.split === 'test', count, outside);
    }
  }

  /** Appends the examples of `cols` but those at the indices `skip` (ascending). */
  append(cols: ApplyColumns, skip: readonly number[] = []): void {
    let s = 0;
    for (let e = 0; e < cols.ids.length; e++) {
      if (s < skip.length && skip[s] === e) {
        s++;
        continue;
      }
      this.scores.pushAll(cols.scores.subarray(cols.offsets[e]!, cols.offsets[e + 1]!));
      for (let t = cols.textOffsets[e]!; t < cols.textOffsets[e + 1]!; t++) this.texts.push(cols.texts[t]!);
      this.others.forEach((o, v) => {
        const c = cols.others[v]!;
        o.scores.pushAll(c.scores.subarray(c.offsets[e]!, c.offsets[e + 1]!));
      });
      this.add(cols.ids[e]!, cols.targets[e]!, cols.test[e] === 1, cols.counts[e]!, cols.outside[e]!);
    }
  }

  /** The columns as one message (copies, trimmed). */
  columns(): ApplyColumns {
    const n = this.size;
    return {
      ids: this.ids,
      targets: this.targets.data.slice(0, n),
      test: Uint8Array.from(this.test, (t) => (t ? 1 : 0)),
      counts: Int32Array.from(this.counts),
      outside: Int32Array.from(this.outside),
      offsets: this.offsets.slice(0, n + 1),
      scores: this.scores.data.slice(0, this.scores.length),
      texts: this.texts,
      textOffsets: this.textOffsets.slice(0, n + 1),
      others: this.others.map((o) => ({ offsets: o.offsets.slice(0, n + 1), scores: o.scores.data.slice(0, o.scores.length) })),
    };
  }

  /** A new Pending holding the examples from `from` on (the part of a run not yet complete). */
  rest(from: number): Pending {
    const out = new Pending(this.others.length);
    for (let e = from; e < this.ids.length; e++) {
      out.scores.pushAll(this.scores.data.subarray(this.offsets[e]!, this.offsets[e + 1]!));
      for (let t = this.textOffsets[e]!; t < this.textOffsets[e + 1]!; t++) out.texts.push(this.texts[t]!);
      this.others.forEach((o, v) => out.others[v]!.scores.pushAll(o.scores.data.subarray(o.offsets[e]!, o.offsets[e + 1]!)));
      out.add(this.ids[e]!, this.targets.data[e]!, this.test[e]!, this.counts[e]!, this.outside[e]!);
    }
    return out;
  }

  rollouts(prompt: string): PromptRollouts {
    return { prompt, offsets: this.offsets, scores: this.scores.data, rail: null };
  }

  /** A multi-version calibrator's rollouts, `versions` its prompts (the own version, then `ApplyRead.others`): what `multiScoresMatrix` takes. */
  versionRollouts(versions: readonly string[]): PromptRollouts[] {
    if (versions.length !== this.others.length + 1) throw new RangeError(`${versions.length} versions, ${this.others.length + 1} kept`);
    return versions.map((prompt, v) =>
      v === 0
        ? this.rollouts(prompt)
        : { prompt, offsets: this.others[v - 1]!.offsets, scores: this.others[v - 1]!.scores.data, rail: null },
    );
  }

  /** The reasoning, as the app's `promptTexts` lays it out (empty unless read with `ApplyRead.text`). */
  promptTexts(prompt: string): PromptTexts {
    return { prompt, offsets: this.textOffsets, texts: this.texts };
  }

  /** Whether example `e` has reasoning (some rollout of the prompt with a non-blank one). */
  hasReasoning(e: number): boolean {
    for (let t = this.textOffsets[e]!; t < this.textOffsets[e + 1]!; t++) if (this.texts[t]!.trim() !== '') return true;
    return false;
  }

  clear(): void {
    this.ids = [];
    this.texts = [];
    this.targets.length = 0;
    this.test = [];
    this.counts = [];
    this.outside = [];
    this.scores.length = 0;
    for (const o of this.others) o.scores.length = 0;
  }
}
