// The Annotate screen's keys (docs/ARCHITECTURE.md §11.2): each is looked up in ui/keymap.ts, in the label field
// and outside any text field alike; digits typed outside the field go into it.
import { useCallback, useEffect, type KeyboardEvent as ReactKeyboardEvent, type RefObject } from 'react';
import { actionFor, isTextEntry, type ActionId } from '../../ui/keymap.ts';

/** Keys that type into the label field rather than trigger an action. */
const NUMBER_KEY = /^[0-9.,-]$/;

export interface AnnotateKeysOptions {
  /** Does what an action of the `annotate` scope does. */
  run: (action: ActionId) => void | Promise<void>;
  /** True while something else has the keys (the shortcut sheet, the note editor). */
  paused: boolean;
  /** The label field, and how its text changes: number keys pressed outside any text field type into it. */
  inputRef: RefObject<HTMLInputElement | null>;
  setText: (update: (text: string) => string) => void;
}

/** Listens to keys outside text fields while the screen is shown; returns the label field's key handler. */
export function useAnnotateKeys({
  run,
  paused,
  inputRef,
  setText,
}: AnnotateKeysOptions): (e: ReactKeyboardEvent<HTMLInputElement>) => void {
  const onFieldKey = useCallback(
    (e: ReactKeyboardEvent<HTMLInputElement>) => {
      const action = actionFor(e.nativeEvent, 'annotate');
      if (!action) return;
      // ← and → move the caret while there is text to edit.
      if ((e.key === 'ArrowLeft' || e.key === 'ArrowRight') && e.currentTarget.value !== '') return;
      e.preventDefault();
      void run(action);
    },
    [run],
  );

  // Keys pressed outside any text field (after a click elsewhere) work the same way.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || paused || isTextEntry(e.target) || e.altKey || e.ctrlKey || e.metaKey) return;
      if (NUMBER_KEY.test(e.key)) {
        e.preventDefault();
        setText((t) => t + e.key);
        inputRef.current?.focus();
        return;
      }
      const action = actionFor(e, 'annotate');
      if (action) {
        e.preventDefault();
        void run(action);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [run, paused, inputRef, setText]);

  return onFieldKey;
}
