// Hash routes: every screen and example has a URL that survives a reload (deep links).
import { SPLIT_CHOICES, type SplitChoice } from '../domain/analysis.ts';
import { PREDICTORS, type PredictorId } from '../domain/baselines.ts';
import { LONE_SURROGATE } from '../domain/unicode.ts';

/**
 * The Compare screen's choices as its URL holds them (`#/compare/<dataset>?a=…&b=…&predictor=…&split=…`).
 * Null: not given, or not a valid value (an unknown predictor or split); the screen uses its default
 * (the first two prompt versions, the mean, the test split). A and B are any text: whether the dataset
 * has such a version is for the screen to say.
 */
export interface CompareParams {
  a: string | null;
  b: string | null;
  predictor: PredictorId | null;
  split: SplitChoice | null;
}

export type Route =
  | { screen: 'datasets' }
  | { screen: 'browse'; datasetId: string }
  | { screen: 'analyze'; datasetId: string }
  | { screen: 'train'; datasetId: string }
  | { screen: 'example'; datasetId: string; exampleId: string }
  /** Labelling; without an example, the first of the queue. */
  | { screen: 'annotate'; datasetId: string; exampleId: string | null }
  | { screen: 'agreement'; datasetId: string }
  | ({ screen: 'compare'; datasetId: string } & CompareParams);

const COMPARE_KEYS = ['a', 'b', 'predictor', 'split'] as const;

function predictorParam(v: string | null): PredictorId | null {
  if (v === null) return null;
  if (Object.hasOwn(PREDICTORS, v)) return v as keyof typeof PREDICTORS;
  return v.startsWith('applied:') && v.length > 'applied:'.length ? (v as PredictorId) : null;
}

function splitParam(v: string | null): SplitChoice | null {
  return SPLIT_CHOICES.find((s) => s === v) ?? null;
}

/**
 * The query of a compare hash (the first of repeated keys wins). Each value is decoded like a path
 * segment (`+` is a space), so a version name holding a lone surrogate comes back unchanged; a value
 * that is not such an encoding is decoded as URLSearchParams would, which never throws.
 */
function compareParams(query: string): CompareParams {
  const q = new Map<string, string>();
  for (const pair of query.split('&')) {
    if (pair === '') continue;
    const eq = pair.indexOf('=');
    const [k, v] = eq < 0 ? [pair, ''] : [pair.slice(0, eq), pair.slice(eq + 1)];
    const key = queryDecode(k);
    if (!q.has(key)) q.set(key, queryDecode(v));
  }
  const get = (k: string): string | null => q.get(k) ?? null;
  return { a: get('a'), b: get('b'), predictor: predictorParam(get('predictor')), split: splitParam(get('split')) };
}

function queryDecode(s: string): string {
  const plus = s.replace(/\+/g, ' ');
  return decodeComponent(plus) ?? new URLSearchParams(`v=${s}`).get('v') ?? plus;
}

export function parseRoute(hash: string): Route {
  const path = hash.replace(/^#\/?/, '');
  // Compare carries its choices in a query; a literal "?" never occurs in an encoded dataset id.
  const compare = /^compare\/([^/?]+)\/?(?:\?(.*))?$/s.exec(path);
  if (compare) return { screen: 'compare', datasetId: decodeOrKeep(compare[1]!), ...compareParams(compare[2] ?? '') };
  const parts = path.split('/').filter((p) => p !== '');
  const dec = (s: string | undefined) => decodeOrKeep(s ?? '');
  if (parts[0] === 'browse' && parts[1]) return { screen: 'browse', datasetId: dec(parts[1]) };
  if (parts[0] === 'analyze' && parts[1]) return { screen: 'analyze', datasetId: dec(parts[1]) };
  if (parts[0] === 'train' && parts[1]) return { screen: 'train', datasetId: dec(parts[1]) };
  if (parts[0] === 'agreement' && parts[1]) return { screen: 'agreement', datasetId: dec(parts[1]) };
  if (parts[0] === 'annotate' && parts[1]) {
    return { screen: 'annotate', datasetId: dec(parts[1]), exampleId: parts[2] ? dec(parts.slice(2).join('/')) : null };
  }
  if (parts[0] === 'example' && parts[1] && parts[2]) {
    return { screen: 'example', datasetId: dec(parts[1]), exampleId: dec(parts.slice(2).join('/')) };
  }
  return { screen: 'datasets' };
}

function decodeOrKeep(s: string): string {
  return decodeComponent(s) ?? s;
}

/**
 * `decodeURIComponent`, also accepting what `enc` writes for a lone surrogate (its three-byte
 * generalised UTF-8 form, as in WTF-8); null when `s` is neither.
 */
function decodeComponent(s: string): string | null {
  try {
    return decodeURIComponent(s);
  } catch {
    return decodeWtf8Escapes(s);
  }
}

/** Percent-escapes decoded as WTF-8 (UTF-8 that may encode lone surrogates); null on a malformed escape or byte sequence. */
function decodeWtf8Escapes(s: string): string | null {
  let out = '';
  let i = 0;
  const byteAt = (j: number): number | null => {
    if (s[j] !== '%') return null;
    const hex = s.slice(j + 1, j + 3);
    return /^[0-9a-fA-F]{2}$/.test(hex) ? parseInt(hex, 16) : null;
  };
  while (i < s.length) {
    if (s[i] !== '%') {
      out += s[i];
      i++;
      continue;
    }
    const b0 = byteAt(i);
    if (b0 === null) return null;
    const len = b0 < 0x80 ? 1 : b0 >= 0xc2 && b0 < 0xe0 ? 2 : b0 >= 0xe0 && b0 < 0xf0 ? 3 : b0 >= 0xf0 && b0 < 0xf5 ? 4 : 0;
    if (len === 0) return null;
    let cp = len === 1 ? b0 : b0 & (0xff >> (len + 1));
    for (let k = 1; k < len; k++) {
      const b = byteAt(i + 3 * k);
      if (b === null || (b & 0xc0) !== 0x80) return null;
      cp = (cp << 6) | (b & 0x3f);
    }
    const min = [0, 0, 0x80, 0x800, 0x10000][len]!;
    if (cp < min || cp > 0x10ffff) return null;
    out += String.fromCodePoint(cp);
    i += 3 * len;
  }
  return out;
}

/**
 * `encodeURIComponent` that never throws and loses nothing: a lone surrogate is written as its
 * three-byte generalised UTF-8 escape (`\ud800` → `%ED%A0%80`, as WTF-8 does), which no valid
 * UTF-8 text encodes to and which `decodeComponent` reads back.
 */
function enc(s: string): string {
  let out = '';
  let last = 0;
  for (const m of s.matchAll(LONE_SURROGATE)) {
    const u = m[0].charCodeAt(0);
    const bytes = [0xe0 | (u >> 12), 0x80 | ((u >> 6) & 0x3f), 0x80 | (u & 0x3f)];
    out += encodeURIComponent(s.slice(last, m.index)) + bytes.map((b) => `%${b.toString(16).toUpperCase()}`).join('');
    last = m.index + 1;
  }
  return out + encodeURIComponent(s.slice(last));
}

export function routeHref(r: Route): string {
  switch (r.screen) {
    case 'datasets':
      return '#/';
    case 'browse':
      return `#/browse/${enc(r.datasetId)}`;
    case 'analyze':
      return `#/analyze/${enc(r.datasetId)}`;
    case 'train':
      return `#/train/${enc(r.datasetId)}`;
    case 'agreement':
      return `#/agreement/${enc(r.datasetId)}`;
    case 'annotate':
      return r.exampleId === null ? `#/annotate/${enc(r.datasetId)}` : `#/annotate/${enc(r.datasetId)}/${enc(r.exampleId)}`;
    case 'example':
      return `#/example/${enc(r.datasetId)}/${enc(r.exampleId)}`;
    case 'compare': {
      const query = COMPARE_KEYS.flatMap((k) => (r[k] === null ? [] : [`${k}=${enc(r[k])}`])).join('&');
      return `#/compare/${enc(r.datasetId)}${query ? `?${query}` : ''}`;
    }
  }
}

/** Goes to `r`; `replace` swaps the history entry instead of adding one (stepping through a labelling queue). */
export function navigate(r: Route, options: { replace?: boolean } = {}): void {
  if (options.replace) window.location.replace(routeHref(r));
  else window.location.hash = routeHref(r);
}
