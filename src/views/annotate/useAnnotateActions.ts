// What the Annotate screen's actions do (docs/ARCHITECTURE.md §11.1): save the typed label, move, skip, clear,
// undo, open the note and the shortcut sheet, save the note; keys (useAnnotateKeys.ts) and buttons both call them.
import { useCallback, useRef, type Dispatch, type RefObject, type SetStateAction } from 'react';
import type { ExampleCore } from '../../domain/exampleCore.ts';
import { parseLabel, type CurrentLabel } from '../../domain/labels.ts';
import type { Scale } from '../../domain/types.ts';
import { useAppStoreApi } from '../../store/useAppStore.ts';
import { formatScore } from '../../ui/formatScore.ts';
import type { ActionId } from '../../ui/keymap.ts';
import type { QueueCursor } from './useQueueCursor.ts';

export const END_OF_QUEUE = 'End of the queue: every example in it has been shown.';

/** What the actions read: the screen's dataset, example, label, queue cursor and field. */
export interface AnnotateActionsOptions {
  scale: Scale;
  examples: ExampleCore[];
  /** The example of the last render (the cursor may be ahead of it). */
  shown: ExampleCore | undefined;
  annotator: string;
  blind: boolean;
  /** Your current label of the shown example. */
  mine: CurrentLabel | null;
  cursor: Pick<QueueCursor, 'current' | 'go' | 'next' | 'previous'>;
  /** The label field's text as rendered; its element, which may be ahead of the render. */
  text: string;
  inputRef: RefObject<HTMLInputElement | null>;
}

/** The screen's state the actions set. */
export interface AnnotateActionsSetters {
  /** The field now belongs to the example with this id, empty. */
  clearFieldFor: (id: string) => void;
  setError: (error: string | null) => void;
  setStatus: Dispatch<SetStateAction<string>>;
  setNote: Dispatch<SetStateAction<string | null>>;
  setHelp: Dispatch<SetStateAction<boolean>>;
}

export interface AnnotateActions {
  /** Saves `raw` as your label of the cursor's example and goes on (blind mode: stays, to reveal). */
  save: (raw: string) => void;
  /** Does what an action of the `annotate` scope does. */
  run: (action: ActionId) => Promise<void>;
  /** Saves your note on the example with this id (empty removes it), then closes the note editor. */
  saveNote: (id: string, value: string) => void;
}

export function useAnnotateActions(o: AnnotateActionsOptions, set: AnnotateActionsSetters): AnnotateActions {
  const store = useAppStoreApi();
  const { scale, examples, shown: ex, annotator, blind, mine, text, inputRef } = o;
  const { clearFieldFor, setError, setStatus, setNote, setHelp } = set;
  const { current, go, next, previous } = o.cursor;

  // Labels handed to the store and not stored yet, by example id.
  const pending = useRef(new Map<string, number>());
  const save = useCallback(
    (raw: string) => {
      // The example the field is for (the cursor's), not the one of the last render.
      const target = current();
      if (!target) return;
      if (raw.trim() === '') {
        // Enter on an empty field goes on once this example has your label (blind mode: after the reveal).
        const labelled = (store.getState().labels.get(target.id)?.get(annotator)?.value ?? null) !== null;
        if (labelled || pending.current.has(target.id)) next();
        else setError(`Type a label from ${formatScore(scale.min)} to ${formatScore(scale.max)} first, or press s to skip.`);
        return;
      }
      const parsed = parseLabel(raw, scale);
      if (!parsed.ok) {
        setError(parsed.message);
        // Selected, so the next keystrokes replace the wrong value.
        inputRef.current?.select();
        return;
      }
      const value = parsed.value;
      pending.current.set(target.id, (pending.current.get(target.id) ?? 0) + 1);
      const stored = store.getState().saveLabel(target.id, value);
      clearFieldFor(target.id);
      const moved = blind || next();
      void stored.then((saved) => {
        const left = (pending.current.get(target.id) ?? 1) - 1;
        if (left > 0) pending.current.set(target.id, left);
        else pending.current.delete(target.id);
        if (!saved) setStatus(`Your label ${formatScore(value)} for ${target.id} was not saved.`);
        else setStatus(moved ? `Saved ${formatScore(value)} for ${target.id}.` : END_OF_QUEUE);
      });
    },
    [current, annotator, scale, blind, next, store, inputRef, clearFieldFor, setError, setStatus],
  );

  const myValue = mine?.value ?? null;
  const run = useCallback(
    async (action: ActionId) => {
      if (!ex) return;
      const s = store.getState();
      switch (action) {
        case 'annotate.save':
          return save(inputRef.current?.value ?? text);
        case 'annotate.next':
          next();
          return;
        case 'annotate.skip':
          setStatus(`Skipped ${current()?.id ?? ex.id}.`);
          next();
          return;
        case 'annotate.previous':
          return previous();
        case 'annotate.clear':
          if (myValue === null && !mine?.note) return setStatus(`${ex.id} has no label of yours to clear.`);
          if (await s.clearLabel(ex.id)) setStatus(`Cleared your label of ${ex.id}.`);
          return;
        case 'annotate.undo': {
          const undone = await s.undoLabel();
          if (!undone) return setStatus('Nothing to undo.');
          setStatus(`Undid your ${undone.kind === 'set' ? `label ${formatScore(undone.value)}` : undone.kind} of ${undone.exampleId}.`);
          if (undone.exampleId !== current()?.id) go(examples.findIndex((e) => e.id === undone.exampleId));
          return;
        }
        case 'annotate.note':
          return setNote(mine?.note ?? '');
        case 'annotate.help':
          return setHelp((h) => !h);
        default:
          return;
      }
    },
    [ex, examples, store, save, text, inputRef, current, next, previous, go, myValue, mine, setStatus, setNote, setHelp],
  );

  const saveNote = useCallback(
    (id: string, value: string) =>
      void store
        .getState()
        .saveNote(id, value.trim())
        .then((saved) => {
          if (!saved) return;
          setNote(null);
          setStatus(value.trim() ? `Saved your note on ${id}.` : `Removed your note on ${id}.`);
          inputRef.current?.focus();
        }),
    [store, inputRef, setNote, setStatus],
  );

  return { save, run, saveNote };
}
