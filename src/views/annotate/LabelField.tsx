// The Annotate screen's label field (docs/ARCHITECTURE.md §11.1): the typed label with the scale it must fit,
// Save, what you saved for this example, and the message when a label does not fit.
import type { KeyboardEvent as ReactKeyboardEvent, RefObject } from 'react';
import type { CurrentLabel } from '../../domain/labels.ts';
import type { Scale } from '../../domain/types.ts';
import { formatScore, formatStep } from '../../ui/formatScore.ts';

export interface LabelFieldProps {
  scale: Scale;
  inputRef: RefObject<HTMLInputElement | null>;
  text: string;
  error: string | null;
  /** Your saved label and note of this example. */
  saved: CurrentLabel | null;
  onText: (text: string) => void;
  onKey: (e: ReactKeyboardEvent<HTMLInputElement>) => void;
  onSubmit: () => void;
}

export function LabelField({ scale, inputRef, text, error, saved, onText, onKey, onSubmit }: LabelFieldProps) {
  const value = saved?.value ?? null;
  return (
    <>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          onSubmit();
        }}
      >
        <label htmlFor="rir-label-input">
          Your label{' '}
          <span className="rir-muted">
            ({formatScore(scale.min)}–{formatScore(scale.max)}
            {scale.step ? `, step ${formatStep(scale.step)}` : ''})
          </span>
        </label>
        <input
          id="rir-label-input"
          ref={inputRef}
          type="text"
          inputMode="decimal"
          autoComplete="off"
          autoFocus
          aria-invalid={error !== null}
          aria-describedby="rir-label-error"
          value={text}
          onChange={(e) => onText(e.currentTarget.value)}
          onKeyDown={onKey}
        />
        <button type="submit">Save</button>
        <span className="rir-muted">
          {value !== null ? `saved: ${formatScore(value)}` : 'not labelled by you'}
          {saved?.note ? ` · note: “${saved.note}”` : ''}
        </span>
      </form>
      <p id="rir-label-error" role="alert" className="rir-error">
        {error ?? ''}
      </p>
    </>
  );
}
