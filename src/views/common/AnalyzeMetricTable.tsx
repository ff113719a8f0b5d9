// The Analyze metric table: one row per prompt version × predictor, point estimates with their
// bootstrap 95% CIs underneath. Column headers sort it (a first click puts the best values first,
// a second reverses; "Dataset order" goes back); each metric column marks its best value (the
// best point value only, never a verdict: docs/ARCHITECTURE.md §8.2); predictors that could not
// be computed are listed once under the table. Choosing a row shows it in the charts. Shared: Train
// shows its calibrator beside the baselines in it.
import { useState, type ReactNode } from 'react';
import type { AnalysisReport, PredictorReport } from '../../domain/analysis.ts';
import { predictorInfo, type PredictorId } from '../../domain/baselines.ts';
import { formatInterval, formatMetric } from '../../domain/metrics/formatMetric.ts';
import { bestPhrase, METRIC_GOALS, nextSort, type MetricSort, type MetricSortKey } from '../../domain/metrics/metricGoal.ts';
import type { MomentMetricName } from '../../domain/metrics/moments.ts';
import type { MetricName } from '../../domain/metrics/pairwise.ts';
import { formatScore } from '../../ui/formatScore.ts';
import { bestCells, orderedRows, reportRows, rowKey, skippedNotes, type TableRow } from './metricTableRows.ts';

interface MetricColumn {
  key: MetricName;
  label: string;
  title: string;
  /** Moment metrics carry a bootstrap CI. */
  ci?: MomentMetricName;
}

const COLUMNS: MetricColumn[] = [
  { key: 'ccc', label: 'CCC', title: 'Concordance correlation coefficient (Lin): agreement with the target, 1 = perfect', ci: 'ccc' },
  {
    key: 'nmse',
    label: 'NMSE',
    title: 'Mean squared error / variance of the target: 0 = perfect, 1 = as good as predicting the mean',
    ci: 'nmse',
  },
  { key: 'pearson', label: 'Pearson r', title: 'Linear correlation', ci: 'pearson' },
  { key: 'spearman', label: 'Spearman ρ', title: 'Rank correlation (average ranks for ties)' },
  { key: 'kendall', label: 'Kendall τ-b', title: 'Rank agreement of pairs, corrected for ties' },
  { key: 'mae', label: 'MAE', title: 'Mean absolute error', ci: 'mae' },
  { key: 'rmse', label: 'RMSE', title: 'Root mean squared error', ci: 'rmse' },
  { key: 'bias', label: 'Bias', title: 'Mean of prediction − target (positive = too high)', ci: 'bias' },
  { key: 'dispersion', label: 'σ ratio', title: 'σ of predictions / σ of targets (below 1 = under-dispersed)', ci: 'dispersion' },
];
const METRICS = COLUMNS.map((c) => c.key);

/** Decimals of the values shown; ties in the best mark are judged at this resolution. */
const DIGITS = 3;

const COUNT_COLUMNS = {
  n: { label: 'n', title: 'Examples with both a target and a prediction' },
  distinct: { label: 'Distinct', title: 'Number of distinct predicted values' },
} as const;

function columnLabel(key: MetricSortKey): string {
  return key === 'n' || key === 'distinct' ? COUNT_COLUMNS[key].label : COLUMNS.find((c) => c.key === key)!.label;
}

/** "CCC, highest first", in words for the order line. */
function orderText(sort: MetricSort): string {
  if (!sort) return 'In dataset order. Choose a column header to sort by it.';
  return `Sorted by ${columnLabel(sort.key)}, ${sort.descending ? 'highest' : 'lowest'} first; missing values last.`;
}

export interface AnalyzeMetricTableProps {
  report: AnalysisReport;
  selected: { prompt: string; predictor: PredictorId };
  onSelect: (sel: { prompt: string; predictor: PredictorId }) => void;
  /** Table name and what it evaluates on; default from the report's split. */
  label?: string;
  caption?: string;
  /** The order, when the caller keeps it (Analyze keeps it in the store); otherwise the table keeps its own. */
  sort?: MetricSort;
  onSortChange?: (sort: MetricSort) => void;
}

function MetricCell({ row, column, best }: { row: PredictorReport; column: MetricColumn; best: boolean }) {
  const value = row.metrics[column.key];
  const why = row.reasons[column.key];
  const ci = column.ci && row.cis ? row.cis[column.ci] : null;
  const bestText = best ? `${bestPhrase(METRIC_GOALS[column.key], column.label)} in this column` : null;
  return (
    <td
      className={best ? 'rir-num rir-best' : 'rir-num'}
      title={why ?? (bestText ? bestText[0]!.toUpperCase() + bestText.slice(1) : undefined)}
      data-metric={column.key}
      data-best={best || undefined}
    >
      <span className="rir-metric-top">
        <span className="rir-metric-value">{formatMetric(value, DIGITS)}</span>
        {bestText && (
          <span className="rir-best-mark">
            <span aria-hidden="true">★</span>
            <span className="rir-sr-only">({bestText})</span>
          </span>
        )}
      </span>
      {column.ci && value !== null && <span className="rir-metric-ci">{row.cis ? formatInterval(ci, DIGITS) : '…'}</span>}
    </td>
  );
}

function SortHeader({
  sortKey,
  label,
  title,
  sort,
  onSort,
}: {
  sortKey: MetricSortKey;
  label: string;
  title: string;
  sort: MetricSort;
  onSort: (key: MetricSortKey) => void;
}) {
  const active = sort?.key === sortKey;
  return (
    <th scope="col" className="rir-num" aria-sort={active ? (sort.descending ? 'descending' : 'ascending') : 'none'}>
      <button
        type="button"
        className="rir-sort-button"
        title={`${title}. Sort by ${label}; again to reverse.`}
        onClick={() => onSort(sortKey)}
      >
        {label}
        <span aria-hidden="true" className={active ? 'rir-sort-arrow' : 'rir-sort-arrow rir-sort-idle'}>
          {active ? (sort.descending ? '▼' : '▲') : '↕'}
        </span>
      </button>
    </th>
  );
}

export function AnalyzeMetricTable({
  report,
  selected,
  onSelect,
  label = 'Metrics',
  caption,
  sort: controlledSort,
  onSortChange,
}: AnalyzeMetricTableProps) {
  const [ownSort, setOwnSort] = useState<MetricSort>(null);
  const sort = controlledSort === undefined ? ownSort : controlledSort;
  const setSort = (next: MetricSort) => {
    if (controlledSort === undefined) setOwnSort(next);
    onSortChange?.(next);
  };
  const onSort = (key: MetricSortKey) => setSort(nextSort(sort, key));

  const all = reportRows(report);
  const best = bestCells(all, METRICS, DIGITS);
  const notes = skippedNotes(report);
  const anyInSample = all.some((r) => r.row.inSample);

  const renderRow = (r: TableRow, promptCell: ReactNode) => {
    const { prompt: p, row } = r;
    const isSelected = selected.prompt === p.prompt && selected.predictor === row.id;
    const info = predictorInfo(row.id);
    return (
      <tr
        key={r.key}
        aria-selected={isSelected}
        className={isSelected ? 'rir-selected' : undefined}
        onClick={() => onSelect({ prompt: p.prompt, predictor: row.id })}
      >
        {promptCell}
        <th scope="row">
          <button
            type="button"
            className="rir-link-button"
            aria-pressed={isSelected}
            title={info.description}
            aria-label={`${p.prompt} ${info.label}`}
            onClick={(e) => {
              e.stopPropagation();
              onSelect({ prompt: p.prompt, predictor: row.id });
            }}
          >
            {info.label}
          </button>
          {row.inSample && (
            <span className="rir-badge" title="Fitted on the train split, which this evaluation includes">
              in-sample
            </span>
          )}
        </th>
        <td className="rir-num">{row.n}</td>
        {COLUMNS.map((c) => (
          <MetricCell key={c.key} row={row} column={c} best={best.get(c.key)!.has(r.key)} />
        ))}
        <td className="rir-num">{row.metrics.distinct}</td>
      </tr>
    );
  };

  return (
    <div className="rir-metric-block">
      <div className="rir-metric-order">
        <span className="rir-muted" aria-live="polite">
          {orderText(sort)}
        </span>
        {sort && (
          <button type="button" onClick={() => setSort(null)}>
            Dataset order
          </button>
        )}
      </div>
      <div className="rir-metric-scroll">
        <table className="rir-metric-table" aria-label={label}>
          <caption className="rir-muted">
            {caption ?? `Each predictor against the target on the ${report.split === 'all' ? 'whole dataset' : `${report.split} split`}`};
            95% bootstrap intervals ({report.resamples} resamples, seed {report.seed}) under the values. <span aria-hidden="true">★</span>{' '}
            marks the best value of each column{anyInSample ? ' among rows that are not in-sample' : ''} (a point value, not a test of
            difference). Choose a row to chart it.
          </caption>
          <thead>
            <tr>
              <th scope="col">Prompt</th>
              <th scope="col">Predictor</th>
              <SortHeader sortKey="n" label={COUNT_COLUMNS.n.label} title={COUNT_COLUMNS.n.title} sort={sort} onSort={onSort} />
              {COLUMNS.map((c) => (
                <SortHeader key={c.key} sortKey={c.key} label={c.label} title={c.title} sort={sort} onSort={onSort} />
              ))}
              <SortHeader
                sortKey="distinct"
                label={COUNT_COLUMNS.distinct.label}
                title={COUNT_COLUMNS.distinct.title}
                sort={sort}
                onSort={onSort}
              />
            </tr>
          </thead>
          {sort ? (
            // Sorted: one group, rows of every prompt version interleaved, each naming its prompt.
            <tbody>
              {orderedRows(all, sort).map((r) =>
                renderRow(
                  r,
                  <td
                    className="rir-prompt-inline"
                    title={`${r.prompt.rolloutsPerExample ?? 0} rollouts/example, spread ${formatScore(r.prompt.spread)}`}
                  >
                    {r.prompt.prompt}
                  </td>,
                ),
              )}
            </tbody>
          ) : (
            report.prompts.map((p) => (
              <tbody key={p.prompt}>
                {p.predictors.map((row, i) =>
                  renderRow(
                    { prompt: p, row, key: rowKey(p.prompt, row.id) },
                    i === 0 && (
                      <th scope="rowgroup" rowSpan={p.predictors.length} className="rir-prompt-cell">
                        <span className="rir-prompt-name">{p.prompt}</span>
                        <span className="rir-muted">
                          {p.rolloutsPerExample ?? 0} rollouts/example
                          <br />
                          spread {formatScore(p.spread)}
                          {p.identicalShare !== null && (
                            <>
                              <br />
                              {Math.round(p.identicalShare * 100)}% identical
                            </>
                          )}
                        </span>
                      </th>
                    ),
                  ),
                )}
              </tbody>
            ))
          )}
        </table>
      </div>
      {notes.length > 0 && <p className="rir-muted rir-skipped-note">Not in the table: {notes.join(' · ')}</p>}
    </div>
  );
}
