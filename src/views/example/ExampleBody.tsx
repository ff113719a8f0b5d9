// The body of an example: input (markdown + math), strip plot of rollout scores against the
// target, and rollout cards per prompt version with the score-chip key and expand/collapse-all
// for the reasoning. Shared by the Example and Annotate screens; in blind mode (Annotate) the
// scores and rollouts are left out so they cannot anchor the label.
import { useId, useMemo, useState, type ReactNode } from 'react';
import { explainExampleOf, type Contribution } from '../../calibrator/textExplain.ts';
import type { TextRidgeModel } from '../../calibrator/textModel.ts';
import { groupByPrompt, mean, populationStd } from '../../domain/rollouts.ts';
import type { DatasetInfo, Example } from '../../domain/types.ts';
import { ownValue } from '../../domain/ownKeys.ts';
import { InputView, JsonText } from '../../ui/InputView.tsx';
import { Markdown } from '../../ui/Markdown.tsx';
import { ScoreChip, ScoreChipLegend } from '../../ui/ScoreChip.tsx';
import { StripPlot } from '../../ui/StripPlot.tsx';
import type { NamedPrediction } from '../../store/selectors.ts';
import { formatScore } from '../../ui/formatScore.ts';
import { plural } from '../format.ts';
import { ExpandAll } from './ExpandAll.tsx';
import { formatSigned } from '../train/TextExplainPanel.tsx';
import { useReasoningOpen, type ReasoningKey } from './useReasoningOpen.ts';
import './example.css';

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
  /** The text ridge of each prompt version whose kept calibrator it is (`keptTextModels`): its card says what in the reasoning moved the prediction. */
  textModels?: Readonly<Record<string, TextRidgeModel>>;
}

const NO_APPLIED: readonly NamedPrediction[] = [];
const NO_TEXT_MODELS: Readonly<Record<string, TextRidgeModel>> = {};

/** Contributions shown each way on a prompt card. */
export const MOVED_SHOWN = 3;

function moved(c: Contribution): string {
  return `${formatSigned(c.value)} “${c.ngrams[0]?.text ?? c.label}”`;
}

/**
 * "Reasoning moved it: +0.21 “stays on topic”, −0.15 “dismissive” …": the n-grams of this example's
 * reasoning that add most to and take most from the text ridge's prediction, in points of the scale.
 */
function ReasoningMoved({ model, example }: { model: TextRidgeModel; example: Example }) {
  const x = useMemo(() => explainExampleOf(model, example, MOVED_SHOWN), [model, example]);
  if (!x || (x.up.length === 0 && x.down.length === 0)) return null;
  const shown = [...x.up, ...x.down];
  const rest = x.contributions.filter((c) => c.value !== 0).length - shown.length;
  const title =
    'What each word n-gram of this example’s reasoning adds to the text ridge’s prediction, in points of the scale; ' +
    `the scores add ${formatSigned(x.score * x.range)} and the intercept is ${formatScore(x.intercept * x.range + model.scale.min)}. ` +
    'On a train or val example the calibrator value shown is out of fold, so it can differ from this model’s prediction.';
  return (
    <p className="rir-muted rir-reasoning-moved" title={title}>
      Reasoning moved it: {shown.map(moved).join(', ')}
      {rest > 0 ? ' …' : ''}
    </p>
  );
}

export function ExampleBody({
  info,
  example: ex,
  target = ex.target,
  hideRollouts = false,
  calibrated = {},
  applied = NO_APPLIED,
  textModels = NO_TEXT_MODELS,
}: ExampleBodyProps) {
  const groups = groupByPrompt(ex.rollouts, info.promptOrder);
  const reasoning = useReasoningOpen(ex.id);
  const idPrefix = useId();
  const detailsId = (key: ReasoningKey) => `${idPrefix}reasoning-${key}`;
  // The rollouts with reasoning, per prompt version and in all.
  const keysOf = groups.map((g, gi) => g.rollouts.flatMap((r, k) => (r.reasoning === undefined ? [] : [`${gi}:${k}`])));
  const allKeys = keysOf.flat();
  // A button per prompt version only where there is more than one version with reasoning.
  const perPrompt = keysOf.filter((keys) => keys.length > 0).length > 1;
  const everyOpen = (keys: readonly ReasoningKey[]) => keys.length > 0 && keys.every(reasoning.isOpen);
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
              <JsonText value={ex.meta} className="rir-json" />
            </details>
          )}
        </section>
      </div>
      {hideRollouts ? (
        <p className="rir-muted rir-blind-note">Blind mode: the rollouts and their scores are shown once your label is saved.</p>
      ) : (
        <div className="rir-example-rollouts">
          {groups.length > 0 && (
            <div className="rir-rollouts-toolbar">
              <ExpandAll
                keys={allKeys}
                ids={allKeys.map(detailsId)}
                allOpen={everyOpen(allKeys)}
                onSet={(open) => reasoning.setMany(allKeys, open, true)}
              />
              <ScoreChipLegend scale={info.scale} target={target} />
            </div>
          )}
          {groups.map((g, gi) => {
            const scores = g.rollouts.map((r) => r.score);
            const promptText = ownValue(info.prompts, g.prompt);
            const textModel = Object.hasOwn(calibrated, g.prompt) ? ownValue(textModels, g.prompt) : undefined;
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
                {textModel && <ReasoningMoved model={textModel} example={ex} />}
                <ExpandAll
                  className="rir-expand-prompt"
                  keys={perPrompt ? keysOf[gi]! : []}
                  ids={keysOf[gi]!.map(detailsId)}
                  allOpen={everyOpen(keysOf[gi]!)}
                  onSet={(open) => reasoning.setMany(keysOf[gi]!, open, false)}
                  scope={g.prompt}
                />
                {promptText && (
                  <details>
                    <summary>Prompt text</summary>
                    <Markdown text={promptText} />
                  </details>
                )}
                <RolloutList
                  key={`${ex.id}\u0000${g.prompt}`}
                  count={g.rollouts.length}
                  prompt={g.prompt}
                  render={(k) => {
                    const r = g.rollouts[k]!;
                    const key = `${gi}:${k}`;
                    return (
                      <li key={k} className="rir-rollout">
                        <div className="rir-rollout-head">
                          <ScoreChip score={r.score} target={target} scale={info.scale} label={g.prompt} />
                          {r.model && <span className="rir-muted">{r.model}</span>}
                        </div>
                        {r.reasoning !== undefined && (
                          <details
                            id={detailsId(key)}
                            open={reasoning.isOpen(key)}
                            onToggle={(e) => reasoning.set(key, e.currentTarget.open)}
                          >
                            <summary>Reasoning</summary>
                            <Markdown text={r.reasoning} />
                          </details>
                        )}
                      </li>
                    );
                  }}
                />
              </section>
            );
          })}
          {ex.rollouts.length === 0 && <p className="rir-muted">This example has no rollouts yet.</p>}
        </div>
      )}
    </div>
  );
}

/**
 * Rollouts shown per prompt version before "Show all": an example with 5,000 rollouts of a version
 * opens at once (each card renders its reasoning, so find-in-page still finds words in closed ones).
 */
export const ROLLOUTS_SHOWN = 100;

/** The rollout cards of one prompt version: the first ROLLOUTS_SHOWN, and a button for the rest. */
function RolloutList({ count, prompt, render }: { count: number; prompt: string; render: (k: number) => ReactNode }) {
  const [all, setAll] = useState(false);
  const shown = all ? count : Math.min(count, ROLLOUTS_SHOWN);
  return (
    <>
      <ol className="rir-rollouts">{Array.from({ length: shown }, (_, k) => render(k))}</ol>
      {shown < count && (
        <p className="rir-muted">
          Showing the first {shown} of {count} rollouts.{' '}
          <button
            type="button"
            className="rir-show-all"
            onClick={() => setAll(true)}
            aria-label={`Show all ${count} rollouts of ${prompt}`}
          >
            Show all {count}
          </button>
        </p>
      )}
    </>
  );
}
