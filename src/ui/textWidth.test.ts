// estimateTextWidth against the real advance widths of DejaVu Sans (Debian's default sans-serif, which the
// e2e runs use). Reference: the font's own metrics, read from the hmtx table of DejaVuSans.ttf.
// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { estimateTextWidth } from './textWidth.ts';

/** Printable ASCII and a few more, and their DejaVu Sans advances in em (same order). */
const CHARS = ' !"#$%&\'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~×…éü';
const DEJAVU_EM = [
  0.3179, 0.4009, 0.46, 0.8379, 0.6362, 0.9502, 0.7798, 0.2749, 0.3901, 0.3901, 0.5, 0.8379, 0.3179, 0.3608, 0.3179, 0.3369, 0.6362, 0.6362,
  0.6362, 0.6362, 0.6362, 0.6362, 0.6362, 0.6362, 0.6362, 0.6362, 0.3369, 0.3369, 0.8379, 0.8379, 0.8379, 0.5308, 1.0, 0.6841, 0.686,
  0.6982, 0.77, 0.6318, 0.5752, 0.7749, 0.752, 0.2949, 0.2949, 0.6558, 0.5571, 0.8628, 0.748, 0.7871, 0.603, 0.7871, 0.6948, 0.6348, 0.6108,
  0.7319, 0.6841, 0.9888, 0.6851, 0.6108, 0.6851, 0.3901, 0.3369, 0.3901, 0.8379, 0.5, 0.5, 0.6128, 0.6348, 0.5498, 0.6348, 0.6152, 0.3521,
  0.6348, 0.6338, 0.2778, 0.2778, 0.5791, 0.2778, 0.9741, 0.6338, 0.6118, 0.6348, 0.6348, 0.4111, 0.521, 0.3921, 0.6338, 0.5918, 0.8179,
  0.5918, 0.5918, 0.5249, 0.6362, 0.3369, 0.6362, 0.8379, 0.8379, 1.0, 0.6152, 0.6338,
];
const dejavu = (text: string) => [...text].reduce((w, ch) => w + DEJAVU_EM[[...CHARS].indexOf(ch)]!, 0);

describe('estimateTextWidth', () => {
  it('is at least the DejaVu Sans width of every printable ASCII character', () => {
    [...CHARS].forEach((ch, i) => {
      expect(estimateTextWidth(ch, 100), JSON.stringify(ch)).toBeGreaterThanOrEqual(DEJAVU_EM[i]! * 100);
    });
  });

  it('is close for version names: at most a sixth over', () => {
    for (const name of ['rate_explanation_v1', 'gpt-4o-judge (strict)', 'Prompt B2', 'v12', '×20']) {
      const real = dejavu(name) * 11;
      expect(estimateTextWidth(name, 11)).toBeGreaterThanOrEqual(real);
      expect(estimateTextWidth(name, 11)).toBeLessThanOrEqual((real * 7) / 6);
    }
  });

  it('scales with the font size and counts code points, not UTF-16 units', () => {
    expect(estimateTextWidth('ab', 22)).toBeCloseTo(2 * estimateTextWidth('ab', 11));
    expect(estimateTextWidth('😀', 10)).toBe(10);
    expect(estimateTextWidth('', 10)).toBe(0);
  });
});
