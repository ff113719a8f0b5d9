// The body of an example: input (markdown + math), strip plot of rollout scores against the
// target, and rollout cards per prompt version. Shared by the Example and Annotate screens; in
// blind mode (Annotate) the scores and rollouts are left out so they cannot anchor the label.
import { groupByPrompt, mean, populationStd } from '../../domain/rollouts.ts';
import type { DatasetInfo, Example } from '../../domain/types.ts';
import { InputView } from '../../ui/InputView.tsx';
import { Markdown } from '../../ui/Markdown.tsx';
import { ScoreChip } from '../../ui/ScoreChip.tsx';
import { StripPlot } from '../../ui/StripPlot.tsx';
import type { NamedPrediction } from '../../store/selectors.ts';
import { formatScore } from '../../ui/formatScore.ts';
import { plural } from '../format.ts';

export interface ExampleBodyProps {
  info: DatasetInfo;
  example: Example;
  /** Target drawn against the scores: the dataset target by default (Annotate passes the effective one). */
  target?: number;
  /** Blind mode: show the input only. */
  hideRollouts?: boolean;
  /** Prediction of a trained calibrator, by prompt version. */
  calibrated?: Readonly<Record<string, number>>;
  /** Predictions of calibrators applied from files, each shown by its name on its prompt version's card. */
  applied?: readonly NamedPrediction[];
}

const NO_APPLIED: readonly NamedPrediction[] = [];

export function ExampleBody({
  info,
  example: ex,
  target = ex.target,
  hideRollouts = false,
  calibrated = {},
  applied = NO_APPLIED,
}: ExampleBodyProps) {
  const groups = groupByPrompt(ex.rollouts, info.promptOrder);
  return (
    <div className="rir-example-grid">
      <div className="rir-example-main">
        {!hideRollouts && groups.length > 0 && (
          <StripPlot
            scale={info.scale}
            target={target}
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
      {hideRollouts ? (
        <p className="rir-muted rir-blind-note">Blind mode: the rollouts and their scores are shown once your label is saved.</p>
      ) : (
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
                    {Object.hasOwn(calibrated, g.prompt) && <> · calibrator {formatScore(calibrated[g.prompt])}</>}
                    {applied
                      .filter((a) => a.prompt === g.prompt)
                      .map((a) => (
                        <span key={a.name}>
                          {' '}
                          · {a.name} {formatScore(a.value)}
                        </span>
                      ))}
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
                        <ScoreChip score={r.score} target={target} scale={info.scale} />
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
      )}
    </div>
  );
}
