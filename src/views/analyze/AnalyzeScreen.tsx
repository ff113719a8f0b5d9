// Analyze screen (docs/ARCHITECTURE.md §8.5, §11.1): every predictor of every prompt version against the targets of a
// split, with CIs, diagnostics in words and the charts of the chosen row, which choosing a row brings
// into view. The numbers come from the analysis worker through the store; this view only shows them.
import { useCallback, useDeferredValue, useEffect, useMemo, useRef, useState } from 'react';
import { SPLIT_CHOICES, type SplitChoice } from '../../domain/analysis.ts';
import { predictorInfo } from '../../domain/baselines.ts';
import type { PredictorId } from '../../domain/baselines.ts';
import { SPLITS, type DatasetInfo } from '../../domain/types.ts';
import type { ExampleCore } from '../../domain/exampleCore.ts';
import { useAppStore, useAppStoreApi } from '../../store/useAppStore.ts';
import { formatDuration, plural } from '../format.ts';
import { ScreenHead } from '../ScreenHead.tsx';
import { navigate, routeHref } from '../route.ts';
import { AnalyzeCharts } from '../common/AnalyzeCharts.tsx';
import { AnalyzeMetricTable } from '../common/AnalyzeMetricTable.tsx';
import { AppliedCalibrators } from './AppliedCalibrators.tsx';
import { AnalyzePredictionsExport } from './AnalyzePredictionsExport.tsx';

function splitCounts(examples: readonly ExampleCore[]): Record<SplitChoice, number> {
  const c: Record<SplitChoice, number> = { train: 0, val: 0, test: 0, all: examples.length };
  for (const ex of examples) c[ex.split]++;
  return c;
}

/** Smooth scrolling, unless the user asked the system for less motion. */
function scrollBehavior(): ScrollBehavior {
  return typeof window.matchMedia === 'function' && window.matchMedia('(prefers-reduced-motion: reduce)').matches ? 'auto' : 'smooth';
}

export function AnalyzeScreen({ info, examples }: { info: DatasetInfo; examples: ExampleCore[] }) {
  const store = useAppStoreApi();
  const options = useAppStore((s) => s.analysisOptions);
  const run = useAppStore((s) => s.analysis);
  const tableState = useAppStore((s) => s.analysisTable);
  const chosen = useAppStore((s) => s.analyzeSelection);
  const sort = useAppStore((s) => s.analyzeSort);
  const labels = useAppStore((s) => s.labels);
  const prefer = useAppStore((s) => s.targetPreference);
  const applied = useAppStore((s) => s.applied);
  const counts = useMemo(() => splitCounts(examples), [examples]);
  const [seedText, setSeedText] = useState(String(options.seed));

  useEffect(() => {
    void store.getState().runAnalysis();
  }, [store, info, examples, labels, prefer, options, applied]);

  const report = run?.report ?? null;
  const running = run?.status === 'running' || (run !== null && run.pendingCis > 0);
  const selected = chosen ?? { prompt: info.promptOrder[0] ?? '', predictor: 'mean' as const };
  const promptIndex = info.promptOrder.indexOf(selected.prompt);
  // The charts follow a deferred copy of the data: the metric table paints first, and the charts
  // (thousands of SVG nodes at 100k examples) render after it without blocking a frame for both.
  const table = useDeferredValue(tableState && run && tableState.inputKey === run.inputKey ? tableState.table : null);
  const prediction = table?.predictions[promptIndex]?.find((p) => p.id === selected.predictor) ?? null;
  const selectedReport = report?.prompts[promptIndex]?.predictors.find((p) => p.id === selected.predictor) ?? null;
  const name = `${selected.prompt} · ${predictorInfo(selected.predictor).label}`;

  // Choosing a row brings its charts into view (they sit below the table) and moves focus to their
  // heading, so keyboard and screen-reader users land where the content changed. Counted, so that
  // choosing the row already shown scrolls too; the first render (the default row) does not.
  const [reveal, setReveal] = useState(0);
  const detailHeading = useRef<HTMLHeadingElement>(null);
  const tableArea = useRef<HTMLDivElement>(null);
  const choose = useCallback(
    (sel: { prompt: string; predictor: PredictorId }) => {
      store.getState().setAnalyzeSelection(sel);
      setReveal((r) => r + 1);
    },
    [store],
  );
  useEffect(() => {
    const h = detailHeading.current;
    if (reveal === 0 || !h) return;
    h.focus({ preventScroll: true });
    h.scrollIntoView({ behavior: scrollBehavior(), block: 'start' });
  }, [reveal]);
  const backToTable = () => {
    const button = tableArea.current?.querySelector<HTMLButtonElement>('button[aria-pressed="true"]');
    if (!button) return;
    button.focus({ preventScroll: true });
    button.scrollIntoView({ behavior: scrollBehavior(), block: 'center' });
  };

  const openExample = useCallback((id: string) => navigate({ screen: 'example', datasetId: info.id, exampleId: id }), [info.id]);
  const commitSeed = (text: string) => {
    const v = Number(text);
    if (Number.isInteger(v) && v >= 0) store.getState().setAnalysisOptions({ seed: v });
    else setSeedText(String(options.seed));
  };

  return (
    <div className="rir-screen rir-analyze" aria-busy={running}>
      <ScreenHead title="Analyze" info={info}>
        <label>
          Split{' '}
          <select
            aria-label="Split"
            value={options.split}
            onChange={(e) => store.getState().setAnalysisOptions({ split: e.currentTarget.value as SplitChoice })}
          >
            {SPLIT_CHOICES.map((s) => (
              <option key={s} value={s}>
                {s} ({counts[s]})
              </option>
            ))}
          </select>
        </label>
        <label>
          Bootstrap seed{' '}
          <input
            type="number"
            min={0}
            step={1}
            className="rir-seed"
            aria-label="Bootstrap seed"
            value={seedText}
            onChange={(e) => setSeedText(e.currentTarget.value)}
            onBlur={(e) => commitSeed(e.currentTarget.value)}
            onKeyDown={(e) => e.key === 'Enter' && commitSeed(e.currentTarget.value)}
          />
        </label>
        <span role="status" className="rir-muted">
          {run?.status === 'failed'
            ? ''
            : !report
              ? 'Computing metrics…'
              : run && run.pendingCis > 0
                ? `Computing confidence intervals… ${Math.round(run.ciProgress * 100)}%`
                : run?.totalMs != null
                  ? `Computed in ${formatDuration(run.totalMs, 2)}`
                  : ''}
        </span>
      </ScreenHead>

      {run?.status === 'failed' && (
        <p role="alert" className="rir-error">
          The analysis failed: {run.error}
        </p>
      )}

      <AppliedCalibrators />
      <AnalyzePredictionsExport table={table} examples={examples} prompts={info.promptOrder} datasetName={info.name} />

      {report && (
        <>
          <p className="rir-analyze-summary">
            {report.split === 'all' ? 'All' : `The ${report.split} split has`} {plural(report.examples, 'example')}
            {report.split === 'all' ? ` (${SPLITS.map((s) => `${counts[s]} ${s}`).join(', ')})` : ''}, {report.labelled} with a target.
            {report.labelled < report.examples &&
              ` ${report.examples - report.labelled} without a target are left out of every metric.`}{' '}
            <span className="rir-muted">
              Target: {prefer === 'labels' ? 'the mean of hand labels, else the dataset’s' : 'the dataset’s, else the mean of hand labels'}{' '}
              (<a href={routeHref({ screen: 'agreement', datasetId: info.id })}>change</a>).
            </span>
          </p>
          {report.prompts.length === 0 ? (
            <p className="rir-panel">This dataset has no rollouts, so there is no prediction to compare with the targets.</p>
          ) : report.labelled === 0 ? (
            <p className="rir-panel">
              No example of this split has a target, so there is nothing to compare the rollouts with. Choose another split, or label some
              examples.
            </p>
          ) : (
            <div ref={tableArea}>
              <AnalyzeMetricTable
                report={report}
                selected={selected}
                onSelect={choose}
                sort={sort}
                onSortChange={(next) => store.getState().setAnalyzeSort(next)}
              />
            </div>
          )}
        </>
      )}

      {report && report.labelled > 0 && selectedReport && (
        <section aria-label="Selected predictor" className="rir-analyze-detail">
          <div className="rir-analyze-detail-head">
            <h2 ref={detailHeading} tabIndex={-1}>
              {name} <span className="rir-muted">({plural(selectedReport.n, 'example')})</span>
            </h2>
            <button type="button" className="rir-link-button" onClick={backToTable}>
              Back to the table
            </button>
          </div>
          {selectedReport.diagnostics.length > 0 ? (
            <ul aria-label="Diagnostics" className="rir-diagnostics">
              {selectedReport.diagnostics.map((d) => (
                <li key={d.kind} data-kind={d.kind}>
                  {d.text}
                </li>
              ))}
            </ul>
          ) : (
            <p className="rir-muted">No dispersion, quantisation, identical-rollout or bias problem stands out.</p>
          )}
          {table && prediction ? (
            <AnalyzeCharts
              table={table}
              prediction={prediction}
              name={name}
              split={options.split}
              scale={info.scale}
              examples={examples}
              onOpenExample={openExample}
            />
          ) : (
            <p className="rir-muted">Loading charts…</p>
          )}
        </section>
      )}
    </div>
  );
}
