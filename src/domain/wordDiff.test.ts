import { describe, expect, it } from 'vitest';
import { capText, countWords, diffTraces, jaccard, pickPair, wordSet, DIFF_MAX_CHARS } from './wordDiff.ts';
import { createRng } from './rng.ts';

const removed = (d: ReturnType<typeof diffTraces>) => d.parts.filter((p) => p.kind === 'removed').map((p) => p.text.trim());
const inserted = (d: ReturnType<typeof diffTraces>) => d.parts.filter((p) => p.kind === 'inserted').map((p) => p.text.trim());
/** The old text is the same and removed parts; the new one the same and inserted parts (whitespace aside). */
const side = (d: ReturnType<typeof diffTraces>, drop: 'removed' | 'inserted') =>
  d.parts
    .filter((p) => p.kind !== drop)
    .map((p) => p.text)
    .join('')
    .replace(/\s+/g, ' ')
    .trim();

/** A trace of `n` characters or more from a small vocabulary, seeded. */
function trace(seed: number, n: number): string {
  const rng = createRng(seed);
  const rnd = () => rng.next();
  const words = 'the reply answers question so score rating three two one because step check note tone topic context however'.split(' ');
  let t = '';
  while (t.length < n) t += words[Math.floor(rnd() * words.length)]! + (rnd() < 0.1 ? '.\n' : ' ');
  return t;
}

describe('diffTraces', () => {
  it('marks the words only in A as removed and those only in B as inserted', () => {
    const d = diffTraces('The reply is coherent.\nRating: 3', 'The reply is mostly coherent.\nRating: 2');
    expect(d.level).toBe('word');
    expect(removed(d)).toEqual(['3']);
    expect(inserted(d)).toEqual(['mostly', '2']);
    expect(d.removedWords).toBe(1);
    expect(d.insertedWords).toBe(2);
    expect(d.sameWords).toBe(5);
    expect(side(d, 'inserted')).toBe('The reply is coherent. Rating: 3');
    expect(side(d, 'removed')).toBe('The reply is mostly coherent. Rating: 2');
  });

  it('finds nothing to mark in equal traces and keeps markup as text', () => {
    const t = 'A <script>alert(1)</script> trace';
    const d = diffTraces(t, t);
    expect(d.parts).toEqual([{ kind: 'same', text: t }]);
  });

  it('cuts each trace at the cap, at a word boundary, and says so', () => {
    const long = 'word '.repeat(10);
    const d = diffTraces(long, 'word', { maxChars: 12 });
    expect(d.lengthA).toBe(50);
    expect(d.comparedA).toBe(10);
    expect(d.comparedB).toBe(4);
    expect(capText('abc', 12)).toBe('abc');
    // No surrogate pair is split.
    expect(capText('ab😀cd', 3)).toBe('ab');
  });

  it('falls back to sentences, then to whole texts, when out of time', () => {
    const a = trace(1, 4000);
    const b = trace(2, 4000);
    const bySentence = diffTraces(a, b, { wordBudgetMs: 0 });
    expect(bySentence.level).toBe('sentence');
    expect(side(bySentence, 'inserted')).toBe(a.replace(/\s+/g, ' ').trim());
    const whole = diffTraces(a, b, { wordBudgetMs: 0, sentenceBudgetMs: 0 });
    expect(whole.level).toBe('whole');
    expect(whole.parts.map((p) => p.kind)).toEqual(['removed', 'inserted']);
  });

  it('stays within its budget on two 20,000-character traces', () => {
    const a = trace(3, DIFF_MAX_CHARS);
    // A variant of `a` with about one word in ten changed, and an unrelated trace.
    const rng = createRng(4);
    const variant = a
      .split(' ')
      .map((w) => (rng.next() < 0.1 ? 'changed' : w))
      .join(' ');
    const unrelated = trace(5, DIFF_MAX_CHARS);
    const time = (x: string, y: string) => {
      const t0 = performance.now();
      const d = diffTraces(x, y);
      return { ms: performance.now() - t0, d };
    };
    const similar = time(a, variant);
    const different = time(a, unrelated);
    console.warn(
      `diffTraces on two ${DIFF_MAX_CHARS}-character traces: similar ${similar.ms.toFixed(0)} ms (${similar.d.level}), ` +
        `unrelated ${different.ms.toFixed(0)} ms (${different.d.level})`,
    );
    expect(similar.d.level).toBe('word');
    expect(similar.d.insertedWords).toBeGreaterThan(100);
    // Word budget + sentence budget + tokenizing, with room for a loaded machine.
    expect(different.ms).toBeLessThan(2000);
  });
});

describe('word sets and pairs', () => {
  it('counts words and compares word sets', () => {
    expect(countWords('Rating: 3, so x_1 is fine.')).toBe(6);
    expect([...wordSet('The the THE cat')]).toEqual(['the', 'cat']);
    expect(jaccard(new Set(['a', 'b']), new Set(['b', 'c']))).toBeCloseTo(1 / 3);
    expect(jaccard(new Set(), new Set())).toBe(1);
  });

  it('picks the pair with most words in common, or the closest scores', () => {
    const as = [{ score: 1, reasoning: 'alpha beta gamma' }, { score: 3 }, { score: 2, reasoning: 'delta epsilon' }];
    const bs = [
      { score: 3, reasoning: 'alpha beta zeta' },
      { score: 2, reasoning: 'delta omega' },
      { score: 2, reasoning: 'delta epsilon eta' },
    ];
    expect(pickPair(as, bs, 'similar')).toEqual([2, 2]);
    // Scores 2 and 2 twice (i = 2 with j = 1 or 2): the one sharing more words wins.
    expect(pickPair(as, bs, 'scores')).toEqual([2, 2]);
    // The rollout without reasoning (score 3, equal to bs[0]) is never picked.
    expect(pickPair([{ score: 3 }, { score: 1, reasoning: 'x' }], bs, 'scores')).toEqual([1, 1]);
    expect(pickPair([{ score: 3 }], bs, 'similar')).toBeUndefined();
  });
});
