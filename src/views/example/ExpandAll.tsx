// The "expand all / collapse all reasoning" button of the Example body and of its version
// comparison. Props only; no store.
import type { ReasoningKey } from './useReasoningOpen.ts';

export interface ExpandAllProps {
  /** The reasoning this button opens and closes, as keys and as element ids (for aria-controls). */
  keys: readonly ReasoningKey[];
  ids: readonly string[];
  allOpen: boolean;
  onSet: (open: boolean) => void;
  /** Accessible name when it is more than the visible text ("… of v1"). */
  scope?: string;
  className?: string;
}

/**
 * One button for "expand all" and "collapse all" (the pattern of an accordion's show-all
 * button): aria-expanded says whether every trace it controls is open, and a press opens them
 * all unless they all are, in which case it closes them.
 */
export function ExpandAll({ keys, ids, allOpen, onSet, scope, className }: ExpandAllProps) {
  if (keys.length === 0) return null;
  const text = allOpen ? 'Collapse all reasoning' : 'Expand all reasoning';
  return (
    <button
      type="button"
      className={className}
      aria-expanded={allOpen}
      aria-controls={ids.join(' ')}
      aria-label={scope === undefined ? undefined : `${text} of ${scope}`}
      onClick={() => onSet(!allOpen)}
    >
      {text}
    </button>
  );
}
