// Naming what the text ridge learned: the tokeniser and n-gram dictionary agree with the featuriser
// (the Python fixture's tokens and buckets), collisions are labelled "+N more", the top weights of
// a hand-made model, and one example's prediction taken apart exactly.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { testDataFile } from '../test/testData.ts';
import { makeExample } from '../test/builders.ts';
import { explainExample, explainExampleOf, ngramsOf, topBuckets, topNgrams, type NgramDictionary } from './textExplain.ts';
import { fnv1a32, hashNgrams, tokenize } from './textFeatures.ts';
import { predictTextRidgeUnit, type PromptTexts, type TextRidgeModel } from './textModel.ts';

/** 32-bit FNV-1a of a string's UTF-8 bytes, straight from the definition (BigInt products). */
function fnvText(s: string): number {
  let h = 2166136261;
  for (const b of new TextEncoder().encode(s)) h = Number((BigInt(h ^ b) * 16777619n) & 0xffffffffn) >>> 0;
  return h;
}

function textsOf(examples: readonly (readonly string[])[]): PromptTexts {
  const offsets = new Int32Array(examples.length + 1);
  examples.forEach((ex, e) => (offsets[e + 1] = offsets[e]! + ex.length));
  return { prompt: 'p', offsets, texts: examples.flat() };
}

interface Fixture {
  examples: string[][];
  tokens: string[][][];
  cases: { buckets: number; ngrams: number[]; counts: [number, number][][] }[];
}
const fixture = JSON.parse(readFileSync(testDataFile('text-features-fixture.json'), 'utf8')) as Fixture;

describe('tokenize and ngramsOf agree with the featuriser', () => {
  it('tokens as Python tokenises the fixture (lone surrogates, astral letters, special casings)', () => {
    expect(fixture.examples.map((ex) => ex.map(tokenize))).toEqual(fixture.tokens);
  });

  it('fnv1a32 continues a state and hashes a range', () => {
    expect(fnv1a32('on topic', fnv1a32('stays '))).toBe(fnvText('stays on topic'));
    expect(fnv1a32('xxstays onyy', undefined, 2, 10)).toBe(fnvText('stays on'));
    expect(fnv1a32('tëst', fnv1a32('a '))).toBe(fnvText('a tëst'));
  });

  for (const c of fixture.cases) {
    it(`D = ${c.buckets}, orders ${c.ngrams.join(', ')}: the same buckets and counts per example as the fixture`, () => {
      const texts = textsOf(fixture.examples);
      const spec = { buckets: c.buckets, ngrams: c.ngrams };
      c.counts.forEach((row, e) => {
        const dict = ngramsOf(texts, [e], spec);
        expect(dict.n).toBe(1);
        expect([...dict.buckets.keys()].sort((a, b) => a - b)).toEqual(row.map(([b]) => b));
        for (const [b, count] of row) {
          const got = dict.buckets.get(b)!;
          expect(got.examples).toBe(1);
          // Every listed n-gram hashes to its bucket (by the reference hash of its UTF-8 bytes).
          for (const g of got.top) expect(fnvText(g.text) % c.buckets).toBe(b);
          const listed = got.top.reduce((a, g) => a + g.count, 0);
          if (got.distinct <= got.top.length) expect(listed).toBe(count);
          else expect(listed).toBeLessThan(count);
        }
      });
      // Over all examples: examples holding each bucket = its document frequency.
      const all = ngramsOf(texts, null, spec);
      const df = new Map<number, number>();
      for (const row of c.counts) for (const [b] of row) df.set(b, (df.get(b) ?? 0) + 1);
      expect(new Map([...all.buckets].map(([b, v]) => [b, v.examples]))).toEqual(df);
      // Restricted to some buckets: those only, the same entries.
      const only = new Set([...df.keys()].slice(0, 3));
      const some = ngramsOf(texts, null, spec, only);
      expect([...some.buckets.keys()].sort((a, b) => a - b)).toEqual([...only].sort((a, b) => a - b));
      for (const b of only) expect(some.buckets.get(b)).toEqual(all.buckets.get(b));
    });
  }

  it('labels a bucket by its most frequent n-gram and counts the others that collide into it', () => {
    const words = [
      'alpha',
      'beta',
      'gamma',
      'delta',
      'epsilon',
      'zeta',
      'eta',
      'theta',
      'iota',
      'kappa',
      'lambda',
      'mu',
      'nu',
      'xi',
      'omicron',
      'pi',
      'rho',
    ];
    // Word i occurs i + 1 times; 17 words in 16 buckets, so some collide.
    const text = words.flatMap((w, i) => Array.from({ length: i + 1 }, () => w)).join(', ');
    const dict = ngramsOf(textsOf([[text]]), null, { buckets: 16, ngrams: [1] });
    const byBucket = new Map<number, string[]>();
    for (const w of words) byBucket.set(fnvText(w) % 16, [...(byBucket.get(fnvText(w) % 16) ?? []), w]);
    expect([...byBucket.values()].some((ws) => ws.length > 1)).toBe(true);
    const dense = new Float64Array(16).fill(0);
    for (const [b, ws] of byBucket) {
      // The later word in the list occurs more often, so it comes first.
      const expected = [...ws].reverse();
      const got = dict.buckets.get(b)!;
      expect(got.distinct).toBe(ws.length);
      expect(got.top.map((g) => g.text)).toEqual(expected.slice(0, 3));
      expect(got.top.map((g) => g.count)).toEqual(expected.slice(0, 3).map((w) => words.indexOf(w) + 1));
      dense[b] = 1;
    }
    const model = hand({ wText: dense });
    const up = topNgrams(model, dict, 16).up;
    const collided = up.find((u) => u.more > 0)!;
    const ws = byBucket.get(collided.bucket)!;
    expect(collided.label).toBe(`${ws[ws.length - 1]} +${ws.length - 1} more`);
    expect(up.find((u) => u.more === 0)!.label).not.toMatch(/more/);
  });
});

/** A model of D = 16 buckets on a 1..3 scale (range 2), sorted K = 2 score features. */
function hand(over: Partial<TextRidgeModel> = {}): TextRidgeModel {
  return {
    prompt: 'p',
    scale: { min: 1, max: 3 },
    text: { buckets: 16, ngrams: [1, 2] },
    idf: new Float64Array(16).fill(1),
    wText: new Float64Array(16),
    scoreSet: 'sorted',
    k: 2,
    stats: { mean: Float64Array.of(0.2, 0.6, 0.4, 0.1, 0.2, 0.6), sd: Float64Array.of(0.5, 0.25, 0.5, 1, 0.5, 0.25) },
    wScore: Float64Array.of(0.1, -0.2, 0.3, 0.05, 0, 0.4),
    intercept: 0.45,
    lambda: 1,
    ...over,
  };
}

describe('topNgrams', () => {
  const idf = new Float64Array(16).fill(1);
  idf[3] = 2;
  idf[9] = 3;
  idf[1] = 1.5;
  const wText = new Float64Array(16);
  wText[3] = 0.5; // 0.5 · 2 = 1.0
  wText[5] = 0.8; // 0.8
  wText[1] = 0.2; // 0.3
  wText[9] = -0.3; // −0.9
  wText[12] = -0.1; // −0.1
  const model = hand({ idf, wText });
  const dictionary: NgramDictionary = {
    spec: model.text,
    n: 4,
    buckets: new Map([
      [3, { top: [{ text: 'stays on', count: 4 }], distinct: 1, examples: 3 }],
      [
        9,
        {
          top: [
            { text: 'dismissive', count: 2 },
            { text: 'odd', count: 1 },
          ],
          distinct: 2,
          examples: 2,
        },
      ],
    ]),
  };

  it('ranks buckets by wText · idf, in scale units, named from the dictionary', () => {
    const top = topNgrams(model, dictionary, 2);
    expect(top.up.map((u) => [u.bucket, u.label, u.examples])).toEqual([
      [3, 'stays on', 3],
      [5, 'bucket 5', 0],
    ]);
    expect(top.up[0]!.weight).toBeCloseTo(2.0, 12); // 1.0 × range 2
    expect(top.up[1]!.weight).toBeCloseTo(1.6, 12);
    expect(top.down.map((u) => [u.bucket, u.label, u.more])).toEqual([
      [9, 'dismissive +1 more', 1],
      [12, 'bucket 12', 0],
    ]);
    expect(top.down[0]!.weight).toBeCloseTo(-1.8, 12);
    expect(top.down[1]!.weight).toBeCloseTo(-0.2, 12);
    expect(topBuckets(model, 15)).toEqual({ up: [3, 5, 1], down: [9, 12] });
  });
});

describe('explainExample', () => {
  const idf = new Float64Array(16).fill(1);
  idf[3] = 2;
  const wText = new Float64Array(16);
  wText[3] = 0.3;
  wText[7] = -0.6;
  wText[11] = 0.05;
  const model = hand({ idf, wText });
  const none: NgramDictionary = { spec: model.text, n: 0, buckets: new Map() };
  const features = Float64Array.of(0, 1, 0.5, 0.5, 0, 1);

  it('each bucket gives wText · tfidf of the normalised row, in scale units', () => {
    // Bucket 3: count 1 → tf 1, × idf 2 = 2; bucket 7: count e → tf 2, × idf 1 = 2; bucket 11: count 1 → 1.
    // Norm √(4 + 4 + 1) = 3.
    const x = explainExample(model, [3, 7, 11], [1, Math.E, 1], features, none, 5);
    expect(x.contributions.map((c) => c.bucket)).toEqual([3, 7, 11]);
    expect(x.contributions[0]!.value).toBeCloseTo(((0.3 * 2) / 3) * 2, 12);
    expect(x.contributions[1]!.value).toBeCloseTo(((-0.6 * 2) / 3) * 2, 12);
    expect(x.contributions[2]!.value).toBeCloseTo(((0.05 * 1) / 3) * 2, 12);
    expect(x.up.map((c) => c.bucket)).toEqual([3, 11]);
    expect(x.down.map((c) => c.bucket)).toEqual([7]);
    expect(x.text).toBeCloseTo((0.6 - 1.2 + 0.05) / 3, 12);
    // Score part by hand: Σ w_f (x_f − mean_f) / sd_f.
    const score = (0.1 * -0.2) / 0.5 + (-0.2 * 0.4) / 0.25 + (0.3 * 0.1) / 0.5 + (0.05 * 0.4) / 1 + 0 + (0.4 * 0.4) / 0.25;
    expect(x.score).toBeCloseTo(score, 12);
    expect(x.intercept).toBe(0.45);
    expect(x.range).toBe(2);
  });

  it('intercept + text + score is the model prediction to 1e-12, also for a random model', () => {
    let seed = 7;
    const rand = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32) * 2 - 1;
    const m = hand({
      idf: Float64Array.from({ length: 16 }, () => 1 + Math.abs(rand()) * 3),
      wText: Float64Array.from({ length: 16 }, rand),
      intercept: rand(),
    });
    const index = [0, 2, 5, 6, 9, 13, 15];
    const count = [1, 3, 2, 7, 1, 1, 4];
    const x = explainExample(m, index, count, features, none, 3);
    const u = predictTextRidgeUnit(m, index, count, features);
    expect(Math.abs(x.intercept + x.text + x.score - u)).toBeLessThanOrEqual(1e-12);
    expect(Math.abs(x.unit - u)).toBeLessThanOrEqual(1e-12);
    const sum = x.contributions.reduce((a, c) => a + c.value, 0);
    expect(Math.abs(sum / x.range - x.text)).toBeLessThanOrEqual(1e-12);
    expect(x.up.length + x.down.length).toBeLessThanOrEqual(6);
    expect(x.up.every((c, i) => i === 0 || c.value <= x.up[i - 1]!.value)).toBe(true);
  });

  it('explainExampleOf hashes only that example and computes its score features as the trainer does', () => {
    const ex = makeExample({
      rollouts: [
        { prompt: 'p', score: 1, reasoning: 'Stays on topic.' },
        { prompt: 'q', score: 2, reasoning: 'ignored' },
        { prompt: 'p', score: 3, reasoning: 'Dismissive, stays on.' },
      ],
    });
    const m = hand({
      wText: Float64Array.from({ length: 16 }, (_, j) => (j % 3) - 1),
      idf: Float64Array.from({ length: 16 }, (_, j) => 1 + j / 8),
    });
    const x = explainExampleOf(m, ex, 3)!;
    const counts = hashNgrams(
      { prompt: 'p', offsets: Int32Array.of(0, 2), texts: ['Stays on topic.', 'Dismissive, stays on.'] },
      1,
      m.text,
    );
    // Scores 1 and 3 on 1..3 → unit 0 and 1: s1 0, s2 1, mean 0.5, sd 0.5, min 0, max 1.
    expect(Math.abs(x.unit - predictTextRidgeUnit(m, counts.index, counts.count, features))).toBeLessThanOrEqual(1e-12);
    // 'stays on' occurs twice: its bucket has count 2 and the n-gram is named.
    const stays = x.contributions.find((c) => c.bucket === fnvText('stays on') % 16)!;
    expect(stays.count).toBeGreaterThanOrEqual(2);
    expect(stays.ngrams.map((g) => g.text)).toContain('stays on');
    expect(x.contributions.some((c) => c.ngrams.some((g) => g.text === 'ignored'))).toBe(false);
    // Sorted K = 2 and a single rollout: the model cannot predict it.
    expect(explainExampleOf(m, makeExample({ rollouts: [{ prompt: 'p', score: 2, reasoning: 'x' }] }))).toBeNull();
  });
});
