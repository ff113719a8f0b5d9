// The note on one example, written on the Annotate screen (docs/ARCHITECTURE.md §4.1): its keys are the keymap's
// `note` scope (ui/keymap.ts: Enter saves, Escape leaves without saving); Shift+Enter starts a new line.
import { actionFor, keyHint } from '../../ui/keymap.ts';

export interface NoteEditorProps {
  exampleId: string;
  value: string;
  onChange: (value: string) => void;
  /** `note.save` (Enter): save the note as typed. */
  onSave: (value: string) => void;
  /** `note.cancel` (Escape): leave without saving. */
  onCancel: () => void;
}

export function NoteEditor({ exampleId, value, onChange, onSave, onCancel }: NoteEditorProps) {
  return (
    <div className="rir-note-entry">
      <label htmlFor="rir-note-input">Note on {exampleId}</label>
      <textarea
        id="rir-note-input"
        autoFocus
        value={value}
        onChange={(e) => onChange(e.currentTarget.value)}
        onKeyDown={(e) => {
          // Shift+Enter is a new line of the note, not a save.
          const action = e.shiftKey && e.key === 'Enter' ? null : actionFor(e.nativeEvent, 'note');
          if (action === 'note.cancel') {
            e.preventDefault();
            onCancel();
          } else if (action === 'note.save') {
            e.preventDefault();
            onSave(e.currentTarget.value);
          }
        }}
      />
      <span className="rir-muted">
        {keyHint('note.save')} saves, Shift+Enter starts a new line, {keyHint('note.cancel')} cancels.
      </span>
    </div>
  );
}
