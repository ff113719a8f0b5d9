import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { fnv1a32 } from './hash.ts';
import { parseSplit, splitForId } from './split.ts';

describe('fnv1a32', () => {
  it('matches the published FNV-1a 32-bit test vectors', () => {
    // Vectors from the FNV reference (isthe.com/chongo/tech/comp/fnv): "" and "a" and "foobar".
    expect(fnv1a32('')).toBe(0x811c9dc5);
    expect(fnv1a32('a')).toBe(0xe40c292c);
    expect(fnv1a32('foobar')).toBe(0xbf9cf968);
  });
});

describe('splitForId', () => {
  it('is a pure function of the id', () => {
    fc.assert(fc.property(fc.string(), (id) => splitForId(id) === splitForId(id)));
  });

  it('gives roughly 60/20/20 over sequential ids', () => {
    const counts = { train: 0, val: 0, test: 0 };
    const n = 30_000;
    for (let i = 0; i < n; i++) counts[splitForId(`ex-${String(i).padStart(6, '0')}`)]++;
    // Binomial sd at n = 30k is under 0.3 percentage points; allow 1.5.
    expect(counts.train / n).toBeGreaterThan(0.585);
    expect(counts.train / n).toBeLessThan(0.615);
    expect(counts.val / n).toBeGreaterThan(0.185);
    expect(counts.val / n).toBeLessThan(0.215);
    expect(counts.test / n).toBeGreaterThan(0.185);
    expect(counts.test / n).toBeLessThan(0.215);
  });

  it('never changes for known ids (splits must survive releases)', () => {
    // Pinned once; a change here would move examples between splits in users' stored datasets.
    const pinned = ['ex-000000', 'ex-000001', 'a', '17', 'math-115'].map(splitForId);
    expect(pinned).toMatchInlineSnapshot(`
      [
        "val",
        "train",
        "train",
        "train",
        "test",
      ]
    `);
  });
});

describe('parseSplit', () => {
  it('accepts common names case-insensitively and rejects others', () => {
    expect(parseSplit('Train')).toBe('train');
    expect(parseSplit(' validation ')).toBe('val');
    expect(parseSplit('dev')).toBe('val');
    expect(parseSplit('TEST')).toBe('test');
    expect(parseSplit('holdout')).toBeNull();
    expect(parseSplit(3)).toBeNull();
  });
});
