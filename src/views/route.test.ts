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

  it('round-trips ids holding lone surrogates, losslessly and apart from U+FFFD', () => {
    const ids = ['a\ud800b', '\ud800', '\udc00x', 'x\udbff', '\udc00\ud800', 'a\ufffdb', '\ud83d\ude00 ok', '%ED%A0%80'];
    for (const exampleId of ids) {
      for (const r of [
        { screen: 'example', datasetId: `ds${exampleId}`, exampleId },
        { screen: 'annotate', datasetId: 'ds', exampleId },
        { screen: 'browse', datasetId: exampleId },
      ] as Route[]) {
        const href = routeHref(r);
        expect(href).toMatch(/^#\/[\x21-\x7e]*$/);
        expect(parseRoute(href)).toEqual(r);
      }
    }
    expect(routeHref({ screen: 'example', datasetId: 'd', exampleId: 'a\ud800b' })).toBe('#/example/d/a%ED%A0%80b');
    expect(routeHref({ screen: 'example', datasetId: 'd', exampleId: 'a\ud800b' })).not.toBe(
      routeHref({ screen: 'example', datasetId: 'd', exampleId: 'a\ufffdb' }),
    );
    // Overlong or out-of-range escapes are not WTF-8: kept as written.
    expect(parseRoute('#/browse/%C0%80')).toEqual({ screen: 'browse', datasetId: '%C0%80' });
    expect(parseRoute('#/browse/%F4%90%80%80')).toEqual({ screen: 'browse', datasetId: '%F4%90%80%80' });
  });

  describe('compare', () => {
    const compare = (p: Partial<Extract<Route, { screen: 'compare' }>> = {}): Route => ({
      screen: 'compare',
      datasetId: 'ds1',
      a: null,
      b: null,
      predictor: null,
      split: null,
      ...p,
    });

    it('reads A, B, predictor and split from the query', () => {
      expect(parseRoute('#/compare/ds1?a=terse&b=explain&predictor=mean&split=test')).toEqual(
        compare({ a: 'terse', b: 'explain', predictor: 'mean', split: 'test' }),
      );
      expect(routeHref(compare({ a: 'terse', b: 'explain', predictor: 'mean', split: 'test' }))).toBe(
        '#/compare/ds1?a=terse&b=explain&predictor=mean&split=test',
      );
    });

    it('leaves missing or unknown parameters to the defaults (null) and writes only the given ones', () => {
      expect(parseRoute('#/compare/ds1')).toEqual(compare());
      expect(parseRoute('#/compare/ds1/')).toEqual(compare());
      expect(parseRoute('#/compare/ds1?')).toEqual(compare());
      expect(parseRoute('#/compare/ds1?predictor=best&split=holdout&x=1')).toEqual(compare());
      expect(parseRoute('#/compare/ds1?predictor=applied:')).toEqual(compare());
      expect(parseRoute('#/compare/ds1?predictor=toString&split=__proto__')).toEqual(compare());
      expect(routeHref(compare())).toBe('#/compare/ds1');
      expect(routeHref(compare({ b: 'v2' }))).toBe('#/compare/ds1?b=v2');
      expect(parseRoute('#/compare')).toEqual({ screen: 'datasets' });
    });

    it('accepts every predictor the analysis can offer, applied calibrators included', () => {
      for (const p of ['mean', 'median', 'first', 'rail', 'linear', 'isotonic', 'calibrator', 'applied:my model.onnx'] as const) {
        const r = compare({ predictor: p });
        expect(parseRoute(routeHref(r))).toEqual(r);
      }
    });

    it('round-trips hostile version names and dataset ids', () => {
      const hostile = ['a&b=c', 'x?y#z', 'v 1+2', '100%', '%E0%A4%A', 'ü/ß/日本', '=', '', ' ', 'a=b&split=all', '\u2028'];
      for (const name of hostile) {
        const r = compare({ datasetId: `ds/${name}`, a: name, b: `${name}2`, predictor: `applied:${name}x`, split: 'all' });
        expect(parseRoute(routeHref(r))).toEqual(r);
      }
    });

    it('never throws: a lone surrogate round-trips, a malformed escape stays text, the first repeated key wins', () => {
      expect(() => routeHref(compare({ a: '\ud800x' }))).not.toThrow();
      expect(parseRoute(routeHref(compare({ a: '\ud800x', b: 'y\udc00' })))).toEqual(compare({ a: '\ud800x', b: 'y\udc00' }));
      expect(parseRoute('#/compare/ds1?a=%41%ZZ')).toEqual(compare({ a: 'A%ZZ' }));
      expect(parseRoute('#/compare/ds1?a=x+y&b')).toEqual(compare({ a: 'x y', b: '' }));
      expect(parseRoute('#/compare/%E0%A4%A?a=%ZZ')).toEqual(compare({ datasetId: '%E0%A4%A', a: '%ZZ' }));
      expect(parseRoute('#/compare/ds1?a=v1&a=v2&split=val&split=all')).toEqual(compare({ a: 'v1', split: 'val' }));
    });

    it('does not take the other screens’ paths for compare', () => {
      expect(parseRoute('#/browse/compare')).toEqual({ screen: 'browse', datasetId: 'compare' });
      expect(parseRoute('#/example/ds/compare?a=1')).toEqual({ screen: 'example', datasetId: 'ds', exampleId: 'compare?a=1' });
    });
  });
});
