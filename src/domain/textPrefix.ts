// A bounded prefix of a long text (docs/ARCHITECTURE.md §11.3): the browser lays out a 300 KB
// unbroken token for seconds, so views show the first characters and offer the rest. Pure.

/** Characters of one text shown before "Show all". */
export const SHOWN_TEXT_CHARS = 20_000;

/**
 * The first `max` UTF-16 code units of `text`, one fewer where the cut would split a surrogate
 * pair; `text` itself when it is no longer.
 */
export function textPrefix(text: string, max = SHOWN_TEXT_CHARS): string {
  if (text.length <= max) return text;
  const end = max > 0 && isHighSurrogate(text.charCodeAt(max - 1)) ? max - 1 : max;
  return text.slice(0, end);
}

const isHighSurrogate = (code: number): boolean => code >= 0xd800 && code <= 0xdbff;

/** Longest run of non-whitespace characters laid out as one piece (see `splitLongRuns`). */
export const LONG_RUN_CHUNK = 100;

const isLowSurrogate = (code: number): boolean => code >= 0xdc00 && code <= 0xdfff;

/** Whitespace the browser may break a line at, so a run of anything else is one "word" to lay out. */
function isSpace(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  return c <= 32 ? c === 32 || (c >= 9 && c <= 13) : c >= 0x80 && /\s/.test(text[i]!);
}

/**
 * `text` in pieces whose concatenation is `text`, cut only inside runs of more than `chunk`
 * non-whitespace characters (every `chunk` characters, never inside a surrogate pair). Chromium lays
 * out one unbroken token in time quadratic in its length (20,000 characters: about 1 s; 300 KB:
 * 15 s), but separate inline pieces in linear time (300 KB: about 0.3 s), so views put each piece in
 * its own span. A text without such a run is one piece.
 */
export function splitLongRuns(text: string, chunk = LONG_RUN_CHUNK): string[] {
  if (text.length <= chunk) return [text];
  const pieces: string[] = [];
  let start = 0;
  let run = 0;
  for (let i = 0; i < text.length; i++) {
    if (isSpace(text, i)) {
      run = 0;
      continue;
    }
    if (run >= chunk && !isLowSurrogate(text.charCodeAt(i))) {
      pieces.push(text.slice(start, i));
      start = i;
      run = 0;
    }
    run += 1;
  }
  pieces.push(text.slice(start));
  return pieces;
}
