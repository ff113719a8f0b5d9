import { describe, expect, it } from 'vitest';
import { inputText, searchableText, textMatcher } from './inputText.ts';

describe('inputText', () => {
  it('joins the strings, numbers and booleans of an input in document order, keys left out', () => {
    expect(inputText({ Question: 'Find X', steps: ['a', 2, true, null, { deep: 'b' }] })).toBe('Find X\na\n2\ntrue\nb');
    expect(inputText('abcdef', 3)).toBe('abc');
  });
});

describe('textMatcher', () => {
  it('is a case-insensitive substring test of the trimmed query, over id and input', () => {
    const text = searchableText('Ex-7', { q: 'Show that X > 3' });
    expect(textMatcher('  show THAT x ')!(text)).toBe(true);
    expect(textMatcher('ex-7\nshow')!(text)).toBe(true);
    expect(textMatcher('q')!(text)).toBe(false);
  });

  it('is null for a blank query (every example passes)', () => {
    expect(textMatcher('')).toBeNull();
    expect(textMatcher(' \n\t ')).toBeNull();
  });

  it('searches only the first 2000 characters of the input', () => {
    const text = searchableText('id', `${'.'.repeat(1995)}ABCDEFGH`);
    expect(textMatcher('abcde')!(text)).toBe(true);
    expect(textMatcher('abcdef')!(text)).toBe(false);
  });
});
