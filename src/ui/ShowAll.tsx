// Long dataset text shown as a bounded prefix with "Show all (N characters)" (docs/ARCHITECTURE.md
// §11.3): a 300 KB unbroken token takes the browser seconds to lay out, so no text over the bound
// is laid out until asked for. Props only; no store.
import { useState, type ReactNode } from 'react';
import { SHOWN_TEXT_CHARS, splitLongRuns, textPrefix } from '../domain/textPrefix.ts';
import './ui.css';

/** `text`, or its first `max` characters until the reader asks for all; `more` is the button (null when all is shown). */
export function useShownText(text: string, max = SHOWN_TEXT_CHARS): { shown: string; more: ReactNode } {
  // The text "Show all" was pressed for: another text (the next example) starts bounded again.
  const [allOf, setAllOf] = useState<string | null>(null);
  if (text.length <= max || allOf === text) return { shown: text, more: null };
  return { shown: textPrefix(text, max), more: <ShowAllButton shown={max} length={text.length} onClick={() => setAllOf(text)} /> };
}

const COUNT = new Intl.NumberFormat('en-US');

function ShowAllButton({ shown, length, onClick }: { shown: number; length: number; onClick: () => void }) {
  return (
    <p className="rir-show-all">
      <span className="rir-muted">Shortened: the first {COUNT.format(shown)} characters are shown. </span>
      <button type="button" onClick={onClick}>
        Show all ({COUNT.format(length)} characters)
      </button>
    </p>
  );
}

/** Plain text with each long unbroken run in spans of LONG_RUN_CHUNK characters (linear-time layout; `splitLongRuns`). */
export function LongText({ text }: { text: string }) {
  const parts = splitLongRuns(text);
  // Index keys: the pieces of one text, in order, never reordered.
  return parts.length === 1 ? (
    <>{text}</>
  ) : (
    <>
      {parts.map((p, i) => (
        <span key={i}>{p}</span>
      ))}
    </>
  );
}
