// Width of SVG label text estimated without a DOM (docs/ARCHITECTURE.md §11.4), so charts can size their margins from props alone. Pure; no React or DOM.
//
// Per-character advance widths in em, rounded up from DejaVu Sans (the widest common sans-serif
// font, Debian's default) so that Arial, Roboto, Segoe UI and San Francisco come out narrower than
// the estimate: a margin sized from it is a little generous rather than clipping the text.

const NARROW = /[iljIJ.,:;'|]/;
const SEMI = /[ftr!()[\]\-/\\ ]/;
const SYMBOL = /[#&+<=>^~"`]/;
const WIDE = /[mwMW@%×…]/;

function charEm(ch: string): number {
  if (NARROW.test(ch)) return 0.34;
  if (SEMI.test(ch)) return 0.42;
  if (WIDE.test(ch)) return 1.0;
  if (SYMBOL.test(ch)) return 0.84;
  if (/[A-Z]/.test(ch)) return 0.79;
  // Other ASCII: lower-case letters, digits, _ * ? $ { } and the like.
  if (ch.charCodeAt(0) < 0x80) return 0.66;
  // Beyond ASCII: accented letters are about as wide, CJK and emoji a full em; assume the wider.
  return 1.0;
}

/** Estimated width in px of `text` set in a sans-serif font of `fontSizePx`; at least the real width for common fonts. */
export function estimateTextWidth(text: string, fontSizePx: number): number {
  let em = 0;
  for (const ch of text) em += charEm(ch);
  return em * fontSizePx;
}
