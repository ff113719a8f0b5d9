import { describe, expect, it } from 'vitest';
import { parseRoute, routeHref, type Route } from './route.ts';

describe('hash routes', () => {
  it('round-trips ids with slashes, spaces and unicode', () => {
    const routes: Route[] = [
      { screen: 'datasets' },
      { screen: 'browse', datasetId: 'a b/c' },
      { screen: 'analyze', datasetId: 'a b/c' },
      { screen: 'agreement', datasetId: 'a b/c' },
      { screen: 'annotate', datasetId: 'ds-1', exampleId: null },
      { screen: 'annotate', datasetId: 'ds-1', exampleId: 'ex/17 ü?#' },
      { screen: 'example', datasetId: 'ds-1', exampleId: 'ex/17 ü?#' },
    ];
    for (const r of routes) expect(parseRoute(routeHref(r))).toEqual(r);
  });

  it('falls back to the datasets screen for unknown or incomplete hashes', () => {
    expect(parseRoute('')).toEqual({ screen: 'datasets' });
    expect(parseRoute('#/example/only-dataset')).toEqual({ screen: 'datasets' });
    expect(parseRoute('#/nonsense')).toEqual({ screen: 'datasets' });
  });

  it('keeps a malformed percent escape as written instead of throwing', () => {
    expect(parseRoute('#/browse/%E0%A4%A')).toEqual({ screen: 'browse', datasetId: '%E0%A4%A' });
  });
});
