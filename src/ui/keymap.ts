// The only place where keyboard shortcuts are written (STYLE §2.2). Screens look their keys up
// here; the shortcut sheet (to come with labelling) is generated from it. Ids are `screen.verb`
// and never change once shipped.

export type Scope = 'browse' | 'example';

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

/** True when typing into this element must not trigger shortcuts. */
export function isTextEntry(target: EventTarget | null): boolean {
  return (
    typeof HTMLElement !== 'undefined' &&
    target instanceof HTMLElement &&
    !!target.closest('input, textarea, select, [contenteditable="true"]')
  );
}
