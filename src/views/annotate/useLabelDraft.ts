// The Annotate screen's label field: its text and message, and the example they are for, which after a move is the
// example moved to even before the URL and the render catch up (docs/ARCHITECTURE.md §11.1).
import { useCallback, useState } from 'react';

export interface LabelDraft {
  text: string;
  setText: (update: (text: string) => string) => void;
  error: string | null;
  setError: (error: string | null) => void;
  /** The field now belongs to the example with this id: empty, no message. */
  clearFieldFor: (id: string | null) => void;
}

/** `onNewExample` runs (while rendering) when the URL shows an example the field was not already given to. */
export function useLabelDraft(exampleId: string | null, onNewExample: () => void): LabelDraft {
  const [draft, setDraft] = useState<{ id: string | null; text: string }>({ id: exampleId, text: '' });
  const [error, setError] = useState<string | null>(null);
  const setText = useCallback((update: (t: string) => string) => setDraft((d) => ({ ...d, text: update(d.text) })), []);
  const clearFieldFor = useCallback((id: string | null) => {
    setDraft({ id, text: '' });
    setError(null);
  }, []);
  // A new example starts with an empty field and no message (reset while rendering, as React
  // advises for state derived from a prop).
  const [shownId, setShownId] = useState(exampleId);
  if (shownId !== exampleId) {
    setShownId(exampleId);
    // Unless this screen's own move already gave the field to this example (keeping what has
    // been typed for it since).
    if (draft.id !== exampleId) {
      clearFieldFor(exampleId);
      onNewExample();
    }
  }
  return { text: draft.text, setText, error, setError, clearFieldFor };
}
