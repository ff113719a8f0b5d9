// Example view: the input as markdown with math, a strip plot of rollout scores against the
// target, and the rollouts grouped by prompt version with score chips and collapsible reasoning.
import { useEffect } from 'react';
import { groupByPrompt, mean, populationStd } from '../../domain/rollouts.ts';
import type { DatasetInfo, Example } from '../../domain/types.ts';
import { summariesOf, visibleIndices } from '../../store/selectors.ts';
import { useAppStore, useAppStoreApi } from '../../store/useAppStore.ts';
import { InputView } from '../../ui/InputView.tsx';
import { actionFor, isTextEntry, keyHint } from '../../ui/keymap.ts';
import { Markdown } from '../../ui/Markdown.tsx';
import { ScoreChip } from '../../ui/ScoreChip.tsx';
import { StripPlot } from '../../ui/StripPlot.tsx';
import { formatScore } from '../../ui/formatScore.ts';
import { plural } from '../format.ts';
import { navigate, routeHref } from '../route.ts';

export function ExampleScreen({ info, examples, exampleId }: { info: DatasetInfo; examples: Example[]; exampleId: string }) {
  const query = useAppStore((s) => s.browseQuery);
  const index = examples.findIndex((e) => e.id === exampleId);
  const ex = examples[index];
  // Previous/Next follow the Browse order and filters; an example outside them falls back to file order.
  const order = visibleIndices(examples, summariesOf(examples, info.promptOrder), query);
  let pos = order.indexOf(index);
  const seq = pos >= 0 ? order : examples.map((_, i) => i);
  if (pos < 0) pos = index;
  const prev = pos > 0 ? examples[seq[pos - 1]!] : undefined;
  const next = pos >= 0 && pos < seq.length - 1 ? examples[seq[pos + 1]!] : undefined;

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

  const groups = groupByPrompt(ex.rollouts, info.promptOrder);
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
      <div className="rir-example-grid">
        <div className="rir-example-main">
          {groups.length > 0 && (
            <StripPlot
              scale={info.scale}
              target={ex.target}
              rows={groups.map((g) => ({ label: g.prompt, scores: g.rollouts.map((r) => r.score) }))}
            />
          )}
          <section aria-label="Input" className="rir-panel rir-input">
            <h2>Input</h2>
            <InputView input={ex.input} />
            {ex.meta && Object.keys(ex.meta).length > 0 && (
              <details>
                <summary>meta</summary>
                <pre className="rir-json">{JSON.stringify(ex.meta, null, 2)}</pre>
              </details>
            )}
          </section>
        </div>
        <div className="rir-example-rollouts">
          {groups.map((g) => {
            const scores = g.rollouts.map((r) => r.score);
            const promptText = info.prompts[g.prompt];
            return (
              <section key={g.prompt} aria-label={`Prompt ${g.prompt}`} className="rir-panel rir-prompt">
                <h2>
                  Prompt {g.prompt}{' '}
                  <span className="rir-muted">
                    · {plural(g.rollouts.length, 'rollout')} · mean {formatScore(mean(scores))} · sd {formatScore(populationStd(scores))}
                  </span>
                </h2>
                {promptText && (
                  <details>
                    <summary>Prompt text</summary>
                    <Markdown text={promptText} />
                  </details>
                )}
                <ol className="rir-rollouts">
                  {g.rollouts.map((r, k) => (
                    <li key={k} className="rir-rollout">
                      <div className="rir-rollout-head">
                        <ScoreChip score={r.score} target={ex.target} scale={info.scale} />
                        {r.model && <span className="rir-muted">{r.model}</span>}
                      </div>
                      {r.reasoning !== undefined && (
                        <details>
                          <summary>Reasoning</summary>
                          <Markdown text={r.reasoning} />
                        </details>
                      )}
                    </li>
                  ))}
                </ol>
              </section>
            );
          })}
          {ex.rollouts.length === 0 && <p className="rir-muted">This example has no rollouts yet.</p>}
        </div>
      </div>
    </div>
  );
}
