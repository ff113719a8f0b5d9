// The only place where keyboard shortcuts are written (docs/ARCHITECTURE.md §11.2). Screens look their keys up
// here; the shortcut sheet (ui/ShortcutSheet.tsx) is generated from it. Ids are `screen.verb`
// and never change once shipped.

export type Scope = 'browse' | 'example' | 'annotate' | 'note';

export interface Binding {
  /** `KeyboardEvent.key` values; any of them triggers the action. */
  keys: readonly string[];
  label: string;
  scope: Scope;
}

export const keymap = {
  'browse.nextRow': { keys: ['ArrowDown'], label: 'Next row', scope: 'browse' },
  'browse.previousRow': { keys: ['ArrowUp'], label: 'Previous row', scope: 'browse' },
  'browse.openRow': { keys: ['Enter'], label: 'Open the example', scope: 'browse' },
  'example.next': { keys: ['j', 'ArrowRight'], label: 'Next example', scope: 'example' },
  'example.previous': { keys: ['k', 'ArrowLeft'], label: 'Previous example', scope: 'example' },
  'annotate.save': {
    keys: ['Enter'],
    label: 'Save the typed label and go to the next example (blind mode: save and reveal the rollouts; Enter again goes on)',
    scope: 'annotate',
  },
  'annotate.next': { keys: ['j', 'ArrowDown', 'ArrowRight'], label: 'Next example in the queue', scope: 'annotate' },
  'annotate.previous': { keys: ['k', 'ArrowUp', 'ArrowLeft'], label: 'Previous example in the queue', scope: 'annotate' },
  'annotate.skip': { keys: ['s'], label: 'Skip: next example without labelling this one', scope: 'annotate' },
  'annotate.undo': { keys: ['u'], label: 'Undo your last label, clear or note (and go back to its example)', scope: 'annotate' },
  'annotate.clear': { keys: ['c'], label: 'Clear your label of this example', scope: 'annotate' },
  'annotate.note': { keys: ['n'], label: 'Write a note on this example (Enter saves it, Escape cancels)', scope: 'annotate' },
  'annotate.help': { keys: ['?'], label: 'Show or hide this sheet of shortcuts', scope: 'annotate' },
  // In Annotate's note editor (a text area: Shift+Enter starts a new line there).
  'note.save': { keys: ['Enter'], label: 'Save the note', scope: 'note' },
  'note.cancel': { keys: ['Escape'], label: 'Leave the note without saving it', scope: 'note' },
} as const satisfies Record<string, Binding>;

export type ActionId = keyof typeof keymap;

/** The action of `scope` that `e` triggers, if any. Modified keys (Ctrl/Alt/Meta) never match. */
export function actionFor(e: Pick<KeyboardEvent, 'key' | 'altKey' | 'ctrlKey' | 'metaKey'>, scope: Scope): ActionId | null {
  if (e.altKey || e.ctrlKey || e.metaKey) return null;
  for (const [id, b] of Object.entries(keymap) as [ActionId, Binding][]) {
    if (b.scope === scope && b.keys.includes(e.key)) return id;
  }
  return null;
}

/** Keys of an action as a hint for titles and tooltips, e.g. "j, →". */
export function keyHint(id: ActionId): string {
  const names: Record<string, string> = { ArrowRight: '→', ArrowLeft: '←', ArrowUp: '↑', ArrowDown: '↓' };
  return keymap[id].keys.map((k) => names[k] ?? k).join(', ');
}

/** Inputs that take typed text or arrow keys (a checkbox or button does not). */
const TEXT_ENTRY =
  'input:not([type="checkbox"]):not([type="radio"]):not([type="button"]):not([type="submit"]):not([type="reset"]), textarea, select, [contenteditable="true"]';

/** True when typing into this element must not trigger shortcuts. */
export function isTextEntry(target: EventTarget | null): boolean {
  return typeof HTMLElement !== 'undefined' && target instanceof HTMLElement && !!target.closest(TEXT_ENTRY);
}
