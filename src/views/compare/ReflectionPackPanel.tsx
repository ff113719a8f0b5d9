// The Compare screen's reflection pack (issue 13): for one prompt version under one predictor,
// its worst train examples with rollouts and reasoning, summary statistics and the prompt text
// from the dataset header, as Markdown or JSON for an LLM to improve the prompt from. The pack is
// built by domain/reflection.ts (the same as `cli reflect`); this panel chooses N, shows the size,
// and downloads or copies the text. Nothing is sent anywhere.
import { useEffect, useId, useMemo, useState } from 'react';
import {
  buildReflectionPack,
  chosenForReflection,
  CHARS_PER_TOKEN,
  defaultReflectionCount,
  groupDigits,
  rankTrainErrors,
  reflectionFileName,
  reflectionJsonText,
  reflectionMarkdown,
  type ReflectionPack,
} from '../../domain/reflection.ts';
import { selectCurrentInfo } from '../../store/selectors.ts';
import { ownValue } from '../../domain/ownKeys.ts';
import { useAppStore } from '../../store/useAppStore.ts';
import { downloadFile } from '../download.ts';
import type { Example } from '../../domain/types.ts';

export interface ReflectionPackPanelProps {
  /** The prompt version's name. */
  prompt: string;
  /** The predictor's name as the screen shows it ("Mean"). */
  predictorLabel: string;
  /** Effective targets aligned with the open dataset's examples (store order), NaN = none. */
  targets: Float64Array;
  /** The predictor's predictions for `prompt`, aligned the same way (NaN = none); null while computed. */
  predictions: Float64Array | null;
}

type Notice = { kind: 'ok' | 'error'; text: string } | null;

/** The N field's value as a count: null for the default, a number, or a problem in words. */
function parseCount(raw: string, n: number): number | null | { problem: string } {
  const t = raw.trim();
  if (t === '') return null;
  const v = Number(t);
  if (!Number.isInteger(v) || v < 1 || v > n) return { problem: `Choose a whole number from 1 to ${groupDigits(n)}.` };
  return v;
}

export function ReflectionPackPanel({ prompt, predictorLabel, targets, predictions }: ReflectionPackPanelProps) {
  const examples = useAppStore((s) => s.examples);
  const info = useAppStore(selectCurrentInfo);
  const [countText, setCountText] = useState('');
  const [notice, setNotice] = useState<Notice>(null);
  const fieldId = useId();
  const headingId = useId();

  // While a dataset switch is under way the arrays can belong to the previous dataset.
  const aligned = examples !== null && predictions !== null && targets.length === examples.length && predictions.length === examples.length;
  const trainN = useMemo(
    () => (examples !== null && predictions !== null && aligned ? rankTrainErrors(examples, targets, predictions).n : 0),
    [aligned, examples, targets, predictions],
  );
  const count = parseCount(countText, trainN);
  const problem = count !== null && typeof count === 'object' ? count.problem : null;

  // The text of the examples the pack shows, read from storage (the store holds no text).
  const exampleTexts = useAppStore((s) => s.exampleTexts);
  const chosen = useMemo(
    () =>
      examples !== null && predictions !== null && aligned && problem === null
        ? chosenForReflection(examples, targets, predictions, typeof count === 'number' ? count : null)
        : null,
    [aligned, examples, targets, predictions, count, problem],
  );
  const [texts, setTexts] = useState<{ chosen: number[]; full: Map<number, Example> | null; error: string | null } | null>(null);
  useEffect(() => {
    if (!chosen || !exampleTexts) return;
    let live = true;
    Promise.all(chosen.map((e) => exampleTexts.load(e))).then(
      (loaded) => live && setTexts({ chosen, full: new Map(chosen.map((e, k) => [e, loaded[k]!])), error: null }),
      (e: unknown) => live && setTexts({ chosen, full: null, error: e instanceof Error ? e.message : String(e) }),
    );
    return () => {
      live = false;
    };
  }, [chosen, exampleTexts]);
  const full = texts !== null && texts.chosen === chosen ? texts.full : null;
  const textError = texts !== null && texts.chosen === chosen ? texts.error : null;

  const built = useMemo((): { pack: ReflectionPack; markdown: string } | null => {
    if (examples === null || predictions === null || !aligned || !info || problem !== null || full === null) return null;
    const pack = buildReflectionPack(
      {
        datasetName: info.name,
        prompt,
        promptText: ownValue(info.prompts, prompt),
        predictorLabel,
        scale: info.scale,
        examples,
        full: (e) => full.get(e)!,
        targets,
        predictions,
      },
      { count: typeof count === 'number' ? count : null },
    );
    return { pack, markdown: reflectionMarkdown(pack) };
  }, [aligned, info, problem, prompt, predictorLabel, examples, targets, predictions, count, full]);

  const pack = built?.pack ?? null;
  const usable = pack !== null && pack.examples.length > 0;
  const datasetName = info?.name ?? 'dataset';

  async function copy(markdown: string) {
    try {
      if (!navigator.clipboard) throw new Error('this page has no clipboard access (it needs a secure context)');
      await navigator.clipboard.writeText(markdown);
      setNotice({ kind: 'ok', text: `Copied the Markdown pack (${groupDigits(markdown.length)} characters) to the clipboard.` });
    } catch (e) {
      setNotice({ kind: 'error', text: `Could not copy: ${e instanceof Error ? e.message : String(e)}` });
    }
  }

  let status: string;
  if (predictions === null || !aligned) status = 'The predictions are still being computed.';
  else if (trainN === 0) status = `No train example has both a target and a prediction from ${prompt}.`;
  else if (problem !== null) status = problem;
  else if (textError !== null) status = `The text of the examples could not be read: ${textError}`;
  else if (full === null) status = `Reading the text of ${chosen?.length ?? 0} examples…`;
  else if (pack === null) status = '';
  else {
    status =
      `${pack.examples.length} of ${groupDigits(pack.trainN)} train examples · about ${groupDigits(pack.tokenEstimate)} tokens ` +
      `(${groupDigits(pack.markdownChars)} characters of Markdown, ~${CHARS_PER_TOKEN} per token)` +
      (pack.leftOutForBudget > 0 ? ` · ${pack.leftOutForBudget} left out to fit the size limit` : '') +
      (pack.limits.reasoningCap < pack.limits.maxReasoningChars
        ? ` · reasoning cut to ${groupDigits(pack.limits.reasoningCap)} characters`
        : '');
  }

  return (
    <section className="rir-panel rir-reflection-pack" aria-labelledby={headingId}>
      <h3 id={headingId}>Reflection pack: {prompt}</h3>
      <p className="rir-muted">
        The train examples where {predictorLabel} of {prompt} is furthest from the target, each with its input and the version’s rollouts
        and reasoning, with summary statistics and the prompt text: material for an LLM to improve the prompt. Long reasoning is shortened
        in the middle. Only train examples, so the test split stays a fair judge of the new prompt.
      </p>
      <p>
        <label htmlFor={fieldId}>Examples, worst first </label>
        <input
          id={fieldId}
          type="number"
          min={1}
          max={Math.max(1, trainN)}
          step={1}
          value={countText}
          placeholder={String(defaultReflectionCount(trainN))}
          aria-invalid={problem !== null}
          aria-describedby={`${fieldId}-hint`}
          onChange={(e) => {
            setCountText(e.target.value);
            setNotice(null);
          }}
        />{' '}
        <span id={`${fieldId}-hint`} className="rir-muted">
          default ⌈√n⌉ = {defaultReflectionCount(trainN)} of n = {groupDigits(trainN)}
        </span>
      </p>
      <p role="status" className={problem !== null ? 'rir-error' : 'rir-muted'}>
        {status}
      </p>
      <div className="rir-actions" role="group" aria-label="Reflection pack">
        <button
          type="button"
          disabled={!usable}
          onClick={() => built && downloadFile([built.markdown], reflectionFileName(datasetName, prompt, 'md'), 'text/markdown')}
        >
          Download Markdown
        </button>
        <button
          type="button"
          disabled={!usable}
          onClick={() =>
            pack && downloadFile([reflectionJsonText(pack) + '\n'], reflectionFileName(datasetName, prompt, 'json'), 'application/json')
          }
        >
          Download JSON
        </button>
        <button type="button" disabled={!usable} title="Copies the Markdown pack" onClick={() => built && void copy(built.markdown)}>
          Copy to clipboard
        </button>
      </div>
      {notice !== null &&
        (notice.kind === 'ok' ? (
          <p role="status" className="rir-muted">
            {notice.text}
          </p>
        ) : (
          <p role="alert" className="rir-error">
            {notice.text}
          </p>
        ))}
    </section>
  );
}
