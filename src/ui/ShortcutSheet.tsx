// The sheet of keyboard shortcuts of one screen, generated from ui/keymap.ts (never a second
// hand-written table). A modal dialog: Escape or the button closes it.
import { useEffect, useRef } from 'react';
import { keyHint, keymap, type ActionId, type Scope } from './keymap.ts';

export interface ShortcutSheetProps {
  scope: Scope;
  /** Extra rows for keys that are not actions (typing a number), shown first. */
  extra?: readonly { keys: string; label: string }[];
  onClose: () => void;
}

export function ShortcutSheet({ scope, extra = [], onClose }: ShortcutSheetProps) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal?.();
  }, []);
  const rows = (Object.keys(keymap) as ActionId[]).filter((id) => keymap[id].scope === scope);
  return (
    <dialog
      ref={ref}
      className="rir-shortcuts"
      aria-label="Keyboard shortcuts"
      onCancel={(e) => {
        e.preventDefault();
        onClose();
      }}
      onKeyDown={(e) => {
        if (e.key === '?' || e.key === 'Escape') {
          // Handled here: the screen's own key handlers must not see it (? would open the sheet again).
          e.preventDefault();
          e.stopPropagation();
          onClose();
        }
      }}
    >
      <h2>Keyboard shortcuts</h2>
      <table>
        <tbody>
          {extra.map((r) => (
            <tr key={r.keys}>
              <th scope="row">
                <kbd>{r.keys}</kbd>
              </th>
              <td>{r.label}</td>
            </tr>
          ))}
          {rows.map((id) => (
            <tr key={id} data-action={id}>
              <th scope="row">
                {keyHint(id)
                  .split(', ')
                  .map((k, i) => (
                    <span key={k}>
                      {i > 0 && ' '}
                      <kbd>{k}</kbd>
                    </span>
                  ))}
              </th>
              <td>{keymap[id].label}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <button type="button" onClick={onClose} autoFocus>
        Close
      </button>
    </dialog>
  );
}
