// The text featuriser of issue 15 (docs/ARCHITECTURE.md §9.9): a prompt version's reasoning texts
// as hashed n-gram counts per example, exactly as `TextFeaturizerSpec` (textModel.ts) defines them,
// then the tf-idf rows the ridge solver reads. Pure, no DOM; runs in the training worker and in node.
//
// Speed: one pass over each lowercased text's UTF-16 code units, no regex and no string per token or
// n-gram. FNV-1a is sequential, so each n-gram's hash is carried along while its last token is read:
// the unigram state starts at the offset basis, the bigram state at hash(previous token) continued
// with ' ', and so on for higher orders (a specialised loop for orders ≤ 2, a general one above).
// Counts of one example go to a reusable scratch of size D with a list of the buckets touched, put in
// order at the end of the example through a bitmap (many buckets) or a sort (few).
//
// Agreement with Python (testdata/text-features-fixture.py): `toLowerCase` and `str.lower()` agree,
// special casings included ('İ' → 'i' + U+0307, 'ẞ' → 'ß', final sigma 'Σ' → 'ς'), and so do the
// general categories, on every code point assigned in Unicode 14 (Python 3.11's `unicodedata`). The
// 14,184 code points assigned since then (node 20 ships Unicode 17) are letters/marks/numbers here and
// unassigned (Cn, a separator) in Python 3.11; 55 of them also lowercase differently.
import { carriesReasoning } from './textInput.ts';
import type { HashedCounts, PromptTexts, SparseRows, TextFeaturizerSpec } from './textModel.ts';

/** 32-bit FNV-1a offset basis (2166136261) as an int32. */
const FNV_OFFSET = 0x811c9dc5 | 0;
const FNV_PRIME = 16777619;
const SPACE = 0x20;
const REPLACEMENT = 0xfffd;

/** Largest D accepted (the bucket of a hash is computed as an unsigned 32-bit remainder). */
export const MAX_BUCKETS = 1 << 30;

/** Continues an FNV-1a state (int32) with the UTF-8 bytes of one code point (< 0x110000). */
function fnvCodePoint(h: number, cp: number): number {
  if (cp < 0x80) return Math.imul(h ^ cp, FNV_PRIME);
  if (cp < 0x800) {
    h = Math.imul(h ^ (0xc0 | (cp >> 6)), FNV_PRIME);
  } else {
    if (cp < 0x10000) {
      h = Math.imul(h ^ (0xe0 | (cp >> 12)), FNV_PRIME);
    } else {
      h = Math.imul(h ^ (0xf0 | (cp >> 18)), FNV_PRIME);
      h = Math.imul(h ^ (0x80 | ((cp >> 12) & 0x3f)), FNV_PRIME);
    }
    h = Math.imul(h ^ (0x80 | ((cp >> 6) & 0x3f)), FNV_PRIME);
  }
  return Math.imul(h ^ (0x80 | (cp & 0x3f)), FNV_PRIME);
}

/**
 * 32-bit FNV-1a (unsigned) of the UTF-8 encoding of `s`, as `TextEncoder` produces it: a surrogate
 * pair is one 4-byte code point, a lone surrogate is hashed as U+FFFD (EF BF BD). The featuriser
 * never hashes a lone surrogate: its category is Cs, so it separates tokens. With `state`, continues
 * that FNV-1a state (an unsigned hash of a prefix): fnv1a32(b, fnv1a32(a)) = fnv1a32(a + b); with
 * `from`/`to`, hashes `s.slice(from, to)` without making it.
 */
export function fnv1a32(s: string, state = 2166136261, from = 0, to = s.length): number {
  let h = state | 0;
  const len = to;
  for (let i = from; i < len; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) {
      h = Math.imul(h ^ c, FNV_PRIME);
      continue;
    }
    let cp = c;
    if (c >= 0xd800 && c <= 0xdfff) {
      const lo = i + 1 < len ? s.charCodeAt(i + 1) : 0;
      if (c <= 0xdbff && lo >= 0xdc00 && lo <= 0xdfff) {
        cp = 0x10000 + ((c - 0xd800) << 10) + (lo - 0xdc00);
        i++;
      } else cp = REPLACEMENT;
    }
    h = fnvCodePoint(h, cp);
  }
  return h >>> 0;
}

// ---------------------------------------------------------------------------------------------
// Token characters: general category L*, M* or N*

const TOKEN_CHAR = /[\p{L}\p{M}\p{N}]/u;
/** ASCII: 1 for [0-9A-Za-z]. */
const ASCII_TOKEN = new Uint8Array(128);
for (let c = 0; c < 128; c++) ASCII_TOKEN[c] = TOKEN_CHAR.test(String.fromCharCode(c)) ? 1 : 0;
/** Basic multilingual plane, filled on first sight: 0 unknown, 1 token character, 2 separator. */
const BMP_TOKEN = new Uint8Array(0x10000);

function isTokenCodePoint(cp: number): boolean {
  if (cp < 0x10000) {
    let t = BMP_TOKEN[cp]!;
    if (t === 0) {
      // Surrogates (category Cs) never reach here as code points below 0x10000 except lone ones.
      t = TOKEN_CHAR.test(String.fromCharCode(cp)) ? 1 : 2;
      BMP_TOKEN[cp] = t;
    }
    return t === 1;
  }
  return TOKEN_CHAR.test(String.fromCodePoint(cp));
}

/**
 * The tokens of one text exactly as `hashNgrams` reads them (step 1 of `TextFeaturizerSpec`): the
 * maximal runs of \p{L}\p{M}\p{N} code points of the lowercased text, a lone surrogate separating.
 * Token i is `lower.slice(start[i], end[i])`, `hash[i]` its FNV-1a (int32). For naming what a model
 * learned (textExplain.ts); `hashNgrams` itself never materialises tokens.
 */
export interface TokenSpans {
  lower: string;
  n: number;
  start: Int32Array;
  end: Int32Array;
  hash: Int32Array;
}

/** The token spans of `text`, written into `out` (grown as needed) when given. */
export function scanTokens(text: string, out?: TokenSpans): TokenSpans {
  const s = text.toLowerCase();
  const len = s.length;
  // Tokens are separated, so a text of len code units holds at most ⌈len / 2⌉.
  const most = (len + 1) >> 1;
  const spans: TokenSpans =
    out && out.start.length >= most
      ? out
      : {
          lower: s,
          n: 0,
          start: new Int32Array(Math.max(most, 64)),
          end: new Int32Array(Math.max(most, 64)),
          hash: new Int32Array(Math.max(most, 64)),
        };
  const { start, end, hash } = spans;
  let n = 0;
  let from = -1;
  let h = 0;
  for (let i = 0; i < len; i++) {
    const at = i;
    let c = s.charCodeAt(i);
    if (c < 0x80) {
      if (ASCII_TOKEN[c] === 1) {
        if (from < 0) {
          from = at;
          h = FNV_OFFSET;
        }
        h = Math.imul(h ^ c, FNV_PRIME);
        continue;
      }
    } else {
      if (c >= 0xd800 && c <= 0xdbff && i + 1 < len) {
        const lo = s.charCodeAt(i + 1);
        if (lo >= 0xdc00 && lo <= 0xdfff) {
          c = 0x10000 + ((c - 0xd800) << 10) + (lo - 0xdc00);
          i++;
        }
      }
      if (isTokenCodePoint(c)) {
        if (from < 0) {
          from = at;
          h = FNV_OFFSET;
        }
        h = fnvCodePoint(h, c);
        continue;
      }
    }
    if (from >= 0) {
      start[n] = from;
      end[n] = at;
      hash[n++] = h;
      from = -1;
    }
  }
  if (from >= 0) {
    start[n] = from;
    end[n] = len;
    hash[n++] = h;
  }
  spans.lower = s;
  spans.n = n;
  return spans;
}

/** The token strings of `text` (see `scanTokens`). */
export function tokenize(text: string): string[] {
  const t = scanTokens(text);
  return Array.from({ length: t.n }, (_, i) => t.lower.slice(t.start[i]!, t.end[i]!));
}

// ---------------------------------------------------------------------------------------------
// Hashed n-gram counts

/** Highest n-gram order accepted. */
export const MAX_ORDER = 8;

function checkSpec(spec: TextFeaturizerSpec): void {
  const d = spec.buckets;
  if (!(Number.isInteger(d) && d >= 1 && d <= MAX_BUCKETS)) throw new RangeError(`buckets must be an integer in 1..2^30, got ${d}`);
  const orders = spec.ngrams;
  if (orders.length === 0) throw new RangeError('ngrams must hold at least one order');
  for (let i = 0; i < orders.length; i++) {
    const k = orders[i]!;
    if (!(Number.isInteger(k) && k >= 1 && k <= MAX_ORDER))
      throw new RangeError(`n-gram orders must be integers in 1..${MAX_ORDER}, got ${k}`);
    if (i > 0 && !(k > orders[i - 1]!)) throw new RangeError(`ngrams must be strictly ascending, got ${orders.join(', ')}`);
  }
}

/** Emit through the bitmap instead of sorting when touched buckets × this ≥ bitmap words (D / 32). */
const BITMAP_RATIO = 8;

/** The counts of the example being read: a scratch of size D and the buckets touched, in first-seen order. */
class Accumulator {
  readonly d: number;
  /** D − 1 when D is a power of two, else −1 (then the bucket is an unsigned remainder). */
  readonly mask: number;
  readonly scratch: Int32Array;
  touched: Int32Array;
  nTouched = 0;

  constructor(d: number) {
    this.d = d;
    this.mask = (d & (d - 1)) === 0 ? d - 1 : -1;
    this.scratch = new Int32Array(d);
    this.touched = new Int32Array(Math.min(d, 1 << 12));
  }

  /** A touched list with room for `extra` more buckets. */
  room(extra: number): Int32Array {
    const need = Math.min(this.d, this.nTouched + extra);
    if (need > this.touched.length) {
      const grown = new Int32Array(Math.min(this.d, Math.max(need, this.touched.length * 2)));
      grown.set(this.touched.subarray(0, this.nTouched));
      this.touched = grown;
    }
    return this.touched;
  }
}

/** ASCII code unit → its lowercase (A–Z → a–z, the rest unchanged): what toLowerCase does to ASCII. */
const ASCII_LOWER = Uint8Array.from({ length: 128 }, (_, c) => (c >= 65 && c <= 90 ? c + 32 : c));

/**
 * Adds the uni- and/or bigrams of one text, lowercased, to `acc`: the hot path of the common spec.
 * `h1` is the FNV state of the token being read, `h2` that of the bigram ending with it (the previous
 * token's hash continued with ' '), both fed each byte of the token. ASCII is lowercased in the loop
 * (an all-ASCII text, the common case, is never copied); at the first other code unit the scan goes
 * on in `raw.toLowerCase()` from the same index — toLowerCase maps ASCII to ASCII one for one, so
 * the prefix read so far is the same in both — as full Unicode lowercasing needs the whole string
 * (final sigma, and 'İ' → 'i̇' or 'K' (Kelvin) → 'k' turning non-ASCII into ASCII).
 */
function scanUniBigrams(raw: string, acc: Accumulator, uni: boolean, bi: boolean): void {
  let s = raw;
  let len = s.length;
  let lowered = false;
  // A text of len code units has at most len/2 + 1 tokens, so at most len + 2 n-grams.
  let touched = acc.room(len + 2);
  const scratch = acc.scratch;
  const mask = acc.mask;
  const d = acc.d;
  let nTouched = acc.nTouched;
  let h1 = 0;
  let h2 = 0;
  let prev = 0;
  let hasPrev = false;
  let inToken = false;
  for (let i = 0; i < len; i++) {
    let c = s.charCodeAt(i);
    if (c < 0x80) {
      if (ASCII_TOKEN[c] === 1) {
        c = ASCII_LOWER[c]!;
        if (!inToken) {
          inToken = true;
          h1 = FNV_OFFSET;
          h2 = Math.imul(prev ^ SPACE, FNV_PRIME);
        }
        h1 = Math.imul(h1 ^ c, FNV_PRIME);
        h2 = Math.imul(h2 ^ c, FNV_PRIME);
        continue;
      }
    } else {
      if (!lowered) {
        // Read index i again, in the lowercased text (longer, maybe: room for its n-grams too).
        s = raw.toLowerCase();
        len = s.length;
        lowered = true;
        acc.nTouched = nTouched;
        touched = acc.room(len + 2);
        i--;
        continue;
      }
      if (c >= 0xd800 && c <= 0xdbff && i + 1 < len) {
        const lo = s.charCodeAt(i + 1);
        if (lo >= 0xdc00 && lo <= 0xdfff) {
          c = 0x10000 + ((c - 0xd800) << 10) + (lo - 0xdc00);
          i++;
        }
      }
      // A lone surrogate stays in 0xd800..0xdfff, category Cs: a separator.
      if (isTokenCodePoint(c)) {
        if (!inToken) {
          inToken = true;
          h1 = FNV_OFFSET;
          h2 = Math.imul(prev ^ SPACE, FNV_PRIME);
        }
        h1 = fnvCodePoint(h1, c);
        h2 = fnvCodePoint(h2, c);
        continue;
      }
    }
    if (inToken) {
      // A separator after a token: count the token and the bigram it ends.
      inToken = false;
      if (uni) {
        const b = mask >= 0 ? h1 & mask : (h1 >>> 0) % d;
        if (scratch[b]!++ === 0) touched[nTouched++] = b;
      }
      if (bi && hasPrev) {
        const b = mask >= 0 ? h2 & mask : (h2 >>> 0) % d;
        if (scratch[b]!++ === 0) touched[nTouched++] = b;
      }
      prev = h1;
      hasPrev = true;
    }
  }
  if (inToken) {
    // The text ends inside a token (same as above).
    if (uni) {
      const b = mask >= 0 ? h1 & mask : (h1 >>> 0) % d;
      if (scratch[b]!++ === 0) touched[nTouched++] = b;
    }
    if (bi && hasPrev) {
      const b = mask >= 0 ? h2 & mask : (h2 >>> 0) % d;
      if (scratch[b]!++ === 0) touched[nTouched++] = b;
    }
  }
  acc.nTouched = nTouched;
}

/**
 * Adds the n-grams of the given orders (`want[k] === 1`, k ≤ maxN) of one lowercased text to `acc`.
 * state[k] is the running hash of the k-gram ending with the token being read, done[k] the hash of
 * the k-gram ending with the last finished token; a token's k-gram starts from done[k − 1] and ' '.
 */
function scanNgrams(s: string, acc: Accumulator, want: Uint8Array, maxN: number, state: Int32Array, done: Int32Array): void {
  const len = s.length;
  const touched = acc.room((len + 2) * maxN);
  const scratch = acc.scratch;
  const mask = acc.mask;
  const d = acc.d;
  let nTouched = acc.nTouched;
  /** Tokens finished in this text. */
  let depth = 0;
  /** Orders live for the current token, min(maxN, depth + 1); 0 outside a token. */
  let live = 0;
  for (let i = 0; i <= len; i++) {
    let c = i < len ? s.charCodeAt(i) : SPACE;
    let isToken: boolean;
    if (c < 0x80) isToken = ASCII_TOKEN[c] === 1;
    else {
      if (c >= 0xd800 && c <= 0xdbff && i + 1 < len) {
        const lo = s.charCodeAt(i + 1);
        if (lo >= 0xdc00 && lo <= 0xdfff) {
          c = 0x10000 + ((c - 0xd800) << 10) + (lo - 0xdc00);
          i++;
        }
      }
      isToken = isTokenCodePoint(c);
    }
    if (isToken) {
      if (live === 0) {
        live = depth + 1 < maxN ? depth + 1 : maxN;
        state[1] = FNV_OFFSET;
        for (let k = 2; k <= live; k++) state[k] = Math.imul(done[k - 1]! ^ SPACE, FNV_PRIME);
      }
      for (let k = 1; k <= live; k++) state[k] = fnvCodePoint(state[k]!, c);
    } else if (live > 0) {
      depth++;
      for (let k = 1; k <= live; k++) {
        const h = state[k]!;
        done[k] = h;
        if (want[k] === 1) {
          const b = mask >= 0 ? h & mask : (h >>> 0) % d;
          if (scratch[b]!++ === 0) touched[nTouched++] = b;
        }
      }
      live = 0;
    }
  }
  acc.nTouched = nTouched;
}

/** Entries per block of the hasher's output (12 MB: Int32 bucket + Float64 count each). */
const BLOCK_ENTRIES = 1 << 20;

/** Throws unless `offsets[0..n]` are ranges of `strings`, example by example. */
function checkOffsets(offsets: Int32Array, strings: readonly string[], n: number): void {
  if (!(Number.isInteger(n) && n >= 0)) throw new RangeError(`n must be an integer ≥ 0, got ${n}`);
  if (offsets.length < n + 1) throw new RangeError(`offsets has ${offsets.length} entries, expected n + 1 = ${n + 1}`);
  for (let e = 0; e < n; e++) {
    if (!(offsets[e]! >= 0 && offsets[e]! <= offsets[e + 1]! && offsets[e + 1]! <= strings.length)) {
      throw new RangeError(`offsets of example ${e} (${offsets[e]}..${offsets[e + 1]}) are not a range of the ${strings.length} texts`);
    }
  }
}

/**
 * Hashed n-gram counts built a part at a time (`add`), so a prompt version's reasoning can be read
 * from storage a chunk at a time and dropped once counted: `finish()` after parts that hold examples
 * 0..n−1 in order equals `hashNgrams` of all of them at once. Memory holds the counts, never the text.
 */
export class NgramHasher {
  readonly spec: TextFeaturizerSpec;
  private readonly want: Uint8Array;
  private readonly maxN: number;
  private readonly state: Int32Array;
  private readonly done: Int32Array;
  private readonly acc: Accumulator;
  private readonly bitmap: Int32Array;
  private readonly blockSize: number;
  // Rows go into blocks of at least BLOCK_ENTRIES entries (a row, ≤ D entries, never straddles two),
  // copied once into the result at the end: growing one array by doubling copied and zero-filled
  // about twice the result, which showed in a fresh worker's first run.
  private readonly full: { index: Int32Array; count: Float64Array; used: number }[] = [];
  private index: Int32Array;
  private count: Float64Array;
  /** Entries in the full blocks before the current one. */
  private base = 0;
  private size = 0;
  private outOffsets: Int32Array;
  private rows = 0;
  private finished = false;
  /** Whether any text added carries reasoning (textInput.ts `carriesReasoning`: not blank), counted or not. */
  carried = false;

  /** `expected`: examples likely to come (sizes the first buffers; more are taken). RangeError for a bad spec. */
  constructor(spec: TextFeaturizerSpec, expected = 0) {
    checkSpec(spec);
    this.spec = spec;
    const orders = spec.ngrams;
    this.maxN = orders[orders.length - 1]!;
    this.want = new Uint8Array(this.maxN + 1);
    for (const k of orders) this.want[k] = 1;
    this.state = new Int32Array(this.maxN + 1);
    this.done = new Int32Array(this.maxN + 1);
    this.acc = new Accumulator(spec.buckets);
    this.bitmap = new Int32Array((spec.buckets + 31) >>> 5);
    this.blockSize = Math.max(BLOCK_ENTRIES, spec.buckets);
    this.index = new Int32Array(Math.min(this.blockSize, Math.max(16, expected * 256)));
    this.count = new Float64Array(this.index.length);
    this.outOffsets = new Int32Array(Math.max(1, expected) + 1);
  }

  /** Examples counted so far. */
  get n(): number {
    return this.rows;
  }

  /** Counts examples 0..n−1 of `texts` (default: all), after those added before. RangeError for bad offsets. */
  add(texts: PromptTexts, n = texts.offsets.length - 1): void {
    if (this.finished) throw new Error('the hasher is finished');
    const { offsets, texts: strings } = texts;
    checkOffsets(offsets, strings, n);
    if (this.rows + n + 1 > this.outOffsets.length) {
      const grown = new Int32Array(Math.max(this.rows + n + 1, this.outOffsets.length * 2));
      grown.set(this.outOffsets.subarray(0, this.rows + 1));
      this.outOffsets = grown;
    }
    const { acc, want, maxN, state, done, bitmap, blockSize } = this;
    for (let e = 0; e < n; e++) {
      for (let t = offsets[e]!; t < offsets[e + 1]!; t++) {
        const s = strings[t]!;
        if (!this.carried && carriesReasoning(s)) this.carried = true;
        if (maxN <= 2) scanUniBigrams(s, acc, want[1] === 1, want[2] === 1);
        else scanNgrams(s.toLowerCase(), acc, want, maxN, state, done);
      }
      // Emit the example: its buckets ascending, then clear the scratch. With many buckets touched, a
      // bitmap of them read word by word beats sorting the touched list (V8's typed-array sort takes
      // ≈ 0.4 ms for 6,000 entries; the bitmap of 2^14 buckets is 512 words).
      const nTouched = acc.nTouched;
      let { index, count } = this;
      if (this.size - this.base + nTouched > index.length) {
        if (index.length < blockSize) {
          // The first block, sized for a small input, grows up to a full block.
          const grownIndex = new Int32Array(Math.min(blockSize, Math.max(this.size - this.base + nTouched, index.length * 2)));
          grownIndex.set(index.subarray(0, this.size - this.base));
          const grownCount = new Float64Array(grownIndex.length);
          grownCount.set(count.subarray(0, this.size - this.base));
          index = grownIndex;
          count = grownCount;
        } else {
          this.full.push({ index, count, used: this.size - this.base });
          this.base = this.size;
          index = new Int32Array(blockSize);
          count = new Float64Array(blockSize);
        }
        this.index = index;
        this.count = count;
      }
      const at = this.size - this.base;
      const scratch = acc.scratch;
      const touched = acc.touched;
      if (nTouched * BITMAP_RATIO >= bitmap.length) {
        for (let r = 0; r < nTouched; r++) {
          const b = touched[r]!;
          bitmap[b >>> 5]! |= 1 << (b & 31);
        }
        let p = at;
        for (let w = 0; w < bitmap.length; w++) {
          let bits = bitmap[w]!;
          if (bits === 0) continue;
          bitmap[w] = 0;
          while (bits !== 0) {
            const low = bits & -bits;
            const b = (w << 5) | (31 - Math.clz32(low));
            index[p] = b;
            count[p++] = scratch[b]!;
            scratch[b] = 0;
            bits ^= low;
          }
        }
      } else {
        const row = touched.subarray(0, nTouched);
        row.sort();
        for (let r = 0; r < nTouched; r++) {
          const b = row[r]!;
          index[at + r] = b;
          count[at + r] = scratch[b]!;
          scratch[b] = 0;
        }
      }
      this.size += nTouched;
      this.outOffsets[++this.rows] = this.size;
      acc.nTouched = 0;
    }
  }

  /** The counts of every example added, in order; the hasher takes no more after this. */
  finish(): HashedCounts {
    if (this.finished) throw new Error('the hasher is finished');
    this.finished = true;
    const { size, rows } = this;
    const d = this.spec.buckets;
    const offsets = this.outOffsets.length === rows + 1 ? this.outOffsets : this.outOffsets.slice(0, rows + 1);
    if (this.full.length === 0) return { n: rows, d, offsets, index: this.index.slice(0, size), count: this.count.slice(0, size) };
    this.full.push({ index: this.index, count: this.count, used: size - this.base });
    const outIndex = new Int32Array(size);
    const outCount = new Float64Array(size);
    let from = 0;
    for (const blk of this.full) {
      outIndex.set(blk.index.subarray(0, blk.used), from);
      outCount.set(blk.count.subarray(0, blk.used), from);
      from += blk.used;
    }
    this.full.length = 0;
    return { n: rows, d, offsets, index: outIndex, count: outCount };
  }
}

/**
 * Hashed n-gram counts of examples 0..n−1 of `texts`, by the steps of `TextFeaturizerSpec`: each
 * text lowercased with `toLowerCase`, tokens the maximal runs of \p{L}\p{M}\p{N} (code points; a
 * lone surrogate separates), n-grams of the spec's orders within one text (a bigram is "tok1 tok2"),
 * FNV-1a 32 of the n-gram's UTF-8 bytes mod D, counts summed over the example's texts. Any integer
 * D in 1..2^30 is accepted (the spec's are powers of two). RangeError for a bad spec or offsets.
 * (`NgramHasher` builds the same a part at a time.)
 */
export function hashNgrams(texts: PromptTexts, n: number, spec: TextFeaturizerSpec): HashedCounts {
  checkSpec(spec);
  checkOffsets(texts.offsets, texts.texts, n);
  const hasher = new NgramHasher(spec, n);
  hasher.add(texts, n);
  return hasher.finish();
}

// ---------------------------------------------------------------------------------------------
// tf-idf

/**
 * 1 + ln c for the integer counts c = 0 … 4095, the very Math.log values, read instead of computed
 * in tfidfRows (bench:text: its time fell by about half).
 */
const SUBLINEAR_TF = (() => {
  const t = new Float64Array(4096);
  for (let c = 0; c < t.length; c++) t[c] = 1 + Math.log(c);
  return t;
})();

function checkRows(rows: ArrayLike<number>, n: number): void {
  for (let r = 0; r < rows.length; r++) {
    const e = rows[r]!;
    if (!(Number.isInteger(e) && e >= 0 && e < n)) throw new RangeError(`row ${e} is not an example index in 0..${n - 1}`);
  }
}

/**
 * idf per bucket over the m examples of `rows` (the training folds only; a row listed twice counts
 * twice): idf_j = ln((1 + m) / (1 + df_j)) + 1, df_j the number of those rows holding bucket j.
 * RangeError for a row outside 0..n−1.
 */
export function fitIdf(counts: HashedCounts, rows: ArrayLike<number>): Float64Array {
  checkRows(rows, counts.n);
  const { offsets, index, d } = counts;
  const df = new Float64Array(d);
  for (let r = 0; r < rows.length; r++) {
    const e = rows[r]!;
    for (let p = offsets[e]!; p < offsets[e + 1]!; p++) df[index[p]!]!++;
  }
  const m = rows.length;
  const idf = df; // reused in place
  for (let j = 0; j < d; j++) idf[j] = Math.log((1 + m) / (1 + df[j]!)) + 1;
  return idf;
}

/**
 * The tf-idf design rows of `rows` (default: every example, in order), as textModel.ts defines them:
 * per entry (1 + ln c) · idf_j, each row then divided by its L2 norm (a row with no n-gram stays
 * empty; one whose norm is 0 because of a zero idf keeps explicit zeros). Output row r is example
 * rows[r]. Without `rows`, `offsets` and `index` are the arrays of `counts` (shared, not copied).
 * RangeError for an idf of the wrong length or a row outside 0..n−1.
 */
export function tfidfRows(counts: HashedCounts, idf: ArrayLike<number>, rows?: ArrayLike<number>): SparseRows {
  if (idf.length !== counts.d) throw new RangeError(`idf has ${idf.length} entries, expected D = ${counts.d}`);
  let offsets: Int32Array;
  let index: Int32Array;
  /** Per output row, its first entry's position in `counts` minus its position in the output. */
  let shift: Int32Array | null = null;
  if (rows === undefined) {
    offsets = counts.offsets.length === counts.n + 1 ? counts.offsets : counts.offsets.subarray(0, counts.n + 1);
    index = counts.index;
  } else {
    checkRows(rows, counts.n);
    offsets = new Int32Array(rows.length + 1);
    shift = new Int32Array(rows.length);
    for (let r = 0; r < rows.length; r++) {
      const e = rows[r]!;
      shift[r] = counts.offsets[e]! - offsets[r]!;
      offsets[r + 1] = offsets[r]! + counts.offsets[e + 1]! - counts.offsets[e]!;
    }
    index = new Int32Array(offsets[rows.length]!);
  }
  const nOut = offsets.length - 1;
  const values = new Float64Array(index.length);
  const tf = SUBLINEAR_TF;
  for (let r = 0; r < nOut; r++) {
    const from = offsets[r]!;
    const to = offsets[r + 1]!;
    const s = shift === null ? 0 : shift[r]!;
    let norm2 = 0;
    for (let p = from; p < to; p++) {
      const j = counts.index[p + s]!;
      if (shift !== null) index[p] = j;
      const c = counts.count[p + s]!;
      // A count past the table or not an integer reads undefined and takes the log.
      const v = (tf[c] ?? 1 + Math.log(c)) * idf[j]!;
      values[p] = v;
      norm2 += v * v;
    }
    const norm = Math.sqrt(norm2);
    if (norm > 0) for (let p = from; p < to; p++) values[p]! /= norm;
  }
  return { n: nOut, d: counts.d, offsets, index, values };
}

// ---------------------------------------------------------------------------------------------
// Warm-up

/**
 * Runs the featuriser (hashNgrams, fitIdf, tfidfRows at the default spec's D) once over about
 * 1 MB of made-up reasoning, so a worker that will featurise has its hot loops compiled before the
 * real texts come: the training worker does this when the Train screen opens, and the first
 * featurisation after it takes about the time of a warm one (bench:text:browser). Returns the
 * n-grams counted, so the work cannot be optimised away.
 */
export function warmUpFeaturiser(): number {
  // 1,600 made-up words (two of 40 syllables), so each example touches thousands of buckets, as real reasoning does.
  const syllables =
    'ka re mo ti su la ne po ri da ve lo mi ta sa ge fu ro ni be ko ha zu wi ye pe ja cu do xi qa bo le mu ra sho te gi An Th'.split(' ');
  const words = syllables.flatMap((a) => syllables.map((b) => a + b));
  const n = 25;
  const perExample = 80;
  const texts: string[] = [];
  const offsets = new Int32Array(n + 1);
  let k = 0;
  for (let e = 0; e < n; e++) {
    for (let t = 0; t < perExample; t++) {
      let s = '';
      while (s.length < 500) s += `${words[(k++ * 7919) % words.length]!}${k % 11 === 0 ? '. ' : ' '}`;
      // Mostly ASCII, as most reasoning is; every tenth text also takes the non-ASCII path.
      texts.push(t % 10 === 0 ? `${s} naïve ÉCOLE x²` : s);
    }
    offsets[e + 1] = texts.length;
  }
  const counts = hashNgrams({ prompt: 'warm-up', offsets, texts }, n, { buckets: 1 << 14, ngrams: [1, 2] });
  const rows = tfidfRows(
    counts,
    fitIdf(
      counts,
      Int32Array.from({ length: n }, (_, i) => i),
    ),
  );
  return counts.index.length + rows.values.length;
}
