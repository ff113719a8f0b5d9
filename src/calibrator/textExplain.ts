// What the text ridge (textModel.ts) learned from the reasoning, in words (issue 15 point 4): the
// hashed n-gram buckets that push predictions up and down most, named by the n-grams of the dataset
// that fall in them, and what moved one example's prediction. Pure, no DOM.
//
// A bucket is a hash (mod D) of many possible n-grams, so it is named by the n-grams actually seen
// in the texts read: its most frequent one, plus "+N more" when others collide into it.
import { buildFeatures } from './features.ts';
import { fnv1a32, hashNgrams, scanTokens, type TokenSpans } from './textFeatures.ts';
import type { PromptTexts, TextFeaturizerSpec, TextRidgeModel } from './textModel.ts';
import { promptTexts } from './textInput.ts';
import type { Example } from '../domain/types.ts';

/** One n-gram string and how many times it occurs in the texts read. */
export interface NgramCount {
  text: string;
  count: number;
}

/** The n-grams seen in one bucket. */
export interface BucketNgrams {
  /** The most frequent n-grams of the bucket (up to 3), most frequent first (ties alphabetical). */
  top: NgramCount[];
  /** Distinct n-grams seen in the bucket (collisions: more than one). */
  distinct: number;
  /** Examples read that hold the bucket. */
  examples: number;
}

/** Bucket → the n-grams hashed to it, over some examples' texts. */
export interface NgramDictionary {
  spec: TextFeaturizerSpec;
  /** Examples read. */
  n: number;
  buckets: ReadonlyMap<number, BucketNgrams>;
}

const SPACE = 0x20;
const FNV_PRIME = 16777619;

/** N-grams kept per bucket. */
export const TOP_PER_BUCKET = 3;

/**
 * The n-gram strings of each bucket in the texts of `examples` (null: every example of `texts`),
 * tokenised and hashed exactly as `hashNgrams` does (n-grams within one text, bucket =
 * FNV-1a 32 mod D). With `only`, just those buckets are recorded (every text is still read).
 */
export function ngramsOf(
  texts: PromptTexts,
  examples: ArrayLike<number> | null,
  spec: TextFeaturizerSpec,
  only: ReadonlySet<number> | null = null,
): NgramDictionary {
  const namer = new NgramNamer(spec, only);
  namer.add(texts, examples);
  return namer.finish();
}

/**
 * `ngramsOf` built a part at a time (`add`), so the reasoning can be read from storage a chunk at a
 * time: parts of distinct examples give the dictionary of all of them at once.
 */
export class NgramNamer {
  readonly spec: TextFeaturizerSpec;
  private readonly maxN: number;
  /** Recorded n-gram → its bucket and count. */
  private readonly seen = new Map<string, { bucket: number; count: number }>();
  /** Bucket → examples holding it and the last example that did (numbered across parts). */
  private readonly df = new Map<number, { examples: number; last: number }>();
  /** 1 for a bucket to record (`only`), as a bitmap: a Set lookup per n-gram costs more than the rest. */
  private readonly wanted: Uint8Array | null;
  // hash[k · cap + i]: FNV-1a of the k-gram ending at token i (it continues the (k−1)-gram's hash
  // over ' ' and token i), so no n-gram string is built for a bucket not recorded.
  private cap = 256;
  private hash: Int32Array;
  private spans: TokenSpans | undefined;
  /** Examples read so far. */
  private n = 0;

  constructor(spec: TextFeaturizerSpec, only: ReadonlySet<number> | null = null) {
    this.spec = spec;
    const orders = spec.ngrams;
    this.maxN = orders.length > 0 ? orders[orders.length - 1]! : 0;
    this.hash = new Int32Array((this.maxN + 1) * this.cap);
    const d = spec.buckets;
    this.wanted = only === null ? null : new Uint8Array(d);
    if (this.wanted !== null && only !== null) for (const b of only) if (Number.isInteger(b) && b >= 0 && b < d) this.wanted[b] = 1;
  }

  private record(b: number, ngram: string, r: number): void {
    const entry = this.seen.get(ngram);
    if (entry) entry.count++;
    else this.seen.set(ngram, { bucket: b, count: 1 });
    const f = this.df.get(b);
    if (!f) this.df.set(b, { examples: 1, last: r });
    else if (f.last !== r) {
      f.examples++;
      f.last = r;
    }
  }

  /** Reads the texts of `examples` (indices into `texts`; null: every one). RangeError for an index outside them. */
  add(texts: PromptTexts, examples: ArrayLike<number> | null): void {
    const d = this.spec.buckets;
    const orders = this.spec.ngrams;
    const { maxN, wanted } = this;
    const total = texts.offsets.length - 1;
    const rows = examples ?? Int32Array.from({ length: total }, (_, e) => e);
    for (let r = 0; r < rows.length; r++) {
      const e = rows[r]!;
      if (!(Number.isInteger(e) && e >= 0 && e < total)) throw new RangeError(`example ${e} is not in 0..${total - 1}`);
      const example = this.n + r;
      for (let t = texts.offsets[e]!; t < texts.offsets[e + 1]!; t++) {
        const spans = (this.spans = scanTokens(texts.texts[t]!, this.spans));
        const { lower, n, start, end } = spans;
        if (n > this.cap) {
          this.cap = Math.max(n, this.cap * 2);
          this.hash = new Int32Array((maxN + 1) * this.cap);
        }
        const { cap, hash } = this;
        hash.set(spans.hash.subarray(0, n), cap);
        for (let i = 0; i < n; i++) {
          for (let k = 2; k <= maxN && k <= i + 1; k++) {
            hash[k * cap + i] = fnv1a32(lower, Math.imul(hash[(k - 1) * cap + i - 1]! ^ SPACE, FNV_PRIME) >>> 0, start[i]!, end[i]!);
          }
          for (let o = 0; o < orders.length; o++) {
            const k = orders[o]!;
            if (k > i + 1) break;
            const b = (hash[k * cap + i]! >>> 0) % d;
            if (wanted !== null && wanted[b] === 0) continue;
            // An n-gram is its tokens joined by one space; in the lowercased text they are separated
            // by anything, so the string is built from the spans.
            let ngram = lower.slice(start[i + 1 - k]!, end[i + 1 - k]!);
            for (let q = i + 2 - k; q <= i; q++) ngram += ' ' + lower.slice(start[q]!, end[q]!);
            this.record(b, ngram, example);
          }
        }
      }
    }
    this.n += rows.length;
  }

  /** The dictionary of every example read. */
  finish(): NgramDictionary {
    const lists = new Map<number, NgramCount[]>();
    for (const [text, { bucket, count }] of this.seen) {
      const list = lists.get(bucket);
      if (list) list.push({ text, count });
      else lists.set(bucket, [{ text, count }]);
    }
    const buckets = new Map<number, BucketNgrams>();
    for (const [bucket, list] of lists) {
      list.sort((a, b) => b.count - a.count || (a.text < b.text ? -1 : a.text > b.text ? 1 : 0));
      buckets.set(bucket, { top: list.slice(0, TOP_PER_BUCKET), distinct: list.length, examples: this.df.get(bucket)!.examples });
    }
    return { spec: this.spec, n: this.n, buckets };
  }
}

/** A bucket as shown: its n-grams (most frequent first) and how many more collide into it. */
export interface NamedBucket {
  bucket: number;
  /** Plain-text name: the top n-gram, plus " +N more" for the others seen (or "bucket j" when none was). */
  label: string;
  ngrams: NgramCount[];
  /** Distinct n-grams seen beyond the first. */
  more: number;
}

function named(bucket: number, dictionary: NgramDictionary): NamedBucket {
  const b = dictionary.buckets.get(bucket);
  if (!b || b.top.length === 0) return { bucket, label: `bucket ${bucket}`, ngrams: [], more: 0 };
  const more = b.distinct - 1;
  return { bucket, label: more > 0 ? `${b.top[0]!.text} +${more} more` : b.top[0]!.text, ngrams: b.top, more };
}

/** A bucket's weight per unit of tf. */
export interface NgramWeight extends NamedBucket {
  /** wText_j · idf_j × (max − min): scale units per unit of tf-idf before the row's normalisation. */
  weight: number;
  /** Examples of the dictionary holding the bucket. */
  examples: number;
}

/** The buckets with the k largest positive and the k most negative weights wText_j · idf_j (ties: lower bucket first). */
export function topBuckets(model: TextRidgeModel, k: number): { up: number[]; down: number[] } {
  const w = (j: number) => model.wText[j]! * model.idf[j]!;
  const up: number[] = [];
  const down: number[] = [];
  for (let j = 0; j < model.wText.length; j++) {
    const v = w(j);
    if (v > 0) up.push(j);
    else if (v < 0) down.push(j);
  }
  up.sort((a, b) => w(b) - w(a) || a - b);
  down.sort((a, b) => w(a) - w(b) || a - b);
  return { up: up.slice(0, k), down: down.slice(0, k) };
}

/** The n-grams that push predictions up and down most (`topBuckets`), named from `dictionary`. */
export function topNgrams(model: TextRidgeModel, dictionary: NgramDictionary, k = 15): { up: NgramWeight[]; down: NgramWeight[] } {
  const range = model.scale.max - model.scale.min;
  const top = topBuckets(model, k);
  const weigh = (j: number): NgramWeight => ({
    ...named(j, dictionary),
    weight: model.wText[j]! * model.idf[j]! * range,
    examples: dictionary.buckets.get(j)?.examples ?? 0,
  });
  return { up: top.up.map(weigh), down: top.down.map(weigh) };
}

/** One bucket's part in one example's prediction. */
export interface Contribution extends NamedBucket {
  /** The bucket's hashed count in the example. */
  count: number;
  /** wText_j · tfidf_j × (max − min), in scale units. */
  value: number;
}

/** One example's prediction taken apart (textModel.ts): unit = intercept + text + score. */
export interface ExampleExplanation {
  /** Unit space (0..1 over the scale). */
  intercept: number;
  /** Σ_j wText_j · tfidf_j, unit space. */
  text: number;
  /** Σ_f wScore_f · z_f, unit space. */
  score: number;
  /** intercept + text + score: the model's unit prediction, before clipping. */
  unit: number;
  /** max − min: unit-space values × range are scale units. */
  range: number;
  /** Every bucket of the example, in bucket order. */
  contributions: Contribution[];
  /** The largest positive contributions, largest first, and the most negative, most negative first. */
  up: Contribution[];
  down: Contribution[];
}

/**
 * One example's prediction by the text ridge, bucket by bucket: `index`/`count` are its hashed
 * counts (one CSR row of `hashNgrams`), `scoreFeatures` its raw score features, `dictionary` names
 * the buckets. The `top` largest contributions each way are listed apart.
 */
export function explainExample(
  model: TextRidgeModel,
  index: ArrayLike<number>,
  count: ArrayLike<number>,
  scoreFeatures: ArrayLike<number>,
  dictionary: NgramDictionary,
  top = 5,
): ExampleExplanation {
  const range = model.scale.max - model.scale.min;
  let norm2 = 0;
  for (let i = 0; i < index.length; i++) {
    const v = (1 + Math.log(count[i]!)) * model.idf[index[i]!]!;
    norm2 += v * v;
  }
  const norm = Math.sqrt(norm2);
  let text = 0;
  const contributions: Contribution[] = [];
  for (let i = 0; i < index.length; i++) {
    const j = index[i]!;
    const u = norm > 0 ? (model.wText[j]! * (1 + Math.log(count[i]!)) * model.idf[j]!) / norm : 0;
    text += u;
    contributions.push({ ...named(j, dictionary), count: count[i]!, value: u * range });
  }
  let score = 0;
  for (let f = 0; f < model.wScore.length; f++)
    score += model.wScore[f]! * ((scoreFeatures[f]! - model.stats.mean[f]!) / model.stats.sd[f]!);
  const up = contributions.filter((c) => c.value > 0).sort((a, b) => b.value - a.value || a.bucket - b.bucket);
  const down = contributions.filter((c) => c.value < 0).sort((a, b) => a.value - b.value || a.bucket - b.bucket);
  return {
    intercept: model.intercept,
    text,
    score,
    unit: model.intercept + text + score,
    range,
    contributions,
    up: up.slice(0, top),
    down: down.slice(0, top),
  };
}

/**
 * `explainExample` for one dataset example: its reasoning under the model's prompt version hashed
 * (only this example's texts), its score features computed as the trainer does. Null when the model
 * cannot predict it (no rollout of the version, or fewer than K for sorted features).
 */
export function explainExampleOf(model: TextRidgeModel, example: Example, top = 5): ExampleExplanation | null {
  const texts = promptTexts([example], model.prompt);
  const scores = Float64Array.from(example.rollouts.filter((r) => r.prompt === model.prompt).map((r) => r.score));
  const features = buildFeatures({ prompt: model.prompt, offsets: Int32Array.of(0, scores.length), scores, rail: null }, 1, model.scale, {
    set: model.scoreSet,
    k: model.k,
  });
  if (features.rows.length === 0) return null;
  const counts = hashNgrams(texts, 1, model.text);
  return explainExample(model, counts.index, counts.count, features.x, ngramsOf(texts, null, model.text), top);
}
