// Hash routes: every screen and example has a URL that survives a reload (deep links).
import { SPLIT_CHOICES, type SplitChoice } from '../domain/analysis.ts';
import { PREDICTORS, type PredictorId } from '../domain/baselines.ts';

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

/** The query of a compare hash (the first of repeated keys wins; URLSearchParams never throws on malformed escapes). */
function compareParams(query: string): CompareParams {
  const q = new URLSearchParams(query);
  return { a: q.get('a'), b: q.get('b'), predictor: predictorParam(q.get('predictor')), split: splitParam(q.get('split')) };
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
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** Lone UTF-16 surrogates, which `encodeURIComponent` refuses (they can come from JSON "\ud800" escapes). */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** `encodeURIComponent` that never throws: a lone surrogate becomes U+FFFD. */
function enc(s: string): string {
  return encodeURIComponent(s.replace(LONE_SURROGATE, '\uFFFD'));
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
