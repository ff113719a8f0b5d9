// Every prompt version ranked by CCC, each with its Δ CCC to the best and the paired 95% CI of Δ
// (docs/ARCHITECTURE.md §8.2). Choosing a version compares it (as B) with the best (as A).
import { formatDelta, type VersionRanking } from '../../domain/compare.ts';
import { formatInterval, formatMetric } from '../../domain/metrics/formatMetric.ts';

export interface CompareRankingTableProps {
  ranking: VersionRanking;
  /** False while the ranking's bootstrap runs (point values only: CIs and verdicts pending). */
  final: boolean;
  /** What the pending cells say: "computing… 40%", "cancelled". */
  pendingText: string;
  /** The version shown as B, marked in the table. */
  current: string;
  /** Compare `name` (as B) with the best version (as A). */
  onChoose: (name: string, best: string) => void;
}

export function CompareRankingTable({ ranking, final, pendingText, current, onChoose }: CompareRankingTableProps) {
  const best = ranking.best === null ? null : (ranking.versions.find((v) => v.prompt === ranking.best)?.name ?? null);
  return (
    <div className="rir-metric-scroll">
      <table className="rir-metric-table" aria-label="Ranking by CCC">
        <caption className="rir-muted">
          Every version by CCC on its own examples; Δ to the best and its paired 95% CI on the examples both predict.
          {best !== null && ' Choose a version to compare it with the best.'}
        </caption>
        <thead>
          <tr>
            <th scope="col" className="rir-num">
              Rank
            </th>
            <th scope="col">Version</th>
            <th scope="col" className="rir-num" title="Examples with a target and this version's prediction">
              n
            </th>
            <th scope="col" className="rir-num">
              CCC
            </th>
            <th scope="col" className="rir-num">
              Δ CCC to best
            </th>
            <th scope="col" className="rir-num" title="Paired bootstrap 95% CI of Δ">
              95% CI of Δ
            </th>
            <th scope="col">Verdict</th>
          </tr>
        </thead>
        <tbody>
          {ranking.versions.map((v) => {
            const vs = v.vsBest;
            const pending = !final && vs !== null && vs.verdict !== 'best';
            return (
              <tr
                key={v.prompt}
                data-version={v.name}
                className={v.name === current ? 'rir-selected' : undefined}
                aria-selected={v.name === current}
                onClick={best === null ? undefined : () => onChoose(v.name, best)}
              >
                <td className="rir-num" data-col="rank">
                  {v.rank ?? '–'}
                </td>
                <th scope="row">
                  {best === null ? (
                    v.name
                  ) : (
                    <button
                      type="button"
                      className="rir-link-button"
                      aria-label={`Compare ${v.name} with ${best}`}
                      onClick={(e) => {
                        e.stopPropagation();
                        onChoose(v.name, best);
                      }}
                    >
                      {v.name}
                    </button>
                  )}
                </th>
                <td className="rir-num" data-col="n">
                  {v.n}
                </td>
                <td className="rir-num" data-col="ccc" title={v.reason}>
                  {formatMetric(v.ccc)}
                </td>
                <td className="rir-num" data-col="delta" title={vs?.reasons.delta}>
                  {vs?.delta == null ? '–' : formatDelta(vs.delta)}
                </td>
                <td className="rir-num" data-col="ci" title={pending ? undefined : vs?.reasons.ci} aria-busy={pending || undefined}>
                  {pending ? <span className="rir-muted">{pendingText}</span> : vs?.verdict === 'best' ? '–' : formatInterval(vs?.ci)}
                </td>
                <td data-col="verdict">{pending ? <span className="rir-muted">{pendingText}</span> : (vs?.text ?? v.reason ?? '')}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
