// Example view: the input as markdown with math, a strip plot of rollout scores against the
// target, the rollouts grouped by prompt version with score chips and collapsible reasoning, and
// two prompt versions side by side with a word diff of their reasoning.
import { useEffect } from 'react';
import type { DatasetInfo } from '../../domain/types.ts';
import { rowsOf, visibleIndices, calibratedAt, appliedAt, keptTextModels } from '../../store/selectors.ts';
import { matchesFor } from '../../store/uiSlice.ts';
import { useAppStore, useAppStoreApi } from '../../store/useAppStore.ts';
import { actionFor, isTextEntry, keyHint } from '../../ui/keymap.ts';
import { formatScore } from '../../ui/formatScore.ts';
import { navigate, routeHref } from '../route.ts';
import { ExampleBody } from './ExampleBody.tsx';
import { VersionsSideBySide } from './VersionsSideBySide.tsx';
import type { ExampleCore } from '../../domain/exampleCore.ts';
import { ExampleTextPending } from './ExampleTextPending.tsx';
import { useExample } from './useExample.ts';

export function ExampleScreen({ info, examples, exampleId }: { info: DatasetInfo; examples: ExampleCore[]; exampleId: string }) {
  const query = useAppStore((s) => s.browseQuery);
  const index = examples.findIndex((e) => e.id === exampleId);
  const ex = examples[index];
  // Previous/Next follow the Browse order and filters; an example outside them falls back to file order.
  const labels = useAppStore((s) => s.labels);
  const prefer = useAppStore((s) => s.targetPreference);
  const calibrations = useAppStore((s) => s.calibrations);
  const applied = useAppStore((s) => s.applied);
  const search = useAppStore((s) => s.browseSearch);
  const order = visibleIndices(rowsOf(examples, info.promptOrder, labels, prefer), query, matchesFor(search, info.id, query));
  let pos = order.indexOf(index);
  const seq = pos >= 0 ? order : examples.map((_, i) => i);
  if (pos < 0) pos = index;
  const prevIndex = pos > 0 ? seq[pos - 1]! : -1;
  const nextIndex = pos >= 0 && pos < seq.length - 1 ? seq[pos + 1]! : -1;
  const prev = examples[prevIndex];
  const next = examples[nextIndex];
  // The text loads from storage; the neighbours' is fetched meanwhile, so Previous/Next find it ready.
  const { example: full, error: textError } = useExample(ex ? index : null, [prevIndex, nextIndex]);

  const store = useAppStoreApi();
  useEffect(() => {
    window.scrollTo(0, 0);
    store.getState().setLastExampleId(exampleId);
  }, [store, exampleId]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (isTextEntry(e.target)) return;
      const action = actionFor(e, 'example');
      const to = action === 'example.previous' ? prev : action === 'example.next' ? next : undefined;
      if (to) navigate({ screen: 'example', datasetId: info.id, exampleId: to.id });
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [info.id, prev, next]);

  if (!ex) {
    return (
      <div className="rir-screen">
        <h1>Example not found</h1>
        <p>
          {info.name} has no example with id <code>{exampleId}</code>.{' '}
          <a href={routeHref({ screen: 'browse', datasetId: info.id })}>Back to examples</a>
        </p>
      </div>
    );
  }

  return (
    <div className="rir-screen rir-example">
      <nav className="rir-example-nav" aria-label="Example navigation">
        <a href={routeHref({ screen: 'browse', datasetId: info.id })}>Back to examples</a>
        <span className="rir-muted">
          {pos + 1} of {seq.length}
        </span>
        {prev ? (
          <a
            href={routeHref({ screen: 'example', datasetId: info.id, exampleId: prev.id })}
            title={`Previous example (${keyHint('example.previous')})`}
          >
            Previous example
          </a>
        ) : (
          <span className="rir-muted">Previous example</span>
        )}
        {next ? (
          <a
            href={routeHref({ screen: 'example', datasetId: info.id, exampleId: next.id })}
            title={`Next example (${keyHint('example.next')})`}
          >
            Next example
          </a>
        ) : (
          <span className="rir-muted">Next example</span>
        )}
      </nav>
      <header className="rir-example-head">
        <h1>Example {ex.id}</h1>
        <dl className="rir-facts">
          <dt>split</dt>
          <dd>
            {ex.split}
            {ex.splitFromHash ? ' (from id hash)' : ''}
          </dd>
          <dt>target</dt>
          <dd>{ex.target === undefined ? 'unlabelled' : formatScore(ex.target)}</dd>
          <dt>rollouts</dt>
          <dd>{ex.rollouts.length}</dd>
        </dl>
      </header>
      {full ? (
        <>
          <ExampleBody
            info={info}
            example={full}
            calibrated={calibratedAt(calibrations, index)}
            textModels={keptTextModels(calibrations)}
            applied={appliedAt(applied, index)}
          />
          {/* Keyed by dataset: the chosen versions and the open state carry over from example to example. */}
          <VersionsSideBySide key={info.id} info={info} example={full} />
        </>
      ) : (
        <ExampleTextPending error={textError} />
      )}
    </div>
  );
}
