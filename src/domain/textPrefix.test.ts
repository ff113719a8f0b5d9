// The bounded prefix of a long text and the pieces a long unbroken run is laid out in (issue 14.2).
import { describe, expect, it } from 'vitest';
import { LONG_RUN_CHUNK, SHOWN_TEXT_CHARS, splitLongRuns, textPrefix } from './textPrefix.ts';

describe('textPrefix', () => {
  it('keeps a short text and cuts a long one at the bound', () => {
    expect(textPrefix('short')).toBe('short');
    expect(textPrefix('A'.repeat(300_000))).toHaveLength(SHOWN_TEXT_CHARS);
    expect(textPrefix('abcdef', 3)).toBe('abc');
  });

  it('never splits a surrogate pair', () => {
    expect(textPrefix('ab😀cd', 3)).toBe('ab');
    expect(textPrefix('ab😀cd', 4)).toBe('ab😀');
  });
});

describe('splitLongRuns', () => {
  it('leaves text without a long run in one piece', () => {
    const words = 'word '.repeat(10_000);
    expect(splitLongRuns(words)).toEqual([words]);
    expect(splitLongRuns('x'.repeat(LONG_RUN_CHUNK))).toEqual(['x'.repeat(LONG_RUN_CHUNK)]);
  });

  it('cuts a 300 KB token into pieces of the chunk size that join back to the text', () => {
    const text = `Question: ${'A'.repeat(300_000)} end`;
    const pieces = splitLongRuns(text);
    expect(pieces.join('')).toBe(text);
    expect(pieces.length).toBe(Math.ceil(300_000 / LONG_RUN_CHUNK));
    expect(Math.max(...pieces.map((p) => p.length))).toBeLessThanOrEqual(LONG_RUN_CHUNK + 'Question: '.length);
  });

  it('counts a run from the last whitespace and keeps surrogate pairs whole', () => {
    expect(splitLongRuns('ab cdefg', 3)).toEqual(['ab cde', 'fg']);
    expect(splitLongRuns('ab😀😀', 3)).toEqual(['ab😀', '😀']);
    for (const piece of splitLongRuns('😀'.repeat(500), 7)) expect(piece.length % 2).toBe(0);
  });
});
