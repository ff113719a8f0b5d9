// The Analyze metric table: one row per prompt version × predictor, point estimates with their
// bootstrap 95% CIs underneath. Choosing a row shows it in the charts.
import type { AnalysisReport, PredictorReport } from '../../domain/analysis.ts';
import { predictorInfo, type PredictorId } from '../../domain/baselines.ts';
import { formatInterval, formatMetric } from '../../domain/metrics/formatMetric.ts';
import type { MomentMetricName } from '../../domain/metrics/moments.ts';
import type { MetricName } from '../../domain/metrics/pairwise.ts';
import { formatScore } from '../../ui/formatScore.ts';

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

export interface AnalyzeMetricTableProps {
  report: AnalysisReport;
  selected: { prompt: string; predictor: PredictorId };
  onSelect: (sel: { prompt: string; predictor: PredictorId }) => void;
  /** Table name and what it evaluates on; default from the report's split. */
  label?: string;
  caption?: string;
}

function MetricCell({ row, column }: { row: PredictorReport; column: MetricColumn }) {
  const value = row.metrics[column.key];
  const why = row.reasons[column.key];
  const ci = column.ci && row.cis ? row.cis[column.ci] : null;
  return (
    <td className="rir-num" title={why ?? undefined} data-metric={column.key}>
      <span className="rir-metric-value">{formatMetric(value)}</span>
      {column.ci && value !== null && <span className="rir-metric-ci">{row.cis ? formatInterval(ci) : '…'}</span>}
    </td>
  );
}

export function AnalyzeMetricTable({ report, selected, onSelect, label = 'Metrics', caption }: AnalyzeMetricTableProps) {
  return (
    <div className="rir-metric-scroll">
      <table className="rir-metric-table" aria-label={label}>
        <caption className="rir-muted">
          {caption ?? `Each predictor against the target on the ${report.split === 'all' ? 'whole dataset' : `${report.split} split`}`}; 95%
          bootstrap intervals ({report.resamples} resamples, seed {report.seed}) under the values. Choose a row to chart it.
        </caption>
        <thead>
          <tr>
            <th scope="col">Prompt</th>
            <th scope="col">Predictor</th>
            <th scope="col" className="rir-num" title="Examples with both a target and a prediction">
              n
            </th>
            {COLUMNS.map((c) => (
              <th key={c.key} scope="col" className="rir-num" title={c.title}>
                {c.label}
              </th>
            ))}
            <th scope="col" className="rir-num" title="Number of distinct predicted values">
              Distinct
            </th>
          </tr>
        </thead>
        {report.prompts.map((p) => (
          <tbody key={p.prompt}>
            {p.predictors.map((row, i) => {
              const isSelected = selected.prompt === p.prompt && selected.predictor === row.id;
              const info = predictorInfo(row.id);
              return (
                <tr
                  key={row.id}
                  aria-selected={isSelected}
                  className={isSelected ? 'rir-selected' : undefined}
                  onClick={() => onSelect({ prompt: p.prompt, predictor: row.id })}
                >
                  {i === 0 && (
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
                  )}
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
                    <MetricCell key={c.key} row={row} column={c} />
                  ))}
                  <td className="rir-num">{row.metrics.distinct}</td>
                </tr>
              );
            })}
            {p.skipped.length > 0 && (
              <tr className="rir-skipped">
                <td colSpan={COLUMNS.length + 4} className="rir-muted">
                  {p.skipped.map((s) => `${predictorInfo(s.id).label}: ${s.reason}`).join(' · ')}
                </td>
              </tr>
            )}
          </tbody>
        ))}
      </table>
    </div>
  );
}
