// Compare screen (docs/ARCHITECTURE.md §8.2, §11): is version B better than A, by how much? Versions
// A and B, the predictor and the split come from the URL (`#/compare/<dataset>?a=…&b=…&predictor=…&split=…`)
// and every selector replaces it, so a deep link survives a reload. The paired table comes first,
// then every version ranked by CCC. The numbers come from the analysis worker through the compare
// slice; this view only shows them, with the charts (CompareCharts) and the reflection pack under the tables.
import { useEffect, useMemo, useState } from 'react';
import { SPLIT_CHOICES, type SplitChoice } from '../../domain/analysis.ts';
import { predictorInfo, type PredictorId } from '../../domain/baselines.ts';
import { commonExamplesText } from '../../domain/compare.ts';
import type { DatasetInfo } from '../../domain/types.ts';
import { resolveVersions, type CompareRun } from '../../store/compareSlice.ts';
import { useAppStore, useAppStoreApi } from '../../store/useAppStore.ts';
import { ScreenHead } from '../ScreenHead.tsx';
import { navigate, routeHref, type CompareParams, type Route } from '../route.ts';
import { ComparePairedTable } from './ComparePairedTable.tsx';
import { CompareRankingTable } from './CompareRankingTable.tsx';
import { CompareCharts } from './CompareCharts.tsx';
import { ReflectionPackPanel } from './ReflectionPackPanel.tsx';
import { useCompareChartData } from './useCompareChartData.ts';
import type { ExampleCore } from '../../domain/exampleCore.ts';

type CompareRoute = Extract<Route, { screen: 'compare' }>;

const DEFAULT_PREDICTOR: PredictorId = 'mean';
const DEFAULT_SPLIT: SplitChoice = 'test';
/** Offered before the worker has said which predictors the dataset has. */
const BASIC_PREDICTORS: readonly PredictorId[] = ['mean', 'median'];

function splitCounts(examples: readonly ExampleCore[]): Record<SplitChoice, number> {
  const c: Record<SplitChoice, number> = { train: 0, val: 0, test: 0, all: examples.length };
  for (const ex of examples) c[ex.split]++;
  return c;
}

/** What the pending CI and verdict cells say. */
function pendingText(run: CompareRun, phase: 'pair' | 'ranking'): string {
  if (run.status === 'cancelled') return 'cancelled';
  if (run.status === 'failed') return 'failed';
  const waiting = phase === 'ranking' && run.phase === 'pair';
  return waiting ? 'waiting…' : `computing… ${Math.round(run.progress * 100)}%`;
}

function statusText(run: CompareRun | null): string {
  if (!run) return '';
  if (run.status === 'failed') return '';
  if (run.status === 'cancelled') return 'Cancelled: the intervals not yet computed are left out.';
  if (run.status === 'done') return 'Done.';
  if (run.phase === 'points') return 'Computing the paired table…';
  const pct = Math.round(run.progress * 100);
  return run.phase === 'pair' ? `Computing the paired intervals… ${pct}%` : `Ranking every version… ${pct}%`;
}

/** The selector of version A or B. */
function VersionSelect({
  role,
  value,
  versions,
  onChange,
}: {
  role: 'A' | 'B';
  value: string | null;
  versions: readonly string[];
  onChange: (version: string) => void;
}) {
  return (
    <label>
      {role}{' '}
      <select aria-label={`Version ${role}`} value={value ?? ''} onChange={(e) => onChange(e.currentTarget.value)}>
        {versions.map((p) => (
          <option key={p} value={p}>
            {p}
          </option>
        ))}
      </select>
    </label>
  );
}

export function CompareScreen({ info, examples, route }: { info: DatasetInfo; examples: ExampleCore[]; route: CompareRoute }) {
  const store = useAppStoreApi();
  const run = useAppStore((s) => s.compare);
  const labels = useAppStore((s) => s.labels);
  const prefer = useAppStore((s) => s.targetPreference);
  const applied = useAppStore((s) => s.applied);
  const calibrations = useAppStore((s) => s.calibrations);
  const counts = useMemo(() => splitCounts(examples), [examples]);
  const chartData = useCompareChartData();
  const [packVersion, setPackVersion] = useState<'a' | 'b'>('b');

  const versions = resolveVersions(info.promptOrder, route.a, route.b);
  const predictor = route.predictor ?? DEFAULT_PREDICTOR;
  const split = route.split ?? DEFAULT_SPLIT;
  const enough = info.promptOrder.length >= 2;
  const a = versions?.a ?? null;
  const b = versions?.b ?? null;

  // The URL is the selection; the store follows it, and the comparison re-runs whenever the input
  // (labels, target preference, calibrators, scale) or the selection changes.
  useEffect(() => {
    if (!enough || a === null || b === null) return;
    store.getState().setCompareOptions({ a, b, predictor, split });
    void store.getState().runCompare();
  }, [store, enough, a, b, predictor, split, info, examples, labels, prefer, applied, calibrations]);

  const select = (patch: Partial<CompareParams>) =>
    navigate({ screen: 'compare', datasetId: info.id, a, b, predictor, split, ...patch }, { replace: true });

  const current = run && run.datasetId === info.id ? run : null;
  const running = current?.status === 'running';
  const predictors = useMemo(() => {
    const offered = current && current.predictors.length > 0 ? current.predictors : BASIC_PREDICTORS;
    return offered.includes(predictor) ? offered : [...offered, predictor];
  }, [current, predictor]);
  const unknown = [route.a, route.b].filter((v): v is string => v !== null && !info.promptOrder.includes(v));

  if (!enough) {
    return (
      <div className="rir-screen rir-analyze">
        <h1>Compare</h1>
        <p className="rir-panel">
          Compare needs two prompt versions, and {info.name} has {info.promptOrder.length === 0 ? 'none' : `one (${info.promptOrder[0]})`}.
          Import a dataset whose rollouts come from at least two prompt versions to compare them.
        </p>
      </div>
    );
  }

  const points = current?.points ?? null;
  const names = points ? { a: points.a.name, b: points.b.name } : null;

  return (
    <div className="rir-screen rir-analyze rir-compare" aria-busy={running}>
      <ScreenHead title="Compare" info={info}>
        <VersionSelect role="A" value={a} versions={info.promptOrder} onChange={(v) => select({ a: v })} />
        <VersionSelect role="B" value={b} versions={info.promptOrder} onChange={(v) => select({ b: v })} />
        <label>
          Predictor{' '}
          <select aria-label="Predictor" value={predictor} onChange={(e) => select({ predictor: e.currentTarget.value as PredictorId })}>
            {predictors.map((id) => (
              <option key={id} value={id} title={predictorInfo(id).description}>
                {predictorInfo(id).label}
              </option>
            ))}
          </select>
        </label>
        <label>
          Split{' '}
          <select aria-label="Split" value={split} onChange={(e) => select({ split: e.currentTarget.value as SplitChoice })}>
            {SPLIT_CHOICES.map((s) => (
              <option key={s} value={s}>
                {s} ({counts[s]})
              </option>
            ))}
          </select>
        </label>
      </ScreenHead>

      {unknown.length > 0 && (
        <p className="rir-panel" role="note">
          {info.name} has no prompt version {unknown.map((u) => `“${u}”`).join(' or ')}; showing {a} against {b} instead.
        </p>
      )}

      <div className="rir-progress" aria-live="polite">
        <span role="status" className="rir-muted" data-testid="compare-status">
          {statusText(current)}
        </span>
        {running && current.phase !== 'points' && <progress aria-label="Comparison progress" max={1} value={current.progress} />}
        {running && (
          <button type="button" onClick={() => store.getState().cancelCompare()}>
            Cancel
          </button>
        )}
        {current && (current.status === 'cancelled' || current.status === 'failed') && (
          <button type="button" onClick={() => void store.getState().runCompare({ force: true })}>
            Run again
          </button>
        )}
      </div>

      {current?.status === 'failed' && (
        <p role="alert" className="rir-error">
          The comparison failed: {current.error}
        </p>
      )}

      {current && points && names && (
        <section aria-label="A against B" className="rir-metric-block">
          <h2>
            {names.b} against {names.a} · {predictorInfo(points.predictor).label}
          </h2>
          {points.a.prompt === points.b.prompt ? (
            <p className="rir-panel">A and B are the same version ({names.a}): identical predictions, so every Δ is 0.</p>
          ) : (
            points.identical && (
              <p className="rir-panel">
                {names.a} and {names.b} are identical on every compared example: every Δ is 0.
              </p>
            )
          )}
          <p data-testid="compare-common">
            {commonExamplesText(points.common, points.split, names)}{' '}
            <span className="rir-muted">
              Target: {prefer === 'labels' ? 'the mean of hand labels, else the dataset’s' : 'the dataset’s, else the mean of hand labels'}{' '}
              (<a href={routeHref({ screen: 'agreement', datasetId: info.id })}>change</a>).
            </span>
          </p>
          <ComparePairedTable points={points} comparison={current.comparison} pendingText={pendingText(current, 'pair')} />
        </section>
      )}

      {chartData && current?.context && (
        <section aria-label="Charts" className="rir-metric-block">
          <h2>Where they differ</h2>
          <CompareCharts
            {...chartData}
            versions={current.context.diagnostics}
            onOpenExample={(id) => navigate({ screen: 'example', datasetId: info.id, exampleId: id })}
          />
        </section>
      )}

      {current?.ranking && b !== null && (
        <section aria-label="All versions" className="rir-metric-block">
          <h2>All versions by CCC</h2>
          <CompareRankingTable
            ranking={current.ranking}
            final={current.rankingFinal}
            pendingText={pendingText(current, 'ranking')}
            current={b}
            onChoose={(name, best) => select({ a: best, b: name })}
          />
        </section>
      )}

      {current?.context && names && (
        <section aria-label="Reflection pack" className="rir-metric-block">
          <h2>Reflection pack</h2>
          <p className="rir-muted">
            The worst train examples of a version by |error|, with their rollouts and the prompt, for an LLM to rewrite the prompt.{' '}
            {names.a !== names.b && (
              <label>
                Version{' '}
                <select value={packVersion} onChange={(e) => setPackVersion(e.target.value === 'a' ? 'a' : 'b')}>
                  <option value="b">{names.b}</option>
                  <option value="a">{names.a}</option>
                </select>
              </label>
            )}
          </p>
          <ReflectionPackPanel
            prompt={packVersion === 'a' ? names.a : names.b}
            predictorLabel={predictorInfo(predictor).label}
            targets={current.context.targets}
            predictions={packVersion === 'a' ? current.context.a : current.context.b}
          />
        </section>
      )}
    </div>
  );
}
