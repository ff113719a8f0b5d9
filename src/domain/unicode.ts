// Lone UTF-16 surrogates: a JavaScript string may hold them (a JSON "\ud800" escape makes one), but
// no UTF-8 text can, so `encodeURIComponent` throws on them and a UTF-8 file turns them into U+FFFD.
// Pure.

/** A high surrogate not followed by a low one, or a low one not preceded by a high one (global: use with matchAll/replace). */
export const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Whether `s` holds a lone surrogate, i.e. cannot be written as UTF-8 without loss. */
export function hasLoneSurrogate(s: string): boolean {
  return /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(s);
}
