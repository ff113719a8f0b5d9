// The Annotate screen's action buttons (docs/ARCHITECTURE.md §11.1): the keymap's actions for pointer users,
// each titled with its keys.
import { keyHint, type ActionId } from '../../ui/keymap.ts';

const BUTTONS: readonly (readonly [ActionId, string])[] = [
  ['annotate.previous', 'Previous'],
  ['annotate.skip', 'Skip'],
  ['annotate.next', 'Next'],
  ['annotate.undo', 'Undo'],
  ['annotate.clear', 'Clear'],
  ['annotate.note', 'Note'],
];

/** `atStart`: the shown example is the queue's first (or not in it), so Previous is disabled. */
export function AnnotateButtons({ run, atStart }: { run: (action: ActionId) => void | Promise<void>; atStart: boolean }) {
  return (
    <div className="rir-actions">
      {BUTTONS.map(([action, name]) => (
        <button
          key={action}
          type="button"
          onClick={() => void run(action)}
          title={keyHint(action)}
          disabled={action === 'annotate.previous' && atStart}
        >
          {name}
        </button>
      ))}
    </div>
  );
}
