// The Train screen's choice among candidates (issue 15, docs/ARCHITECTURE.md §9.10): every
// candidate's out-of-fold CCC and NMSE on the same folds, its loss at the operating point and its
// test scores beside (never used to choose); the CCC–NMSE frontier drawn, the kept one marked, and
// what the reasoning adds in the paired words of the one verdict rule. Props only; no store.
import { useMemo } from 'react';
import type { OutcomeSelection } from '../../calibrator/report.ts';
import { formatInterval, formatMetric } from '../../domain/metrics/formatMetric.ts';
import { widenRange } from '../../domain/binning.ts';
import { axisTicks } from '../../ui/axisTicks.ts';
import { ChartFrame, usePlotScales } from '../../ui/charts/chartFrame.tsx';
import { TextExplainPanel } from './TextExplainPanel.tsx';
import type { ExampleCore } from '../../domain/exampleCore.ts';
import type { ExampleTexts } from '../../store/exampleTexts.ts';

export interface CandidatesPanelProps {
  selection: OutcomeSelection;
  /** Keeps another candidate (the user picks from the frontier). */
  onKeep?: (id: string) => void;
  /** The dataset's examples and their text: with them and a text ridge, what the reasoning says is shown under the table. */
  examples?: readonly ExampleCore[];
  texts?: ExampleTexts | null;
  /** The examples the run fitted on (`TrainResult.devExamples`). */
  trainExamples?: ArrayLike<number> | null;
}

/** The sentence on what the reasoning adds, or why there is nothing to say. */
export function textGainText(selection: OutcomeSelection): string {
  if (selection.textSkipped) return `No text candidate: ${selection.textSkipped}.`;
  const g = selection.textGain;
  if (!g) return '';
  const label = (id: string) => selection.candidates.find((c) => c.id === id)?.label ?? id;
  const against = label(g.against);
  const text = selection.candidates.filter((c) => c.kind === 'text').length > 1 ? ` (${label(g.candidate ?? 'text-ridge')})` : '';
  const delta = g.deltaCcc === null ? '–' : `${g.deltaCcc >= 0 ? '+' : ''}${formatMetric(g.deltaCcc)}`;
  const ci = g.deltaCi ? ` ${formatInterval(g.deltaCi)}` : '';
  if (g.verdict === 'better')
    return `What the reasoning adds${text}: test CCC ${delta}${ci} over ${against}, the best score-only candidate (the paired 95% CI excludes 0).`;
  if (g.verdict === 'worse')
    return `The reasoning does not help here${text}: test CCC ${delta}${ci} against ${against} (the paired 95% CI excludes 0).`;
  return `What the reasoning adds${text}: no clear difference from ${against} on the test split, ${delta}${ci} (the paired 95% CI includes 0).`;
}

const WIDTH = 420;
const HEIGHT = 280;

/** The candidates as points (out-of-fold NMSE across, CCC up), the frontier joined, the kept one ringed. */
function FrontierLayer({ selection }: { selection: OutcomeSelection }) {
  const scales = usePlotScales();
  if (!scales) return null;
  const pts = selection.candidates.map((c, i) => ({ c, i, x: c.oofNmse, y: c.oofCcc }));
  const frontier = selection.frontier
    .map((i) => pts[i]!)
    .filter((p) => p.x !== null && p.y !== null)
    .map((p) => `${scales.x(p.x!)},${scales.y(p.y!)}`)
    .join(' ');
  return (
    <g className="rir-frontier">
      {frontier && <polyline className="rir-frontier-line" points={frontier} fill="none" />}
      {pts.map((p) =>
        p.x === null || p.y === null ? null : (
          <g
            key={p.c.id}
            className={`rir-frontier-point rir-candidate-${p.c.kind}${p.i === selection.chosen ? ' rir-kept' : ''}`}
            data-candidate={p.c.id}
          >
            <circle cx={scales.x(p.x)} cy={scales.y(p.y)} r={p.i === selection.chosen ? 7 : 4.5} />
            {/* The name beside the point, on its left near the plot's right edge so it is never cut. */}
            <text
              x={scales.x(p.x) + (scales.x(p.x) > scales.area.right - 70 ? -9 : 9)}
              y={scales.y(p.y)}
              textAnchor={scales.x(p.x) > scales.area.right - 70 ? 'end' : 'start'}
              dominantBaseline="middle"
              className="rir-chart-tick-label"
            >
              {p.c.id}
            </text>
          </g>
        ),
      )}
    </g>
  );
}

function FrontierChart({ selection }: { selection: OutcomeSelection }) {
  const axes = useMemo(() => {
    const xs = selection.candidates.flatMap((c) => (c.oofNmse === null ? [] : [c.oofNmse]));
    const ys = selection.candidates.flatMap((c) => (c.oofCcc === null ? [] : [c.oofCcc]));
    if (xs.length === 0 || ys.length === 0) return null;
    const pad = (lo: number, hi: number) => widenRange({ min: lo - 0.08 * (hi - lo || 1), max: hi + 0.08 * (hi - lo || 1) });
    const x = pad(Math.min(...xs), Math.max(...xs));
    const y = pad(Math.min(...ys), Math.max(...ys));
    return { x, y };
  }, [selection]);
  if (!axes) return null;
  const desc = selection.candidates.map((c) => `${c.label}: CCC ${formatMetric(c.oofCcc)}, NMSE ${formatMetric(c.oofNmse)}`).join('; ');
  return (
    <ChartFrame
      kind="frontier"
      ariaLabel={`Out-of-fold CCC against NMSE of the candidates (up and to the left is better). ${desc}`}
      width={WIDTH}
      height={HEIGHT}
      x={{ domain: axes.x, ticks: axisTicks(axes.x), label: 'Out-of-fold NMSE (lower is better)' }}
      y={{ domain: axes.y, ticks: axisTicks(axes.y), label: 'Out-of-fold CCC' }}
    >
      <FrontierLayer selection={selection} />
    </ChartFrame>
  );
}

export function CandidatesPanel({ selection, onKeep, examples, texts = null, trainExamples = null }: CandidatesPanelProps) {
  const kept = selection.candidates[selection.chosen]!;
  const w = selection.weights;
  return (
    <section aria-label="Candidates" className="rir-panel rir-candidates">
      <h3>Candidates</h3>
      <p>
        Kept: <strong>{kept.label}</strong>
        {kept.detail ? ` (${kept.detail})` : ''}
        {selection.keptBy === 'user'
          ? ', as you picked.'
          : kept.kind === 'baseline'
            ? ' — a baseline: no model beat it out of fold, so that is what this calibrator is.'
            : `, the lowest out-of-fold loss ${w.ccc}·(1 − CCC) + ${w.nmse}·NMSE.`}
      </p>
      {kept.kind === 'multi' && (
        <p className="rir-panel" role="note">
          This calibrator reads the scores of every prompt version: deploying it means running all of them on each new example.
        </p>
      )}
      {(selection.textGain || selection.textSkipped) && <p className="rir-text-gain">{textGainText(selection)}</p>}
      {selection.multiSkipped && <p className="rir-muted">No multi-version candidate: {selection.multiSkipped}.</p>}
      <div className="rir-candidates-grid">
        <table className="rir-metric-table" aria-label="Candidates">
          <caption className="rir-muted">
            Each candidate predicts every train + val example out of fold, on the same folds; the lowest loss is kept. The test columns are
            reported, never used to choose.
          </caption>
          <thead>
            <tr>
              <th scope="col">Candidate</th>
              <th scope="col" className="rir-num">
                Out-of-fold CCC
              </th>
              <th scope="col" className="rir-num">
                Out-of-fold NMSE
              </th>
              <th scope="col" className="rir-num">
                Loss
              </th>
              <th scope="col" className="rir-num">
                Test CCC
              </th>
              <th scope="col" className="rir-num">
                Test NMSE
              </th>
              {onKeep && <th scope="col">Keep</th>}
            </tr>
          </thead>
          <tbody>
            {selection.candidates.map((c, i) => (
              <tr key={c.id} aria-selected={i === selection.chosen} className={i === selection.chosen ? 'rir-selected' : undefined}>
                <th scope="row">
                  {c.label}
                  {i === selection.chosen && <span className="rir-badge">kept</span>}
                  {selection.frontier.includes(i) && <span className="rir-badge rir-badge-muted">frontier</span>}
                </th>
                <td className="rir-num">{formatMetric(c.oofCcc)}</td>
                <td className="rir-num">{formatMetric(c.oofNmse)}</td>
                <td className="rir-num">{Number.isFinite(c.loss) ? formatMetric(c.loss) : '–'}</td>
                <td className="rir-num">{formatMetric(c.testCcc)}</td>
                <td className="rir-num">{formatMetric(c.testNmse)}</td>
                {onKeep && (
                  <td>
                    {i !== selection.chosen && (
                      <button type="button" onClick={() => onKeep(c.id)} aria-label={`Keep ${c.label}`}>
                        Keep
                      </button>
                    )}
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
        <FrontierChart selection={selection} />
      </div>
      {selection.text && examples && texts && (
        <TextExplainPanel model={selection.text} examples={examples} texts={texts} trainExamples={trainExamples} />
      )}
    </section>
  );
}
