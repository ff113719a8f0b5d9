// App shell: header navigation, storage errors, and the screen for the current hash route.
import { lazy, Suspense, useEffect, type ComponentType } from 'react';
import { isImportRunning } from '../store/importSlice.ts';
import { selectCurrentInfo } from '../store/selectors.ts';
import { useAppStore, useAppStoreApi } from '../store/useAppStore.ts';
import { BrowseScreen } from './browse/BrowseScreen.tsx';
import { ImportScreen } from './import/ImportScreen.tsx';
import { AgreementScreen } from './annotate/AgreementScreen.tsx';
import { CrashProbe } from '../testApi.ts';
import { ErrorBoundary } from '../ui/ErrorBoundary.tsx';
import { navigate, parseRoute, routeHref, type Route } from './route.ts';
import { useRoute } from './useRoute.ts';

// The example and annotate views pull in markdown + KaTeX, Analyze and Train the charts (recharts,
// which doubled the start-up bundle): the app opens without them and fetches them (from its own
// origin) once start-up is done. Once loaded they are rendered directly: going
// through React.lazy again would suspend, and React holds a shown fallback for 300 ms.
function preloadable<P extends object>(load: () => Promise<ComponentType<P>>) {
  const screen: { loaded: ComponentType<P> | null; Lazy: ComponentType<P>; preload: () => Promise<ComponentType<P>> } = {
    loaded: null,
    preload: () => load().then((c) => (screen.loaded = c)),
    Lazy: lazy(() => screen.preload().then((c) => ({ default: c }))),
  };
  return screen;
}
const exampleScreen = preloadable(() => import('./example/ExampleScreen.tsx').then((m) => m.ExampleScreen));
const annotateScreen = preloadable(() => import('./annotate/AnnotateScreen.tsx').then((m) => m.AnnotateScreen));
const analyzeScreen = preloadable(() => import('./analyze/AnalyzeScreen.tsx').then((m) => m.AnalyzeScreen));
const trainScreen = preloadable(() => import('./train/TrainScreen.tsx').then((m) => m.TrainScreen));
const compareScreen = preloadable(() => import('./compare/CompareScreen.tsx').then((m) => m.CompareScreen));
const LAZY_SCREENS = [exampleScreen, annotateScreen, analyzeScreen, compareScreen, trainScreen];

/** The Compare screen of a dataset with its defaults (the first two prompt versions, mean, test). */
const compareRoute = (datasetId: string): Route => ({ screen: 'compare', datasetId, a: null, b: null, predictor: null, split: null });

const SCREEN_NAMES: Record<Route['screen'], string> = {
  datasets: 'Datasets',
  browse: 'Browse',
  example: 'Example',
  annotate: 'Annotate',
  agreement: 'Agreement',
  analyze: 'Analyze',
  compare: 'Compare',
  train: 'Train',
};

export function App() {
  const store = useAppStoreApi();
  const route = useRoute();
  const ready = useAppStore((s) => s.ready);
  const storageError = useAppStore((s) => s.storageError);
  const currentId = useAppStore((s) => s.currentId);
  const datasets = useAppStore((s) => s.datasets);
  const routeDatasetId = route.screen === 'datasets' ? null : route.datasetId;
  const current = datasets.find((d) => d.id === currentId);

  useEffect(() => {
    void store
      .getState()
      .init()
      .then(({ firstStartDatasetId }) => {
        for (const screen of LAZY_SCREENS) void screen.preload();
        // A new user lands on the demo's examples, unless they already went somewhere else.
        if (firstStartDatasetId && parseRoute(window.location.hash).screen === 'datasets') {
          navigate({ screen: 'browse', datasetId: firstStartDatasetId });
        }
      });
  }, [store]);

  useEffect(() => {
    if (ready && routeDatasetId) void store.getState().openDataset(routeDatasetId);
  }, [store, ready, routeDatasetId]);

  return (
    <div className="rir-app">
      <header className="rir-topbar">
        <a className="rir-brand" href="#/">
          rir-workbench
        </a>
        <nav aria-label="Main">
          <a href="#/" aria-current={route.screen === 'datasets' ? 'page' : undefined}>
            Datasets
          </a>
          {currentId ? (
            <>
              <a
                href={routeHref({ screen: 'browse', datasetId: currentId })}
                aria-current={route.screen === 'browse' || route.screen === 'example' ? 'page' : undefined}
              >
                Browse
              </a>
              <a
                href={routeHref({ screen: 'annotate', datasetId: currentId, exampleId: null })}
                aria-current={route.screen === 'annotate' || route.screen === 'agreement' ? 'page' : undefined}
              >
                Annotate
              </a>
              <a
                href={routeHref({ screen: 'analyze', datasetId: currentId })}
                aria-current={route.screen === 'analyze' ? 'page' : undefined}
              >
                Analyze
              </a>
              <a href={routeHref(compareRoute(currentId))} aria-current={route.screen === 'compare' ? 'page' : undefined}>
                Compare
              </a>
              <a href={routeHref({ screen: 'train', datasetId: currentId })} aria-current={route.screen === 'train' ? 'page' : undefined}>
                Train
              </a>
            </>
          ) : (
            <>
              <span className="rir-muted">Browse</span>
              <span className="rir-muted">Annotate</span>
              <span className="rir-muted">Analyze</span>
              <span className="rir-muted">Compare</span>
              <span className="rir-muted">Train</span>
            </>
          )}
        </nav>
        {datasets.length > 0 && (
          <select
            className="rir-dataset-switch"
            aria-label="Dataset"
            // The picker may be narrower than a long name: the full name is in its title.
            title={current ? `${current.name} (${current.exampleCount} examples)` : 'Choose a dataset'}
            value={currentId ?? ''}
            onChange={(e) => {
              const datasetId = e.currentTarget.value;
              // Compare's versions belong to a dataset: the other dataset's Compare starts from its defaults.
              if (route.screen === 'compare') navigate(compareRoute(datasetId));
              else navigate({ screen: route.screen === 'analyze' || route.screen === 'train' ? route.screen : 'browse', datasetId });
            }}
          >
            {current === undefined && (
              <option value="" disabled>
                Choose a dataset
              </option>
            )}
            {datasets.map((d) => (
              <option key={d.id} value={d.id} title={d.name}>
                {d.name} ({d.exampleCount})
              </option>
            ))}
          </select>
        )}
      </header>
      {storageError && (
        <div role="alert" className="rir-banner rir-error">
          Storage problem: {storageError}{' '}
          <button type="button" onClick={() => store.getState().dismissStorageError()}>
            Dismiss
          </button>
        </div>
      )}
      <main>
        {/* One boundary per screen: a render error shows its message and a way back, and the top bar stays usable. */}
        <ErrorBoundary key={route.screen} resetKey={routeHref(route)} what={`the ${SCREEN_NAMES[route.screen]} screen`}>
          {import.meta.env.MODE === 'e2e' && <CrashProbe screen={route.screen} />}
          {route.screen === 'datasets' ? <ImportScreen /> : <DatasetRoute route={route} />}
        </ErrorBoundary>
      </main>
    </div>
  );
}

function DatasetRoute({ route }: { route: Exclude<Route, { screen: 'datasets' }> }) {
  const { datasetId } = route;
  const ready = useAppStore((s) => s.ready);
  const info = useAppStore(selectCurrentInfo);
  const examples = useAppStore((s) => s.examples);
  const currentId = useAppStore((s) => s.currentId);
  const importing = useAppStore((s) => isImportRunning(s.importState));

  if (!ready || currentId !== datasetId || (info && !examples) || (!info && importing)) {
    return (
      <div className="rir-screen" aria-busy="true">
        <p className="rir-muted">Loading dataset…</p>
      </div>
    );
  }
  if (!info || !examples) {
    return (
      <div className="rir-screen">
        <h1>Dataset not found</h1>
        <p>
          It may have been deleted. <a href="#/">Go to datasets</a>
        </p>
      </div>
    );
  }
  if (route.screen === 'browse') return <BrowseScreen info={info} examples={examples} />;
  if (route.screen === 'agreement') return <AgreementScreen info={info} examples={examples} />;
  let screen;
  if (route.screen === 'analyze') {
    const Analyze = analyzeScreen.loaded ?? analyzeScreen.Lazy;
    screen = <Analyze info={info} examples={examples} />;
  } else if (route.screen === 'compare') {
    const Compare = compareScreen.loaded ?? compareScreen.Lazy;
    screen = <Compare info={info} examples={examples} route={route} />;
  } else if (route.screen === 'train') {
    const Train = trainScreen.loaded ?? trainScreen.Lazy;
    screen = <Train info={info} examples={examples} />;
  } else if (route.screen === 'annotate') {
    const Annotate = annotateScreen.loaded ?? annotateScreen.Lazy;
    screen = <Annotate info={info} examples={examples} exampleId={route.exampleId} />;
  } else {
    const Example = exampleScreen.loaded ?? exampleScreen.Lazy;
    screen = <Example info={info} examples={examples} exampleId={route.exampleId} />;
  }
  return <Suspense fallback={<p className="rir-screen rir-muted">Loading {route.screen}…</p>}>{screen}</Suspense>;
}
