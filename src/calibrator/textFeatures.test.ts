import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { testDataFile } from '../test/testData.ts';
import { fitIdf, fnv1a32, hashNgrams, NgramHasher, tfidfRows, warmUpFeaturiser } from './textFeatures.ts';
import { DEFAULT_TEXT_SPEC, type HashedCounts, type PromptTexts, type TextFeaturizerSpec } from './textModel.ts';

// ---------------------------------------------------------------------------------------------
// Independent references inside the test

/** 32-bit FNV-1a of bytes, straight from the definition. */
function fnvBytes(bytes: Iterable<number>): number {
  let h = 2166136261;
  for (const b of bytes) h = Number((BigInt(h ^ b) * 16777619n) & 0xffffffffn) >>> 0;
  return h >>> 0;
}

const encoder = new TextEncoder();
const fnvText = (s: string): number => fnvBytes(encoder.encode(s));

/** Bucket → count of one example, by regex tokens, joined n-gram strings and TextEncoder bytes. */
function referenceCounts(texts: readonly string[], d: number, orders: readonly number[]): Map<number, number> {
  const counts = new Map<number, number>();
  for (const text of texts) {
    const tokens = text.toLowerCase().match(/[\p{L}\p{M}\p{N}]+/gu) ?? [];
    for (const n of orders) {
      for (let i = 0; i + n <= tokens.length; i++) {
        const b = fnvText(tokens.slice(i, i + n).join(' ')) % d;
        counts.set(b, (counts.get(b) ?? 0) + 1);
      }
    }
  }
  return counts;
}

function promptTexts(examples: readonly (readonly string[])[]): PromptTexts {
  const offsets = new Int32Array(examples.length + 1);
  const texts: string[] = [];
  examples.forEach((ex, e) => {
    texts.push(...ex);
    offsets[e + 1] = texts.length;
  });
  return { prompt: 'p', offsets, texts };
}

/** Example e's row as a map bucket → count, checking the CSR invariants on the way. */
function rowOf(c: HashedCounts, e: number): Map<number, number> {
  const row = new Map<number, number>();
  for (let p = c.offsets[e]!; p < c.offsets[e + 1]!; p++) {
    if (p > c.offsets[e]!) expect(c.index[p]!).toBeGreaterThan(c.index[p - 1]!);
    expect(c.count[p]!).toBeGreaterThan(0);
    row.set(c.index[p]!, c.count[p]!);
  }
  return row;
}

const spec = (buckets: number, ngrams: readonly number[]): TextFeaturizerSpec => ({ buckets, ngrams });

// ---------------------------------------------------------------------------------------------
// The Python fixture

interface FixtureCase {
  buckets: number;
  ngrams: number[];
  counts: [number, number][][];
  idf: [number, number][];
  idfUnseen: number;
  tfidf: number[][];
}

interface Fixture {
  examples: string[][];
  train: number[];
  cases: FixtureCase[];
}

const fixture = JSON.parse(readFileSync(testDataFile('text-features-fixture.json'), 'utf8')) as Fixture;
const fixtureTexts = promptTexts(fixture.examples);
const n = fixture.examples.length;

function expectClose(actual: ArrayLike<number>, expected: readonly number[], tol = 1e-12): void {
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    if (!(Math.abs(actual[i]! - expected[i]!) <= tol)) expect.fail(`entry ${i}: ${actual[i]} vs ${expected[i]}`);
  }
}

describe('against testdata/text-features-fixture.py', () => {
  it('covers what it claims: lone surrogates, astral letters, empty examples, collisions', () => {
    const all = fixture.examples.flat().join('');
    expect(all).toMatch(/\p{Cs}/u);
    expect(all).toMatch(/[\u{10000}-\u{10ffff}]/u);
    expect(fixture.examples.some((ex) => ex.length === 0)).toBe(true);
    expect(fixture.cases.map((c) => c.buckets)).toContain(16);
    expect(fixture.cases.some((c) => c.ngrams.includes(3))).toBe(true);
  });

  for (const c of fixture.cases) {
    describe(`D = ${c.buckets}, orders ${c.ngrams.join(', ')}`, () => {
      const counts = hashNgrams(fixtureTexts, n, spec(c.buckets, c.ngrams));

      it('hashed counts: buckets and counts exact', () => {
        expect(counts.n).toBe(n);
        expect(counts.d).toBe(c.buckets);
        expect(Array.from(counts.offsets)).toEqual([0, ...c.counts.map((_, e) => c.counts.slice(0, e + 1).flat().length)]);
        expect(Array.from(counts.index)).toEqual(c.counts.flat().map(([b]) => b));
        expect(Array.from(counts.count)).toEqual(c.counts.flat().map(([, k]) => k));
      });

      it('idf over the training rows to 1e-12', () => {
        const idf = fitIdf(counts, fixture.train);
        const expected = Array.from({ length: c.buckets }, () => c.idfUnseen);
        for (const [j, v] of c.idf) expected[j] = v;
        expectClose(idf, expected);
      });

      it('tf-idf rows to 1e-12, all rows and a subset in another order', () => {
        const idf = fitIdf(counts, fixture.train);
        const all = tfidfRows(counts, idf);
        expect(all.n).toBe(n);
        expect(all.offsets).toBe(counts.offsets); // shared, not copied
        expect(all.index).toBe(counts.index);
        expectClose(all.values, c.tfidf.flat());

        const rows = [12, 0, 7, 3, 3];
        const sub = tfidfRows(counts, idf, rows);
        expect(sub.n).toBe(rows.length);
        expect(Array.from(sub.index)).toEqual(rows.flatMap((e) => c.counts[e]!.map(([b]) => b)));
        expect(Array.from(sub.offsets)).toEqual([0, ...rows.map((_, r) => rows.slice(0, r + 1).flatMap((e) => c.counts[e]!).length)]);
        expectClose(
          sub.values,
          rows.flatMap((e) => c.tfidf[e]!),
        );
      });
    });
  }
});

// ---------------------------------------------------------------------------------------------
// Hashing

describe('fnv1a32', () => {
  it('matches the published FNV-1a 32 test vectors', () => {
    // From the reference test suite of Fowler/Noll/Vo (isthe.com/chongo/tech/comp/fnv).
    expect(fnv1a32('')).toBe(0x811c9dc5);
    expect(fnv1a32('a')).toBe(0xe40c292c);
    expect(fnv1a32('foobar')).toBe(0xbf9cf968);
    expect(fnv1a32('chongo was here!\n')).toBe(0xd49930d5);
  });

  it('hashes the UTF-8 bytes: 2-, 3- and 4-byte code points', () => {
    expect(fnv1a32('é')).toBe(fnvBytes([0xc3, 0xa9]));
    expect(fnv1a32('数')).toBe(fnvBytes([0xe6, 0x95, 0xb0]));
    expect(fnv1a32('😀')).toBe(fnvBytes([0xf0, 0x9f, 0x98, 0x80]));
    expect(fnv1a32('a😀b')).toBe(fnvBytes([0x61, 0xf0, 0x9f, 0x98, 0x80, 0x62]));
  });

  it('hashes a lone surrogate as U+FFFD (EF BF BD), as TextEncoder encodes it', () => {
    const fffd = [0xef, 0xbf, 0xbd];
    expect(fnv1a32('\ud800')).toBe(fnvBytes(fffd));
    expect(fnv1a32('\udc00')).toBe(fnvBytes(fffd));
    expect(fnv1a32('a\ud83db')).toBe(fnvBytes([0x61, ...fffd, 0x62]));
    expect(fnv1a32('a\ude00\ud83d')).toBe(fnvBytes([0x61, ...fffd, ...fffd]));
    // Low then high is two lone surrogates, not a pair.
    expect(fnv1a32('\ude00\ud83d')).toBe(fnvBytes([...fffd, ...fffd]));
  });

  it('agrees with TextEncoder on any string (fast-check)', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'binary' }),
        fc.string({ unit: fc.integer({ min: 0xd7f0, max: 0xe010 }).map((c) => String.fromCharCode(c)) }),
        (a, b) => {
          expect(fnv1a32(a)).toBe(fnvText(a));
          expect(fnv1a32(a + b)).toBe(fnvText(a + b));
        },
      ),
      { numRuns: 300 },
    );
  });
});

// ---------------------------------------------------------------------------------------------
// hashNgrams

/** One example's counts as a map. */
function hashOne(texts: readonly string[], d: number, orders: readonly number[]): Map<number, number> {
  return rowOf(hashNgrams(promptTexts([texts]), 1, spec(d, orders)), 0);
}

describe('hashNgrams', () => {
  const D = DEFAULT_TEXT_SPEC.buckets;
  const bucket = (s: string) => fnvText(s) % D;

  it('counts a known text: the FNV test vector "foobar" and its bigram', () => {
    expect(hashOne(['foobar'], D, [1, 2])).toEqual(new Map([[0xbf9cf968 % D, 1]]));
    expect(hashOne(['FOO bar', 'foo'], D, [1, 2])).toEqual(
      new Map([
        [bucket('foo'), 2],
        [bucket('bar'), 1],
        [bucket('foo bar'), 1],
      ]),
    );
  });

  it('never makes a bigram across two rollouts', () => {
    const oneText = hashOne(['alpha beta'], D, [1, 2]);
    const twoTexts = hashOne(['alpha', 'beta'], D, [1, 2]);
    const ab = bucket('alpha beta');
    expect(new Set([bucket('alpha'), bucket('beta'), ab]).size).toBe(3); // no collision hides the check
    expect(oneText.get(ab)).toBe(1);
    expect(twoTexts.has(ab)).toBe(false);
    expect(twoTexts).toEqual(new Map([...oneText].filter(([b]) => b !== ab)));
    // Nor across an empty rollout, and an example's rollouts are summed.
    expect(hashOne(['alpha', '', 'alpha beta'], D, [2])).toEqual(new Map([[ab, 1]]));
    expect(hashOne(['alpha beta', 'alpha beta'], D, [1, 2]).get(ab)).toBe(2);
  });

  it('splits on a lone surrogate and on emoji; keeps astral letters and marks in tokens', () => {
    expect(hashOne(['ab\ud800cd'], D, [1, 2])).toEqual(hashOne(['ab cd'], D, [1, 2]));
    expect(hashOne(['ab\udc00'], D, [1])).toEqual(new Map([[bucket('ab'), 1]]));
    expect(hashOne(['x\ud83d'], D, [1])).toEqual(new Map([[bucket('x'), 1]]));
    expect(hashOne(['x😀y'], D, [1, 2])).toEqual(hashOne(['x y'], D, [1, 2]));
    expect(hashOne(['𝐀𝐁'], D, [1])).toEqual(new Map([[bucket('𝐀𝐁'), 1]]));
    expect(hashOne(['e\u0301te'], D, [1])).toEqual(new Map([[bucket('e\u0301te'), 1]]));
  });

  it('lowercases the whole text: final sigma and İ', () => {
    expect(hashOne(['ΟΔΟΣ'], D, [1])).toEqual(new Map([[bucket('οδος'), 1]]));
    expect(hashOne(['İ'], D, [1])).toEqual(new Map([[bucket('i\u0307'), 1]]));
  });

  it('uses D − 1 as a mask for a power of two and the unsigned remainder otherwise', () => {
    expect(hashOne(['foobar'], 1 << 20, [1])).toEqual(new Map([[0xbf9cf968 % (1 << 20), 1]]));
    expect(hashOne(['foobar'], 999_983, [1])).toEqual(new Map([[0xbf9cf968 % 999_983, 1]]));
    expect(hashOne(['foobar'], 1, [1])).toEqual(new Map([[0, 1]]));
  });

  it('incremental n-gram hashes equal hashing the joined n-gram through TextEncoder (fast-check)', () => {
    // The text alphabet: ASCII letters (capitals too: lowercased in the scan until a non-ASCII code
    // unit, then by toLowerCase), digits and separators, accented and Greek capitals (final sigma),
    // 'İ' and the Kelvin sign (non-ASCII lowercasing to ASCII), CJK, astral letters, emoji, combining
    // marks, lone surrogates, whitespace.
    const pieces = [
      'a',
      'B',
      'z',
      '0',
      '9',
      ' ',
      ' ',
      '.',
      '-',
      '\t',
      '\n',
      'É',
      'ß',
      'Σ',
      'Ο',
      'İ',
      '\u212a', // KELVIN SIGN: lowercases to ASCII 'k'
      'Q',
      '数',
      '𝐀',
      '😀',
      '\u0301',
      '\ud800',
      '\udc00',
      'ǅ',
      '½',
    ];
    const text = fc.array(fc.constantFrom(...pieces), { maxLength: 40 }).map((p) => p.join(''));
    const anyText = fc.oneof(text, fc.string({ unit: 'binary', maxLength: 30 }));
    const example = fc.array(anyText, { maxLength: 4 });
    fc.assert(
      fc.property(
        fc.array(example, { minLength: 1, maxLength: 4 }),
        fc.constantFrom([1, 2], [2], [1], [1, 2, 3], [2, 4]),
        (examples, orders) => {
          // D = 2^20 and D = 999,983 together pin the 32-bit hash (2^20 · 999,983 > 2^32).
          for (const d of [1 << 20, 999_983]) {
            const c = hashNgrams(promptTexts(examples), examples.length, spec(d, orders));
            examples.forEach((ex, e) => expect(rowOf(c, e)).toEqual(referenceCounts(ex, d, orders)));
          }
        },
      ),
      { numRuns: 150 },
    );
  });

  it('keeps every row whole across its output blocks (over a million entries)', () => {
    // 200 examples of 4,000 distinct words each: about 6,600 buckets a row at D = 2^14, 1.3 M entries.
    const examples = Array.from({ length: 200 }, (_, e) => [Array.from({ length: 4000 }, (_, j) => `w${e}x${j}`).join(' ')]);
    const c = hashNgrams(promptTexts(examples), examples.length, spec(1 << 14, [1, 2]));
    expect(c.index.length).toBeGreaterThan(1 << 20);
    expect(c.offsets[examples.length]).toBe(c.index.length);
    // The rows around the first block's end (where one block closes and the next opens), the first and the last.
    const cut = c.offsets.findIndex((o) => o > 1 << 20) - 1;
    for (const e of [0, cut - 1, cut, cut + 1, examples.length - 1]) {
      expect(rowOf(c, e)).toEqual(referenceCounts(examples[e]!, 1 << 14, [1, 2]));
    }
  });

  it('validates the spec and the offsets', () => {
    const t = promptTexts([['a'], ['b']]);
    expect(() => hashNgrams(t, 2, spec(0, [1]))).toThrow(RangeError);
    expect(() => hashNgrams(t, 2, spec(1.5, [1]))).toThrow(RangeError);
    expect(() => hashNgrams(t, 2, spec(16, []))).toThrow(RangeError);
    expect(() => hashNgrams(t, 2, spec(16, [2, 1]))).toThrow(RangeError);
    expect(() => hashNgrams(t, 2, spec(16, [0]))).toThrow(RangeError);
    expect(() => hashNgrams(t, 3, spec(16, [1]))).toThrow(RangeError);
    expect(() => hashNgrams({ ...t, offsets: Int32Array.from([0, 2, 1]) }, 2, spec(16, [1]))).toThrow(RangeError);
    expect(() => hashNgrams({ ...t, offsets: Int32Array.from([0, 1, 3]) }, 2, spec(16, [1]))).toThrow(RangeError);
    expect(hashNgrams(t, 0, spec(16, [1])).offsets).toEqual(new Int32Array([0]));
  });
});

describe('NgramHasher (a part at a time)', () => {
  const spec = (buckets: number, ngrams: number[]): TextFeaturizerSpec => ({ buckets, ngrams });

  it('counts each example of parts of any size as the reference does, and carries reasoning only when a text is not blank (fast-check)', () => {
    const word = fc.constantFrom('Step', 'check', 'ÉTAPE', 'x2', '数', '😀', '', ' ', '.');
    const text = fc.array(word, { maxLength: 12 }).map((w) => w.join(' '));
    const example = fc.array(text, { maxLength: 3 });
    fc.assert(
      fc.property(
        fc.array(example, { maxLength: 12 }),
        fc.array(fc.integer({ min: 0, max: 5 }), { maxLength: 12 }),
        fc.constantFrom([1, 2], [1, 2, 3]),
        fc.integer({ min: 0, max: 40 }),
        (examples, sizes, orders, expected) => {
          const d = 97;
          const hasher = new NgramHasher(spec(d, [...orders]), expected);
          let at = 0;
          for (const size of [...sizes, examples.length]) {
            const part = examples.slice(at, at + size);
            hasher.add(promptTexts(part));
            at += part.length;
            if (at >= examples.length) break;
          }
          const c = hasher.finish();
          expect(c.n).toBe(examples.length);
          expect(c.offsets.length).toBe(examples.length + 1);
          expect(c.offsets[examples.length]).toBe(c.index.length);
          examples.forEach((ex, e) => expect(rowOf(c, e)).toEqual(referenceCounts(ex, d, orders)));
          expect(hasher.carried).toBe(examples.some((ex) => ex.some((t) => /\S/.test(t))));
        },
      ),
      { numRuns: 200 },
    );
  });

  it('keeps rows whole when parts straddle an output block, and refuses parts after finish', () => {
    // 200 examples of 4,000 distinct words, 7 at a time: over 2^20 entries, so a block closes mid-stream.
    const examples = Array.from({ length: 200 }, (_, e) => [Array.from({ length: 4000 }, (_, j) => `w${e}x${j}`).join(' ')]);
    const hasher = new NgramHasher(spec(1 << 14, [1, 2]));
    for (let at = 0; at < examples.length; at += 7) hasher.add(promptTexts(examples.slice(at, at + 7)));
    const c = hasher.finish();
    expect(c.index.length).toBeGreaterThan(1 << 20);
    const cut = c.offsets.findIndex((o) => o > 1 << 20) - 1;
    for (const e of [0, cut - 1, cut, cut + 1, examples.length - 1]) {
      expect(rowOf(c, e)).toEqual(referenceCounts(examples[e]!, 1 << 14, [1, 2]));
    }
    expect(() => hasher.add(promptTexts([['a']]))).toThrow(/finished/);
    expect(() => hasher.finish()).toThrow(/finished/);
  });
});

// ---------------------------------------------------------------------------------------------
// idf and tf-idf by hand

describe('fitIdf and tfidfRows', () => {
  // Three examples over D = 4: {0: 1, 2: 3}, {}, {2: 1, 3: 2}.
  const counts: HashedCounts = {
    n: 3,
    d: 4,
    offsets: Int32Array.from([0, 2, 2, 4]),
    index: Int32Array.from([0, 2, 2, 3]),
    count: Float64Array.from([1, 3, 1, 2]),
  };

  it('idf counts document frequency over the given rows only', () => {
    const idf = fitIdf(counts, [0, 1]);
    // m = 2: df = [1, 0, 1, 0].
    expectClose(idf, [Math.log(3 / 2) + 1, Math.log(3) + 1, Math.log(3 / 2) + 1, Math.log(3) + 1], 1e-15);
    expectClose(fitIdf(counts, []), [1, 1, 1, 1], 0);
    expect(() => fitIdf(counts, [3])).toThrow(RangeError);
  });

  it('tf = 1 + ln c times idf, each row L2-normalised; an empty row stays empty', () => {
    const idf = [1, 1, 2, 1];
    const m = tfidfRows(counts, idf);
    const r0 = [1, (1 + Math.log(3)) * 2];
    const r2 = [2, 1 + Math.log(2)];
    const n0 = Math.hypot(...r0);
    const n2 = Math.hypot(...r2);
    expectClose(m.values, [r0[0]! / n0, r0[1]! / n0, r2[0]! / n2, r2[1]! / n2], 1e-15);
    expect(Array.from(m.offsets)).toEqual([0, 2, 2, 4]);
    const sub = tfidfRows(counts, idf, [1, 2]);
    expect(Array.from(sub.offsets)).toEqual([0, 0, 2]);
    expect(Array.from(sub.index)).toEqual([2, 3]);
    expectClose(sub.values, [r2[0]! / n2, r2[1]! / n2], 1e-15);
    expect(() => tfidfRows(counts, [1, 1, 1])).toThrow(RangeError);
    expect(() => tfidfRows(counts, idf, [-1])).toThrow(RangeError);
  });

  it('takes 1 + ln c for any count: small, past 4,095, and not an integer', () => {
    // One row per count, a single bucket with idf 2, so the row before its norm is (1 + ln c) · 2;
    // two buckets so the norm does not hide the value: the other holds a count of 1 (tf 1, idf 1).
    const cs = [1, 2, 4095, 4096, 123456, 2.5, 0.5];
    const big: HashedCounts = {
      n: cs.length,
      d: 2,
      offsets: Int32Array.from(cs.map((_, i) => 2 * i).concat(2 * cs.length)),
      index: Int32Array.from(cs.flatMap(() => [0, 1])),
      count: Float64Array.from(cs.flatMap((c) => [c, 1])),
    };
    const m = tfidfRows(big, [2, 1]);
    cs.forEach((c, i) => {
      const v = 2 * (1 + Math.log(c));
      const norm = Math.hypot(v, 1);
      expectClose(m.values.subarray(2 * i, 2 * i + 2), [v / norm, 1 / norm], 1e-15);
    });
  });
});

describe('warmUpFeaturiser', () => {
  it('runs the featuriser over its made-up reasoning, both code paths, deterministically', () => {
    const a = warmUpFeaturiser();
    // Thousands of buckets per example, as real reasoning touches (the bitmap path of the row output).
    expect(a).toBeGreaterThan(25 * 2000 * 2);
    expect(warmUpFeaturiser()).toBe(a);
  });
});
