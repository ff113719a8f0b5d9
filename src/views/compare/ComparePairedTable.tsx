// The Compare screen's paired table: CCC, NMSE, MAE, Pearson r and Spearman ρ of versions A and B
// on the same examples, Δ = B − A, the paired bootstrap 95% CI of Δ and the verdict in words
// (`metricVerdictText`, the app's one verdict rule: docs/ARCHITECTURE.md §8.2). While the bootstrap
// runs, the CI and verdict cells say so.
import { formatDelta, metricVerdictText, type ComparisonPoints, type VersionComparison } from '../../domain/compare.ts';
import { formatInterval, formatMetric } from '../../domain/metrics/formatMetric.ts';
import { METRIC_GOALS, type MetricGoal } from '../../domain/metrics/metricGoal.ts';

export interface ComparePairedTableProps {
  points: ComparisonPoints;
  /** The finished comparison (intervals and verdicts); null while its bootstrap runs or after a cancel. */
  comparison: VersionComparison | null;
  /** What the CI cells say while there is no comparison: "computing… 40%", "cancelled". */
  pendingText: string;
}

function goalWords(goal: MetricGoal): string {
  return goal.kind === 'higher' ? 'higher is better' : goal.kind === 'lower' ? 'lower is better' : `closest to ${goal.to} is best`;
}

export function ComparePairedTable({ points, comparison, pendingText }: ComparePairedTableProps) {
  const names = { a: points.a.name, b: points.b.name };
  const sameName = names.a === names.b;
  const colA = sameName ? `A: ${names.a}` : names.a;
  const colB = sameName ? `B: ${names.b}` : names.b;
  return (
    <div className="rir-metric-scroll">
      <table className="rir-metric-table" aria-label="Paired metrics">
        <caption className="rir-muted">
          {names.b} against {names.a} on the same {points.common.n} examples; Δ = B − A with the paired bootstrap 95% CI ({points.resamples}{' '}
          resamples, seed {points.seed}).
        </caption>
        <thead>
          <tr>
            <th scope="col">Metric</th>
            <th scope="col" className="rir-num" title="Version A">
              {colA}
            </th>
            <th scope="col" className="rir-num" title="Version B">
              {colB}
            </th>
            <th scope="col" className="rir-num">
              Δ = B − A
            </th>
            <th scope="col" className="rir-num" title="Paired bootstrap 95% CI of Δ: same examples, same resamples">
              95% CI of Δ
            </th>
            <th scope="col">Verdict</th>
          </tr>
        </thead>
        <tbody>
          {points.metrics.map((row, k) => {
            const done = comparison?.metrics[k] ?? null;
            return (
              <tr key={row.metric} data-metric={row.metric}>
                <th scope="row" title={goalWords(METRIC_GOALS[row.metric])}>
                  {row.label}
                </th>
                <td className="rir-num" data-col="a" title={row.reasons.a}>
                  {formatMetric(row.a)}
                </td>
                <td className="rir-num" data-col="b" title={row.reasons.b}>
                  {formatMetric(row.b)}
                </td>
                <td className="rir-num" data-col="delta" title={row.reasons.delta}>
                  {row.delta === null ? '–' : formatDelta(row.delta)}
                </td>
                <td className="rir-num" data-col="ci" title={done?.reasons.ci} aria-busy={done ? undefined : true}>
                  {done ? formatInterval(done.ci) : <span className="rir-muted">{pendingText}</span>}
                </td>
                <td data-col="verdict">{done ? metricVerdictText(done, names) : <span className="rir-muted">{pendingText}</span>}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
