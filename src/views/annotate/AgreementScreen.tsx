// Agreement and export (docs/ARCHITECTURE.md §8.8, §3.7): who labelled how much, pairwise CCC, ICC(2,1) and
// Krippendorff's α (interval), the examples annotators disagree on most, and the label/dataset
// exports. Downloads are made in the page (Blob URLs): nothing is sent anywhere. The statistics come
// from the agreement worker (useAgreement): at hundreds of annotators the screen lists the pairs that
// share the most examples and bootstraps only those (issue 14 point 5).
import { useEffect, useMemo, useRef, useState } from 'react';
import { annotatorsOf, labelledCounts, labelValues, targetStatus, type LabelState } from '../../domain/labels.ts';
import { formatInterval, formatMetric } from '../../domain/metrics/formatMetric.ts';
import type { DatasetInfo } from '../../domain/types.ts';
import {
  csvLossyRows,
  datasetJsonlHeader,
  datasetJsonlLines,
  exportFileName,
  labelRows,
  labelsCsv,
  labelsJsonl,
} from '../../io/labelExport.ts';
import type { LabelImportSummary } from '../../store/labelSlice.ts';
import { useAppStore, useAppStoreApi } from '../../store/useAppStore.ts';
import { formatScore } from '../../ui/formatScore.ts';
import { plural } from '../format.ts';
import { routeHref } from '../route.ts';
import { downloadFile } from '../download.ts';
import { takeTargetPreferenceFocus } from './targetPreferenceFocus.ts';
import { useAgreement } from './useAgreement.ts';
import type { ExampleCore } from '../../domain/exampleCore.ts';

/** Rejected lines listed after an import; the rest are counted. */
const LISTED_REJECTIONS = 20;

function ImportSummary({ summary, fileName }: { summary: LabelImportSummary; fileName: string }) {
  const { rows, changed, unchanged, annotators, rejected } = summary;
  return (
    <div className="rir-import-labels-summary">
      <p role="status">
        {fileName}: {plural(rows, 'row')} read{annotators.length > 0 ? ` (${annotators.join(', ')})` : ''}, {plural(changed, 'label')} new
        or changed{unchanged > 0 ? `, ${unchanged} already here` : ''}
        {rejected.length > 0 ? ` · ${plural(rejected.length, 'line')} rejected` : ''}.
      </p>
      {rejected.length > 0 && (
        <ul className="rir-issues" aria-label="Rejected lines">
          {rejected.slice(0, LISTED_REJECTIONS).map((r) => (
            <li key={`${r.line}:${r.field ?? ''}`}>
              line {r.line}
              {r.field ? ` (${r.field})` : ''}: {r.message}
            </li>
          ))}
          {rejected.length > LISTED_REJECTIONS && <li>… and {rejected.length - LISTED_REJECTIONS} more</li>}
        </ul>
      )}
    </div>
  );
}

/** Hand-labelled examples that also have a dataset target, and how many of them the hand labels disagree with. */
function bothTargets(examples: readonly ExampleCore[], labels: LabelState): { both: number; differ: number } {
  let both = 0;
  let differ = 0;
  for (const ex of examples) {
    if (ex.target === undefined || !labels.has(ex.id)) continue;
    const status = targetStatus(ex.target, labelValues(labels, ex.id), 'dataset');
    if (status === 'dataset') continue;
    both++;
    if (status !== 'agree') differ++;
  }
  return { both, differ };
}

export function AgreementScreen({ info, examples }: { info: DatasetInfo; examples: ExampleCore[] }) {
  const store = useAppStoreApi();
  const [imported, setImported] = useState<{ summary: LabelImportSummary; fileName: string } | null>(null);
  const log = useAppStore((s) => s.labelLog);
  const labels = useAppStore((s) => s.labels);
  const annotators = useMemo(() => (log ? annotatorsOf(log) : []), [log]);
  const counts = useMemo(() => labelledCounts(labels), [labels]);
  const [pairFilter, setPairFilter] = useState<string | null>(null);
  const filter = pairFilter !== null && annotators.includes(pairFilter) ? pairFilter : null;
  const { result, error } = useAgreement(info.id, log, labels, annotators, filter);
  const summary = result?.summary ?? null;
  const prefer = useAppStore((s) => s.targetPreference);
  const rows = useMemo(() => labelRows(examples, labels, prefer), [examples, labels, prefer]);
  const csvLossy = useMemo(() => csvLossyRows(rows), [rows]);
  const overlap = useMemo(() => bothTargets(examples, labels), [examples, labels]);
  const [exporting, setExporting] = useState<{ done: number; error: string | null } | null>(null);
  // The dataset's text is in storage: it is written out a chunk at a time into a Blob, never held whole.
  const exportDataset = async () => {
    const texts = store.getState().exampleTexts;
    if (!texts || exporting?.error === null) return;
    setExporting({ done: 0, error: null });
    try {
      let blob = new Blob([datasetJsonlHeader(info)]);
      for await (const { start, examples: chunk } of texts.chunks()) {
        blob = new Blob([blob, datasetJsonlLines(chunk, labels, prefer)]);
        setExporting({ done: start + chunk.length, error: null });
      }
      downloadFile([blob], exportFileName(info.name, 'dataset.jsonl'), 'application/x-ndjson');
      setExporting(null);
    } catch (e) {
      setExporting({ done: 0, error: e instanceof Error ? e.message : String(e) });
    }
  };
  // Arriving from a link to the setting (Annotate's precedence note, Browse's legend): show it, focused.
  const preferRef = useRef<HTMLSelectElement>(null);
  useEffect(() => {
    if (!takeTargetPreferenceFocus()) return;
    preferRef.current?.scrollIntoView({ block: 'center' });
    preferRef.current?.focus({ preventScroll: true });
  }, []);

  return (
    <div className="rir-screen rir-agreement">
      <header>
        <h1>Agreement and export</h1>
        <p className="rir-muted">
          {info.name} · {plural(annotators.length, 'annotator')} · {plural(rows.length, 'label')} ·{' '}
          <a href={routeHref({ screen: 'annotate', datasetId: info.id, exampleId: null })}>Back to labelling</a>
        </p>
      </header>

      <section aria-label="Targets" className="rir-panel" id="target-preference">
        <h2>Targets</h2>
        <label>
          When an example has both a dataset target and hand labels, use{' '}
          <select
            ref={preferRef}
            aria-label="Target preference"
            value={prefer}
            onChange={(e) => void store.getState().setTargetPreference(e.currentTarget.value === 'labels' ? 'labels' : 'dataset')}
          >
            <option value="dataset">the dataset target</option>
            <option value="labels">the mean of the hand labels</option>
          </select>
        </label>
        <p className="rir-muted">
          This effective target is what Browse shows, Analyze evaluates against, the largest-error queue sorts by and the exports write. An
          example with only one of the two uses that one.
          {overlap.both > 0 &&
            ` Now ${plural(overlap.both, 'hand-labelled example')} ${overlap.both === 1 ? 'has' : 'have'} a dataset target too; the hand labels differ from it on ${overlap.differ}.`}
        </p>
      </section>

      <section aria-label="Export" className="rir-panel">
        <h2>Export</h2>
        <div className="rir-actions">
          <button
            type="button"
            disabled={rows.length === 0}
            onClick={() => downloadFile([labelsJsonl(rows)], exportFileName(info.name, 'labels.jsonl'), 'application/x-ndjson')}
          >
            Labels (JSONL)
          </button>
          <button
            type="button"
            disabled={rows.length === 0}
            onClick={() => downloadFile([labelsCsv(rows)], exportFileName(info.name, 'labels.csv'), 'text/csv')}
          >
            Labels (CSV)
          </button>
          {csvLossy > 0 && (
            <span className="rir-muted">
              {plural(csvLossy, 'label')} on an id, name or note with a lone surrogate (a "\ud800" escape) cannot be written to CSV as it
              is: use Labels (JSONL) to keep {csvLossy === 1 ? 'it' : 'them'}.
            </span>
          )}
          <button type="button" disabled={exporting?.error === null} onClick={() => void exportDataset()}>
            Dataset with targets from labels (JSONL)
          </button>
          {exporting?.error === null && (
            <span role="status" className="rir-muted">
              Writing {exporting.done} of {plural(examples.length, 'example')}…
            </span>
          )}
          {exporting?.error && (
            <span role="alert" className="rir-error">
              The dataset was not written: {exporting.error}
            </span>
          )}
        </div>
        <label className="rir-import-labels">
          Import labels (an annotator&apos;s JSONL or CSV export, or any file with id, annotator, label and note columns){' '}
          <input
            type="file"
            accept=".jsonl,.ndjson,.json,.csv,.tsv,.txt"
            onChange={(e) => {
              const input = e.currentTarget;
              const file = input.files?.[0];
              if (!file) return;
              void store
                .getState()
                .importLabels(file)
                .then((summary) => {
                  if (summary) setImported({ summary, fileName: file.name });
                  input.value = '';
                });
            }}
          />
        </label>
        {imported && <ImportSummary summary={imported.summary} fileName={imported.fileName} />}
        <p className="rir-muted">
          Labels: one row per example and annotator (label, note, time, effective target). Dataset: the canonical format, each
          example&apos;s target being the dataset&apos;s or else the mean of its labels; it imports again as it is.
        </p>
      </section>

      <section aria-label="Annotators" className="rir-panel">
        <h2>Annotators</h2>
        {annotators.length === 0 ? (
          <p className="rir-muted">Nobody has labelled this dataset yet.</p>
        ) : (
          <ul>
            {annotators.map((a) => (
              <li key={a}>
                {a}: {counts.get(a) ?? 0} of {examples.length} labelled
              </li>
            ))}
          </ul>
        )}
      </section>

      {annotators.length >= 2 && (
        <section aria-label="Agreement" className="rir-panel">
          <h2>Agreement</h2>
          {error && <p role="alert">The agreement could not be computed: {error}</p>}
          {!summary && !error && <p className="rir-muted">Computing agreement…</p>}
          {summary && (
            <dl className="rir-facts">
              <dt title="Two-way random effects, absolute agreement, single rater (Shrout & Fleiss 1979), over examples every annotator labelled">
                ICC(2,1)
              </dt>
              <dd>
                {formatMetric(summary.icc.value)} <span className="rir-muted">({plural(summary.icc.n, 'example')} labelled by all)</span>
              </dd>
              <dt title="Interval metric, every example with at least two labels">Krippendorff&apos;s α</dt>
              <dd>
                {formatMetric(summary.alpha.value)} <span className="rir-muted">({plural(summary.alpha.n, 'example')})</span>
              </dd>
              <dt>Pairs of annotators</dt>
              <dd>
                {summary.pairs} <span className="rir-muted">({summary.pairsWithCcc} sharing at least 2 examples, so with a CCC)</span>
              </dd>
            </dl>
          )}
          {annotators.length > 2 && (
            <label>
              Pairs with{' '}
              <select aria-label="Pairs with" value={filter ?? ''} onChange={(e) => setPairFilter(e.currentTarget.value || null)}>
                <option value="">any annotator</option>
                {annotators.map((a) => (
                  <option key={a} value={a}>
                    {a}
                  </option>
                ))}
              </select>
            </label>
          )}
          {result?.page && (
            <>
              <table className="rir-metric-table" aria-label="Pairwise agreement">
                <thead>
                  <tr>
                    <th scope="col">Annotators</th>
                    <th scope="col" className="rir-num">
                      Both labelled
                    </th>
                    <th scope="col" className="rir-num">
                      CCC
                    </th>
                    <th
                      scope="col"
                      className="rir-num"
                      title="Percentile bootstrap over the examples both labelled, 1000 resamples, seed 0"
                    >
                      95% CI
                    </th>
                    <th scope="col" className="rir-num">
                      Mean |difference|
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {result.page.pairs.map((p) => (
                    <tr key={`${p.a}\u0000${p.b}`}>
                      <th scope="row">
                        {p.a} – {p.b}
                      </th>
                      <td className="rir-num">{p.n}</td>
                      <td className="rir-num" title={p.n < 2 ? 'No CCC: fewer than 2 examples labelled by both' : undefined}>
                        {formatMetric(p.ccc)}
                      </td>
                      <td className="rir-num">{p.cccCi === undefined ? '…' : formatInterval(p.cccCi)}</td>
                      <td className="rir-num">{formatMetric(p.meanAbsDiff)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
              <p className="rir-muted" role="status" aria-label="Pairs listed">
                {result.page.matching > result.page.pairs.length
                  ? `The ${plural(result.page.pairs.length, 'pair')} sharing the most examples; ${result.page.matching - result.page.pairs.length} more pairs not listed (choose an annotator to see theirs).`
                  : `${plural(result.page.matching, 'pair')}.`}
                {(result.page.pairs.some((p) => p.n < 2) || (summary !== null && summary.pairsWithCcc < summary.pairs)) &&
                  ' Pairs sharing fewer than 2 examples have no CCC.'}
                {!result.complete && ` Confidence intervals: ${Math.floor(result.progress * 100)}% done.`}
              </p>
            </>
          )}
        </section>
      )}

      {summary && summary.worst.length > 0 && (
        <section aria-label="Largest disagreement" className="rir-panel">
          <h2>Largest disagreement</h2>
          <ol>
            {summary.worst.map((d) => (
              <li key={d.exampleId}>
                <a href={routeHref({ screen: 'annotate', datasetId: info.id, exampleId: d.exampleId })}>{d.exampleId}</a>: range{' '}
                {formatScore(d.range)} ({d.values.map((v) => `${v.annotator} ${formatScore(v.value)}`).join(', ')})
              </li>
            ))}
          </ol>
        </section>
      )}
    </div>
  );
}
