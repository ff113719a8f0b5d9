// Hash routes: every screen and example has a URL that survives a reload (deep links).
export type Route =
  | { screen: 'datasets' }
  | { screen: 'browse'; datasetId: string }
  | { screen: 'analyze'; datasetId: string }
  | { screen: 'train'; datasetId: string }
  | { screen: 'example'; datasetId: string; exampleId: string }
  /** Labelling; without an example, the first of the queue. */
  | { screen: 'annotate'; datasetId: string; exampleId: string | null }
  | { screen: 'agreement'; datasetId: string };

export function parseRoute(hash: string): Route {
  const parts = hash
    .replace(/^#\/?/, '')
    .split('/')
    .filter((p) => p !== '');
  const dec = (s: string | undefined) => {
    try {
      return decodeURIComponent(s ?? '');
    } catch {
      return s ?? '';
    }
  };
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

export function routeHref(r: Route): string {
  const enc = encodeURIComponent;
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
  }
}

/** Goes to `r`; `replace` swaps the history entry instead of adding one (stepping through a labelling queue). */
export function navigate(r: Route, options: { replace?: boolean } = {}): void {
  if (options.replace) window.location.replace(routeHref(r));
  else window.location.hash = routeHref(r);
}
