// Tests for the math delimiter normaliser: each case is the remark-math input we expect by hand.
// @vitest-environment node
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { normalizeMathDelimiters as norm } from './mathDelimiters.ts';

describe('normalizeMathDelimiters', () => {
  it('turns \\(…\\) into $…$', () => {
    expect(norm('so \\( x^2 + 1 \\) holds')).toBe('so $x^2 + 1$ holds');
  });

  it('fences \\(…\\) with more dollars than it contains', () => {
    expect(norm('cost \\(\\$5\\)')).toBe('cost $$\\$5$$');
    expect(norm('\\(a $$ b\\)')).toBe('$$$a $$ b$$$');
  });

  it('turns \\[…\\] on its own lines into a $$ fence block', () => {
    expect(norm('\\[\nx = 1\n\\]')).toBe('$$\nx = 1\n$$');
  });

  it('moves a mid-sentence \\[…\\] onto lines of its own, prose continuing after it', () => {
    expect(norm('We get \\[ x^2 \\] so done.')).toBe('We get\n$$\nx^2\n$$\nso done.');
  });

  it('turns one-line and multi-line $$…$$ into fence blocks (remark-math renders $$x$$ inline)', () => {
    expect(norm('$$x^2$$')).toBe('$$\nx^2\n$$');
    expect(norm('$$x = 1\n+ 2$$\n\nnext')).toBe('$$\nx = 1\n+ 2\n$$\n\nnext');
  });

  it('leaves a well-formed $$ fence block as it is', () => {
    const fenced = 'Intro\n\n$$\n\\frac{a}{b}\n$$\n\nOutro';
    expect(norm(fenced)).toBe(fenced);
  });

  it('wraps bare math environments, keeping the environment', () => {
    const src = 'Thus\n\\begin{align*}\na &= b \\\\\nc &= d\n\\end{align*}\nend';
    expect(norm(src)).toBe('Thus\n$$\n\\begin{align*}\na &= b \\\\\nc &= d\n\\end{align*}\n$$\nend');
    expect(norm('\\begin{equation}E=mc^2\\end{equation}')).toBe('$$\n\\begin{equation}E=mc^2\\end{equation}\n$$');
  });

  it('matches nested environments of the same name', () => {
    const src = '\\begin{cases} 1 & \\begin{cases} a \\end{cases} \\end{cases}';
    expect(norm(src)).toBe(`$$\n${src}\n$$`);
  });

  it('does not wrap environments already inside math, nor text-mode ones', () => {
    const inside = '$$\n\\begin{aligned} a &= b \\end{aligned}\n$$';
    expect(norm(inside)).toBe(inside);
    expect(norm('\\begin{itemize} x \\end{itemize}')).toBe('\\begin{itemize} x \\end{itemize}');
  });

  it('keeps \\[ … \\] inside a list item indented under the item', () => {
    expect(norm('1. item \\[ a \\]\n2. \\[b\\]\n   more')).toBe('1. item\n   $$\n   a\n   $$\n2. $$\n   b\n   $$\n   more');
  });

  it('keeps display math inside a blockquote', () => {
    expect(norm('> quote \\[\n> x\n> \\]\n> after')).toBe('> quote\n> $$\n> x\n> $$\n> after');
  });

  it('does not touch code spans or fenced code blocks', () => {
    const code = 'Use `\\(x\\)` or ``$$y$$``.\n\n```tex\n\\[ z \\]\n$a$ $5\n```\n\n~~~\n\\(w\\)\n~~~';
    expect(norm(code)).toBe(code);
  });

  it('treats an unclosed code fence as running to the end', () => {
    const code = 'a\n```\n\\[ x \\]';
    expect(norm(code)).toBe(code);
  });

  it('escapes lone dollars that cannot pair as inline math (currency)', () => {
    expect(norm('$5 and $10')).toBe('\\$5 and \\$10');
    expect(norm('from $5-$10 total')).toBe('from \\$5-\\$10 total');
    expect(norm('price: $3')).toBe('price: \\$3');
  });

  it('keeps valid inline $…$ math and already-escaped dollars', () => {
    expect(norm('let $x$ be $y_1$')).toBe('let $x$ be $y_1$');
    expect(norm('costs \\$5, $a+b$')).toBe('costs \\$5, $a+b$');
  });

  it('does not pair inline math across a blank line', () => {
    expect(norm('$a\n\nb$')).toBe('\\$a\n\nb\\$');
  });

  it('leaves \\\\[ (an escaped backslash) and unclosed delimiters alone', () => {
    expect(norm('a \\\\[2pt] b')).toBe('a \\\\[2pt] b');
    expect(norm('see \\[ unclosed')).toBe('see \\[ unclosed');
    expect(norm('see \\( unclosed')).toBe('see \\( unclosed');
  });

  it('normalises CRLF line endings', () => {
    expect(norm('\\[\r\nx\r\n\\]')).toBe('$$\nx\n$$');
  });

  it('returns text without backslashes, dollars or backticks unchanged', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('a', ' ', '\n', '>', '-', '1', '.', '[', ']', '(', ')', '{', '}', '*', '~') }), (s) => {
        expect(norm(s)).toBe(s);
      }),
    );
  });
});
